"""Acceptance: ``privacy-scan live`` against moto gives exactly the expected verdicts per (check, ARN).

The scenario is built through the AWS API once per session and scanned once, in-process
as the ``live`` command object (``conftest.scenario_scan``, shared with the read-only test);
the saved state is evaluated offline and must give the same findings. Scans as a new
process are the organisation tests' (tests/org/test_org_scan.py).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, ScenarioScan, run_cli
from .verdicts import actual, diff, expected

PROMISES = str(FIXTURES / "promises.yaml")


@pytest.fixture
def scanned(scenario_scan: ScenarioScan):
    """The session's one scan of the scenario (tests/live/conftest.py), as this module reads it."""
    s = scenario_scan
    return s.names, s.code, s.out, s.err, s.state_file


def test_verdicts_are_exact(scanned) -> None:
    names, code, out, err, _ = scanned
    assert code == 1, err  # the scenario has violating resources
    report = json.loads(out)
    known_gaps = yaml.safe_load((FIXTURES / "moto-gaps.yaml").read_text())
    unexplained = [e["message"] for e in report["errors"] if not any(g in e["message"] for g in known_gaps)]
    assert unexplained == []
    assert {g for g in known_gaps if any(g in e["message"] for e in report["errors"])} == set(known_gaps)
    want = expected(names)
    checks = {c for c, _, _ in want}
    got = actual(report["findings"], checks)
    assert want == got, diff(want, got, names)


def test_findings_name_arn_region_and_account(scanned) -> None:
    _, _, out, _, _ = scanned
    findings = json.loads(out)["findings"]
    assert findings
    for f in findings:
        assert f["resource"].startswith("arn:aws:"), f
        assert f["account"] == "123456789012", f
        if f["resource"].endswith("*"):  # a failed listing: its region is unknown on purpose
            assert f["region"] is None and f["status"] == "unknown", f
        else:
            assert f["region"] in ("eu-west-1", "us-east-1", "eu-central-1"), f
        assert f["file"] is None


def test_saved_state_round_trips_to_the_same_findings(scanned) -> None:
    _, _, out, _, state_file = scanned
    saved = json.loads(Path(state_file).read_text())
    assert saved["origin"] == "live"
    text = json.dumps(saved)
    assert "testing" not in text  # no credentials of any kind in a snapshot
    assert "secret-pass-1" not in text.lower()  # nor the scenario's database master passwords
    code, offline, err = run_cli("--from-state", str(state_file), "--promises", PROMISES, "--format", "json")
    assert code == 1, err
    assert json.loads(offline)["findings"] == json.loads(out)["findings"]


def test_every_check_that_reads_live_resources_is_asserted(scanned) -> None:
    """A check of the catalogue that gives verdicts on the scenario must be in an expected file."""
    names, _, out, _, _ = scanned
    asserted = {c for c, _, _ in expected(names)}
    given = {f["check_id"] for f in json.loads(out)["findings"]}
    assert given - asserted == set(), "add expected verdicts to fixtures/live/expected-*.yaml"


STATEMENT = "fixtures/statements/inforbusiness.nl.txt"


@pytest.mark.skipif(not (FIXTURES.parents[1] / STATEMENT).exists(), reason="statement fixture not present")
def test_a_real_statement_gives_the_same_verdicts_for_the_same_promises(scanned) -> None:
    """inforbusiness.nl promises TLS 1.2, access restriction, EEA only and activity logging, as promises.yaml does.

    Extraction is another engineer's; here it only has to feed the live scan: for the
    controls both promise sets share with the same parameters, the verdicts are the same
    (on the scan's saved state: collection is the same whatever the promises).
    """
    pytest.importorskip("scanner.extract")
    from scanner.engine.catalogue import load_catalogue

    names, _, _, _, state_file = scanned
    # The promises are what differs: the same collected state, evaluated with the statement's.
    code, out, err = run_cli("--from-state", str(state_file), "--statement", STATEMENT, "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["promise_origin"] == "statement"
    shared = {"transport-encryption", "access-restriction", "data-residency", "activity-logging"}
    extracted = {p["control"]: p["params"] for p in report["promises"]}
    assert shared <= set(extracted), extracted
    control = {c.id: c.control for c in load_catalogue()}
    want = Counter(row for row in expected(names).elements() if control.get(row[0]) in shared)
    # The statement restricts who may see the data (need-to-know for staff), not the network:
    # its access promise does not ask for network restriction, so the security-group check, which
    # only such a promise asks for, does not run for it.
    assert extracted["access-restriction"].get("network_restricted") is False, extracted
    want = Counter({row: n for row, n in want.items() if row[0] != "aws-sg-no-world-ingress"})
    checks = {c for c, _, _ in want}
    got = actual(report["findings"], checks)
    assert want == got, diff(want, got, names)


def test_listeners_carry_the_identity_terraform_code_gives_them(scanned) -> None:
    # "<load balancer name>:<port>", as the Terraform adapter names a listener, so drift matches them.
    *_, state_file = scanned
    state = json.loads(Path(state_file).read_text())
    listeners = [r for r in state["resources"] if r["resource_type"] == "aws_lb_listener"]
    assert listeners
    for r in listeners:
        name, port = r["identity"]["value"].rsplit(":", 1)
        assert f"listener/app/{name}/" in r["address"] or f"listener/net/{name}/" in r["address"], r[
            "address"
        ]
        assert port.isdigit()
