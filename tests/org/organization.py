"""An AWS Organization on moto, built through its API: the management account and member accounts.

moto serves every assumed role as its own account, so a member account is entered
exactly as privacy-scan enters it (``sts:AssumeRole`` into ``arn:aws:iam::<id>:role/NAME``).
"""

from __future__ import annotations

from typing import Any

import boto3

ROLE = "privacy-scan-audit"
EU, US = "eu-west-1", "us-east-1"


def create_organization(members: list[str], suspended: list[str] = ()) -> dict[str, str]:
    """The organisation with one member account per name; returns {name: account id} (management included)."""
    org = boto3.client("organizations", region_name=US)
    org.create_organization(FeatureSet="ALL")
    ids = {"management": boto3.client("sts", region_name=US).get_caller_identity()["Account"]}
    for name in [*members, *suspended]:
        status = org.create_account(Email=f"{name}@example.org", AccountName=name)["CreateAccountStatus"]
        ids[name] = status["AccountId"]
    for name in suspended:
        org.close_account(AccountId=ids[name])
    return ids


def session(account: str) -> boto3.Session:
    """Credentials inside ``account``, as a setup step (the scan assumes its own role)."""
    creds = boto3.client("sts", region_name=US).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/setup", RoleSessionName="setup"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def small_account(aws: boto3.Session, tag: str, trail: bool = False) -> dict[str, Any]:
    """A few resources whose verdicts need more than one unit of the account.

    The bucket (global unit) is encrypted with a KMS key of eu-west-1 (regional unit),
    so whether the key is customer-managed is decided from another unit's facts; with
    ``trail``, a multi-Region trail in eu-west-1 records the bucket's data events.
    """
    kms = aws.client("kms", region_name=EU)
    key = kms.create_key(Description=f"{tag}-key")["KeyMetadata"]["Arn"]
    s3 = aws.client("s3", region_name=EU)
    bucket = f"{tag}-data"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": EU})
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
            ]
        },
    )
    for region, days in ((EU, 30), (US, None)):
        logs = aws.client("logs", region_name=region)
        logs.create_log_group(logGroupName=f"/{tag}/app")
        if days:
            logs.put_retention_policy(logGroupName=f"/{tag}/app", retentionInDays=days)
    if trail:
        s3.create_bucket(Bucket=f"{tag}-trail-logs", CreateBucketConfiguration={"LocationConstraint": EU})
        ct = aws.client("cloudtrail", region_name=EU)
        ct.create_trail(Name=f"{tag}-trail", S3BucketName=f"{tag}-trail-logs", IsMultiRegionTrail=True)
        ct.start_logging(Name=f"{tag}-trail")
        ct.put_event_selectors(
            TrailName=f"{tag}-trail",
            EventSelectors=[
                {
                    "ReadWriteType": "All",
                    "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::{bucket}/"]}],
                }
            ],
        )
    return {"bucket": bucket, "key": key}
