"""AWS-managed IAM policies: which ARNs name one, and what the widely used ones grant.

AWS-managed policies live in the pseudo-account ``aws``: ``arn:PARTITION:iam::aws:policy/[PATH/]NAME``.
Their documents are not in anyone's configuration, so an attachment of one can be judged only
from what AWS documents the policy to grant. :data:`POLICIES` holds the widely used ones, each
written by privacy-scan from AWS's description of its purpose and abridged to what the checks
read: which services' data it reaches and how (everything, full access to one service, reads,
metadata only, a service role's own calls). The checks read these documents through the same
functions as any other (:mod:`scanner.knowledge.aws.iam` for every action on every resource,
:mod:`scanner.knowledge.aws.iam_escalation` for a way to grant itself that), so an entry's
meaning says what they find: IAMFullAccess and AWSLambda_FullAccess let their holder escalate. ``SERVICE:Verb*`` is a pattern of actions, and
``*:Get*`` stands for that verb on every service: an abridgement, not AWS's text, which lists
the actions one by one and changes between versions. A policy not in the table is unknown, with
the reason naming it; it is never read as granting nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.knowledge.aws import arn
from scanner.state import Unknown


@dataclass(frozen=True)
class ManagedPolicy:
    """What one AWS-managed policy grants: a sentence, and Allow statements on every resource."""

    meaning: str
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        key, values = ("NotAction", self.not_actions) if self.not_actions else ("Action", self.actions)
        return {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", key: values[0] if len(values) == 1 else list(values), "Resource": "*"}
            ],
        }


_LOG_WRITES = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")

POLICIES: dict[str, ManagedPolicy] = {
    # Everything, or everything but a few services.
    "AdministratorAccess": ManagedPolicy("every action on every resource", ("*",)),
    "PowerUserAccess": ManagedPolicy(
        "every action but managing IAM, Organizations and the account",
        not_actions=("iam:*", "organizations:*", "account:*"),
    ),
    # Reads across every service.
    "ReadOnlyAccess": ManagedPolicy(
        "reads of every service's resources, including their data (objects, items, log events)",
        ("*:Get*", "*:List*", "*:Describe*", "*:BatchGet*", "*:Query", "*:Scan"),
    ),
    "ViewOnlyAccess": ManagedPolicy(
        "lists and descriptions of every service's resources, without reading their data",
        ("*:List*", "*:Describe*"),
    ),
    "SecurityAudit": ManagedPolicy(
        "reads of every service's configuration and policies, for an audit, without their data",
        ("*:List*", "*:Describe*", "*:Get*Policy*", "*:Get*Configuration*"),
    ),
    # Full access to one service's data.
    "AmazonS3FullAccess": ManagedPolicy(
        "every S3 action on every bucket and object", ("s3:*", "s3-object-lambda:*")
    ),
    "AmazonDynamoDBFullAccess": ManagedPolicy("every DynamoDB action on every table", ("dynamodb:*",)),
    "AmazonRDSFullAccess": ManagedPolicy("every RDS action on every database", ("rds:*",)),
    "AmazonSQSFullAccess": ManagedPolicy("every SQS action on every queue", ("sqs:*",)),
    "AmazonSNSFullAccess": ManagedPolicy("every SNS action on every topic", ("sns:*",)),
    "AmazonEC2FullAccess": ManagedPolicy(
        "every EC2, load balancing, auto scaling and CloudWatch action",
        ("ec2:*", "elasticloadbalancing:*", "autoscaling:*", "cloudwatch:*"),
    ),
    "CloudWatchLogsFullAccess": ManagedPolicy("every CloudWatch Logs action on every log group", ("logs:*",)),
    "SecretsManagerReadWrite": ManagedPolicy(
        "every Secrets Manager action on every secret", ("secretsmanager:*",)
    ),
    "AWSLambda_FullAccess": ManagedPolicy(
        "every Lambda action on every function: its holder can replace any function's code and run it "
        "with that function's role (self-escalation)",
        ("lambda:*",),
    ),
    # Self-escalation: IAM changes on every resource (see scanner.knowledge.aws.iam_escalation).
    "IAMFullAccess": ManagedPolicy(
        "every IAM action: its holder can attach AdministratorAccess to itself (self-escalation)",
        ("iam:*", "organizations:List*"),
    ),
    # Reads of one service.
    "AmazonS3ReadOnlyAccess": ManagedPolicy(
        "reads of every bucket and object", ("s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*")
    ),
    "AmazonDynamoDBReadOnlyAccess": ManagedPolicy(
        "reads of every table's items",
        ("dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:Get*", "dynamodb:List*")
        + ("dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect"),
    ),
    "AmazonRDSReadOnlyAccess": ManagedPolicy(
        "descriptions of every database (no data: that needs database credentials)",
        ("rds:Describe*", "rds:ListTagsForResource"),
    ),
    "AmazonSQSReadOnlyAccess": ManagedPolicy(
        "queue attributes and lists, without receiving messages", ("sqs:GetQueue*", "sqs:List*")
    ),
    "AmazonEC2ReadOnlyAccess": ManagedPolicy(
        "descriptions of EC2, load balancing and auto scaling resources",
        ("ec2:Describe*", "elasticloadbalancing:Describe*", "autoscaling:Describe*"),
    ),
    "CloudWatchLogsReadOnlyAccess": ManagedPolicy(
        "reads of every log group's events",
        ("logs:Describe*", "logs:Get*", "logs:List*", "logs:FilterLogEvents", "logs:StartQuery"),
    ),
    "IAMReadOnlyAccess": ManagedPolicy("reads of IAM users, roles and policies", ("iam:Get*", "iam:List*")),
    # Key management without using the keys.
    "AWSKeyManagementServicePowerUser": ManagedPolicy(
        "managing KMS keys without encrypting or decrypting with them",
        ("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*")
        + ("kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource")
        + ("kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"),
    ),
    # Service roles: the calls the service itself makes for its workload.
    "AWSLambdaBasicExecutionRole": ManagedPolicy("a function writing its own logs", _LOG_WRITES),
    "AWSLambdaVPCAccessExecutionRole": ManagedPolicy(
        "a function writing its logs and attaching network interfaces in a VPC",
        _LOG_WRITES
        + ("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets")
        + ("ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"),
    ),
    "AmazonECSTaskExecutionRolePolicy": ManagedPolicy(
        "a task pulling its container images and writing its logs",
        ("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer")
        + ("ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"),
    ),
    "AmazonSSMManagedInstanceCore": ManagedPolicy(
        "an instance's Systems Manager agent: its documents, parameters and sessions",
        ("ssm:DescribeAssociation", "ssm:DescribeDocument", "ssm:GetDocument", "ssm:GetParameter")
        + ("ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations")
        + ("ssm:PutInventory", "ssm:PutComplianceItems", "ssm:UpdateInstanceInformation")
        + ("ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus")
        + ("ssmmessages:*", "ec2messages:*"),
    ),
    "AWSLambdaENIManagementAccess": ManagedPolicy(
        "a function attaching and removing its network interfaces in a VPC",
        ("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface")
        + ("ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"),
    ),
    "AWSLambdaDynamoDBExecutionRole": ManagedPolicy(
        "a function reading the DynamoDB stream that triggers it, and writing its logs",
        (
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
        )
        + _LOG_WRITES,
    ),
    "AWSXRayDaemonWriteAccess": ManagedPolicy(
        "sending traces to X-Ray and reading its sampling rules",
        ("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSampling*"),
    ),
    "AmazonRDSEnhancedMonitoringRole": ManagedPolicy(
        "RDS writing its enhanced-monitoring metrics to its own log group",
        _LOG_WRITES + ("logs:PutRetentionPolicy", "logs:DescribeLogStreams", "logs:GetLogEvents"),
    ),
    "AWS_ConfigRole": ManagedPolicy(
        "AWS Config recording the configuration of every service's resources, without their data",
        ("*:List*", "*:Describe*", "*:Get*Policy*", "*:Get*Configuration*"),
    ),
    "AWSSupportAccess": ManagedPolicy("opening and reading AWS Support cases", ("support:*",)),
    "AmazonAPIGatewayPushToCloudWatchLogs": ManagedPolicy(
        "API Gateway writing its access and execution logs",
        _LOG_WRITES
        + ("logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:GetLogEvents")
        + ("logs:FilterLogEvents",),
    ),
    "CloudWatchAgentServerPolicy": ManagedPolicy(
        "the CloudWatch agent sending an instance's metrics and logs",
        ("cloudwatch:PutMetricData", "ec2:DescribeVolumes", "ec2:DescribeTags", "ssm:GetParameter")
        + _LOG_WRITES
        + ("logs:DescribeLogStreams", "logs:DescribeLogGroups", "logs:PutRetentionPolicy"),
    ),
    "AmazonEC2ContainerRegistryReadOnly": ManagedPolicy(
        "pulling container images from ECR",
        ("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer")
        + (
            "ecr:BatchGetImage",
            "ecr:Describe*",
            "ecr:List*",
            "ecr:GetRepositoryPolicy",
            "ecr:GetLifecyclePolicy*",
        ),
    ),
    "AWSLambdaSQSQueueExecutionRole": ManagedPolicy(
        "a function receiving and deleting the messages of the queue that triggers it, and writing its logs",
        ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes") + _LOG_WRITES,
    ),
    "AWSLambdaKinesisExecutionRole": ManagedPolicy(
        "a function reading the Kinesis stream that triggers it, and writing its logs",
        ("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords")
        + (
            "kinesis:GetShardIterator",
            "kinesis:ListShards",
            "kinesis:ListStreams",
            "kinesis:SubscribeToShard",
        )
        + _LOG_WRITES,
    ),
    "AWSXrayReadOnlyAccess": ManagedPolicy(
        "reading X-Ray traces, service graphs and sampling rules",
        ("xray:Get*", "xray:BatchGet*", "xray:List*"),
    ),
    "AWSCodeDeployRoleForLambda": ManagedPolicy(
        "CodeDeploy shifting a function alias's traffic, running its hook functions and reporting to SNS",
        (
            "cloudwatch:DescribeAlarms",
            "lambda:UpdateAlias",
            "lambda:GetAlias",
            "lambda:GetProvisionedConcurrencyConfig",
        )
        + ("lambda:InvokeFunction", "sns:Publish", "s3:GetObject", "s3:GetObjectVersion"),
    ),
    "AmazonRDSDirectoryServiceAccess": ManagedPolicy(
        "RDS joining a database to a Directory Service domain",
        (
            "ds:DescribeDirectories",
            "ds:AuthorizeApplication",
            "ds:UnauthorizeApplication",
            "ds:GetAuthorizedApplicationDetails",
        ),
    ),
    "AmazonEKSClusterPolicy": ManagedPolicy(
        "the EKS control plane managing its network interfaces, load balancers and node groups",
        ("ec2:*NetworkInterface*", "ec2:Describe*", "ec2:CreateTags", "ec2:*SecurityGroup*")
        + ("elasticloadbalancing:*", "autoscaling:Describe*", "autoscaling:UpdateAutoScalingGroup")
        + ("kms:DescribeKey", "iam:CreateServiceLinkedRole"),
    ),
    "AmazonEKSServicePolicy": ManagedPolicy(
        "the EKS service (older clusters) managing its network interfaces and load balancers",
        ("ec2:*NetworkInterface*", "ec2:Describe*", "ec2:CreateTags", "ec2:*SecurityGroup*")
        + ("elasticloadbalancing:*", "route53:AssociateVPCWithHostedZone", "logs:CreateLogGroup")
        + (
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
            "iam:CreateServiceLinkedRole",
        ),
    ),
    "AmazonEKSWorkerNodePolicy": ManagedPolicy(
        "an EKS node joining its cluster",
        ("ec2:Describe*", "eks:DescribeCluster", "eks-auth:AssumeRoleForPodIdentity"),
    ),
    "AmazonEKS_CNI_Policy": ManagedPolicy(
        "the EKS network plugin managing a node's network interfaces",
        ("ec2:AssignPrivateIpAddresses", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface")
        + ("ec2:DeleteNetworkInterface", "ec2:Describe*", "ec2:DetachNetworkInterface")
        + ("ec2:ModifyNetworkInterfaceAttribute", "ec2:UnassignPrivateIpAddresses", "ec2:CreateTags"),
    ),
}
# The names whose copy under the same name privacy-scan takes as AWS's when only a name is given:
# those that grant everything, directly or through self-escalation (a customer's policy that takes
# one of these names grants the same, or is a copy of it).
GRANT_EVERYTHING = frozenset({"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"})


def policy_name(text: Any) -> str | None:
    """The name of the AWS-managed policy an ARN names (any partition, any path), or None."""
    parsed = arn.parse(text)
    if parsed is None or parsed.service != "iam" or parsed.account != "aws":
        return None
    if not parsed.resource.startswith("policy/"):
        return None
    return parsed.resource.rsplit("/", 1)[-1]


def is_aws_managed(text: Any) -> bool:
    return policy_name(text) is not None


def document(text: Any) -> dict[str, Any] | None:
    """The abridged document of the AWS-managed policy ``text`` (an ARN) names, or None (not listed)."""
    name = policy_name(text)
    listed = POLICIES.get(name) if name else None
    return listed.document() if listed else None


def document_or_unknown(text: Any) -> dict[str, Any] | Unknown:
    """As :func:`document` for an AWS-managed ARN; a policy not in the table is unknown, named."""
    found = document(text)
    if found is not None:
        return found
    return Unknown(
        f"AWS-managed policy {policy_name(text)} is not in privacy-scan's table of AWS-managed policies"
    )


def document_by_name(name: Any) -> dict[str, Any] | None:
    """The document of a grant-everything AWS-managed policy called ``name`` (no ARN), or None."""
    return POLICIES[name].document() if isinstance(name, str) and name in GRANT_EVERYTHING else None
