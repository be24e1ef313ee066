"""The live acceptance scenario: a compliant and a violating resource per check moto can represent.

Everything is created through the AWS API (boto3 against moto), in eu-west-1
(inside the EEA) and us-east-1 (outside). ``build`` returns names for the
values only AWS chooses (KMS key ARNs), which expected-verdict files refer to
as ``{name}``. Resources are named ``ok-…`` / ``bad-…`` after what they test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3

EU = "eu-west-1"
US = "us-east-1"
ACCOUNT = "123456789012"

Builder = Callable[[dict[str, Any]], None]
BUILDERS: list[Builder] = []


def builder(fn: Builder) -> Builder:
    BUILDERS.append(fn)
    return fn


def client(service: str, region: str = EU):
    return boto3.client(service, region_name=region)


def build() -> dict[str, Any]:
    names: dict[str, Any] = {}
    for fn in BUILDERS:
        fn(names)
    return names


# --------------------------------------------------------------------------- KMS
@builder
def kms(names: dict[str, Any]) -> None:
    eu = client("kms")
    good = eu.create_key(Description="ok-key")["KeyMetadata"]
    eu.enable_key_rotation(KeyId=good["KeyId"])
    names["key_ok"] = good["Arn"]
    bad = eu.create_key(Description="bad-key-no-rotation")["KeyMetadata"]
    names["key_bad"] = bad["Arn"]


# --------------------------------------------------------------------------- logs
@builder
def logs(names: dict[str, Any]) -> None:
    eu = client("logs")
    eu.create_log_group(logGroupName="ok-logs-30d", kmsKeyId=names["key_ok"])
    eu.put_retention_policy(logGroupName="ok-logs-30d", retentionInDays=30)
    eu.create_log_group(logGroupName="bad-logs-forever")
    eu.create_log_group(logGroupName="bad-logs-400d")
    eu.put_retention_policy(logGroupName="bad-logs-400d", retentionInDays=400)
    us = client("logs", US)
    us.create_log_group(logGroupName="bad-logs-in-us")
    us.put_retention_policy(logGroupName="bad-logs-in-us", retentionInDays=7)


# --------------------------------------------------------------------------- S3
def _bucket(name: str, region: str = EU) -> Any:
    s3 = client("s3", region)
    if region == US:
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    return s3


@builder
def s3(names: dict[str, Any]) -> None:
    # A compliant bucket: KMS, blocked, versioned, expiring after 30 days, logged, replicated in the EEA.
    ok = _bucket("ok-bucket")
    _bucket("ok-bucket-replica", "eu-central-1")
    _bucket("ok-access-logs")
    ok.put_bucket_encryption(
        Bucket="ok-bucket",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": names["key_ok"],
                    }
                }
            ]
        },
    )
    ok.put_public_access_block(
        Bucket="ok-bucket",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    ok.put_bucket_versioning(Bucket="ok-bucket", VersioningConfiguration={"Status": "Enabled"})
    client("s3", "eu-central-1").put_bucket_versioning(
        Bucket="ok-bucket-replica", VersioningConfiguration={"Status": "Enabled"}
    )
    ok.put_bucket_lifecycle_configuration(
        Bucket="ok-bucket",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire-30",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 30},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
                }
            ]
        },
    )
    ok.put_bucket_policy(
        Bucket="ok-access-logs",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "logging.s3.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": "arn:aws:s3:::ok-access-logs/*",
                    }
                ],
            }
        ),
    )
    ok.put_bucket_logging(
        Bucket="ok-bucket",
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "ok-access-logs", "TargetPrefix": "ok/"}},
    )
    ok.put_bucket_replication(
        Bucket="ok-bucket",
        ReplicationConfiguration={
            "Role": f"arn:aws:iam::{ACCOUNT}:role/replication",
            "Rules": [
                {
                    "ID": "to-frankfurt",
                    "Status": "Enabled",
                    "Priority": 1,
                    "Filter": {"Prefix": ""},
                    "DeleteMarkerReplication": {"Status": "Disabled"},
                    "Destination": {"Bucket": "arn:aws:s3:::ok-bucket-replica"},
                }
            ],
        },
    )
    ok.put_bucket_policy(
        Bucket="ok-bucket",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyPlainHTTP",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::ok-bucket", "arn:aws:s3:::ok-bucket/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )
    # A violating bucket: public policy and ACL, no block, kept forever, replicated to the US.
    bad = _bucket("bad-bucket")
    _bucket("bad-bucket-replica-us", US)
    bad.put_bucket_versioning(Bucket="bad-bucket", VersioningConfiguration={"Status": "Enabled"})
    client("s3", US).put_bucket_versioning(
        Bucket="bad-bucket-replica-us", VersioningConfiguration={"Status": "Enabled"}
    )
    bad.put_bucket_policy(
        Bucket="bad-bucket",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::bad-bucket/*",
                    }
                ],
            }
        ),
    )
    bad.put_bucket_acl(Bucket="bad-bucket", ACL="public-read")
    bad.put_bucket_replication(
        Bucket="bad-bucket",
        ReplicationConfiguration={
            "Role": f"arn:aws:iam::{ACCOUNT}:role/replication",
            "Rules": [
                {
                    "ID": "to-virginia",
                    "Status": "Enabled",
                    "Priority": 1,
                    "Filter": {"Prefix": ""},
                    "DeleteMarkerReplication": {"Status": "Disabled"},
                    "Destination": {"Bucket": "arn:aws:s3:::bad-bucket-replica-us"},
                }
            ],
        },
    )
    # Outside the EEA, and only an AWS-default encryption (moto reports none: see test_s3_recorded).
    _bucket("bad-bucket-in-us", US)


# --------------------------------------------------------------------------- CloudTrail
@builder
def cloudtrail(names: dict[str, Any]) -> None:
    _bucket("trail-logs")
    eu = client("cloudtrail")
    eu.create_trail(
        Name="ok-trail",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=names["key_ok"],
    )
    eu.put_event_selectors(
        TrailName="ok-trail",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::ok-bucket/"]}],
            }
        ],
    )
    eu.start_logging(Name="ok-trail")
    eu.create_trail(Name="bad-trail", S3BucketName="trail-logs")  # one region, not validated, not logging


# --------------------------------------------------------------------------- RDS
@builder
def rds(names: dict[str, Any]) -> None:
    eu = client("rds")
    eu.create_db_parameter_group(
        DBParameterGroupName="force-ssl", DBParameterGroupFamily="postgres16", Description="TLS only"
    )
    eu.modify_db_parameter_group(
        DBParameterGroupName="force-ssl",
        Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}],
    )
    common = {
        "DBInstanceClass": "db.t3.micro",
        "MasterUsername": "admin",
        "MasterUserPassword": "secret-pass-1",
    }
    eu.create_db_instance(
        DBInstanceIdentifier="ok-db",
        Engine="postgres",
        EngineVersion="16.3",
        AllocatedStorage=20,
        StorageEncrypted=True,
        KmsKeyId=names["key_ok"],
        DBParameterGroupName="force-ssl",
        BackupRetentionPeriod=7,
        PubliclyAccessible=False,
        EnableCloudwatchLogsExports=["postgresql"],
        **common,
    )
    eu.create_db_instance(
        DBInstanceIdentifier="bad-db",
        Engine="mysql",
        EngineVersion="8.0.35",
        AllocatedStorage=20,
        StorageEncrypted=False,
        BackupRetentionPeriod=35,
        PubliclyAccessible=True,
        **common,
    )
    client("rds", US).create_db_instance(
        DBInstanceIdentifier="bad-db-in-us",
        Engine="postgres",
        EngineVersion="16.3",
        AllocatedStorage=20,
        StorageEncrypted=True,
        **common,
    )
    eu.create_db_snapshot(DBInstanceIdentifier="ok-db", DBSnapshotIdentifier="bad-snapshot-public")
    eu.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="bad-snapshot-public", AttributeName="restore", ValuesToAdd=["all"]
    )
