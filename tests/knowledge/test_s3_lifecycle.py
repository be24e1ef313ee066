"""Which objects an S3 lifecycle rule acts on, read once for code and cloud (``knowledge.aws.s3``).

The same rule written as a pre-v4 ``lifecycle_rule``, a v4 ``rule`` block and S3's
``GetBucketLifecycleConfiguration`` answer gives the same state.
"""

from __future__ import annotations

import pytest

from scanner.knowledge.aws.s3 import lifecycle_enabled, lifecycle_rule
from scanner.sources.live.s3 import _rule as live_rule
from scanner.sources.terraform.adapters.s3 import _legacy_rule, _lifecycle_rule
from scanner.state import Unknown

LATER = Unknown("known only after apply")


def whole(prefixes, conditions):
    return lifecycle_rule("r", True, 30, None, prefixes, conditions)["whole_bucket"]


@pytest.mark.parametrize(
    ("prefixes", "conditions", "expected"),
    [
        ([None, "", None], {}, True),
        ([""], {"tags": {}, "size": None, "tag": []}, True),  # empty filter parts narrow nothing
        (["logs/"], {}, False),
        ([None, None, "logs/"], {}, False),  # the prefix inside the filter's ``and``
        ([""], {"tags": {"class": "tmp"}}, False),
        ([""], {"size": 0}, False),  # ObjectSizeGreaterThan 0 leaves out empty objects
        ([LATER], {}, LATER),
        ([""], {"tags": LATER}, LATER),
        ([LATER], {"tags": {"class": "tmp"}}, False),  # one known narrowing is enough
    ],
)
def test_whole_bucket_only_when_nothing_narrows(prefixes, conditions, expected) -> None:
    assert whole(prefixes, conditions) == expected


@pytest.mark.parametrize(
    ("status", "enabled"),
    [("Enabled", True), ("Disabled", False), (LATER, LATER)],
)
def test_status(status, enabled) -> None:
    assert lifecycle_enabled(status) == enabled


def test_a_rule_without_a_status_is_unknown_not_disabled() -> None:
    got = lifecycle_enabled(None)
    assert isinstance(got, Unknown) and got.reason == "a lifecycle rule gives no status (Enabled or Disabled)"


# (pre-v4 lifecycle_rule, v4 rule, S3's answer) -> (prefix, whole_bucket)
SAME_RULE = [
    (
        {"id": "all", "enabled": True, "expiration": [{"days": 30}]},
        {"id": "all", "status": "Enabled", "filter": [{}], "expiration": [{"days": 30}]},
        {"ID": "all", "Status": "Enabled", "Filter": {}, "Expiration": {"Days": 30}},
        ("", True),
    ),
    (
        {"id": "all", "enabled": True, "prefix": "", "expiration": [{"days": 30}]},
        {
            "id": "all",
            "status": "Enabled",
            "filter": [{"and": [], "object_size_greater_than": None, "prefix": "", "tag": []}],
            "expiration": [{"days": 30}],
        },
        {"ID": "all", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}},
        ("", True),
    ),
    (
        {"id": "logs", "enabled": True, "prefix": "logs/", "expiration": [{"days": 30}]},
        {"id": "logs", "status": "Enabled", "filter": [{"prefix": "logs/"}], "expiration": [{"days": 30}]},
        {"ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 30}},
        ("logs/", False),
    ),
    (
        {"id": "tmp", "enabled": True, "prefix": "tmp/", "tags": {"k": "v"}, "expiration": [{"days": 30}]},
        {
            "id": "tmp",
            "status": "Enabled",
            "filter": [{"and": [{"prefix": "tmp/", "tags": {"k": "v"}}]}],
            "expiration": [{"days": 30}],
        },
        {
            "ID": "tmp",
            "Status": "Enabled",
            "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "k", "Value": "v"}]}},
            "Expiration": {"Days": 30},
        },
        ("tmp/", False),
    ),
]


@pytest.mark.parametrize(("legacy", "v4", "answer", "scope"), SAME_RULE)
def test_code_and_cloud_read_a_rule_alike(legacy, v4, answer, scope) -> None:
    read = [_legacy_rule(legacy), _lifecycle_rule(v4), live_rule(answer)]
    assert all(r == read[0] for r in read), read
    assert (read[0]["prefix"], read[0]["whole_bucket"]) == scope
    assert (read[0]["enabled"], read[0]["expiration_days"]) == (True, 30)


def test_only_a_size_filter_narrows_in_code_and_cloud() -> None:
    v4 = _lifecycle_rule({"status": "Enabled", "filter": [{"object_size_greater_than": 1024}]})
    live = live_rule({"Status": "Enabled", "Filter": {"ObjectSizeGreaterThan": 1024}})
    assert v4["whole_bucket"] is False and live["whole_bucket"] is False


def test_a_filter_known_only_after_apply_is_unknown_not_absent() -> None:
    got = _lifecycle_rule({"status": "Enabled", "filter": LATER, "expiration": [{"days": 1}]})
    assert got["whole_bucket"] == LATER
    got = _lifecycle_rule({"status": "Enabled", "filter": [{"and": LATER}], "expiration": [{"days": 1}]})
    assert got["whole_bucket"] == LATER
