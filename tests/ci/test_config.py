"""Configuration (.privacy-scan.yaml, pyproject.toml) and the CI flags; the command line always wins."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from tests.ci.helpers import app_copy, run_cli

APP = "aws_cloudwatch_log_group.app"
STORE = "module.store.aws_cloudwatch_log_group.this"


@pytest.fixture
def app(tmp_path, monkeypatch):
    path = app_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    return path


def statuses(run) -> dict[str, str]:
    return {
        f["resource"]: f["status"] for f in run.json()["findings"] if f["check_id"] == "aws-logs-retention"
    }


def test_yaml_config_sets_format_vars_and_outputs(app, tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / ".privacy-scan.yaml").write_text(
        "format: json\nvars:\n  log_days: 30\nalso:\n  junit: reports/junit.xml\n"
    )
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 0, r.err
    assert statuses(r) == {APP: "pass", "aws_cloudwatch_log_group.audit": "pass", STORE: "pass"}
    junit = ET.parse(tmp_path / "reports" / "junit.xml").getroot()
    assert junit.get("failures") == "0" and int(junit.get("tests")) > 0
    # flags win: --var overrides vars, --format overrides format
    r = run_cli(["iac", "app", "--var", "log_days=0", "-f", "json"], monkeypatch, capsys)
    assert r.code == 1
    assert statuses(r)[APP] == "fail"
    r = run_cli(["iac", "app", "-f", "table"], monkeypatch, capsys)
    assert r.out.rstrip().splitlines()[-1].startswith("summary:")


def test_config_is_found_in_a_parent_directory_and_paths_are_relative_to_it(
    app, tmp_path, monkeypatch, capsys
) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "ok.tfvars").write_text("log_days = 7\n")
    (tmp_path / ".privacy-scan.yaml").write_text("var_files: [ci/ok.tfvars]\nformat: json\n")
    monkeypatch.chdir(app)
    r = run_cli(["iac", "."], monkeypatch, capsys)
    assert r.code == 0, r.err
    assert statuses(r)[APP] == "pass"
    r = run_cli(["--no-config", "iac", "."], monkeypatch, capsys)
    assert r.code == 1 and r.out.rstrip().splitlines()[-1].startswith("summary:")


def test_pyproject_tool_table(app, tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.privacy-scan]\nfail_on = "never"\nskip = ["aws-logs-region"]\n'
    )
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 0
    checks = {f["check_id"] for f in r.json()["findings"]}
    assert "aws-logs-retention" in checks and "aws-logs-region" not in checks
    assert run_cli(["iac", "app", "--fail-on", "fail"], monkeypatch, capsys).code == 1


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        (
            ".privacy-scan.yaml",
            "format: json\nfail_on: sometimes\n",
            "configuration .privacy-scan.yaml: fail_on (line 2): must be one of: fail, unknown, never",
        ),
        (
            ".privacy-scan.yaml",
            "format: json\nvar_file: x.tfvars\n",
            "configuration .privacy-scan.yaml: (top level) (line 1): Additional properties are not allowed ('var_file' was unexpected)",
        ),
        (".privacy-scan.yaml", "only: [ok]\nskip:\n  - Bad_Id\n", "skip[0] (line 3)"),
        (
            "pyproject.toml",
            '[tool.privacy-scan]\nformat = "json"\nmin_severity = "huge"\n',
            "configuration pyproject.toml: [tool.privacy-scan] min_severity (line 3): must be one of: low,",
        ),
        (
            "pyproject.toml",
            "[tool.privacy-scan]\nformat = \n",
            "configuration pyproject.toml: not valid TOML",
        ),
    ],
)
def test_malformed_configuration_exits_2_naming_file_and_line(
    app, tmp_path, monkeypatch, capsys, name, body, expected
) -> None:
    (tmp_path / name).write_text(body)
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert expected in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1


def test_explicit_config_flag(app, tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "strict.yaml").write_text("min_severity: high\n")
    r = run_cli(["--config", "strict.yaml", "iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 0  # retention checks are medium: left out
    assert all(f["severity"] in ("high", "critical") for f in r.json()["findings"])
    r = run_cli(["--config", "missing.yaml", "iac", "app"], monkeypatch, capsys)
    assert (r.code, r.err.strip()) == (2, "privacy-scan: error: configuration missing.yaml does not exist")


def test_only_skip_and_min_severity_flags(app, monkeypatch, capsys) -> None:
    r = run_cli(
        ["iac", "app", "-f", "json", "--only", "aws-logs-retention,aws-logs-region"], monkeypatch, capsys
    )
    assert {f["check_id"] for f in r.json()["findings"]} == {"aws-logs-retention", "aws-logs-region"}
    r = run_cli(["iac", "app", "-f", "json", "--skip", "aws-logs-retention"], monkeypatch, capsys)
    assert r.code == 0 and "aws-logs-retention" not in {f["check_id"] for f in r.json()["findings"]}
    r = run_cli(["iac", "app", "--only", "aws-logs-retentoin"], monkeypatch, capsys)
    assert r.code == 2 and "--only: unknown check id(s): aws-logs-retentoin" in r.err
    r = run_cli(["iac", "app", "-f", "json", "--skip", "nope-nope"], monkeypatch, capsys)
    assert r.code == 1 and "warning: --skip: unknown check id 'nope-nope'" in r.err
    r = run_cli(["iac", "app", "-f", "json", "--min-severity", "high"], monkeypatch, capsys)
    assert r.code == 0


def test_fail_on_unknown_and_never(app, monkeypatch, capsys) -> None:
    (app / "variables.tf").write_text('variable "log_days" {\n  type = number\n}\n')  # no value: unknown
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 0
    assert statuses(r)[APP] == "unknown"
    assert run_cli(["iac", "app", "--fail-on", "unknown"], monkeypatch, capsys).code == 1
    assert run_cli(["iac", "app", "--fail-on", "never", "--var", "log_days=0"], monkeypatch, capsys).code == 0


def test_several_formats_in_one_run(app, tmp_path, monkeypatch, capsys, sarif_schema) -> None:
    r = run_cli(
        [
            "iac",
            "app",
            "--format",
            "sarif",
            "--output",
            "out/results.sarif",
            "--also",
            "junit=out/junit.xml",
            "--also",
            "markdown=out/summary.md",
            "--also",
            "github=out/annotations.txt",
        ],
        monkeypatch,
        capsys,
    )
    assert r.code == 1 and r.out == ""
    log = json.loads((tmp_path / "out" / "results.sarif").read_text())
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    result = next(x for x in log["runs"][0]["results"] if x["properties"]["resource"] == APP)
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app/main.tf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    rule = log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == "aws-logs-retention" and "Fix:" in rule["help"]["text"]
    root = ET.parse(tmp_path / "out" / "junit.xml").getroot()
    failed = sorted(c.get("name") for c in root.iter("testcase") if c.find("failure") is not None)
    assert failed == [APP, STORE]
    assert (tmp_path / "out" / "summary.md").read_text().startswith("## privacy-scan: 2 failing, 0 undecided")
    lines = (tmp_path / "out" / "annotations.txt").read_text().splitlines()
    assert lines[0].startswith(
        "::warning file=app/main.tf,line=1,title=privacy-scan broken promise%3A aws-logs-retention::"
    )


def test_bad_also_value_exits_2(app, monkeypatch, capsys) -> None:
    r = run_cli(["iac", "app", "--also", "pdf=x.pdf"], monkeypatch, capsys)
    assert r.code == 2 and "unknown format 'pdf'" in r.err
    r = run_cli(["iac", "app", "--also", "sarif"], monkeypatch, capsys)
    assert r.code == 2 and "expected FORMAT=FILE" in r.err


STATEMENT = "Wij versleutelen alle gegevens. Logbestanden bewaren wij zeven dagen.\n"


def test_report_settings_do_not_leak_into_extract_and_checks(app, tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "statement.txt").write_text(STATEMENT)
    (tmp_path / ".privacy-scan.yaml").write_text("format: sarif\noutput: report.sarif\n")
    r = run_cli(["extract", "statement.txt"], monkeypatch, capsys)
    assert r.code == 0, r.err
    assert r.out.startswith("# Promises extracted by privacy-scan from statement.txt")
    r = run_cli(["checks"], monkeypatch, capsys)
    assert r.code == 0, r.err
    assert r.out.rstrip().splitlines()[-1].endswith(" checks")
    assert not (tmp_path / "report.sarif").exists()


def test_a_promise_source_on_the_command_line_replaces_the_configured_one(
    app, tmp_path, monkeypatch, capsys
) -> None:
    (tmp_path / "statement.txt").write_text(STATEMENT)
    (tmp_path / ".privacy-scan.yaml").write_text("statement: statement.txt\nformat: json\n")
    assert run_cli(["extract", "statement.txt", "-o", "promises.yaml"], monkeypatch, capsys).code == 0
    r = run_cli(["iac", "app", "--promises", "promises.yaml"], monkeypatch, capsys)
    assert r.code == 1, r.err
    assert r.json()["statement"]["file"] == "statement.txt"
    assert r.json()["promise_origin"] == "promises-file"
    r = run_cli(
        ["iac", "app", "--statement", "statement.txt", "--promises", "promises.yaml"], monkeypatch, capsys
    )
    assert (r.code, r.err.strip()) == (
        2,
        "privacy-scan: error: give either --statement or --promises, not both",
    )


def test_another_format_on_the_command_line_prints_instead_of_overwriting_the_configured_file(
    app, tmp_path, monkeypatch, capsys
) -> None:
    (tmp_path / ".privacy-scan.yaml").write_text("format: sarif\noutput: report.sarif\n")
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.json()["version"] == 1
    assert not (tmp_path / "report.sarif").exists()
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.out == ""
    assert json.loads((tmp_path / "report.sarif").read_text())["version"] == "2.1.0"
