"""A plan made by the real terraform CLI gives the same verdicts as the HCL it was planned from."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.extract import extract_statement
from scanner.formats import FORMATS, renderer
from scanner.pipeline import scan_iac
from scanner.promises import default_promise_set

ROOT = Path(__file__).resolve().parents[1]
WEBSHOP = ROOT / "fixtures" / "terraform" / "webshop"
PLAN_MODULES = ROOT / "fixtures" / "plan" / "modules"


def verdicts(report) -> set[tuple]:
    return {(f.check_id, f.resource, f.status.value, f.file, f.line, f.region) for f in report.findings}


@pytest.mark.parametrize(
    ("hcl_dir", "plan"),
    [(WEBSHOP, WEBSHOP / "plan.json"), (PLAN_MODULES, PLAN_MODULES / "plan.json")],
    ids=["webshop", "modules"],
)
def test_plan_and_hcl_agree(hcl_dir: Path, plan: Path) -> None:
    promises = extract_statement(ROOT / "fixtures" / "statements" / "symbis.nl.txt")
    from_hcl = scan_iac([hcl_dir], promises, use_cache=False)
    from_plan = scan_iac([plan], promises, use_cache=False)
    assert not from_hcl.errors and not from_plan.errors
    assert verdicts(from_plan) == verdicts(from_hcl)
    assert any(f.status.value == "fail" for f in from_plan.findings)


def test_a_sensitive_value_in_the_plan_is_never_printed() -> None:
    # The webshop plan was made with -var db_password=fixture-not-a-secret; the plan file holds it.
    assert "fixture-not-a-secret" in (WEBSHOP / "plan.json").read_text()
    report = scan_iac([WEBSHOP / "plan.json"], default_promise_set(), use_cache=False)
    for fmt in FORMATS:
        assert "fixture-not-a-secret" not in renderer(fmt)(report), fmt
