"""Which accounts of the organisation are scanned: ACTIVE ones, filtered by id or name pattern."""

from __future__ import annotations

import pytest

from scanner.sources.live.errors import UsageError
from scanner.sources.live.organization import OrgAccount, check_role_name, role_arn, select

ORG = [
    OrgAccount("111111111111", "prod-web", "ACTIVE"),
    OrgAccount("222222222222", "prod-data", "ACTIVE"),
    OrgAccount("333333333333", "sandbox", "ACTIVE"),
    OrgAccount("444444444444", "prod-old", "SUSPENDED"),
    OrgAccount("555555555555", "closing", "PENDING_CLOSURE"),
]


def _ids(include: list[str], exclude: list[str]) -> tuple[list[str], list[str]]:
    chosen, warnings = select(ORG, include, exclude)
    return [a.id for a in chosen], warnings


def test_suspended_and_closing_accounts_are_left_out_with_a_warning() -> None:
    ids, warnings = _ids([], [])
    assert ids == ["111111111111", "222222222222", "333333333333"]
    assert warnings == ["2 suspended or closing account(s) not scanned (444444444444, 555555555555)"]


def test_include_and_exclude_by_id_and_name_pattern() -> None:
    assert _ids(["prod-*"], [])[0] == ["111111111111", "222222222222"]  # prod-old is suspended
    assert _ids(["prod-*"], ["222222222222"])[0] == ["111111111111"]
    assert _ids([], ["sandbox"])[0] == ["111111111111", "222222222222"]
    assert _ids(["333333333333"], [])[0] == ["333333333333"]
    _, warnings = _ids(["staging-*"], [])
    assert "account filter 'staging-*' matches no account of the organisation" in warnings


@pytest.mark.parametrize("name", ["privacy-scan", "audit/privacy-scan", "a.b@c=d,e+f"])
def test_role_names_with_paths(name) -> None:
    assert check_role_name(name) == name
    assert role_arn("aws", "111111111111", name) == f"arn:aws:iam::111111111111:role/{name}"


@pytest.mark.parametrize("name", ["", "arn:aws:iam::111111111111:role/x", "/leading", "a b", "x" * 65])
def test_what_is_no_role_name_is_a_usage_error(name) -> None:
    with pytest.raises(UsageError, match="expected an IAM role name"):
        check_role_name(name)
