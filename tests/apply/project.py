"""fixtures/apply/project applied for real: terraform onto a moto server, the cloud collected, hand changes.

``apply_and_record`` runs the whole story and returns the four recordings the tests read:
the plan JSON, the ``terraform.tfstate``, and the live state right after apply and after
the hand changes of :data:`CHANGES`. The committed copies under fixtures/apply/recorded let
every comparison run where Terraform is absent; ``PRIVACY_SCAN_RECORD=1`` with the apply
test rewrites them.

Terraform needs the AWS provider 5.100.0 without the network: ``PRIVACY_SCAN_TF_MIRROR``
names a provider mirror directory (``filesystem_mirror``), else Terraform's own CLI
configuration decides where providers come from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "apply"
PROJECT = FIXTURES / "project"
RECORDED = FIXTURES / "recorded"
PROMISES = FIXTURES / "promises.yaml"
REGION = "eu-west-1"
ACCOUNT = "123456789012"  # moto's default account
# What the recordings say instead of the moto server's address (queue URLs hold it).
RECORDED_ENDPOINT = f"https://sqs.{REGION}.amazonaws.com"

TF_ENV = {"TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1", "TF_INPUT": "0"}


def terraform_missing() -> str | None:
    """Why the apply cannot run here, or None."""
    if shutil.which("terraform") is None:
        return "terraform is not on PATH"
    mirror = os.environ.get("PRIVACY_SCAN_TF_MIRROR")
    if mirror and not Path(mirror).is_dir():
        return f"PRIVACY_SCAN_TF_MIRROR is not a directory: {mirror}"
    return None


def _terraform(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    proc = subprocess.run(
        ["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(f"terraform {args[0]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def terraform_env(workdir: Path, endpoint: str) -> dict[str, str]:
    env = {**os.environ, **TF_ENV, "AWS_ENDPOINT_URL": endpoint}
    mirror = os.environ.get("PRIVACY_SCAN_TF_MIRROR")
    if mirror:
        rc = workdir.parent / "terraform.rc"
        rc.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n')
        env["TF_CLI_CONFIG_FILE"] = str(rc)
    return env


def terraform_apply(workdir: Path, endpoint: str) -> tuple[dict, dict]:
    """init, plan, show -json, apply of a scratch copy of the project: (plan JSON, tfstate)."""
    shutil.copytree(PROJECT, workdir)
    env = terraform_env(workdir, endpoint)
    _terraform(["init", "-input=false", "-no-color"], workdir, env)
    _terraform(["plan", "-input=false", "-no-color", "-out=plan.out"], workdir, env)
    plan = json.loads(_terraform(["show", "-json", "plan.out"], workdir, env))
    _terraform(["apply", "-input=false", "-no-color", "-auto-approve", "plan.out"], workdir, env)
    state = json.loads((workdir / "terraform.tfstate").read_text(encoding="utf-8"))
    return plan, state


def without_endpoint(data: dict, endpoint: str) -> dict:
    """The recording with the moto server's address replaced by AWS's own (it is in queue URLs)."""
    return json.loads(json.dumps(data).replace(endpoint, RECORDED_ENDPOINT))


def collect_live():
    """The live source's own collection of the region, as ``privacy-scan live --regions eu-west-1``."""
    from scanner.sources.live.collect import LiveOptions, collect_live

    return collect_live(LiveOptions(regions=[REGION], progress=False))


# ----------------------------------------------------------------------------- the hand changes


def _client(service: str):
    import boto3

    return boto3.client(service, region_name=REGION)


def _public_policy() -> None:
    s3 = _client("s3")
    s3.delete_public_access_block(Bucket="shop-exports")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::shop-exports/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket="shop-exports", Policy=json.dumps(policy))


def _block_removed() -> None:
    _client("s3").delete_public_access_block(Bucket="shop-customer-data")


def _queue_unencrypted() -> None:
    sqs = _client("sqs")
    url = sqs.get_queue_url(QueueName="shop-emails")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"SqsManagedSseEnabled": "false"})


def _retention_raised() -> None:
    _client("logs").put_retention_policy(logGroupName="/shop/app", retentionInDays=400)


def _tls_policy_deleted() -> None:
    _client("s3").delete_bucket_policy(Bucket="shop-archive")


def _queue_deleted() -> None:
    sqs = _client("sqs")
    sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName="shop-orders")["QueueUrl"])


def _bucket_added() -> None:
    _client("s3").create_bucket(
        Bucket="shop-manual-upload", CreateBucketConfiguration={"LocationConstraint": REGION}
    )


