"""``privacy-scan live``: the same checks on live AWS accounts, read-only.

boto3 is imported only inside the scan itself (``scanner.sources.live.collect``),
never when this module is imported, so the other commands stay fast and offline.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from scanner.commands.options import check_options, finish, output_options, promise_options
from scanner.pipeline import evaluate_state, resolve_promises
from scanner.state import State
from scanner.util.atomic import write_text_atomic
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError


@click.command("live")
@click.option("--profile", help="An AWS profile (default: boto3's standard credential chain).")
@click.option(
    "--role-arn",
    "role_arns",
    multiple=True,
    help="A role to assume, one per account to scan (repeatable).",
)
@click.option("--external-id", help="The external id the roles require, if any.")
@click.option(
    "--organization-role",
    metavar="NAME",
    help="Scan every active account of the AWS Organization (organizations:ListAccounts) through "
    "arn:aws:iam::<account>:role/NAME.",
)
@click.option(
    "--include-account",
    "include_accounts",
    multiple=True,
    metavar="ID|NAME-PATTERN",
    help="With --organization-role: only these accounts (id, or a pattern over the name such as 'prod-*'; repeatable).",
)
@click.option(
    "--exclude-account",
    "exclude_accounts",
    multiple=True,
    metavar="ID|NAME-PATTERN",
    help="With --organization-role: leave these accounts out (repeatable).",
)
@click.option(
    "--include-ou",
    "include_ous",
    multiple=True,
    metavar="OU-ID",
    help="With --organization-role: only accounts under this organizational unit, at any depth "
    "(ou-… or the root's r-…; repeatable).",
)
@click.option(
    "--exclude-ou",
    "exclude_ous",
    multiple=True,
    metavar="OU-ID",
    help="With --organization-role: leave out the accounts under this organizational unit, at any depth "
    "(repeatable).",
)
@click.option(
    "--regions",
    help="Comma-separated regions, or 'all' for every region the account has enabled "
    "(default: the session's region). Global services are scanned once.",
)
@promise_options
@click.option(
    "--save-state",
    type=click.Path(path_type=Path),
    help="Write the collected state (JSON, no secrets) to FILE, for drift and later comparison.",
)
@click.option(
    "--from-state",
    type=click.Path(path_type=Path),
    help="Evaluate a state saved with --save-state, offline, instead of calling AWS.",
)
@click.option(
    "--results-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write one saved state per unit (account x region, and each account's global services) to DIR, "
    "skipping units an earlier run completed; combine them with `privacy-scan merge DIR`.",
)
@click.option(
    "--shard",
    metavar="I/N|auto",
    help="Scan only shard I of N (from 0) of the units, with --results-dir. 'auto' takes I from "
    "AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX.",
)
@click.option(
    "--shard-count",
    type=click.IntRange(1, 100000),
    help="With --shard auto: how many shards run (default for AWS Batch: AWS_BATCH_JOB_ARRAY_SIZE).",
)
@click.option(
    "--services",
    metavar="LIST",
    help="Only these collectors, comma-separated (e.g. s3,kms,logs,cloudtrail); default: all. "
    "`privacy-scan live --list-services` names them.",
)
@click.option("--list-services", is_flag=True, help="List the collectors (for --services), and exit.")
@click.option(
    "--rate-limit",
    type=click.FloatRange(0, 10000),
    default=40.0,
    show_default=True,
    help="Requests per second per account, region and service (a token bucket before adaptive retries); 0: none.",
)
@click.option("--print-iam-policy", is_flag=True, help="Print the IAM policy the scan needs, and exit.")
@click.option(
    "--max-workers", type=click.IntRange(1, 64), default=8, show_default=True, help="Parallel calls."
)
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 50),
    default=10,
    show_default=True,
    help="Attempts per call (adaptive retries, incl. throttling).",
)
@click.option(
    "--call-timeout",
    type=click.FloatRange(1, 600),
    default=20.0,
    show_default=True,
    help="Seconds to wait for one call's answer.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(1, 86400),
    default=1800.0,
    show_default=True,
    help="Seconds for the whole scan; what is not read by then is unknown ('deadline reached').",
)
@check_options
@output_options
def live(
    profile,
    role_arns,
    external_id,
    organization_role,
    include_accounts,
    exclude_accounts,
    include_ous,
    exclude_ous,
    regions,
    statement,
    promises,
    save_state,
    from_state,
    results_dir,
    shard,
    shard_count,
    services,
    list_services,
    rate_limit,
    print_iam_policy,
    max_workers,
    max_attempts,
    call_timeout,
    deadline,
    check_dirs,
    **output_opts,
) -> None:
    """Scan live AWS accounts (read-only Describe/Get/List calls) against the promises."""
    if print_iam_policy:
        from scanner.sources.live.iam_policy import iam_policy_json

        click.echo(iam_policy_json(), nl=False)
        return
    if list_services:
        from scanner.sources.live.registry import all_collectors

        for collector in all_collectors():
            click.echo(f"{collector.name}{' (global)' if collector.global_service else ''}")
        return
    options = live_options(
        profile,
        role_arns,
        external_id,
        regions,
        max_workers,
        max_attempts,
        call_timeout,
        deadline,
        organization_role=organization_role,
        include_accounts=include_accounts,
        exclude_accounts=exclude_accounts,
        include_ous=include_ous,
        exclude_ous=exclude_ous,
        rate_limit=rate_limit,
        services=services,
    )
    if results_dir or shard or shard_count:
        if from_state or save_state:
            raise InputError(
                "--results-dir writes a saved state per unit: not with --save-state or --from-state"
            )
        run_shard(options, shard, shard_count, results_dir)
        return
    promise_set = resolve_promises(statement, promises)
    if from_state:
        if save_state:
            raise InputError("give --save-state or --from-state, not both")
        state = load_state(from_state)
        target = f"saved state {from_state}"
    else:
        state = collect(options)
        target = _target(state, regions)
        if save_state:
            write_state(state, save_state)
    report = evaluate_state(state, promise_set, list(check_dirs), target=target)
    finish(report, output_opts)


def live_options(
    profile,
    role_arns,
    external_id,
    regions,
    max_workers,
    max_attempts,
    call_timeout,
    deadline=None,
    organization_role=None,
    include_accounts=(),
    exclude_accounts=(),
    rate_limit=None,
    services=None,
    include_ous=(),
    exclude_ous=(),
):
    """The command line as :class:`~scanner.sources.live.collect.LiveOptions` (no boto3 import)."""
    from scanner.sources.live.collect import LiveOptions
    from scanner.sources.live.errors import UsageError
    from scanner.sources.live.ratelimit import DEFAULT_RATE
    from scanner.sources.live.registry import parse_services
    from scanner.sources.live.scope import parse_regions
    from scanner.sources.live.session import ClientSettings

    try:
        return LiveOptions(
            profile=profile,
            role_arns=list(role_arns),
            external_id=external_id,
            regions=parse_regions(regions),
            max_workers=max_workers,
            settings=ClientSettings(
                max_attempts=max_attempts,
                call_timeout=call_timeout,
                rate_limit=(rate_limit or None) if rate_limit is not None else DEFAULT_RATE,
            ),
            deadline=deadline,
            organization_role=organization_role,
            include_accounts=list(include_accounts),
            exclude_accounts=list(exclude_accounts),
            include_ous=list(include_ous),
            exclude_ous=list(exclude_ous),
            services=parse_services(services),
        )
    except UsageError as exc:
        raise InputError(str(exc)) from None


def collect(options) -> State:
    from scanner.sources.live.collect import collect_live
    from scanner.sources.live.errors import UsageError

    try:
        return collect_live(options)
    except UsageError as exc:
        raise InputError(str(exc)) from None


def run_shard(options, shard: str | None, shard_count: int | None, results_dir: Path | None) -> None:
    """Scan one shard of the units into the results folder; exit 0, or 3 when a unit must run again."""
    import os
    import sys

    from scanner.exitcodes import EXIT_INCOMPLETE, EXIT_OK
    from scanner.sources.live.errors import UsageError
    from scanner.sources.live.results import ResultsError
    from scanner.sources.live.shards import scan_shard
    from scanner.sources.live.units import parse_shard

    if results_dir is None:
        raise InputError("--shard needs --results-dir (where the shard writes its units)")
    try:
        chosen = parse_shard(shard, shard_count, os.environ)
        run = scan_shard(options, chosen, results_dir)
    except (UsageError, ResultsError) as exc:
        raise InputError(str(exc)) from None
    click.echo(f"privacy-scan: {run.summary()}", err=True)
    sys.exit(EXIT_INCOMPLETE if run.failed or run.not_started else EXIT_OK)


# A saved state of a large organisation is tens of megabytes; anything beyond this is not one.
MAX_STATE_BYTES = 512 * 1024 * 1024


def load_state(path: Path) -> State:
    """A state saved with ``--save-state``: one line (exit 2) for anything else, never a traceback."""
    from scanner.util.confined import ConfinementError, read_bytes_capped

    try:
        data = json.loads(read_bytes_capped(path, MAX_STATE_BYTES))
    except ConfinementError as exc:
        raise InputError(f"cannot read the saved state: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read {clean(path)}: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{clean(path)} is not a saved state (invalid JSON: {clean(exc)})") from None
    if not isinstance(data, dict):
        raise InputError(f"{clean(path)} is not a saved state")
    try:
        return State.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise InputError(f"{clean(path)} is not a saved state: {clean(exc)}") from None


def write_state(state: State, path: Path) -> None:
    try:
        write_text_atomic(path, json.dumps(state.to_dict(), indent=1, sort_keys=False) + "\n")
    except OSError as exc:
        raise InputError(f"cannot write {clean(path)}: {exc.strerror}") from None


def _target(state: State, regions: str | None) -> str:
    accounts = sorted({r.account for r in state.resources if r.account})
    return f"live AWS account(s) {', '.join(accounts) or '?'}, regions {regions or 'default'}"
