"""Drift matches the stores added for issue 12 to their cloud twins, and AWS-filled keys are no change.

Code (HCL in ``tmp_path``) and cloud (the same things made on moto, or AWS's answers recorded
where moto fills nothing in) go through ``privacy-scan drift``'s comparison in-process. A launch
template is named by its name, a subscription filter by its log group and filter name, the Glue
Data Catalog by its catalog id, which is the account when the code leaves it out. Where the code
names no key, AWS names the service's own key (``alias/aws/ssm``, the ``aws/kafka`` key's ARN):
that is what the code asked for, so it is no drift; a customer's key there is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest

from scanner.drift.run import code_vs_cloud
from scanner.pipeline import load_iac_state
from scanner.promises import PromiseSet, load_promises_file
from scanner.state import State, Value

from .live_run import ACCOUNT, REGION, recorded_account, run_collectors

REPO = Path(__file__).resolve().parents[2]
TYPES = {
    "aws_launch_template",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_log_subscription_filter",
    "aws_glue_data_catalog_encryption_settings",
    "aws_ssm_parameter",
}
STREAM = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/copy"

HCL = """provider "aws" {{
  region = "{region}"
}}

resource "aws_launch_template" "web" {{
  name = "web"
  block_device_mappings {{
    device_name = "/dev/xvda"
    ebs {{
      encrypted  = true
      kms_key_id = "{key}"
    }}
  }}
}}

resource "aws_cloudwatch_log_group" "app" {{
  name              = "app"
  retention_in_days = 30
}}

resource "aws_cloudwatch_log_subscription_filter" "all" {{
  name            = "all"
  log_group_name  = aws_cloudwatch_log_group.app.name
  filter_pattern  = ""
  destination_arn = "{stream}"
}}

resource "aws_glue_data_catalog_encryption_settings" "catalog" {{
  data_catalog_encryption_settings {{
    connection_password_encryption {{
      return_connection_password_encrypted = false
    }}
    encryption_at_rest {{
      catalog_encryption_mode = "SSE-KMS"
      sse_aws_kms_key_id      = "{key}"
    }}
  }}
}}

