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


def _tls_deny(resource: str, action: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyPlainHTTP",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": action,
                    "Resource": resource,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def _public(resource: str, action: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": action, "Resource": resource}],
        }
    )


# --------------------------------------------------------------------------- DynamoDB
@builder
def dynamodb(names: dict[str, Any]) -> None:
    eu = client("dynamodb")
    schema = {
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    eu.create_table(
        TableName="ok-table",
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": names["key_ok"]},
        **schema,
    )
    eu.update_time_to_live(
        TableName="ok-table", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
    )
    eu.create_table(
        TableName="bad-table",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        **schema,
    )
    eu.update_table(TableName="bad-table", ReplicaUpdates=[{"Create": {"RegionName": US}}])
    eu.put_resource_policy(
        ResourceArn=f"arn:aws:dynamodb:{EU}:{ACCOUNT}:table/bad-table",
        Policy=_public(f"arn:aws:dynamodb:{EU}:{ACCOUNT}:table/bad-table", "dynamodb:GetItem"),
    )


# --------------------------------------------------------------------------- EBS
@builder
def ebs(names: dict[str, Any]) -> None:
    eu = client("ec2")
    ok = eu.create_volume(AvailabilityZone=f"{EU}a", Size=8, Encrypted=True, KmsKeyId=names["key_ok"])
    names["volume_ok"] = f"arn:aws:ec2:{EU}:{ACCOUNT}:volume/{ok['VolumeId']}"
    bad = eu.create_volume(AvailabilityZone=f"{EU}a", Size=8)
    names["volume_bad"] = f"arn:aws:ec2:{EU}:{ACCOUNT}:volume/{bad['VolumeId']}"
    snap = eu.create_snapshot(VolumeId=bad["VolumeId"], Description="bad-snapshot")
    eu.modify_snapshot_attribute(
        SnapshotId=snap["SnapshotId"],
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    names["snapshot_bad"] = f"arn:aws:ec2:{EU}::snapshot/{snap['SnapshotId']}"


# --------------------------------------------------------------------------- EFS
@builder
def efs(names: dict[str, Any]) -> None:
    eu = client("efs")
    ok = eu.create_file_system(CreationToken="ok-efs", Encrypted=True, KmsKeyId=names["key_ok"])
    names["efs_ok"] = ok["FileSystemArn"]
    # Without Resource: a file system policy governs its own file system (see the closing note on
    # policy_denies_insecure_transport, which cannot match a literal file-system ARN yet).
    deny = json.loads(_tls_deny(ok["FileSystemArn"], "elasticfilesystem:*"))
    del deny["Statement"][0]["Resource"]
    eu.put_file_system_policy(FileSystemId=ok["FileSystemId"], Policy=json.dumps(deny))
    bad = eu.create_file_system(CreationToken="bad-efs")
    names["efs_bad"] = bad["FileSystemArn"]


# --------------------------------------------------------------------------- security groups
@builder
def security_groups(names: dict[str, Any]) -> None:
    eu = client("ec2")
    vpc = eu.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    names["vpc"] = vpc
    eu.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName="ok-logs-30d",
        DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT}:role/flow-logs",
    )
    web = eu.create_security_group(GroupName="ok-web", Description="HTTPS from anywhere", VpcId=vpc)[
        "GroupId"
    ]
    eu.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )
    names["sg_ok"] = f"arn:aws:ec2:{EU}:{ACCOUNT}:security-group/{web}"
    ssh = eu.create_security_group(GroupName="bad-ssh", Description="SSH from anywhere", VpcId=vpc)["GroupId"]
    eu.authorize_security_group_ingress(
        GroupId=ssh,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )
    names["sg_bad"] = f"arn:aws:ec2:{EU}:{ACCOUNT}:security-group/{ssh}"
    names["subnet"] = eu.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone=f"{EU}a")[
        "Subnet"
    ]["SubnetId"]
    names["subnet_b"] = eu.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone=f"{EU}b")[
        "Subnet"
    ]["SubnetId"]
    for region in (EU, US):
        ec2 = client("ec2", region)
        vpcs = {v["VpcId"]: v.get("IsDefault") for v in ec2.describe_vpcs()["Vpcs"]}
        for group in ec2.describe_security_groups()["SecurityGroups"]:
            if group["GroupId"] in (web, ssh):
                continue
            which = "default_vpc" if vpcs.get(group.get("VpcId")) else "app_vpc"
            key = f"sg_{group['GroupName']}_{'eu' if region == EU else 'us'}_{which}"
            names[key] = f"arn:aws:ec2:{region}:{ACCOUNT}:security-group/{group['GroupId']}"


