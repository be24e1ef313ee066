"""Stores that hold personal data outside the classic databases and buckets.

AWS defaults applied when the code says nothing (flagged ``default=True``):
- EC2 instances and launch templates: a block device is not encrypted unless ``encrypted = true``
  or the account's encryption by default is on in this configuration (as for ``aws_ebs_volume``);
- Neptune and DocumentDB clusters are not encrypted unless ``storage_encrypted = true``;
- MSK always encrypts at rest (an AWS-managed key unless ``encryption_at_rest_kms_key_arn``) and
  takes TLS only from clients by default (``client_broker = "TLS"``);
- Amazon MQ always encrypts at rest with an AWS-owned key unless ``use_aws_owned_key = false``;
- SSM parameters are encrypted only as ``SecureString`` (``alias/aws/ssm`` unless ``key_id``);
  Secrets Manager secrets always are (``aws/secretsmanager`` unless ``kms_key_id``);
- Lambda encrypts environment variables with an AWS-managed key unless ``kms_key_arn``;
  a function URL with ``authorization_type = "NONE"`` is open to anyone;
- S3 objects are encrypted with SSE-S3 by default since January 2023;
- EKS envelope-encrypts all Kubernetes API data with an AWS-owned key from Kubernetes 1.28 on
  (``encryption_config`` makes the key the customer's; :mod:`scanner.knowledge.aws.eks`), and its API
  endpoint is public to 0.0.0.0/0 unless ``endpoint_public_access = false`` or narrowed CIDRs;
- the Glue Data Catalog is not encrypted unless its encryption settings say ``SSE-KMS``.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import copies
from scanner.knowledge.aws import eks as eks_rules
from scanner.sources.terraform.adapters import companion, finalize, primary
from scanner.sources.terraform.adapters.context import (
    AdapterContext,
    blocks,
    generated_unless,
    new_resource,
    val,
)
from scanner.sources.terraform.adapters.ebs import account_default
from scanner.sources.terraform.adapters.kms import key_is_customer_managed
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

_OPEN = ("0.0.0.0/0", "::/0")


def _keyed(res: Resource, block: TfBlock, encrypted: Value, key_path: str, ctx: AdapterContext) -> None:
    """encrypted, kms_key_id and customer_managed_key from a flag and a key argument."""
    key = val(block, key_path)
    res.attrs["encrypted"] = encrypted
    res.attrs["kms_key_id"] = key
    if encrypted.known and encrypted.raw is not True:
        res.attrs["customer_managed_key"] = Value(False, encrypted.source, default=True)
    else:
        res.attrs["customer_managed_key"] = Value(
            key_is_customer_managed(key.raw, ctx), key.source, default=key.raw is None
        )


# ------------------------------------------------------------ EC2 block devices
def _devices(block: TfBlock, paths: tuple[str, ...]) -> list[tuple[str, dict]]:
    out = []
    for path in paths:
        for i, dev in enumerate(blocks(block, path)):
            out.append((f"{path}.{i}", dev))
    return out


def _device_volume(block: TfBlock, ctx: AdapterContext, devices: list[tuple[str, dict]]) -> Resource:
    """One VOLUME for all the block devices: encrypted only when every device is."""
    res = new_resource(block, Kind.VOLUME)
    flags: list[Any] = []
    keys: list[Any] = []
    for _path, dev in devices:
        flags.append(dev.get("encrypted"))
        keys.append(dev.get("kms_key_id"))
    if not devices or all(f is None for f in flags):
        res.attrs["encrypted"] = Value(False, block.source(), default=True)
    elif any(f is False for f in flags) or any(f is None for f in flags):
        res.attrs["encrypted"] = Value(False, block.source(devices[0][0]), default=False)
    else:
        unknown = next((f for f in flags if isinstance(f, Unknown)), None)
        res.attrs["encrypted"] = Value(unknown if unknown else True, block.source(devices[0][0]))
    custom = [key_is_customer_managed(k, ctx) for k in keys]
    unknown_key = next((c for c in custom if isinstance(c, Unknown)), None)
    cmk = unknown_key if unknown_key else bool(custom) and all(c is True for c in custom)
    res.attrs["kms_key_id"] = Value(keys[0] if keys else None, block.source())
    res.attrs["customer_managed_key"] = Value(cmk, block.source(), default=not any(keys))
    return res


@primary("aws_instance")
def instance(block: TfBlock, ctx: AdapterContext) -> Resource:
    devices = _devices(block, ("root_block_device", "ebs_block_device"))
    if not blocks(block, "root_block_device"):
        devices.insert(0, ("root_block_device", {}))  # the AMI's root volume, not encrypted by default
    return _device_volume(block, ctx, devices)


@primary("aws_launch_template")
def launch_template(block: TfBlock, ctx: AdapterContext) -> Resource | None:
    """A template's EBS block devices; one without block devices leaves the AMI's volumes as they are."""
    devices = [
        (
            f"block_device_mappings.{i}.ebs",
            (m.get("ebs") or [{}])[0] if isinstance(m.get("ebs"), list) else {},
        )
        for i, m in enumerate(blocks(block, "block_device_mappings"))
    ]
    devices = [(p, d) for p, d in devices if isinstance(d, dict)]
    if not devices:
        return None
    res = _device_volume(block, ctx, devices)
    res.identity = generated_unless(block, "name", "the launch template name")
    return res


finalize("aws_instance", "aws_launch_template")(account_default)


# ------------------------------------------------------------ Neptune, DocumentDB
@primary("aws_neptune_cluster", "aws_docdb_cluster")
def graph_document_cluster(block: TfBlock, ctx: AdapterContext) -> Resource:
    subkind = "graph" if block.type == "aws_neptune_cluster" else "document"
    res = new_resource(block, Kind.DATABASE, subkind=subkind, identity_path="cluster_identifier")
    res.attrs["engine"] = Value("neptune" if subkind == "graph" else "docdb", block.source(), default=True)
    _keyed(
        res,
        block,
        val(block, "storage_encrypted", False),
        "kms_key_arn" if subkind == "graph" else "kms_key_id",
        ctx,
    )
    res.attrs["replica_regions"] = Value([], block.source(), default=True)
    return res


# ------------------------------------------------------------ MSK, Amazon MQ
@primary("aws_msk_cluster")
def msk(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.MESSAGING, subkind="broker", identity_path="cluster_name")
    _keyed(
        res,
        block,
        Value(True, block.source(), default=True),
        "encryption_info.0.encryption_at_rest_kms_key_arn",
        ctx,
    )
    transit = val(block, "encryption_info.0.encryption_in_transit.0.client_broker", "TLS")
    res.attrs["tls_enforced"] = (
        transit if not transit.known else Value(transit.raw == "TLS", transit.source, transit.default)
    )
    return res


@primary("aws_mq_broker")
def mq(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.MESSAGING, subkind="broker", identity_path="broker_name")
    owned = val(block, "encryption_options.0.use_aws_owned_key", True)
    _keyed(res, block, Value(True, block.source(), default=True), "encryption_options.0.kms_key_id", ctx)
    if owned.known and owned.raw is True:
        res.attrs["customer_managed_key"] = Value(False, owned.source, default=owned.default)
    res.attrs["publicly_accessible"] = val(block, "publicly_accessible", False)
    return res


# ------------------------------------------------------------ SSM, Secrets Manager
@primary("aws_ssm_parameter")
def ssm_parameter(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.SECRET, subkind="parameter", identity_path="name")
    kind = val(block, "type")
    encrypted = kind if not kind.known else Value(kind.raw == "SecureString", kind.source)
    _keyed(res, block, encrypted, "key_id", ctx)
    return res


@primary("aws_secretsmanager_secret")
def secret(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.SECRET, subkind="secret", identity_path="name")
    _keyed(res, block, Value(True, block.source(), default=True), "kms_key_id", ctx)
    return res


# ------------------------------------------------------------ Lambda
@primary("aws_lambda_function")
def function(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.FUNCTION, identity_path="function_name")
    _keyed(res, block, Value(True, block.source(), default=True), "kms_key_arn", ctx)
    res.attrs["public_url"] = Value(False, block.source(), default=True)
    return res


@companion("aws_lambda_function_url")
def function_url(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("function_name"), ("aws_lambda_function",), block)
    if res is None:
        return
    auth = val(block, "authorization_type")
    public = auth if not auth.known else Value(auth.raw == "NONE", auth.source)
    current = res.attrs["public_url"]
    if current.default or public.raw is True or not public.known:
        res.attrs["public_url"] = public
    res.evidence.append(block.source())


# ------------------------------------------------------------ S3 objects
@primary("aws_s3_object")
def s3_object(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.OBJECT_STORE, subkind="object")
    sse = val(block, "server_side_encryption", "AES256")
    key = val(block, "kms_key_id")
    res.attrs["encrypted"] = Value(True, sse.source, default=sse.default) if sse.known else sse
    res.attrs["kms_key_id"] = key
    if not sse.known:
        res.attrs["customer_managed_key"] = sse
    elif str(sse.raw).startswith("aws:kms"):
        res.attrs["customer_managed_key"] = Value(
            key_is_customer_managed(key.raw, ctx), key.source, default=key.raw is None
        )
    else:
        res.attrs["customer_managed_key"] = Value(False, sse.source, default=sse.default)
    return res


# ------------------------------------------------------------ EKS
@primary("aws_eks_cluster")
def eks(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.CLUSTER, subkind="kubernetes", identity_path="name")
    configs = blocks(block, "encryption_config")
    key_path = "encryption_config.0.provider.0.key_arn"
    if configs:
        enc = Value(True, block.source("encryption_config"))
    else:
        version = val(block, "version")
        enc = (
            version
            if not version.known
            else Value(eks_rules.encrypted_by_default(version.raw), version.source, default=True)
        )
        if enc.known and enc.raw is None:
            enc = Value(
                Unknown(f"Kubernetes version {version.raw!r} does not read as MAJOR.MINOR"), version.source
            )
    if isinstance(block.attrs.get("encryption_config"), Unknown):
        enc = Value(block.attrs["encryption_config"], block.source("encryption_config"))
    _keyed(res, block, enc, key_path, ctx)
    public = val(block, "vpc_config.0.endpoint_public_access", True)
    cidrs = val(block, "vpc_config.0.public_access_cidrs", ["0.0.0.0/0"])
    if not public.known:
        res.attrs["internet_facing"] = public
    elif public.raw is not True:
        res.attrs["internet_facing"] = Value(False, public.source)
    elif not cidrs.known:
        res.attrs["internet_facing"] = cidrs
    else:
        listed = cidrs.raw if isinstance(cidrs.raw, list) else [cidrs.raw]
        res.attrs["internet_facing"] = Value(
            any(c in _OPEN for c in listed), cidrs.source, default=public.default and cidrs.default
        )
    return res


# ------------------------------------------------------------ Glue Data Catalog
@primary("aws_glue_data_catalog_encryption_settings")
def glue_catalog(block: TfBlock, ctx: AdapterContext) -> Resource:
    """Named by ``catalog_id``; not set (None), it is the account's own catalog, as drift knows."""
    res = new_resource(block, Kind.DATABASE, subkind="catalog", identity_path="catalog_id")
    path = "data_catalog_encryption_settings.0.encryption_at_rest.0"
    mode = val(block, f"{path}.catalog_encryption_mode", "DISABLED")
    enc = mode if not mode.known else Value(str(mode.raw).startswith("SSE-KMS"), mode.source, mode.default)
    _keyed(res, block, enc, f"{path}.sse_aws_kms_key_id", ctx)
    res.attrs["replica_regions"] = Value([], block.source(), default=True)
    return res


