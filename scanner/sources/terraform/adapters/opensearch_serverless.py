"""OpenSearch Serverless collections, with the security policies that decide their key and exposure.

A collection has no encryption or network argument of its own: AWS assigns them from the
account's ``aws_opensearchserverless_security_policy`` documents (same region) whose rules name
the collection, ``collection/<name>`` or a prefix pattern ``collection/<prefix>*``.

- **Encryption** is always on (AWS does not let it be turned off). When rules of several
  encryption policies match, the most specific one decides (an exact name over a pattern, a
  longer prefix over a shorter one); its ``KmsARN`` names the key, otherwise ``AWSOwnedKey =
  true`` an AWS-owned key. AWS refuses to create a collection that no encryption policy covers,
  so when none in this configuration does, the key is decided outside it: unknown.
- **Network**: rules with ``AllowFromPublic = true`` override VPC-only rules wherever both
  match, for the collection endpoint and for its Dashboards (which also reads the data); a
  collection that no network rule matches is reachable from nowhere (AWS default).
- Data access always needs IAM identities named in a data access policy (no anonymous access):
  there is no resource policy that could open a collection to everyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from scanner.sources.terraform.adapters import primary
from scanner.sources.terraform.adapters.context import AdapterContext, new_resource
from scanner.sources.terraform.adapters.kms import key_is_customer_managed
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Source, Unknown, Value
from scanner.util.safetext import clean

POLICY = "aws_opensearchserverless_security_policy"
NETWORK_TYPES = ("collection", "dashboard")


class Unreadable(Exception):
    """A policy, rule or pattern whose meaning cannot be told; the message says why."""


@dataclass(frozen=True)
class Match:
    """One rule of one policy that names the collection."""

    block: TfBlock
    entry: dict  # the encryption document, or the network policy's list entry
    resource_type: str
    exact: bool
    prefix_len: int

    @property
    def specificity(self) -> tuple[int, int]:
        return (1 if self.exact else 0, self.prefix_len)


def pattern_matches(pattern: Any, name: str) -> tuple[bool, int] | None:
    """(exact, prefix length) when ``collection/<name|prefix*>`` covers ``name``, None when not.

    AWS allows a trailing ``*`` only; any other form cannot be read and raises :class:`Unreadable`.
    """
    if isinstance(pattern, Unknown):
        raise Unreadable(f"a resource pattern is unknown: {pattern.reason}")
    if not isinstance(pattern, str) or not pattern.startswith("collection/"):
        raise Unreadable(f"resource pattern {clean(str(pattern), 80)!r} is not collection/<name or prefix*>")
    body = pattern[len("collection/") :]
    if "*" in body[:-1]:
        raise Unreadable(f"resource pattern {clean(pattern, 80)!r} has a wildcard before its end")
    if body.endswith("*"):
        prefix = body[:-1]
        return (False, len(prefix)) if name.startswith(prefix) else None
    return (True, len(body)) if body == name else None


def _document(block: TfBlock) -> Any:
    raw = block.attrs.get("policy")
    if isinstance(raw, Unknown):
        raise Unreadable(f"{block.address}'s policy is unknown: {raw.reason}")
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            raise Unreadable(f"{block.address}'s policy is not valid JSON") from None
    if isinstance(raw, (dict, list)):
        return raw
    raise Unreadable(f"{block.address} has no policy document")


def _listed(raw: Any, what: str) -> list:
    if isinstance(raw, Unknown):
        raise Unreadable(f"{what} is unknown: {raw.reason}")
    if raw is None:
        return []
    return raw if isinstance(raw, list) else [raw]


def _matches(block: TfBlock, entry: Any, types: tuple[str, ...], name: str) -> list[Match]:
    """The rules of one policy document (or network entry) that name collection ``name``."""
    if not isinstance(entry, dict):
        raise Unreadable(f"{block.address}'s policy is not a JSON object")
    found = []
    for rule in _listed(entry.get("Rules"), f"{block.address}'s Rules"):
        if not isinstance(rule, dict):
            raise Unreadable(f"{block.address} has a rule that is not an object")
        rtype = rule.get("ResourceType")
        if isinstance(rtype, Unknown):
            raise Unreadable(f"{block.address} has a rule whose ResourceType is unknown: {rtype.reason}")
        if rtype not in types:
            continue
        for pattern in _listed(rule.get("Resource"), f"{block.address}'s Resource"):
            hit = pattern_matches(pattern, name)
            if hit is not None:
                found.append(Match(block, entry, rtype, hit[0], hit[1]))
    return found


def _policies(ctx: AdapterContext, kind: str, region: Any) -> tuple[list[TfBlock], list[str]]:
    """The security policies of ``kind`` that may apply in ``region``, and why others cannot be read."""
    out, unreadable = [], []
    for block in ctx.config.blocks:
        if block.type != POLICY or block.mode != "managed":
            continue
        if isinstance(region, str) and isinstance(block.region, str) and block.region != region:
            continue  # policies apply within their own account and region
        ptype = block.attrs.get("type")
        if isinstance(ptype, Unknown):
            unreadable.append(f"{block.address}'s type is unknown: {ptype.reason}")
        elif ptype == kind:
            out.append(block)
    return out, unreadable


def _collect(ctx: AdapterContext, kind: str, region: Any, name: str) -> tuple[list[Match], list[str]]:
    types = ("collection",) if kind == "encryption" else NETWORK_TYPES
    matches: list[Match] = []
    blocks, unreadable = _policies(ctx, kind, region)
    for block in blocks:
        try:
            doc = _document(block)
            entries = doc if kind == "network" and isinstance(doc, list) else [doc]
            for entry in entries:
                matches.extend(_matches(block, entry, types, name))
        except Unreadable as exc:
            unreadable.append(str(exc))
    return matches, unreadable


# ------------------------------------------------------------------ encryption
def _key(res: Resource, ctx: AdapterContext, name: str) -> None:
    """kms_key_id and customer_managed_key from the most specific matching encryption policy."""
    matches, unreadable = _collect(ctx, "encryption", res.region.raw, name)
    best = max(matches, key=lambda m: m.specificity, default=None)
    if best is None or (unreadable and not best.exact):
        if unreadable:
            why = f"which encryption policy applies to collection {name!r} cannot be told: {unreadable[0]}"
        else:
            why = (
                f"no encryption policy in this configuration covers collection {name!r}; AWS refuses to "
                "create a collection that none covers, so its key is chosen by a policy outside this code"
            )
        unknown = Value.unknown(why, res.source)
        res.attrs["kms_key_id"] = unknown
        res.attrs["customer_managed_key"] = unknown
        return
    res.evidence.append(best.block.source())
    src = best.block.source("policy")
    key, owned = best.entry.get("KmsARN"), best.entry.get("AWSOwnedKey")
    if key is not None:  # AWS ignores AWSOwnedKey when KmsARN is given
        res.attrs["kms_key_id"] = Value(key, src)
        res.attrs["customer_managed_key"] = Value(key_is_customer_managed(key, ctx), src)
    elif owned is True:
        res.attrs["kms_key_id"] = Value(None, src)
        res.attrs["customer_managed_key"] = Value(False, src)
    else:
        why = (
            f"AWSOwnedKey is unknown: {owned.reason}"
            if isinstance(owned, Unknown)
            else "the policy names neither KmsARN nor AWSOwnedKey = true"
        )
        res.attrs["kms_key_id"] = Value.unknown(f"{best.block.address}: {why}", src)
        res.attrs["customer_managed_key"] = res.attrs["kms_key_id"]


# ------------------------------------------------------------------ network
def _exposure(res: Resource, ctx: AdapterContext, name: str) -> None:
    """publicly_accessible: any matching rule that allows public access makes the endpoint public."""
    matches, unreadable = _collect(ctx, "network", res.region.raw, name)
    public = [m for m in matches if m.entry.get("AllowFromPublic") is True]
    if public:
        res.evidence.append(public[0].block.source())
        res.attrs["publicly_accessible"] = Value(True, public[0].block.source("policy"))
        return
    unknown = [m for m in matches if isinstance(m.entry.get("AllowFromPublic"), Unknown)]
    if unreadable or unknown:
        why = unreadable[0] if unreadable else f"{unknown[0].block.address}'s AllowFromPublic is unknown"
        res.attrs["publicly_accessible"] = Value.unknown(
            f"whether a network policy opens collection {name!r} to the internet cannot be told: {why}",
            res.source,
        )
        return
    if matches:
        res.evidence.append(matches[0].block.source())
        res.attrs["publicly_accessible"] = Value(False, matches[0].block.source("policy"))
    else:
        res.attrs["publicly_accessible"] = Value(False, res.source, default=True)


@primary("aws_opensearchserverless_collection")
def collection(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.DATABASE, subkind="search", identity_path="name")
    src: Source = block.source()
    res.attrs["engine"] = Value("opensearch", src, default=True)
    res.attrs["encrypted"] = Value(True, src, default=True)  # AWS encrypts every collection
    res.attrs["policy"] = Value(None, src, default=True)  # data access needs named IAM identities
    res.attrs["replica_regions"] = Value([], src, default=True)
    name = res.identity.raw if res.identity is not None else None
    if isinstance(name, str) and name:
        _key(res, ctx, name)
        _exposure(res, ctx, name)
    else:
        reason = name.reason if isinstance(name, Unknown) else "the collection has no name"
        unknown = Value.unknown(f"which security policies apply cannot be told: {reason}", src)
        for attr in ("kms_key_id", "customer_managed_key", "publicly_accessible"):
            res.attrs[attr] = unknown
    return res
