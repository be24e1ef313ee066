"""A collector that crashes, a scan that outlives its deadline, and Ctrl-C: what is missing is unknown,
and nothing waits for calls already sent.

Hanging endpoints are local sockets on 127.0.0.1 (``tests.live.servers``) that accept and
never answer; botocore reaches them through its service-specific endpoint variables while
moto answers every other service.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from tests.live.conftest import ROOT, aws, moto_endpoint  # noqa: F401 - the moto fixtures
from tests.live.servers import Silent

pytestmark = pytest.mark.usefixtures("aws")  # an empty moto account behind every test


def _bucket(name: str) -> None:
    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )


def _scan(**options):
    from scanner.sources.live.collect import LiveOptions, collect_live
    from scanner.sources.live.session import ClientSettings

    settings = options.pop("settings", ClientSettings(max_attempts=1))
    return collect_live(LiveOptions(regions=["eu-west-1"], progress=False, settings=settings, **options))


@pytest.mark.parametrize("where", ["listing", "per-item task"])
def test_a_collector_that_crashes_makes_the_checks_it_feeds_unknown(monkeypatch, where) -> None:
    from scanner.sources.live import dynamodb

    _bucket("still-read")
    boto3.client("dynamodb", region_name="eu-west-1").create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    def boom(*_, **__):
        raise KeyError("SSEDescription")

    if where == "listing":
        monkeypatch.setattr(dynamodb.DynamoDb, "collect", boom)
    else:
        monkeypatch.setattr(dynamodb, "table", boom)  # the per-table task the listing spawns
    state = _scan(services=["dynamodb", "s3"])
    by_arn = {r.address: r for r in state.resources}
    reason = "collector dynamodb failed in eu-west-1: KeyError: 'SSEDescription'"
    tables = by_arn["arn:aws:dynamodb:eu-west-1:123456789012:table/*"]
    assert tables.get("encrypted").raw.reason == reason
    assert tables.get("backup_retention_days").raw.reason == reason
    assert "arn:aws:dynamodb:eu-west-1:123456789012:table/orders" not in by_arn
    assert by_arn["arn:aws:s3:::still-read"].get("versioning").raw is False
    assert [e.message for e in state.errors] == [f"account 123456789012, eu-west-1: {reason}"]


def test_the_deadline_makes_what_is_missing_unknown_and_the_rest_is_kept(monkeypatch) -> None:
    from scanner.sources.live.session import ClientSettings

    _bucket("read-in-time")
    with Silent() as hung:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", hung.url)
        started = time.monotonic()
        state = _scan(
            services=["logs", "s3"], deadline=3, settings=ClientSettings(max_attempts=5, call_timeout=60)
        )
        took = time.monotonic() - started
        assert hung.connections == 1
    assert took < 20  # not 5 attempts x 60 s
    by_arn = {r.address: r for r in state.resources}
    logs = by_arn["arn:aws:logs:eu-west-1:123456789012:log-group:*"]
    assert logs.get("retention_days").raw.reason == (
        "deadline of 3 s reached: logs in eu-west-1 was not finished"
    )
    assert by_arn["arn:aws:s3:::read-in-time"].get("versioning").raw is False
    assert [e.message for e in state.errors] == [
        "deadline of 3 s reached: 1 collector(s) not finished, their checks are unknown "
        "(123456789012 eu-west-1 logs)"
    ]


def test_calls_not_yet_made_at_the_deadline_are_skipped() -> None:
    from scanner.sources.live.base import Scan
    from scanner.sources.live.logs import Logs
    from scanner.sources.live.pool import Clock
    from scanner.sources.live.session import ClientSettings, open_accounts

    account = open_accounts(None, [], None, "eu-west-1", ClientSettings())[0]
    clock = Clock(60)
    clock.stop("deadline of 60 s reached")
    result = Scan(account, "eu-west-1", Logs(), clock).pages("DescribeLogGroups", "logGroups")
    assert result.error is not None
    assert (
        result.error.reason
        == "logs:DescribeLogGroups not called: deadline reached (deadline of 60 s reached)"
    )
    assert account.calls == {}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_scan_stops_at_once_while_calls_hang(sig) -> None:
    """Every service but STS hangs; the signal comes while the workers wait on their sockets."""
    moto = os.environ["AWS_ENDPOINT_URL"]  # set by the aws fixture
    with Silent() as hung:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "AWS_ENDPOINT_URL": hung.url,
            "AWS_ENDPOINT_URL_STS": moto,
        }
        args = ["live", "--regions", "eu-west-1", "--call-timeout", "60", "--max-attempts", "5"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "scanner", *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            waited = time.monotonic()
            while hung.connections < 4 and time.monotonic() - waited < 60:
                time.sleep(0.1)
            assert hung.connections >= 4, "the scan never reached the hanging endpoint"
            time.sleep(0.3)
            sent = time.monotonic()
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=15)
            stopped = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert stopped < 5, f"took {stopped:.1f} s to stop"
    assert proc.returncode != 0
    assert "Traceback" not in err


def test_save_state_is_atomic_and_a_foreign_state_is_one_line(tmp_path, monkeypatch) -> None:
    from scanner.commands import live_cmd
    from scanner.state import State
    from scanner.util.yamlfile import InputError

    saved = tmp_path / "state.json"
    saved.write_text("the previous state\n")

    def killed(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", killed)  # the last step of an atomic write
    with pytest.raises(InputError, match="No space left on device"):
        live_cmd.write_state(State(origin="live"), saved)
    monkeypatch.undo()
    assert saved.read_text() == "the previous state\n"  # never half-written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]  # no temporary left

    live_cmd.write_state(State(origin="live"), saved)
    assert live_cmd.load_state(saved).origin == "live"
    for content in (
        '{"version": 99, "resources": []}',
        '{"state_version": 99}',
        '{"state_version": 1, "resources": 5}',
    ):
        saved.write_text(content)
        with pytest.raises(InputError, match="is not a saved state") as caught:
            live_cmd.load_state(saved)
        assert "\n" not in str(caught.value)
    with pytest.raises(InputError, match="not a regular file"):
        live_cmd.load_state(Path("/dev/zero"))
