"""Identity rules: names from names, ARNs and URLs; listeners; global types; terraform.tfstate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.drift.identity import IdentityKey, key_of, listener_name, name_of, plain_name
from scanner.drift.tfstate import MISSING, load_tfstate, resolve
from scanner.state import Kind, Resource, Source, Value
from scanner.util.yamlfile import InputError


def res(rtype: str, identity, region="eu-west-1", kind=Kind.OBJECT_STORE) -> Resource:
    return Resource(
        kind=kind,
        address=f"{rtype}.x",
        resource_type=rtype,
        source=Source(file="main.tf", line=1),
        region=Value(region),
        identity=identity if identity is None or isinstance(identity, Value) else Value(identity),
    )


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("acme-data", "acme-data"),
        ("arn:aws:s3:::acme-data", "acme-data"),
        ("arn:aws:logs:eu-west-1:123456789012:log-group:/acme/app:*", "/acme/app"),
        ("arn:aws:rds:eu-west-1:123456789012:db:acme-customers", "acme-customers"),
        ("arn:aws:dynamodb:eu-west-1:123456789012:table/orders", "orders"),
        ("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "jobs"),
        ("arn:aws:sns:eu-west-1:123456789012:alerts", "alerts"),
        ("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/50dc6c495c0c9188", "web"),
        ("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/classic-web", "classic-web"),
    ],
)
def test_plain_name(raw: str, name: str) -> None:
    assert plain_name(raw) == name


def test_listener_is_load_balancer_and_port() -> None:
    assert listener_name("web:443") == "web:443"
    assert listener_name({"load_balancer": "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/abc",
                          "port": 443}) == "web:443"  # fmt: skip
    assert listener_name({"load_balancer": "web", "port": "80"}) == "web:80"
    assert listener_name("web") is None
    listener = res("aws_alb_listener", "web:443", kind=Kind.ENDPOINT)
    assert key_of(listener) == IdentityKey("aws_lb_listener", "web:443", "eu-west-1")


def test_buckets_are_global_others_regional() -> None:
    assert key_of(res("aws_s3_bucket", "b")) == IdentityKey("aws_s3_bucket", "b", None)
    group = res("aws_cloudwatch_log_group", "/a", kind=Kind.LOG_STORE)
    assert key_of(group) == IdentityKey("aws_cloudwatch_log_group", "/a", "eu-west-1")


def test_unknown_and_aws_assigned_names_say_why() -> None:
    prefixed = res("aws_s3_bucket", Value.unknown("the name is generated from bucket_prefix 'x-'"))
    assert name_of(prefixed) == (None, "its name is unknown: the name is generated from bucket_prefix 'x-'")
    volume = res("aws_ebs_volume", None, kind=Kind.VOLUME)
    assert name_of(volume) == (None, "AWS assigns the volume id; give --tfstate to match it")
    assert key_of(volume) is None


def test_tfstate_v4_addresses_ids_and_names(tmp_path: Path) -> None:
    state = {
        "version": 4,
        "resources": [
            {"mode": "managed", "type": "aws_s3_bucket", "name": "scratch",
             "instances": [{"attributes": {"id": "acme-scratch-2024", "arn": "arn:aws:s3:::acme-scratch-2024",
                                           "bucket": "acme-scratch-2024"}}]},
            {"module": "module.db", "mode": "managed", "type": "aws_db_instance", "name": "this",
             "instances": [{"index_key": 0, "attributes": {"id": "db-ABC", "identifier": "acme-db",
                                                           "arn": "arn:aws:rds:eu-west-1:1:db:acme-db"}}]},
            {"mode": "managed", "type": "aws_ebs_volume", "name": "v",
             "instances": [{"index_key": "a", "attributes": {"id": "vol-1", "arn": "arn:aws:ec2:eu-west-1:1:volume/vol-1"}}]},
            {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{"attributes": {"id": "1"}}]},
        ],
    }  # fmt: skip
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(state))
    entries = load_tfstate(path)
    assert sorted(entries) == [
        'aws_ebs_volume.v["a"]',
        "aws_s3_bucket.scratch",
        "data.aws_caller_identity.me",
        "module.db.aws_db_instance.this[0]",
    ]
    db = entries["module.db.aws_db_instance.this[0]"]
    assert (db.id, db.arn, db.names) == ("db-ABC", "arn:aws:rds:eu-west-1:1:db:acme-db", {"acme-db"})
    assert resolve(entries, 'aws_ebs_volume.v["a"].arn') == "arn:aws:ec2:eu-west-1:1:volume/vol-1"
    assert (
        resolve(entries, "module.db.aws_db_instance.this[0].identifier", "module.db.aws_db_instance.this[0]")
        == "acme-db"
    )
    assert resolve(entries, "data.aws_caller_identity.me.id") == "1"
    assert resolve(entries, "aws_s3_bucket.scratch.policy") is MISSING
    assert resolve(entries, "aws_s3_bucket.other.arn") is MISSING


def test_tfstate_never_keeps_sensitive_attributes_and_steps_into_nested_blocks(tmp_path: Path) -> None:
    state = {
        "version": 4,
        "resources": [
            {"mode": "managed", "type": "aws_db_instance", "name": "db",
             "instances": [{"attributes": {"id": "db-1", "password": "hunter22",
                                           "blue_green_update": [{"enabled": False}]},
                            "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]},
        ],
    }  # fmt: skip
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(state))
    entries = load_tfstate(path)
    assert "password" not in entries["aws_db_instance.db"].attributes
    assert resolve(entries, "aws_db_instance.db.password") is MISSING
    assert resolve(entries, "aws_db_instance.db.blue_green_update.enabled") is False
    assert resolve(entries, "aws_db_instance.db.blue_green_update[0].enabled") is False


def test_tfstate_of_another_format_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "old.tfstate"
    path.write_text(json.dumps({"version": 3, "modules": []}))
    with pytest.raises(InputError, match="not a Terraform state file of format version 4"):
        load_tfstate(path)
