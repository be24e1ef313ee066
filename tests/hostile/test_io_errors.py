"""Errors that used to escape as tracebacks or "internal error" end as one line naming the file and
line (issue 13, "Internal errors to end")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scanner.commands.iac_cmd as iac_cmd
from tests.ci.helpers import FIXTURES, run_cli
from tests.hostile.limits import assert_clean_exit, run_limited


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "app", root / "app")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize(
    "expires",
    ["2025-02-30", "2025-13-01", "2025-01-01T10:00:00+25:00", "2025-01-01 10:00:00 -99:00"],
)
def test_a_date_that_does_not_exist_in_a_suppressions_file_names_file_and_line(
    repo, monkeypatch, capsys, expires
) -> None:
    (repo / "s.yaml").write_text(
        "suppressions:\n"
        "  - check: aws-logs-retention\n"
        "    resource: aws_cloudwatch_log_group.app\n"
        "    reason: reviewed\n"
        f"    expires: {expires}\n"
    )
    r = run_cli(["--no-config", "iac", "app", "--suppressions", "s.yaml"], monkeypatch, capsys)
    assert r.code == 2
    line = one_line(r.err)
    assert line.startswith("privacy-scan: error: suppressions file s.yaml (line 5): "), line
    assert "not a date" in line or "not a valid date or time" in line


def test_a_cache_location_that_cannot_be_created_never_ends_in_a_traceback(repo, tmp_path) -> None:
    """The cache is another module's; whatever it does with a location that cannot be created
    (a file stands where its folder should be), the command line ends cleanly: the scan runs, or
    one line names the path."""
    (tmp_path / "blocker").write_text("a file, not a folder\n")
    for extra in ([], ["--no-cache"]):
        r = run_limited(
            ["--no-config", "iac", "app", "-f", "json", *extra],
            cwd=repo,
            env={"PRIVACY_SCAN_CACHE_DIR": str(tmp_path / "blocker" / "cache")},
        )
        assert_clean_exit(r)
        if r.returncode == 2:
            assert "blocker" in one_line(r.stderr)
        else:
            assert '"findings"' in r.stdout


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            ValueError("invalid literal for int(): 'ghp_SECRET'"),
            "privacy-scan: error: internal error: ValueError (please report this; "
            "run with PRIVACY_SCAN_DEBUG=1 for the traceback)",
        ),
        (
            RecursionError("maximum recursion depth exceeded"),
            "privacy-scan: error: the input is nested too deeply to process "
            "(RecursionError; run with PRIVACY_SCAN_DEBUG=1 for the traceback)",
        ),
        (
            PermissionError(13, "Permission denied", "/var/cache/x\n::error::"),
            "privacy-scan: error: cannot access /var/cache/x ::error::: Permission denied "
            "(PermissionError; run with PRIVACY_SCAN_DEBUG=1 for the traceback)",
        ),
    ],
)
def test_an_unexpected_exception_is_one_line_with_its_type_never_its_text(
    repo, monkeypatch, capsys, exc, expected
) -> None:
    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr(iac_cmd, "scan_iac", broken)
    monkeypatch.delenv("PRIVACY_SCAN_DEBUG", raising=False)
    r = run_cli(["--no-config", "iac", "app"], monkeypatch, capsys)
    assert (r.code, one_line(r.err)) == (2, expected)
    assert "SECRET" not in r.err


def test_the_debug_switch_shows_the_traceback(repo, monkeypatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(iac_cmd, "scan_iac", broken)
    monkeypatch.setenv("PRIVACY_SCAN_DEBUG", "1")
    with pytest.raises(ValueError, match="boom"):
        run_cli(["--no-config", "iac", "app"], monkeypatch, capsys)
