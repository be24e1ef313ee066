"""CloudTrail trails, and which S3 buckets their data-event selectors cover (for ``data_events_logged``).

A trail is a resource in its home region only, so a multi-Region trail is one
resource. The facts for ``data_events_logged`` also keep the *shadow* trails a region
sees (multi-Region and organization trails homed elsewhere, read in their home region):
a bucket covered by a multi-Region trail homed outside ``--regions`` is logged, not a
failure. ``s3_data_events`` is True only when a
selector records *all* (read and write) S3 object events, as in the Terraform
adapter: "every access is logged" includes reads.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws.cloudtrail import (
    BasicSelector,
    FieldSelector,
    covers_bucket,
    recorded_prefixes,
    records_s3_data_events,
)
from scanner.knowledge.aws.kms import any_key_is_customer_managed
from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.state import Kind, Unknown


def trail_fact_key(region: str) -> str:
    return f"cloudtrail:{region}"


class CloudTrail(Collector):
    name = "cloudtrail"
    service = "cloudtrail"
    PRODUCES = (
        Wildcard(Kind.TRAIL, "aws_cloudtrail", "arn:{partition}:cloudtrail:{region}:{account}:trail/*"),
    )
    CALLS = (
        Api("cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails"),
        Api("cloudtrail", "GetTrailStatus", "cloudtrail:GetTrailStatus"),
        Api("cloudtrail", "GetEventSelectors", "cloudtrail:GetEventSelectors"),
    )

    def collect(self, scan: Scan):
        listing = scan.call("DescribeTrails", includeShadowTrails=True)
        if not listing.ok:
            scan.account.put_fact(trail_fact_key(scan.region), {"error": listing.error.reason, "trails": []})
            arn = f"arn:{scan.partition}:cloudtrail:{scan.region}:{scan.account_id}:trail/*"
            yield scan.placeholder(Kind.TRAIL, "aws_cloudtrail", arn, listing)
            return
        facts: list[dict[str, Any]] = []
        for trail in listing.data.get("trailList", []):
            arn = trail["TrailARN"]
            home = trail.get("HomeRegion") or scan.region
            status = scan.call("GetTrailStatus", region=home, Name=arn)
            selectors = scan.call("GetEventSelectors", region=home, TrailName=arn)
            buckets, unread = covered_buckets(selectors.data) if selectors.ok else (None, None)
            facts.append(
                {
                    "arn": arn,
                    "multi_region": bool(trail.get("IsMultiRegionTrail")),
                    "enabled": bool(status.data.get("IsLogging")) if status.ok else None,
                    "buckets": buckets,
                    "error": (status.error or selectors.error).reason
                    if not (status.ok and selectors.ok)
                    else (unread.reason if unread is not None else None),
                }
            )
            if home != scan.region:
                continue  # a shadow of a trail homed elsewhere: a resource there, a fact here
            res = scan.resource(Kind.TRAIL, "aws_cloudtrail", arn, trail["Name"])
            res.set("multi_region", _flag(trail, "IsMultiRegionTrail"))
            res.set("log_file_validation", _flag(trail, "LogFileValidationEnabled"))
            res.attrs["encrypted"] = default(True, res)
            key = trail.get("KmsKeyId")
            res.set("kms_key_id", key)
            cmk = key is not None and any_key_is_customer_managed("cloudtrail")
            res.set("customer_managed_key", cmk, default=key is None)
            scan.fill(res, status, ("enabled",), lambda d: {"enabled": _flag(d, "IsLogging")})
            scan.fill(res, selectors, ("s3_data_events",), lambda d: {"s3_data_events": records_all_s3(d)})
            yield res
        scan.account.put_fact(trail_fact_key(scan.region), {"error": None, "trails": facts})


def _flag(answer: dict[str, Any] | None, key: str) -> bool | Unknown:
    """A yes/no field of CloudTrail's answer; one the answer does not give is unknown, never False."""
    value = (answer or {}).get(key)
    return value if isinstance(value, bool) else Unknown(f"CloudTrail's answer gives no {key}")


def _selectors(data: dict[str, Any]) -> tuple[list[BasicSelector], list[list[FieldSelector]]]:
    """GetEventSelectors' answer in the knowledge's terms (only the field names change)."""
    basic = [
        BasicSelector(
            sel.get("ReadWriteType", "All"),
            [(r.get("Type"), r.get("Values") or []) for r in sel.get("DataResources") or []],
        )
        for sel in data.get("EventSelectors") or []
    ]
    advanced = [
        [
            FieldSelector(
                f.get("Field"),
                *(
                    f.get(op) or []
                    for op in (
                        "Equals",
                        "StartsWith",
                        "EndsWith",
                        "NotEquals",
                        "NotStartsWith",
                        "NotEndsWith",
                    )
                ),
            )
            for f in sel.get("FieldSelectors") or []
        ]
        for sel in data.get("AdvancedEventSelectors") or []
    ]
    return basic, advanced


def records_all_s3(data: dict[str, Any]) -> bool | Unknown:
    return records_s3_data_events(*_selectors(data))


def covered_buckets(data: dict[str, Any]) -> tuple[list[str], Unknown | None]:
    """ARN prefixes of S3 objects whose reads and writes are all recorded (``arn:aws:s3`` = every bucket),
    and why a selector privacy-scan cannot read could record more (the link step says so for the
    buckets no known prefix covers).
    """
    prefixes, unknown = recorded_prefixes(*_selectors(data))
    return [str(p) for p in prefixes], unknown


def bucket_covered(prefixes: list[str], bucket: str) -> bool:
    """Whether recorded object prefixes cover every object of ``bucket``."""
    return covers_bucket(list(prefixes), bucket) is True
