"""What the code knows only after apply, read back from ``terraform.tfstate``.

``Resource = aws_s3_bucket.archive.arn`` in a bucket policy is unknown to a static scan,
so without help drift can only say "cannot compare" — and a deleted deny-non-TLS policy
goes unnamed. The state file recorded that ARN when Terraform applied the code. Every
:class:`~scanner.state.value.Unknown` that names the reference it stands for
(``Unknown.what``, with ``Unknown.shape`` for text around it) is replaced by the recorded
value; the cause is read from those fields, never from the reason's prose.

Inside policy documents and rule lists the adapters copy values as written, so every
unknown there is filled in. At the top of an attribute they also hand an argument's unknown
to attributes *derived* from it (``encrypted`` because a key is named, ``min_tls_version``
from a TLS policy's name), and the argument's value is not the derived one: only
:data:`VERBATIM` attributes are filled in there, and only with a value of their declared type.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scanner.drift.tfstate import MISSING, TfStateEntry, resolve
from scanner.state import KIND_ATTRIBUTES, Resource, Unknown, Value

_PLACEHOLDER = "${}"

# Attributes whose value every adapter copies from one Terraform argument as written.
VERBATIM: frozenset[str] = frozenset({"kms_key_id"})


def _recorded(unknown: Unknown, entries: dict[str, TfStateEntry]) -> Any:
    """The recorded value an unknown stands for, or MISSING."""
    if not unknown.what:
        return MISSING
    value = resolve(entries, unknown.what, unknown.ref)
    if value is MISSING or unknown.shape is None:
        return value
    if (
        isinstance(value, (str, int, float))
        and not isinstance(value, bool)
        and unknown.shape.count(_PLACEHOLDER) == 1
    ):
        return unknown.shape.replace(_PLACEHOLDER, str(value))
    return MISSING


def _fill(raw: Any, entries: dict[str, TfStateEntry]) -> Any:
    """``raw`` with every resolvable unknown inside it replaced (containers copied, never changed)."""
    if isinstance(raw, Unknown):
        value = _recorded(raw, entries)
        return raw if value is MISSING else value
    if isinstance(raw, dict):
        return {k: _fill(v, entries) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_fill(v, entries) for v in raw]
    return raw


def _fits(res: Resource, name: str, raw: Any) -> bool:
    """Whether ``raw`` is a value of the attribute's contract type (an undeclared attribute takes anything)."""
    attr = KIND_ATTRIBUTES.get(res.kind, {}).get(name)
    return attr is None or attr.accepts(raw)


def with_recorded_values(res: Resource, entries: dict[str, TfStateEntry]) -> Resource:
    """A copy of a code resource whose after-apply unknowns hold the values the state file recorded."""
    attrs: dict[str, Value] = {}
    changed = False
    for name, value in res.attrs.items():
        filled = _fill(value.raw, entries)
        top_replaced = isinstance(value.raw, Unknown) and not isinstance(filled, Unknown)
        if top_replaced and (name not in VERBATIM or not _fits(res, name, filled)):
            filled = value.raw
        if filled is not value.raw and filled != value.raw:
            attrs[name] = replace(value, raw=filled)
            changed = True
        else:
            attrs[name] = value
    return replace(res, attrs=attrs) if changed else res
