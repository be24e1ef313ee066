"""Identity rules: how a Terraform resource and a live resource are recognised as the same thing.

The key is (resource type, region, name), with the name the cloud knows the resource
by (``Resource.identity``): bucket name, DB identifier, log group name, and so on.
Names that AWS makes unique worldwide (S3 buckets, IAM policies, CloudFront) match
without the region; the region is then compared as an attribute, so a bucket that is
not where the code says shows as drift touching data residency. Listeners have no
name: they are the load balancer's name plus the port.

Resources whose id is chosen by AWS (EBS volumes and snapshots, CloudFront
distributions, EFS and KMS without a creation token or description) or whose name is
left to it in the code (``bucket_prefix``, ``name_prefix``, no ``identifier``) cannot
be matched from code alone: they are
reported as *unmatched (identity unknown)*, and ``--tfstate`` resolves them by the
ids and ARNs Terraform recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scanner.state import Resource, Unknown

# Older Terraform names for the same AWS resource, and the per-principal attachment types that
# stand for the same grant as the live source's one attachment per AWS-managed policy.
TYPE_ALIASES: dict[str, str] = {
    "aws_alb": "aws_lb",
    "aws_alb_listener": "aws_lb_listener",
    "aws_elasticsearch_domain": "aws_opensearch_domain",
    "aws_iam_role_policy_attachment": "aws_iam_policy_attachment",
    "aws_iam_user_policy_attachment": "aws_iam_policy_attachment",
    "aws_iam_group_policy_attachment": "aws_iam_policy_attachment",
}

# Types of global services: they have no region of their own (a live scan reads them from the
# partition's home region, code gives them its provider's region), so the region is neither part
# of their identity nor compared.
REGIONLESS_TYPES: frozenset[str] = frozenset(
    {
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_policy_attachment",
        "aws_iam_role_policy_attachment",
        "aws_iam_user_policy_attachment",
        "aws_iam_group_policy_attachment",
        "aws_cloudfront_distribution",
    }
)

# Types whose region is where they send a copy of the data, not where they live (the copy's
# residency): a changed destination is the same resource changed, so they are matched by name
# alone (the same name in two regions is then ambiguous, and said so) and the region is compared.
COPY_TYPES: frozenset[str] = frozenset(
    {"aws_cloudwatch_log_subscription_filter", "aws_sns_topic_subscription"}
)

# Types matched without their region: names unique across regions (global services, S3's global
# namespace: a bucket does have a region, compared as an attribute), and copies (above).
GLOBAL_TYPES: frozenset[str] = REGIONLESS_TYPES | {"aws_s3_bucket"} | COPY_TYPES

LISTENER_TYPES: frozenset[str] = frozenset({"aws_lb_listener"})


@dataclass(frozen=True)
class IdentityRule:
    """What names a resource type, for the documentation and the closing note of a report."""

    name: str
    aws_assigned: bool = False  # AWS picks the id: only --tfstate can match it
    note: str = ""
    # The code may leave the name out, meaning the account it is applied in (Glue's catalog_id):
    # matched to the one account the cloud side scanned.
    account_default: bool = False


# The rules per resource kind, as documented in the report's closing note and the README.
RULES: dict[str, IdentityRule] = {
    "aws_s3_bucket": IdentityRule(
        "bucket name (global; region compared as an attribute)",
        note="bucket_prefix leaves the name to Terraform: unmatched without --tfstate",
    ),
    "aws_db_instance": IdentityRule(
        "DB instance identifier + region",
        note="identifier_prefix or no identifier: unmatched without --tfstate",
    ),
    "aws_rds_cluster": IdentityRule("cluster identifier + region"),
    "aws_dynamodb_table": IdentityRule("table name + region"),
    "aws_cloudwatch_log_group": IdentityRule(
        "log group name + region", note="name_prefix: unmatched without --tfstate"
    ),
    "aws_lb_listener": IdentityRule(
        "load balancer name + port + region", note="the load balancer's name must be known in the code"
    ),
    "aws_lb": IdentityRule("load balancer name + region"),
    "aws_elb": IdentityRule("load balancer name + region"),
    "aws_sqs_queue": IdentityRule("queue name + region"),
    "aws_sns_topic": IdentityRule("topic name + region"),
    "aws_kinesis_stream": IdentityRule("stream name + region"),
    "aws_elasticache_cluster": IdentityRule("cluster id + region"),
    "aws_elasticache_replication_group": IdentityRule("replication group id + region"),
    "aws_opensearch_domain": IdentityRule("domain name + region"),
    "aws_redshift_cluster": IdentityRule("cluster identifier + region"),
    "aws_cloudtrail": IdentityRule("trail name + home region"),
    "aws_backup_vault": IdentityRule("vault name + region"),
    "aws_backup_plan": IdentityRule("plan name + region"),
    "aws_iam_policy": IdentityRule("policy name (global)"),
    "aws_ebs_volume": IdentityRule("volume id", aws_assigned=True),
    # Both sources name these by what the code may write (creation_token, description).
    "aws_efs_file_system": IdentityRule(
        "creation token + region", note="no creation_token: unmatched without --tfstate"
    ),
    "aws_kms_key": IdentityRule(
        "description + region (descriptions may repeat)", note="no description: unmatched without --tfstate"
    ),
    "aws_security_group": IdentityRule("group name + region (names repeat across VPCs)"),
    "aws_cloudfront_distribution": IdentityRule("distribution id", aws_assigned=True),
    "aws_api_gateway_stage": IdentityRule("API id + stage name", aws_assigned=True),
    "aws_db_snapshot": IdentityRule("snapshot identifier + region"),
    "aws_ebs_snapshot": IdentityRule("snapshot id", aws_assigned=True),
    "aws_db_cluster_snapshot": IdentityRule("cluster snapshot identifier + region"),
    "aws_default_security_group": IdentityRule("the VPC's group named default + region"),
    "aws_elasticache_serverless_cache": IdentityRule("cache name + region"),
    "aws_api_gateway_rest_api": IdentityRule("API name + region (names may repeat)"),
    "aws_apigatewayv2_api": IdentityRule("API name + region (names may repeat)"),
    "aws_api_gateway_domain_name": IdentityRule("domain name + region"),
    "aws_apigatewayv2_domain_name": IdentityRule("domain name + region"),
    "aws_apigatewayv2_stage": IdentityRule("API id + stage name", aws_assigned=True),
    "aws_iam_role_policy": IdentityRule("role name + policy name (global)"),
    "aws_iam_user_policy": IdentityRule("user name + policy name (global)"),
    "aws_iam_group_policy": IdentityRule("group name + policy name (global)"),
    "aws_iam_policy_attachment": IdentityRule("the AWS-managed policy's ARN (global)"),
    "aws_iam_role": IdentityRule(
        "role name (global)", note="live, its own policies are role policies and attachments"
    ),
    "aws_s3_directory_bucket": IdentityRule("bucket name (global)", note="not collected live"),
    "aws_s3_object": IdentityRule("bucket + key", note="not collected live"),
    # The stores the live collectors added under issue 12.
    "aws_instance": IdentityRule("instance id", aws_assigned=True),
    "aws_launch_template": IdentityRule(
        "launch template name + region", note="name_prefix or no name: unmatched without --tfstate"
    ),
    "aws_docdb_cluster": IdentityRule("cluster identifier + region"),
    "aws_neptune_cluster": IdentityRule("cluster identifier + region"),
    "aws_dax_cluster": IdentityRule("cluster name + region"),
    "aws_msk_cluster": IdentityRule("cluster name + region"),
    "aws_mq_broker": IdentityRule("broker name + region"),
    "aws_ssm_parameter": IdentityRule("parameter name + region"),
    "aws_secretsmanager_secret": IdentityRule("secret name + region"),
    "aws_lambda_function": IdentityRule("function name + region"),
    "aws_eks_cluster": IdentityRule("cluster name + region"),
    "aws_kinesis_firehose_delivery_stream": IdentityRule("delivery stream name + region"),
    "aws_glue_data_catalog_encryption_settings": IdentityRule(
        "catalog id (the account when not set) + region",
        note="no catalog_id and a cloud scan of several accounts: unmatched without --tfstate",
        account_default=True,
    ),
    "aws_sns_topic_subscription": IdentityRule("subscription ARN", aws_assigned=True),
    "aws_cloudwatch_log_subscription_filter": IdentityRule(
        "log group name + filter name (the region, the destination's, is compared)",
        note="a log group name known only after apply: unmatched without --tfstate",
    ),
    "aws_opensearchserverless_collection": IdentityRule(
        "collection name + region", note="not collected live"
    ),
}

_ARN = re.compile(r"^arn:aws[\w-]*:[^:]*:[^:]*:[^:]*:(.+)$")
_RESOURCE_PREFIXES = ("log-group:", "table/", "db:", "cluster:", "trail/", "key/", "domain/", "stream/",
                      "policy/", "vault:", "backup-vault:", "backup-plan:", "file-system/", "volume/",
                      "security-group/", "distribution/", "replicationgroup:", "snapshot:")  # fmt: skip
_LOAD_BALANCER = re.compile(r"^loadbalancer/(?:(?:app|net|gwy)/)?(?P<name>[^/]+)(?:/[^/]+)?$")
_LISTENER = re.compile(r"^(?P<lb>.+?)[:/](?P<port>\d{1,5})$")


def normal_type(resource_type: str) -> str:
    return TYPE_ALIASES.get(resource_type, resource_type)


def plain_name(raw: str) -> str:
    """The bare name from a name, an ARN or a queue URL (the live side may give any of these)."""
    m = _ARN.match(raw)
    if m:
        raw = m.group(1)
        for prefix in _RESOURCE_PREFIXES:
            if raw.startswith(prefix):
                raw = raw[len(prefix) :]
                break
        if raw.endswith(":*"):
            raw = raw[:-2]
        lb = _LOAD_BALANCER.match(raw)
        return lb.group("name") if lb else raw
    if raw.startswith("arn:aws:s3:::"):
        return raw[len("arn:aws:s3:::") :]
    if raw.startswith(("https://sqs.", "http://sqs.")) or "/queue/" in raw:
        return raw.rstrip("/").rsplit("/", 1)[-1]
    return raw


def listener_name(raw: Any) -> str | None:
    """``lb-name:port`` from a dict ``{load_balancer, port}`` or a string ``lb:port`` / ``lb/port``."""
    if isinstance(raw, dict):
        lb, port = raw.get("load_balancer"), raw.get("port")
        if isinstance(lb, str) and isinstance(port, (int, str)) and str(port).isdigit():
            return f"{plain_name(lb)}:{int(port)}"
        return None
    if isinstance(raw, str):
        m = _LISTENER.match(raw)
        if m:
            return f"{plain_name(m.group('lb'))}:{int(m.group('port'))}"
    return None


@dataclass(frozen=True)
class IdentityKey:
    """What makes a resource the same in two states. ``region`` is None for global types."""

    resource_type: str
    name: str
    region: str | None

    def label(self) -> str:
        return f"{self.resource_type} {self.name}" + (f" ({self.region})" if self.region else "")


def region_of(resource: Resource) -> str | None:
    raw = resource.region.raw if resource.region is not None else None
    if isinstance(raw, str) and raw:
        return raw
    src = resource.source
    return src.region if src and src.region else None


def name_of(resource: Resource) -> tuple[str | None, str]:
    """The resource's name for matching, or None with the reason it is unknown."""
    rtype = normal_type(resource.resource_type)
    ident = resource.identity
    if ident is None:
        rule = RULES.get(rtype)
        if rule and rule.aws_assigned:
            return None, f"AWS assigns the {rule.name}; give --tfstate to match it"
        if rtype in LISTENER_TYPES:
            return None, "the source gives no load balancer name and port for it"
        return None, "the source gives no name for it"
    if not ident.known:
        return None, f"its name is unknown: {ident.reason}"
    raw = ident.raw
    if rtype in LISTENER_TYPES:
        name = listener_name(raw)
        return (name, "") if name else (None, f"cannot read load balancer and port from {raw!r}")
    if not isinstance(raw, str) or not raw:
        return None, "its name is empty"
    return plain_name(raw), ""


_PLACEHOLDER = "${}"


def name_prefix(resource: Resource) -> str | None:
    """The prefix a generated name starts with, when the source says it (``bucket_prefix = "acme-"``).

    Read from the unknown name's shape (``acme-${}``: known text, then the generated part);
    None when not said, in which case any cloud resource of the type and region could be this one.
    """
    ident = resource.identity
    raw = ident.raw if ident is not None else None
    shape = raw.shape if isinstance(raw, Unknown) else None
    if not shape or shape.count(_PLACEHOLDER) != 1 or not shape.endswith(_PLACEHOLDER):
        return None
    return shape[: -len(_PLACEHOLDER)] or None


def key_of(resource: Resource, name: str | None = None) -> IdentityKey | None:
    """The identity key, with ``name`` overriding the resource's own (from a Terraform state file)."""
    rtype = normal_type(resource.resource_type)
    if name is None:
        name, _ = name_of(resource)
        if name is None:
            return None
    region = None if rtype in GLOBAL_TYPES else region_of(resource)
    return IdentityKey(rtype, name, region)
