"""OpenSearch Serverless policies that cannot be read, and Firehose HTTP endpoints the code only half gives.

The fixtures ``opensearch-serverless`` and ``firehose-http`` hold the decided cases; these are the
edges: an unreadable or unknown policy decides nothing unless an exact rule does, policies of
another region never apply, a public Dashboards rule exposes the data, and a Firehose URL the
code does not give is HTTPS (AWS accepts no other) but leaves the copy's location unknown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.pipeline import load_iac_state
from scanner.sources.terraform.adapters.opensearch_serverless import Unreadable, pattern_matches
from scanner.state import Resource, Unknown

PROVIDERS = """
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
variable "doc" { type = string }
variable "name" { type = string }
variable "url" { type = string }
"""

SERVERLESS = """
resource "aws_kms_key" "k" { description = "search" }

resource "aws_opensearchserverless_security_policy" "prefix" {
  name   = "logs-prefix"
  type   = "encryption"
  policy = jsonencode({ Rules = [{ ResourceType = "collection", Resource = ["collection/logs*"] }], AWSOwnedKey = true })
}
resource "aws_opensearchserverless_security_policy" "exact" {
  name   = "logs-exact"
  type   = "encryption"
  policy = jsonencode({ Rules = [{ ResourceType = "collection", Resource = ["collection/logs-exact"] }],
                        KmsARN = aws_kms_key.k.arn })
}
resource "aws_opensearchserverless_security_policy" "unread" {
  name   = "unread"
  type   = "encryption"
  policy = var.doc
}
resource "aws_opensearchserverless_security_policy" "odd" {
  name   = "odd"
  type   = "encryption"
  policy = jsonencode({ Rules = [{ ResourceType = "collection", Resource = ["collection/mi*d"] }], AWSOwnedKey = true })
}
resource "aws_opensearchserverless_security_policy" "us_all" {
  provider = aws.us
  name     = "us-all"
  type     = "network"
  policy   = jsonencode([{ Rules = [{ ResourceType = "collection", Resource = ["collection/*"] }], AllowFromPublic = true }])
}
resource "aws_opensearchserverless_security_policy" "dash" {
  name   = "dash"
  type   = "network"
  policy = jsonencode([{ Rules = [{ ResourceType = "dashboard", Resource = ["collection/logs-exact"] }], AllowFromPublic = true }])
}

resource "aws_opensearchserverless_collection" "by_prefix" { name = "logs-a" }
resource "aws_opensearchserverless_collection" "exact" { name = "logs-exact" }
resource "aws_opensearchserverless_collection" "unnamed" { name = var.name }
"""

FIREHOSE = """
resource "aws_kinesis_firehose_delivery_stream" "from_var" {
  name        = "to-somewhere"
  destination = "http_endpoint"
  http_endpoint_configuration { url = var.url }
}
resource "aws_kinesis_firehose_delivery_stream" "to_s3" {
  name        = "to-s3"
  destination = "extended_s3"
  extended_s3_configuration { bucket_arn = "arn:aws:s3:::b" }
}
"""


@pytest.fixture(scope="module")
def resources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Resource]:
    folder: Path = tmp_path_factory.mktemp("serverless-firehose")
    (folder / "main.tf").write_text(PROVIDERS + SERVERLESS + FIREHOSE)
    state = load_iac_state([folder], use_cache=False)
    assert not state.errors
    return {r.address: r for r in state.resources}


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("collection/logs", "logs", (True, 4)),
        ("collection/logs*", "logs-a", (False, 4)),
        ("collection/*", "anything", (False, 0)),
        ("collection/logs", "logs-a", None),
        ("collection/sales*", "logs-a", None),
    ],
)
def test_patterns_match_exact_names_and_trailing_wildcards(pattern, name, expected) -> None:
    assert pattern_matches(pattern, name) == expected


@pytest.mark.parametrize("pattern", ["index/logs/*", "collection/lo*gs", 7, Unknown("var.p has no value")])
def test_patterns_aws_does_not_define_cannot_be_read(pattern) -> None:
    with pytest.raises(Unreadable):
        pattern_matches(pattern, "logs")


def test_an_unreadable_policy_leaves_a_prefix_match_undecided(resources) -> None:
    key = resources["aws_opensearchserverless_collection.by_prefix"].attrs["customer_managed_key"]
    assert isinstance(key.raw, Unknown)
    assert key.raw.reason.startswith(
        "which encryption policy applies to collection 'logs-a' cannot be told: "
    )


def test_an_exact_rule_decides_whatever_else_cannot_be_read(resources) -> None:
    res = resources["aws_opensearchserverless_collection.exact"]
    assert res.attrs["customer_managed_key"].raw is True
    assert isinstance(res.attrs["kms_key_id"].raw, Unknown)  # the key's ARN, known after apply
    assert res.attrs["kms_key_id"].raw.ref == "aws_kms_key.k"


def test_a_public_dashboards_rule_exposes_the_collection_and_other_regions_never_apply(resources) -> None:
    exposed = resources["aws_opensearchserverless_collection.exact"].attrs["publicly_accessible"]
    assert exposed.raw is True and exposed.source.line is not None
    # us_all opens every collection, but only in us-east-1: logs-a in Ireland stays private.
    private = resources["aws_opensearchserverless_collection.by_prefix"].attrs["publicly_accessible"]
    assert private.raw is False and private.default


def test_a_collection_without_a_known_name_has_no_policy_to_follow(resources) -> None:
    res = resources["aws_opensearchserverless_collection.unnamed"]
    assert res.attrs["encrypted"].raw is True  # AWS encrypts every collection
    for attr in ("kms_key_id", "customer_managed_key", "publicly_accessible"):
        assert isinstance(res.attrs[attr].raw, Unknown)
        assert res.attrs[attr].raw.reason.startswith("which security policies apply cannot be told: ")


def test_a_firehose_url_the_code_does_not_give_is_https_but_its_copy_has_no_known_place(resources) -> None:
    endpoint = resources["aws_kinesis_firehose_delivery_stream.from_var.http_endpoint_configuration"]
    assert endpoint.attrs["plaintext_allowed"].raw is False
    assert endpoint.attrs["protocol"].raw == "HTTPS"
    assert isinstance(endpoint.region.raw, Unknown)
    assert endpoint.region.raw.reason.startswith("the HTTP endpoint's URL is unknown")


def test_only_http_endpoint_destinations_get_an_endpoint(resources) -> None:
    assert "aws_kinesis_firehose_delivery_stream.to_s3" in resources
    assert not [a for a in resources if a.startswith("aws_kinesis_firehose_delivery_stream.to_s3.")]
