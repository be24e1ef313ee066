"""Work units and shards: how one organisation scan splits over the engine a team already runs.

A scan is a sorted list of units: one per (account, region) for the regional
services, plus one per account (region ``global``) for the services that are
scanned once per account (IAM, CloudFront, the S3 bucket listing). Every shard
computes the same list from the same inputs, so ``--shard I/N`` needs no
coordinator: shard I takes the I-th of N contiguous slices whose sizes differ by
at most one unit. Contiguous slices keep an account's units together, so a shard
assumes each role once and its token buckets stay warm.

``--shard auto`` reads the index the engine gives each copy of the job:
``AWS_BATCH_JOB_ARRAY_INDEX`` (with ``AWS_BATCH_JOB_ARRAY_SIZE``) for an AWS Batch
array job, ``JOB_COMPLETION_INDEX`` for a Kubernetes Indexed Job; the count comes
from ``--shard-count`` (or the Batch array size).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scanner.sources.live.errors import UsageError

GLOBAL = "global"
_ACCOUNT = re.compile(r"^\d{12}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_SHARD = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")
MAX_SHARDS = 100_000

BATCH_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX"
BATCH_SIZE = "AWS_BATCH_JOB_ARRAY_SIZE"
K8S_INDEX = "JOB_COMPLETION_INDEX"


@dataclass(frozen=True, order=True)
class Unit:
    """One account's regional services in one region, or its global services (``region == "global"``)."""

    account: str
    region: str

    @property
    def id(self) -> str:
        """File-name safe and sortable: ``111122223333.eu-west-1``, ``111122223333.global``."""
        return f"{self.account}.{self.region}"

    @property
    def is_global(self) -> bool:
        return self.region == GLOBAL

    @classmethod
    def parse(cls, text: str) -> Unit:
        """A unit from its id; ValueError for anything else (ids are read back from untrusted files)."""
        if not isinstance(text, str):
            raise ValueError("a unit id is a string")
        account, sep, region = text.partition(".")
        if not sep or not _ACCOUNT.match(account) or not (region == GLOBAL or _REGION.match(region)):
            raise ValueError(f"not a unit id: {text[:60]!r}")
        return cls(account, region)


def plan_units(
    accounts: list[str], regions: list[str], global_unit: bool = True, regional: bool = True
) -> list[Unit]:
    """Every unit of a scan, sorted: per account its global unit and one unit per region.

    ``global_unit``/``regional``: whether the chosen collectors include global / regional ones.
    """
    units = {Unit(a, GLOBAL) for a in accounts if global_unit}
    units |= {Unit(a, r) for a in accounts for r in regions if regional}
    return sorted(units)


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


WHOLE = Shard(0, 1)


def take(units: list[Unit], shard: Shard) -> list[Unit]:
    """Shard ``index``'s contiguous slice; slice sizes differ by at most one unit."""
    size, extra = divmod(len(units), shard.count)
    start = shard.index * size + min(shard.index, extra)
    end = start + size + (1 if shard.index < extra else 0)
    return units[start:end]


def parse_shard(text: str | None, count: int | None, env: Mapping[str, str]) -> Shard:
    """``--shard I/N``, ``--shard auto`` (with ``--shard-count N`` or the Batch array size), or the whole scan."""
    if text is None:
        if count is not None:
            raise UsageError("--shard-count is for --shard auto")
        return WHOLE
    if text.strip().lower() == "auto":
        return _auto(count, env)
    match = _SHARD.match(text)
    if not match:
        raise UsageError(f"--shard {text[:40]!r}: expected I/N (e.g. 0/4, I counted from 0) or auto")
    if count is not None:
        raise UsageError("--shard-count is for --shard auto; --shard I/N already gives the count")
    return _checked(int(match.group(1)), int(match.group(2)), "--shard")


def _auto(count: int | None, env: Mapping[str, str]) -> Shard:
    if env.get(BATCH_INDEX) is not None:
        index_var, index = BATCH_INDEX, env[BATCH_INDEX]
        if count is None and env.get(BATCH_SIZE) is not None:
            count = _number(BATCH_SIZE, env[BATCH_SIZE])
    elif env.get(K8S_INDEX) is not None:
        index_var, index = K8S_INDEX, env[K8S_INDEX]
    else:
        raise UsageError(
            f"--shard auto: neither {BATCH_INDEX} (AWS Batch array job) nor {K8S_INDEX} "
            "(Kubernetes Indexed Job) is set; give --shard I/N"
        )
    if count is None:
        raise UsageError(
            f"--shard auto: give --shard-count N (how many copies of the job run; {index_var} is set)"
        )
    return _checked(_number(index_var, index), count, f"--shard auto ({index_var})")


def _number(name: str, text: str) -> int:
    if not re.fullmatch(r"\s*\d{1,6}\s*", text or ""):
        raise UsageError(f"{name}={text[:20]!r} is not a shard number")
    return int(text)


def _checked(index: int, count: int, what: str) -> Shard:
    if not 1 <= count <= MAX_SHARDS:
        raise UsageError(f"{what}: the shard count must be between 1 and {MAX_SHARDS}, not {count}")
    if not 0 <= index < count:
        raise UsageError(f"{what}: shard {index} is out of range for {count} shard(s) (counted from 0)")
    return Shard(index, count)
