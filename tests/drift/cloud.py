"""The drift scenario in the cloud: fixtures/drift/app built through the AWS API, and the hand changes.

``build`` makes in moto what ``terraform apply`` of fixtures/drift/app would make
(the scratch bucket gets the name Terraform would generate from its prefix). The
``make_*`` functions are the console clicks and hot-fixes that drift detection
must catch.
"""

from __future__ import annotations

import json

import boto3

EU = "eu-west-1"
SCRATCH = "acme-scratch-20240101000000000000000001"  # what bucket_prefix = "acme-scratch-" gives
BLOCK_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def client(service: str):
    return boto3.client(service, region_name=EU)


def bucket(name: str, block: bool = True) -> None:
    s3 = client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": EU})
    if block:  # what AWS does for every new bucket since April 2023
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=BLOCK_ALL)


def build() -> dict[str, str]:
    """The applied code; returns the ids AWS chose (for a terraform.tfstate)."""
    kms = client("kms")
    key = kms.create_key(Description="acme-data")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/acme-data", TargetKeyId=key["KeyId"])
    s3 = client("s3")
    bucket("acme-customer-data")
    s3.put_bucket_encryption(
        Bucket="acme-customer-data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/acme-data",
                    }
                }
            ]
        },
    )
    bucket("acme-exports")
    s3.put_bucket_encryption(
        Bucket="acme-exports",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    bucket(SCRATCH)
    logs = client("logs")
    logs.create_log_group(logGroupName="/acme/app")
    logs.put_retention_policy(logGroupName="/acme/app", retentionInDays=30)
    logs.create_log_group(logGroupName="/acme/audit")
    logs.put_retention_policy(logGroupName="/acme/audit", retentionInDays=60)
    client("rds").create_db_instance(
        DBInstanceIdentifier="acme-customers",
        Engine="postgres",
        EngineVersion="16.3",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="acme",
        MasterUserPassword="not-a-real-password",
        StorageEncrypted=True,
        PubliclyAccessible=False,
        BackupRetentionPeriod=7,
    )
    return {"key_id": key["KeyId"], "key_arn": key["Arn"]}


PUBLIC_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Public",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::acme-exports/*",
        }
    ],
}


def make_bucket_public() -> None:
    s3 = client("s3")
    s3.delete_public_access_block(Bucket="acme-exports")
    s3.put_bucket_policy(Bucket="acme-exports", Policy=json.dumps(PUBLIC_POLICY))


def drop_encryption() -> None:
    client("s3").delete_bucket_encryption(Bucket="acme-customer-data")


def raise_log_retention() -> None:
    client("logs").put_retention_policy(logGroupName="/acme/app", retentionInDays=365)


def add_bucket_by_hand() -> None:
    bucket("acme-manual-upload", block=False)


def delete_database() -> None:
    client("rds").delete_db_instance(DBInstanceIdentifier="acme-customers", SkipFinalSnapshot=True)
