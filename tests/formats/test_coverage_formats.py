"""Honest coverage in every format: resources no check covers are listed, and a promise with
nothing in scope says so instead of "kept"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.formats import html, json_format, markdown, table
from scanner.pipeline import scan_iac
from scanner.promises import default_promise_set
from scanner.report import Report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "terraform"
FILE = "fixtures/terraform/not-covered/main.tf"
EXPECTED = [
    {
        "type": "aws_timestreamwrite_table",
        "address": "aws_timestreamwrite_table.events",
        "file": FILE,
        "line": 2,
    },
    {"type": "aws_qldb_ledger", "address": "aws_qldb_ledger.a", "file": FILE, "line": 7},
    {"type": "aws_qldb_ledger", "address": "aws_qldb_ledger.b", "file": FILE, "line": 12},
]


@pytest.fixture(scope="module")
def report() -> Report:
    return scan_iac([FIXTURES / "not-covered"], default_promise_set(), use_cache=False)


def test_json_lists_every_unchecked_resource(report: Report) -> None:
    assert json.loads(json_format.render(report))["not_covered"] == EXPECTED


def test_json_always_has_the_key() -> None:
    covered = scan_iac([FIXTURES / "own-region"], default_promise_set(), use_cache=False)
    assert json.loads(json_format.render(covered))["not_covered"] == []


def test_the_table_lists_them_and_never_calls_an_empty_promise_kept(report: Report) -> None:
    text = table.render(report)
    assert "[KEPT]" not in text
    assert "[NOTHING IN SCOPE] activity-logging (default-activity-logging) [implied]" in text
    assert (
        "  nothing in scope: no resource of the kinds its checks read (database, object store, trail)" in text
    )
    assert (
        "not checked: 3 resource(s) that may hold or move personal data; no check covers their type yet"
        in text
    )
    assert f"  aws_qldb_ledger.b  {FILE}:12" in text


def test_markdown_and_html_list_them(report: Report) -> None:
    md = markdown.render(report)
    assert "### Not checked (3)" in md
    assert f"| `aws_qldb_ledger.a` | `{FILE}:7` | `aws_qldb_ledger` |" in md
    page = html.render(report)
    assert '<section id="not-covered">' in page
    assert (
        f"<td><code>aws_qldb_ledger.b</code></td><td><code>aws_qldb_ledger</code></td><td><code>{FILE}:12</code></td>"
        in page
    )


def test_a_promise_no_check_reads_says_so_instead_of_no_resource() -> None:
    from scanner.extract import extract_text

    # a recording that is not made, and retention of account data: no check reads either
    promises = extract_text(
        "Calls with the helpdesk are not recorded.\n\nWe delete your account two years after your last login.\n",
        language="en",
    )
    text = table.render(scan_iac([FIXTURES / "own-region"], promises, use_cache=False))
    unread = "  nothing in scope: no check of privacy-scan reads what this promise says (its parameters name"
    assert text.count(unread) == 2
    assert "[NOTHING IN SCOPE] logging-minimisation (logging-minimisation-1)" in text
    assert "[NOTHING IN SCOPE] retention-limit (retention-limit-1)" in text


def test_the_html_report_says_why_a_promise_has_nothing_in_scope() -> None:
    from scanner.extract import extract_text

    promises = extract_text("Calls with the helpdesk are not recorded.\n", language="en")
    page = html.render(scan_iac([FIXTURES / "own-region"], promises, use_cache=False))
    assert (
        '<p class="empty">Nothing in scope: no check of privacy-scan reads what this promise says '
        "(its parameters name nothing the checks look at); review it by hand</p>" in page
    )
