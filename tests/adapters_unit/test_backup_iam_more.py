"""``adapters/backup.py``, ``ebs_sharing.py``, ``opensearch_serverless.py``, ``firehose_http.py``, ``iam.py``
and ``iam_documents.py`` (the policy documents every adapter reads, seen through ``aws_iam_policy``)."""

from __future__ import annotations

from .adapt import adapt, defaults, nothing_set, table

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
HERE = {"@region": "eu-west-1"}
VAULT = 'resource "aws_backup_vault" "v" {\n  name = "vault"\n' + f'  kms_key_arn = "{KEY}"\n}}\n'
PER_PLAN = ("unknown", "a vault keeps each recovery point as long as the plan that made it says")
SNAPSHOT = 'resource "aws_ebs_snapshot" "s" {\n  volume_id = "vol-1"\n}\n'
AS_VOLUME = ("unknown", "a snapshot is encrypted as its volume, which is not in this configuration")
OSS_KEY = ("unknown", "no encryption policy in this configuration covers collection 'logs'; AWS refuses to create "
           "a collection that none covers, so its key is chosen by a policy outside this code")  # fmt: skip
S3_READ_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*",
                "Action": ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*"]}]}  # fmt: skip


def _policy(document: str, before: str = "") -> str:
    return f'{before}resource "aws_iam_policy" "p" {{\n  name = "read"\n  policy = {document}\n}}'


def _iam(document: object) -> dict:
    return {"document": document, "attached_to": [], "@kind": "policy/identity", "@name": "read", **HERE}


