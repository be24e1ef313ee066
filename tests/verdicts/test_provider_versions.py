"""Class E of the second corpus review: defaults that differ between AWS provider majors follow the constraint.

fixtures/terraform/provider-major asserts the verdicts (a root pinned to 6, one to 5, one that
allows both, and a root whose module pins 6); these pin the constraint reading underneath.
"""

from __future__ import annotations

import pytest

from scanner.knowledge.provider_versions import allowed_range, aws_major_at_least, describe


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        ([">= 6.27"], True),
        (["~> 6.0"], True),
        (["6.3.1"], True),
        ([">= 6.1, < 7.0"], True),
        (["~> 5.80"], False),
        (["~> 5.80.1"], False),
        (["< 6.0.0"], False),
        (["<= 5.99"], False),
        (["~> 5"], False),
        ([">= 5.40"], None),
        (["~> 6.0", "~> 5.0"], True),  # unsatisfiable together; the lower bound decides first
        ([">= 4.0", "< 6.2"], None),
        ([">= 5.0", ">= 6.0"], True),  # every module's constraint holds at once
        ([], None),
        (["latest"], None),
        ([">= 6.0.0-beta1"], True),
        ([">= 5.0, != 5.3.0"], None),
    ],
)
def test_whether_every_allowed_version_is_provider_6(constraints: list[str], expected: bool | None) -> None:
    assert aws_major_at_least(constraints, 6) is expected


def test_pessimistic_constraints_bound_the_last_number_given_but_one() -> None:
    assert allowed_range(["~> 5.1"]) == ((5, 1, 0), (6, 0, 0))
    assert allowed_range(["~> 5.1.2"]) == ((5, 1, 2), (5, 2, 0))


def test_the_reason_names_the_constraint() -> None:
    assert describe([">= 5.40"]) == 'AWS provider version ">= 5.40"'
    assert describe([]) == "no version constraint for the AWS provider"
