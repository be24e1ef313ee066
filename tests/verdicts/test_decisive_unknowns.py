"""Classes A3, M1 and M2 of the 2026 review: an unknown decides only what it can change, and is named.

fixtures/terraform/decisive-unknowns and caller-providers assert the exact verdicts (through
tests/test_scenarios.py); these pin the messages and the rules underneath.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine.predicates.policy import admin_statements, public_statements
from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.loader import load_config
from scanner.state import Source, Unknown

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "terraform"
OWN_ARN = Unknown("aws_sns_topic.t.arn is known only after apply", ref="aws_sns_topic.t")
QUEUE = Unknown("module sqs is not on disk; run terraform init", ref="module.sqs")


@pytest.fixture(scope="module")
def decisive() -> dict[tuple[str, str], tuple[str, str]]:
    folder = FIXTURES / "decisive-unknowns"
    report = scan_iac([folder], load_promises_file(folder / "promises.yaml"), use_cache=False)
    return {(f.check_id, f.resource): (f.status.value, f.message) for f in report.findings}


def test_a_heredoc_whose_unknowns_are_one_resources_ids_is_read(decisive) -> None:
    """A3: random_pet's id in every Resource; only literal s3: actions, so no '*:*'."""
    assert decisive[("aws-iam-policy-not-admin", "aws_iam_policy.replication")] == (
        "pass",
        "IAM identity policy does not grant every action, directly or by self-escalation "
        "(document grants no '*:*' and no way to grant itself more)",
    )
    status, message = decisive[("aws-iam-policy-not-admin", "aws_iam_policy.everything")]
    assert status == "fail"
    assert message.endswith("document allows every action on every resource (statement 0)")


def test_a_variable_in_the_heredoc_still_leaves_it_unknown(decisive) -> None:
    status, message = decisive[("aws-iam-policy-not-admin", "aws_iam_policy.variable_action")]
    assert status == "unknown"
    assert message.endswith(
        "document is unknown: variable action has no value; pass it with --var or --var-file"
    )


def test_the_message_names_the_condition_that_decides_not_the_own_arn(decisive) -> None:
    """M1: the subscribe condition on a module not on disk decides; the topic's ARN cannot."""
    status, message = decisive[("aws-sns-policy-restricted", "aws_sns_topic.alerts")]
    assert status == "unknown"
    assert message.endswith(
        "policy has unknown parts: module sqs (source terraform-aws-modules/sqs/aws) is not on disk; "
        "run terraform init"
    )


def test_deciding_unknowns_in_hand_built_statements() -> None:
    sub = {
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Resource": [OWN_ARN],
        "Condition": {"StringLike": {"sns:Endpoint": [QUEUE]}},
    }
    assert public_statements({"Statement": [sub]}) == ([], QUEUE)
    variable = Unknown("variable principal has no value")
    open_ = {"Effect": "Allow", "Principal": {"AWS": [variable]}, "Resource": [OWN_ARN]}
    assert public_statements({"Statement": [open_]})[1] is variable
    action = Unknown("variable action has no value")
    admin = {"Effect": "Allow", "Action": [action], "Resource": ["*", OWN_ARN]}
    assert admin_statements({"Statement": [admin]}) == ([], action)
    # a literal action list decides whatever the Resource is
    assert admin_statements({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": variable}]}) == (
        [],
        None,
    )


def test_several_unknowns_of_one_resource_keep_the_template_shape() -> None:
    src = Source(file="main.tf", line=1)
    text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["a-${}", "b-${}/*"]}]}'
    value = policy_value(
        Unknown("random_pet.p.id is known only after apply", ref="random_pet.p", shape=text), src
    )
    first, second = value.raw["Statement"][0]["Resource"]
    assert (first.shape, second.shape) == ("a-${}", "b-${}/*") and first.ref == second.ref == "random_pet.p"


def _write(folder: Path, body: str) -> Path:
    folder.mkdir()
    (folder / "main.tf").write_text(body)
    return folder


def test_parts_from_different_references_stay_one_unknown(tmp_path: Path) -> None:
    """An Unknown carries one ref: mixing two resources' ids must not pass one off as the other."""
    folder = _write(
        tmp_path / "mixed",
        'resource "random_pet" "p" {}\nresource "random_id" "i" {\n  byte_length = 4\n}\n'
        'resource "aws_iam_policy" "x" {\n  policy = "{\\"Resource\\": [\\"${random_pet.p.id}\\", '
        '\\"${random_id.i.hex}\\"]}"\n}\n',
    )
    config = load_config([folder], [], {}, env={}, use_cache=False)
    (policy,) = [b.attrs["policy"] for b in config.blocks if b.type == "aws_iam_policy"]
    assert isinstance(policy, Unknown) and policy.shape is None


def test_caller_providers_name_the_calling_configuration_even_with_aws_region_set() -> None:
    """M2: AWS_REGION would give every per-region module the same region; it is not used."""
    folder = FIXTURES / "caller-providers"
    config = load_config([folder], [], {}, env={"AWS_REGION": "eu-west-1"}, use_cache=False)
    regions = {b.address: b.region for b in config.blocks if b.type == "aws_s3_bucket"}
    assert sorted(regions) == ["module.copy.aws_s3_bucket.this", "module.primary.aws_s3_bucket.this"]
    assert regions["module.copy.aws_s3_bucket.this"].reason == (
        "provider aws.copy is passed in by the configuration that calls this module "
        "(configuration_aliases in required_providers), which sets its region; scan a root that calls it"
    )


def test_a_root_without_any_provider_block_says_both_readings(tmp_path: Path) -> None:
    folder = _write(tmp_path / "module", 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    (block,) = load_config([folder], [], {}, env={}, use_cache=False).blocks
    assert block.region.reason == (
        'no provider "aws" block sets a region: a module meant to be called gets its provider, and '
        "region, from the configuration that calls it (scan that root); for a root configuration, set "
        "AWS_REGION or region in a provider block"
    )
    assert load_config([folder], [], {}, env={"AWS_REGION": "eu-west-1"}, use_cache=False).blocks[
        0
    ].region == ("eu-west-1")
    # a provider block without region keeps the plain advice
    (folder / "p.tf").write_text('provider "aws" {}\n')
    (block,) = load_config([folder], [], {}, env={}, use_cache=False).blocks
    assert (
        block.region.reason == "no region set in provider aws; set AWS_REGION or region in the provider block"
    )
