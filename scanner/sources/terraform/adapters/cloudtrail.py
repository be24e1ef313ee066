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

from scanner.knowledge.aws.cloudtrail import (
    BasicSelector,
    BucketReference,
    FieldSelector,
    records_s3_data_events,
)
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

    ``own``: the bucket's Terraform address; a value written around a reference to it
    (``"${aws_s3_bucket.b.arn}/"``, ``"${aws_s3_bucket.b.arn}/uploads/"``) becomes a
    :class:`BucketReference`, its literal text kept; ``own=""`` reads references to buckets
    with no bucket asked (a trail's own attributes), None leaves them unknown.
    """

    def value(raw: Any) -> Any:
        if isinstance(raw, Unknown) and own is not None and raw.ref is not None:
            return bucket_reference(raw, own)
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


# The bucket's attributes a selector value may be written around: its ARN, or its name.
_BUCKET_ATTRIBUTES = {"arn": "arn", "id": "name", "bucket": "name"}


def bucket_reference(raw: Unknown, own: str) -> BucketReference | Unknown:
    """``raw`` (a template around one bucket attribute) with its text kept, when it names a bucket.

    ``own`` is the asked bucket's address; a reference to another bucket resource of this
    configuration names another bucket. Without the reference's attribute (a plan names only
    the resource), the text is not known either: the value stays unknown rather than standing
    for the whole bucket; so does one around anything but a bucket resource (a data source may
    read this very bucket).
    """
    ref = raw.ref or ""
    managed_bucket = ref.split(".")[-2:-1] == ["aws_s3_bucket"] and not (
        ref.startswith("data.") or ".data." in ref
    )
    if not managed_bucket or raw.what is None or not raw.what.startswith(f"{ref}."):
        return raw
    attribute = raw.what[len(ref) + 1 :]
    shape = "${}" if raw.shape is None else raw.shape
    before, sep, after = shape.partition("${}")
    if not sep or "${}" in after:
        return raw
    return BucketReference(before, after, _BUCKET_ATTRIBUTES.get(attribute, attribute), own=ref == own)


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
    found = records_s3_data_events(*selectors(block.attrs, own=""))  # references to buckets are read
    if found is False:
        return Value(False, source, default=not basic and not advanced)
    return Value(found, source)
