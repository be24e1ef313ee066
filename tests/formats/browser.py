"""A real headless Chromium, driven over the DevTools protocol on a pipe (no extra Python package).

``open_page(path)`` loads a file, waits for its load event, and returns what a person
checking the report would want to know: every console error, exception or log error
(a blocked resource or a Content-Security-Policy violation included), the load time the
browser measured, and a PNG screenshot. Chromium comes from the OS packages (Debian:
``chromium``); :func:`find_chromium` is None when none is installed.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageResult:
    errors: list[str] = field(default_factory=list)
    load_ms: float = 0.0  # navigation start to the end of the load event, as the browser measured it
    wall_s: float = 0.0  # navigate command to load event, measured here
    height: int = 0
    png: bytes = b""


class _Pipe:
    """DevTools messages on fds 3 (to the browser) and 4 (from it), each ending in a NUL byte."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.write_fd, self.read_fd = write_fd, read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30
    ) -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive(timeout)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.read_fd], [], [], left)[0]:
                raise TimeoutError("no answer from the browser")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise EOFError("the browser closed its pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            event = self.receive(timeout)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)


def _errors(events: list[dict[str, Any]]) -> list[str]:
    out = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            out.append(
                "console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            )
        elif method == "Runtime.exceptionThrown":
            out.append("exception: " + params.get("exceptionDetails", {}).get("text", ""))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            out.append(f"log ({params['entry'].get('source')}): {params['entry'].get('text')}")
    return out


def _high_pipe() -> tuple[int, int]:
    """A pipe on descriptors above 9, so moving its ends onto 3 and 4 cannot overwrite one another."""
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(fd)
    return ends[0], ends[1]


def open_page(
    chromium: str, page: Path, width: int = 1200, shot_height: int | None = None, screenshot: bool = True
) -> PageResult:
    """Load ``page`` in a fresh headless browser; return its errors, load time and (optionally) a screenshot.

    The screenshot covers the whole page, or its top ``shot_height`` pixels.
    """
    to_browser_r, to_browser_w = _high_pipe()
    from_browser_r, from_browser_w = _high_pipe()
    with tempfile.TemporaryDirectory() as profile:
        args = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]

        def onto_3_and_4() -> None:
            # The browser expects the pipe on fds 3 and 4 (dup2 makes them inheritable; the
            # originals are close-on-exec). close_fds=False: close_fds would close them again.
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        proc = subprocess.Popen(
            args,
            preexec_fn=onto_3_and_4,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        pipe = _Pipe(to_browser_w, from_browser_r)
        try:
            target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Runtime", "Log", "Page"):
                pipe.send(f"{domain}.enable", session=session)
            pipe.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
            pipe.events.clear()
            start = time.monotonic()
            pipe.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
            pipe.wait_for("Page.loadEventFired", session)
            result = PageResult(wall_s=time.monotonic() - start)
            timing = pipe.send(
                "Runtime.evaluate",
                {
                    "expression": "JSON.stringify({load: performance.getEntriesByType('navigation')[0].loadEventEnd,"
                    " height: document.documentElement.scrollHeight})",
                    "returnByValue": True,
                },
                session=session,
            )
            measured = json.loads(timing["result"]["value"])
            result.load_ms, result.height = float(measured["load"]), int(measured["height"])
            if screenshot:
                height = min(result.height, shot_height) if shot_height else result.height
                pipe.send(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                    session=session,
                )
                shot = pipe.send("Page.captureScreenshot", {"format": "png"}, session=session, timeout=60)
                result.png = base64.b64decode(shot["data"])
            result.errors = _errors(pipe.events)
            with contextlib.suppress(EOFError, TimeoutError):  # it may close before answering
                pipe.send("Browser.close", timeout=10)
            return result
        finally:
            os.close(to_browser_w)
            os.close(from_browser_r)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
