"""An organisation scan as units: plan every unit, take this shard's share, scan each into the results folder.

Units run one after another (the pool parallelises the calls inside a unit), and a
unit's state is written and dropped before the next begins, so a shard's memory is
that of its largest unit, not of its share. Units an earlier run completed are
skipped. The link step (KMS keys, CloudTrail coverage of buckets) needs facts from
several units of an account; it runs in ``merge``, which has them all.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.sources.live import scope
from scanner.sources.live.base import stand_ins
from scanner.sources.live.collect import (
    LiveOptions,
    Lost,
    global_region,
    home_region_of,
    placements,
    role_arns_of,
    scan_errors,
    tasks_for,
)
from scanner.sources.live.errors import UsageError
from scanner.sources.live.pool import Clock, run_tasks
from scanner.sources.live.progress import Progress
from scanner.sources.live.ratelimit import Limiter
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.results import COMPLETE, FAILED, Plan, ResultsDir
from scanner.sources.live.session import (
    Account,
    _account,
    assumed_session,
    base_session,
    partition_of,
)
from scanner.sources.live.targets import arn_account
from scanner.sources.live.units import Shard, Unit, plan_units, take
from scanner.state import ScanError, State
from scanner.util.safetext import clean


@dataclass
class ShardRun:
    """What one shard did, for its one-line summary and the exit code."""

    shard: Shard
    planned: int = 0  # units of the whole scan
    mine: int = 0  # this shard's share
    skipped: int = 0  # completed by an earlier run
    complete: int = 0
    failed: list[str] = field(default_factory=list)
    not_started: int = 0  # the deadline came first
    calls: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    rate_waited: float = 0.0

    def summary(self) -> str:
        parts = [f"shard {self.shard}: {self.mine} of {self.planned} unit(s)", f"{self.complete} scanned"]
        if self.skipped:
            parts.append(f"{self.skipped} already done")
        if self.failed:
            shown = ", ".join(self.failed[:3]) + (" …" if len(self.failed) > 3 else "")
            parts.append(f"{len(self.failed)} failed ({shown}; run again to retry)")
        if self.not_started:
            parts.append(f"{self.not_started} not started (deadline; run again to resume)")
        return ", ".join(parts)


@dataclass
class _Entered:
    """The current account: its session, identity, clients and token buckets (dropped on the next account)."""

    account_id: str
    session: Any = None
    partition: str = "aws"
    label: str = ""
    failure: str | None = None
    clients: dict = field(default_factory=dict)
    limiter: Limiter | None = None


def plan_scan(options: LiveOptions) -> tuple[Plan, dict[str, str | None]]:
    """Every unit of the scan, and the role to assume per account (None: the caller's own credentials)."""
    home = home_region_of(options)
    role_arns, warnings = role_arns_of(options, home)
    roles: dict[str, str | None] = {}
    if role_arns:
        for arn in role_arns:
            roles.setdefault(arn_account(arn), arn)
    else:
        own = _account(base_session(options.profile), home, options.settings, "default credentials")
        roles[own.account_id] = None
    if options.regions is None:
        caller = _account(base_session(options.profile), home, options.settings, "default credentials")
        regions = scope.enabled_regions(caller)  # once, from the identity that runs the scan
    else:
        regions = options.regions or [home]
    collectors = chosen_collectors(options)
    units = plan_units(
        sorted(roles),
        regions,
        global_unit=any(c.global_service for c in collectors),
        regional=any(not c.global_service for c in collectors),
    )
    services = sorted(options.services) if options.services else None
    return Plan(units, regions, partition_of(home), services=services, warnings=warnings), roles


def chosen_collectors(options: LiveOptions) -> list:
    return [c for c in all_collectors() if not options.services or c.name in options.services]


def scan_shard(options: LiveOptions, shard: Shard, folder: Path) -> ShardRun:
    """Scan this shard's units into ``folder``; units already complete there are skipped."""
    start = time.monotonic()
    plan, roles = plan_scan(options)
    mine = take(plan.units, shard)
    results = ResultsDir(folder)
    results.write_plan(plan, shard, mine)
    run = ShardRun(shard, planned=len(plan.units), mine=len(mine))
    clock = Clock(options.deadline)
    collectors = chosen_collectors(options)
    home = home_region_of(options)
    entered: _Entered | None = None
    base = base_session(options.profile)  # one for the shard: its loader serves every account's models
    for unit in mine:
        if results.is_complete(unit, plan.services):
            run.skipped += 1
            continue
        if clock.expired():
            run.not_started += 1
            continue
        if entered is None or entered.account_id != unit.account:
            if entered is not None and entered.limiter is not None:
                run.rate_waited += entered.limiter.waited()
            entered = _enter(options, base, unit.account, roles[unit.account], home)
        unit_start = time.monotonic()
        state, facts, calls, failed = _scan_unit(options, unit, entered, collectors, clock)
        status = FAILED if failed else COMPLETE
        seconds = time.monotonic() - unit_start
        results.write_unit(unit, state, facts, status, plan.services, sum(calls.values()), seconds)
        run.calls.update(calls)
        if status == COMPLETE:
            run.complete += 1
        else:
            run.failed.append(unit.id)
        del state, facts  # written: nothing of this unit is kept
    if entered is not None and entered.limiter is not None:
        run.rate_waited += entered.limiter.waited()
    run.seconds = time.monotonic() - start
    return run


def _enter(options: LiveOptions, base: Any, account_id: str, role_arn: str | None, home: str) -> _Entered:
    label = role_arn or "default credentials"
    try:
        session = base
        if role_arn:
            session = assumed_session(session, role_arn, options.external_id, home, options.settings)
        account = _account(session, home, options.settings, label)
    except UsageError as exc:
        return _Entered(account_id, label=label, partition=partition_of(home), failure=str(exc))
    if account.account_id != account_id:
        reason = f"{label} enters account {account.account_id}, not {account_id}"
        return _Entered(account_id, label=label, partition=account.partition, failure=reason)
    limiter = Limiter(options.settings.rate_limit)
    return _Entered(account_id, session, account.partition, label, limiter=limiter)


def _scan_unit(
    options: LiveOptions, unit: Unit, entered: _Entered, collectors: list, clock: Clock
) -> tuple[State, dict[str, Any], Counter, bool]:
    """The unit's state, its link facts, its calls, and whether it failed (to be run again).

    A unit fails when its account could not be entered, a collector crashed or the
    deadline came; denied calls do not make it fail (a rerun would be denied again).
    """
    mine = [c for c in collectors if c.global_service == unit.is_global]
    if entered.failure is not None:
        region = global_region(entered.partition) if unit.is_global else unit.region
        resources = [
            r for c in mine for r in stand_ins(c, unit.account, entered.partition, region, entered.failure)
        ]
        errors = [ScanError(clean(f"{entered.label}: {entered.failure}", 400))]
        return State(resources=resources, errors=errors, origin="live"), {}, Counter(), True
    account = Account(
        entered.session,
        unit.account,
        options.settings,
        partition=entered.partition,
        label=entered.label,
        _clients=entered.clients,
        limiter=entered.limiter,
    )
    regions = [] if unit.is_global else [unit.region]
    tasks = tasks_for(account, placements(mine, regions, scope.home_region(account)), clock)
    lost = Lost()
    progress = Progress(enabled=options.progress)
    try:
        resources = run_tasks(tasks, options.max_workers, progress, lost.crashed, lost.unfinished, clock)
    finally:
        progress.close()
    resources.extend(lost.resources)
    resources.sort(key=lambda r: (r.account or "", r.resource_type, r.address))
    errors = scan_errors(account) + lost.errors
    state = State(resources=resources, errors=errors, warnings=sorted(account.warnings), origin="live")
    return state, dict(account.facts), Counter(account.calls), bool(lost.errors)
