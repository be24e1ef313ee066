"""The token bucket paces requests per (account, region, service) before AWS has to throttle them."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from scanner.sources.live.ratelimit import Limiter, TokenBucket


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_a_burst_then_the_steady_rate() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=10, burst=3, clock=t.clock, sleep=t.sleep)
    for _ in range(3):
        bucket.take()
    assert t.slept == []  # the burst is free
    for _ in range(5):
        bucket.take()
    assert t.slept == [0.1] * 5 and round(t.now, 6) == 0.5  # then 10 per second
    t.now += 10  # idle: the bucket refills, but never beyond the burst
    for _ in range(3):
        bucket.take()
    assert len(t.slept) == 5


def test_buckets_are_per_region_and_service_and_none_without_a_rate() -> None:
    limiter = Limiter(rate=5)
    assert limiter.bucket("eu-west-1", "s3") is limiter.bucket("eu-west-1", "s3")
    assert limiter.bucket("eu-west-1", "s3") is not limiter.bucket("us-east-1", "s3")
    assert limiter.bucket("eu-west-1", "s3") is not limiter.bucket("eu-west-1", "kms")
    assert Limiter(rate=0).bucket("eu-west-1", "s3") is None
    assert Limiter(rate=None).bucket("eu-west-1", "s3") is None


def test_every_attempt_a_client_sends_takes_a_token() -> None:
    limiter = Limiter(rate=1000, burst=1000)
    bucket = limiter.bucket("eu-west-1", "logs")
    taken: list[int] = []
    original = bucket.take
    bucket.take = lambda: (taken.append(1), original())[1]  # type: ignore[method-assign]
    # A closed local port: every attempt is really sent (and refused), retries included.
    closed = boto3.client(
        "logs",
        region_name="eu-west-1",
        aws_access_key_id="x",
        aws_secret_access_key="y",
        endpoint_url="http://127.0.0.1:9",
        config=Config(retries={"total_max_attempts": 2, "mode": "standard"}, connect_timeout=1),
    )
    limiter.attach(closed, "eu-west-1", "logs")
    with pytest.raises(EndpointConnectionError):
        closed.describe_log_groups()
    assert len(taken) == 2  # each attempt (the retry too) waited for a token