# --------------------------------------------------------------------------- load balancers
@builder
def load_balancers(names: dict[str, Any]) -> None:
    eu = client("elbv2")
    lb = eu.create_load_balancer(
        Name="web", Subnets=[names["subnet"], names["subnet_b"]], Scheme="internet-facing", Type="application"
    )["LoadBalancers"][0]
    tg = eu.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=names["vpc"])["TargetGroups"][0]
    ok = eu.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[
            {
                "CertificateArn": client("acm").request_certificate(DomainName="web.example.com")[
                    "CertificateArn"
                ]
            }
        ],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}],
    )["Listeners"][0]
    names["listener_ok"] = ok["ListenerArn"]
    redirect = eu.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
    )["Listeners"][0]
    names["listener_redirect"] = redirect["ListenerArn"]
    plain = eu.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=8080,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}],
    )["Listeners"][0]
    names["listener_bad"] = plain["ListenerArn"]
    classic = client("elb")
    classic.create_load_balancer(
        LoadBalancerName="bad-classic",
        Listeners=[
            {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}
        ],
        AvailabilityZones=[f"{EU}a"],
    )
    described = classic.describe_load_balancers(LoadBalancerNames=["bad-classic"])[
        "LoadBalancerDescriptions"
    ][0]
    for i, group in enumerate(described.get("SecurityGroups") or []):  # moto makes a default_elb_… group
        names[f"sg_classic_elb_{i}"] = f"arn:aws:ec2:{EU}:{ACCOUNT}:security-group/{group}"
    classic.modify_load_balancer_attributes(
        LoadBalancerName="bad-classic",
        LoadBalancerAttributes={
            "AccessLog": {"Enabled": True, "S3BucketName": "ok-access-logs", "EmitInterval": 60}
        },
    )


# --------------------------------------------------------------------------- SQS, SNS, Kinesis
@builder
def messaging(names: dict[str, Any]) -> None:
    sqs = client("sqs")
    ok = sqs.create_queue(
        QueueName="ok-queue",
        Attributes={"KmsMasterKeyId": names["key_ok"], "MessageRetentionPeriod": "86400"},
    )
    sqs.set_queue_attributes(
        QueueUrl=ok["QueueUrl"],
        Attributes={"Policy": _tls_deny(f"arn:aws:sqs:{EU}:{ACCOUNT}:ok-queue", "sqs:*")},
    )
    sqs.create_queue(
        QueueName="bad-queue",
        Attributes={"MessageRetentionPeriod": "1209600", "SqsManagedSseEnabled": "false"},
    )
    client("sqs", US).create_queue(QueueName="bad-queue-in-us", Attributes={"MessageRetentionPeriod": "3600"})
    sns = client("sns")
    topic = sns.create_topic(Name="ok-topic", Attributes={"KmsMasterKeyId": names["key_ok"]})["TopicArn"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=_tls_deny(topic, "sns:*"))
    bad = sns.create_topic(Name="bad-topic")["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=bad, AttributeName="Policy", AttributeValue=_public(bad, "sns:Subscribe")
    )
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName="ok-stream", ShardCount=1)
    kinesis.start_stream_encryption(StreamName="ok-stream", EncryptionType="KMS", KeyId=names["key_ok"])
    kinesis.create_stream(StreamName="bad-stream", ShardCount=1)
    kinesis.increase_stream_retention_period(StreamName="bad-stream", RetentionPeriodHours=168)


