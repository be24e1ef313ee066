"""The HTML report (issue 15): rendered for the shipped example, a drift and hostile input, parsed as HTML."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from scanner.commands.options import prepare
from scanner.findings import Status
from scanner.formats import renderer
from scanner.formats.html import render_drift
from scanner.formats.report_model import GDPR_ARTICLES, decider
from scanner.pipeline import resolve_promises, scan_iac
from tests.formats.htmlcheck import assert_inert, folded, parse

REPO = Path(__file__).resolve().parents[2]
WEBSHOP = Path("fixtures/terraform/webshop")
SYMBIS = Path("fixtures/statements/symbis.nl.txt")


@pytest.fixture(autouse=True)
def _repo(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def webshop_report(statement: Path = SYMBIS):
    return scan_iac([WEBSHOP], resolve_promises(statement, None))


def test_shipped_example_shows_every_broken_promise_failing_resource_and_transfer() -> None:
    report = webshop_report()
    page = parse(renderer("html")(report))
    assert_inert(page)
    failing = [f for f in report.active() if f.status == Status.FAIL]
    broken = {f.promise_id for f in failing}
    promises = {p.id: p for p in report.promise_set.promises}
    assert len(broken) == 5 and len(failing) == 21  # the example breaks these on purpose
    statement_view = page.section("promises")
    for pid in broken:
        assert folded(promises[pid].quote) in statement_view, pid
    for f in failing:
        assert f.resource in statement_view and f"{f.file}:{f.line}" in statement_view, f.resource
    # broken promises come first
    order = ["broken", "undecided", "kept", "nothing-in-scope"]
    shown = [attrs["class"].split()[1] for tag, attrs in page.elements if tag == "article"]
    assert len(shown) == len(promises) and shown == sorted(shown, key=order.index)
    # the header: what, when, which tool, which statement, and the verdict in one line
    sha = report.promise_set.statement["sha256"]
    assert (
        "fixtures/terraform/webshop" in page.text and sha in page.text and "privacy-scan 0.1.0" in page.text
    )
    assert "0 kept, 5 broken, 0 undecided" in page.text
    # transfers: every region holding or receiving data, and the statement's documented transfer
    transfers = page.section("transfers")
    regions = {f.region for f in report.active() if f.region} | {"us-east-1"}
    for region in regions:
        assert region in transfers
    assert "us-east-1 the United States third country Google (dpa)" in transfers
    assert "eu-west-1 Ireland inside the EEA" in transfers
    # retention: each store with the promised maximum and what is configured
    retention = page.section("retention")
    assert "aws_db_instance.shop" in retention and "30 days (data)" in retention
    assert "backup_retention_days = 35; the promise allows at most 30 days" in retention
    # GDPR references per control
    assert "Art. 5(1)(e) storage limitation" in statement_view and "Art. 44–46" in statement_view


def test_implied_promise_is_marked_with_what_it_was_inferred_from(tmp_path: Path) -> None:
    statement = tmp_path / "s.txt"
    statement.write_text(
        "Privacy statement.\n\nWe keep your data no longer than 30 days.\n", encoding="utf-8"
    )
    report = scan_iac([WEBSHOP], resolve_promises(statement, None))
    page = parse(renderer("html")(report))
    view = page.section("promises")
    assert "IMPLIED" in view.upper() and "data-residency-implied" in view
    assert (
        "Implied: not written in the statement; inferred because implied: the statement discloses no transfer"
        in view
    )


def test_header_names_the_promises_file() -> None:
    from tests.drift.conftest import PROMISES

    report = scan_iac([WEBSHOP], resolve_promises(None, PROMISES.relative_to(REPO)))
    page = parse(renderer("html")(report))
    assert "Promises file fixtures/drift/promises.yaml" in page.text
    assert "Promises from a reviewed promises file" in page.text


def test_a_statement_with_script_and_img_onerror_shows_as_text(tmp_path: Path) -> None:
    hostile = "We keep your data no longer than 30 days <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))."
    statement = tmp_path / "s.txt"
    statement.write_text(f"Privacy statement.\n\n{hostile}\n", encoding="utf-8")
    html = renderer("html")(webshop_report(statement))
    page = parse(html)
    assert_inert(page)
    assert hostile in page.text  # as the statement's words, not as markup
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_values_everywhere_stay_text() -> None:
    from tests.hostile.test_formats_hostile import HOSTILE, hostile_report

    html = renderer("html")(hostile_report())
    page = parse(html)
    assert_inert(page)
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", html) is None
    assert "\\x1b]0;owned\\x07" in page.text and "[click](javascript:alert(1))" in page.text
    # the suppressed finding's hostile reason is in the exceptions register, as text
    assert "aws_s3_bucket.sup" in page.section("exceptions")
    assert len(HOSTILE) > 0


def test_exceptions_register_and_change_since_baseline(tmp_path: Path) -> None:
    suppressions = tmp_path / "suppressions.yaml"
    suppressions.write_text(
        "version: 1\nsuppressions:\n"
        "  - check: aws-s3-tls-enforced\n    resource: aws_s3_bucket.logs\n"
        "    reason: log bucket, reached by AWS only\n    expires: 2999-12-31\n"
        "  - check: aws-s3-tls-enforced\n    resource: aws_s3_bucket.assets\n"
        "    reason: old exception\n    expires: 2020-01-01\n",
        encoding="utf-8",
    )
    baseline = tmp_path / "baseline.json"
    first = webshop_report()
    first.findings = [f for f in first.findings if f.resource != "aws_lb_listener.admin"]
    prepare(first, {"create_baseline": baseline})
    report = webshop_report()
    prepare(report, {"suppressions": suppressions, "baseline": baseline})
    page = parse(renderer("html")(report))
    register = page.section("exceptions")
    at = f"{suppressions}:"
    assert (
        f"aws_s3_bucket.logs {at}3 aws-s3-tls-enforced file log bucket, reached by AWS only — 2999-12-31"
        in register
    )
    assert f"aws_s3_bucket.assets {at}7 aws-s3-tls-enforced suppression — — 2020-01-01 expired" in register
    # baseline entries are exceptions too, without expiry
    assert "aws_db_instance.shop" in register and "accepted in baseline" in register
    changes = page.section("changes")
    assert "1 new" in changes and "aws_lb_listener.admin aws-lb-listener-transport broken" in changes


def test_undecided_items_say_what_would_decide_them() -> None:
    assert decider("x: cannot tell: s3:GetBucketPolicy denied (AccessDenied): grant s3:GetBucketPolicy") == (
        "grant the scanning role s3:GetBucketPolicy"
    )
    assert decider("variable kms_key has no value; pass it with --var or --var-file").startswith(
        "give variable kms_key a value"
    )
    assert decider("aws_kms_key.k.arn is known only after apply") == (
        "scan the plan (terraform show -json) or the live account"
    )
    assert set(GDPR_ARTICLES) == {
        "transport-encryption",
        "encryption-at-rest",
        "access-restriction",
        "data-residency",
        "retention-limit",
        "activity-logging",
        "logging-minimisation",
    }


def test_undecided_section_from_a_variable_without_value(tmp_path: Path) -> None:
    mod = tmp_path / "infra"
    mod.mkdir()
    (mod / "main.tf").write_text(
        'provider "aws" { region = "eu-west-1" }\nvariable "days" {}\n'
        'resource "aws_cloudwatch_log_group" "app" {\n  name = "app"\n  retention_in_days = var.days\n}\n',
        encoding="utf-8",
    )
    report = scan_iac([mod], resolve_promises(SYMBIS, None), use_cache=False)
    undecided = parse(renderer("html")(report)).section("undecided")
    assert "aws_cloudwatch_log_group.app" in undecided
    assert "give variable days a value (--var days=… or --var-file)" in undecided


def test_cli_writes_html_with_also(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "iac", str(WEBSHOP), "--statement", str(SYMBIS), "-f", "json",
         "--also", f"html={out}"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["fail"] == 21
    page = parse(out.read_text(encoding="utf-8"))
    assert "0 kept, 5 broken, 0 undecided" in page.text


# ------------------------------------------------------------------------------------------ drift


def test_drift_code_vs_cloud_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.drift.run import code_vs_cloud
    from scanner.promises import load_promises_file
    from scanner.state import Value
    from tests.drift.conftest import APP, PROMISES, as_cloud, code_state

    code = code_state(APP)

    def edit(res):
        if res.resource_type == "aws_cloudwatch_log_group":
            res.attrs["retention_days"] = Value(0, res.source)
        return res

    report = code_vs_cloud(code, as_cloud(code, edit), load_promises_file(PROMISES), [])
    changed = [i for i in report.items if i.changes]
    assert changed, "the edit makes drift"
    page = parse(render_drift(report))
    assert_inert(page)
    drift = page.section("drift")
    for item in changed:
        assert item.identity in drift
        for c in item.changes:
            assert c.attribute in drift
    assert ("Drift touches a promise." in page.text) == report.touches_promise()


def test_drift_scan_vs_scan_report(tmp_path: Path) -> None:
    from scanner.drift.findings_diff import load_saved
    from scanner.drift.run import scan_vs_scan

    full = json.loads(renderer("json")(webshop_report()))
    old = dict(full, findings=[f for f in full["findings"] if f["resource"] != "aws_lb_listener.admin"])
    gone = dict(full["findings"][0], resource="aws_s3_bucket.gone", fingerprint="f" * 32, status="fail")
    old["findings"].append(gone)
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(full), encoding="utf-8")
    report = scan_vs_scan(load_saved(tmp_path / "old.json"), load_saved(tmp_path / "new.json"), None, [])
    page = parse(render_drift(report))
    assert_inert(page)
    assert "aws_lb_listener.admin" in page.section("findings-new")
    assert "aws_s3_bucket.gone" in page.section("findings-resolved")
    assert "Drift touches a promise." in page.text


def test_a_300_resource_report_stays_under_2_mb() -> None:
    """Size grows with findings: 300 resources x 7 checks, a third failing with long reasons and evidence."""
    from dataclasses import replace

    from scanner.state import Source

    report = webshop_report()
    template = [f for f in report.findings if f.status == Status.FAIL][:7]
    findings = []
    for i in range(300):
        for k, f in enumerate(template):
            status = Status.FAIL if (i + k) % 3 == 0 else Status.PASS
            findings.append(
                replace(
                    f,
                    resource=f"module.svc{i:03}.{f.resource}",
                    status=status,
                    message=f.message + " " + "x" * 80,
                    evidence=[Source(file=f"modules/m{i:03}/main_{k}.tf", line=k + 1)] * 2,
                    saved_fingerprint=f"{i:03}{k}".ljust(32, "0"),
                )
            )
    report.findings = findings
    html = renderer("html")(report)
    size = len(html.encode("utf-8"))
    assert size < 2_000_000, size
    assert parse(html).text.count("module.svc299.") >= 7
