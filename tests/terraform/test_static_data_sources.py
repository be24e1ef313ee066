"""data.aws_region and data.aws_partition answer from the provider's region; the account id does not.

fixtures/terraform/static-data-sources asserts the verdicts these values decide; these pin the
values themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.knowledge.partitions import partition_of
from scanner.sources.terraform.loader import load_config
from scanner.state.value import Unknown

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "static-data-sources"


@pytest.fixture(scope="module")
def blocks() -> dict:
    config = load_config([FOLDER], [], {}, env={}, use_cache=False)
    return {b.address: b for b in config.blocks}


def test_region_and_partition_follow_the_provider_that_reads_them(blocks: dict) -> None:
    answers = blocks["terraform_data.answers"].attrs["input"]
    assert answers["paris"] == "eu-west-3"  # its own region argument (provider 6)
    assert answers["here"] == "eu-central-1"  # the default provider
    assert answers["china"] == "aws-cn" and answers["china_dns"] == "amazonaws.com.cn"  # an alias
    assert blocks["aws_s3_bucket.open"].attrs["bucket"] == "sd-open-eu-central-1"
    # the provider passed to the module
    assert blocks["module.named.aws_s3_bucket.named"].attrs["bucket"] == "sd-named-us-east-1"


def test_the_account_id_stays_unknown_and_says_why(blocks: dict) -> None:
    account = blocks["terraform_data.answers"].attrs["input"]["account_id"]
    assert isinstance(account, Unknown)
    assert account.reason == (
        "data source data.aws_caller_identity.current: the account Terraform runs as is not named in the "
        "configuration"
    )


def test_without_a_provider_region_the_region_is_unknown_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {}\ndata "aws_region" "r" {}\nresource "terraform_data" "t" {\n  input = data.aws_region.r.name\n}\n'
    )
    config = load_config([tmp_path], [], {}, env={}, use_cache=False)
    value = {b.address: b for b in config.blocks}["terraform_data.t"].attrs["input"]
    assert isinstance(value, Unknown)
    assert value.reason == (
        "data source data.aws_region.r: its provider's region is unknown: no region set in provider aws; "
        "set AWS_REGION or region in the provider block"
    )


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("eu-west-1", "aws"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("xx-nowhere-1", None),
    ],
)
def test_partitions(region: str, partition: str | None) -> None:
    found = partition_of(region)
    assert (found.name if found else None) == partition
