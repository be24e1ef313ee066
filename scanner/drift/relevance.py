"""Which promise an attribute touches, derived from the check catalogue.

A changed attribute matters for privacy only when a check of a promised control reads
it. The catalogue says so itself: ``attr:`` leaves of a check's ``condition`` and
``applies_when``, the ``attr`` argument of predicates, and — for predicates that read
fixed attributes — the small table :data:`PREDICATE_ATTRS`. Predicates that are not in
the table are probed once with a recording resource, so a new predicate is not silently
ignored. Controls map to promises exactly as the runner maps them
(:func:`scanner.engine.runner.promises_for`), so retention categories and
logging-minimisation subjects are respected.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from scanner.engine.catalogue import Check, _leaves
from scanner.engine.predicates import registry
from scanner.engine.runner import promises_for, run_checks
from scanner.promises import Control, Promise, PromiseSet
from scanner.state import KIND_ATTRIBUTES, Resource, Source, State, Value

REGION = "region"  # pseudo-attribute: the resource's own region, read by region predicates

# Attributes a predicate reads regardless of its arguments. Keep in step with
# scanner/engine/predicates/*.py; ``args.attr`` is added on top where a predicate takes it.
PREDICATE_ATTRS: dict[str, tuple[str, ...]] = {
    "s3_bucket_not_public": ("public_acl", "policy", "public_access_block", "account_public_access_block"),
    "policy_not_public": ("policy",),
    "policy_principals_authorised": ("policy",),
    "policy_denies_insecure_transport": ("policy",),
    "identity_policy_not_admin": ("document",),
    "region_allowed": (REGION,),
    "regions_allowed": (),
    "cdn_edges_allowed": ("edge_locations",),
    "s3_lifecycle_within": ("lifecycle_rules", "versioning"),
    "ttl_limits_items": ("ttl_enabled",),
}

# Predicates whose ``attr`` argument replaces (not adds to) their default attribute.
_ATTR_REPLACES_DEFAULT = {"policy_not_public", "policy_principals_authorised", "policy_denies_insecure_transport",
                          "identity_policy_not_admin"}  # fmt: skip


class _Recorder(Resource):
    """A resource that remembers which attributes a predicate asks for."""

    def __init__(self, check: Check, fill: Any) -> None:
        super().__init__(
            kind=check.kinds[0],
            address="probe",
            resource_type=(check.resource_types or ["probe"])[0],
            source=Source(),
            region=Value.unknown("probe"),
            subkind=(check.subkinds or [None])[0],
        )
        object.__setattr__(self, "_read", set())
        object.__setattr__(self, "_fill", fill)

    def get(self, name: str) -> Value:
        self._read.add(name)
        fill = self._fill
        return Value.unknown("probe") if fill is _UNKNOWN_FILL else Value(fill)

    def __getattribute__(self, name: str) -> Any:
        if name == "region":
            object.__getattribute__(self, "_read").add(REGION)
        return object.__getattribute__(self, name)


_UNKNOWN_FILL = object()


def _probe(check: Check, name: str, args: dict[str, Any]) -> set[str]:
    """Attributes the predicate reads on an all-unknown and an all-None resource (errors are ignored)."""
    fn = registry().get(name)
    if fn is None:
        return set()
    found: set[str] = set()
    promise = Promise("probe", Control(check.control))
    for fill in (_UNKNOWN_FILL, None, True):
        spy = _Recorder(check, fill)
        # A probe may feed values a predicate never sees; what it read before failing still counts.
        with contextlib.suppress(Exception):
            fn(spy, promise, args)
        found |= spy._read
    # A predicate shared by several kinds may look for an attribute only some of them carry (the
    # TLS-policy predicate asks S3 buckets for https_only); on the others it is never there.
    carried = set().union(*(KIND_ATTRIBUTES[k] for k in check.kinds)) if check.kinds else found
    return found & (carried | {"region"})


def attributes_read(check: Check) -> frozenset[str]:
    """Every state attribute (plus ``region``) the check's condition and applies_when can read."""
    read: set[str] = set()
    for cond in (check.condition, check.applies_when):
        for leaf in _leaves(cond):
            if "attr" in leaf:
                read.add(leaf["attr"])
            elif "predicate" in leaf:
                name = leaf["predicate"]
                args = leaf.get("args") or {}
                if "attr" in args:
                    read.add(args["attr"])
                    if name in _ATTR_REPLACES_DEFAULT:
                        continue
                if name in PREDICATE_ATTRS:
                    read.update(PREDICATE_ATTRS[name])
                else:
                    read.update(_probe(check, name, args))
    return frozenset(read)


@dataclass
class Touch:
    """A check that reads an attribute, and the promises in use it answers to."""

    check: Check
    promises: list[Promise]


@dataclass
class Relevance:
    """The catalogue seen from the attributes: who reads what, and whose promise that is."""

    checks: list[Check]
    promise_set: PromiseSet
    _reads: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._reads = {c.id: attributes_read(c) for c in self.checks}

    def applicable(self, resource: Resource) -> list[Check]:
        return [c for c in self.checks if c.matches(resource.kind, resource.subkind, resource.resource_type)]

    def touches(self, resource: Resource, attribute: str) -> list[Touch]:
        """Checks on this resource that read ``attribute``, with the promises they answer to (maybe none)."""
        return [
            Touch(c, promises_for(c, self.promise_set))
            for c in self.applicable(resource)
            if attribute in self._reads[c.id]
        ]

    def promised(self, resource: Resource) -> list[Touch]:
        """Checks on this resource that answer to at least one promise in use."""
        out = [Touch(c, promises_for(c, self.promise_set)) for c in self.applicable(resource)]
        return [t for t in out if t.promises]

    def verdicts(self, resource: Resource | None) -> dict[tuple[str, str], str]:
        """(check id, promise id) -> status of every promised check on the resource."""
        if resource is None:
            return {}
        findings = run_checks(State(resources=[resource]), self.applicable(resource), self.promise_set)
        return {(f.check_id, f.promise_id or ""): f.status.value for f in findings}
