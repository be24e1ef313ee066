"""The recipes in docs/org-scans.md: every YAML, JSON and HCL block parses, and the index
variables and flags are wired as the text says — checked against the real command line."""

from __future__ import annotations

import functools
import json
import re
import shlex
from pathlib import Path

import hcl2
import pytest
import yaml

from scanner.commands.live_cmd import live
from scanner.commands.merge_cmd import merge
from scanner.sources.live.units import Shard, parse_shard

DOC = Path(__file__).resolve().parents[2] / "docs" / "org-scans.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def _blocks(lang: str) -> list[str]:
    return [body for kind, body in FENCE.findall(DOC.read_text()) if kind == lang]


def _params(command, args: list[str]) -> dict:
    """The options as the real click command parses them (raises on an unknown flag)."""
    return command.make_context(command.name, list(args)).params


def _privacy_scan_commands(script: str) -> list[list[str]]:
    """Each ``privacy-scan …`` invocation in a shell script, up to the next ; && or | (comments skipped)."""
    out = []
    for line in script.replace("\\\n", " ").splitlines():
        if line.lstrip().startswith("#"):
            continue
        for part in re.split(r"&&|;|\|", line):
            words = shlex.split(part)
            if words and words[0] == "privacy-scan":
                out.append(words[1:])
    return out


def test_every_shell_command_in_the_doc_parses() -> None:
    commands = [c for block in _blocks("sh") for c in _privacy_scan_commands(block)]
    assert [c[0] for c in commands] == ["live", "merge"]
    for words in commands:
        command = {"live": live, "merge": merge}[words[0]]
        _params(command, words[1:])


# -- AWS Batch -----------------------------------------------------------------------------


@functools.cache
def _batch() -> dict:
    (block,) = [b for b in _blocks("hcl") if "aws_batch_job_definition" in b]
    return _plain(hcl2.loads(block))


