"""Resource types the checks know that no live collector yields, each with the reason.

A service's reasons belong in its own module (``NOT_COLLECTED`` there is found the same way);
these are the types whose service module says nothing yet, or that have no service module.
The parity test holds every type a check names to a collector or an entry here.
"""

from __future__ import annotations

NOT_COLLECTED: dict[str, str] = {
    "aws_s3_object": (
        "not worth a collector: encryption is per object, one HeadObject call per object of every "
        "bucket; since January 2023 S3 encrypts every new object (SSE-S3) and the bucket's default "
        "encryption, which the s3 collector reads, decides what new objects get"
    ),
    "aws_s3_directory_bucket": (
        "not collected yet: S3 Express One Zone directory buckets are listed by ListDirectoryBuckets and "
        "read through zonal endpoints the s3 collector does not call, so a live scan does not see them"
    ),
    "aws_elasticsearch_domain": (
        "the older Terraform name of the same AWS resource: the opensearch collector yields every domain "
        "as aws_opensearch_domain (drift maps the alias)"
    ),
    "aws_alb_listener": (
        "the older Terraform name of the same AWS resource: the elbv2 collector yields every listener as "
        "aws_lb_listener (drift maps the alias)"
    ),
    "aws_iam_role": (
        "AWS keeps no separate object for a role's inline_policy blocks and managed_policy_arns: the iam "
        "collector yields them as the role's aws_iam_role_policy and aws_iam_policy_attachment resources"
    ),
    "aws_iam_role_policy_attachment": (
        "the iam collector yields every attachment of an AWS-managed policy as aws_iam_policy_attachment "
        "(drift maps the per-principal Terraform types onto it)"
    ),
    "aws_iam_user_policy_attachment": (
        "the iam collector yields every attachment of an AWS-managed policy as aws_iam_policy_attachment "
        "(drift maps the per-principal Terraform types onto it)"
    ),
    "aws_iam_group_policy_attachment": (
        "the iam collector yields every attachment of an AWS-managed policy as aws_iam_policy_attachment "
        "(drift maps the per-principal Terraform types onto it)"
    ),
    "aws_opensearchserverless_collection": (
        "no collector reads OpenSearch Serverless yet (BatchGetCollection and the security policies "
        "that decide its key and network access); the Terraform adapter resolves them from the code"
    ),
}
