"""Which promise a check answers to, and the findings the runner makes."""

from __future__ import annotations

from scanner.engine.catalogue import Check
from scanner.engine.runner import promises_for, run_checks
from scanner.findings import Status
from scanner.promises import Control, Promise, PromiseSet
from scanner.report import Report
from scanner.state import Kind, Resource, ScanError, Source, State, Value


def check(control: str, category: str | None = None, **kw) -> Check:
    return Check(
        id="aws-test-check", control=control, title="Logs expire in time", severity="medium",
        rationale="r" * 10, remediation="r" * 10, kinds=[Kind.LOG_STORE],
        condition={"attr": "retention_days", "at_most": {"param": "max_days"}},
        retention_category=category, **kw,
    )  # fmt: skip


def retention(pid: str, days: int | None, applies_to: list[str]) -> Promise:
    return Promise(pid, Control.RETENTION_LIMIT, {"max_days": days, "applies_to": applies_to})


def test_specific_retention_promise_wins_over_the_general_one() -> None:
    ps = PromiseSet([retention("data", 30, ["data"]), retention("logs", 90, ["logs"])], "promises-file")
    assert [p.id for p in promises_for(check("retention-limit", "logs"), ps)] == ["logs"]
    assert [p.id for p in promises_for(check("retention-limit", "backups"), ps)] == ["data"]


def test_no_promise_for_the_control_means_no_finding() -> None:
    ps = PromiseSet([Promise("tls", Control.TRANSPORT_ENCRYPTION)], "promises-file")
    assert promises_for(check("retention-limit", "logs"), ps) == []


def log_group(address: str, days) -> Resource:
    src = Source("logs.tf", 4)
    res = Resource(Kind.LOG_STORE, address, "aws_cloudwatch_log_group", src, Value("eu-west-1", src))
    res.attrs["retention_days"] = days if isinstance(days, Value) else Value(days, Source("logs.tf", 6))
    return res


def test_findings_carry_resource_promise_and_evidence() -> None:
    state = State([log_group("aws_cloudwatch_log_group.a", 14), log_group("aws_cloudwatch_log_group.b", None),
                   log_group("aws_cloudwatch_log_group.c", Value.unknown("variable days has no value"))])  # fmt: skip
    ps = PromiseSet([retention("logs", 90, ["logs"])], "promises-file")
    findings = run_checks(state, [check("retention-limit", "logs")], ps)
    assert [(f.resource, f.status) for f in findings] == [
        ("aws_cloudwatch_log_group.a", Status.PASS),
        ("aws_cloudwatch_log_group.b", Status.FAIL),
        ("aws_cloudwatch_log_group.c", Status.UNKNOWN),
    ]
    fail = findings[1]
    assert (fail.file, fail.line, fail.region, fail.promise_id) == ("logs.tf", 4, "eu-west-1", "logs")
    assert fail.message == (
        "Logs expire in time: not met: retention_days = null (kept forever); the promise allows at most 90 days"
    )
    assert [s.label() for s in fail.evidence] == ["logs.tf:6"]
    assert "variable days has no value" in findings[2].message


def test_applies_when_skips_resources_it_does_not_concern() -> None:
    c = check("retention-limit", "logs", applies_when={"attr": "name", "in": ["/app"]})
    a = log_group("aws_cloudwatch_log_group.a", None)
    a.set("name", "/app")
    b = log_group("aws_cloudwatch_log_group.b", None)
    b.set("name", "/other")
    findings = run_checks(State([a, b]), [c], PromiseSet([retention("logs", 90, ["logs"])], "x"))
    assert [f.resource for f in findings] == ["aws_cloudwatch_log_group.a"]


def test_exit_codes() -> None:
    ps = PromiseSet([retention("logs", 90, ["logs"])], "promises-file")
    c = [check("retention-limit", "logs")]
    ok = Report(ps, run_checks(State([log_group("g", 14)]), c, ps))
    bad = Report(ps, run_checks(State([log_group("g", None)]), c, ps))
    undecided = Report(ps, run_checks(State([log_group("g", Value.unknown("?"))]), c, ps))
    incomplete = Report(ps, ok.findings, errors=[ScanError("does not parse", "x.tf", 3)])
    assert ok.exit_code() == 0
    assert bad.exit_code() == 1
    assert bad.exit_code("never") == 0
    assert undecided.exit_code() == 0
    assert undecided.exit_code("unknown") == 1
    assert incomplete.exit_code() == 3
    assert Report(ps, bad.findings, errors=incomplete.errors).exit_code() == 1


def test_a_value_of_an_unexpected_type_gives_unknown_not_a_traceback() -> None:
    from scanner.engine.catalogue import load_catalogue

    src = Source(file="cdn.tf", line=1)
    cdn = Resource(
        Kind.ENDPOINT,
        "aws_cloudfront_distribution.d",
        "aws_cloudfront_distribution",
        src,
        Value("us-east-1", src),
    )
    cdn.set("edge_locations", ["PriceClass_100"])  # a list where a price class name goes
    check = next(c for c in load_catalogue() if c.id == "aws-cloudfront-edges")
    promise = Promise("r", Control.DATA_RESIDENCY, {"allowed_area": "EEA"})
    [finding] = run_checks(State(resources=[cdn]), [check], PromiseSet([promise], "promises-file"))
    assert finding.status.value == "unknown"
    assert "a value has a type the check cannot read (TypeError: unhashable type: 'list')" in finding.message
