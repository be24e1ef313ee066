"""KMS keys (aws_kms_key, aws_kms_replica_key), plus the key and lookup helpers every data-store adapter uses.

Helpers live here because every service's "customer-managed key?" question is a KMS question:
``key_is_customer_managed`` reads a ``kms_key_id``-style argument (what a key's name means is
:mod:`scanner.knowledge.aws.kms`), ``find_block`` follows a reference or a literal name to
another block of the configuration.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import kms as kms_rules
from scanner.sources.terraform.adapters import companion, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value
from scanner.state.value import shown

# Resource types whose keys the customer creates and controls.
CUSTOMER_KEY_TYPES = (
    "aws_kms_key",
    "aws_kms_replica_key",
    "aws_kms_external_key",
    "aws_kms_replica_external_key",
)


def ref_type(ref: str | None) -> str | None:
    """The resource type of a reference such as ``module.a.aws_kms_key.k`` or ``data.aws_kms_alias.a``."""
    if not ref:
        return None
    parts = ref.split(".")
    while parts and parts[0] == "module":
        parts = parts[2:]
    if parts and parts[0] == "data":
        parts = parts[1:]
    return parts[0] if parts else None


def key_is_customer_managed(raw: Any, ctx: AdapterContext | None = None) -> Any:
    """True/False for a KMS key argument, or an Unknown when it cannot be told.

    - absent: the service's own (AWS-owned or AWS-managed) key: False;
    - a reference to a key created in this configuration: True; to ``aws_kms_alias``:
      follows the alias's ``target_key_id``;
    - a literal ``alias/aws/...`` (or an ARN naming one): an AWS-managed key: False;
      any other literal alias: True; a literal key id or key ARN: True too (code names
      AWS-managed keys through their ``alias/aws/`` aliases in practice; only KMS could tell);
    - a data source or variable: unknown.
    """
    if raw is None or raw == "":
        return False
    if isinstance(raw, Unknown):
        kind = ref_type(raw.ref)
        is_data = bool(raw.ref) and (raw.ref.startswith("data.") or ".data." in raw.ref)
        if raw.ref and not is_data and kind in CUSTOMER_KEY_TYPES:
            return True
        if kind == "aws_kms_alias" and ctx is not None:
            alias = find_block(ctx, raw, ("aws_kms_alias",))
            if alias is not None:
                if kms_rules.names_aws_managed_alias(alias.attrs.get("name")):
                    return False
                return key_is_customer_managed(alias.attrs.get("target_key_id"), ctx)
        if is_data:
            block = ctx.blocks.get(raw.ref) if ctx else None
            name = block.attrs.get("name") or block.attrs.get("key_id") if block else None
            by_name = kms_rules.customer_managed_by_name(name) if isinstance(name, str) else None
            if by_name is not None:
                return by_name
            return Unknown(f"the key comes from {raw.ref}, read only at apply time", raw.ref)
        return raw
    if isinstance(raw, str):
        return kms_rules.customer_managed_by_name(raw) is not False
    return Unknown(f"unexpected key argument {shown(raw, quote=True)}")


def only_customer_keys(raw: Any, ctx: AdapterContext | None, service: str) -> Any:
    """``key_is_customer_managed`` for services that accept no AWS-managed key (CloudWatch Logs, CloudTrail).

    Any key such a service accepts is customer-managed, so a reference to a key read by a data
    source (whose id is known only at apply time) still says True; only an unset value says False.
    """
    found = key_is_customer_managed(raw, ctx)
    if not kms_rules.any_key_is_customer_managed(service):
        return found
    if isinstance(found, Unknown) and isinstance(raw, Unknown) and raw.ref and not raw.ref.startswith("var."):
        return True
    return found


def kms_values(block: TfBlock, path: str, ctx: AdapterContext) -> tuple[Value, Value]:
    """(kms_key_id, customer_managed_key) Values for the key argument at ``path``."""
    key = val(block, path)
    cmk = key_is_customer_managed(key.raw, ctx)
    return key, Value(cmk, key.source, default=key.raw is None)


def find_block(
    ctx: AdapterContext, raw: Any, types: tuple[str, ...], by: TfBlock | None = None, name_attrs=("name",)
):
    """The block that ``raw`` (a reference Unknown or a literal name/ARN) points to, or None.

    A literal is compared with each candidate's ``name_attrs`` arguments, preferring
    candidates in the same module as ``by``; an ARN is compared by its last segment.
    """
    if isinstance(raw, Unknown):
        if not raw.ref:
            return None
        candidates = [raw.ref]
        if by is not None and by.module and not raw.ref.startswith("module."):
            candidates.insert(0, f"{by.module}.{raw.ref}")
        for ref in candidates:
            block = ctx.blocks.get(ref)
            if block is not None and block.type in types:
                return block
        return _same_unknown_name(ctx, raw, types, name_attrs)
    if not isinstance(raw, str) or not raw:
        return None
    wanted = {raw, raw.split(":")[-1], raw.split("/")[-1]}
    found = []
    for block in ctx.blocks.values():
        if block.type not in types:
            continue
        for attr in name_attrs:
            name = block.attrs.get(attr)
            if isinstance(name, str) and name in wanted:
                found.append(block)
                break
    if by is not None:
        same = [b for b in found if b.module == by.module]
        found = same or found
    return found[0] if len(found) == 1 else None


def _same_unknown_name(ctx: AdapterContext, raw: Unknown, types: tuple[str, ...], name_attrs) -> Any:
    """The one block whose name argument is this very unknown value, or None.

    ``aws_db_parameter_group.p.name`` where the name is ``"${data.x.y.id}-pg"`` evaluates to the
    name's own unknown (whose ref is the data source, not the group); the group is still the
    only block of the wanted type carrying that unknown as its name.
    """

    def same(other: Any) -> bool:  # the template's text (shape) tells rw-a-${} from rw-b-${}
        return isinstance(other, Unknown) and other == raw and other.shape == raw.shape

    found = [
        block
        for block in ctx.blocks.values()
        if block.type in types and any(same(block.attrs.get(attr)) for attr in name_attrs)
    ]
    return found[0] if len(found) == 1 else None


# ------------------------------------------------------------------------- keys
@primary("aws_kms_key")
def kms_key(block: TfBlock, ctx: AdapterContext) -> Resource:
    """Rotation, policy and multi-Region of a customer-managed key."""
    res = Resource(
        kind=Kind.KEY,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, "description") if block.attrs.get("description") else None,
    )
    res.attrs["rotation_enabled"] = val(block, "enable_key_rotation", False)
    spec = val(block, "customer_master_key_spec", "SYMMETRIC_DEFAULT")
    res.attrs["key_spec"] = val(block, "key_spec") if block.attrs.get("key_spec") is not None else spec
    policy = policy_value(block.attrs.get("policy"), block.source("policy"), ctx)
    if policy.raw is None:
        # No policy: KMS applies the default key policy, which delegates to the account's IAM.
        policy = Value(None, block.source(), default=True)
    res.attrs["policy"] = policy
    res.attrs["multi_region"] = val(block, "multi_region", False)
    res.attrs["replica_regions"] = Value([], block.source(), default=True)
    return res


@companion("aws_kms_replica_key")
def kms_replica(block: TfBlock, ctx: AdapterContext) -> None:
    """A replica of a multi-Region key: its provider's region joins the primary's replica_regions."""
    target = ctx.target(block.attrs.get("primary_key_arn"), ("aws_kms_key",), block)
    if target is None:
        return
    current = target.attrs["replica_regions"]
    regions = list(current.raw) if current.known and isinstance(current.raw, list) else []
    region = block.region
    if isinstance(region, Unknown):
        target.attrs["replica_regions"] = Value(region, block.source())
    else:
        if region not in regions:
            regions.append(region)
        target.attrs["replica_regions"] = Value(regions, block.source())
    target.evidence.append(block.source())
