"""The step after collection: answers that need more than one service.

- ``customer_managed_key``: the KMS collector knows which keys are AWS-managed;
- ``data_events_logged`` on buckets: CloudTrail knows which buckets its selectors cover.

Running this after every task is done keeps collectors independent of each
other's order in the pool.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live import keys
from scanner.sources.live.cloudtrail import bucket_covered, trail_fact_key
from scanner.state import Resource, Unknown, Value


def link(resources: list[Resource], account_id: str, facts: dict[str, Any], regions: list[str]) -> None:
    """Decide the pending answers of ``account_id``'s resources from the facts its collectors left.

    ``facts`` are the account's, from every region in ``regions`` (the regions the
    scan covered); an organisation scan gathers them from the account's units first.
    """
    for res in resources:
        if res.account != account_id:
            continue
        keys.resolve(res, facts, account_id)
        if res.resource_type == "aws_s3_bucket" and res.identity is not None:
            res.attrs["data_events_logged"] = Value(_data_events(res, facts, regions), res.source)


def _data_events(bucket: Resource, facts: dict[str, Any], regions: list[str]) -> bool | Unknown:
    name = bucket.identity.raw
    region = bucket.region.raw
    problems: list[str] = []
    for trail_region in regions:
        fact = facts.get(trail_fact_key(trail_region))
        if fact is None:
            continue
        if fact.get("error"):
            problems.append(fact["error"])
            continue
        for trail in fact["trails"]:
            if not (trail["multi_region"] or trail_region == region):
                continue
            if trail["buckets"] is None or trail["enabled"] is None:
                problems.append(trail["error"] or f"trail {trail['arn']} could not be read")
                continue
            if trail["enabled"] and bucket_covered(trail["buckets"], name):
                return True
            if trail["enabled"] and trail.get(
                "error"
            ):  # a selector privacy-scan cannot read could cover the bucket
                problems.append(trail["error"])
    if problems:
        return Unknown(f"whether a trail records this bucket's data events: {problems[0]}")
    if not isinstance(region, str) or region not in regions:
        # No multi-Region trail covers it, but a single-Region trail in its (unscanned) region could.
        where = region if isinstance(region, str) else "an unknown region"
        return Unknown(f"the bucket is in {where}, where this scan did not read CloudTrail")
    return False
