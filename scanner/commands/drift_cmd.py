"""``privacy-scan drift``: code vs cloud by resource identity, and this scan vs the last one by fingerprint.

Two modes, chosen by the options given:

- ``--iac DIR [--var-file F] [--tfstate FILE] (--live [scope] | --state FILE)``: the
  Terraform code against the cloud (collected now, or a state saved with
  ``privacy-scan live --save-state``);
- ``--from OLD.json --to NEW.json``: two saved scan results or states.

Exit 1 when drift touches a promise (or a finding is new), 3 when a side was
incomplete and nothing touched a promise, 0 otherwise, 2 on bad input. boto3 is
imported only with ``--live``.
"""

from __future__ import annotations

from pathlib import Path

import click

from scanner.commands.messages import warn
from scanner.commands.options import (
    check_options,
    parse_vars,
    promise_options,
    switch_off_caches,
    write_output,
)
from scanner.drift.findings_diff import SavedScan, load_saved
from scanner.drift.model import DriftReport
from scanner.drift.render import RENDERERS as TEXT_RENDERERS
from scanner.drift.run import code_vs_cloud, regions_in, scan_vs_scan
from scanner.drift.tfstate import load_tfstate
from scanner.pipeline import load_iac_state, resolve_promises
from scanner.state import State
from scanner.util.yamlfile import InputError


def _render_html(report: DriftReport, verbose: bool = False) -> str:
    from scanner.formats.html import render_drift  # Jinja2 loads only for this format

    return render_drift(report, verbose)


RENDERERS = {**TEXT_RENDERERS, "html": _render_html}


def _mode(iac_paths, live, state_file, from_file, to_file) -> str:
    """Which comparison the options ask for; a mix of both modes is a usage error."""
    code_side = bool(iac_paths) or live or state_file is not None
    scans = from_file is not None or to_file is not None
    if code_side and scans:
        raise InputError("give --iac with --live or --state, or --from with --to, not both")
    if scans:
        if from_file is None or to_file is None:
            raise InputError("--from and --to go together: the old and the new scan")
        return "scan-vs-scan"
    if not iac_paths:
        raise InputError("give --iac DIR with --live or --state FILE, or --from OLD.json --to NEW.json")
    if live == (state_file is not None):
        raise InputError("give exactly one cloud side: --live or --state FILE")
    return "code-vs-cloud"


def _collect_live(profile, role_arns, external_id, regions, max_workers) -> State:
    """The live source's own collection, imported here so boto3 loads only for --live."""
    from scanner.sources.live.collect import LiveOptions, collect_live
    from scanner.sources.live.errors import UsageError
    from scanner.sources.live.scope import parse_regions

    try:
        options = LiveOptions(
            profile=profile,
            role_arns=list(role_arns),
            external_id=external_id,
            regions=parse_regions(regions),
            max_workers=max_workers,
        )
        return collect_live(options)
    except UsageError as exc:
        raise InputError(str(exc)) from None


def _scanned_regions(regions: str | None, cloud: State, profile: str | None, live: bool) -> set[str] | None:
    """The regions the cloud side covers: as given with --regions (``all``: every one), else as known.

    --live without --regions scans the session's region. A saved state does not record
    which regions were scanned, so the regions its regional resources are in stand for
    them; ``--regions`` says it exactly, for --state too.
    """
    if regions is not None and regions.strip().lower() == "all":
        return None
    if regions:
        return {r.strip() for r in regions.split(",") if r.strip()}
    if live:
        from scanner.sources.live.session import session_region

        home = session_region(profile)
        return {home} if home else None
    return regions_in(cloud)


def _saved_state(path: Path) -> State:
    saved: SavedScan = load_saved(path)
    if saved.state is None:
        raise InputError(
            f"{path}: a saved scan result has no attributes to compare; give a saved state (--save-state)"
        )
    return saved.state


