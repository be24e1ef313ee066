"""--include-ou / --exclude-ou on moto: a nested OU tree, accounts at every depth.

The organisation is made by its own management account (an account no other test uses),
so this module needs no reset of the shared moto server and runs in any order or worker.
Selection runs in-process (``organization_targets``); one in-process CLI scan checks the
flags are wired to it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import boto3
import pytest

from scanner.sources.live.errors import UsageError
from scanner.sources.live.session import ClientSettings
from scanner.sources.live.targets import organization_targets
from tests.live.conftest import run_cli

from .organization import EU, ROLE, US, session

MANAGEMENT = "210987654321"
SETTINGS = ClientSettings(max_attempts=2, rate_limit=None)


@pytest.fixture(scope="module")
def tree(moto_endpoint: str) -> dict[str, Any]:
    """root ─ mgmt, loose; prod ─ p1, eu ─ data ─ p2; sandbox ─ s1; empty (no account)."""
    creds = boto3.client("sts", region_name=US).assume_role(
        RoleArn=f"arn:aws:iam::{MANAGEMENT}:role/setup", RoleSessionName="setup"
    )["Credentials"]
    env = {
        "AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
        "AWS_SESSION_TOKEN": creds["SessionToken"],
    }
    org = boto3.client("organizations", region_name=US, **{k.lower(): v for k, v in env.items()})
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]

    def unit(name: str, parent: str) -> str:
        return org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]

    def account(name: str, parent: str) -> str:
        found = org.create_account(Email=f"{name}@ou.example.org", AccountName=name)
        account_id = found["CreateAccountStatus"]["AccountId"]
        if parent != root:
            org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=parent)
        return account_id

    ous = {"root": root, "prod": unit("prod", root), "sandbox": unit("sandbox", root)}
    ous["eu"] = unit("eu", ous["prod"])
    ous["data"] = unit("data", ous["eu"])
    ous["empty"] = unit("empty", ous["sandbox"])
    ids = {
        "mgmt": MANAGEMENT,
        "loose": account("loose", root),
        "p1": account("p1", ous["prod"]),
        "p2": account("p2", ous["data"]),
        "s1": account("s1", ous["sandbox"]),
    }
    for account_id in ids.values():  # one log group each: the scan's findings name the accounts it entered
        session(account_id).client("logs", region_name=EU).create_log_group(logGroupName="/ou-test")
    return {"env": env, "ous": ous, "ids": ids}


def _chosen(tree: dict, monkeypatch, include: list[str], exclude: list[str] = ()) -> tuple[set[str], list]:
    for key, value in tree["env"].items():
        monkeypatch.setenv(key, value)
    ous = tree["ous"]
    found = organization_targets(
        None, ROLE, [], [], "eu-west-1", SETTINGS, [ous[n] for n in include], [ous[n] for n in exclude]
    )
    names = {v: k for k, v in tree["ids"].items()}
    return {names[arn.split(":")[4]] for arn in found.role_arns}, found.warnings


def test_include_ou_takes_accounts_at_any_depth(tree, monkeypatch) -> None:
    assert _chosen(tree, monkeypatch, ["prod"])[0] == {"p1", "p2"}  # p2 is three levels down
    assert _chosen(tree, monkeypatch, ["data", "sandbox"])[0] == {"p2", "s1"}
    assert _chosen(tree, monkeypatch, ["root"])[0] == {"mgmt", "loose", "p1", "p2", "s1"}


def test_exclude_ou_leaves_out_a_subtree(tree, monkeypatch) -> None:
    assert _chosen(tree, monkeypatch, [], ["prod"])[0] == {"mgmt", "loose", "s1"}
    assert _chosen(tree, monkeypatch, ["prod"], ["eu"])[0] == {"p1"}
    assert _chosen(tree, monkeypatch, ["root"], ["sandbox", "data"])[0] == {"mgmt", "loose", "p1"}


def test_an_ou_without_accounts_is_named_and_one_that_does_not_exist_is_an_error(tree, monkeypatch) -> None:
    chosen, warnings = _chosen(tree, monkeypatch, ["prod", "empty"])
    assert chosen == {"p1", "p2"}
    assert f"--include-ou {tree['ous']['empty']} holds no account" in warnings
    tree["ous"]["ghost"] = "ou-zzzz-zzzzzzzz"
    with pytest.raises(UsageError) as err:
        _chosen(tree, monkeypatch, ["ghost"])
    assert str(err.value) == "--include-ou ou-zzzz-zzzzzzzz: no such organizational unit in this organisation"
    with pytest.raises(UsageError, match="no active account of the organisation is left to scan"):
        _chosen(tree, monkeypatch, ["empty"])


def test_the_walk_is_two_list_children_calls_per_ou_below(tree, monkeypatch) -> None:
    """prod, eu and data: three OUs, each asked once for its accounts and once for its OUs."""
    from scanner.sources.live import organization

    calls: Counter = Counter()
    real = organization._children

    def counted(client, parent, kind, flag):
        calls[(parent, kind)] += 1
        return real(client, parent, kind, flag)

    monkeypatch.setattr(organization, "_children", counted)
    _chosen(tree, monkeypatch, ["prod"])
    ous = tree["ous"]
    assert calls == Counter(
        {(ous[n], kind): 1 for n in ("prod", "eu", "data") for kind in ("ACCOUNT", "ORGANIZATIONAL_UNIT")}
    )


def test_the_flags_reach_the_scan(tree, monkeypatch) -> None:
    for key, value in tree["env"].items():
        monkeypatch.setenv(key, value)
    ous = tree["ous"]
    code, out, err = run_cli(
        "--organization-role", ROLE, "--include-ou", ous["prod"], "--exclude-ou", ous["data"],
        "--regions", EU, "--services", "logs", "--max-attempts", "2", "--format", "json",
    )  # fmt: skip
    assert code == 1, err  # the log group is kept forever
    scanned = {f["account"] for f in json.loads(out)["findings"]}
    assert scanned == {tree["ids"]["p1"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--include-ou", "ou-1234-abcdefgh"], "filter --organization-role's accounts"),
        (
            ["--organization-role", ROLE, "--exclude-ou", "prod"],
            "--exclude-ou 'prod': expected an organizational unit id",
        ),
    ],
)
def test_ou_filters_usage_errors(moto_endpoint, args, message) -> None:
    code, _, err = run_cli(*args, "--regions", "eu-west-1")
    assert code == 2 and message in err and "Traceback" not in err
