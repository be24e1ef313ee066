"""CloudTrail: ``aws_cloudtrail`` into a TRAIL.

AWS defaults applied when Terraform leaves an argument out (all flagged ``default``):
``enable_logging`` true, ``is_multi_region_trail`` false, ``enable_log_file_validation``
false, and log files encrypted with SSE-S3 (CloudTrail always encrypts the files it
delivers); only ``kms_key_id`` gives a customer-managed key.

``s3_data_events`` is True only when an event selector records *all* (read and write)
object-level events for S3 objects: "every access is logged" includes reads, so a
``WriteOnly`` selector does not keep it.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.terraform.adapters import primary
from scanner.sources.terraform.adapters.context import AdapterContext, blocks, new_resource, val
from scanner.sources.terraform.adapters.kms import only_customer_keys
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value, first_unknown

S3_OBJECT = "AWS::S3::Object"


@primary("aws_cloudtrail")
def trail(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.TRAIL, identity_path="name")
    res.attrs["enabled"] = val(block, "enable_logging", True)
    res.attrs["multi_region"] = val(block, "is_multi_region_trail", False)
    res.attrs["log_file_validation"] = val(block, "enable_log_file_validation", False)
    res.set("encrypted", True, default=True)
    key = val(block, "kms_key_id")
    res.attrs["kms_key_id"] = key
    res.attrs["customer_managed_key"] = Value(
        only_customer_keys(key.raw, ctx), key.source, default=key.raw is None
    )
    res.attrs["s3_data_events"] = s3_data_events(block)
    return res


def s3_data_events(block: TfBlock) -> Value:
    """Whether a basic or advanced event selector records every S3 object-level event."""
    basic = blocks(block, "event_selector")
    advanced = blocks(block, "advanced_event_selector")
    path = "advanced_event_selector" if advanced else "event_selector"
    source = block.source(path)
    raw_sel = block.attrs.get(path)
    if isinstance(raw_sel, Unknown):
        return Value(raw_sel, source)
    verdicts = [_basic(s) for s in basic] + [_advanced(s) for s in advanced]
    if any(v is True for v in verdicts):
        return Value(True, source)
    unknown = next((v for v in verdicts if isinstance(v, Unknown)), None)
    if unknown is not None:
        return Value(unknown, source)
    return Value(False, source, default=not basic and not advanced)


def _basic(selector: dict[str, Any]) -> bool | Unknown:
    rw = selector.get("read_write_type", "All")
    if isinstance(rw, Unknown):
        return rw
    resources = selector.get("data_resource") or []
    if isinstance(resources, Unknown):
        return resources
    for item in resources if isinstance(resources, list) else [resources]:
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        if isinstance(kind, Unknown):
            return kind
        if kind == S3_OBJECT:
            values = item.get("values")
            missing = first_unknown(values)
            if missing:
                return missing
            return rw in (None, "All") and bool(values)
    return False


def _advanced(selector: dict[str, Any]) -> bool | Unknown:
    """An advanced selector matches S3 data events of every kind when its field selectors say so."""
    fields = selector.get("field_selector") or []
    if isinstance(fields, Unknown):
        return fields
    category = resource_type = None
    narrowed = False  # a field that leaves some object reads or writes out
    for f in fields if isinstance(fields, list) else [fields]:
        if not isinstance(f, dict):
            continue
        missing = first_unknown(f)
        if missing:
            return missing
        name = f.get("field")
        equals = f.get("equals") or []
        if name == "eventCategory":
            category = equals
        elif name == "resources.type":
            resource_type = equals
        elif name in ("readOnly", "eventName", "userIdentity.arn"):
            narrowed = True  # only reads, writes, some calls or some callers
    if category and "Data" in category and resource_type and S3_OBJECT in resource_type:
        return not narrowed
    return False
