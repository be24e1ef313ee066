"""The CI formats render exactly what the design promises: SARIF (schema-valid), JUnit, Markdown, GitHub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema

from scanner.baseline import apply_baseline, write_baseline
from scanner.findings import Status
from scanner.formats import renderer
from scanner.formats.github import escape_data, escape_property
from scanner.formats.markdown import MAX_ROWS
from tests.ci.conftest import finding, promise_set, sample_report


def sarif(report) -> dict:
    return json.loads(renderer("sarif")(report))


def test_sarif_validates_against_the_official_schema(report, sarif_schema) -> None:
    jsonschema.Draft4Validator(sarif_schema).validate(sarif(report))


def test_sarif_with_baseline_validates_and_marks_states(report, sarif_schema, tmp_path) -> None:
    base = sample_report()
    base.findings = [f for f in base.findings if f.resource != "aws_cloudwatch_log_group.app"]
    base.findings.append(finding(resource="aws_s3_bucket.gone", line=90))
    path = tmp_path / "baseline.json"
    write_baseline(base, path)
    from scanner.baseline import load_baseline

    apply_baseline(report, load_baseline(path), "baseline.json")
    log = sarif(report)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    states = {r["properties"]["resource"]: r["baselineState"] for r in log["runs"][0]["results"]}
    assert states == {
        "aws_s3_bucket.logs": "unchanged",
        "aws_cloudwatch_log_group.app": "new",
        'aws_s3_bucket.data["a"]': "unchanged",
        "aws_s3_bucket.legacy": "new",  # suppressed inline, not counted by the baseline
    }
    resolved = log["runs"][0]["properties"]["baseline"]["resolved"]
    assert [(e["check_id"], e["resource"]) for e in resolved] == [
        ("s3-bucket-encrypted", "aws_s3_bucket.gone")
    ]


def test_sarif_results_locations_levels_fingerprints(report) -> None:
    run = sarif(report)["runs"][0]
    assert sarif(report)["version"] == "2.1.0"
    results = {r["properties"]["resource"]: r for r in run["results"]}
    # passes are left out; fail, unknown and the suppressed failure are in
    assert set(results) == {
        "aws_s3_bucket.logs",
        "aws_cloudwatch_log_group.app",
        'aws_s3_bucket.data["a"]',
        "aws_s3_bucket.legacy",
    }
    logs = results["aws_s3_bucket.logs"]
    assert logs["ruleId"] == "s3-bucket-encrypted"
    assert run["tool"]["driver"]["rules"][logs["ruleIndex"]]["id"] == "s3-bucket-encrypted"
    assert (logs["kind"], logs["level"]) == ("fail", "error")
    assert logs["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "infra/main.tf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3},
    }
    assert logs["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "aws_s3_bucket.logs"
    assert logs["partialFingerprints"] == {"privacyScanFingerprint/v1": report.findings[0].fingerprint}
    assert logs["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 20}
    assert 'the statement promises: "Wij slaan uw gegevens versleuteld op."' in logs["message"]["text"]
    assert "suppressions" not in logs
    assert results["aws_cloudwatch_log_group.app"]["level"] == "warning"
    undecided = results['aws_s3_bucket.data["a"]']
    assert (undecided["kind"], undecided["level"]) == ("review", "none")
    legacy = results["aws_s3_bucket.legacy"]
    assert (legacy["kind"], legacy["level"]) == ("fail", "note")
    assert legacy["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "legacy, migrating",
            "properties": {"kind": "inline", "expires": "2999-01-01", "source": "infra/main.tf:49"},
        }
    ]


def test_sarif_rules_carry_help_with_the_statement_quote(report) -> None:
    rules = {r["id"]: r for r in sarif(report)["runs"][0]["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["logs-retention-bounded", "s3-bucket-encrypted"]
    enc = rules["s3-bucket-encrypted"]
    assert '"Wij slaan uw gegevens versleuteld op." (statement.txt:12)' in enc["help"]["text"]
    assert "> " in enc["help"]["markdown"]
    assert enc["defaultConfiguration"] == {"level": "error"}
    assert enc["properties"]["security-severity"] == "8.0"
    assert "implied" in rules["logs-retention-bounded"]["help"]["text"]


def test_sarif_scan_errors_are_tool_notifications(report) -> None:
    inv = sarif(report)["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    err = inv["toolExecutionNotifications"][0]
    assert err["level"] == "error"
    assert err["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/broken.tf"


def test_sarif_uri_is_relative_with_forward_slashes() -> None:
    from scanner.formats.sarif import artifact_uri

    assert artifact_uri("./infra\\mod\\main.tf") == {"uri": "infra/mod/main.tf", "uriBaseId": "%SRCROOT%"}
    assert artifact_uri("/abs/main.tf") == {"uri": "file:///abs/main.tf"}
    assert artifact_uri("envs/prod #2/main.tf") == {
        "uri": "envs/prod%20%232/main.tf",
        "uriBaseId": "%SRCROOT%",
    }
    assert artifact_uri("/abs/my dir/main.tf") == {"uri": "file:///abs/my%20dir/main.tf"}


def test_sarif_for_a_live_finding_has_a_logical_location_only(sarif_schema) -> None:
    from scanner.report import Report

    arn = "arn:aws:s3:::bucket-x"
    r = Report(promise_set(), [finding(resource=arn, file=None, line=None)])
    log = sarif(r)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    loc = log["runs"][0]["results"][0]["locations"][0]
    assert loc == {"logicalLocations": [{"name": arn, "fullyQualifiedName": arn, "kind": "resource"}]}


def test_junit_one_testcase_per_check_and_resource(report) -> None:
    report.findings.append(finding(promise_id="p-rest-2", status=Status.PASS))  # same check x resource
    root = ET.fromstring(renderer("junit")(report))
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "6",
        "failures": "2",
        "errors": "1",
        "skipped": "2",
    }
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert len(cases) == 6
    logs = cases[("privacy-scan.encryption-at-rest.s3-bucket-encrypted", "aws_s3_bucket.logs")]
    failure = logs.find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert 'promise p-rest: "Wij slaan uw gegevens versleuteld op."' in failure.text
    assert (logs.get("file"), logs.get("line")) == ("infra/main.tf", "3")
    undecided = cases[("privacy-scan.encryption-at-rest.s3-bucket-encrypted", 'aws_s3_bucket.data["a"]')]
    assert undecided.find("skipped").get("message").startswith("undecided: ")
    legacy = cases[("privacy-scan.encryption-at-rest.s3-bucket-encrypted", "aws_s3_bucket.legacy")]
    assert legacy.find("skipped").get("message") == "suppressed (inline): legacy, migrating"
    ok = cases[("privacy-scan.encryption-at-rest.s3-bucket-encrypted", "aws_s3_bucket.ok")]
    assert list(ok) == []
    err = cases[("privacy-scan.scan-errors", "infra/broken.tf:7")]
    assert err.find("error").get("message") == "syntax error: unexpected }"
    suites = {s.get("name"): s.get("tests") for s in root.iter("testsuite")}
    assert suites == {
        "privacy-scan.encryption-at-rest": "4",
        "privacy-scan.retention-limit": "1",
        "privacy-scan.scan-errors": "1",
    }


def test_markdown_summary(report) -> None:
    md = renderer("markdown")(report)
    lines = md.splitlines()
    assert lines[0] == "## privacy-scan: 2 failing, 1 undecided"
    assert "| 2 | 1 | 1 | 1 |" in lines
    assert "> Wij slaan uw gegevens versleuteld op. — statement.txt:12" in lines
    assert (
        "| high | `aws_s3_bucket.logs` | `infra/main.tf:3` | `s3-bucket-encrypted` | "
        "S3 bucket is encrypted at rest: not met: no server-side encryption |"
    ) in lines
    assert "<details><summary>1 undecided</summary>" in lines
    assert (
        "| `aws_s3_bucket.legacy` | `s3-bucket-encrypted` | inline | legacy, migrating | 2999-01-01 |"
        in lines
    )
    assert "- `infra/broken.tf:7`: syntax error: unexpected }" in lines
    assert "- a warning \\| with a pipe" in lines


def test_markdown_clean_run_and_long_lists() -> None:
    from scanner.report import Report

    clean = Report(promise_set(), [finding(status=Status.PASS)])
    assert renderer("markdown")(clean).splitlines()[0] == "## privacy-scan: no promise broken"
    many = Report(promise_set(), [finding(resource=f"aws_s3_bucket.b{i}") for i in range(MAX_ROWS + 7)])
    md = renderer("markdown")(many)
    assert "…and 7 more (see the full report)." in md
    assert md.count("| high | `aws_s3_bucket.b") == MAX_ROWS


def test_github_annotations(report) -> None:
    lines = renderer("github")(report).splitlines()
    assert lines == [
        "::error file=infra/main.tf,line=3,title=privacy-scan broken promise%3A s3-bucket-encrypted::"
        "aws_s3_bucket.logs: S3 bucket is encrypted at rest: not met: no server-side encryption",
        "::warning file=infra/main.tf,line=30,title=privacy-scan broken promise%3A logs-retention-bounded::"
        "aws_cloudwatch_log_group.app: Log retention is bounded: not met: retention_in_days is 0 (never expires)",
        "::notice file=infra/modules/store/main.tf,line=1,title=privacy-scan undecided%3A s3-bucket-encrypted::"
        'aws_s3_bucket.data["a"]: S3 bucket is encrypted at rest: cannot tell: var.kms_key has no value',
        "::error file=infra/broken.tf,line=7::privacy-scan could not scan: syntax error: unexpected }",
        "privacy-scan: 2 failing, 1 undecided, 1 passing, 1 suppressed",
    ]


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_table_fits_the_terminal_and_wraps_the_why_under_each_row(monkeypatch) -> None:
    report = sample_report()
    report.findings[0].message = (
        "S3 bucket is encrypted at rest: not met: " + "no server-side encryption " * 12
    )
    for width in (60, 100, 160):
        monkeypatch.setenv("COLUMNS", str(width))
        out = renderer("table")(report)
        assert _widest(out) <= width, width
        # the whole why is there, wrapped on lines of its own under the row
        assert " ".join(out.split()).count("no server-side encryption") == 12
    lines = out.splitlines()
    row = next(
        i for i, ln in enumerate(lines) if ln.lstrip().startswith("fail") and "aws_s3_bucket.logs" in ln
    )
    assert lines[row + 1].strip().startswith("S3 bucket is encrypted at rest: not met:")


def test_table_width_is_100_when_unknown(monkeypatch) -> None:
    from scanner.formats.layout import terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() == 100  # the tests' output is not a terminal


def test_implied_promise_is_marked_in_every_format(report) -> None:
    assert "[implied]" in renderer("table")(report)
    assert "implied, not written in the statement" in renderer("markdown")(report)
    junit = ET.fromstring(renderer("junit")(report))
    texts = [f.text for f in junit.iter("failure")]
    assert any("promise p-ret (implied, not written in the statement)" in t for t in texts)
    results = sarif(report)["runs"][0]["results"]
    implied = [r for r in results if r["properties"].get("promiseId") == "p-ret"]
    assert implied and all("an implied promise" in r["message"]["text"] for r in implied)
    assert json.loads(renderer("json")(report))["promises"][1]["implied"] is True


def test_checks_listing_fits_the_terminal(monkeypatch, capsys) -> None:
    from click.testing import CliRunner

    from scanner.commands.checks_cmd import checks

    for width in (60, 100):
        monkeypatch.setenv("COLUMNS", str(width))
        result = CliRunner().invoke(checks, [])
        assert result.exit_code == 0
        assert _widest(result.output) <= width
        assert "aws-s3-encrypted" in result.output and "applies to: aws_s3_bucket" in result.output
