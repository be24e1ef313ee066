"""Suite-wide fixtures."""

from __future__ import annotations

import pytest

from scanner.util import cachedir


@pytest.fixture(autouse=True)
def _fresh_cache_state():
    """``--no-cache`` switches the caches off for the rest of a process; the suite runs the CLI
    in-process many times, so each test starts with the caches as a fresh process has them."""
    cachedir.reset()
    yield
    cachedir.reset()
