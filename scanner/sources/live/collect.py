"""A live scan: accounts × regions × collectors through the pool, then the link step, into one State."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from scanner.sources.live import links, scope
from scanner.sources.live.base import Collector, Scan, stand_ins
from scanner.sources.live.errors import CallError, UsageError
from scanner.sources.live.pool import DEFAULT_DEADLINE, Clock, Work, run_tasks
from scanner.sources.live.progress import Progress
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.session import (
    Account,
    ClientSettings,
    Unreachable,
    partition_of,
    reach_accounts,
    session_region,
)
from scanner.state import Resource, ScanError, State
from scanner.util.safetext import clean


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
    deadline: float | None = DEFAULT_DEADLINE  # seconds for the whole scan; None: no deadline
    organization_role: str | None = None  # scan every account of the Organization through this role
    include_accounts: list[str] = field(default_factory=list)  # ids or name patterns
    exclude_accounts: list[str] = field(default_factory=list)
    include_ous: list[str] = field(default_factory=list)  # organizational unit ids (any depth below)
    exclude_ous: list[str] = field(default_factory=list)


@dataclass
class LiveStats:
    seconds: float = 0.0
    calls: Counter = field(default_factory=Counter)
    tasks: int = 0


def collect_live(options: LiveOptions, stats: LiveStats | None = None) -> State:
    start = time.monotonic()
    clock = Clock(options.deadline)
    home = home_region_of(options)
    role_arns, org_warnings = role_arns_of(options, home)
    accounts, unreachable = reach_accounts(
        options.profile, role_arns, options.external_id, home, options.settings
    )
    if not accounts:
        raise UsageError(unreachable[0].reason)  # nothing at all could be scanned: exit 2
    collectors = [c for c in all_collectors() if not options.services or c.name in options.services]
    progress = Progress(enabled=options.progress)
    plan: list[tuple[Account, list[str]]] = []
    tasks: list[Work] = []
    for account in accounts:
        regions = options.regions if options.regions else [home]
        if options.regions is None:
            regions = scope.enabled_regions(account)
        plan.append((account, regions))
        tasks.extend(tasks_for(account, placements(collectors, regions, scope.home_region(account)), clock))
    lost = Lost()
    try:
        resources = run_tasks(tasks, options.max_workers, progress, lost.crashed, lost.unfinished, clock)
    finally:
        progress.close()
    resources.extend(lost.resources)
    for account, regions in plan:
        links.link(resources, account.account_id, account.facts, regions)
    for failed in unreachable:
        resources.extend(_unreachable(failed, collectors, options.regions or [home], home))
    resources.sort(key=lambda r: (r.account or "", r.resource_type, r.address))
    errors = [e for account, _ in plan for e in scan_errors(account)] + lost.errors
    errors += [ScanError(clean(f"{f.label}: {f.reason}", 400)) for f in unreachable]
    if stats is not None:
        stats.seconds = time.monotonic() - start
        stats.tasks = progress.total
        for account, _ in plan:
            stats.calls.update(account.calls)
    warnings = sorted({w for account, _ in plan for w in account.warnings} | set(org_warnings))
    return State(resources=resources, errors=errors, warnings=warnings, origin="live")


def role_arns_of(options: LiveOptions, home: str) -> tuple[list[str], list[str]]:
    """The roles to assume (none: the caller's own account), and warnings about accounts left out."""
    filters = (
        options.include_accounts or options.exclude_accounts or options.include_ous or options.exclude_ous
    )
    if not options.organization_role:
        if filters:
            raise UsageError(
                "--include-account/--exclude-account/--include-ou/--exclude-ou filter --organization-role's accounts"
            )
        return list(options.role_arns), []
    if options.role_arns:
        raise UsageError("give --organization-role or --role-arn, not both")
    from scanner.sources.live.organization import check_ou_ids
    from scanner.sources.live.targets import organization_targets

    check_ou_ids(options.include_ous, "--include-ou")
    check_ou_ids(options.exclude_ous, "--exclude-ou")

    found = organization_targets(
        options.profile,
        options.organization_role,
        options.include_accounts,
        options.exclude_accounts,
        home,
        options.settings,
        options.include_ous,
        options.exclude_ous,
    )
    return found.role_arns, found.warnings


class Lost:
    """What the pool could not finish: placeholders (every check they feed ``unknown``) and errors."""

    def __init__(self) -> None:
        self.resources: list[Resource] = []
        self.errors: list[ScanError] = []
        self._done: set[tuple[str, str, str]] = set()

    def _stand_in(self, scan: Scan, reason: str) -> bool:
        key = (scan.account_id, scan.region, scan.collector.name)
        if key in self._done:
            return False
        self._done.add(key)
        self.resources.extend(stand_ins(scan.collector, scan.account_id, scan.partition, scan.region, reason))
        return True

    def crashed(self, work: Work, exc: BaseException) -> None:
        scan: Scan = work.owner
        detail = clean(f"{type(exc).__name__}: {exc}", 200)
        reason = f"collector {scan.collector.name} failed in {scan.region}: {detail}"
        if self._stand_in(scan, reason):
            self.errors.append(ScanError(f"account {scan.account_id}, {scan.region}: {reason}"))

    def unfinished(self, works: list[Work]) -> None:
        clock = works[0].owner.clock
        why = clock.why if clock is not None else "deadline reached"
        names = set()
        for work in works:
            scan: Scan = work.owner
            if self._stand_in(scan, f"{why}: {scan.collector.name} in {scan.region} was not finished"):
                names.add(f"{scan.account_id} {scan.region} {scan.collector.name}")
        listed = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        self.errors.append(
            ScanError(f"{why}: {len(names)} collector(s) not finished, their checks are unknown ({listed})")
        )


def placements(collectors: list[Collector], regions: list[str], home: str) -> list[tuple[Collector, str]]:
    """(collector, region) pairs: global services once, in ``home``; the others in every region."""
    return [(c, r) for c in collectors for r in ([home] if c.global_service else regions)]


def tasks_for(account: Account, where: list[tuple[Collector, str]], clock: Clock) -> list[Work]:
    """One pool task per (collector, region) of ``account``."""
    tasks = []
    for collector, region in where:
        scan = Scan(account, region, collector, clock)
        tasks.append(Work(f"{account.account_id} {region} {collector.name}", scan, _task(scan)))
    return tasks


def global_region(partition: str) -> str:
    """Where an account's global services are called (as :func:`scope.home_region`, by partition)."""
    return {"aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}.get(partition, "us-east-1")


def _unreachable(
    failed: Unreachable, collectors: list[Collector], regions: list[str], home: str
) -> list[Resource]:
    """Every check of an account the scan could not enter is unknown, naming why."""
    partition = partition_of(home)
    out: list[Resource] = []
    for collector in collectors:
        for region in [global_region(partition)] if collector.global_service else regions:
            out.extend(stand_ins(collector, failed.account_id, partition, region, failed.reason))
    return out


def _task(scan: Scan):
    def run():
        return scan.collector.collect(scan)

    return run


def home_region_of(options: LiveOptions) -> str:
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


def scan_errors(account: Account) -> list[ScanError]:
    """One error per (region, action, kind of failure), counting repeats, so 500 denied buckets are one line."""
    groups: dict[tuple, list[CallError]] = {}
    for err in account.errors:
        groups.setdefault((err.region, err.action, err.category, err.code), []).append(err)
    out = []
    for (region, _action, _cat, _code), errs in sorted(groups.items(), key=lambda kv: tuple(map(str, kv[0]))):
        times = f" ({len(errs)} calls)" if len(errs) > 1 else ""
        out.append(ScanError(f"account {account.account_id}, {region}: {errs[0].reason}{times}"))
    return out
