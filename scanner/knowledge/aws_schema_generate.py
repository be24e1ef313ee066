"""Regenerate ``aws_schema_types.json`` from the AWS provider's own schema.

Usage (in a scratch directory with the provider installed, never inside the repository)::

    terraform providers schema -json > schema.json
    python -m scanner.knowledge.aws_schema_generate schema.json > scanner/knowledge/aws_schema_types.json

Only resource types of the services privacy-scan reads are kept (``PREFIXES``), and of those
only the arguments whose type is ``bool`` or ``number``: that is all the type conversion needs.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PREFIXES = (
    "aws_s3_", "aws_s3control_bucket", "aws_db_", "aws_rds_", "aws_dynamodb_", "aws_ebs_", "aws_efs_",
    "aws_elasticache_", "aws_opensearch", "aws_elasticsearch_", "aws_redshift", "aws_backup_", "aws_kms_",
    "aws_cloudwatch_log_", "aws_cloudtrail", "aws_lb", "aws_alb", "aws_elb", "aws_cloudfront_distribution",
    "aws_api_gateway_stage", "aws_api_gateway_rest_api", "aws_api_gateway_domain_name", "aws_apigatewayv2_",
    "aws_security_group", "aws_vpc_security_group", "aws_sqs_", "aws_sns_", "aws_kinesis", "aws_iam_role",
    "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_instance", "aws_launch_template",
    "aws_launch_configuration", "aws_neptune_", "aws_docdb_", "aws_mq_", "aws_msk_", "aws_lambda_",
    "aws_ssm_parameter", "aws_secretsmanager_", "aws_eks_", "aws_glue_data_catalog", "aws_dax_",
    "aws_flow_log", "aws_volume_attachment",
)  # fmt: skip


def _walk(block: dict[str, Any], prefix: str, out: dict[str, list[str]]) -> None:
    for name, attr in (block.get("attributes") or {}).items():
        if attr.get("type") in ("bool", "number"):
            out.setdefault(attr["type"], []).append(prefix + name)
    for name, nested in (block.get("block_types") or {}).items():
        _walk(nested.get("block") or {}, f"{prefix}{name}.", out)


def generate(schema: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    provider = schema["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    table: dict[str, dict[str, list[str]]] = {}
    for rtype, body in sorted(provider["resource_schemas"].items()):
        if not rtype.startswith(PREFIXES):
            continue
        found: dict[str, list[str]] = {}
        _walk(body["block"], "", found)
        if found:
            table[rtype] = {kind: sorted(paths) for kind, paths in sorted(found.items())}
    return table


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(generate(json.load(handle)), indent=0, sort_keys=True))
