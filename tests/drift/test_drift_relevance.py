"""Which promise an attribute touches comes from the catalogue: attr leaves, predicate args, the table, a probe."""

from __future__ import annotations

from scanner.drift.relevance import REGION, Relevance, attributes_read
from scanner.engine.catalogue import Check, load_catalogue
from scanner.engine.outcome import Outcome
from scanner.engine.predicates import predicate, registry
from scanner.promises import Control, Promise, PromiseSet
from scanner.state import Kind, Resource, Source, Value


def check(condition: dict, applies_when: dict | None = None, **kw) -> Check:
    fields = {
        "id": "t-check",
        "control": "retention-limit",
        "title": "a test check",
        "severity": "low",
        "rationale": "r" * 10,
        "remediation": "r" * 10,
        "kinds": [Kind.LOG_STORE],
        "condition": condition,
        "applies_when": applies_when,
        "retention_category": "logs",
        **kw,
    }
    return Check(**fields)


def test_attr_leaves_and_applies_when() -> None:
    c = check(
        {
            "all": [
                {"attr": "retention_days", "at_most": {"param": "max_days"}},
                {"not": {"attr": "encrypted", "is": False}},
            ]
        },
        applies_when={"attr": "name", "is": "x"},
    )
    assert attributes_read(c) == {"retention_days", "encrypted", "name"}


def test_predicates_from_table_and_args() -> None:
    assert attributes_read(check({"predicate": "region_allowed"})) == {REGION}
    assert attributes_read(check({"predicate": "regions_allowed", "args": {"attr": "replica_regions"}})) == {
        "replica_regions"
    }
    assert attributes_read(check({"predicate": "s3_bucket_not_public"}, kinds=[Kind.OBJECT_STORE])) == {
        "public_acl",
        "policy",
        "public_access_block",
        "account_public_access_block",
    }
    # attr replaces the default document of policy predicates
    assert attributes_read(check({"predicate": "policy_not_public", "args": {"attr": "document"}})) == {
        "document"
    }


def test_a_predicate_not_in_the_table_is_probed() -> None:
    if "drift_test_probe" not in registry():

        @predicate("drift_test_probe")
        def _probe(resource: Resource, promise: Promise, args: dict) -> Outcome:
            if not resource.get("kms_key_id").known:
                return Outcome.unknown("x")
            region = resource.region
            if resource.get("encrypted").raw:
                raise RuntimeError(f"the probe may crash a predicate ({region})")
            return Outcome.passed()

    assert attributes_read(check({"predicate": "drift_test_probe"})) == {"kms_key_id", "encrypted", REGION}


def test_touches_maps_checks_to_promises_of_their_retention_category() -> None:
    logs = Promise("logs-90", Control.RETENTION_LIMIT, {"max_days": 90, "applies_to": ["logs"]})
    data = Promise("data-30", Control.RETENTION_LIMIT, {"max_days": 30, "applies_to": ["data"]})
    tls = Promise("tls", Control.TRANSPORT_ENCRYPTION, {})
    rel = Relevance(
        [check({"attr": "retention_days", "at_most": {"param": "max_days"}})],
        PromiseSet([logs, data, tls], "test"),
    )
    group = Resource(Kind.LOG_STORE, "g", "aws_cloudwatch_log_group", Source(), Value("eu-west-1"))
    group.set("retention_days", 400)
    [touch] = rel.touches(group, "retention_days")
    assert [p.id for p in touch.promises] == ["logs-90"]
    assert rel.touches(group, "encrypted") == []
    assert rel.verdicts(group) == {("t-check", "logs-90"): "fail"}


def test_every_builtin_check_reads_only_known_attributes() -> None:
    """The map is derived from the real catalogue; each attribute it names exists in the kinds contract."""
    from scanner.state import KIND_ATTRIBUTES

    for c in load_catalogue():
        known = set().union(*(KIND_ATTRIBUTES[k] for k in c.kinds)) | {REGION}
        assert attributes_read(c) <= known, c.id
        assert attributes_read(c), f"{c.id} reads no attribute: drift could never name its promise"
