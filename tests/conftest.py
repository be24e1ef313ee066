"""Suite-wide settings: every test sees the same terminal, wherever and however it runs."""

from __future__ import annotations

import os


def pytest_configure(config) -> None:
    # The table wraps to the terminal's width; a parallel worker has no terminal, a developer
    # has one of any size. Tests that are about the width set COLUMNS themselves.
    os.environ["COLUMNS"] = "100"
