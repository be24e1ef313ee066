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

from scanner.knowledge.aws.cloudtrail import THIS_BUCKET, BasicSelector, FieldSelector, records_s3_data_events
from scanner.sources.terraform.adapters import primary
from scanner.sources.terraform.adapters.context import AdapterContext, blocks, nested, new_resource, val
from scanner.sources.terraform.adapters.kms import only_customer_keys
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value


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
        only_customer_keys(key.raw, ctx, "cloudtrail"), key.source, default=key.raw is None
    )
    res.attrs["s3_data_events"] = s3_data_events(block)
    return res


def selectors(
    attrs: dict[str, Any], own: Any = None
) -> tuple[list[BasicSelector], list[list[FieldSelector]]]:
    """A trail's event selectors in the knowledge's terms (only the field names change).

    ``own``: the bucket's Terraform address; a value referring to it (``"${aws_s3_bucket.b.arn}/"``)
    stands for the asked bucket's own objects.
    """

    def value(raw: Any) -> Any:
        if isinstance(raw, Unknown) and own is not None and raw.ref == own:
            return THIS_BUCKET
        return raw

    def values(raw: Any) -> Any:
        return [value(v) for v in raw] if isinstance(raw, list) else value(raw)

    basic = [
        BasicSelector(
            sel.get("read_write_type"),
            [(r.get("type"), values(r.get("values") or [])) for r in nested(sel, "data_resource")],
        )
        for sel in nested(attrs, "event_selector")
    ]
    advanced = [
        [
            FieldSelector(f.get("field"), *(values(f.get(op) or []) for op in _OPERATORS))
            for f in nested(sel, "field_selector")
        ]
        for sel in nested(attrs, "advanced_event_selector")
    ]
    return basic, advanced


_OPERATORS = ("equals", "starts_with", "ends_with", "not_equals", "not_starts_with", "not_ends_with")


def s3_data_events(block: TfBlock) -> Value:
    """Whether a basic or advanced event selector records every S3 object-level event."""
    basic = blocks(block, "event_selector")
    advanced = blocks(block, "advanced_event_selector")
    path = "advanced_event_selector" if advanced else "event_selector"
    source = block.source(path)
    raw_sel = block.attrs.get(path)
    if isinstance(raw_sel, Unknown):
        return Value(raw_sel, source)
    found = records_s3_data_events(*selectors(block.attrs))
    if found is False:
        return Value(False, source, default=not basic and not advanced)
    return Value(found, source)