def emit(report: DriftReport, fmt: str, output: Path | None, verbose: bool) -> None:
    text = RENDERERS[fmt](report, verbose)
    if output:
        write_output(output, text)
    else:
        click.echo(text, nl=False)
    if output or fmt != "table":
        for w in report.warnings:
            warn(w)


@click.command("drift")
@click.option(
    "--iac",
    "iac_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Terraform directory (repeatable).",
)
@click.option(
    "--var-file", "var_files", multiple=True, type=click.Path(path_type=Path), help="A .tfvars file."
)
@click.option("--var", "var_pairs", multiple=True, help="A variable, NAME=VALUE (repeatable).")
@click.option(
    "--tfstate",
    type=click.Path(path_type=Path),
    help="terraform.tfstate (v4): match by the ids and ARNs Terraform recorded.",
)
@click.option(
    "--live", is_flag=True, help="Collect the cloud side now (read-only), as `privacy-scan live` does."
)
@click.option("--state", "state_file", type=click.Path(path_type=Path), help="The cloud side: a saved state.")
@click.option(
    "--from", "from_file", type=click.Path(path_type=Path), help="The old scan (result or state JSON)."
)
@click.option("--to", "to_file", type=click.Path(path_type=Path), help="The new scan (result or state JSON).")
@click.option("--profile", help="--live: an AWS profile.")
@click.option(
    "--role-arn", "role_arns", multiple=True, help="--live: a role to assume per account (repeatable)."
)
@click.option("--external-id", help="--live: the external id the roles require.")
@click.option(
    "--regions",
    help="Comma-separated regions, or 'all': what --live scans, and what a --state covers "
    "(default: the session's region for --live, the regions seen in the state for --state).",
)
@click.option(
    "--max-workers", type=click.IntRange(1, 64), default=8, show_default=True, help="--live: parallel calls."
)
@promise_options
@check_options
@click.option(
    "--ignore", "ignore", multiple=True, help="Skip resources matching GLOB (type.name, name or address)."
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache.")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(sorted(RENDERERS)), default="table", show_default=True
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report to FILE.")
@click.option(
    "--verbose", "-v", is_flag=True, help="Also list attributes that could not be compared, and why."
)
def drift(
    iac_paths,
    var_files,
    var_pairs,
    tfstate,
    live,
    state_file,
    from_file,
    to_file,
    profile,
    role_arns,
    external_id,
    regions,
    max_workers,
    statement,
    promises,
    check_dirs,
    ignore,
    no_cache,
    fmt,
    output,
    verbose,
) -> None:
    """Drift: Terraform code vs the cloud, or this scan vs the last one."""
    if no_cache:
        switch_off_caches()
    mode = _mode(iac_paths, live, state_file, from_file, to_file)
    if mode == "scan-vs-scan":
        old, new = load_saved(from_file), load_saved(to_file)
        needs_promises = old.state is not None or new.state is not None or statement or promises
        promise_set = resolve_promises(statement, promises) if needs_promises else None
        report = scan_vs_scan(old, new, promise_set, list(check_dirs))
    else:
        promise_set = resolve_promises(statement, promises)
        entries = load_tfstate(tfstate) if tfstate else None
        code = load_iac_state(list(iac_paths), list(var_files), parse_vars(var_pairs), use_cache=not no_cache)
        if live:
            cloud = _collect_live(profile, role_arns, external_id, regions, max_workers)
            cloud_label = f"live AWS ({regions or 'session region'})"
        else:
            cloud = _saved_state(state_file)
            cloud_label = f"saved state {state_file}"
        scanned = _scanned_regions(regions, cloud, profile if live else None, live)
        report = code_vs_cloud(
            code,
            cloud,
            promise_set,
            list(check_dirs),
            tfstate=entries,
            ignore=list(ignore),
            before_label=f"code {' '.join(map(str, iac_paths))}",
            after_label=cloud_label,
            scanned_regions=scanned,
        )
    emit(report, fmt, output, verbose)
    raise SystemExit(report.exit_code())
