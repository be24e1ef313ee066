"""The moto server of the live tests, shared: one per session, an empty account per test."""

from tests.live.conftest import aws, moto_endpoint  # noqa: F401
