"""Accounts and scope: one account per --role-arn (assumed with a session name and external id), regions, progress."""

from __future__ import annotations

import io
import json

import boto3

from .conftest import run_cli


def _assume(account: str) -> boto3.Session:
    creds = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/setup", RoleSessionName="setup"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="eu-west-1",
    )


def test_one_account_per_role_and_findings_name_their_account(aws, tmp_path) -> None:
    _assume("111111111111").client("logs").create_log_group(logGroupName="in-first-account")
    _assume("222222222222").client("logs").create_log_group(logGroupName="in-second-account")
    state = tmp_path / "state.json"
    code, out, err = run_cli(
        "--regions",
        "eu-west-1",
        "--role-arn",
        "arn:aws:iam::111111111111:role/privacy-scan",
        "--role-arn",
        "arn:aws:iam::222222222222:role/privacy-scan",
        "--external-id",
        "shared-secret",
        "--services",
        "logs",  # what the test reads: one collector keeps the two accounts' scans short
        "--format",
        "json",
        "--max-attempts",
        "2",
        "--save-state",
        str(state),
    )
    assert out, err
    groups = {
        f["resource"]: f["account"]
        for f in json.loads(out)["findings"]
        if f["resource_type"] == "aws_cloudwatch_log_group"
    }
    assert groups == {
        "arn:aws:logs:eu-west-1:111111111111:log-group:in-first-account": "111111111111",
        "arn:aws:logs:eu-west-1:222222222222:log-group:in-second-account": "222222222222",
    }
    saved = state.read_text()
    assert "SessionToken" not in saved and "AccessKeyId" not in saved


def test_assume_role_uses_the_session_name_and_external_id(aws, monkeypatch) -> None:
    from scanner.sources.live import session as live_session

    seen: list[dict] = []
    original = live_session.make_client

    def recording(*args, **kwargs):
        client = original(*args, **kwargs)
        client.meta.events.register(
            "provide-client-params.sts.AssumeRole", lambda params, **_: seen.append(dict(params))
        )
        return client

    monkeypatch.setattr(live_session, "make_client", recording)
    live_session.open_accounts(
        None, ["arn:aws:iam::111111111111:role/scan"], "ext-42", "eu-west-1", live_session.ClientSettings()
    )
    assert seen and seen[0]["RoleSessionName"] == "privacy-scan" and seen[0]["ExternalId"] == "ext-42"


def test_regions_all_means_the_enabled_regions(aws) -> None:
    from scanner.sources.live import scope
    from scanner.sources.live.session import ClientSettings, open_accounts

    account = open_accounts(None, [], None, "eu-west-1", ClientSettings())[0]
    regions = scope.enabled_regions(account)
    assert "eu-west-1" in regions and "us-east-1" in regions
    assert scope.parse_regions("all") is None
    assert scope.parse_regions("eu-west-1, eu-west-1,us-east-1") == ["eu-west-1", "us-east-1"]


def test_global_services_are_collected_once(aws, tmp_path) -> None:
    from scanner.sources.live.collect import LiveOptions, LiveStats, collect_live

    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="once-only", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    stats = LiveStats()
    state = collect_live(
        LiveOptions(
            regions=["eu-west-1", "eu-central-1", "us-east-1"], progress=False, services=["s3", "logs"]
        ),
        stats,
    )
    assert [r.address for r in state.resources].count("arn:aws:s3:::once-only") == 1
    assert stats.calls["s3:ListAllMyBuckets"] == 1
    assert stats.calls["logs:DescribeLogGroups"] == 3


def test_progress_is_drawn_for_terminals_only() -> None:
    from scanner.sources.live.progress import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Tty()
    progress = Progress(stream=shown, enabled=True)
    progress.add(2)
    progress.step("eu-west-1 s3")
    progress.step("eu-west-1 rds", failed=True)
    progress.close()
    assert "collecting 2/2" in shown.getvalue() and "1 with errors" in shown.getvalue()
    quiet = io.StringIO()  # not a terminal (CI, pipes): nothing at all
    silent = Progress(stream=quiet)
    silent.add()
    silent.step("x")
    silent.close()
    assert quiet.getvalue() == ""


def test_from_state_rejects_what_is_not_a_saved_state(tmp_path) -> None:
    bad = tmp_path / "state.json"
    bad.write_text('{"state_version": 99}')
    code, _, err = run_cli("--from-state", str(bad))
    assert code == 2 and "not a saved state" in err
    code, _, err = run_cli("--from-state", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err