# --------------------------------------------------------------------------- Backup
@builder
def backup(names: dict[str, Any]) -> None:
    eu = client("backup")
    ok_vault = eu.create_backup_vault(BackupVaultName="ok-vault", EncryptionKeyArn=names["key_ok"])
    names["vault_ok"] = ok_vault["BackupVaultArn"]
    bad_vault = eu.create_backup_vault(BackupVaultName="bad-vault")
    names["vault_bad"] = bad_vault["BackupVaultArn"]
    # moto has no vault access policies (PutBackupVaultAccessPolicy answers 404): the public vault is
    # covered by a recorded response in test_recorded.py, and the scan reports the call as failed here.
    frankfurt = client("backup", "eu-central-1").create_backup_vault(BackupVaultName="copies")[
        "BackupVaultArn"
    ]
    virginia = client("backup", US).create_backup_vault(BackupVaultName="copies")["BackupVaultArn"]
    ok = eu.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "ok-plan",
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": "ok-vault",
                    "ScheduleExpression": "cron(0 3 * * ? *)",
                    "Lifecycle": {"DeleteAfterDays": 30},
                    "CopyActions": [
                        {"DestinationBackupVaultArn": frankfurt, "Lifecycle": {"DeleteAfterDays": 30}}
                    ],
                }
            ],
        }
    )
    names["plan_ok"] = ok["BackupPlanArn"]
    bad = eu.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "bad-plan",
            "Rules": [
                {
                    "RuleName": "forever",
                    "TargetBackupVaultName": "bad-vault",
                    "ScheduleExpression": "cron(0 3 * * ? *)",
                    "CopyActions": [{"DestinationBackupVaultArn": virginia}],
                }
            ],
        }
    )
    names["plan_bad"] = bad["BackupPlanArn"]


