"""A one-line progress display on stderr, for people at a terminal; silent in CI and in pipes."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = _interactive(self.stream)
        self.enabled = enabled
        self.total = 0
        self.done = 0
        self.errors = 0
        self._lock = threading.Lock()
        self._last = 0.0

    def add(self, n: int = 1) -> None:
        with self._lock:
            self.total += n

    def step(self, label: str, failed: bool = False) -> None:
        with self._lock:
            self.done += 1
            self.errors += int(failed)
            now = time.monotonic()
            if not self.enabled or (now - self._last < 0.1 and self.done < self.total):
                return
            self._last = now
            line = f"collecting {self.done}/{self.total}  {label}"
            if self.errors:
                line += f"  ({self.errors} with errors)"
            self.stream.write("\r\x1b[2K" + line[:120])
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _interactive(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("PRIVACY_SCAN_NO_PROGRESS"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
