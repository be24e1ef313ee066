"""Collectors against recorded AWS answers, for what moto cannot represent.

Each fixtures/live/recorded/*.json holds the calls one collector makes, in order,
with AWS's answer (validated by botocore's Stubber against the service model, so
a recording cannot drift from the real shape) and the state attributes expected.
What each recording covers, and why moto cannot, is in its ``about``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from scanner.sources.live import links
from scanner.sources.live.base import Scan
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.session import Account, ClientSettings
from scanner.state import Resource

from .conftest import FIXTURES, offline_session

RECORDINGS = sorted((FIXTURES / "recorded").glob("*.json"))


class RecordedSession:
    """A boto3 session whose clients answer from a recording (and still carry the read-only guard)."""

    def __init__(self, calls: list[dict[str, Any]], default_region: str) -> None:
        self.queues: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for call in calls:
            self.queues[(call["service"], call.get("region", default_region))].append(call)
        self.stubbers: list[Stubber] = []
        self.region_name = default_region
        self._boto = offline_session()  # clients share its parsed models; each has its own stubber
        self.events = self._boto.events  # where the guard hooks in, as on a real session

    def client(self, service: str, region_name: str, config: Any = None) -> Any:
        client = self._boto.client(
            service,
            region_name=region_name,
            config=config,
            endpoint_url=f"https://{service}.{region_name}.amazonaws.com",
        )
        stubber = Stubber(client)
        for call in self.queues.pop((service, region_name), []):
            if "error" in call:
                stubber.add_client_error(
                    _method(call["operation"]),
                    service_error_code=call["error"]["code"],
                    http_status_code=call["error"]["status"],
                )
            else:
                stubber.add_response(_method(call["operation"]), call["response"])
        stubber.activate()
        self.stubbers.append(stubber)
        return client


def _method(operation: str) -> str:
    from botocore import xform_name

    return xform_name(operation)


def collect_recorded(path: Path) -> tuple[list[Resource], Account, dict[str, Any]]:
    recording = json.loads(path.read_text())
    session = RecordedSession(recording["calls"], recording["region"])
    account = Account(session, "123456789012", ClientSettings(max_attempts=1))
    collector = next(c for c in all_collectors() if c.name == recording["collector"])
    resources: list[Resource] = []
    pending = [lambda: collector.collect(Scan(account, recording["region"], collector))]
    while pending:
        for item in pending.pop(0)():
            if isinstance(item, Resource):
                resources.append(item)
            else:
                pending.append(item)
    links.link(resources, account.account_id, account.facts, [recording["region"]])
    for stubber in session.stubbers:
        stubber.assert_no_pending_responses()  # every recorded call was made, in order
    assert not session.queues, f"calls never made: {list(session.queues)}"
    return resources, account, recording


@pytest.mark.parametrize("path", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_recorded_answers_give_the_expected_state(path: Path) -> None:
    resources, account, recording = collect_recorded(path)
    assert account.errors == []
    by_arn = {r.address: r for r in resources}
    for arn, attrs in recording["expect"].items():
        assert arn in by_arn, f"{arn} not collected; got {sorted(by_arn)}"
        res = by_arn[arn]
        for name, want in attrs.items():
            got = res.region.raw if name == "region" else res.get(name).raw
            assert got == want, f"{arn} {name}: {got!r} != {want!r}"


@pytest.mark.parametrize("path", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_recorded_state_gives_the_expected_verdicts(path: Path) -> None:
    """The same checks as on code: the scenario's promises (EEA, TLS 1.2, …) on the recorded state."""
    from scanner.pipeline import evaluate_state
    from scanner.promises import load_promises_file
    from scanner.state import State

    resources, _, recording = collect_recorded(path)
    report = evaluate_state(
        State(resources=resources, origin="live"), load_promises_file(FIXTURES / "promises.yaml")
    )
    # A check named in the recording is asserted exactly: every verdict it gives, no more, no fewer.
    checks = {key.split("|", 1)[0] for key in recording["verdicts"]}
    got = {f"{f.check_id}|{f.resource}": f.status.value for f in report.findings if f.check_id in checks}
    assert got == recording["verdicts"]
