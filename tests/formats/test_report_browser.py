"""The HTML report in a real headless browser: no console error, a screenshot, hostile input inert.

Chromium comes from the OS packages (Debian: ``apt-get install -y chromium``); without a
binary these tests skip and say so. Screenshots go to the test's temporary directory, or to
``$PRIVACY_SCAN_SCREENSHOTS`` when set (for a CI artifact).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.formats import renderer
from scanner.formats.html import render_drift
from tests.formats.browser import find_chromium, open_page
from tests.formats.test_html_report import webshop_report

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (apt-get install -y chromium): browser not tested"
)
REPO = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _repo(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def _open(html: str, tmp_path: Path, name: str):
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    result = open_page(CHROMIUM, page)
    shots = Path(os.environ.get("PRIVACY_SCAN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    (shots / f"{name}.png").write_bytes(result.png)
    return result


def test_shipped_example_report_opens_without_console_errors(tmp_path: Path) -> None:
    result = _open(renderer("html")(webshop_report()), tmp_path, "report")
    assert result.errors == []
    assert result.png.startswith(PNG) and len(result.png) > 50_000  # a page with content, not a blank one
    assert result.height > 2000  # every promise, table and section laid out


def test_hostile_report_runs_nothing_in_the_browser(tmp_path: Path) -> None:
    from tests.hostile.test_formats_hostile import hostile_report

    # an injected <script> or <img onerror> would run (or be blocked by the page's
    # Content-Security-Policy, which the browser reports as an error): neither happens
    result = _open(renderer("html")(hostile_report()), tmp_path, "hostile")
    assert result.errors == []


def test_drift_report_opens_without_console_errors(tmp_path: Path) -> None:
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
    result = _open(render_drift(report), tmp_path, "drift")
    assert result.errors == []


def test_the_harness_sees_console_errors(tmp_path: Path) -> None:
    """The check above can fail: a page that logs an error and loads from outside is caught."""
    page = tmp_path / "canary.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '</head><body><img src="https://example.invalid/x.png"><p>x</p></body></html>',
        encoding="utf-8",
    )
    errors = open_page(CHROMIUM, page, screenshot=False).errors
    assert any("Content Security Policy" in e for e in errors), errors
