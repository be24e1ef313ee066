"""A live scan: accounts × regions × collectors through the pool, then the link step, into one State."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from scanner.sources.live import links, scope
from scanner.sources.live.base import Scan
from scanner.sources.live.errors import CallError, UsageError
from scanner.sources.live.pool import run_tasks
from scanner.sources.live.progress import Progress
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.session import Account, ClientSettings, open_accounts, session_region
from scanner.state import ScanError, State


@dataclass
class LiveOptions:
    profile: str | None = None
    role_arns: list[str] = field(default_factory=list)
    external_id: str | None = None
    regions: list[str] | None = field(default_factory=list)  # None = all enabled, [] = session region
    max_workers: int = 8
    settings: ClientSettings = field(default_factory=ClientSettings)
    progress: bool | None = None  # None: when stderr is a terminal and not CI
    services: list[str] | None = None  # restrict to these collectors (tests, benchmarks)


@dataclass
class LiveStats:
    seconds: float = 0.0
    calls: Counter = field(default_factory=Counter)
    tasks: int = 0


def collect_live(options: LiveOptions, stats: LiveStats | None = None) -> State:
    start = time.monotonic()
    home = _home_region(options)
    accounts = open_accounts(options.profile, options.role_arns, options.external_id, home, options.settings)
    collectors = [c for c in all_collectors() if not options.services or c.name in options.services]
    progress = Progress(enabled=options.progress)
    crashes: list[ScanError] = []
    plan: list[tuple[Account, list[str]]] = []
    tasks = []
    for account in accounts:
        regions = options.regions if options.regions else [home]
        if options.regions is None:
            regions = scope.enabled_regions(account)
        plan.append((account, regions))
        for collector in collectors:
            where = [scope.home_region(account)] if collector.global_service else regions
            for region in where:
                label = f"{account.account_id} {region} {collector.name}"
                tasks.append((label, _task(Scan(account, region, collector))))

    def crashed(label: str, exc: BaseException) -> None:
        crashes.append(ScanError(f"{label}: collector failed: {type(exc).__name__}: {exc}"))

    try:
        resources = run_tasks(tasks, options.max_workers, progress, crashed)
    finally:
        progress.close()
    for account, regions in plan:
        links.link(resources, account, regions)
    resources.sort(key=lambda r: (r.account or "", r.resource_type, r.address))
    errors = [e for account, _ in plan for e in _scan_errors(account)] + crashes
    if stats is not None:
        stats.seconds = time.monotonic() - start
        stats.tasks = progress.total
        for account, _ in plan:
            stats.calls.update(account.calls)
    warnings = sorted({w for account, _ in plan for w in account.warnings})
    return State(resources=resources, errors=errors, warnings=warnings, origin="live")


def _task(scan: Scan):
    def run():
        return scan.collector.collect(scan)

    return run


def _home_region(options: LiveOptions) -> str:
    if options.regions:
        return options.regions[0]
    region = session_region(options.profile)
    if not region and options.regions is None:
        return "us-east-1"  # only to list the enabled regions
    if not region:
        raise UsageError(
            "no region: give --regions (e.g. --regions eu-west-1,eu-central-1 or --regions all), "
            "or set AWS_REGION / a profile region"
        )
    return region


def _scan_errors(account: Account) -> list[ScanError]:
    """One error per (region, action, kind of failure), counting repeats, so 500 denied buckets are one line."""
    groups: dict[tuple, list[CallError]] = {}
    for err in account.errors:
        groups.setdefault((err.region, err.action, err.category, err.code), []).append(err)
    out = []
    for (region, _action, _cat, _code), errs in sorted(groups.items(), key=lambda kv: tuple(map(str, kv[0]))):
        times = f" ({len(errs)} calls)" if len(errs) > 1 else ""
        out.append(ScanError(f"account {account.account_id}, {region}: {errs[0].reason}{times}"))
    return out
