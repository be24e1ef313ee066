"""The same configuration through a Terraform adapter and, as AWS answers it (moto), through the collector.

Issue 11's done-when: for every kind, code and cloud give identical state attributes. This
table holds the newer stores; ``test_identical_state_core.py`` holds the older kinds. The
comparison itself is :func:`tests.parity.parity_case.assert_same_state`.
What moto does not serve is said where it matters (Lambda's function URL listing: a Stubber
test in ``test_lambda_stubbed.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .live_run import ACCOUNT, REGION, kms_calls
from .parity_case import AWS_KEY, ROLE, Case, assert_same_state

CASES = [
    Case(
        "ssm-secure-string-aws-key",
        {"ssm"},
        "aws_ssm_parameter",
        'resource "aws_ssm_parameter" "p" {{\n  name = "/app/db"\n  type = "SecureString"\n  value = "x"\n}}',
        lambda c, key: c("ssm").put_parameter(Name="/app/db", Type="SecureString", Value="x"),
        {"kms_key_id": AWS_KEY},
    ),
    Case(
        "ssm-secure-string-customer-key",
        {"ssm", "kms"},
        "aws_ssm_parameter",
        'resource "aws_ssm_parameter" "p" {{\n  name = "/app/db"\n  type = "SecureString"\n'
        '  value = "x"\n  key_id = "{key}"\n}}',
        lambda c, key: c("ssm").put_parameter(Name="/app/db", Type="SecureString", Value="x", KeyId=key),
    ),
    Case(
        "ssm-plain-string",
        {"ssm"},
        "aws_ssm_parameter",
        'resource "aws_ssm_parameter" "p" {{\n  name = "/app/url"\n  type = "String"\n  value = "x"\n}}',
        lambda c, key: c("ssm").put_parameter(Name="/app/url", Type="String", Value="x"),
    ),
    Case(
        "secret-default-key",
        {"secretsmanager"},
        "aws_secretsmanager_secret",
        'resource "aws_secretsmanager_secret" "s" {{\n  name = "db"\n}}',
        lambda c, key: c("secretsmanager").create_secret(Name="db"),
    ),
    Case(
        "secret-customer-key",
        {"secretsmanager", "kms"},
        "aws_secretsmanager_secret",
        'resource "aws_secretsmanager_secret" "s" {{\n  name = "db"\n  kms_key_id = "{key}"\n}}',
        lambda c, key: c("secretsmanager").create_secret(Name="db", KmsKeyId=key),
    ),
    Case(
        "docdb-encrypted-customer-key",
        {"docdb_neptune", "kms"},
        "aws_docdb_cluster",
        'resource "aws_docdb_cluster" "d" {{\n  cluster_identifier = "docs"\n  master_username = "u"\n'
        '  master_password = "password1"\n  storage_encrypted = true\n  kms_key_id = "{key}"\n}}',
        None,
        # moto's RDS refuses Engine "docdb": AWS's answer (DescribeDBClusters) is recorded instead.
        recorded=lambda key: [
            *kms_calls(key),
            {
                "service": "rds",
                "operation": "DescribeDBClusters",
                "response": {
                    "DBClusters": [
                        {
                            "DBClusterIdentifier": "docs",
                            "DBClusterArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:docs",
                            "Engine": "docdb",
                            "StorageEncrypted": True,
                            "KmsKeyId": key,
                        }
                    ]
                },
            },
        ],
    ),
    Case(
        "neptune-unencrypted",
        {"docdb_neptune"},
        "aws_neptune_cluster",
        'resource "aws_neptune_cluster" "n" {{\n  cluster_identifier = "graph"\n}}',
        lambda c, key: c("neptune").create_db_cluster(DBClusterIdentifier="graph", Engine="neptune"),
    ),
    Case(
        "dax-encrypted-tls",
        {"dax"},
        "aws_dax_cluster",
        'resource "aws_dax_cluster" "x" {{\n  cluster_name = "cache"\n  iam_role_arn = "' + ROLE + '"\n'
        '  node_type = "dax.t3.small"\n  replication_factor = 1\n'
        "  server_side_encryption {{\n    enabled = true\n  }}\n"
        '  cluster_endpoint_encryption_type = "TLS"\n}}',
        lambda c, key: c("dax").create_cluster(
            ClusterName="cache",
            NodeType="dax.t3.small",
            ReplicationFactor=1,
            IamRoleArn=ROLE,
            SSESpecification={"Enabled": True},
            ClusterEndpointEncryptionType="TLS",
        ),
    ),
    Case(
        "dax-plain",
        {"dax"},
        "aws_dax_cluster",
        'resource "aws_dax_cluster" "x" {{\n  cluster_name = "cache"\n  iam_role_arn = "' + ROLE + '"\n'
        '  node_type = "dax.t3.small"\n  replication_factor = 1\n}}',
        lambda c, key: c("dax").create_cluster(
            ClusterName="cache", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE
        ),
    ),
    Case(
        "eks-secrets-encrypted-public-endpoint",
        {"eks", "kms"},
        "aws_eks_cluster",
        'resource "aws_eks_cluster" "k" {{\n  name = "k8s"\n  role_arn = "' + ROLE + '"\n'
        '  vpc_config {{\n    subnet_ids = ["subnet-1"]\n  }}\n'
        '  encryption_config {{\n    resources = ["secrets"]\n    provider {{\n      key_arn = "{key}"\n    }}\n  }}\n}}',
        lambda c, key: c("eks").create_cluster(
            name="k8s",
            roleArn=ROLE,
            resourcesVpcConfig={"subnetIds": ["subnet-1"]},
            encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
        ),
    ),
    Case(
        "eks-private-endpoint",
        {"eks"},
        "aws_eks_cluster",
        # the version is given on both sides: moto's default Kubernetes version is far older than AWS's
        'resource "aws_eks_cluster" "k" {{\n  name = "k8s"\n  version = "1.31"\n  role_arn = "' + ROLE + '"\n'
        '  vpc_config {{\n    subnet_ids = ["subnet-1"]\n    endpoint_public_access = false\n'
        "    endpoint_private_access = true\n  }}\n}}",
        lambda c, key: c("eks").create_cluster(
            name="k8s",
            version="1.31",
            roleArn=ROLE,
            resourcesVpcConfig={
                "subnetIds": ["subnet-1"],
                "endpointPublicAccess": False,
                "endpointPrivateAccess": True,
            },
        ),
    ),
    Case(
        "glue-catalog-sse-kms",
        {"glue", "kms"},
        "aws_glue_data_catalog_encryption_settings",
        'resource "aws_glue_data_catalog_encryption_settings" "g" {{\n  data_catalog_encryption_settings {{\n'
        "    connection_password_encryption {{\n      return_connection_password_encrypted = false\n    }}\n"
        '    encryption_at_rest {{\n      catalog_encryption_mode = "SSE-KMS"\n      sse_aws_kms_key_id = "{key}"\n'
        "    }}\n  }}\n}}",
        lambda c, key: c("glue").put_data_catalog_encryption_settings(
            DataCatalogEncryptionSettings={
                "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key},
                "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": False},
            }
        ),
    ),
    Case(
        "mq-customer-key-public",
        {"mq", "kms"},
        "aws_mq_broker",
        'resource "aws_mq_broker" "b" {{\n  broker_name = "orders"\n  engine_type = "ActiveMQ"\n'
        '  engine_version = "5.17.6"\n  host_instance_type = "mq.t3.micro"\n  publicly_accessible = true\n'
        '  encryption_options {{\n    use_aws_owned_key = false\n    kms_key_id = "{key}"\n  }}\n'
        '  user {{\n    username = "u"\n    password = "password1234"\n  }}\n}}',
        lambda c, key: c("mq").create_broker(
            BrokerName="orders",
            EngineType="ActiveMQ",
            EngineVersion="5.17.6",
            HostInstanceType="mq.t3.micro",
            DeploymentMode="SINGLE_INSTANCE",
            PubliclyAccessible=True,
            AutoMinorVersionUpgrade=True,
            EncryptionOptions={"UseAwsOwnedKey": False, "KmsKeyId": key},
            Users=[{"Username": "u", "Password": "password1234"}],
        ),
    ),
    Case(
        "mq-aws-owned-key",
        {"mq"},
        "aws_mq_broker",
        'resource "aws_mq_broker" "b" {{\n  broker_name = "orders"\n  engine_type = "ActiveMQ"\n'
        '  engine_version = "5.17.6"\n  host_instance_type = "mq.t3.micro"\n'
        '  user {{\n    username = "u"\n    password = "password1234"\n  }}\n}}',
        lambda c, key: c("mq").create_broker(
            BrokerName="orders",
            EngineType="ActiveMQ",
            EngineVersion="5.17.6",
            HostInstanceType="mq.t3.micro",
            DeploymentMode="SINGLE_INSTANCE",
            PubliclyAccessible=False,
            AutoMinorVersionUpgrade=True,
            Users=[{"Username": "u", "Password": "password1234"}],
        ),
    ),
    Case(
        "msk-customer-key-plaintext-allowed",
        {"msk", "kms"},
        "aws_msk_cluster",
        'resource "aws_msk_cluster" "m" {{\n  cluster_name = "events"\n  kafka_version = "3.6.0"\n'
        "  number_of_broker_nodes = 2\n"
        '  broker_node_group_info {{\n    instance_type = "kafka.m5.large"\n    client_subnets = ["subnet-1", "subnet-2"]\n'
        '  }}\n  encryption_info {{\n    encryption_at_rest_kms_key_arn = "{key}"\n'
        '    encryption_in_transit {{\n      client_broker = "TLS_PLAINTEXT"\n    }}\n  }}\n}}',
        lambda c, key: c("kafka").create_cluster(
            ClusterName="events",
            KafkaVersion="3.6.0",
            NumberOfBrokerNodes=2,
            BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large", "ClientSubnets": ["subnet-1", "subnet-2"]},
            EncryptionInfo={
                "EncryptionAtRest": {"DataVolumeKMSKeyId": key},
                "EncryptionInTransit": {"ClientBroker": "TLS_PLAINTEXT"},
            },
        ),
    ),
    Case(
        "sns-subscription-queue-elsewhere",
        {"sns_subscriptions"},
        "aws_sns_topic_subscription",
        'resource "aws_sns_topic_subscription" "s" {{\n  topic_arn = "arn:aws:sns:eu-west-1:'
        + ACCOUNT
        + ':orders"\n'
        '  protocol = "sqs"\n  endpoint = "arn:aws:sqs:us-east-1:' + ACCOUNT + ':copy"\n}}',
        lambda c, key: c("sns").subscribe(
            TopicArn=c("sns").create_topic(Name="orders")["TopicArn"],
            Protocol="sqs",
            Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:copy",
        ),
    ),
    Case(
        "sns-subscription-plain-http",
        {"sns_subscriptions"},
        "aws_sns_topic_subscription",
        'resource "aws_sns_topic_subscription" "s" {{\n  topic_arn = "arn:aws:sns:eu-west-1:'
        + ACCOUNT
        + ':orders"\n'
        '  protocol = "http"\n  endpoint = "http://example.com/hook"\n}}',
        lambda c, key: c("sns").subscribe(
            TopicArn=c("sns").create_topic(Name="orders")["TopicArn"],
            Protocol="http",
            Endpoint="http://example.com/hook",
        ),
    ),
    Case(
        "log-subscription-to-stream",
        {"logs"},
        "aws_cloudwatch_log_subscription_filter",
        'resource "aws_cloudwatch_log_subscription_filter" "f" {{\n  name = "all"\n  log_group_name = "app"\n'
        '  filter_pattern = ""\n  destination_arn = "arn:aws:kinesis:eu-west-1:'
        + ACCOUNT
        + ':stream/copy"\n}}',
        lambda c, key: _log_subscription(c),
    ),
    Case(
        "instance-encrypted-root",
        {"ec2_instances", "kms"},
        "aws_instance",
        'resource "aws_instance" "i" {{\n  ami = "ami-12c6146b"\n  instance_type = "t3.micro"\n'
        '  root_block_device {{\n    encrypted = true\n    kms_key_id = "{key}"\n  }}\n}}',
        lambda c, key: _instance(c, {"Encrypted": True, "KmsKeyId": key}),
    ),
    Case(
        "instance-unencrypted-root",
        {"ec2_instances"},
        "aws_instance",
        'resource "aws_instance" "i" {{\n  ami = "ami-12c6146b"\n  instance_type = "t3.micro"\n}}',
        lambda c, key: _instance(c, None),
    ),
    Case(
        "launch-template-encrypted-device",
        {"launch_templates", "kms"},
        "aws_launch_template",
        'resource "aws_launch_template" "t" {{\n  name = "web"\n  block_device_mappings {{\n'
        '    device_name = "/dev/xvda"\n    ebs {{\n      encrypted = true\n      kms_key_id = "{key}"\n    }}\n  }}\n}}',
        lambda c, key: c("ec2").create_launch_template(
            LaunchTemplateName="web",
            LaunchTemplateData={
                "BlockDeviceMappings": [
                    {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "KmsKeyId": key}}
                ]
            },
        ),
    ),
    Case(
        "launch-template-silent-device",
        {"launch_templates"},
        "aws_launch_template",
        'resource "aws_launch_template" "t" {{\n  name = "web"\n  block_device_mappings {{\n'
        '    device_name = "/dev/xvda"\n    ebs {{\n      volume_size = 20\n    }}\n  }}\n}}',
        lambda c, key: c("ec2").create_launch_template(
            LaunchTemplateName="web",
            LaunchTemplateData={
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20}}]
            },
        ),
    ),
    # Stores whose adapter and collector existed before: the same comparison.
    Case(
        "sqs-default",
        {"sqs"},
        "aws_sqs_queue",
        'resource "aws_sqs_queue" "q" {{\n  name = "orders"\n}}',
        lambda c, key: c("sqs").create_queue(QueueName="orders"),
    ),
    Case(
        "sns-topic-customer-key",
        {"sns", "kms"},
        "aws_sns_topic",
        'resource "aws_sns_topic" "t" {{\n  name = "orders"\n  kms_master_key_id = "{key}"\n}}',
        lambda c, key: c("sns").create_topic(Name="orders", Attributes={"KmsMasterKeyId": key}),
        {"policy": "AWS attaches its default topic policy where the code gives none"},
    ),
    Case(
        "kinesis-kms-48-hours",
        {"kinesis", "kms"},
        "aws_kinesis_stream",
        'resource "aws_kinesis_stream" "s" {{\n  name = "clicks"\n  shard_count = 1\n  retention_period = 48\n'
        '  encryption_type = "KMS"\n  kms_key_id = "{key}"\n}}',
        lambda c, key: _stream(c, key),
    ),
    Case(
        "log-group-customer-key-30-days",
        {"logs", "kms"},
        "aws_cloudwatch_log_group",
        'resource "aws_cloudwatch_log_group" "g" {{\n  name = "app"\n  retention_in_days = 30\n  kms_key_id = "{key}"\n}}',
        lambda c, key: _log_group(c, key),
    ),
    # EFS: moto answers DescribeReplicationConfigurations with an HTTP 500; a Stubber case is in
    # test_identical_state_core.py.
]


def _log_subscription(c: Callable[[str], Any]) -> None:
    c("kinesis").create_stream(StreamName="copy", ShardCount=1)
    c("logs").create_log_group(logGroupName="app")
    c("logs").put_subscription_filter(
        logGroupName="app",
        filterName="all",
        filterPattern="",
        destinationArn=f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/copy",
    )


def _stream(c: Callable[[str], Any], key: str) -> None:
    kinesis = c("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    kinesis.increase_stream_retention_period(StreamName="clicks", RetentionPeriodHours=48)
    kinesis.start_stream_encryption(StreamName="clicks", EncryptionType="KMS", KeyId=key)


def _log_group(c: Callable[[str], Any], key: str) -> None:
    c("logs").create_log_group(logGroupName="app", kmsKeyId=key)
    c("logs").put_retention_policy(logGroupName="app", retentionInDays=30)


def _instance(c: Callable[[str], Any], root: dict[str, Any] | None) -> None:
    ec2 = c("ec2")
    image = ec2.register_image(Name="base", RootDeviceName="/dev/xvda")["ImageId"]
    mappings = [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, **root}}] if root else []
    ec2.run_instances(
        ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, BlockDeviceMappings=mappings
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_code_and_cloud_give_the_same_state(case: Case, aws: str, tmp_path: Path) -> None:
    assert_same_state(case, tmp_path)
