"""Plan JSON (terraform show -json) against the HCL of the same project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.sources.terraform.errors import ConfigError
from scanner.sources.terraform.loader import load_config
from scanner.sources.terraform.plan import is_plan_file, load_plan
from scanner.state.value import Unknown

PLANS = Path("fixtures/plan")
# Attributes the configuration sets on each type: plan and HCL must agree on them.
KEY_ATTRS = {
    "aws_cloudwatch_log_group": ["name", "retention_in_days"],
    "aws_sqs_queue": ["name", "message_retention_seconds", "sqs_managed_sse_enabled"],
    "aws_s3_bucket": ["bucket"],
    "aws_s3_bucket_public_access_block": [
        "bucket",
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ],
    "aws_s3_bucket_server_side_encryption_configuration": ["bucket"],
    "aws_s3_bucket_lifecycle_configuration": ["bucket"],
}


def test_is_plan_file(tmp_path):
    assert is_plan_file(PLANS / "simple" / "plan.json")
    assert not is_plan_file(PLANS / "simple" / "main.tf")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"Version": "2012-10-17"}))
    assert not is_plan_file(other)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": ')
    assert not is_plan_file(broken)


@pytest.mark.parametrize("project", ["simple", "modules"])
def test_plan_matches_hcl(project, cache_root):
    env = {"PRIVACY_SCAN_CACHE_DIR": str(cache_root)}
    plan = load_plan(PLANS / project / "plan.json", env=env).by_address()
    hcl = load_config([PLANS / project], env=env).by_address()
    assert sorted(plan) == sorted(hcl)
    for address, block in plan.items():
        twin = hcl[address]
        assert (block.type, block.name, block.mode, block.module, block.index) == (
            twin.type,
            twin.name,
            twin.mode,
            twin.module,
            twin.index,
        )
        assert (block.file, block.line, block.region) == (twin.file, twin.line, twin.region)
        assert block.lines == twin.lines
        for attr in KEY_ATTRS[block.type]:
            assert block.attrs[attr] == twin.attrs[attr], (address, attr)


def test_plan_modules_values_and_unknowns():
    plan = load_plan(PLANS / "modules" / "plan.json").by_address()
    assert list(plan) == [
        "aws_cloudwatch_log_group.shard[0]",
        "aws_cloudwatch_log_group.shard[1]",
        "aws_s3_bucket.root",
        "aws_s3_bucket_public_access_block.root",
        "module.replica.aws_s3_bucket.this",
        "module.replica.aws_s3_bucket_lifecycle_configuration.this",
        "module.replica.aws_s3_bucket_server_side_encryption_configuration.this",
        'module.store["media"].aws_s3_bucket.this',
        'module.store["media"].aws_s3_bucket_lifecycle_configuration.this',
        'module.store["media"].aws_s3_bucket_server_side_encryption_configuration.this',
        'module.store["uploads"].aws_s3_bucket.this',
        'module.store["uploads"].aws_s3_bucket_lifecycle_configuration.this',
        'module.store["uploads"].aws_s3_bucket_server_side_encryption_configuration.this',
    ]
    assert plan["aws_cloudwatch_log_group.shard[1]"].index == 1
    assert plan["aws_s3_bucket_public_access_block.root"].attrs["bucket"] == Unknown(
        "aws_s3_bucket.root.id is known only after apply", ref="aws_s3_bucket.root"
    )
    life = plan['module.store["uploads"].aws_s3_bucket_lifecycle_configuration.this']
    assert life.attrs["rule"][0]["expiration"][0]["days"] == 7
    assert life.attrs["bucket"] == Unknown(
        'module.store["uploads"].aws_s3_bucket.this.id is known only after apply',
        ref='module.store["uploads"].aws_s3_bucket.this',
    )
    assert life.module == 'module.store["uploads"]'
    assert plan["module.replica.aws_s3_bucket.this"].region == "us-east-1"
    # Computed attributes the configuration does not set stay absent, as in HCL.
    assert "arn" not in plan["aws_s3_bucket.root"].attrs


def test_plan_without_tf_files_points_at_the_plan(tmp_path):
    copy = tmp_path / "plan.json"
    copy.write_bytes((PLANS / "simple" / "plan.json").read_bytes())
    block = load_plan(copy).blocks[0]
    assert (block.file, block.line, block.lines) == (copy.as_posix(), None, {})
    assert block.attrs["retention_in_days"] == 30


def test_plan_config_dir_parameter(tmp_path):
    copy = tmp_path / "plan.json"
    copy.write_bytes((PLANS / "simple" / "plan.json").read_bytes())
    block = load_plan(copy, config_dir=PLANS / "simple").blocks[0]
    assert (block.file, block.line) == ("fixtures/plan/simple/main.tf", 15)


def test_unreadable_plan_is_a_config_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(ConfigError, match="not a JSON plan"):
        load_plan(bad)


def test_plan_honours_no_cache(tmp_path):
    # --no-cache reaches the plan source too: parsing its .tf files writes no parse-cache entry.
    from pathlib import Path

    from scanner.sources.terraform.plan import load_plan

    cache = tmp_path / "cache"
    plan = Path(__file__).resolve().parents[2] / "fixtures" / "plan" / "modules" / "plan.json"
    env = {"PRIVACY_SCAN_CACHE_DIR": str(cache)}
    load_plan(plan, env=env, use_cache=False)
    entries = lambda: sorted((cache / "ast").glob("*")) if (cache / "ast").is_dir() else []  # noqa: E731
    assert entries() == []
    load_plan(plan, env=env)
    assert len(entries()) >= 2  # main.tf and the local module's main.tf
