"""A bounded pool over (account, region, collector) tasks, which may spawn per-item tasks.

Tasks never wait on other tasks (a collector yields follow-up callables instead
of submitting them), so a small pool cannot deadlock however deep the work goes.

The pool never makes the process wait for a call already sent:

- workers are daemon threads, so Ctrl-C (KeyboardInterrupt in the main thread)
  or the end of the process does not join a thread stuck in a read timeout or a
  retry back-off (``concurrent.futures`` joins its workers at exit, which is what
  made an interrupted scan wait up to a minute);
- at the :class:`Clock`'s deadline the pool stops waiting; tasks not finished are
  handed to ``on_unfinished`` (their checks become ``unknown``), and the calls
  the still-running threads would make next are skipped by the clock.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scanner.sources.live.progress import Progress
from scanner.state import Resource

DEFAULT_DEADLINE = 1800.0  # seconds; a whole scan of a large account takes minutes, not half an hour


class Clock:
    """The scan's deadline, shared by the pool and every :class:`~scanner.sources.live.base.Scan`."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds if seconds else None
        self._stopped = threading.Event()
        self.why = f"deadline of {seconds:g} s reached" if seconds else ""

    def remaining(self) -> float | None:
        if self._stopped.is_set():
            return 0.0
        return None if self._end is None else max(0.0, self._end - time.monotonic())

    def expired(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0.0

    def stop(self, why: str) -> None:
        """End the scan now (interrupted): calls not yet made are skipped."""
        if not self._stopped.is_set():
            self.why = why
            self._stopped.set()


@dataclass(eq=False)
class Work:
    """One task: ``fn`` yields resources and further callables; ``owner`` is what it belongs to."""

    label: str
    owner: Any  # the Scan (collector, account, region) a crash or the deadline makes unknown
    fn: Callable[[], Iterable[Any]]


_SKIPPED = object()


def run_tasks(
    tasks: Iterable[Work],
    max_workers: int,
    progress: Progress,
    on_crash: Callable[[Work, BaseException], None],
    on_unfinished: Callable[[list[Work]], None] | None = None,
    clock: Clock | None = None,
) -> list[Resource]:
    """Run every task; returns all resources found before the deadline."""
    clock = clock or Clock()
    jobs: queue.SimpleQueue[Work | None] = queue.SimpleQueue()
    results: queue.SimpleQueue[tuple[Work, Any, BaseException | None]] = queue.SimpleQueue()

    def worker() -> None:
        while True:
            work = jobs.get()
            if work is None:
                return
            if clock.expired():
                results.put((work, _SKIPPED, None))
                continue
            try:
                results.put((work, list(work.fn()), None))
            except BaseException as exc:  # noqa: BLE001 - a collector bug must not lose the rest
                results.put((work, None, exc))

    threads = [
        threading.Thread(target=worker, name=f"collect-{i}", daemon=True) for i in range(max(1, max_workers))
    ]
    outstanding: set[Work] = set()
    unfinished: list[Work] = []

    def submit(work: Work) -> None:
        progress.add()
        outstanding.add(work)
        jobs.put(work)

    resources: list[Resource] = []
    for thread in threads:
        thread.start()
    try:
        for work in tasks:
            submit(work)
        while outstanding and not clock.expired():
            remaining = clock.remaining()
            try:
                work, items, exc = results.get(timeout=0.5 if remaining is None else min(remaining, 0.5))
            except queue.Empty:
                continue
            outstanding.discard(work)
            if items is _SKIPPED:
                unfinished.append(work)
                progress.step(work.label, failed=True)
            elif exc is not None:
                _crashed(work, exc, clock, on_crash)
                progress.step(work.label, failed=True)
            else:
                for item in items:
                    if isinstance(item, Resource):
                        resources.append(item)
                    elif callable(item):
                        submit(Work(work.label, work.owner, item))
                progress.step(work.label)
    except BaseException:
        clock.stop("the scan was interrupted")  # running threads skip their next calls
        raise
    finally:
        for _ in threads:
            jobs.put(None)
    unfinished.extend(outstanding)
    if unfinished and on_unfinished is not None:
        on_unfinished(unfinished)
    return resources


def _crashed(
    work: Work, exc: BaseException, clock: Clock, on_crash: Callable[[Work, BaseException], None]
) -> None:
    from scanner.sources.live.errors import ReadOnlyViolation

    if isinstance(exc, ReadOnlyViolation):
        clock.stop("a read-only violation stopped the scan")
        raise exc
    on_crash(work, exc)
