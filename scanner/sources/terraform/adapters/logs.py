"""CloudWatch Logs: ``aws_cloudwatch_log_group`` into a LOG_STORE.

Why these defaults: CloudWatch Logs always encrypts log data at rest with a
service key, so ``encrypted`` is True even when Terraform says nothing; only a
``kms_key_id`` (which must be a customer-managed key for log groups) makes
``customer_managed_key`` True. ``retention_in_days`` absent or 0 means the log
group never expires, which the state writes as ``retention_days = None``.
"""

from __future__ import annotations

from scanner.sources.terraform.adapters import primary
from scanner.sources.terraform.adapters.context import AdapterContext, generated_unless, new_resource, val
from scanner.sources.terraform.adapters.kms import only_customer_keys
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Value
from scanner.state.value import shown


@primary("aws_cloudwatch_log_group")
def log_group(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.LOG_STORE, identity_path="name")
    if res.identity is not None:
        res.identity = generated_unless(block, "name", "the log group name")
    res.attrs["name"] = res.identity
    res.set("encrypted", True, default=True)
    key = val(block, "kms_key_id")
    res.attrs["kms_key_id"] = key
    res.attrs["customer_managed_key"] = Value(
        only_customer_keys(key.raw, ctx, "logs"), key.source, default=key.raw is None
    )
    res.attrs["retention_days"] = retention(val(block, "retention_in_days", 0))
    return res


def retention(value: Value) -> Value:
    """``retention_in_days`` as days kept; 0 (the default) is "never expires" (None)."""
    if not value.known:
        return value
    raw = value.raw
    if raw in (0, "0", None):
        return Value(None, value.source, value.default)
    try:
        return Value(int(raw), value.source, value.default)
    except (TypeError, ValueError):
        return Value.unknown(f"retention_in_days {shown(raw, quote=True)} is not a number", value.source)
