"""A function that converts an unknown inside its arguments is as unknown as that value.

``join("", aws_x.y[*].name)`` over a counted resource whose name AWS generates (``name_prefix``)
is the one parameter group's name, known after apply: it still points at that group, so the
group's own parameters decide (the real-world review's class A; a plain ``[0].name`` always did).
"""

from __future__ import annotations

from pathlib import Path

from scanner.pipeline import scan_iac
from scanner.promises import default_promise_set
from scanner.sources.terraform.loader import load_config
from scanner.state import Unknown

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "constructs" / "splat_join"


def test_the_joined_name_keeps_its_reference() -> None:
    cfg = load_config([FOLDER], [], {}, use_cache=False)
    (cluster,) = [b for b in cfg.blocks if b.address == "aws_rds_cluster.c"]
    name = cluster.attrs["db_cluster_parameter_group_name"]
    assert isinstance(name, Unknown)
    assert name.ref == "aws_rds_cluster_parameter_group.default[0]"
    assert "known only after apply" in name.reason


def test_a_name_set_to_null_next_to_a_prefix_is_known_after_apply() -> None:
    cfg = load_config([FOLDER], [], {}, use_cache=False)
    (instance,) = [b for b in cfg.blocks if b.address == "aws_db_instance.d"]
    name = instance.attrs["parameter_group_name"]
    assert isinstance(name, Unknown) and name.ref == "aws_db_parameter_group.default[0]"


def test_the_groups_parameters_decide() -> None:
    report = scan_iac([FOLDER], default_promise_set(), use_cache=False)
    verdicts = {(f.resource, f.check_id): f.status.value for f in report.findings if "rds-" in f.check_id}
    # RDS for PostgreSQL forces TLS by default from 15 on; the rules are in knowledge/aws/rds.py.
    assert verdicts[("aws_rds_cluster.c", "aws-rds-tls-enforced")] == "fail"
    assert verdicts[("aws_db_instance.d", "aws-rds-tls-enforced")] == "pass"
    assert verdicts[("aws_rds_cluster.c", "aws-rds-audit-logging")] == "fail"
    assert verdicts[("aws_db_instance.d", "aws-rds-audit-logging")] == "fail"
