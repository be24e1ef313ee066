"""The three views of one applied project side by side: verdicts per (check, promise, resource).

Code findings name Terraform addresses, live findings ARNs. The ``terraform.tfstate``
says which ARN (or id, or name) each address became, so every live finding is put under
the address Terraform gave it; live resources Terraform did not make (what AWS or moto
creates in every account, the bucket added by hand) keep their ARN.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from scanner.drift.identity import normal_type, plain_name
from scanner.drift.tfstate import TfStateEntry, load_tfstate
from scanner.pipeline import evaluate_state, load_iac_state
from scanner.promises import PromiseSet
from scanner.state import Resource, State

Verdicts = dict[tuple[str, str, str], str]  # (check id, promise id, Terraform address) -> status


def tfstate_entries(tfstate: dict) -> dict[str, TfStateEntry]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "terraform.tfstate"
        path.write_text(json.dumps(tfstate), encoding="utf-8")
        return load_tfstate(path)


def address_of(res: Resource, entries: dict[str, TfStateEntry]) -> str:
    """The Terraform address a live resource was made as, else its own address (ARN)."""
    rtype = normal_type(res.resource_type)
    names = {res.address, plain_name(res.address)}
    if res.identity is not None and isinstance(res.identity.raw, str):
        names |= {res.identity.raw, plain_name(res.identity.raw)}
    for entry in entries.values():
        if normal_type(entry.resource_type) != rtype:
            continue
        if entry.arn == res.address or names & entry.keys():
            return entry.address
    return res.address


def verdicts(state: State, promise_set: PromiseSet, rename: dict[str, str] | None = None) -> Verdicts:
    report = evaluate_state(state, promise_set)
    rename = rename or {}
    return {
        (f.check_id, f.promise_id or "", rename.get(f.resource, f.resource)): f.status.value
        for f in report.findings
    }


def live_verdicts(saved: dict, entries: dict[str, TfStateEntry], promise_set: PromiseSet) -> Verdicts:
    state = State.from_dict(saved)
    rename = {r.address: address_of(r, entries) for r in state.resources}
    return verdicts(state, promise_set, rename)


def code_verdicts(path: Path, promise_set: PromiseSet) -> Verdicts:
    return verdicts(load_iac_state([path], use_cache=False), promise_set)


def plan_state(plan: dict, workdir: Path) -> State:
    path = workdir / "plan.json"
    path.write_text(json.dumps({"format_version": plan["format_version"], **plan}), encoding="utf-8")
    return load_iac_state([path], use_cache=False)


def side_by_side(hcl: Verdicts, plan: Verdicts, live: Verdicts) -> dict[tuple[str, str, str], tuple]:
    """Every key any view has, with (hcl, plan, live) statuses where they are not all the same."""
    out = {}
    for key in sorted(set(hcl) | set(plan) | set(live)):
        triple = (hcl.get(key), plan.get(key), live.get(key))
        if len(set(triple)) > 1:
            out[key] = triple
    return out
