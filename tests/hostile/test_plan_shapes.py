"""Plan JSON, tfstate and saved states of the wrong shape give one line, never a traceback (issue 13, item 5).

Rather than a few hand-picked examples, every container of a valid document is mutated in
turn (deleted, or replaced by a value of each other JSON type): the reader must either accept
the document or refuse it with its own one-line error.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from scanner.drift.tfstate import load_tfstate
from scanner.sources.terraform.errors import ConfigError
from scanner.sources.terraform.model import TfConfig
from scanner.sources.terraform.plan import load_plan
from scanner.state.model import State
from scanner.util.yamlfile import InputError
from tests.hostile.limits import assert_clean_exit, run_limited

REPLACEMENTS: list[Any] = [[], {}, "x", 7, None, True, [1, "a"], {"k": []}]
_DELETE = object()

PLAN: dict[str, Any] = {
    "format_version": "1.2",
    "variables": {"days": {"value": 30}},
    "planned_values": {
        "root_module": {
            "resources": [
                {
                    "address": "aws_cloudwatch_log_group.a",
                    "mode": "managed",
                    "type": "aws_cloudwatch_log_group",
                    "name": "a",
                    "values": {"name": "a", "retention_in_days": 30, "tags": {"k": "v"}},
                    "sensitive_values": {"tags": {}},
                }
            ],
            "child_modules": [
                {
                    "address": "module.m",
                    "resources": [
                        {
                            "address": "module.m.aws_cloudwatch_log_group.b",
                            "mode": "managed",
                            "type": "aws_cloudwatch_log_group",
                            "name": "b",
                            "index": 0,
                            "values": {"name": "b"},
                        }
                    ],
                }
            ],
        }
    },
    "resource_changes": [
        {
            "address": "aws_cloudwatch_log_group.a",
            "change": {"after_unknown": {"arn": True, "tags": {"k": False}}},
        }
    ],
    "configuration": {
        "provider_config": {
            "aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}
        },
        "root_module": {
            "resources": [
                {
                    "address": "aws_cloudwatch_log_group.a",
                    "provider_config_key": "aws",
                    "expressions": {
                        "name": {"constant_value": "a"},
                        "kms_key_id": {"references": ["aws_kms_key.k"]},
                    },
                }
            ],
            "module_calls": {"m": {"source": "./m", "module": {"resources": []}}},
        },
    },
}

TFSTATE: dict[str, Any] = {
    "version": 4,
    "resources": [
        {
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": "b",
            "module": "module.m",
            "instances": [
                {"index_key": "k", "attributes": {"id": "bkt", "arn": "arn:aws:s3:::bkt", "bucket": "bkt"}}
            ],
        }
    ],
}

SAVED_STATE: dict[str, Any] = {
    "state_version": 1,
    "origin": "live",
    "resources": [
        {
            "kind": "object_store",
            "address": "arn:aws:s3:::bkt",
            "resource_type": "aws_s3_bucket",
            "source": {"arn": "arn:aws:s3:::bkt", "region": "eu-west-1"},
            "region": {"value": "eu-west-1"},
            "identity": {"value": "bkt"},
            "attrs": {
                "encrypted": {"value": True},
                "policy": {"value": {"__unknown__": "denied", "ref": "x"}},
            },
            "evidence": [{"file": "main.tf", "line": 3}],
        }
    ],
    "errors": [{"message": "denied", "file": None}],
    "warnings": ["w"],
}


def all_mutations(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every single-point mutation of ``doc`` (at any depth), as whole documents."""
    out: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        children = (
            node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        )
        for key, value in list(children):
            here = (*path, key)
            for new in [_DELETE, *REPLACEMENTS]:
                if new is not _DELETE and type(new) is type(value) and new == value:
                    continue
                mutated = copy.deepcopy(doc)
                parent = mutated
                for step in path:
                    parent = parent[step]
                if new is _DELETE:
                    del parent[key]
                else:
                    parent[key] = copy.deepcopy(new)
                label = "/".join(map(str, here)) + "=" + ("<deleted>" if new is _DELETE else json.dumps(new))
                out.append((label, mutated))
            walk(value, here)

    walk(doc, ())
    return out


