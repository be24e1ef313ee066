"""Units and shards: a deterministic, balanced split that needs no coordinator."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.sources.live.errors import UsageError
from scanner.sources.live.units import Shard, Unit, parse_shard, plan_units, take

ACCOUNTS = ["333333333333", "111111111111", "222222222222"]


def test_units_are_sorted_with_one_global_unit_per_account() -> None:
    units = plan_units(ACCOUNTS, ["us-east-1", "eu-west-1"])
    assert [u.id for u in units[:3]] == [
        "111111111111.eu-west-1",
        "111111111111.global",
        "111111111111.us-east-1",
    ]
    assert len(units) == 9 and sum(u.is_global for u in units) == 3
    assert (
        plan_units(list(reversed(ACCOUNTS)), ["eu-west-1", "us-east-1"]) == units
    )  # input order is irrelevant
    assert plan_units(ACCOUNTS, ["eu-west-1"], global_unit=False) == [
        Unit(a, "eu-west-1") for a in sorted(ACCOUNTS)
    ]


@given(st.integers(0, 500), st.integers(1, 64))
def test_shards_cover_every_unit_once_and_differ_by_at_most_one(n: int, count: int) -> None:
    units = [Unit(f"{i:012d}", "global") for i in range(n)]
    shares = [take(units, Shard(i, count)) for i in range(count)]
    assert [u for share in shares for u in share] == units  # contiguous, in order, each once
    sizes = [len(s) for s in shares]
    assert max(sizes) - min(sizes) <= 1


def test_an_organisation_of_1000_accounts_in_17_regions_splits_evenly() -> None:
    accounts = [f"{100000000000 + i}" for i in range(1000)]
    regions = [f"eu-west-{i}" for i in range(1, 4)] + [f"us-east-{i}" for i in range(1, 15)]
    units = plan_units(accounts, regions)
    sizes = {len(take(units, Shard(i, 7))) for i in range(7)}
    assert len(units) == 18000 and sizes == {2571, 2572}


@pytest.mark.parametrize(
    ("text", "count", "env", "shard"),
    [
        (None, None, {}, Shard(0, 1)),
        ("2/5", None, {}, Shard(2, 5)),
        (" 0 / 1 ", None, {}, Shard(0, 1)),
        ("auto", None, {"AWS_BATCH_JOB_ARRAY_INDEX": "3", "AWS_BATCH_JOB_ARRAY_SIZE": "10"}, Shard(3, 10)),
        ("auto", 4, {"AWS_BATCH_JOB_ARRAY_INDEX": "3", "AWS_BATCH_JOB_ARRAY_SIZE": "10"}, Shard(3, 4)),
        ("auto", 6, {"JOB_COMPLETION_INDEX": "5"}, Shard(5, 6)),
        ("AUTO", 6, {"JOB_COMPLETION_INDEX": "0"}, Shard(0, 6)),
    ],
)
def test_parse_shard(text, count, env, shard) -> None:
    assert parse_shard(text, count, env) == shard


@pytest.mark.parametrize(
    ("text", "count", "env", "message"),
    [
        ("3/3", None, {}, "shard 3 is out of range for 3 shard(s) (counted from 0)"),
        ("1/0", None, {}, "the shard count must be between 1 and 100000, not 0"),
        ("one/two", None, {}, "expected I/N"),
        ("1/2", 2, {}, "--shard I/N already gives the count"),
        (None, 3, {}, "--shard-count is for --shard auto"),
        ("auto", 3, {}, "neither AWS_BATCH_JOB_ARRAY_INDEX"),
        ("auto", None, {"JOB_COMPLETION_INDEX": "1"}, "give --shard-count N"),
        ("auto", 2, {"JOB_COMPLETION_INDEX": "x1"}, "JOB_COMPLETION_INDEX='x1' is not a shard number"),
        ("auto", 2, {"JOB_COMPLETION_INDEX": "2"}, "shard 2 is out of range for 2 shard(s)"),
    ],
)
def test_bad_shards_are_one_line_usage_errors(text, count, env, message) -> None:
    with pytest.raises(UsageError, match=None) as raised:
        parse_shard(text, count, env)
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "text", ["../../etc.global", "12345678901.global", "111111111111.eu-west", "111111111111", 7]
)
def test_unit_ids_read_back_are_checked(text) -> None:
    with pytest.raises(ValueError):
        Unit.parse(text)
    assert Unit.parse("111111111111.eu-west-1") == Unit("111111111111", "eu-west-1")
