"""Residency law: areas, adequacy, and which documented transfers cover cloud hosting."""

from __future__ import annotations

import pytest

from scanner.engine.predicates import registry
from scanner.findings import Status
from scanner.promises import Control, Promise
from scanner.state import Kind, Resource, Source, Value

SRC = Source(file="main.tf", line=1)


def store(region, **attrs) -> Resource:
    res = Resource(Kind.OBJECT_STORE, "aws_s3_bucket.b", "aws_s3_bucket", SRC, Value(region, SRC))
    for k, v in attrs.items():
        res.set(k, v)
    return res


def residency(area="EEA", transfers=()) -> Promise:
    return Promise("res", Control.DATA_RESIDENCY, {"allowed_area": area, "transfers": list(transfers)})


def region_allowed(res, promise):
    return registry()["region_allowed"](res, promise, {})


@pytest.mark.parametrize(
    ("region", "area", "status"),
    [
        ("eu-west-1", "EEA", Status.PASS),
        ("eu-north-1", "EU", Status.PASS),
        ("eu-west-2", "EEA", Status.FAIL),  # London: outside the EEA since Brexit
        ("eu-west-2", "EEA+adequacy", Status.PASS),
        ("eu-central-2", "EU", Status.FAIL),  # Zurich
        ("eu-central-2", "EEA+adequacy", Status.PASS),
        ("us-east-1", "EEA+adequacy", Status.FAIL),  # the US is adequate only via DPF certification
        ("eu-central-1", "DE", Status.PASS),
        ("eu-west-1", "DE", Status.FAIL),
        ("eu-central-1", ["eu-central-1"], Status.PASS),
        ("eu-west-1", ["eu-central-1"], Status.FAIL),
        ("xx-nowhere-9", "EEA", Status.UNKNOWN),
    ],
)
def test_region_against_area(region, area, status) -> None:
    assert region_allowed(store(region), residency(area)).status == status


def test_unknown_region_is_unknown_with_reason() -> None:
    res = Resource(
        Kind.OBJECT_STORE, "b", "aws_s3_bucket", SRC, Value.unknown("no region set in provider aws")
    )
    out = region_allowed(res, residency())
    assert out.status == Status.UNKNOWN
    assert "no region set in provider aws" in out.reasons[0]


def test_transfer_to_the_hosting_provider_covers_the_region() -> None:
    promise = residency(
        transfers=[{"recipient": "onze hostingleveranciers", "country": "US", "mechanism": "scc"}]
    )
    out = region_allowed(store("us-east-1"), promise)
    assert out.status == Status.PASS
    assert "documented transfer" in out.reasons[0]


def test_transfer_without_recipient_covers_the_region() -> None:
    promise = residency(transfers=[{"recipient": None, "country": "US", "mechanism": "dpf"}])
    assert region_allowed(store("us-east-2"), promise).status == Status.PASS


def test_transfer_to_google_does_not_cover_an_aws_bucket_in_the_us() -> None:
    promise = residency(transfers=[{"recipient": "Google", "country": "US", "mechanism": "dpf"}])
    out = region_allowed(store("us-east-1"), promise)
    assert out.status == Status.FAIL
    assert "transfer to Google" in out.reasons[0]


def test_replication_destinations_are_judged_one_by_one() -> None:
    res = store(
        "eu-west-1",
        replication_destinations=[
            {"bucket": "dr", "region": "eu-central-1"},
            {"bucket": "dr-us", "region": "us-west-2"},
        ],
    )
    out = registry()["regions_allowed"](
        res, residency(), {"attr": "replication_destinations", "what": "replica"}
    )
    assert out.status == Status.FAIL
    assert out.reasons == [
        "replica dr-us (us-west-2) in the United States, outside the promised area EEA, and no transfer there is documented"
    ]


def test_no_copies_pass() -> None:
    out = registry()["regions_allowed"](
        store("eu-west-1", copy_regions=[]), residency(), {"attr": "copy_regions"}
    )
    assert out.status == Status.PASS
