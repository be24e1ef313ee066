"""Data residency: is every place a resource keeps data inside the promised area, or a documented transfer?

A documented transfer covers a region only when its recipient is the party that
hosts the data there (the cloud provider, "hosting leveranciers", "our service
providers") or when the statement names no recipient. A transfer of analytics
data to Google in the US does not make an S3 bucket in us-east-1 compliant.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.engine.outcome import Outcome, all_of
from scanner.engine.predicates import predicate
from scanner.knowledge.regions import country_in_area, describe_country, region_country
from scanner.promises import Promise
from scanner.state import Resource, Source, Unknown

# Stems, matched anywhere in the recipient, so Dutch compounds ("hostingleveranciers") match too.
_HOSTING_RECIPIENT = re.compile(
    r"aws|amazon|host|cloud|data ?cent(er|re)|provider|dienstverlener|leverancier|verwerker|processor",
    re.IGNORECASE,
)

# CloudFront price classes and the countries whose edge locations they include (always more than the EEA).
CDN_PRICE_CLASS_COUNTRIES: dict[str, set[str]] = {
    "PriceClass_100": {"US", "CA", "MX", "IL"},
    "PriceClass_200": {"US", "CA", "MX", "IL", "JP", "HK", "SG", "KR", "IN", "TW", "PH", "ZA", "AE", "BH"},
    "PriceClass_All": {"US", "CA", "MX", "IL", "JP", "HK", "SG", "KR", "IN", "TW", "ZA", "AE", "BR", "AU"},
}


def recipient_hosts_data(recipient: str | None) -> bool:
    return not recipient or bool(_HOSTING_RECIPIENT.search(recipient))


def judge_country(country: str, promise: Promise, what: str, source: Source | None) -> Outcome:
    """Whether data kept in ``country`` keeps the residency promise."""
    area = promise.param("allowed_area")
    if isinstance(area, str) and country_in_area(country, area):
        return Outcome.passed(f"{what} in {describe_country(country)} ({area})", source)
    transfers = promise.param("transfers") or []
    same_country = [t for t in transfers if t.get("country") == country]
    covering = [t for t in same_country if recipient_hosts_data(t.get("recipient"))]
    if covering:
        t = covering[0]
        who = t.get("recipient") or "an unnamed recipient"
        return Outcome.passed(
            f"{what} in {describe_country(country)}: documented transfer to {who} "
            f"({t.get('mechanism') or 'unspecified'})",
            source,
        )
    outside = f"{what} in {describe_country(country)}, outside the promised area {_area_text(area)}"
    if same_country:
        names = ", ".join(sorted({t.get("recipient") or "?" for t in same_country}))
        return Outcome.failed(
            f"{outside}; the statement's transfer to {names} in {describe_country(country)} "
            "does not cover data hosted by the cloud provider",
            source,
        )
    return Outcome.failed(f"{outside}, and no transfer there is documented", source)


def judge_region(region: Any, promise: Promise, what: str, source: Source | None) -> Outcome:
    if isinstance(region, Unknown):
        return Outcome.unknown(f"{what}: region unknown: {region.reason}", source)
    if not isinstance(region, str) or not region:
        return Outcome.unknown(f"{what}: no region could be told", source)
    area = promise.param("allowed_area")
    if isinstance(area, list) and region in area:
        return Outcome.passed(f"{what} in {region}", source)
    country = region_country(region)
    if country is None:
        return Outcome.unknown(f"{what} in {region}: region not in privacy-scan's region table", source)
    if isinstance(area, list):
        return _judge_outside_region_list(region, country, promise, what, source)
    return judge_country(country, promise, f"{what} ({region})", source)


def _judge_outside_region_list(region: str, country: str, promise: Promise, what: str, source) -> Outcome:
    verdict = judge_country(country, _with_area(promise, "__none__"), f"{what} ({region})", source)
    if verdict.status.value == "fail":
        area = promise.param("allowed_area")
        return Outcome.failed(
            f"{what} in {region}, not one of the promised regions {', '.join(area)}", source
        )
    return verdict


def _with_area(promise: Promise, area: str) -> Promise:
    return Promise(promise.id, promise.control, {**promise.params, "allowed_area": area})


def _area_text(area: Any) -> str:
    return ", ".join(area) if isinstance(area, list) else str(area)


@predicate("region_allowed")
def region_allowed(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """The resource's own region lies in the promised area or a documented transfer covers it."""
    return judge_region(resource.region.raw, promise, "stored", resource.region.source)


@predicate("regions_allowed")
def regions_allowed(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """Every region listed in attribute ``args.attr`` (strings, or dicts with a ``region`` key) is allowed.

    ``args.what`` names the copies in messages ("replica", "backup copy").
    """
    value = resource.get(args["attr"])
    what = args.get("what", args["attr"])
    if not value.known:
        return Outcome.unknown(f"{args['attr']} is unknown: {value.reason}", value.source)
    items = value.raw or []
    if isinstance(items, Unknown):
        return Outcome.unknown(f"{args['attr']} is unknown: {items.reason}", value.source)
    if not items:
        return Outcome.passed(f"no {what} outside its own region", value.source)
    outcomes = []
    for item in items:
        region = item.get("region") if isinstance(item, dict) else item
        label = what
        if isinstance(item, dict) and isinstance(item.get("bucket"), str):
            label = f"{what} {item['bucket']}"
        outcomes.append(judge_region(region, promise, label, value.source))
    return all_of(outcomes)


@predicate("cdn_edges_allowed")
def cdn_edges_allowed(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """A CDN caches at edge locations of its price class; each country outside the area needs a transfer."""
    value = resource.get("edge_locations")
    if not value.known:
        return Outcome.unknown(f"edge_locations is unknown: {value.reason}", value.source)
    countries = CDN_PRICE_CLASS_COUNTRIES.get(value.raw or "PriceClass_All")
    if countries is None:
        return Outcome.unknown(f"price class {value.raw} is not in privacy-scan's table", value.source)
    area = promise.param("allowed_area")
    if isinstance(area, list):
        return Outcome.failed(
            f"{value.raw} serves from edge locations outside the promised regions {', '.join(area)}",
            value.source,
        )
    return all_of(
        [judge_country(c, promise, f"cached at edges ({value.raw})", value.source) for c in sorted(countries)]
    )
