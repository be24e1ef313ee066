"""CloudFront's transport rules on GetDistributionConfig answers: viewers, origins, origin groups."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.sources.live.cloudfront import read_config
from scanner.state import Kind, Resource, Source, Unknown, Value

HTTPS_ORIGIN = {
    "Id": "api",
    "CustomOriginConfig": {
        "OriginProtocolPolicy": "https-only",
        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
    },
}
OLD_TLS_ORIGIN = {
    "Id": "legacy",
    "CustomOriginConfig": {
        "OriginProtocolPolicy": "match-viewer",
        "OriginSslProtocols": {"Quantity": 2, "Items": ["TLSv1", "TLSv1.2"]},
    },
}
S3_ORIGIN = {"Id": "assets", "S3OriginConfig": {"OriginAccessIdentity": ""}}


def _read(
    viewer: str, target: str, origins: list[dict[str, Any]], groups: dict[str, list[str]] | None = None
):
    res = Resource(
        kind=Kind.ENDPOINT,
        address="d",
        resource_type="aws_cloudfront_distribution",
        source=Source(),
        region=Value("us-east-1"),
    )
    config = {
        "DefaultCacheBehavior": {"TargetOriginId": target, "ViewerProtocolPolicy": viewer},
        "Origins": {"Items": origins},
        "OriginGroups": {
            "Items": [
                {"Id": g, "Members": {"Items": [{"OriginId": m} for m in ms]}}
                for g, ms in (groups or {}).items()
            ]
        },
        "ViewerCertificate": {
            "ACMCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
    }
    out = read_config(config, res)
    return {k: (v.raw, v.default) if isinstance(v, Value) else (v, False) for k, v in out.items()}


def test_an_origin_group_is_as_weak_as_its_weakest_member() -> None:
    got = _read("redirect-to-https", "both", [HTTPS_ORIGIN, OLD_TLS_ORIGIN], {"both": ["api", "legacy"]})
    assert got["origin_plaintext_allowed"] == (False, False)
    assert got["origin_min_tls_version"] == ("1.0", False)
    assert got["plaintext_allowed"] == (False, False)
    assert got["redirects_to_https"] == (True, False)
    assert got["min_tls_version"] == ("1.2", False)


@pytest.mark.parametrize(
    ("viewer", "origin", "plain", "tls"),
    [
        ("allow-all", S3_ORIGIN, True, ("1.2", True)),  # S3 follows the viewer; TLS 1.2 by AWS default
        ("https-only", S3_ORIGIN, False, ("1.2", True)),
        ("allow-all", OLD_TLS_ORIGIN, True, ("1.0", False)),  # match-viewer behind an HTTP viewer
        ("allow-all", HTTPS_ORIGIN, False, ("1.2", False)),
    ],
)
def test_origins_follow_the_viewer_where_aws_says_so(
    viewer: str, origin: dict, plain: bool, tls: tuple
) -> None:
    got = _read(viewer, origin["Id"], [origin])
    assert got["origin_plaintext_allowed"] == (plain, False)
    assert got["origin_min_tls_version"] == tls


def test_a_missing_or_unreadable_origin_is_unknown_not_a_pass() -> None:
    got = _read("https-only", "gone", [HTTPS_ORIGIN])
    assert isinstance(got["origin_plaintext_allowed"][0], Unknown)
    assert (
        got["origin_plaintext_allowed"][0].reason
        == "default_cache_behavior targets origin 'gone', not found in the distribution"
    )
    assert isinstance(got["origin_min_tls_version"][0], Unknown)
    vpc = {"Id": "vpc", "VpcOriginConfig": {"VpcOriginId": "vo_1"}}
    got = _read("https-only", "vpc", [vpc])
    assert got["origin_plaintext_allowed"][0].reason == (
        "a VPC origin's protocol is configured on the VPC origin, which is not read"
    )