# --------------------------------------------------------------------------- IAM
@builder
def iam(names: dict[str, Any]) -> None:
    iam = client("iam", US)
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust)
    ok = iam.create_policy(
        PolicyName="ok-read-bucket",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ok-bucket/*"}
                ],
            }
        ),
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="app", PolicyArn=ok)
    iam.put_role_policy(
        RoleName="app",
        PolicyName="bad-everything",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    # Attaching AWS-managed AdministratorAccess needs moto to load every AWS-managed policy
    # (MOTO_IAM_LOAD_MANAGED_POLICIES, slow): covered by a recorded response in test_recorded.py.


# --------------------------------------------------------------------------- CloudFront
def _distribution(reference: str, viewer: str, price: str, certificate: dict[str, Any], logging: bool) -> str:
    config: dict[str, Any] = {
        "CallerReference": reference,
        "Comment": reference,
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "site",
                    "DomainName": "ok-bucket.s3.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": viewer,
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        },
        "PriceClass": price,
        "ViewerCertificate": certificate,
    }
    if logging:
        config["Logging"] = {
            "Enabled": True,
            "IncludeCookies": False,
            "Bucket": "ok-access-logs.s3.amazonaws.com",
            "Prefix": "cdn/",
        }
    return client("cloudfront", US).create_distribution(DistributionConfig=config)["Distribution"]["ARN"]


@builder
def cloudfront(names: dict[str, Any]) -> None:
    names["cdn_ok"] = _distribution(
        "ok-cdn",
        "redirect-to-https",
        "PriceClass_100",
        {
            "ACMCertificateArn": client("acm", US).request_certificate(DomainName="cdn.example.com")[
                "CertificateArn"
            ],
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
        logging=False,
    )
    names["cdn_bad"] = _distribution(
        "bad-cdn", "allow-all", "PriceClass_All", {"CloudFrontDefaultCertificate": True}, logging=True
    )


# --------------------------------------------------------------------------- API Gateway
@builder
def apigateway(names: dict[str, Any]) -> None:
    rest = client("apigateway")
    ok = rest.create_rest_api(name="ok-private-api", endpointConfiguration={"types": ["PRIVATE"]})["id"]
    names["api_ok"] = f"arn:aws:apigateway:{EU}::/restapis/{ok}"
    bad = rest.create_rest_api(name="bad-regional-api", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    names["api_bad"] = f"arn:aws:apigateway:{EU}::/restapis/{bad}"
    resource = rest.get_resources(restApiId=bad)["items"][0]["id"]
    rest.put_method(restApiId=bad, resourceId=resource, httpMethod="GET", authorizationType="NONE")
    rest.put_integration(restApiId=bad, resourceId=resource, httpMethod="GET", type="MOCK")
    deployment = rest.create_deployment(restApiId=bad)["id"]
    rest.create_stage(restApiId=bad, stageName="logged", deploymentId=deployment)
    rest.update_stage(
        restApiId=bad,
        stageName="logged",
        patchOperations=[
            {
                "op": "replace",
                "path": "/accessLogSettings/destinationArn",
                "value": f"arn:aws:logs:{EU}:{ACCOUNT}:log-group:ok-logs-30d",
            },
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
        ],
    )
    names["stage_bad"] = f"arn:aws:apigateway:{EU}::/restapis/{bad}/stages/logged"
    rest.create_stage(restApiId=bad, stageName="quiet", deploymentId=deployment)
    names["stage_ok"] = f"arn:aws:apigateway:{EU}::/restapis/{bad}/stages/quiet"
    cert = client("acm").request_certificate(DomainName="api.example.com")["CertificateArn"]
    rest.create_domain_name(
        domainName="api.example.com",
        regionalCertificateArn=cert,
        endpointConfiguration={"types": ["REGIONAL"]},
        securityPolicy="TLS_1_2",
    )
    rest.create_domain_name(
        domainName="old.example.com",
        regionalCertificateArn=cert,
        endpointConfiguration={"types": ["REGIONAL"]},
        securityPolicy="TLS_1_0",
    )
    names["http_api"] = (
        f"arn:aws:apigateway:{US}::/apis/"
        + client("apigatewayv2", US).create_api(Name="http-in-us", ProtocolType="HTTP")["ApiId"]
    )


# --------------------------------------------------------------------------- OpenSearch, ElastiCache, Redshift
@builder
def search_and_caches(names: dict[str, Any]) -> None:
    search = client("opensearch")
    search.create_domain(
        DomainName="ok-search",
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": names["key_ok"]},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        VPCOptions={"SubnetIds": [names["subnet"]]},
        LogPublishingOptions={
            "AUDIT_LOGS": {
                "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{EU}:{ACCOUNT}:log-group:ok-logs-30d",
                "Enabled": True,
            }
        },
    )
    search.create_domain(
        DomainName="bad-search",
        AccessPolicies=_public(f"arn:aws:es:{EU}:{ACCOUNT}:domain/bad-search/*", "es:ESHttpGet"),
        LogPublishingOptions={
            "SEARCH_SLOW_LOGS": {
                "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{EU}:{ACCOUNT}:log-group:ok-logs-30d",
                "Enabled": True,
            }
        },
    )
    cache = client("elasticache")
    cache.create_replication_group(
        ReplicationGroupId="ok-cache",
        ReplicationGroupDescription="encrypted, TLS only",
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheClusters=1,
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        KmsKeyId=names["key_ok"],
    )
    cache.create_cache_cluster(
        CacheClusterId="bad-cache", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=1
    )
    warehouse = client("redshift")
    common = {"NodeType": "dc2.large", "MasterUsername": "admin", "MasterUserPassword": "Secret-pass-1"}
    warehouse.create_cluster(
        ClusterIdentifier="ok-warehouse",
        Encrypted=True,
        KmsKeyId=names["key_ok"],
        PubliclyAccessible=False,
        **common,
    )
    warehouse.enable_logging(ClusterIdentifier="ok-warehouse", BucketName="trail-logs")
    warehouse.create_cluster(
        ClusterIdentifier="bad-warehouse", Encrypted=False, PubliclyAccessible=True, **common
    )
