"""Which major versions of the AWS provider a configuration's version constraints allow.

Some defaults differ between majors of the AWS provider: what a resource gets when an argument
is not written is then decided by the provider version, which the code names only through
``terraform { required_providers { aws = { version = "..." } } }``. Terraform installs a version
that satisfies every module's constraint at once, so the constraints of all modules of a
configuration are read together.

Defaults that depend on the major version (from the provider's version 6 upgrade guide), and
the adapters that use :func:`aws_major_at_least`:

- ``aws_redshift_cluster.encrypted``: ``true`` from version 6, ``false`` before;
- ``aws_redshift_cluster.publicly_accessible``: ``false`` from version 6, ``true`` before.

Constraint syntax (Terraform's): comma-separated ``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=`` and
``~>`` (pessimistic: ``~> 5.1`` is ``>= 5.1, < 6.0``; ``~> 5.1.2`` is ``>= 5.1.2, < 5.2.0``) with
versions of up to three numbers and an optional pre-release suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Version = tuple[int, int, int]

_CLAUSE = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?\s*$")
_HUGE = 1 << 30


def allowed_range(constraints: Iterable[str]) -> tuple[Version, Version] | None:
    """The lowest version allowed and the version every allowed one stays below, or None.

    None when a clause cannot be read (the answer must then stay open). An unbounded range
    reaches ``(_HUGE, 0, 0)``; ``!=`` excludes single versions and narrows nothing that matters.
    """
    low: Version = (0, 0, 0)
    high: Version = (_HUGE, 0, 0)  # exclusive
    for constraint in constraints:
        for clause in constraint.split(","):
            if not clause.strip():
                continue
            m = _CLAUSE.match(clause)
            if m is None:
                return None
            op = m.group(1) or "="
            numbers = [int(n) for n in m.group(2, 3, 4) if n is not None]
            version: Version = tuple((numbers + [0, 0])[:3])  # type: ignore[assignment]
            if op in (">=", ">"):
                low = max(low, version)
            elif op == "<":
                high = min(high, version)
            elif op == "<=":
                high = min(high, _next(version, 3))
            elif op == "=":
                low, high = max(low, version), min(high, _next(version, 3))
            elif op == "~>":
                low = max(low, version)
                high = min(high, _next(version, max(len(numbers) - 1, 1)))
    return low, high


def _next(version: Version, position: int) -> Version:
    """The first version after every one that shares ``version``'s first ``position`` numbers."""
    if position >= 3:
        return (version[0], version[1], version[2] + 1)
    if position == 2:
        return (version[0], version[1] + 1, 0)
    return (version[0] + 1, 0, 0)


def aws_major_at_least(constraints: list[str], major: int) -> bool | None:
    """True when every version the constraints allow is ``major`` or later, False when none is.

    None when the constraints allow versions on both sides, when there are none (any version
    could be installed) or when one cannot be read.
    """
    if not constraints:
        return None
    span = allowed_range(constraints)
    if span is None:
        return None
    low, high = span
    if low >= (major, 0, 0):
        return True
    if high <= (major, 0, 0):
        return False
    return None


def describe(constraints: list[str]) -> str:
    """The constraints as a reader would write them (for reasons)."""
    if not constraints:
        return "no version constraint for the AWS provider"
    return "AWS provider version " + ", ".join(f'"{c}"' for c in constraints)
