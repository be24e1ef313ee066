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

from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.state import Kind

S3_OBJECT = "AWS::S3::Object"


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
            facts.append(
                {
                    "arn": arn,
                    "multi_region": bool(trail.get("IsMultiRegionTrail")),
                    "enabled": bool(status.data.get("IsLogging")) if status.ok else None,
                    "buckets": covered_buckets(selectors.data) if selectors.ok else None,
                    "error": (status.error or selectors.error).reason
                    if not (status.ok and selectors.ok)
                    else None,
                }
            )
            if home != scan.region:
                continue  # a shadow of a trail homed elsewhere: a resource there, a fact here
            res = scan.resource(Kind.TRAIL, "aws_cloudtrail", arn, trail["Name"])
            res.set("multi_region", bool(trail.get("IsMultiRegionTrail")))
            res.set("log_file_validation", bool(trail.get("LogFileValidationEnabled")))
            res.attrs["encrypted"] = default(True, res)
            key = trail.get("KmsKeyId")
            res.set("kms_key_id", key)
            res.set("customer_managed_key", key is not None, default=key is None)
            scan.fill(res, status, ("enabled",), lambda d: {"enabled": bool(d.get("IsLogging"))})
            scan.fill(res, selectors, ("s3_data_events",), lambda d: {"s3_data_events": records_all_s3(d)})
            yield res
        scan.account.put_fact(trail_fact_key(scan.region), {"error": None, "trails": facts})


def records_all_s3(data: dict[str, Any]) -> bool:
    return bool(covered_buckets(data))


def covered_buckets(data: dict[str, Any]) -> list[str]:
    """ARN prefixes of S3 objects whose data events are recorded (``arn:aws:s3`` = every bucket).

    Only selectors recording reads *and* writes count, for the trail's ``s3_data_events`` and
    for a bucket's ``data_events_logged`` alike, as the Terraform adapters read them: "every
    access is logged" includes reads.
    """
    out: list[str] = []
    for sel in data.get("EventSelectors") or []:
        if sel.get("ReadWriteType", "All") != "All":
            continue
        for res in sel.get("DataResources") or []:
            if res.get("Type") == S3_OBJECT:
                out.extend(res.get("Values") or [])
    for sel in data.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in sel.get("FieldSelectors") or []}
        category = (fields.get("eventCategory") or {}).get("Equals") or []
        rtype = (fields.get("resources.type") or {}).get("Equals") or []
        narrowed = any(k in fields for k in ("readOnly", "eventName", "userIdentity.arn"))
        if "Data" not in category or S3_OBJECT not in rtype or narrowed:
            continue
        arns = fields.get("resources.ARN") or {}
        out.extend(arns.get("StartsWith") or arns.get("Equals") or ["arn:aws:s3"])
    return out


def bucket_covered(prefixes: list[str], bucket: str) -> bool:
    """Whether selector values record every object of ``bucket``.

    A value is an ARN prefix of the objects recorded: it covers the bucket when the
    bucket's object ARNs all start with it (``arn:aws:s3:::b/``, ``arn:aws:s3``). A
    prefix inside the bucket (``arn:aws:s3:::b/uploads/``) records only part of it.
    """
    target = f"arn:aws:s3:::{bucket}/"
    for prefix in prefixes:
        p = prefix.replace("arn:aws-cn:", "arn:aws:").replace("arn:aws-us-gov:", "arn:aws:")
        if p in ("arn:aws:s3", "arn:aws:s3:::") or target.startswith(p):
            return True
    return False
