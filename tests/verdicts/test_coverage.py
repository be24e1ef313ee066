"""Honest coverage: stores that may hold personal data but that no check reads are named in the scan."""

from __future__ import annotations

from pathlib import Path

from scanner.pipeline import scan_iac
from scanner.promises import default_promise_set
from scanner.sources.terraform.adapters import PRIMARY, not_covered
from scanner.sources.terraform.loader import load_config

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "not-covered"


def test_unchecked_stores_are_counted_by_type() -> None:
    config = load_config([FOLDER], [], {}, use_cache=False)
    assert not_covered(config.blocks) == {"aws_qldb_ledger": 2, "aws_timestreamwrite_table": 1}


def test_the_scan_says_what_it_did_not_check() -> None:
    report = scan_iac([FOLDER], default_promise_set(), use_cache=False)
    assert report.findings == []
    assert (
        "not checked: 2 aws_qldb_ledger, 1 aws_timestreamwrite_table "
        "(may hold or move personal data; no check covers this type yet)"
    ) in report.warnings


def test_an_adapted_type_is_never_listed_as_not_covered() -> None:
    from scanner.knowledge.personal_data import PERSONAL_DATA_TYPES

    assert "aws_s3_bucket" in PERSONAL_DATA_TYPES and "aws_s3_bucket" in PRIMARY
    config = load_config([FOLDER.parent / "encryption-at-rest"], [], {}, use_cache=False)
    assert not_covered(config.blocks) == {}