def _plain(value):
    """python-hcl2's output without its quoting: keys and strings unquoted, heredocs as their text."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
        heredoc = re.match(r"^<<-?(\w+)\n(.*)\n\s*\1$", value, re.S)
        return heredoc.group(2) if heredoc else value
    return value


def _resources(doc: dict, rtype: str) -> dict:
    return {
        name: body
        for r in doc["resource"]
        for t, named in r.items()
        if t == rtype
        for name, body in named.items()
    }


def _container(body: dict) -> dict:
    text = body["container_properties"]
    text = re.sub(r"\$\{[^}]*\}", "X", text.strip())  # Terraform interpolations, not JSON
    return json.loads(text)


def test_the_batch_shard_job_takes_its_index_from_the_array_and_resumes() -> None:
    doc = _batch()
    jobs = _resources(doc, "aws_batch_job_definition")
    shard = jobs["privacy_scan_shard"]
    assert shard["retry_strategy"][0]["attempts"] >= 2  # a retried child resumes its shard
    command = _container(shard)["command"]
    assert command[:2] == ["sh", "-c"]
    (scan,) = _privacy_scan_commands(command[2])
    params = _params(live, scan[1:])
    assert params["shard"] == "auto" and params["shard_count"] is None  # Batch gives the array size
    env = {"AWS_BATCH_JOB_ARRAY_INDEX": "5", "AWS_BATCH_JOB_ARRAY_SIZE": "8"}
    assert parse_shard(params["shard"], params["shard_count"], env) == Shard(5, 8)
    results = str(params["results_dir"])
    # the folder is synced down before the scan (resume) and up after it, whatever the exit code
    assert "/tmp/results/" in command[2].split("privacy-scan")[0] and results == "/tmp/results"
    assert command[2].rstrip().endswith("exit $code") and "; aws s3 sync /tmp/results/" in command[2]
    assert params["deadline"] < shard["timeout"][0]["attempt_duration_seconds"]

    merge_job = _container(jobs["privacy_scan_merge"])["command"][2]
    (merged,) = _privacy_scan_commands(merge_job)
    assert [str(f) for f in _params(merge, merged[1:])["folders"]] == [results]


def test_the_batch_job_role_allows_what_the_scan_calls() -> None:
    doc = _batch()
    documents = {n: b for x in doc["data"] for n, b in x.get("aws_iam_policy_document", {}).items()}
    policy = documents["privacy_scan_job"]
    statements = {s["sid"]: s for s in policy["statement"]}
    from scanner.sources.live.declared import ORGANIZATION_CALLS

    # every organisation call the scan may make (ListChildren: only with --include-ou/--exclude-ou)
    assert statements["ListTheOrganisation"]["actions"] == [a.action for a in ORGANIZATION_CALLS]
    command = _container(_resources(doc, "aws_batch_job_definition")["privacy_scan_shard"])["command"][2]
    role = _params(live, _privacy_scan_commands(command)[0][1:])["organization_role"]
    assert statements["EnterEveryAccount"]["actions"] == ["sts:AssumeRole"]
    assert statements["EnterEveryAccount"]["resources"] == [f"arn:aws:iam::*:role/{role}"]
    trust = documents["batch_assume"]
    assert trust["statement"][0]["principals"][0]["identifiers"] == ["ecs-tasks.amazonaws.com"]


# -- Kubernetes ------------------------------------------------------------------------------


def _k8s() -> list[dict]:
    (block,) = [b for b in _blocks("yaml") if "completionMode" in b]
    return list(yaml.safe_load_all(block))


def test_the_indexed_job_passes_its_completions_as_the_shard_count() -> None:
    scan_job, merge_job = _k8s()
    spec = scan_job["spec"]
    assert spec["completionMode"] == "Indexed"
    (container,) = spec["template"]["spec"]["containers"]
    params = _params(live, container["args"][1:])
    assert container["args"][0] == "live" and params["shard"] == "auto"
    assert params["shard_count"] == spec["completions"]
    for index in range(spec["completions"]):  # what each pod computes from JOB_COMPLETION_INDEX
        assert parse_shard("auto", params["shard_count"], {"JOB_COMPLETION_INDEX": str(index)}) == Shard(
            index, 6
        )
    mounts = [m["mountPath"] for m in container["volumeMounts"]]
    assert any(str(params["results_dir"]).startswith(m + "/") for m in mounts)

    (merger,) = merge_job["spec"]["template"]["spec"]["containers"]
    assert merger["args"][0] == "merge"
    assert [str(f) for f in _params(merge, merger["args"][1:])["folders"]] == [str(params["results_dir"])]
    claims = {
        v["persistentVolumeClaim"]["claimName"]
        for job in (scan_job, merge_job)
        for v in job["spec"]["template"]["spec"]["volumes"]
    }
    assert len(claims) == 1  # the same volume


# -- GitHub Actions --------------------------------------------------------------------------


def _workflow() -> dict:
    (block,) = [b for b in _blocks("yaml") if "strategy" in b]
    return yaml.safe_load(block)


def test_the_matrix_runs_one_shard_per_entry_and_the_merge_reads_every_artifact() -> None:
    jobs = _workflow()["jobs"]
    shards = jobs["scan"]["strategy"]["matrix"]["shard"]
    run = next(s["run"] for s in jobs["scan"]["steps"] if "privacy-scan live" in s.get("run", ""))
    assert f"--shard ${{{{ matrix.shard }}}}/{len(shards)} " in run
    for shard in shards:  # what each matrix job runs
        (scan,) = _privacy_scan_commands(run.replace("${{ matrix.shard }}", str(shard)))
        params = _params(live, scan[1:])
        assert parse_shard(params["shard"], None, {}) == Shard(shard, len(shards))
    results = str(params["results_dir"])
    upload = next(s for s in jobs["scan"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == results and upload["with"]["name"] == "results-${{ matrix.shard }}"
    assert upload["if"] == "always()"

    merge_job = jobs["merge"]
    assert merge_job["needs"] == "scan" and merge_job["if"] == "always()"
    download = next(
        s for s in merge_job["steps"] if s.get("uses", "").startswith("actions/download-artifact")
    )
    assert download["with"]["pattern"] == "results-*"
    (merged,) = _privacy_scan_commands(
        next(s["run"] for s in merge_job["steps"] if "privacy-scan merge" in s.get("run", ""))
    )
    folders = [str(f) for f in _params(merge, merged[1:])["folders"]]
    assert folders == [
        f"{download['with']['path']}/results-*"
    ]  # the shell expands it to one folder per shard


@pytest.mark.parametrize("lang", ["yaml", "hcl"])
def test_every_block_parses(lang) -> None:
    for block in _blocks(lang):
        if lang == "yaml":
            list(yaml.safe_load_all(block))
        else:
            hcl2.loads(block)
