"""A bounded pool over (account, region, collector) tasks, which may spawn per-item tasks.

Tasks never wait on other tasks (a collector yields follow-up callables instead
of submitting them), so a small pool cannot deadlock however deep the work goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from scanner.sources.live.progress import Progress
from scanner.state import Resource


def run_tasks(
    tasks: Iterable[tuple[str, Callable[[], Iterable[Any]]]],
    max_workers: int,
    progress: Progress,
    on_crash: Callable[[str, BaseException], None],
) -> list[Resource]:
    """Run every task (label, fn); a fn yields resources and further fns. Returns all resources."""
    resources: list[Resource] = []
    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="collect") as pool:
        pending: dict[Future, str] = {}

        def submit(label: str, fn: Callable[[], Iterable[Any]]) -> None:
            progress.add()
            pending[pool.submit(lambda: list(fn()))] = label

        for label, fn in tasks:
            submit(label, fn)
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                label = pending.pop(future)
                try:
                    items = future.result()
                except Exception as exc:  # noqa: BLE001 - a collector bug must not lose the rest
                    from scanner.sources.live.errors import ReadOnlyViolation

                    if isinstance(exc, ReadOnlyViolation):
                        pool.shutdown(wait=False, cancel_futures=True)
                        raise
                    on_crash(label, exc)
                    progress.step(label, failed=True)
                    continue
                for item in items:
                    if isinstance(item, Resource):
                        resources.append(item)
                    elif callable(item):
                        submit(label, item)
                progress.step(label)
    return resources
