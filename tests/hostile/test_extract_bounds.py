"""The statement extractor stays bounded on hostile statements (issue 13).

Each test builds the attacker's statement itself and runs ``privacy-scan extract`` in a
subprocess limited to 30 s and 1 GiB (tests/hostile/limits.py): a device, a FIFO or a huge
file is refused with one line and exit 2; text built to make a regular expression or a
clause search quadratic is extracted within the bounds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanner.extract.text import MAX_BYTES
from tests.hostile.limits import run_limited


def _one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_dev_zero_is_refused_without_reading():
    result = run_limited(["extract", "/dev/zero"], memory_bytes=512 * 1024 * 1024, timeout=60)
    _one_line_error(result, "/dev/zero", "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_hanging(tmp_path: Path):
    fifo = tmp_path / "statement.txt"
    os.mkfifo(fifo)
    result = run_limited(["extract", str(fifo)], timeout=60)
    _one_line_error(result, "not a regular file")


def test_huge_file_is_refused_by_its_size(tmp_path: Path):
    path = tmp_path / "statement.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES * 50)  # sparse: nothing is written, stat says it is huge
    result = run_limited(["extract", str(path)], memory_bytes=512 * 1024 * 1024, timeout=60)
    _one_line_error(result, "over the limit")


def test_iac_statement_device_is_refused(tmp_path: Path):
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    result = run_limited(["iac", str(tmp_path), "--statement", "/dev/zero"], timeout=60)
    _one_line_error(result, "not a regular file")


def _extract_json(path: Path) -> dict:
    result = run_limited(["extract", str(path), "--format", "json"], timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_many_durations_in_one_sentence_stay_linear(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text("We keep server logs for " + "90 days, " * 10_000 + "and then delete them.\n")
    data = _extract_json(path)
    days = {p["params"].get("max_days") for p in data["promises"] if p["control"] == "retention-limit"}
    assert days == {90}


def test_many_places_and_recipients_in_one_sentence_stay_linear(tmp_path: Path):
    path = tmp_path / "statement.txt"
    path.write_text(
        "Wij slaan gegevens op bij Google in de Verenigde Staten, " * 3_000 + "en nergens anders.\n"
    )
    data = _extract_json(path)
    assert any(p["control"] == "data-residency" for p in data["promises"])


@pytest.mark.parametrize(
    "line",
    [
        "[" * 80_000 + "(",
        "[a](" * 20_000,
        "*" * 80_000 + "x",
        "<a" * 40_000,
        "." * 80_000 + "x",
        "a. " * 30_000,
    ],
    ids=["open-brackets", "open-links", "stars", "open-tags", "dots", "initials"],
)
def test_hostile_markdown_lines_stay_linear(tmp_path: Path, line: str):
    path = tmp_path / "statement.md"
    path.write_text("# Privacy\n\nWe encrypt all traffic with TLS 1.2.\n\n" + line + "\n")
    data = _extract_json(path)
    assert any(p["control"] == "transport-encryption" for p in data["promises"])
