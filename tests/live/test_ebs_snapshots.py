"""Public EBS snapshots: one DescribeSnapshots call per region (RestorableByUserIds=["all"]), not one per snapshot.

Tested with botocore's Stubber (recorded answers, checked against the EC2 model, with
the exact parameters expected), not moto: moto ignores OwnerIds and RestorableByUserIds
and answers every snapshot to both listings, so against moto every snapshot would look
public and the test could not tell the right call from a wrong one. (The moto-based live
scenario holds only a snapshot shared with "all", whose verdict is the same on moto and on AWS;
the private and denied verdicts of aws-ebs-snapshot-not-public are tested here.)
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any

from botocore.stub import Stubber

from scanner.sources.live.base import Scan
from scanner.sources.live.ebs import Ebs
from scanner.sources.live.session import Account, ClientSettings
from scanner.state import Resource

from .conftest import offline_session

REGION = "eu-west-1"
WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _snapshot(sid: str, encrypted: bool = True) -> dict[str, Any]:
    return {
        "SnapshotId": sid,
        "VolumeId": "vol-0123",
        "State": "completed",
        "StartTime": WHEN,
        "Encrypted": encrypted,
        "OwnerId": "123456789012",
    }


class StubbedSession:
    """A session whose EC2 client answers from ``answers`` (operation, expected params, response), in order."""

    def __init__(self, answers: list[tuple[str, dict[str, Any], dict[str, Any] | str]]) -> None:
        self._boto = offline_session()
        self.events = self._boto.events
        self.region_name = REGION
        self.answers = answers
        self.stubber: Stubber | None = None

    def client(self, service: str, region_name: str, config: Any = None) -> Any:
        client = self._boto.client(
            service, region_name=region_name, config=config, endpoint_url=f"https://{service}.example"
        )
        self.stubber = Stubber(client)
        for method, params, response in self.answers:
            if isinstance(response, str):
                self.stubber.add_client_error(method, service_error_code=response, http_status_code=403)
            else:
                self.stubber.add_response(method, response, params)
        self.stubber.activate()
        return client


def _collect(session: StubbedSession) -> tuple[dict[str, Resource], Account]:
    account = Account(session, "123456789012", ClientSettings(max_attempts=1, rate_limit=None))
    scan = Scan(account, REGION, Ebs())
    out: dict[str, Resource] = {}
    pending = [lambda: Ebs().collect(scan)]
    while pending:
        for item in pending.pop(0)():
            if isinstance(item, Resource):
                out[item.identity.raw if item.identity else item.address] = item
            else:
                pending.append(item)
    session.stubber.assert_no_pending_responses()
    return out, account


OWNED = {"OwnerIds": ["self"], "Filters": [{"Name": "owner-id", "Values": ["123456789012"]}]}
PUBLIC = {**OWNED, "RestorableByUserIds": ["all"]}


def test_which_snapshots_are_public_is_one_call_whatever_their_number() -> None:
    owned = [_snapshot(f"snap-{i:04d}") for i in range(300)]
    session = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": owned}),
            ("describe_snapshots", PUBLIC, {"Snapshots": [_snapshot("snap-0007"), _snapshot("snap-0123")]}),
        ]
    )
    found, account = _collect(session)
    public = sorted(sid for sid, res in found.items() if res.attrs["public"].raw is True)
    assert public == ["snap-0007", "snap-0123"]
    assert all(found[s].attrs["public"].raw is False for s in found if s not in public) and len(found) == 300
    assert account.calls == Counter(
        {"ec2:GetEbsEncryptionByDefault": 1, "ec2:DescribeVolumes": 1, "ec2:DescribeSnapshots": 2}
    )


def test_a_denied_public_listing_makes_only_public_unknown() -> None:
    session = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": [_snapshot("snap-1", encrypted=False)]}),
            ("describe_snapshots", PUBLIC, "UnauthorizedOperation"),
        ]
    )
    found, _ = _collect(session)
    snap = found["snap-1"]
    assert (
        snap.attrs["public"].reason
        == "ec2:DescribeSnapshots denied (UnauthorizedOperation): grant ec2:DescribeSnapshots"
    )
    assert snap.attrs["encrypted"].raw is False  # the rest is known


def test_no_snapshots_no_second_call() -> None:
    session = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": []}),
        ]
    )
    found, account = _collect(session)
    assert found == {} and account.calls["ec2:DescribeSnapshots"] == 1


def test_snapshots_of_other_accounts_are_not_this_accounts_stores() -> None:
    """Only the account's own snapshots are asked for, and any other in an answer is skipped."""
    foreign = {**_snapshot("snap-foreign", encrypted=False), "OwnerId": "099720109477"}
    session = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": [_snapshot("snap-mine"), foreign]}),
            ("describe_snapshots", PUBLIC, {"Snapshots": [foreign]}),
        ]
    )
    found, _ = _collect(session)
    assert sorted(found) == ["snap-mine"]
    assert found["snap-mine"].attrs["public"].raw is False


def test_only_foreign_snapshots_listed_means_no_public_call() -> None:
    foreign = {**_snapshot("snap-foreign"), "OwnerId": "099720109477"}
    session = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": [foreign]}),
        ]
    )
    found, account = _collect(session)
    assert found == {} and account.calls["ec2:DescribeSnapshots"] == 1


def test_not_public_check_gives_exact_verdicts_from_one_listing() -> None:
    """aws-ebs-snapshot-not-public on what the two listings say: public, private, and denied."""
    from scanner.pipeline import evaluate_state
    from scanner.promises import default_promise_set
    from scanner.state import State

    session = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": [_snapshot("snap-open"), _snapshot("snap-closed")]}),
            ("describe_snapshots", PUBLIC, {"Snapshots": [_snapshot("snap-open")]}),
        ]
    )
    found, _ = _collect(session)
    report = evaluate_state(
        State(resources=list(found.values()), origin="live"),
        default_promise_set(),
        only={"aws-ebs-snapshot-not-public"},
    )
    verdicts = {f.resource: f.status.value for f in report.findings}
    assert verdicts == {
        f"arn:aws:ec2:{REGION}::snapshot/snap-open": "fail",
        f"arn:aws:ec2:{REGION}::snapshot/snap-closed": "pass",
    }

    denied = StubbedSession(
        [
            ("get_ebs_encryption_by_default", {}, {"EbsEncryptionByDefault": True}),
            ("describe_volumes", {}, {"Volumes": []}),
            ("describe_snapshots", OWNED, {"Snapshots": [_snapshot("snap-1")]}),
            ("describe_snapshots", PUBLIC, "UnauthorizedOperation"),
        ]
    )
    found, _ = _collect(denied)
    report = evaluate_state(
        State(resources=list(found.values()), origin="live"),
        default_promise_set(),
        only={"aws-ebs-snapshot-not-public"},
    )
    [finding] = report.findings
    assert finding.status.value == "unknown"
    assert "grant ec2:DescribeSnapshots" in finding.message
