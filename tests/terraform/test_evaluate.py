"""The HCL evaluator on small construct fixtures: exact values, addresses, reasons and lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.sources.terraform.errors import ConfigError
from scanner.sources.terraform.loader import load_config
from scanner.state import ScanError
from scanner.state.value import Unknown

BASIC = "fixtures/terraform/constructs/basic/main.tf"
NO_ENV = "variable env has no value; pass it with --var or --var-file"


def test_basic_values_lines_regions_and_references(load):
    config = load("basic", cli_vars={"env": "prod"})
    blocks = config.by_address()
    assert list(blocks) == [
        "aws_s3_bucket.data",
        "aws_s3_bucket_server_side_encryption_configuration.data",
        "aws_cloudwatch_log_group.app",
        "data.aws_iam_policy_document.deny",
        "aws_s3_bucket_policy.data",
    ]
    bucket = blocks["aws_s3_bucket.data"]
    assert bucket.attrs == {"bucket": "acme-prod-data", "tags": {"Owner": "ops", "Env": "prod"}}
    assert (bucket.file, bucket.line, bucket.lines) == (BASIC, 35, {"bucket": 36, "tags": 37})
    assert (bucket.mode, bucket.type, bucket.name, bucket.module, bucket.index) == (
        "managed",
        "aws_s3_bucket",
        "data",
        "",
        None,
    )
    assert bucket.region == "eu-west-1"

    sse = blocks["aws_s3_bucket_server_side_encryption_configuration.data"]
    assert sse.attrs["bucket"] == Unknown(
        "aws_s3_bucket.data.id is known only after apply", ref="aws_s3_bucket.data"
    )
    assert sse.attrs["rule"] == [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]
    assert sse.lines["rule"] == 43
    assert sse.lines["rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"] == 45

    logs = blocks["aws_cloudwatch_log_group.app"]
    # A configured argument of another resource is its configured value.
    assert logs.attrs == {"name": "ACME-PROD-DATA", "retention_in_days": 60}
    assert logs.region == "us-east-1"  # provider = aws.us

    doc = blocks["data.aws_iam_policy_document.deny"]
    assert doc.mode == "data"
    assert doc.attrs == {"statement": [{"effect": "Deny", "actions": ["s3:*"]}]}

    policy = blocks["aws_s3_bucket_policy.data"].attrs["policy"]
    assert policy == Unknown(
        "data source data.aws_iam_policy_document.deny is read only when Terraform runs",
        ref="data.aws_iam_policy_document.deny",
    )
    assert config.errors == [] and config.warnings == []


def test_variable_without_value_is_unknown_with_reason(load):
    config = load("basic")
    bucket = config.by_address()["aws_s3_bucket.data"]
    assert bucket.attrs["bucket"] == Unknown(NO_ENV)
    assert bucket.attrs["tags"] == {"Owner": "ops", "Env": Unknown(NO_ENV)}


def test_variable_precedence_and_sensitive_values_stay_out_of_messages(load):
    base = "fixtures/terraform/constructs/variables"
    config = load(
        "variables",
        var_files=[Path(base) / "extra.vars"],
        cli_vars={"a": "cli", "list": '["x", "y"]'},
        env={"TF_VAR_a": "env", "TF_VAR_b": "env"},
    )
    attrs = config.blocks[0].attrs
    assert {k: attrs[k] for k in "abcdef"} == {
        "a": "cli",
        "b": "tfvars",
        "c": "tfvars.json",
        "d": "a.auto",
        "e": "b.auto.json",
        "f": "var-file",
    }
    assert attrs["n"] == 5  # "4" from a var file, converted by type = number
    assert attrs["list"] == ["x", "y"]
    assert isinstance(attrs["broken"], Unknown)
    assert "s3cr3t" not in attrs["broken"].reason
    assert attrs["broken"].reason.startswith("cannot evaluate broken = tonumber(var.token)")


def test_env_var_is_used_when_nothing_else_sets_it(load):
    attrs = load("variables", env={"TF_VAR_a": "env"}).blocks[0].attrs
    assert attrs["a"] == "env" and attrs["b"] == "tfvars"


def test_missing_var_file_is_a_config_error(load):
    with pytest.raises(ConfigError, match="nope.tfvars: variables file not found"):
        load("variables", var_files=[Path("nope.tfvars")])


def test_region_from_env_or_unknown(load):
    block = load("dynamic").blocks[0]
    assert block.region == Unknown(
        'no provider "aws" block sets a region: a module meant to be called gets its provider, and '
        "region, from the configuration that calls it (scan that root); for a root configuration, set "
        "AWS_REGION or region in a provider block"
    )
    assert load("dynamic", env={"AWS_REGION": "eu-north-1"}).blocks[0].region == "eu-north-1"
    assert load("dynamic", env={"AWS_DEFAULT_REGION": "eu-south-1"}).blocks[0].region == "eu-south-1"


def test_functions_and_operators(load):
    attrs = load("functions").blocks[0].attrs
    expected = {
        "format": 'x-007-2.2-"q"-true',
        "formatlist": ["a=1", "b=2"],
        "join": "a-b-c",
        "split": ["a", "b", "", "c"],
        "case": ["abc", "ABC", "Hello World"],
        "replace": ["a_b_c", "major-1"],
        "trims": ["x", "hi", "a", "a"],
        "substr": ["ell", "llo"],
        "length": [2, 1, 3],
        "merge": {"a": 1, "b": 3},
        "lookup": [1, 0],
        "concat": [1, 2, 3],
        "flatten": [1, 2, 3],
        "coalesce": ["x", [1]],
        "compact": ["a", "b"],
        "distinct": [1, 2],
        "element": "b",
        "keys": ["a", "b"],
        "values": [2, 1],
        "zipmap": {"a": 1, "b": 2},
        "contains": True,
        "index": 1,
        "slice": [2, 3],
        "range": [[0, 1, 2], [1, 3, 5]],
        "conversions": [["a"], ["a", "b"], {"a": 1}, "5", 2.5, True],
        "json": '{"a":"x","b":[1,true,null]}',
        "jsondecode": {"a": [1, 2.5]},
        "yamldecode": {"a": [1, 2], "b": "text"},
        "numbers": [1, 3, 4, 2, 1, 6.5, 3.5, 2, 1],
        "one": [None, "x"],
        "try": [
            "fallback",
            "no-b",
            Unknown("variable missing has no value; pass it with --var or --var-file"),
            False,
        ],
        "file": "2012-10-17",
        "template": "Hello Ann! LOUD\n",
        "base64": ["aGk=", "hi"],
        "hashes": [
            "0cc175b9c0f1b6a831c399e269772661",
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
        ],
        "cidr": ["10.0.2.0/24", "10.0.240.0/20"],
        "prefixes": [True, False],
        "regex": [["bucket"], ["1", "22"], {"k": "x", "v": "1"}],
        "timestamp": Unknown("timestamp() is known only when Terraform runs"),
        "unsupported": Unknown("function nosuchfunction is not supported"),
        "unknown_arg": Unknown("variable missing has no value; pass it with --var or --var-file"),
        "partial": 2,
        # A type error next to an unknown is still an error (try falls through); length(unknown) is unknown.
        "try_type": [
            "type error wins",
            Unknown("variable missing has no value; pass it with --var or --var-file"),
        ],
        "cycle": Unknown("local.a depends on itself (cycle)"),
        "ops": [
            7,
            9,
            True,
            True,
            True,
            -3,
            "y",
            Unknown("variable missing has no value; pass it with --var or --var-file"),
        ],
        "short_circ": [False, True],
        "splat": [1, 2],
        "attr_splat": [1, 2],
        "for_list": ["0a", "2c"],
        "for_map": {"X": 10, "Y": 20},
        "for_group": {"a": ["ab", "ac"], "b": ["bd"]},
        "heredoc": "line 2\n  indented\n",
        "directive": "a;b;yes",
        "escapes": 'tab\there "q" ${not} é',
        "index_ops": [20, "c", 2],
    }
    for key, value in expected.items():
        assert attrs[key] == value, key
    assert attrs["secret_err"].reason == (
        "cannot evaluate secret_err = tonumber(var.secret): operand is a string that is not a number"
    )
    assert "hunter2" not in attrs["secret_err"].reason


def test_count_for_each_and_unknown_count(load):
    config = load("instances")
    blocks = config.by_address()
    assert list(blocks) == [
        "aws_s3_bucket.counted[0]",
        "aws_s3_bucket.counted[1]",
        'aws_sqs_queue.each["billing"]',
        'aws_sqs_queue.each["orders"]',
        "aws_s3_bucket_versioning.counted[0]",
        "aws_s3_bucket_versioning.counted[1]",
        "aws_ebs_volume.maybe",
        'aws_sns_topic.set["a"]',
        'aws_sns_topic.set["b"]',
        "aws_ssm_parameter.splat",
    ]
    assert blocks["aws_s3_bucket.counted[1]"].attrs == {"bucket": "bucket-b-1"}
    assert blocks["aws_s3_bucket.counted[1]"].index == 1
    queue = blocks['aws_sqs_queue.each["orders"]']
    assert (queue.index, queue.attrs) == ("orders", {"name": "orders", "message_retention_seconds": 86400})
    assert blocks["aws_s3_bucket_versioning.counted[1]"].attrs["bucket"] == Unknown(
        "aws_s3_bucket.counted[1].id is known only after apply", ref="aws_s3_bucket.counted[1]"
    )
    volume = blocks["aws_ebs_volume.maybe"]
    assert volume.index is None
    assert volume.attrs["encrypted"] is True
    assert isinstance(volume.attrs["size"], Unknown)
    assert config.warnings == [
        "aws_ebs_volume.maybe: count = var.unknown_count cannot be known before apply "
        "(variable unknown_count has no value; pass it with --var or --var-file); scanned as a single instance"
    ]
    assert blocks['aws_sns_topic.set["b"]'].attrs == {"name": "topic-b"}
    assert blocks["aws_ssm_parameter.splat"].attrs == {
        "name": "names",
        "value": "bucket-a-0,bucket-b-1",
        "type": "billing,orders",
    }
    # Given a value, the count is known and the warning goes.
    known = load("instances", cli_vars={"unknown_count": "2"})
    assert known.warnings == []
    assert [b.address for b in known.blocks if b.type == "aws_ebs_volume"] == [
        "aws_ebs_volume.maybe[0]",
        "aws_ebs_volume.maybe[1]",
    ]


def test_dynamic_blocks_nested_with_iterator(load):
    block = load("dynamic").blocks[0]
    assert block.attrs["ingress"] == [
        {"from_port": 80, "to_port": 80},
        {"from_port": 443, "to_port": 443, "cidr": [{"block": "0.0.0.0/0", "pos": "0.0"}]},
        {
            "from_port": 22,
            "to_port": 22,
            "cidr": [{"block": "10.0.0.0/8", "pos": "1.0"}, {"block": "10.1.0.0/16", "pos": "1.1"}],
        },
    ]
    assert block.lines["ingress"] == 11
    assert block.lines["ingress.1.cidr.0.block"] == 26


def test_modules_outputs_providers_and_addresses(load):
    config = load("modules")
    blocks = config.by_address()
    assert sorted(blocks) == sorted(
        [
            "aws_s3_bucket_policy.media",
            "aws_sns_topic.from_remote",
            'module.buckets["logs"].aws_s3_bucket.this',
            'module.buckets["logs"].aws_s3_bucket_versioning.this',
            'module.buckets["media"].aws_s3_bucket.this',
            'module.buckets["media"].aws_s3_bucket_versioning.this',
            "module.logs[0].aws_cloudwatch_log_group.this",
            "module.logs[0].module.inner.aws_s3_bucket.this",
            "module.logs[0].module.inner.aws_s3_bucket_versioning.this",
            "module.logs[1].aws_cloudwatch_log_group.this",
            "module.logs[1].module.inner.aws_s3_bucket.this",
            "module.logs[1].module.inner.aws_s3_bucket_versioning.this",
            "module.vpc.aws_flow_log.this",
        ]
    )
    media = blocks['module.buckets["media"].aws_s3_bucket.this']
    assert media.attrs == {"bucket": "acme-media"}
    assert media.module == 'module.buckets["media"]'
    assert (media.file, media.line, media.region) == (
        "fixtures/terraform/constructs/modules/modules/bucket/main.tf",
        5,
        "eu-central-1",
    )
    policy = blocks["aws_s3_bucket_policy.media"]
    assert policy.attrs["bucket"] == Unknown(
        'module.buckets["media"].aws_s3_bucket.this.id is known only after apply',
        ref='module.buckets["media"].aws_s3_bucket.this',
    )
    assert policy.attrs["policy"] == '{"Statement":[{"Effect":"Deny","Resource":"arn:aws:s3:::acme-media"}]}'
    inner = blocks["module.logs[1].module.inner.aws_s3_bucket.this"]
    assert (inner.attrs, inner.region) == (
        {"bucket": "logs-1"},
        "eu-west-1",
    )  # providers = { aws = aws.ireland }
    assert blocks["module.logs[0].aws_cloudwatch_log_group.this"].attrs["retention_in_days"] == 14
    flow = blocks["module.vpc.aws_flow_log.this"]
    assert flow.file == "fixtures/terraform/constructs/modules/.terraform/modules/remote_vpc/main.tf"
    assert blocks["aws_sns_topic.from_remote"].attrs["name"] == Unknown(
        "module remote (source git::https://example.com/remote.git) is not on disk; run terraform init",
        ref="module.remote",
    )
    assert config.warnings == [
        "module remote (source git::https://example.com/remote.git) is not on disk; run terraform init; "
        "its resources are not scanned"
    ]


def test_parse_error_reported_with_line_and_other_files_evaluated(load):
    config = load("parse_error")
    assert config.errors == [
        ScanError("syntax error: unexpected =", "fixtures/terraform/constructs/parse_error/bad.tf", 3)
    ]
    assert [b.address for b in config.blocks] == ["aws_s3_bucket.ok"]


def test_discovery_of_root_modules_skips_called_modules(load):
    config = load("discovery")
    assert [b.address for b in config.blocks] == ["module.shared.aws_s3_bucket.shared", "aws_s3_bucket.other"]


def test_config_errors_for_missing_or_empty_paths(tmp_path):
    with pytest.raises(ConfigError, match="no such file or directory"):
        load_config([tmp_path / "absent"], env={})
    (tmp_path / "README.md").write_text("no terraform here")
    with pytest.raises(ConfigError, match=r"no Terraform files \(\.tf\) found"):
        load_config([tmp_path], env={})


def test_absolute_path_outside_cwd_stays_absolute(tmp_path, cache_root):
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "x" {\n  bucket = "b"\n}\n')
    config = load_config([tmp_path], env={"PRIVACY_SCAN_CACHE_DIR": str(cache_root)})
    assert config.blocks[0].file == (tmp_path / "main.tf").as_posix()


def test_optional_object_attributes_get_their_defaults(load):
    """Terraform 1.3+ ``optional(type, default)``: filled at any depth, extra attributes dropped."""
    blocks = load("optional_attrs").by_address()
    assert list(blocks) == [
        'aws_lb_listener.this["plain"]',
        'aws_lb_listener.this["web"]',
        'module.db.aws_rds_cluster_instance.this["one"]',
        'module.db.aws_rds_cluster_instance.this["two"]',
        "module.db.aws_rds_cluster.this",
    ]
    plain = blocks['aws_lb_listener.this["plain"]'].attrs
    assert plain == {
        "port": 80,
        "protocol": "HTTP",
        "tags": {},
        "extra": "gone",  # an attribute the type does not declare is dropped
        "default_action": [{"type": "redirect", "status_code": "HTTP_301", "protocol": "HTTPS"}],
    }
    web = blocks['aws_lb_listener.this["web"]'].attrs
    assert web == {"port": 443, "protocol": "HTTPS", "tags": {}, "extra": "gone", "default_action": []}
    one = blocks['module.db.aws_rds_cluster_instance.this["one"]'].attrs
    assert one == {"instance_class": "db.t4g.medium", "publicly_accessible": False, "promotion_tier": None}
    two = blocks['module.db.aws_rds_cluster_instance.this["two"]'].attrs
    assert two == {"instance_class": "db.r6g.large", "publicly_accessible": True, "promotion_tier": None}
    cluster = blocks["module.db.aws_rds_cluster.this"].attrs
    assert cluster == {
        "backup_retention_period": 7,
        "preferred_backup_window": "03:00-04:00",  # a default inside an optional object given in part
        "log_retention": [30],  # the optional list's default, its elements' defaults applied
        "cluster_identifier": Unknown("required attribute 'name' is missing from the object"),
    }


def test_optional_defaults_apply_to_values_given_on_the_command_line(load):
    blocks = load("optional_attrs", cli_vars={"listeners": '{ tls = { port = "8443" } }'}).by_address()
    assert [a for a in blocks if a.startswith("aws_lb_listener")] == ['aws_lb_listener.this["tls"]']
    assert blocks['aws_lb_listener.this["tls"]'].attrs["protocol"] == "HTTPS"
    assert blocks['aws_lb_listener.this["tls"]'].attrs["port"] == 8443


def test_functions_public_modules_use(load):
    config = load("functions_realworld")
    blocks = config.by_address()
    assert list(blocks) == [
        "data.aws_ssm_parameter.ami",
        "aws_iam_role.monitoring[0]",  # count = anytrue([...]) ? 1 : 0
        "aws_subnet.private[0]",
        "aws_subnet.private[1]",
        "aws_subnet.private[2]",
        "aws_launch_template.this",
    ]
    assert [blocks[f"aws_subnet.private[{i}]"].attrs["cidr_block"] for i in range(3)] == [
        "10.0.0.0/20",
        "10.0.16.0/20",
        "10.0.32.0/20",
    ]
    template = blocks["aws_launch_template.this"].attrs
    assert template["image_id"] == Unknown(
        "data source data.aws_ssm_parameter.ami is read only when Terraform runs",
        ref="data.aws_ssm_parameter.ami",
    )
    assert template["tags"] == {
        "partitions": "10.0.0.0/18,10.0.64.0/18,10.0.128.0/20,10.0.192.0/18",
        "any": True,  # a known true wins over an unknown element
        "all": Unknown("variable unset has no value; pass it with --var or --var-file"),
        "all_false": False,  # a known false wins over an unknown element
        "digest": "b1946ac92492d2347c6235b4d2611184",
        "contains": True,
    }
    assert config.errors == [] and config.warnings == []


def test_cidrsubnets_matches_terraform_documentation():
    from scanner.sources.terraform.functions import make_functions

    cidrsubnets = make_functions(".", lambda text, variables: None)["cidrsubnets"]
    assert cidrsubnets("10.1.0.0/16", 4, 4, 8, 4) == [
        "10.1.0.0/20",
        "10.1.16.0/20",
        "10.1.32.0/24",
        "10.1.48.0/20",
    ]
    assert cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32) == [
        "fd00:fd12:3456:7800::/72",
        "fd00:fd12:3456:7800:100::/72",
        "fd00:fd12:3456:7800:200::/72",
        "fd00:fd12:3456:7800:300::/88",
    ]


def test_a_partly_known_map_is_not_null(load):
    config = load("partly_known")
    blocks = config.by_address()
    assert list(blocks) == [
        "aws_instance.this",
        'module.alb.aws_lb_target_group.this["api"]',
        'module.alb.aws_lb_target_group.this["web"]',
    ]
    after_apply = Unknown("aws_instance.this.id is known only after apply", ref="aws_instance.this")
    assert blocks['module.alb.aws_lb_target_group.this["web"]'].attrs == {
        "port": 443,
        "target_id": after_apply,
        "not_null": False,
        "both_null": True,
        "unknown_cmp": after_apply,  # equality of two non-null values still needs every value
    }
    assert config.warnings == []


def test_override_files_merge_into_the_blocks_they_name(load):
    config = load("override_files")
    blocks = config.by_address()
    assert list(blocks) == [
        "aws_s3_bucket.data",
        "aws_s3_bucket_server_side_encryption_configuration.data",
        "aws_cloudwatch_log_group.app",
    ]  # no second instance from the override files
    assert blocks["aws_s3_bucket.data"].attrs == {"bucket": "acme-data-prod", "tags": {"Env": "dev"}}
    sse = blocks["aws_s3_bucket_server_side_encryption_configuration.data"].attrs
    assert sse["rule"] == [
        {
            "apply_server_side_encryption_by_default": [
                {"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/data"}
            ]
        }
    ]
    assert blocks["aws_cloudwatch_log_group.app"].attrs["retention_in_days"] == 90  # the variable's default
    assert config.errors == [] and config.warnings == []


def test_type_conversion_never_raises_on_odd_values_and_defaults():
    from scanner.sources.terraform.parser import parse_text
    from scanner.sources.terraform.types import convert, parse_type

    text = 'variable "x" {\n  type = list(object({ a = optional(string, var.nope), b = tuple([number, bool]) }))\n}\n'
    expr = parse_text(text).body.blocks[0].body.attributes["type"].expr
    spec = parse_type(expr, lambda e: Unknown("cannot evaluate an optional attribute's default"))
    assert convert([{"b": ["1", "true"]}], spec) == [
        {"a": Unknown("cannot evaluate an optional attribute's default"), "b": [1, True]}
    ]
    assert convert("not a list", spec) == "not a list"  # Terraform would reject it; the scan goes on
    assert convert([{"b": "short"}, 3], spec) == [
        {"a": Unknown("cannot evaluate an optional attribute's default"), "b": "short"},
        3,
    ]
    assert convert(Unknown("later"), spec) == Unknown("later")
    assert convert(None, spec) is None
