"""Class B of the corpus review: a Cloud Posse module switched off through the null label.

fixtures/terraform/label-disabled asserts the verdicts (one queue on, three switched off in the
ways the cloudposse examples use); these pin the contract's limits underneath.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.sources.terraform.known_modules import is_known_label
from scanner.sources.terraform.loader import load_config
from scanner.state.value import Unknown

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "label-disabled"


@pytest.mark.parametrize(
    ("source", "version", "known"),
    [
        ("cloudposse/label/null", "0.25.0", True),
        ("registry.terraform.io/cloudposse/label/null", "~> 0.24", True),
        ("cloudposse/label/null", None, True),
        ("cloudposse/label/null", "0.21.0", False),  # before context: not the modelled contract
        ("cloudposse/label/null", "1.0.0", False),
        ("cloudposse/label/null", ">= 0.22, < 2.0", False),
        ("cloudposse/label/null", "latest", False),
        ("someone/label/null", "0.25.0", False),
    ],
)
def test_only_the_modelled_module_and_versions(source: str, version: str | None, known: bool) -> None:
    assert is_known_label(source, version) is known


def test_other_outputs_stay_unknown_and_name_what_decides_them() -> None:
    config = load_config([FOLDER], [], {}, env={}, use_cache=False)
    queues = {b.address: b for b in config.blocks if b.type == "aws_sqs_queue"}
    assert sorted(queues) == ["module.on.aws_sqs_queue.this[0]"]
    name = queues["module.on.aws_sqs_queue.this[0]"].attrs["name"]
    assert isinstance(name, Unknown)
    assert name.reason == (
        "depends on module.on.module.this (registry module cloudposse/label/null not on disk: run terraform init)"
    )


def test_a_label_that_terraform_init_put_on_disk_is_evaluated_instead(tmp_path: Path) -> None:
    """The manifest terraform init writes is followed: the module's own code decides, not the model."""
    label = tmp_path / ".terraform" / "modules" / "this"
    label.mkdir(parents=True)
    # A label whose own code says disabled whatever its inputs: the model (enabled by default)
    # would say the opposite, so the queue's absence shows the real code was read.
    (label / "main.tf").write_text(
        'variable "enabled" {\n  default = null\n}\noutput "enabled" {\n  value = false\n}\n'
    )
    manifest = {
        "Modules": [{"Key": "", "Source": "", "Dir": "."}, {"Key": "this", "Dir": ".terraform/modules/this"}]
    }
    (tmp_path / ".terraform" / "modules" / "modules.json").write_text(json.dumps(manifest))
    (tmp_path / "main.tf").write_text(
        'module "this" {\n  source  = "cloudposse/label/null"\n  version = "0.25.0"\n}\n'
        'resource "aws_sqs_queue" "q" {\n  count = module.this.enabled ? 1 : 0\n  name  = "q"\n}\n'
    )
    config = load_config([tmp_path], [], {}, env={}, use_cache=False)
    assert [b.address for b in config.blocks if b.type == "aws_sqs_queue"] == []
    (label / "main.tf").write_text(
        'variable "enabled" {\n  default = null\n}\noutput "enabled" {\n  value = true\n}\n'
    )
    config = load_config([tmp_path], [], {}, env={}, use_cache=False)
    assert [b.address for b in config.blocks if b.type == "aws_sqs_queue"] == ["aws_sqs_queue.q[0]"]