def _port_opened() -> None:
    ec2 = _client("ec2")
    group = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["shop-db"]}])
    ec2.authorize_security_group_ingress(
        GroupId=group["SecurityGroups"][0]["GroupId"],
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )


def _tls_lowered() -> None:
    elb = _client("elbv2")
    lb = elb.describe_load_balancers(Names=["shop"])["LoadBalancers"][0]
    for listener in elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
        if listener["Port"] == 443:
            elb.modify_listener(ListenerArn=listener["ListenerArn"], SslPolicy="ELBSecurityPolicy-2016-08")


def _rotation_disabled() -> None:
    kms = _client("kms")
    for alias in kms.list_aliases()["Aliases"]:
        if alias["AliasName"] == "alias/shop-data":
            kms.disable_key_rotation(KeyId=alias["TargetKeyId"])


def _database_public() -> None:
    _client("rds").modify_db_instance(
        DBInstanceIdentifier="shop-db", PubliclyAccessible=True, ApplyImmediately=True
    )


@dataclass(frozen=True)
class Change:
    """A console click or hot-fix, and the drift it must show: (status, type, name, attribute, promise)."""

    what: str
    make: Callable[[], None]
    expect: tuple[str, str, str, str | None, str]


CHANGES: list[Change] = [
    Change(
        "public bucket policy",
        _public_policy,
        ("changed", "aws_s3_bucket", "shop-exports", "policy", "need-to-know"),
    ),
    Change(
        "public access block removed",
        _block_removed,
        ("changed", "aws_s3_bucket", "shop-customer-data", "public_access_block", "need-to-know"),
    ),
    Change(
        "queue encryption removed",
        _queue_unencrypted,
        ("changed", "aws_sqs_queue", "shop-emails", "encrypted", "at-rest"),
    ),
    Change(
        "log retention raised",
        _retention_raised,
        ("changed", "aws_cloudwatch_log_group", "/shop/app", "retention_days", "logs-90"),
    ),
    Change(
        "deny-non-TLS bucket policy deleted",
        _tls_policy_deleted,
        ("changed", "aws_s3_bucket", "shop-archive", "policy", "tls"),
    ),
    Change("queue deleted", _queue_deleted, ("missing", "aws_sqs_queue", "shop-orders", None, "at-rest")),
    Change(
        "bucket added by hand",
        _bucket_added,
        ("unmanaged", "aws_s3_bucket", "shop-manual-upload", None, "at-rest"),
    ),
    Change(
        "database port opened to the world",
        _port_opened,
        ("changed", "aws_security_group", "shop-db", "ingress", "need-to-know"),
    ),
    Change(
        "listener TLS policy lowered",
        _tls_lowered,
        ("changed", "aws_lb_listener", "shop:443", "min_tls_version", "tls"),
    ),
    Change(
        "key rotation disabled",
        _rotation_disabled,
        ("changed", "aws_kms_key", "shop-data", "rotation_enabled", "at-rest"),
    ),
    Change(
        "database made public",
        _database_public,
        ("changed", "aws_db_instance", "shop-db", "publicly_accessible", "need-to-know"),
    ),
]


@dataclass
class Recording:
    plan: dict
    tfstate: dict
    applied: dict  # the live state right after apply
    changed: dict  # the live state after CHANGES


RECORDING_FILES = {
    "plan": "plan.json",
    "tfstate": "terraform.tfstate",
    "applied": "live-applied.json",
    "changed": "live-changed.json",
}


def load_recording(where: Path = RECORDED) -> Recording:
    return Recording(
        **{k: json.loads((where / f).read_text(encoding="utf-8")) for k, f in RECORDING_FILES.items()}
    )


def save_recording(rec: Recording, where: Path = RECORDED) -> None:
    where.mkdir(parents=True, exist_ok=True)
    for key, name in RECORDING_FILES.items():
        data = getattr(rec, key)
        if "format_version" in data:  # readers recognise a plan by this key at its start
            data = {"format_version": data["format_version"], **data}
        text = json.dumps(data, indent=1) + "\n"
        (where / name).write_text(text, encoding="utf-8")


def apply_and_record(workdir: Path, endpoint: str) -> Recording:
    """The whole story on a fresh moto account: apply, collect, change by hand, collect again."""
    plan, tfstate = terraform_apply(workdir, endpoint)
    applied = collect_live().to_dict()
    for change in CHANGES:
        change.make()
    changed = collect_live().to_dict()
    return Recording(
        plan=without_endpoint(plan, endpoint),
        tfstate=without_endpoint(tfstate, endpoint),
        applied=without_endpoint(applied, endpoint),
        changed=without_endpoint(changed, endpoint),
    )
