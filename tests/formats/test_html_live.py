"""The HTML report of a live scan (moto server): ARNs as evidence, the regions data sits in, retention."""

from __future__ import annotations

from pathlib import Path

import boto3

from scanner.formats import renderer
from scanner.pipeline import evaluate_state, resolve_promises
from scanner.sources.live.collect import LiveOptions, collect_live
from tests.formats.htmlcheck import assert_inert, parse
from tests.live.conftest import aws, moto_endpoint  # noqa: F401 - pytest fixtures, used by name

REPO = Path(__file__).resolve().parents[2]
SYMBIS = REPO / "fixtures" / "statements" / "symbis.nl.txt"


def test_live_scan_report_names_failing_arns_and_every_region(aws: str) -> None:  # noqa: F811
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="orders-us")
    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="orders-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    boto3.client("logs", region_name="eu-west-1").create_log_group(logGroupName="checkout")

    state = collect_live(
        LiveOptions(regions=["eu-west-1", "us-east-1"], services=["s3", "logs"], progress=False)
    )
    report = evaluate_state(state, resolve_promises(SYMBIS, None), target="live AWS account 123456789012")
    page = parse(renderer("html")(report))
    assert_inert(page)

    failing = {f.resource for f in report.active() if f.status.value == "fail"}
    assert "arn:aws:s3:::orders-us" in failing  # stored in the United States, not a hosting transfer
    statement_view = page.section("promises")
    for resource in failing:
        assert resource in statement_view, resource
    transfers = page.section("transfers")
    assert "us-east-1 the United States third country Google (dpa)" in transfers
    assert "eu-west-1 Ireland inside the EEA" in transfers
    retention = page.section("retention")
    assert "checkout" in retention and "30 days (data)" in retention
    assert "live AWS account 123456789012" in page.text