resource "aws_ssm_parameter" "db" {{
  name  = "/app/db"
  type  = "SecureString"
  value = "x"
}}
"""


@pytest.fixture(scope="module")
def promise_set() -> PromiseSet:
    return load_promises_file(REPO / "fixtures" / "drift" / "promises.yaml")


def _code(tmp_path: Path, hcl: str) -> State:
    (tmp_path / "main.tf").write_text(hcl, encoding="utf-8")
    state = load_iac_state([tmp_path], use_cache=False)
    assert not state.errors, state.errors
    return state


def _build_on_moto() -> str:
    """The HCL's resources, made by hand in the empty moto account; the customer key's ARN."""
    client = lambda service: boto3.client(service, region_name=REGION)  # noqa: E731
    key = client("kms").create_key(Description="cmk")["KeyMetadata"]["Arn"]
    client("ec2").create_launch_template(
        LaunchTemplateName="web",
        LaunchTemplateData={
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "KmsKeyId": key}}]
        },
    )
    client("kinesis").create_stream(StreamName="copy", ShardCount=1)
    client("logs").create_log_group(logGroupName="app")
    client("logs").put_retention_policy(logGroupName="app", retentionInDays=30)
    client("logs").put_subscription_filter(
        logGroupName="app", filterName="all", filterPattern="", destinationArn=STREAM
    )
    client("glue").put_data_catalog_encryption_settings(
        DataCatalogEncryptionSettings={
            "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key},
            "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": False},
        }
    )
    client("ssm").put_parameter(Name="/app/db", Type="SecureString", Value="x")
    return key


def _cloud(names: set[str], types: set[str], account: Any = None) -> State:
    live, ran = run_collectors(names, account)
    assert ran.errors == [], ran.errors
    return State(resources=[r for r in live if r.resource_type in types], origin="live")


def _rows(report) -> list[tuple]:
    """(status, type, name, changed attributes) per drift item."""
    return [
        (i.status, i.resource_type, i.identity, tuple(c.attribute for c in i.changes)) for i in report.items
    ]


def test_the_new_stores_match_their_cloud_twins_and_a_clean_apply_is_no_drift(
    aws: str, tmp_path: Path, promise_set: PromiseSet
) -> None:
    key = _build_on_moto()
    cloud = _cloud({"launch_templates", "logs", "glue", "ssm", "kms"}, TYPES)
    code = _code(tmp_path, HCL.format(region=REGION, key=key, stream=STREAM))
    assert sorted(r.resource_type for r in cloud.resources) == sorted(TYPES)
    report = code_vs_cloud(code, cloud, promise_set)
    assert _rows(report) == []  # no unmatched: each has a name both sides give
    assert report.not_compared == []
    assert report.exit_code() == 0

    # The same cloud, changed by hand: each change is named on the resource it was made to.
    for res in cloud.resources:
        if res.resource_type == "aws_launch_template":
            res.attrs["encrypted"] = Value(False, res.source)
        if res.resource_type == "aws_cloudwatch_log_subscription_filter":
            res.region = Value("us-east-1", res.source)  # the copy now goes to Virginia
        if res.resource_type == "aws_glue_data_catalog_encryption_settings":
            res.attrs["encrypted"] = Value(False, res.source)
    report = code_vs_cloud(code, cloud, promise_set)
    assert _rows(report) == [
        ("changed", "aws_cloudwatch_log_subscription_filter", "app:all", ("region",)),
        ("changed", "aws_glue_data_catalog_encryption_settings", ACCOUNT, ("encrypted",)),
        ("changed", "aws_launch_template", "web", ("encrypted",)),
    ]


def test_a_catalog_id_in_the_code_names_that_catalog(
    aws: str, tmp_path: Path, promise_set: PromiseSet
) -> None:
    key = _build_on_moto()
    cloud = _cloud({"glue", "kms"}, {"aws_glue_data_catalog_encryption_settings"})
    hcl = HCL.format(region=REGION, key=key, stream=STREAM).replace(
        "data_catalog_encryption_settings {\n    connection",
        'catalog_id = "210987654321"\n  data_catalog_encryption_settings {\n    connection',
    )
    code = _code(tmp_path, hcl)
    code.resources = [r for r in code.resources if r.resource_type in cloud_types(cloud)]
    report = code_vs_cloud(code, cloud, promise_set)
    assert _rows(report) == [
        ("unmanaged", "aws_glue_data_catalog_encryption_settings", ACCOUNT, ()),
        ("missing", "aws_glue_data_catalog_encryption_settings", "210987654321", ()),
    ]


def cloud_types(state: State) -> set[str]:
    return {r.resource_type for r in state.resources}


# ------------------------------------------------------------ MSK: the aws/kafka key AWS fills in
MSK_HCL = f'''provider "aws" {{
  region = "{REGION}"
}}

resource "aws_msk_cluster" "events" {{
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 2
  broker_node_group_info {{
    instance_type  = "kafka.m5.large"
    client_subnets = ["subnet-1", "subnet-2"]
  }}
}}
'''
KAFKA_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"


def _msk_answers(manager: str) -> list[dict[str, Any]]:
    """AWS's answers for a cluster made without a key: it reports the key it chose, owned by ``manager``."""
    key_id = KAFKA_KEY.rsplit("/", 1)[-1]
    meta = {"KeyId": key_id, "Arn": KAFKA_KEY, "KeyManager": manager, "KeyState": "Enabled"}
    kms = [
        {
            "service": "kms",
            "operation": "ListKeys",
            "response": {"Keys": [{"KeyId": key_id, "KeyArn": KAFKA_KEY}]},
        },
        {
            "service": "kms",
            "operation": "ListAliases",
            "response": {"Aliases": [{"AliasName": "alias/aws/kafka", "TargetKeyId": key_id}]},
        },
        {"service": "kms", "operation": "DescribeKey", "response": {"KeyMetadata": meta}},
    ]
    if manager == "CUSTOMER":
        kms += [
            {"service": "kms", "operation": "GetKeyRotationStatus", "response": {"KeyRotationEnabled": True}},
            {"service": "kms", "operation": "GetKeyPolicy", "response": {"Policy": "{}"}},
        ]
    cluster = {
        "ClusterArn": f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/events/1",
        "ClusterName": "events",
        "ClusterType": "PROVISIONED",
        "Provisioned": {
            "BrokerNodeGroupInfo": {
                "InstanceType": "kafka.m5.large",
                "ClientSubnets": ["subnet-1", "subnet-2"],
            },
            "NumberOfBrokerNodes": 2,
            "EncryptionInfo": {
                "EncryptionAtRest": {"DataVolumeKMSKeyId": KAFKA_KEY},
                "EncryptionInTransit": {"ClientBroker": "TLS", "InCluster": True},
            },
        },
    }
    return [
        *kms,
        {"service": "kafka", "operation": "ListClustersV2", "response": {"ClusterInfoList": [cluster]}},
    ]


@pytest.mark.parametrize(
    ("manager", "expected"),
    [
        ("AWS", []),  # the service's own key, as the code asked: no drift
        ("CUSTOMER", [("changed", "aws_msk_cluster", "events", ("customer_managed_key", "kms_key_id"))]),
    ],
)
def test_a_key_aws_fills_in_is_no_drift_a_customer_key_is(
    manager: str, expected: list, tmp_path: Path, promise_set: PromiseSet
) -> None:
    cloud = _cloud({"msk", "kms"}, {"aws_msk_cluster"}, recorded_account(_msk_answers(manager)))
    report = code_vs_cloud(_code(tmp_path, MSK_HCL), cloud, promise_set)
    assert _rows(report) == expected
    assert report.not_compared == []
