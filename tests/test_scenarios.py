"""Every Terraform scenario project gives exactly the verdicts its expected-*.yaml files list.

A scenario is a folder of fixtures/terraform/ with a promises.yaml and one or more
expected-<service>.yaml files (lists of {check, resource, status}). The scan must
produce exactly the union: a missing verdict and an extra verdict both fail.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from scanner.engine.catalogue import load_catalogue
from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(p.parent for p in (ROOT / "fixtures" / "terraform").glob("*/promises.yaml"))


def expected_verdicts(folder: Path) -> Counter:
    out: Counter = Counter()
    for path in sorted(folder.glob("expected*.yaml")):
        for row in yaml.safe_load(path.read_text()) or []:
            out[(row["check"], row["resource"], row["status"])] += 1
    return out


def actual_verdicts(folder: Path) -> Counter:
    report = scan_iac([folder], load_promises_file(folder / "promises.yaml"), use_cache=False)
    assert not report.errors, report.errors
    return Counter((f.check_id, f.resource, f.status.value) for f in report.findings)


@pytest.mark.parametrize("folder", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario_verdicts_are_exact(folder: Path) -> None:
    expected = expected_verdicts(folder)
    assert expected, f"{folder.name}: a scenario needs expected-*.yaml files listing its verdicts"
    actual = actual_verdicts(folder)
    missing = expected - actual
    extra = actual - expected
    assert not missing and not extra, f"missing: {sorted(missing)}\nextra: {sorted(extra)}"


def test_every_check_has_a_passing_and_a_failing_fixture() -> None:
    seen: dict[str, set[str]] = {}
    for folder in SCENARIOS:
        for check, _resource, status in expected_verdicts(folder):
            seen.setdefault(check, set()).add(status)
    lacking = {
        c.id: sorted(seen.get(c.id, set()))
        for c in load_catalogue()
        if not {"pass", "fail"} <= seen.get(c.id, set())
    }
    assert not lacking, f"checks without both a pass and a fail fixture: {lacking}"
