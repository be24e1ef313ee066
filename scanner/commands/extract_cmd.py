"""``privacy-scan extract``: turn a privacy statement into a promises file to review."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.util.atomic import write_text_atomic
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError


@click.command("extract")
@click.argument("statement", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the promises to FILE.")
@click.option(
    "--explain",
    is_flag=True,
    help="Show for each promise the rule or vocabulary entry that produced it.",
)
def extract(statement: Path, fmt: str, output: Path | None, explain: bool) -> None:
    """Extract the promises of STATEMENT (text, Markdown or HTML; Dutch or English).

    The YAML output is a promises file with a review comment per promise; check
    it, then scan with --promises FILE.
    """
    # Imported here: the extractor compiles many patterns, which other commands need not pay for.
    from scanner.extract import extract_statement, render_promises_json, render_promises_yaml

    promise_set = extract_statement(statement, per_sentence=True)
    if fmt == "yaml":
        text = render_promises_yaml(promise_set, explain=explain)
    else:
        text = render_promises_json(promise_set, explain=explain)
    for warning in promise_set.warnings:
        click.echo(f"privacy-scan: warning: {warning}", err=True)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_text_atomic(output, text)
    except OSError as exc:
        raise InputError(f"cannot write {clean(output)}: {exc.strerror or exc}") from None
    click.echo(f"wrote {len(promise_set.promises)} promises to {clean(output)}", err=True)
    if promise_set.candidates:
        click.echo(
            f"{len(promise_set.candidates)} possible promises not understood (listed in the file for review)",
            err=True,
        )
