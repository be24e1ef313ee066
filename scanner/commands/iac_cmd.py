"""``privacy-scan iac``: scan Terraform directories or a plan JSON file."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.commands.messages import note
from scanner.commands.options import (
    check_options,
    finish,
    output_options,
    parse_vars,
    promise_options,
    switch_off_caches,
)
from scanner.pipeline import resolve_promises, scan_iac


@click.command("iac")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@promise_options
@click.option(
    "--var-file", "var_files", multiple=True, type=click.Path(path_type=Path), help="A .tfvars file."
)
@click.option("--var", "var_pairs", multiple=True, help="A variable, NAME=VALUE (repeatable).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache.")
@check_options
@output_options
def iac(paths, statement, promises, var_files, var_pairs, no_cache, check_dirs, **output_opts) -> None:
    """Scan Terraform code (directories of .tf files, or `terraform show -json` output)."""
    if no_cache:
        switch_off_caches()
    promise_set = resolve_promises(statement, promises)
    if statement and promise_set.candidates:
        # the scan checks only the promises understood; the reviewer should know what was not
        note(
            f"{len(promise_set.candidates)} possible promises not understood in the statement; "
            "run privacy-scan extract --explain to review them"
        )
    report = scan_iac(
        list(paths),
        promise_set,
        var_files=list(var_files),
        cli_vars=parse_vars(var_pairs),
        use_cache=not no_cache,
        check_dirs=list(check_dirs),
    )
    finish(report, output_opts)