# ------------------------------------------------------------ copies sent elsewhere
def _copy_region(block: TfBlock, arn_path: str, ctx: AdapterContext) -> Value:
    """Where a copy goes: the region its destination ARN names (a reference: that resource's region)."""
    raw = block.attrs.get(arn_path)
    src = block.source(arn_path)
    if isinstance(raw, str):
        region, why = copies.destination_region(raw)
        return Value(region, src) if region else Value.unknown(why, src)
    if isinstance(raw, Unknown) and raw.ref:
        for ref in (f"{block.module}.{raw.ref}" if block.module else raw.ref, raw.ref):
            other = ctx.blocks.get(ref)
            if other is not None:
                return Value(other.region, src)
    return Value.unknown(
        copies.unset_reason(raw.reason) if isinstance(raw, Unknown) else copies.unset_reason(), src
    )


def _endpoint(block: TfBlock, ctx: AdapterContext, subkind: str, arn_path: str) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind=subkind)
    res.region = _copy_region(block, arn_path, ctx)
    return res


@primary("aws_sns_topic_subscription")
def sns_subscription(block: TfBlock, ctx: AdapterContext) -> Resource:
    """A subscription copies every message to its endpoint: plain ``http`` sends it unencrypted."""
    res = _endpoint(block, ctx, "subscription", "endpoint")
    protocol = val(block, "protocol")
    res.attrs["protocol"] = protocol
    if not protocol.known:
        res.attrs["plaintext_allowed"] = protocol
    else:
        res.attrs["plaintext_allowed"] = Value(str(protocol.raw).lower() == "http", protocol.source)
        if copies.outside_aws(protocol.raw):
            res.region = Value.unknown(copies.outside_aws_reason(str(protocol.raw)), block.source("endpoint"))
    return res


@primary("aws_cloudwatch_log_subscription_filter")
def log_subscription(block: TfBlock, ctx: AdapterContext) -> Resource:
    """A subscription filter streams log events to a Kinesis stream, Firehose, Lambda or destination."""
    res = _endpoint(block, ctx, "log_subscription", "destination_arn")
    res.set("plaintext_allowed", False, default=True)  # delivered inside AWS over TLS
    res.identity = _joined(val(block, "log_group_name"), val(block, "name"))
    return res


def _joined(group: Value, name: Value) -> Value:
    """``group:filter``, the name the cloud gives a subscription filter; unknown (or None) when a part is."""
    for part in (group, name):
        if not part.known or part.raw is None:
            return part
    return Value(f"{group.raw}:{name.raw}", name.source)
