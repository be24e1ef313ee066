"""An STS endpoint that hangs or resets, and a role that cannot be assumed: one line, bounded, or unknowns.

Today's failure: an STS hang ended in an AttributeError after 217 s. The endpoints
are local sockets on 127.0.0.1; the scan runs as a separate process under
:func:`run_limited`, so the time bound is asserted from outside.
"""

from __future__ import annotations

import json

import pytest

from tests.hostile.limits import run_limited
from tests.live.conftest import aws, moto_endpoint, run_cli  # noqa: F401 - the moto fixtures
from tests.live.faults import json_error
from tests.live.servers import Resetting, Silent

pytestmark = pytest.mark.usefixtures("aws")  # an empty moto account behind every test

FAST = ["--call-timeout", "1", "--max-attempts", "2", "--regions", "eu-west-1"]


@pytest.mark.parametrize("server", [Silent, Resetting], ids=["hangs", "resets"])
def test_an_sts_endpoint_that_hangs_or_resets_is_one_line_and_exit_2(server) -> None:
    with server() as sts:
        result = run_limited(["live", *FAST], env={"AWS_ENDPOINT_URL_STS": sts.url}, timeout=60)
        tried = sts.connections
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "privacy-scan: error: cannot reach AWS to check the credentials (default credentials): "
    ), lines[0]
    assert "Traceback" not in result.stderr and "AttributeError" not in result.stderr
    assert 1 <= tried <= 2  # bounded retries: --max-attempts 2


def test_a_role_that_cannot_be_assumed_makes_that_account_unknown(monkeypatch, tmp_path) -> None:
    """Two accounts: one role is refused, the other account is scanned; exit 3, not 2."""
    import boto3

    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="still-scanned", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    refused = "arn:aws:iam::222222222222:role/audit"
    _refuse_assume_role(monkeypatch, refused)
    code, out, err = run_cli(
        "--role-arn",
        "arn:aws:iam::123456789012:role/audit",
        "--role-arn",
        refused,
        "--regions",
        "eu-west-1",
        "--max-attempts",
        "1",
        "--format",
        "json",
        "--promises",
        str(_retention_promises(tmp_path)),
        "--save-state",
        str(tmp_path / "state.json"),
    )
    report = json.loads(out)
    reason = f"cannot assume {refused}: AccessDenied"
    assert any(e["message"] == f"{refused}: {reason}" for e in report["errors"]), report["errors"]
    theirs = [f for f in report["findings"] if f.get("account") == "222222222222"]
    # Every check that reads the account is unknown with the reason. (A check with nothing
    # promised to compare with, such as authorised principals, passes without reading.)
    read = [f for f in theirs if "no authorised principals promised" not in f["message"]]
    assert read and {f["status"] for f in read} == {"unknown"}
    assert all(reason in f["message"] for f in read)
    assert "arn:aws:logs:eu-west-1:222222222222:log-group:*" in {f["resource"] for f in theirs}
    assert not [f for f in report["findings"] if f["status"] == "fail"]
    state = json.loads((tmp_path / "state.json").read_text())
    by_account: dict[str, set[str]] = {}
    for res in state["resources"]:
        by_account.setdefault(res["account"], set()).add(res["address"])
    assert "arn:aws:s3:::still-scanned" in by_account["123456789012"]
    # Every collector stands in for the account it could not enter, in every region scanned.
    assert by_account["222222222222"] >= {
        "arn:aws:s3:::*",
        "arn:aws:logs:eu-west-1:222222222222:log-group:*",
        "arn:aws:rds:eu-west-1:222222222222:db:*",
        "arn:aws:iam::222222222222:policy/*",
    }
    assert code == 3, err


def test_when_no_account_can_be_entered_it_is_exit_2(monkeypatch) -> None:
    refused = "arn:aws:iam::222222222222:role/audit"
    _refuse_assume_role(monkeypatch, refused)
    code, _, err = run_cli("--role-arn", refused, "--regions", "eu-west-1")
    assert code == 2
    assert err == f"privacy-scan: error: cannot assume {refused}: AccessDenied"


def _retention_promises(tmp_path):
    """Promises an empty moto account keeps, so exit 1 could only come from a real failure."""
    path = tmp_path / "promises.yaml"
    path.write_text(
        "version: 1\npromises:\n"
        "  - {id: logs, control: retention-limit, params: {max_days: 90, applies_to: [logs]}}\n"
    )
    return path


def _refuse_assume_role(monkeypatch, role_arn: str) -> None:
    """AssumeRole of ``role_arn`` answers AccessDenied (as STS does when the trust policy refuses)."""
    from urllib.parse import quote

    from scanner.sources.live import session as live_session

    original = live_session.make_client
    denied = json_error("AccessDenied", 403)
    denied.raw.body = denied._content = (
        b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
        b"<Message>not trusted</Message></Error></ErrorResponse>"
    )
    denied.headers["Content-Type"] = "text/xml"

    def faulty(*args, **kwargs):
        client = original(*args, **kwargs)

        def send(request=None, **_):
            body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
            return denied if quote(role_arn, safe="") in body else None

        client.meta.events.register("before-send.sts.AssumeRole", send)
        return client

    monkeypatch.setattr(live_session, "make_client", faulty)
