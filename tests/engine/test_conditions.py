"""The YAML condition language in three-valued logic, on hand-built resources."""

from __future__ import annotations

import pytest

from scanner.engine.conditions import evaluate
from scanner.findings import Status
from scanner.promises import Control, Promise
from scanner.state import Kind, Resource, Source, Value

SRC = Source(file="main.tf", line=3)


def bucket(**attrs) -> Resource:
    res = Resource(Kind.OBJECT_STORE, "aws_s3_bucket.b", "aws_s3_bucket", SRC, Value("eu-west-1", SRC))
    for name, raw in attrs.items():
        res.attrs[name] = raw if isinstance(raw, Value) else Value(raw, Source("main.tf", 7))
    return res


RETENTION = Promise("r", Control.RETENTION_LIMIT, {"max_days": 30, "applies_to": ["data"]})
FINITE = Promise("f", Control.RETENTION_LIMIT, {"max_days": None})
AT_REST = Promise("e", Control.ENCRYPTION_AT_REST, {"customer_managed_keys": True})


@pytest.mark.parametrize(
    ("raw", "status"),
    [(True, Status.PASS), (False, Status.FAIL), (Value.unknown("var.x has no value"), Status.UNKNOWN)],
)
def test_is_leaf(raw, status) -> None:
    out = evaluate({"attr": "encrypted", "is": True}, bucket(encrypted=raw), AT_REST)
    assert out.status == status


def test_unknown_leaf_carries_the_reason_and_the_source() -> None:
    out = evaluate(
        {"attr": "encrypted", "is": True}, bucket(encrypted=Value.unknown("var.x has no value")), AT_REST
    )
    assert out.reasons == ["encrypted is unknown: var.x has no value"]


def test_missing_attribute_is_unknown_not_fail() -> None:
    out = evaluate({"attr": "versioning", "is": True}, bucket(), AT_REST)
    assert out.status == Status.UNKNOWN
    assert "not collected" in out.reasons[0]


@pytest.mark.parametrize(
    ("days", "status"), [(30, Status.PASS), (31, Status.FAIL), (None, Status.FAIL), (0, Status.PASS)]
)
def test_at_most_with_a_promise_parameter(days, status) -> None:
    res = Resource(
        Kind.LOG_STORE, "aws_cloudwatch_log_group.g", "aws_cloudwatch_log_group", SRC, Value("eu-west-1")
    )
    res.set("retention_days", days)
    out = evaluate({"attr": "retention_days", "at_most": {"param": "max_days"}}, res, RETENTION)
    assert out.status == status


def test_none_retention_reads_as_kept_forever() -> None:
    res = Resource(Kind.LOG_STORE, "g", "aws_cloudwatch_log_group", SRC, Value("eu-west-1"))
    res.set("retention_days", None)
    out = evaluate({"attr": "retention_days", "at_most": {"param": "max_days"}}, res, RETENTION)
    assert out.reasons == ["retention_days = null (kept forever); the promise allows at most 30 days"]


@pytest.mark.parametrize(("days", "status"), [(3650, Status.PASS), (None, Status.FAIL)])
def test_finite_only_promise(days, status) -> None:
    res = Resource(Kind.LOG_STORE, "g", "aws_cloudwatch_log_group", SRC, Value("eu-west-1"))
    res.set("retention_days", days)
    assert (
        evaluate({"attr": "retention_days", "at_most": {"param": "max_days"}}, res, FINITE).status == status
    )


def test_all_fails_even_with_an_unknown_beside_it() -> None:
    cond = {"all": [{"attr": "encrypted", "is": True}, {"attr": "versioning", "is": True}]}
    out = evaluate(cond, bucket(encrypted=False, versioning=Value.unknown("later")), AT_REST)
    assert out.status == Status.FAIL
    assert out.reasons == ["encrypted = false; expected true"]


def test_any_passes_on_one_pass_despite_unknowns() -> None:
    cond = {"any": [{"attr": "encrypted", "is": True}, {"attr": "versioning", "is": True}]}
    assert (
        evaluate(cond, bucket(encrypted=Value.unknown("x"), versioning=True), AT_REST).status == Status.PASS
    )
    assert (
        evaluate(cond, bucket(encrypted=Value.unknown("x"), versioning=False), AT_REST).status
        == Status.UNKNOWN
    )
    assert evaluate(cond, bucket(encrypted=False, versioning=False), AT_REST).status == Status.FAIL


def test_param_condition_gates_customer_managed_keys() -> None:
    cond = {
        "any": [{"param": "customer_managed_keys", "is": False}, {"attr": "customer_managed_key", "is": True}]
    }
    res = bucket(customer_managed_key=False)
    assert evaluate(cond, res, AT_REST).status == Status.FAIL
    relaxed = Promise("e2", Control.ENCRYPTION_AT_REST, {"customer_managed_keys": False})
    assert evaluate(cond, res, relaxed).status == Status.PASS


def test_not_flips_pass_and_fail_but_keeps_unknown() -> None:
    cond = {"not": {"attr": "public_acl", "is": True}}
    assert evaluate(cond, bucket(public_acl=True), AT_REST).status == Status.FAIL
    assert evaluate(cond, bucket(public_acl=False), AT_REST).status == Status.PASS
    assert evaluate(cond, bucket(public_acl=Value.unknown("?")), AT_REST).status == Status.UNKNOWN


@pytest.mark.parametrize(
    ("actual", "required", "status"),
    [
        ("1.2", "1.2", Status.PASS),
        ("1.3", "1.2", Status.PASS),
        ("1.0", "1.2", Status.FAIL),
        ("9.9", "1.2", Status.UNKNOWN),
    ],
)
def test_tls_at_least(actual, required, status) -> None:
    res = Resource(Kind.ENDPOINT, "aws_lb_listener.l", "aws_lb_listener", SRC, Value("eu-west-1"))
    res.set("min_tls_version", actual)
    promise = Promise("t", Control.TRANSPORT_ENCRYPTION, {"min_tls_version": required})
    assert (
        evaluate(
            {"attr": "min_tls_version", "tls_at_least": {"param": "min_tls_version"}}, res, promise
        ).status
        == status
    )


def test_aws_default_is_named_in_the_reason() -> None:
    res = bucket(encrypted=Value(True, SRC, default=True))
    out = evaluate({"attr": "encrypted", "is": True}, res, AT_REST)
    assert out.reasons == ["encrypted = true (AWS default)"]
