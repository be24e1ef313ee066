"""Identical state from code and cloud for the kinds whose adapter and collector came first.

The same table style as ``test_identical_state.py`` (see :mod:`tests.parity.parity_case`):
one Terraform configuration, the same thing built in an empty moto account, and every
attribute compared. Each case says where moto does not serve an API and AWS's answers are
recorded for botocore's Stubber instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .live_run import ACCOUNT, REGION, kms_calls
from .parity_case import Case, assert_same_state

Clients = Callable[[str], Any]
BUCKET_ARN = "arn:aws:s3:::personal-data"
TLS_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "TlsOnly",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [BUCKET_ARN, f"{BUCKET_ARN}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}
READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{BUCKET_ARN}/*"}],
}
BLOCK_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
ASSUME_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def _hcl_json(doc: dict[str, Any]) -> str:
    """A policy document as Terraform writes it inline: a JSON string with braces escaped for format()."""
    return json.dumps(json.dumps(doc)).replace("{", "{{").replace("}", "}}")


def _bucket_everything(c: Clients, key: str) -> None:
    s3 = c("s3")
    s3.create_bucket(Bucket="personal-data", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.create_bucket(Bucket="access-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_acl(Bucket="access-logs", ACL="log-delivery-write")  # else PutBucketLogging is refused
    s3.put_bucket_versioning(Bucket="personal-data", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket="personal-data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
            ]
        },
    )
    s3.put_public_access_block(
        Bucket="personal-data",
        PublicAccessBlockConfiguration=BLOCK_ALL,
    )
    s3.put_bucket_policy(Bucket="personal-data", Policy=json.dumps(TLS_ONLY))
    s3.put_bucket_lifecycle_configuration(
        Bucket="personal-data",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 365},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                }
            ]
        },
    )
    s3.put_bucket_logging(
        Bucket="personal-data",
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "access-logs", "TargetPrefix": "pd/"}},
    )


BUCKET_EVERYTHING = (
    'resource "aws_s3_bucket" "b" {{\n  bucket = "personal-data"\n}}\n'
    'resource "aws_s3_bucket_versioning" "v" {{\n  bucket = aws_s3_bucket.b.id\n'
    '  versioning_configuration {{\n    status = "Enabled"\n  }}\n}}\n'
    'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {{\n  bucket = aws_s3_bucket.b.id\n'
    '  rule {{\n    apply_server_side_encryption_by_default {{\n      sse_algorithm = "aws:kms"\n'
    '      kms_master_key_id = "{key}"\n    }}\n  }}\n}}\n'
    'resource "aws_s3_bucket_public_access_block" "p" {{\n  bucket = aws_s3_bucket.b.id\n'
    "  block_public_acls = true\n  ignore_public_acls = true\n  block_public_policy = true\n"
    "  restrict_public_buckets = true\n}}\n"
    'resource "aws_s3_bucket_policy" "tls" {{\n  bucket = aws_s3_bucket.b.id\n'
    "  policy = " + _hcl_json(TLS_ONLY) + "\n}}\n"
    'resource "aws_s3_bucket_lifecycle_configuration" "l" {{\n  bucket = aws_s3_bucket.b.id\n'
    '  rule {{\n    id = "expire"\n    status = "Enabled"\n    filter {{\n      prefix = ""\n    }}\n'
    "    expiration {{\n      days = 365\n    }}\n"
    "    noncurrent_version_expiration {{\n      noncurrent_days = 30\n    }}\n  }}\n}}\n"
    'resource "aws_s3_bucket_logging" "log" {{\n  bucket = aws_s3_bucket.b.id\n'
    '  target_bucket = "access-logs"\n  target_prefix = "pd/"\n}}'
)


def _bucket_plain(c: Clients, key: str) -> None:
    s3 = c("s3")
    s3.create_bucket(Bucket="personal-data", CreateBucketConfiguration={"LocationConstraint": REGION})
    # AWS blocks public access on every new bucket (since April 2023); moto does not, so do it here
    s3.put_public_access_block(
        Bucket="personal-data",
        PublicAccessBlockConfiguration=BLOCK_ALL,
    )


def _db_instance(c: Clients, key: str) -> None:
    c("rds").create_db_instance(
        DBInstanceIdentifier="customers",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        EngineVersion="16.3",
        MasterUsername="u",
        MasterUserPassword="password1",
        AllocatedStorage=20,
        StorageEncrypted=True,
        KmsKeyId=key,
        BackupRetentionPeriod=7,
        PubliclyAccessible=False,
    )


def _rds_cluster(c: Clients, key: str) -> None:
    c("rds").create_db_cluster(
        DBClusterIdentifier="orders",
        Engine="aurora-postgresql",
        MasterUsername="u",
        MasterUserPassword="password1",
        StorageEncrypted=True,
        KmsKeyId=key,
        BackupRetentionPeriod=14,
    )


def _dynamodb(c: Clients, key: str) -> None:
    ddb = c("dynamodb")
    ddb.create_table(
        TableName="sessions",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
    )
    ddb.update_time_to_live(
        TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
    )
    ddb.update_continuous_backups(
        TableName="sessions", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )


def _volume(c: Clients, key: str) -> None:
    c("ec2").create_volume(AvailabilityZone=f"{REGION}a", Size=10, Encrypted=True, KmsKeyId=key)


def _trail(c: Clients, key: str) -> None:
    c("s3").create_bucket(Bucket="trail-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
    ct = c("cloudtrail")
    ct.create_trail(
        Name="audit",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=key,
    )
    ct.put_event_selectors(
        TrailName="audit",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
            }
        ],
    )
    ct.start_logging(Name="audit")


def _security_group(c: Clients, key: str) -> None:
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    # Terraform deletes the allow-all egress rule AWS adds to a new group when the code has no egress block
    ec2.revoke_security_group_egress(
        GroupId=group, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )


def _backup_answers(key: str) -> list[dict[str, Any]]:
    """AWS Backup's answers for one vault with ``key`` and one daily plan copying to eu-central-1.

    Recorded (Stubber), because moto does not serve GetBackupVaultAccessPolicy (HTTP 404).
    """
    vault_arn = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:vault"
    plan_arn = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:plan-1"
    rule = {
        "RuleName": "daily",
        "TargetBackupVaultName": "vault",
        "ScheduleExpression": "cron(0 5 * * ? *)",
        "Lifecycle": {"DeleteAfterDays": 35},
        "CopyActions": [
            {
                "DestinationBackupVaultArn": f"arn:aws:backup:eu-central-1:{ACCOUNT}:backup-vault:copy",
                "Lifecycle": {"DeleteAfterDays": 35},
            }
        ],
    }
    return [
        *kms_calls(key),
        {
            "service": "backup",
            "operation": "ListBackupVaults",
            "response": {
                "BackupVaultList": [
                    {"BackupVaultName": "vault", "BackupVaultArn": vault_arn, "EncryptionKeyArn": key}
                ]
            },
        },
        {
            "service": "backup",
            "operation": "GetBackupVaultAccessPolicy",
            "error": {"code": "ResourceNotFoundException", "status": 404},
        },
        {
            "service": "backup",
            "operation": "ListBackupPlans",
            "response": {
                "BackupPlansList": [
                    {"BackupPlanArn": plan_arn, "BackupPlanId": "plan-1", "BackupPlanName": "daily"}
                ]
            },
        },
        {
            "service": "backup",
            "operation": "GetBackupPlan",
            "response": {
                "BackupPlan": {"BackupPlanName": "daily", "Rules": [rule]},
                "BackupPlanArn": plan_arn,
            },
        },
    ]


def _iam_policy(c: Clients, key: str) -> None:
    iam = c("iam")
    iam.create_policy(PolicyName="read-data", PolicyDocument=json.dumps(READ_ONLY))
    iam.create_role(RoleName="worker", AssumeRolePolicyDocument=json.dumps(ASSUME_LAMBDA))
    iam.attach_role_policy(RoleName="worker", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/read-data")


def _iam_inline(c: Clients, key: str) -> None:
    iam = c("iam")
    iam.create_role(RoleName="worker", AssumeRolePolicyDocument=json.dumps(ASSUME_LAMBDA))
    iam.put_role_policy(RoleName="worker", PolicyName="read-data", PolicyDocument=json.dumps(READ_ONLY))


def _snapshot_answers(key: str) -> list[dict[str, Any]]:
    """EC2's answers for one customer-key volume and its private snapshot.

    Recorded (Stubber): moto's snapshot of a customer-key volume has no KmsKeyId, and moto
    ignores ``RestorableByUserIds=["all"]``, so every snapshot would look public.
    """
    volume = {
        "VolumeId": "vol-1",
        "Size": 10,
        "AvailabilityZone": f"{REGION}a",
        "Encrypted": True,
        "KmsKeyId": key,
    }
    snapshot = {
        "SnapshotId": "snap-1",
        "VolumeId": "vol-1",
        "OwnerId": ACCOUNT,
        "Description": "nightly",
        "Encrypted": True,
        "KmsKeyId": key,
    }
    return [
        *kms_calls(key),
        {
            "service": "ec2",
            "operation": "GetEbsEncryptionByDefault",
            "response": {"EbsEncryptionByDefault": True},
        },
        {"service": "ec2", "operation": "DescribeVolumes", "response": {"Volumes": [volume]}},
        {"service": "ec2", "operation": "DescribeSnapshots", "response": {"Snapshots": [snapshot]}},
        {"service": "ec2", "operation": "DescribeSnapshots", "response": {"Snapshots": []}},  # none public
    ]


def _cache_answers(key: str) -> list[dict[str, Any]]:
    """ElastiCache's answers for one encrypted Redis replication group.

    Recorded (Stubber), because moto answers DescribeServerlessCaches with an unparseable body.
    """
    group = {
        "ReplicationGroupId": "sessions",
        "Description": "sessions",
        "ARN": f"arn:aws:elasticache:{REGION}:{ACCOUNT}:replicationgroup:sessions",
        "Engine": "redis",
        "AtRestEncryptionEnabled": True,
        "TransitEncryptionEnabled": True,
        "TransitEncryptionMode": "required",
        "KmsKeyId": key,
        "SnapshotRetentionLimit": 0,
        "LogDeliveryConfigurations": [],
    }
    return [
        *kms_calls(key),
        {
            "service": "elasticache",
            "operation": "DescribeReplicationGroups",
            "response": {"ReplicationGroups": [group]},
        },
        {"service": "elasticache", "operation": "DescribeCacheClusters", "response": {"CacheClusters": []}},
        {
            "service": "elasticache",
            "operation": "DescribeServerlessCaches",
            "response": {"ServerlessCaches": []},
        },
    ]


def _efs_answers(key: str) -> list[dict[str, Any]]:
    """EFS's answers for one encrypted file system replicated to eu-central-1, no policy.

    Recorded (Stubber), because moto answers DescribeReplicationConfigurations with an HTTP 500.
    """
    fs_arn = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-1"
    return [
        *kms_calls(key),
        {
            "service": "efs",
            "operation": "DescribeFileSystems",
            "response": {
                "FileSystems": [
                    {
                        "OwnerId": ACCOUNT,
                        "CreationToken": "shared",
                        "FileSystemId": "fs-1",
                        "FileSystemArn": fs_arn,
                        "CreationTime": "2024-01-01T00:00:00Z",
                        "LifeCycleState": "available",
                        "NumberOfMountTargets": 0,
                        "SizeInBytes": {"Value": 0},
                        "PerformanceMode": "generalPurpose",
                        "Encrypted": True,
                        "KmsKeyId": key,
                        "Tags": [],
                    }
                ]
            },
        },
        {
            "service": "efs",
            "operation": "DescribeFileSystemPolicy",
            "error": {"code": "PolicyNotFound", "status": 404},
        },
        {
            "service": "efs",
            "operation": "DescribeReplicationConfigurations",
            "response": {
                "Replications": [
                    {
                        "SourceFileSystemId": "fs-1",
                        "SourceFileSystemRegion": REGION,
                        "SourceFileSystemArn": fs_arn,
                        "OriginalSourceFileSystemArn": fs_arn,
                        "CreationTime": "2024-01-01T00:00:00Z",
                        "Destinations": [
                            {"Status": "ENABLED", "FileSystemId": "fs-2", "Region": "eu-central-1"}
                        ],
                    }
                ]
            },
        },
    ]


def _network(ec2: Any) -> tuple[str, list[str]]:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
            "Subnet"
        ]["SubnetId"]
        for i, zone in enumerate("ab")
    ]
    return vpc, subnets


WEB_LB = (
    'resource "aws_vpc" "v" {{\n  cidr_block = "10.0.0.0/16"\n}}\n'
    'resource "aws_subnet" "a" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.0.0/24"\n'
    '  availability_zone = "eu-west-1a"\n}}\n'
    'resource "aws_subnet" "b" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n'
    '  availability_zone = "eu-west-1b"\n}}\n'
    'resource "aws_lb" "l" {{\n  name = "web"\n  load_balancer_type = "application"\n'
    "  subnets = [aws_subnet.a.id, aws_subnet.b.id]\n}}\n"
)


def _web_lb(c: Clients) -> str:
    """The internet-facing ALB ``WEB_LB`` declares, in two subnets of a new VPC; its ARN."""
    _, subnets = _network(c("ec2"))
    lb = c("elbv2").create_load_balancer(
        Name="web", Subnets=subnets, Scheme="internet-facing", Type="application"
    )
    return lb["LoadBalancers"][0]["LoadBalancerArn"]


def _load_balancer(c: Clients, key: str) -> None:
    lb_arn = _web_lb(c)
    cert = c("acm").request_certificate(DomainName="example.com")["CertificateArn"]
    c("elbv2").create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": cert}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    )


def _redirecting_listener(c: Clients, key: str) -> None:
    c("elbv2").create_listener(
        LoadBalancerArn=_web_lb(c),
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
    )


def _classic_elb(c: Clients, key: str) -> None:
    c("elb").create_load_balancer(
        LoadBalancerName="legacy",
        Listeners=[
            {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}
        ],
        AvailabilityZones=[f"{REGION}a"],
    )


def _redshift_answers(key: str) -> list[dict[str, Any]]:
    """Redshift's answers for one private customer-key cluster whose parameter group requires TLS.

    Recorded (Stubber), because moto answers ModifyClusterParameterGroup with an HTTP 500.
    """
    cluster = {
        "ClusterIdentifier": "warehouse",
        "NodeType": "ra3.xlplus",
        "Encrypted": True,
        "KmsKeyId": key,
        "PubliclyAccessible": False,
        "AutomatedSnapshotRetentionPeriod": 1,
        "ClusterParameterGroups": [{"ParameterGroupName": "tls", "ParameterApplyStatus": "in-sync"}],
    }
    return [
        *kms_calls(key),
        {"service": "redshift", "operation": "DescribeClusters", "response": {"Clusters": [cluster]}},
        {
            "service": "redshift",
            "operation": "DescribeClusterParameters",
            "response": {"Parameters": [{"ParameterName": "require_ssl", "ParameterValue": "true"}]},
        },
        {"service": "redshift", "operation": "DescribeLoggingStatus", "response": {"LoggingEnabled": False}},
    ]


def _opensearch(c: Clients, key: str) -> None:
    c("opensearch").create_domain(
        DomainName="search",
        EngineVersion="OpenSearch_2.11",
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": key},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
    )


def _rest_api(c: Clients, key: str) -> None:
    gateway, logs = c("apigateway"), c("logs")
    logs.create_log_group(logGroupName="api-access")
    api = gateway.create_rest_api(name="orders", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = gateway.get_resources(restApiId=api)["items"][0]["id"]
    gateway.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    gateway.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = gateway.create_deployment(restApiId=api)["id"]
    gateway.create_stage(restApiId=api, stageName="live", deploymentId=deployment)
    gateway.update_stage(
        restApiId=api,
        stageName="live",
        patchOperations=[
            {
                "op": "replace",
                "path": "/accessLogSettings/destinationArn",
                "value": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access",
            },
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
        ],
    )


REST_API = (
    'resource "aws_api_gateway_rest_api" "a" {{\n  name = "orders"\n'
    '  endpoint_configuration {{\n    types = ["REGIONAL"]\n  }}\n}}\n'
    'resource "aws_cloudwatch_log_group" "g" {{\n  name = "api-access"\n}}\n'
    'resource "aws_api_gateway_method" "get" {{\n  rest_api_id = aws_api_gateway_rest_api.a.id\n'
    '  resource_id = aws_api_gateway_rest_api.a.root_resource_id\n  http_method = "GET"\n'
    '  authorization = "NONE"\n}}\n'
    'resource "aws_api_gateway_integration" "get" {{\n  rest_api_id = aws_api_gateway_rest_api.a.id\n'
    '  resource_id = aws_api_gateway_rest_api.a.root_resource_id\n  http_method = "GET"\n  type = "MOCK"\n}}\n'
    'resource "aws_api_gateway_deployment" "d" {{\n  rest_api_id = aws_api_gateway_rest_api.a.id\n}}\n'
    'resource "aws_api_gateway_stage" "live" {{\n  rest_api_id = aws_api_gateway_rest_api.a.id\n'
    '  stage_name = "live"\n  deployment_id = aws_api_gateway_deployment.d.id\n'
    "  access_log_settings {{\n    destination_arn = aws_cloudwatch_log_group.g.arn\n"
    '    format = "$context.requestId"\n  }}\n}}'
)


def _distribution(c: Clients, key: str) -> None:
    c("cloudfront").create_distribution(
        DistributionConfig={
            "CallerReference": "site",
            "Comment": "site",
            "Enabled": True,
            "PriceClass": "PriceClass_100",
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "app",
                        "DomainName": "app.example.com",
                        "CustomOriginConfig": {
                            "HTTPPort": 80,
                            "HTTPSPort": 443,
                            "OriginProtocolPolicy": "https-only",
                            "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
                        },
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "app",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            },
            "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
        }
    )


DISTRIBUTION = (
    'resource "aws_cloudfront_distribution" "d" {{\n  enabled = true\n  comment = "site"\n'
    '  price_class = "PriceClass_100"\n'
    '  origin {{\n    origin_id = "app"\n    domain_name = "app.example.com"\n'
    "    custom_origin_config {{\n      http_port = 80\n      https_port = 443\n"
    '      origin_protocol_policy = "https-only"\n      origin_ssl_protocols = ["TLSv1.2"]\n    }}\n  }}\n'
    '  default_cache_behavior {{\n    target_origin_id = "app"\n    viewer_protocol_policy = "redirect-to-https"\n'
    '    cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"\n'
    '    allowed_methods = ["GET", "HEAD"]\n    cached_methods = ["GET", "HEAD"]\n  }}\n'
    '  restrictions {{\n    geo_restriction {{\n      restriction_type = "none"\n    }}\n  }}\n'
    "  viewer_certificate {{\n    cloudfront_default_certificate = true\n  }}\n}}"
)


CASES = [
    Case(
        "s3-bucket-with-every-companion",
        {"s3", "kms"},
        "aws_s3_bucket",
        BUCKET_EVERYTHING,
        _bucket_everything,
        {"policy_public": "AWS's own verdict on the policy (GetBucketPolicyStatus): read live only"},
    ),
    Case(
        "s3-bucket-alone",
        {"s3"},
        "aws_s3_bucket",
        'resource "aws_s3_bucket" "b" {{\n  bucket = "personal-data"\n}}',
        _bucket_plain,
        {"policy_public": "AWS's own verdict on the policy (GetBucketPolicyStatus): read live only"},
    ),
    Case(
        # the version is given on both sides: moto's default PostgreSQL predates 15, AWS's does not
        "rds-instance-customer-key",
        {"rds", "kms"},
        "aws_db_instance",
        'resource "aws_db_instance" "d" {{\n  identifier = "customers"\n  instance_class = "db.t3.micro"\n'
        '  engine = "postgres"\n  engine_version = "16.3"\n  username = "u"\n  password = "password1"\n  allocated_storage = 20\n'
        '  storage_encrypted = true\n  kms_key_id = "{key}"\n  backup_retention_period = 7\n'
        "  publicly_accessible = false\n}}",
        _db_instance,
    ),
    Case(
        "rds-aurora-cluster-customer-key",
        {"rds", "kms"},
        "aws_rds_cluster",
        'resource "aws_rds_cluster" "c" {{\n  cluster_identifier = "orders"\n  engine = "aurora-postgresql"\n'
        '  master_username = "u"\n  master_password = "password1"\n  storage_encrypted = true\n'
        '  kms_key_id = "{key}"\n  backup_retention_period = 14\n}}',
        _rds_cluster,
    ),
    Case(
        "dynamodb-customer-key-ttl-pitr",
        {"dynamodb", "kms"},
        "aws_dynamodb_table",
        'resource "aws_dynamodb_table" "t" {{\n  name = "sessions"\n  billing_mode = "PAY_PER_REQUEST"\n'
        '  hash_key = "id"\n  attribute {{\n    name = "id"\n    type = "S"\n  }}\n'
        '  server_side_encryption {{\n    enabled = true\n    kms_key_arn = "{key}"\n  }}\n'
        '  ttl {{\n    enabled = true\n    attribute_name = "expires"\n  }}\n'
        "  point_in_time_recovery {{\n    enabled = true\n  }}\n}}",
        _dynamodb,
    ),
    Case(
        "ebs-volume-customer-key",
        {"ebs", "kms"},
        "aws_ebs_volume",
        'resource "aws_ebs_volume" "v" {{\n  availability_zone = "eu-west-1a"\n  size = 10\n'
        '  encrypted = true\n  kms_key_id = "{key}"\n}}',
        _volume,
    ),
    Case(
        "cloudtrail-multi-region-s3-data-events",
        {"cloudtrail", "kms"},
        "aws_cloudtrail",
        'resource "aws_cloudtrail" "t" {{\n  name = "audit"\n  s3_bucket_name = "trail-logs"\n'
        '  is_multi_region_trail = true\n  enable_log_file_validation = true\n  kms_key_id = "{key}"\n'
        '  event_selector {{\n    read_write_type = "All"\n    include_management_events = true\n'
        '    data_resource {{\n      type = "AWS::S3::Object"\n      values = ["arn:aws:s3"]\n    }}\n  }}\n}}',
        _trail,
    ),
    Case(
        "security-group-https-from-anywhere",
        {"security_groups"},
        "aws_security_group",
        'resource "aws_vpc" "v" {{\n  cidr_block = "10.0.0.0/16"\n}}\n'
        'resource "aws_security_group" "g" {{\n  name = "web"\n  description = "web"\n'
        "  vpc_id = aws_vpc.v.id\n"
        '  ingress {{\n    protocol = "tcp"\n    from_port = 443\n    to_port = 443\n'
        '    cidr_blocks = ["0.0.0.0/0"]\n  }}\n}}',
        _security_group,
    ),
    Case(
        "backup-vault-customer-key",
        {"backup", "kms"},
        "aws_backup_vault",
        'resource "aws_backup_vault" "v" {{\n  name = "vault"\n  kms_key_arn = "{key}"\n}}',
        None,
        recorded=_backup_answers,
    ),
    Case(
        "backup-plan-35-days-copied",
        {"backup", "kms"},
        "aws_backup_plan",
        'resource "aws_backup_vault" "v" {{\n  name = "vault"\n  kms_key_arn = "{key}"\n}}\n'
        'resource "aws_backup_plan" "p" {{\n  name = "daily"\n  rule {{\n    rule_name = "daily"\n'
        '    target_vault_name = aws_backup_vault.v.name\n    schedule = "cron(0 5 * * ? *)"\n'
        "    lifecycle {{\n      delete_after = 35\n    }}\n"
        '    copy_action {{\n      destination_vault_arn = "arn:aws:backup:eu-central-1:'
        + ACCOUNT
        + ':backup-vault:copy"\n      lifecycle {{\n        delete_after = 35\n      }}\n    }}\n  }}\n}}',
        None,
        recorded=_backup_answers,
    ),
    Case(
        "kms-key-rotated",
        {"kms"},
        "aws_kms_key",
        'resource "aws_kms_key" "k" {{\n  description = "cmk"\n  enable_key_rotation = true\n}}',
        lambda c, key: c("kms").enable_key_rotation(KeyId=key),
        {"policy": "KMS writes its default key policy (root may kms:*) where the code gives none"},
    ),
    Case(
        "iam-managed-policy-attached",
        {"iam"},
        "aws_iam_policy",
        'resource "aws_iam_policy" "p" {{\n  name = "read-data"\n  policy = '
        + _hcl_json(READ_ONLY)
        + "\n}}\n"
        'resource "aws_iam_role" "r" {{\n  name = "worker"\n  assume_role_policy = '
        + _hcl_json(ASSUME_LAMBDA)
        + "\n}}\n"
        'resource "aws_iam_role_policy_attachment" "a" {{\n  role = aws_iam_role.r.name\n'
        "  policy_arn = aws_iam_policy.p.arn\n}}",
        _iam_policy,
    ),
    Case(
        "iam-role-inline-policy",
        {"iam"},
        "aws_iam_role_policy",
        'resource "aws_iam_role" "r" {{\n  name = "worker"\n  assume_role_policy = '
        + _hcl_json(ASSUME_LAMBDA)
        + "\n}}\n"
        'resource "aws_iam_role_policy" "p" {{\n  name = "read-data"\n  role = aws_iam_role.r.id\n'
        "  policy = " + _hcl_json(READ_ONLY) + "\n}}",
        _iam_inline,
    ),
    Case(
        "ebs-snapshot-of-customer-key-volume",
        {"ebs", "kms"},
        "aws_ebs_snapshot",
        'resource "aws_ebs_volume" "v" {{\n  availability_zone = "eu-west-1a"\n  size = 10\n'
        '  encrypted = true\n  kms_key_id = "{key}"\n}}\n'
        'resource "aws_ebs_snapshot" "s" {{\n  volume_id = aws_ebs_volume.v.id\n  description = "nightly"\n}}',
        None,
        recorded=_snapshot_answers,
    ),
    Case(
        "efs-customer-key-replicated",
        {"efs", "kms"},
        "aws_efs_file_system",
        'resource "aws_efs_file_system" "f" {{\n  creation_token = "shared"\n  encrypted = true\n'
        '  kms_key_id = "{key}"\n}}\n'
        'resource "aws_efs_replication_configuration" "r" {{\n  source_file_system_id = aws_efs_file_system.f.id\n'
        '  destination {{\n    region = "eu-central-1"\n  }}\n}}',
        None,
        recorded=_efs_answers,
    ),
    Case(
        "alb-https-listener-tls13-policy",
        {"elbv2"},
        "aws_lb_listener",
        WEB_LB
        + 'resource "aws_acm_certificate" "c" {{\n  domain_name = "example.com"\n  validation_method = "DNS"\n}}\n'
        'resource "aws_lb_listener" "https" {{\n  load_balancer_arn = aws_lb.l.arn\n  port = 443\n'
        '  protocol = "HTTPS"\n  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
        "  certificate_arn = aws_acm_certificate.c.arn\n"
        '  default_action {{\n    type = "fixed-response"\n    fixed_response {{\n'
        '      content_type = "text/plain"\n      status_code = "200"\n    }}\n  }}\n}}',
        _load_balancer,
    ),
    Case(
        "alb-http-listener-redirects",
        {"elbv2"},
        "aws_lb_listener",
        WEB_LB + 'resource "aws_lb_listener" "http" {{\n  load_balancer_arn = aws_lb.l.arn\n  port = 80\n'
        '  protocol = "HTTP"\n  default_action {{\n    type = "redirect"\n    redirect {{\n'
        '      protocol = "HTTPS"\n      port = "443"\n      status_code = "HTTP_301"\n    }}\n  }}\n}}',
        _redirecting_listener,
    ),
    Case(
        "classic-elb-plain-http",
        {"elb"},
        "aws_elb",
        'resource "aws_elb" "e" {{\n  name = "legacy"\n  availability_zones = ["eu-west-1a"]\n'
        '  listener {{\n    lb_protocol = "http"\n    lb_port = 80\n    instance_protocol = "http"\n'
        "    instance_port = 80\n  }}\n}}",
        _classic_elb,
    ),
    Case(
        # A named parameter group on both sides: with the default group the code cannot know
        # require_ssl (it depends on when the cluster was created) and says unknown, by design.
        "redshift-customer-key-private-tls",
        {"redshift", "kms"},
        "aws_redshift_cluster",
        'resource "aws_redshift_parameter_group" "tls" {{\n  name = "tls"\n  family = "redshift-1.0"\n'
        '  parameter {{\n    name = "require_ssl"\n    value = "true"\n  }}\n}}\n'
        'resource "aws_redshift_cluster" "r" {{\n  cluster_identifier = "warehouse"\n  node_type = "ra3.xlplus"\n'
        '  master_username = "admin"\n  master_password = "Password123"\n  encrypted = true\n'
        '  kms_key_id = "{key}"\n  publicly_accessible = false\n'
        "  cluster_parameter_group_name = aws_redshift_parameter_group.tls.name\n}}",
        None,
        recorded=_redshift_answers,
    ),
    Case(
        "elasticache-redis-encrypted",
        {"elasticache", "kms"},
        "aws_elasticache_replication_group",
        'resource "aws_elasticache_replication_group" "r" {{\n  replication_group_id = "sessions"\n'
        '  description = "sessions"\n  engine = "redis"\n  node_type = "cache.t3.micro"\n'
        "  num_cache_clusters = 1\n  at_rest_encryption_enabled = true\n"
        '  transit_encryption_enabled = true\n  kms_key_id = "{key}"\n}}',
        None,
        recorded=_cache_answers,
    ),
    Case(
        "opensearch-encrypted-tls12",
        {"opensearch", "kms"},
        "aws_opensearch_domain",
        'resource "aws_opensearch_domain" "o" {{\n  domain_name = "search"\n  engine_version = "OpenSearch_2.11"\n'
        '  encrypt_at_rest {{\n    enabled = true\n    kms_key_id = "{key}"\n  }}\n'
        "  node_to_node_encryption {{\n    enabled = true\n  }}\n"
        "  domain_endpoint_options {{\n    enforce_https = true\n"
        '    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"\n  }}\n}}',
        _opensearch,
    ),
    Case(
        "apigateway-regional-rest-api",
        {"apigateway"},
        "aws_api_gateway_rest_api",
        REST_API,
        _rest_api,
    ),
    Case(
        "apigateway-stage-access-logged",
        {"apigateway"},
        "aws_api_gateway_stage",
        REST_API,
        _rest_api,
    ),
    Case(
        "cloudfront-redirect-to-https-origin-tls12",
        {"cloudfront"},
        "aws_cloudfront_distribution",
        DISTRIBUTION,
        _distribution,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_code_and_cloud_give_the_same_state(case: Case, aws: str, tmp_path: Path) -> None:
    assert_same_state(case, tmp_path)


def test_every_kind_has_a_parity_case() -> None:
    """Issue 11 asks for every kind: a kind without a case here (or Lambda's Stubber test) fails."""
    from scanner.sources.live.registry import all_collectors
    from scanner.state import Kind

    from . import test_identical_state

    kind_of = {w.resource_type: w.kind for c in all_collectors() for w in c.PRODUCES}
    covered = {kind_of[case.resource_type] for case in [*CASES, *test_identical_state.CASES]}
    covered.add(Kind.FUNCTION)  # test_lambda_stubbed.py
    assert set(Kind) - covered == set()
