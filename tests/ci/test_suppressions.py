"""Inline and file suppressions on real scans: reason required, expiry honoured, still visible in JSON/SARIF."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from scanner.suppressions import parse_directive
from scanner.util.yamlfile import InputError
from tests.ci.helpers import app_copy, insert_before, run_cli

FUTURE = (date.today() + timedelta(days=30)).isoformat()
PAST = (date.today() - timedelta(days=1)).isoformat()
TODAY = date.today().isoformat()
APP = "aws_cloudwatch_log_group.app"
STORE = "module.store.aws_cloudwatch_log_group.this"


def failing(run) -> list[str]:
    return sorted(
        f["resource"] for f in run.json()["findings"] if f["status"] == "fail" and not f.get("suppressed")
    )


@pytest.fixture
def app(tmp_path, monkeypatch):
    path = app_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    return path


def test_unsuppressed_baseline_of_the_fixture(app, monkeypatch, capsys) -> None:
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 1
    assert failing(r) == [APP, STORE]


def test_inline_comment_above_the_block_suppresses_and_stays_visible(app, monkeypatch, capsys) -> None:
    insert_before(
        app / "main.tf",
        'resource "aws_cloudwatch_log_group" "app"',
        f'# privacy-scan:ignore aws-logs-retention reason="kept for the audit, see DPA-12" expires={FUTURE}\n',
    )
    insert_before(
        app / "modules" / "store" / "main.tf",
        "retention_in_days",
        '  // privacy-scan:ignore aws-logs-retention reason="store logs rotate by size"\n',
    )
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 0, r.err
    data = r.json()
    by_resource = {f["resource"]: f for f in data["findings"] if f["check_id"] == "aws-logs-retention"}
    assert by_resource[APP]["status"] == "fail"
    assert by_resource[APP]["suppressed"] == {
        "kind": "inline",
        "reason": "kept for the audit, see DPA-12",
        "expires": FUTURE,
        "source": "app/main.tf:1",
    }
    assert by_resource[STORE]["suppressed"]["source"] == "app/modules/store/main.tf:7"
    assert by_resource[STORE]["suppressed"]["expires"] is None
    assert data["summary"]["suppressed"] == 2 and data["summary"]["fail"] == 0


def test_suppression_expiring_today_still_holds(app, monkeypatch, capsys) -> None:
    insert_before(
        app / "main.tf",
        'resource "aws_cloudwatch_log_group" "app"',
        f'# privacy-scan:ignore aws-logs-retention reason="last day" expires={TODAY}\n',
    )
    assert failing(run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)) == [STORE]


def test_expired_suppression_fires_again_and_says_so(app, monkeypatch, capsys) -> None:
    insert_before(
        app / "main.tf",
        'resource "aws_cloudwatch_log_group" "app"',
        f'# privacy-scan:ignore aws-logs-retention reason="temporary" expires={PAST}\n',
    )
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 1
    assert failing(r) == [APP, STORE]
    app_finding = next(f for f in r.json()["findings"] if f["resource"] == APP and f["status"] == "fail")
    assert app_finding["message"].endswith(f"(suppression at app/main.tf:1 expired on {PAST})")
    assert (
        f"warning: app/main.tf:1: suppression of aws-logs-retention for {APP} expired on {PAST}; "
        "the finding counts again"
    ) in r.err.splitlines()


def test_comment_for_another_check_or_block_does_not_suppress(app, monkeypatch, capsys) -> None:
    # a blank line separates the comment from the block: it is not "directly above"
    insert_before(
        app / "main.tf",
        'resource "aws_cloudwatch_log_group" "app"',
        '# privacy-scan:ignore aws-logs-retention reason="detached"\n\n',
    )
    # inside the *audit* block: must not leak to the app block above or the module call below
    insert_before(
        app / "main.tf",
        'name              = "audit"',
        '  # privacy-scan:ignore aws-logs-retention reason="x"\n',
    )
    # right check family, wrong id, on the store block
    insert_before(
        app / "modules" / "store" / "main.tf",
        'resource "aws_cloudwatch_log_group"',
        '# privacy-scan:ignore aws-logs-encrypted reason="other check"\n',
    )
    assert failing(run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)) == [APP, STORE]


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (
            "# privacy-scan:ignore aws-logs-retention",
            "app/main.tf:1: malformed suppression of aws-logs-retention: a reason is required",
        ),
        ('# privacy-scan:ignore aws-logs-retention reason=""', "a reason is required"),
        (
            '# privacy-scan:ignore aws-logs-retention reason="x" expires=2025-02-30',
            "expires=2025-02-30 is not a date (YYYY-MM-DD)",
        ),
        ('# privacy-scan:ignore aws-logs-retention reason="x" until=2030-01-01', "unknown field 'until'"),
        ('# privacy-scan:ignore reason="x"', "name the check"),
        ('# privacy-scan:ignroe aws-logs-retention reason="x"', "unknown directive 'privacy-scan:ignroe'"),
    ],
)
def test_malformed_inline_suppression_exits_2_naming_file_and_line(
    app, monkeypatch, capsys, comment, expected
) -> None:
    insert_before(app / "main.tf", 'resource "aws_cloudwatch_log_group" "app"', comment + "\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert r.err.startswith("privacy-scan: error: app/main.tf:1: malformed suppression")
    assert expected in r.err
    assert len(r.err.strip().splitlines()) == 1  # one line, no traceback


def test_unknown_check_id_in_a_suppression_is_a_warning(app, monkeypatch, capsys) -> None:
    insert_before(
        app / "main.tf",
        'resource "aws_cloudwatch_log_group" "app"',
        '# privacy-scan:ignore aws-logs-retention,no-such-check reason="typo in the second id"\n',
    )
    r = run_cli(["iac", "app", "-f", "json"], monkeypatch, capsys)
    assert r.code == 1  # the store module still fails
    assert failing(r) == [STORE]
    assert "warning: app/main.tf:1: suppression names unknown check 'no-such-check'" in r.err.splitlines()


def test_suppressions_file_with_glob_and_sarif_shows_it(app, monkeypatch, capsys, tmp_path) -> None:
    (tmp_path / "suppressions.yaml").write_text(
        "suppressions:\n"
        "  - check: aws-logs-retention\n"
        "    resource: module.store.*\n"
        "    reason: store logs are rotated by size\n"
        f"    expires: {FUTURE}\n"
    )
    r = run_cli(["iac", "app", "-f", "sarif", "--suppressions", "suppressions.yaml"], monkeypatch, capsys)
    assert r.code == 1
    results = {res["properties"]["resource"]: res for res in r.json()["runs"][0]["results"]}
    assert "suppressions" not in results[APP]
    assert results[STORE]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "store logs are rotated by size",
            "properties": {"kind": "file", "expires": FUTURE, "source": "suppressions.yaml:2"},
        }
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "suppressions:\n  - check: aws-logs-retention\n    resource: x\n",
            "suppressions file suppressions.yaml: suppressions[0] (line 2): 'reason' is a required property",
        ),
        (
            "suppressions:\n  - check: aws-logs-retention\n    resource: x\n    reason: ok\n    expires: soon\n",
            "suppressions file suppressions.yaml: suppressions[0].expires (line 5): not a date (YYYY-MM-DD)",
        ),
        (
            "suppressions:\n  - check: aws-logs-retention\n    resource: x\n    reason: '   '\n",
            "suppressions[0].reason (line 4)",
        ),
        ("suppressions: [\n", "suppressions file suppressions.yaml (line 2): not valid YAML"),
    ],
)
def test_malformed_suppressions_file_exits_2(app, monkeypatch, capsys, tmp_path, body, expected) -> None:
    (tmp_path / "suppressions.yaml").write_text(body)
    r = run_cli(["iac", "app", "--suppressions", "suppressions.yaml"], monkeypatch, capsys)
    assert r.code == 2
    assert expected in r.err, r.err


def test_parse_directive_forms() -> None:
    s = parse_directive('  # privacy-scan:ignore a-b,c-d reason="say \\"why\\"" expires=2030-01-31', "f.tf:3")
    assert s is not None
    assert (s.check_ids, s.reason, s.expires, s.source) == (
        ("a-b", "c-d"),
        'say "why"',
        date(2030, 1, 31),
        "f.tf:3",
    )
    assert parse_directive("/* privacy-scan:ignore a-b reason=short */", "f.tf:1").reason == "short"
    assert parse_directive('bucket = "privacy-scan-logs"', "f.tf:1") is None
    with pytest.raises(InputError, match="not a check id"):
        parse_directive('# privacy-scan:ignore A_B reason="x"', "f.tf:1")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('# privacy-scan ignore a-b reason="x"', "(with a colon)"),
        ('// privacy-scan-ignore a-b reason="x"', "(with a colon)"),
        ('# privacy-scan:ignore a-b reason="x" reason="y"', "reason is given twice"),
    ],
)
def test_near_miss_directives_are_errors_not_silence(line, expected) -> None:
    with pytest.raises(InputError) as err:
        parse_directive(line, "f.tf:4")
    assert str(err.value).startswith("f.tf:4: malformed suppression: ") and expected in str(err.value)
    assert (
        parse_directive('# privacy-scan checks this bucket; see "privacy-scan-ignore" docs', "f.tf:1") is None
    )


def test_file_suppression_names_an_address_with_instance_keys_exactly() -> None:
    from scanner.suppressions import Suppression
    from tests.ci.conftest import finding

    def rule(resource: str) -> Suppression:
        return Suppression(("s3-bucket-encrypted",), "ok", None, "s.yaml:2", "file", resource=resource)

    keyed = finding(resource='module.db[0].aws_s3_bucket.data["a"]')
    assert rule('module.db[0].aws_s3_bucket.data["a"]').matches(keyed)
    assert rule("module.db[*].aws_s3_bucket.data[*]").matches(keyed)
    assert not rule('module.db[1].aws_s3_bucket.data["a"]').matches(keyed)
    assert not rule('module.db[0].aws_s3_bucket.data["b"]').matches(keyed)


def test_a_one_line_block_does_not_take_the_next_blocks_comment(tmp_path) -> None:
    from scanner.suppressions import InlineIndex

    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudwatch_log_group" "a" { retention_in_days = 0 }\n'  # 1
        '# privacy-scan:ignore aws-logs-retention reason="b only"\n'  # 2
        'resource "aws_cloudwatch_log_group" "b" {\n'  # 3
        "  policy = <<EOF\n"  # 4
        "{\n"  # 5
        "}\n"  # 6: a heredoc's brace in column one does not end the block
        "EOF\n"  # 7
        '  # privacy-scan:ignore other-check reason="inside b"\n'  # 8
        "}\n"  # 9
        '# privacy-scan:ignore third reason="c"\n'  # 10
        'resource "aws_cloudwatch_log_group" "c" {}\n'  # 11
    )
    index = InlineIndex(base_dirs=[tmp_path])
    assert index.covering("main.tf", 1) == []
    assert [s.source for s in index.covering("main.tf", 3)] == ["main.tf:2", "main.tf:8"]
    assert [s.source for s in index.covering("main.tf", 11)] == ["main.tf:10"]