PLAN_MUTATIONS = all_mutations(PLAN)
TFSTATE_MUTATIONS = all_mutations(TFSTATE)
STATE_MUTATIONS = all_mutations(SAVED_STATE)


def test_there_are_enough_mutations():
    assert len(PLAN_MUTATIONS) > 300 and len(TFSTATE_MUTATIONS) > 80 and len(STATE_MUTATIONS) > 150


def test_every_plan_mutation_is_read_or_refused_in_one_line(tmp_path):
    path = tmp_path / "plan.json"
    accepted = refused = 0
    for label, doc in PLAN_MUTATIONS:
        path.write_text(json.dumps(doc))
        try:
            result = load_plan(path, env={"PRIVACY_SCAN_CACHE_DIR": str(tmp_path / "c")}, use_cache=False)
        except ConfigError as exc:
            assert "\n" not in exc.message and str(path) in exc.message, (label, exc.message)
            refused += 1
            continue
        except Exception as exc:  # noqa: BLE001 - the point: nothing else may escape
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
        assert isinstance(result, TfConfig), label
        accepted += 1
    assert accepted and refused  # both outcomes occur: the table covers the class


@pytest.mark.parametrize(
    "label",
    [
        "planned_values=[]",
        'planned_values/root_module="x"',
        "planned_values/root_module/resources/0=7",
        "resource_changes/0/change=[]",
        "configuration/provider_config/aws=[]",
        'variables/days="x"',
    ],
)
def test_plan_of_the_wrong_shape_on_the_command_line(tmp_path, label):
    doc = dict(PLAN_MUTATIONS)[label]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    result = run_limited(["iac", str(path), "--format", "json", "--no-cache"], cwd=tmp_path)
    assert_clean_exit(result, allowed=(1, 2, 3))
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "not a JSON plan of the expected shape" in result.stderr
    else:  # a defect of one resource (or none that matters): the others are still judged
        data = json.loads(result.stdout)
        assert any(f["resource"] == "module.m.aws_cloudwatch_log_group.b" for f in data["findings"])
        if label.startswith("planned_values/root_module/resources/0="):
            assert any(
                "not read: a planned resource is not an object" in e["message"] for e in data["errors"]
            )


def test_every_tfstate_mutation_is_read_or_refused_in_one_line(tmp_path):
    path = tmp_path / "terraform.tfstate"
    for label, doc in TFSTATE_MUTATIONS:
        path.write_text(json.dumps(doc))
        try:
            load_tfstate(path)
        except InputError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc), (label, exc)
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")


def test_every_saved_state_mutation_is_read_or_refused(tmp_path):
    for label, doc in STATE_MUTATIONS:
        try:
            State.from_dict(doc)
        except ValueError as exc:
            assert "\n" not in str(exc), (label, exc)
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")


@pytest.mark.parametrize("version", [99, 0, "1", True, None, 1.5])
def test_a_saved_state_of_another_version_is_refused(tmp_path, version):
    doc = {**SAVED_STATE, "state_version": version}
    with pytest.raises(ValueError, match="unsupported state_version"):
        State.from_dict(doc)
    path = tmp_path / "state.json"
    path.write_text(json.dumps(doc))
    result = run_limited(["live", "--from-state", str(path)], cwd=tmp_path)
    assert_clean_exit(result, allowed=(2,))
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "unsupported state_version" in result.stderr


def test_a_deep_saved_state_is_refused(tmp_path):
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    doc = copy.deepcopy(SAVED_STATE)
    doc["resources"][0]["attrs"]["encrypted"] = {"value": deep}
    with pytest.raises(ValueError, match="nested too deeply"):
        State.from_dict(doc)


def test_a_deep_plan_is_refused(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"format_version": "1.2", "planned_values": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(ConfigError):
        load_plan(path, env={"PRIVACY_SCAN_CACHE_DIR": str(tmp_path / "c")}, use_cache=False)


def test_labels_are_unique():
    assert len({label for label, _ in PLAN_MUTATIONS}) == len(PLAN_MUTATIONS)
