"""State vs state: match resources by identity, then compare their privacy-relevant attributes.

Two uses share this code. Code vs cloud matches a Terraform state to a live one by
identity (see :mod:`scanner.drift.identity`, or ids from a ``terraform.tfstate``) and
names the drift ``changed`` / ``missing`` / ``unmanaged``. Scan vs scan matches two
saved states of the same origin by address and names it ``changed`` / ``removed`` /
``added``. Only attributes of the kinds contract (``KIND_ATTRIBUTES``) and the region
are compared, so the report stays short; which promise a change touches comes from
the catalogue (:mod:`scanner.drift.relevance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from scanner.drift.identity import (
    GLOBAL_TYPES,
    REGIONLESS_TYPES,
    RULES,
    IdentityKey,
    key_of,
    name_of,
    name_prefix,
    normal_type,
    plain_name,
    region_of,
)
from scanner.drift.model import (
    ADDED,
    CHANGED,
    MISSING,
    REMOVED,
    UNMANAGED,
    UNMATCHED,
    AttributeChange,
    CheckEffect,
    DriftItem,
    NotCompared,
)
from scanner.drift.recorded import with_recorded_values
from scanner.drift.relevance import REGION, Relevance
from scanner.drift.tfstate import TfStateEntry
from scanner.drift.values import CANNOT, compare, shown
from scanner.drift.values import CHANGED as VALUE_CHANGED
from scanner.state import KIND_ATTRIBUTES, Kind, Resource, State, Value

# Kinds that hold personal data: one that exists only in the cloud touches every promise on it.
DATA_STORE_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.OBJECT_STORE,
        Kind.DATABASE,
        Kind.VOLUME,
        Kind.FILE_SYSTEM,
        Kind.LOG_STORE,
        Kind.MESSAGING,
        Kind.BACKUP,
    }
)

# Attributes in the kinds contract that are not the resource's own setting, and why they are skipped.
NOT_COMPARED_ATTRS: dict[str, str] = {
    "account_public_access_block": "an account-level setting, not the bucket's; code cannot show it",
    "data_events_logged": "derived from the trails; a trail's own drift shows it",
    "policy_public": "AWS's own verdict on the bucket policy, read live only; the policy itself is compared",
}

# What AWS makes by itself in every VPC (the default security group): never "unmanaged". Code
# that adopts it (aws_default_security_group) is still compared.
_AWS_MADE_TYPES = frozenset({"aws_default_security_group"})
_AWS_MADE = {("aws_security_group", "default")}


@dataclass
class Labels:
    """How the two sides are called in messages, per mode."""

    before: str = "code"
    after: str = "cloud"


CODE_VS_CLOUD = Labels()
SCAN_VS_SCAN = Labels("old", "new")


def _scope_region(res: Resource) -> str | None:
    """The region part of a (type, region) scope: None for global types."""
    return None if normal_type(res.resource_type) in GLOBAL_TYPES else region_of(res)


@dataclass
class Comparison:
    items: list[DriftItem] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)


def _label(res: Resource) -> str:
    name, _ = name_of(res)
    return f"{res.resource_type} {name}" if name else res.address


def _ignored(res: Resource, patterns: list[str]) -> bool:
    name, _ = name_of(res)
    candidates = [res.address, f"{res.resource_type}.{name}" if name else "", name or ""]
    return any(fnmatchcase(c, p) for p in patterns for c in candidates if c)


def is_placeholder(res: Resource) -> bool:
    """A live stand-in for a listing call that failed: no name, an ARN ending in ``*``, all unknown."""
    return res.identity is None and res.address.endswith("*") and not any(v.known for v in res.attrs.values())


class _CloudIndex:
    """The after-side resources, findable by ARN, by identity key and by (type, name).

    Placeholders for failed listings are kept aside: a code resource of that type and
    region that is not found cannot be called missing, only unmatched.
    """

    def __init__(self, resources: list[Resource]) -> None:
        self.unlisted: dict[tuple[str, str | None], str] = {}
        for res in resources:
            if is_placeholder(res):
                reason = next((v.reason for v in res.attrs.values() if v.reason), "the listing call failed")
                self.unlisted[(normal_type(res.resource_type), _scope_region(res))] = reason
        self.accounts = {r.account for r in resources if r.account}
        resources = [r for r in resources if not is_placeholder(r)]
        self.pool = list(resources)
        self.used: set[int] = set()
        self.by_arn: dict[str, Resource] = {}
        self.by_key: dict[IdentityKey, list[Resource]] = {}
        self.by_name: dict[tuple[str, str], list[Resource]] = {}
        for res in resources:
            for arn in (res.address, res.source.arn if res.source else None):
                if arn and arn.startswith("arn:"):
                    self.by_arn.setdefault(arn, res)
            key = key_of(res)
            if key is not None:
                self.by_key.setdefault(key, []).append(res)
                self.by_name.setdefault((key.resource_type, key.name), []).append(res)

    def the_account(self) -> tuple[str | None, str]:
        """The one account the cloud side covers (the name of what code names by "this account")."""
        if len(self.accounts) == 1:
            return next(iter(self.accounts)), ""
        count = f"{len(self.accounts)} accounts" if self.accounts else "no account"
        return None, f"its name is the account the code is applied in, and the cloud side covers {count}"

    def free(self, candidates: list[Resource]) -> list[Resource]:
        return [c for c in candidates if id(c) not in self.used]

    def take(self, res: Resource) -> Resource:
        self.used.add(id(res))
        return res

    def leftovers(self) -> list[Resource]:
        return [r for r in self.pool if id(r) not in self.used]

    def find(self, code: Resource, name: str) -> tuple[Resource | None, str]:
        """The one free cloud resource with this name, or None and why."""
        rtype = normal_type(code.resource_type)
        key = key_of(code, name)
        hits = self.free(self.by_key.get(key, [])) if key else []
        if not hits and (key is None or key.region is None) and rtype not in GLOBAL_TYPES:
            hits = self.free(self.by_name.get((rtype, name), []))  # code region unknown: name alone
        if len(hits) == 1:
            return self.take(hits[0]), ""
        if len(hits) > 1:
            where = ", ".join(sorted(f"{h.account or '?'}/{region_of(h) or '?'}" for h in hits))
            return None, f"ambiguous: {len(hits)} cloud resources are named {name} ({where})"
        return None, ""


def _tfstate_match(code: Resource, entry: TfStateEntry, index: _CloudIndex) -> Resource | None:
    if entry.arn and entry.arn in index.by_arn and id(index.by_arn[entry.arn]) not in index.used:
        return index.take(index.by_arn[entry.arn])
    for raw in sorted(entry.keys()):
        found, _ = index.find(code, plain_name(raw))
        if found is not None:
            return found
    name, _ = _name(code, index)  # a name made of two arguments (log group + filter) is no single key
    return index.find(code, name)[0] if name is not None else None


def _names_the_account(res: Resource) -> bool:
    """Whether the code leaves the name out to mean the account it is applied in (Glue's catalog)."""
    rule = RULES.get(normal_type(res.resource_type))
    ident = res.identity
    return bool(rule and rule.account_default and ident is not None and ident.known and ident.raw is None)


def _name(res: Resource, index: _CloudIndex) -> tuple[str | None, str]:
    """The code resource's name for matching (see :func:`name_of`), the account where it defaults to it."""
    if _names_the_account(res):
        return index.the_account()
    return name_of(res)


def _attr_names(res: Resource) -> list[str]:
    names = sorted(a for a in KIND_ATTRIBUTES.get(res.kind, {}) if a not in NOT_COMPARED_ATTRS)
    return names if normal_type(res.resource_type) in REGIONLESS_TYPES else [REGION, *names]


def _value(res: Resource, attr: str) -> Value:
    return res.region if attr == REGION else res.get(attr)


def _service_default_key(code: Value, cloud: Resource) -> bool | str | None:
    """Code that names no key means the service's AWS-managed key; the cloud then names that key.

    True when the cloud's key is AWS-managed (no drift), a reason when that cannot be told,
    None when the ordinary comparison applies.
    """
    key = cloud.get("kms_key_id")
    if not (code.known and code.raw is None and key.known and isinstance(key.raw, str)):
        return None
    managed = cloud.get("customer_managed_key")
    if not managed.known:
        return f"the code names no key (the service's default); whether the cloud's {key.raw} is that default is unknown: {managed.reason}"
    return True if managed.raw is False else None


def diff_pair(
    before: Resource, after: Resource, relevance: Relevance, labels: Labels
) -> tuple[list[AttributeChange], list[NotCompared]]:
    """Changed attributes of two matched resources, and those that could not be compared."""
    changes: list[AttributeChange] = []
    skipped: list[NotCompared] = []
    verdicts_before = verdicts_after = None
    for attr in _attr_names(before):
        if attr != REGION and attr not in before.attrs and attr not in after.attrs:
            continue  # neither source reads it for this type (a kind's attribute the type lacks)
        vb, va = _value(before, attr), _value(after, attr)
        if attr == "kms_key_id":
            same_key = _service_default_key(vb, after)
            if same_key is True:
                continue
            if isinstance(same_key, str):
                skipped.append(NotCompared(_label(before), attr, f"cannot compare: {same_key}"))
                continue
        result = compare(
            before.kind, attr, vb, va, labels.before, labels.after, normal_type(before.resource_type)
        )
        if result.outcome == CANNOT:
            skipped.append(NotCompared(_label(before), attr, f"cannot compare: {result.reason}"))
            continue
        if result.outcome != VALUE_CHANGED:
            continue
        if verdicts_before is None:
            verdicts_before, verdicts_after = relevance.verdicts(before), relevance.verdicts(after)
        touches = relevance.touches(before, attr)
        effects = [
            CheckEffect(
                t.check.id,
                t.check.control,
                p.id,
                verdicts_before.get((t.check.id, p.id)),
                verdicts_after.get((t.check.id, p.id)),
            )
            for t in touches
            for p in t.promises
        ]
        changes.append(
            AttributeChange(
                attribute=attr,
                before=shown(vb),
                after=shown(va),
                where=vb.source.label() if vb.source else None,
                controls=sorted({t.check.control for t in touches if t.promises}),
                promises=sorted({p.id for t in touches for p in t.promises}),
                effects=sorted(effects, key=lambda e: (e.check_id, e.promise_id)),
            )
        )
    return changes, skipped


def _item(status: str, res: Resource, reason: str = "", before: bool = True) -> DriftItem:
    name, _ = name_of(res)
    return DriftItem(
        status=status,
        resource_type=normal_type(res.resource_type),
        identity=name,
        region=region_of(res),
        before_address=res.address if before else None,
        after_address=None if before else res.address,
        file=res.source.file if res.source else None,
        line=res.source.line if res.source else None,
        account=res.account,
        reason=reason,
    )


def _changed_item(before: Resource, after: Resource, changes: list[AttributeChange]) -> DriftItem:
    item = _item(CHANGED, before)
    item.after_address = after.address
    item.account = after.account or before.account
    item.region = region_of(after) or item.region
    item.identity = item.identity or name_of(after)[0]
    item.changes = changes
    item.controls = sorted({c for ch in changes for c in ch.controls})
    item.promises = sorted({p for ch in changes for p in ch.promises})
    return item


# Which promises a one-sided resource touches: every promised check on it ("all"), every one
# for data stores and the failing ones otherwise ("data_store"), the failing ones ("failing"), none.
ALL, DATA_STORE, FAILING, NONE = "all", "data_store", "failing", "none"


def _one_sided(item: DriftItem, res: Resource, relevance: Relevance, rule: str) -> DriftItem:
    """Promises a resource that exists on one side only touches (and checks that fail on it)."""
    verdicts = relevance.verdicts(res)
    promised = relevance.promised(res)
    failing = sorted({cid for (cid, _pid), status in verdicts.items() if status == "fail"})
    item.failing_checks = failing
    if rule == NONE:
        touched = []
    elif rule == FAILING or (rule == DATA_STORE and res.kind not in DATA_STORE_KINDS):
        touched = [t for t in promised if t.check.id in failing]
    else:
        touched = promised
    item.controls = sorted({t.check.control for t in touched})
    item.promises = sorted({p.id for t in touched for p in t.promises})
    return item


def compare_code_to_cloud(
    code: State,
    cloud: State,
    relevance: Relevance,
    tfstate: dict[str, TfStateEntry] | None = None,
    ignore: list[str] = (),
    scanned_regions: set[str] | None = None,
) -> Comparison:
    """Code vs cloud: changed, missing, unmanaged and unmatched resources.

    ``scanned_regions`` are the regions the cloud side covers (None: all). A code resource
    in another region cannot be called missing: the scan did not look there; cloud
    resources outside them (a saved state of more regions) are left out.
    """
    out = Comparison()

    def in_scope(res: Resource) -> bool:
        rtype, region = normal_type(res.resource_type), region_of(res)
        return scanned_regions is None or rtype in GLOBAL_TYPES or not region or region in scanned_regions

    index = _CloudIndex([r for r in cloud.resources if not _ignored(r, list(ignore)) and in_scope(r)])
    unknown_names: dict[tuple[str, str | None], list[tuple[str, str | None]]] = {}
    for res in code.resources:
        if _ignored(res, list(ignore)):
            continue
        found: Resource | None = None
        if not in_scope(res):
            where = ", ".join(sorted(scanned_regions)) or "none"
            why = f"its region {region_of(res)} is not in the cloud scan ({where})"
            out.items.append(_item(UNMATCHED, res, why))
            continue
        entry = tfstate.get(res.address) if tfstate else None
        reason = ""
        if entry is not None:
            found = _tfstate_match(res, entry, index)
            reason = f"the state file records it as {entry.arn or entry.id}; no such resource in the cloud"
        else:
            name, why = _name(res, index)
            if name is None:
                rtype = normal_type(res.resource_type)
                region = None if rtype in GLOBAL_TYPES else region_of(res)
                unknown_names.setdefault((rtype, region), []).append((res.address, name_prefix(res)))
                out.items.append(_item(UNMATCHED, res, f"identity unknown: {why}"))
                continue
            found, ambiguous = index.find(res, name)
            if ambiguous:
                out.items.append(_item(UNMATCHED, res, ambiguous))
                continue
            reason = "in the code, not in the cloud"
            if tfstate is not None:
                reason += " (and not in the state file: not applied yet?)"
        if found is None:
            unlisted = index.unlisted.get((normal_type(res.resource_type), _scope_region(res)))
            if unlisted:
                out.items.append(_item(UNMATCHED, res, f"cannot tell whether it exists: {unlisted}"))
                continue
            out.items.append(_one_sided(_item(MISSING, res, reason), res, relevance, ALL))
            continue
        known = with_recorded_values(res, tfstate) if tfstate else res
        changes, skipped = diff_pair(known, found, relevance, CODE_VS_CLOUD)
        out.not_compared.extend(skipped)
        if changes:
            out.items.append(_changed_item(known, found, changes))
    for res in index.leftovers():
        rtype = normal_type(res.resource_type)
        name, _ = name_of(res)
        if (rtype, name) in _AWS_MADE or rtype in _AWS_MADE_TYPES:
            continue
        region = None if rtype in GLOBAL_TYPES else region_of(res)
        candidates = unknown_names.get((rtype, region), []) + unknown_names.get((rtype, None), [])
        maybe = {a for a, prefix in candidates if prefix is None or (name or "").startswith(prefix)}
        if maybe:
            why = f"may be {', '.join(sorted(maybe))}, whose name the code does not give (use --tfstate)"
            out.items.append(_item(UNMATCHED, res, why, before=False))
            continue
        item = _item(UNMANAGED, res, "in the cloud, not in the code", before=False)
        item.file = item.line = None
        out.items.append(_one_sided(item, res, relevance, DATA_STORE))
    out.items.sort(key=_order)
    return out


def compare_saved_states(old: State, new: State, relevance: Relevance) -> Comparison:
    """Scan vs scan on two saved states: matched by address, which is stable within one origin."""
    out = Comparison()
    new_by_address = {r.address: r for r in new.resources}
    seen: set[str] = set()
    for res in old.resources:
        other = new_by_address.get(res.address)
        if other is None:
            item = _item(
                REMOVED, res, f"in the {SCAN_VS_SCAN.before} scan, not in the {SCAN_VS_SCAN.after} one"
            )
            out.items.append(_one_sided(item, res, relevance, NONE))
            continue
        seen.add(res.address)
        changes, skipped = diff_pair(res, other, relevance, SCAN_VS_SCAN)
        out.not_compared.extend(skipped)
        if changes:
            out.items.append(_changed_item(res, other, changes))
    for res in new.resources:
        if res.address not in seen:
            item = _item(
                ADDED,
                res,
                f"in the {SCAN_VS_SCAN.after} scan, not in the {SCAN_VS_SCAN.before} one",
                before=False,
            )
            out.items.append(_one_sided(item, res, relevance, FAILING))
    out.items.sort(key=_order)
    return out


_STATUS_ORDER = {CHANGED: 0, UNMANAGED: 1, ADDED: 1, MISSING: 2, REMOVED: 2, UNMATCHED: 3}


def _order(item: DriftItem) -> tuple:
    return (_STATUS_ORDER.get(item.status, 9), item.resource_type, item.identity or "", item.before_address or "",
            item.after_address or "")  # fmt: skip
