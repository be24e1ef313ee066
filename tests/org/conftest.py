"""Organisation scans run against the live tests' moto server (``tests.live.conftest``)."""

from tests.live.conftest import aws, moto_endpoint  # noqa: F401 - the moto fixtures
