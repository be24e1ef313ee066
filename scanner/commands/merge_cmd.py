"""``privacy-scan merge DIR...``: one report from the units an organisation scan's shards wrote.

The merged state is evaluated once, through the same pipeline and output options
as ``iac`` and ``live`` (every format, ``--also``, baselines, suppressions, exit
codes): a merge is a scan whose collection happened elsewhere. Units that are
missing or failed make their checks ``unknown`` and are named in the warnings.
"""

from __future__ import annotations

from pathlib import Path

import click

from scanner.commands.options import check_options, finish, output_options, promise_options
from scanner.pipeline import evaluate_state, resolve_promises
from scanner.util.yamlfile import InputError


@click.command("merge")
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path, file_okay=False))
@promise_options
@check_options
@output_options
def merge(folders, statement, promises, check_dirs, **output_opts) -> None:
    """Evaluate the results folders of `live --results-dir` (all shards) as one scan, and report."""
    from scanner.sources.live.merge import merge_folders
    from scanner.sources.live.results import ResultsError

    promise_set = resolve_promises(statement, promises)
    try:
        merged = merge_folders(list(folders))
    except ResultsError as exc:
        raise InputError(str(exc)) from None
    click.echo(
        f"privacy-scan: merged {merged.complete} of {merged.units} unit(s) over {len(merged.accounts)} account(s)"
        + (f", {len(merged.failed)} failed" if merged.failed else "")
        + (f", {len(merged.missing)} missing" if merged.missing else ""),
        err=True,
    )
    target = f"organisation scan results {' '.join(map(str, folders))} ({len(merged.accounts)} account(s))"
    report = evaluate_state(merged.state, promise_set, list(check_dirs), target=target)
    finish(report, output_opts)
