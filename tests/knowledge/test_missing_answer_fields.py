"""A field missing from an AWS answer is unknown with the reason, never read as the safe value.

AWS always answers a load balancer's ``Scheme``, a listener's ``Protocol``, a lifecycle rule's
``Status`` and a policy status's ``IsPublic``; an answer without one (a proxy, an emulator, a
future API change) must not make a load balancer internal, a listener TLS, a rule disabled or
a bucket private.
"""

from __future__ import annotations

import pytest

from scanner.knowledge.aws import elb
from scanner.sources.live.s3 import _policy_public
from scanner.state import Unknown
from tests.live.conftest import FIXTURES
from tests.live.test_recorded import collect_recorded

LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012"
NO_SCHEME = "the load balancer's answer gives no scheme (internet-facing or internal)"


@pytest.mark.parametrize(
    ("scheme", "facing"),
    [
        ("internet-facing", True),
        ("internal", False),
        (None, NO_SCHEME),
        ("", NO_SCHEME),
        ("intranet", "the load balancer's scheme intranet is neither internet-facing nor internal"),
    ],
)
def test_scheme(scheme, facing) -> None:
    got = elb.internet_facing(scheme)
    assert (got.reason if isinstance(got, Unknown) else got) == facing


@pytest.mark.parametrize(
    ("protocol", "carries"),
    [
        ("HTTPS", "tls"),
        ("tls", "tls"),
        ("HTTP", "http"),
        ("TCP_UDP", "passthrough"),
        ("GENEVE", "passthrough"),
        (None, "the listener gives no protocol"),  # never plain HTTP (a Terraform default) nor TLS
        ("QUIC", "listener protocol QUIC is not one AWS offers"),
    ],
)
def test_listener_protocol(protocol, carries) -> None:
    got = elb.listener_carries(protocol)
    assert (got.reason if isinstance(got, Unknown) else got) == carries


@pytest.mark.parametrize(
    ("answer", "public"),
    [
        (None, False),  # no bucket policy at all
        ({"PolicyStatus": {"IsPublic": True}}, True),
        ({"PolicyStatus": {"IsPublic": False}}, False),
        ({"PolicyStatus": {}}, "S3's answer on the bucket policy's status gives no IsPublic"),
        ({}, "S3's answer on the bucket policy's status gives no IsPublic"),
    ],
)
def test_bucket_policy_status(answer, public) -> None:
    got = _policy_public(answer)
    assert (got.reason if isinstance(got, Unknown) else got) == public


def _collected(name: str) -> dict:
    resources, _, _ = collect_recorded(FIXTURES / "recorded" / f"{name}.json")
    return {r.address: r for r in resources}


def test_live_load_balancer_without_scheme_or_protocol_is_unknown() -> None:
    got = _collected("elbv2-missing-scheme-and-protocol")
    https, bare = got[f"{LB}:listener/app/web/1/443"], got[f"{LB}:listener/app/web/1/8080"]
    assert https.get("internet_facing").reason == NO_SCHEME
    assert https.get("min_tls_version").raw == "1.2"
    for attr in ("protocol", "plaintext_allowed", "min_tls_version", "redirects_to_https"):
        assert bare.get(attr).reason == "the listener gives no protocol", attr


def test_live_classic_load_balancer_without_scheme_is_unknown() -> None:
    shop = _collected("elb-classic-missing-scheme")[f"{LB}:loadbalancer/shop"]
    assert shop.get("internet_facing").reason == NO_SCHEME
    assert shop.get("min_tls_version").raw == "1.2"


def test_live_lifecycle_rule_without_status_leaves_retention_unknown() -> None:
    from scanner.engine.predicates.retention import s3_lifecycle_within
    from scanner.promises import Promise
    from scanner.promises.model import Control
    from scanner.sources.live.s3 import _rule
    from scanner.sources.terraform.adapters import to_state
    from scanner.sources.terraform.model import TfBlock, TfConfig
    from scanner.state import Value

    bucket = TfBlock(
        "aws_s3_bucket.b", "managed", "aws_s3_bucket", "b", {"bucket": "b"}, "main.tf", 1, region="eu-west-1"
    )
    res = to_state(TfConfig([bucket])).resources[0]
    promise = Promise("p", Control.RETENTION_LIMIT, {"max_days": 30})
    verdicts = []
    for answer in ({"Status": "Enabled"}, {"Status": "Disabled"}, {}):
        rule = _rule({**answer, "Filter": {}, "Expiration": {"Days": 10}})
        res.attrs["lifecycle_rules"] = Value([rule], res.source)
        out = s3_lifecycle_within(res, promise, {})
        verdicts.append((out.status.value, out.reasons))
    assert verdicts[0][0] == "pass"
    assert verdicts[1][0] == "fail"
    assert verdicts[2] == (
        "unknown",
        ["a lifecycle rule is unknown: a lifecycle rule gives no status (Enabled or Disabled)"],
    )


def test_live_trail_without_its_flags_is_unknown_not_off() -> None:
    trail = _collected("cloudtrail-missing-flags")["arn:aws:cloudtrail:eu-west-1:123456789012:trail/org"]
    for attr, key in (
        ("multi_region", "IsMultiRegionTrail"),
        ("log_file_validation", "LogFileValidationEnabled"),
        ("enabled", "IsLogging"),
    ):
        assert trail.get(attr).reason == f"CloudTrail's answer gives no {key}"