CASES = {
    # Every vault is encrypted, with the aws/backup key unless told; it keeps what plans say.
    "backup vault, nothing set: AWS-managed key, no policy": (
        'resource "aws_backup_vault" "v" {\n  name = "vault"\n}',
        "aws_backup_vault.v",
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "policy": None, "public": False,
         "copy_regions": [], "retention_days": PER_PLAN, "@kind": "backup/vault", "@name": "vault", **HERE},
    ),
    # A rule without lifecycle keeps recovery points forever (None), and so does a copy without one.
    "backup plan into a customer-key vault, kept 35 days, copied abroad for ever": (
        VAULT + 'resource "aws_backup_plan" "p" {\n  name = "plan"\n'
        '  rule {\n    rule_name = "daily"\n    target_vault_name = aws_backup_vault.v.name\n'
        '    schedule = "cron(0 5 * * ? *)"\n    lifecycle {\n      delete_after = 35\n    }\n'
        '    copy_action {\n      destination_vault_arn = "arn:aws:backup:eu-central-1:123456789012:backup-vault:copy"\n'
        "    }\n  }\n}",
        "aws_backup_plan.p",
        {"encrypted": True, "customer_managed_key": True, "kms_key_id": KEY, "policy": None, "public": False,
         "copy_regions": ["eu-central-1"], "retention_days": None, "@kind": "backup/plan", "@name": "plan", **HERE},
    ),
    "backup plan whose copy is also kept 35 days": (
        VAULT + 'resource "aws_backup_plan" "p" {\n  name = "plan"\n'
        '  rule {\n    rule_name = "daily"\n    target_vault_name = aws_backup_vault.v.name\n'
        '    lifecycle {\n      delete_after = 35\n    }\n'
        '    copy_action {\n      destination_vault_arn = "arn:aws:backup:eu-central-1:123456789012:backup-vault:copy"\n'
        "      lifecycle {\n        delete_after = 35\n      }\n    }\n  }\n}",
        "aws_backup_plan.p",
        {"encrypted": True, "customer_managed_key": True, "kms_key_id": KEY, "policy": None, "public": False,
         "copy_regions": ["eu-central-1"], "retention_days": 35, "@kind": "backup/plan", "@name": "plan", **HERE},
    ),
    "ebs snapshot, nothing set: encrypted as its volume, not shared": (
        SNAPSHOT,
        "aws_ebs_snapshot.s",
        {"encrypted": AS_VOLUME, "customer_managed_key": AS_VOLUME, "kms_key_id": AS_VOLUME, "policy": None,
         "public": False, "copy_regions": [], "retention_days": None, "@kind": "backup/snapshot", "@name": None,
         **HERE},
    ),
    "ebs snapshot shared with everyone": (
        SNAPSHOT + 'resource "aws_snapshot_create_volume_permission" "p" {\n'
        '  snapshot_id = aws_ebs_snapshot.s.id\n  account_id = "all"\n}',
        "aws_ebs_snapshot.s",
        {"encrypted": AS_VOLUME, "customer_managed_key": AS_VOLUME, "kms_key_id": AS_VOLUME, "policy": None,
         "public": True, "copy_regions": [], "retention_days": None, "@kind": "backup/snapshot", "@name": None,
         **HERE},
    ),
    "ebs snapshot shared with one account only": (
        SNAPSHOT + 'resource "aws_snapshot_create_volume_permission" "p" {\n'
        '  snapshot_id = aws_ebs_snapshot.s.id\n  account_id = "210987654321"\n}',
        "aws_ebs_snapshot.s",
        {"encrypted": AS_VOLUME, "customer_managed_key": AS_VOLUME, "kms_key_id": AS_VOLUME, "policy": None,
         "public": False, "copy_regions": [], "retention_days": None, "@kind": "backup/snapshot", "@name": None,
         **HERE},
    ),
    # Always encrypted; no network rule matching means reachable from nowhere.
    "opensearch serverless, nothing set: encrypted, key decided outside the code, private": (
        'resource "aws_opensearchserverless_collection" "c" {\n  name = "logs"\n}',
        "aws_opensearchserverless_collection.c",
        {"engine": "opensearch", "encrypted": True, "customer_managed_key": OSS_KEY, "kms_key_id": OSS_KEY,
         "policy": None, "publicly_accessible": False, "replica_regions": [], "@kind": "database/search",
         "@name": "logs", **HERE},
    ),
    # Firehose applies no server-side encryption unless asked.
    "firehose to an HTTPS endpoint outside AWS": (
        'resource "aws_kinesis_firehose_delivery_stream" "f" {\n  name = "out"\n  destination = "http_endpoint"\n'
        '  http_endpoint_configuration {\n    url = "https://intake.example.com/v1"\n    name = "vendor"\n  }\n}',
        "aws_kinesis_firehose_delivery_stream.f.http_endpoint_configuration",
        {"protocol": "HTTPS", "plaintext_allowed": False, "@kind": "endpoint/http_endpoint", "@name": None,
         "@region": ("unknown", "the HTTP endpoint intake.example.com is outside AWS (a third party): where it "
                                "keeps the copy cannot be told from code")},
    ),
    "firehose to an API Gateway endpoint: its Region": (
        'resource "aws_kinesis_firehose_delivery_stream" "f" {\n  name = "out"\n  destination = "http_endpoint"\n'
        '  http_endpoint_configuration {\n    url = "https://abc.execute-api.eu-central-1.amazonaws.com/p"\n'
        '    name = "own"\n  }\n}',
        "aws_kinesis_firehose_delivery_stream.f.http_endpoint_configuration",
        {"protocol": "HTTPS", "plaintext_allowed": False, "@kind": "endpoint/http_endpoint", "@name": None,
         "@region": "eu-central-1"},
    ),
    "iam policy from jsonencode": (
        _policy('jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "s3:GetObject", '
                'Resource = "*"}]})'),
        "aws_iam_policy.p",
        _iam({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    ),
    "iam policy from an aws_iam_policy_document": (
        _policy("data.aws_iam_policy_document.d.json",
                'data "aws_iam_policy_document" "d" {\n  statement {\n    sid = "Read"\n'
                '    actions = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::data/*"]\n'
                '    principals {\n      type = "AWS"\n      identifiers = ["arn:aws:iam::123456789012:root"]\n'
                "    }\n  }\n}\n"),
        "aws_iam_policy.p",
        _iam({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject"],
              "Resource": ["arn:aws:s3:::data/*"], "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]}}]}),
    ),
    "iam policy from a heredoc, one statement not in a list": (
        _policy('<<JSON\n{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "s3:*", '
                '"Resource": "*"}}\nJSON'),
        "aws_iam_policy.p",
        _iam({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}}),
    ),
    "iam policy that is not JSON": (
        _policy('"not json"'), "aws_iam_policy.p", _iam(("unknown", "the policy is not valid JSON")),
    ),
    "iam policy from a variable without a value": (
        _policy("var.doc", 'variable "doc" {\n  type = string\n}\n'),
        "aws_iam_policy.p",
        _iam(("unknown", "variable doc has no value; pass it with --var or --var-file")),
    ),
    # An AWS-managed policy's document is AWS's: it comes from the stored copy, flagged as such.
    "role attachment of an AWS-managed policy": (
        'resource "aws_iam_role" "r" {\n  name = "app"\n  assume_role_policy = jsonencode({Version = "2012-10-17", '
        'Statement = [{Effect = "Allow", Action = "sts:AssumeRole", Principal = {Service = "lambda.amazonaws.com"}}]})\n'
        "}\n"
        'resource "aws_iam_role_policy_attachment" "a" {\n  role = aws_iam_role.r.name\n'
        '  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"\n}',
        "aws_iam_role_policy_attachment.a",
        {"document": S3_READ_ONLY, "attached_to": ["role/app"], "@kind": "policy/identity",
         "@name": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", **HERE},
    ),
}  # fmt: skip


@table(CASES)
def test_resource(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl)[address] == expected


def test_only_the_named_resource_comes_out_besides_the_stream_itself(tmp_path) -> None:
    """A role with no inline policy is no resource of its own; the stream is a MESSAGING one too."""
    assert set(adapt(tmp_path, CASES["role attachment of an AWS-managed policy"][0])) == {
        "aws_iam_role_policy_attachment.a"
    }
    stream = adapt(tmp_path, CASES["firehose to an HTTPS endpoint outside AWS"][0])[
        "aws_kinesis_firehose_delivery_stream.f"
    ]
    assert stream == {"encrypted": False, "customer_managed_key": False, "kms_key_id": None, "policy": None,
                      "retention_days": 1, "@kind": "messaging/stream", "@name": "out", **HERE}  # fmt: skip


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_backup_vault.v": {"encrypted", "customer_managed_key", "policy", "public", "copy_regions"},
        "aws_ebs_snapshot.s": {"policy", "public", "copy_regions", "retention_days"},
        "aws_opensearchserverless_collection.c": {"engine", "encrypted", "policy", "publicly_accessible",
                                                  "replica_regions"},
    }  # fmt: skip


def test_a_written_share_or_document_is_not_flagged_as_a_default(tmp_path) -> None:
    assert defaults(tmp_path, CASES["ebs snapshot shared with everyone"][0]) == {
        "aws_ebs_snapshot.s": {"policy", "copy_regions", "retention_days"}
    }
    assert defaults(tmp_path, CASES["role attachment of an AWS-managed policy"][0]) == {
        "aws_iam_role_policy_attachment.a": {"document"}
    }
    assert defaults(tmp_path, CASES["iam policy from jsonencode"][0]) == {"aws_iam_policy.p": {"attached_to"}}
