"""Every state the fixtures give, validated against the typed kinds contract (issue 11 item 4).

The Terraform scenarios (HCL and plan JSON) and the recorded live answers are turned into
state exactly as the scans do; every attribute any source sets must be in its kind's contract
and have the declared type (or be unknown).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanner.pipeline import load_iac_state
from scanner.state import KIND_ATTRIBUTES, Kind, Resource, Unknown
from scanner.state.kinds import Attr

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (ROOT / "fixtures" / "terraform").iterdir() if p.is_dir())
PLANS = sorted((ROOT / "fixtures").rglob("plan.json"))
RECORDINGS = sorted((ROOT / "fixtures" / "live" / "recorded").glob("*.json"))


def violations(resources: list[Resource]) -> list[str]:
    out = []
    for res in resources:
        contract = KIND_ATTRIBUTES[res.kind]
        for name, value in res.attrs.items():
            declared = contract.get(name)
            if declared is None:
                out.append(f"{res.address}: {name} is not in the {res.kind.value} contract")
            elif not declared.accepts(value.raw):
                out.append(f"{res.address}: {name} = {value.raw!r} is not {declared.type}")
    return out


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_terraform_fixture_states_keep_the_contract(path: Path) -> None:
    state = load_iac_state([path], use_cache=False)
    assert state.resources or path.name == "not-covered"
    assert violations(state.resources) == []


@pytest.mark.parametrize("path", PLANS, ids=[str(p.parent.relative_to(ROOT)) for p in PLANS])
def test_plan_fixture_states_keep_the_contract(path: Path) -> None:
    state = load_iac_state([path], use_cache=False)
    assert state.resources
    assert violations(state.resources) == []


@pytest.mark.parametrize("path", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_recorded_live_states_keep_the_contract(path: Path) -> None:
    from tests.live.test_recorded import collect_recorded

    resources, _, _ = collect_recorded(path)
    assert violations(resources) == []


@pytest.mark.parametrize(
    ("declared", "raw", "ok"),
    [
        (Attr(bool, ""), True, True),
        (Attr(bool, ""), 1, False),
        (Attr(int | None, ""), None, True),
        (Attr(int | None, ""), 30, True),
        (Attr(int | None, ""), True, False),  # a bool is no number of days
        (Attr(int | None, ""), "30", False),
        (Attr(str | None, ""), Unknown("known after apply"), True),
        (Attr(list[dict], ""), [{"id": "a"}, Unknown("?")], True),
        (Attr(list[dict], ""), ["a"], False),
        (Attr(list[str], ""), ["eu-west-1"], True),
        (Attr(dict | None, ""), [], False),
    ],
)
def test_the_contract_checks_types_not_prose(declared: Attr, raw: Any, ok: bool) -> None:
    assert declared.accepts(raw) is ok


def test_drift_reads_the_type_names_from_the_contract() -> None:
    from scanner.drift.values import declared_types

    assert declared_types(Kind.BACKUP, "retention_days") == {"int", "None"}
    assert declared_types(Kind.KEY, "replica_regions") == {"list"}
