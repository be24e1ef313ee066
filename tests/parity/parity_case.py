"""One parity case and its check: the same configuration as Terraform and as AWS answers it.

A case is Terraform (HCL in ``tmp_path``) plus either the boto3 calls that make the same thing
in an empty moto account or, where moto does not serve an API, AWS's answers recorded for
botocore's Stubber. The collector's resource must carry every attribute the adapter's does,
with the same value; the only exceptions are listed per case in ``aws_fills`` with the reason
(values AWS fills in when the code leaves them out, or that only a live scan can read, which
drift already treats as no change).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from scanner.drift.values import normalise
from scanner.pipeline import load_iac_state
from scanner.state import Resource, first_unknown

from .live_run import ACCOUNT, REGION, recorded_account, run_collectors

ROLE = f"arn:aws:iam::{ACCOUNT}:role/service"
AWS_KEY = "AWS names its own key (aws/<service>) where the code names none"
RECORDED_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0f9a8b7c-1d2e-4f30-8a9b-0c1d2e3f4a5b"


@dataclass
class Case:
    id: str
    collectors: set[str]
    resource_type: str
    hcl: str  # Terraform, formatted with {key} = a customer-managed key's ARN in the account
    build: Callable[[Callable[[str], Any], str], None] | None  # (client factory, key ARN) on moto
    aws_fills: dict[str, str] = field(default_factory=dict)
    recorded: Callable[[str], list[dict[str, Any]]] | None = None  # AWS's answers, where moto has none


def client(service: str) -> Any:
    """A boto3 client in the test region (pointed at moto by the ``aws`` fixture's environment)."""
    return boto3.client(service, region_name=REGION)


def _iac(tmp_path: Path, hcl: str, resource_type: str) -> Resource:
    (tmp_path / "main.tf").write_text(f'provider "aws" {{\n  region = "{REGION}"\n}}\n\n{hcl}\n')
    state = load_iac_state([tmp_path], use_cache=False)
    assert not state.errors, state.errors
    found = [r for r in state.resources if r.resource_type == resource_type]
    assert len(found) == 1, [r.address for r in state.resources]
    return found[0]


def _comparable(res: Resource, attr: str) -> Any:
    value = res.attrs[attr]
    unknown = first_unknown(value.raw)
    if unknown is not None:
        return ("unknown", unknown.reason)
    return json.dumps(normalise(res.kind, attr, value.raw), sort_keys=True, default=str)


def assert_same_state(case: Case, tmp_path: Path) -> None:
    """Build the case on both sides and assert identical kind, subkind, region and attributes."""
    if case.recorded is not None:
        key = RECORDED_KEY
        live, account = run_collectors(case.collectors, recorded_account(case.recorded(key)))
    else:
        assert case.build is not None
        key = client("kms").create_key(Description="cmk")["KeyMetadata"]["Arn"]
        case.build(client, key)
        live, account = run_collectors(case.collectors)
    code = _iac(tmp_path, case.hcl.format(key=key), case.resource_type)
    assert account.errors == [], account.errors
    found = [r for r in live if r.resource_type == case.resource_type]
    if len(found) > 1 and code.identity is not None:  # the case made others of its type too
        found = [r for r in found if r.identity is not None and r.identity.raw == code.identity.raw]
    assert len(found) == 1, [r.address for r in live]
    cloud = found[0]
    assert (cloud.kind, cloud.subkind) == (code.kind, code.subkind), (cloud.kind, cloud.subkind, code.subkind)
    assert cloud.region.raw == code.region.raw, (cloud.region.raw, code.region.raw)
    only_code = set(code.attrs) - set(cloud.attrs) - set(case.aws_fills)
    only_cloud = set(cloud.attrs) - set(code.attrs) - set(case.aws_fills)
    assert (only_code, only_cloud) == (set(), set()), (
        f"attributes only in code, only in cloud: {only_code}, {only_cloud}"
    )
    differences = {
        attr: (_comparable(code, attr), _comparable(cloud, attr))
        for attr in sorted(set(code.attrs) & set(cloud.attrs))
        if attr not in case.aws_fills and _comparable(code, attr) != _comparable(cloud, attr)
    }
    assert differences == {}, f"attribute: (code, cloud): {differences}"
