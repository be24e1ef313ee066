"""``adapters/stores.py``: the stores outside the classic databases and buckets (issue 12)."""

from __future__ import annotations

from .adapt import adapt, defaults, nothing_set, table

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ROLE = "arn:aws:iam::123456789012:role/r"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/copy"
AT_REST_OFF = {"encrypted": False, "customer_managed_key": False, "kms_key_id": None}
AWS_KEY = {"encrypted": True, "customer_managed_key": False, "kms_key_id": None}
CMK = {"encrypted": True, "customer_managed_key": True, "kms_key_id": KEY}
HERE = {"@region": "eu-west-1"}

# (HCL, the one resource's address, its attributes): the first of each type sets nothing.
CASES = {
    "instance, nothing set: the AMI's root volume is not encrypted": (
        'resource "aws_instance" "i" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n}',
        "aws_instance.i",
        {**AT_REST_OFF, "@kind": "volume", "@name": None, **HERE},
    ),
    "instance, every device encrypted with a customer key": (
        'resource "aws_instance" "i" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n'
        f'  root_block_device {{\n    encrypted = true\n    kms_key_id = "{KEY}"\n  }}\n}}',
        "aws_instance.i",
        {**CMK, "@kind": "volume", "@name": None, **HERE},
    ),
    "instance, one device on the AWS key: not all customer-managed": (
        'resource "aws_instance" "i" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n'
        "  root_block_device {\n    encrypted = true\n  }\n"
        f'  ebs_block_device {{\n    device_name = "/dev/sdb"\n    encrypted = true\n    kms_key_id = "{KEY}"\n  }}\n}}',
        "aws_instance.i",
        {**AWS_KEY, "@kind": "volume", "@name": None, **HERE},
    ),
    "launch template with an encrypted device, named": (
        'resource "aws_launch_template" "t" {\n  name = "web"\n'
        '  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      encrypted = true\n    }\n  }\n}',
        "aws_launch_template.t",
        {**AWS_KEY, "@kind": "volume", "@name": "web", **HERE},
    ),
    "launch template named by Terraform": (
        'resource "aws_launch_template" "t" {\n  name_prefix = "web-"\n'
        '  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      volume_size = 8\n    }\n  }\n}',
        "aws_launch_template.t",
        {**AT_REST_OFF, "@kind": "volume", **HERE,
         "@name": ("unknown", "the launch template name is generated from name_prefix 'web-'")},
    ),
    "neptune, nothing set: not encrypted": (
        'resource "aws_neptune_cluster" "c" {\n  cluster_identifier = "graph"\n}',
        "aws_neptune_cluster.c",
        {**AT_REST_OFF, "engine": "neptune", "replica_regions": [], "@kind": "database/graph", "@name": "graph",
         **HERE},
    ),
    "documentdb with a customer key": (
        'resource "aws_docdb_cluster" "c" {\n  cluster_identifier = "docs"\n  storage_encrypted = true\n'
        f'  kms_key_id = "{KEY}"\n}}',
        "aws_docdb_cluster.c",
        {**CMK, "engine": "docdb", "replica_regions": [], "@kind": "database/document", "@name": "docs", **HERE},
    ),
    "ssm SecureString, no key: alias/aws/ssm": (
        'resource "aws_ssm_parameter" "p" {\n  name = "/app/db"\n  type = "SecureString"\n  value = "x"\n}',
        "aws_ssm_parameter.p",
        {**AWS_KEY, "@kind": "secret/parameter", "@name": "/app/db", **HERE},
    ),
    "ssm String: not encrypted": (
        'resource "aws_ssm_parameter" "p" {\n  name = "/app/url"\n  type = "String"\n  value = "x"\n}',
        "aws_ssm_parameter.p",
        {**AT_REST_OFF, "@kind": "secret/parameter", "@name": "/app/url", **HERE},
    ),
    "secret, nothing set: aws/secretsmanager": (
        'resource "aws_secretsmanager_secret" "s" {\n  name = "db"\n}',
        "aws_secretsmanager_secret.s",
        {**AWS_KEY, "@kind": "secret/secret", "@name": "db", **HERE},
    ),
    "lambda, nothing set: AWS key, no URL": (
        f'resource "aws_lambda_function" "f" {{\n  function_name = "fn"\n  role = "{ROLE}"\n}}',
        "aws_lambda_function.f",
        {**AWS_KEY, "public_url": False, "@kind": "function", "@name": "fn", **HERE},
    ),
    "eks, nothing set: API data envelope-encrypted with an AWS-owned key (1.28 on), endpoint public": (
        f'resource "aws_eks_cluster" "e" {{\n  name = "k"\n  role_arn = "{ROLE}"\n'
        '  vpc_config {\n    subnet_ids = ["subnet-1"]\n  }\n}',
        "aws_eks_cluster.e",
        {**AWS_KEY, "internet_facing": True, "@kind": "cluster/kubernetes", "@name": "k", **HERE},
    ),
    "eks 1.27 without encryption_config: secrets not envelope-encrypted": (
        f'resource "aws_eks_cluster" "e" {{\n  name = "k"\n  version = "1.27"\n  role_arn = "{ROLE}"\n'
        '  vpc_config {\n    subnet_ids = ["subnet-1"]\n  }\n}',
        "aws_eks_cluster.e",
        {**AT_REST_OFF, "internet_facing": True, "@kind": "cluster/kubernetes", "@name": "k", **HERE},
    ),
    "glue catalog, SSE-KMS with a customer key, the account's own catalog": (
        'resource "aws_glue_data_catalog_encryption_settings" "c" {\n  data_catalog_encryption_settings {\n'
        "    connection_password_encryption {\n      return_connection_password_encrypted = false\n    }\n"
        f'    encryption_at_rest {{\n      catalog_encryption_mode = "SSE-KMS"\n      sse_aws_kms_key_id = "{KEY}"\n'
        "    }\n  }\n}",
        "aws_glue_data_catalog_encryption_settings.c",
        {**CMK, "replica_regions": [], "@kind": "database/catalog", "@name": None, **HERE},
    ),
    "log subscription filter: named by group and filter, where the copy goes": (
        'resource "aws_cloudwatch_log_subscription_filter" "f" {\n  name = "all"\n  log_group_name = "app"\n'
        f'  filter_pattern = ""\n  destination_arn = "{STREAM}"\n}}',
        "aws_cloudwatch_log_subscription_filter.f",
        {"plaintext_allowed": False, "@kind": "endpoint/log_subscription", "@name": "app:all",
         "@region": "us-east-1"},
    ),
}  # fmt: skip


@table(CASES)
def test_store(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl) == {address: expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_instance.i": {"encrypted", "customer_managed_key"},
        "aws_neptune_cluster.c": {"encrypted", "customer_managed_key", "engine", "replica_regions"},
        "aws_secretsmanager_secret.s": {"encrypted", "customer_managed_key"},
        "aws_lambda_function.f": {"encrypted", "customer_managed_key", "public_url"},
        "aws_eks_cluster.e": {"encrypted", "customer_managed_key", "internet_facing"},
    }
