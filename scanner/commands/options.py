"""Options shared by the scan commands, and writing the rendered report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.formats import FORMATS, renderer
from scanner.report import Report
from scanner.util.yamlfile import InputError


def promise_options(fn):
    fn = click.option(
        "--promises", "promises", type=click.Path(path_type=Path), help="A reviewed promises file (YAML)."
    )(fn)
    fn = click.option(
        "--statement",
        type=click.Path(path_type=Path),
        help="A privacy statement; promises are extracted now.",
    )(fn)
    return fn


def output_options(fn):
    fn = click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report to FILE.")(fn)
    fn = click.option(
        "--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="table", show_default=True
    )(fn)
    fn = click.option(
        "--fail-on",
        type=click.Choice(["fail", "unknown", "never"]),
        default="fail",
        show_default=True,
        help="Which findings make the exit code 1.",
    )(fn)
    return fn


def check_options(fn):
    fn = click.option(
        "--checks-dir",
        "check_dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        help="A folder of extra checks (YAML) to run too.",
    )(fn)
    return fn


def parse_vars(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"--var {pair!r}: expected NAME=VALUE")
        key, value = pair.split("=", 1)
        out[key.strip()] = value
    return out


def finish(report: Report, output_opts: dict) -> None:
    """Render the report as the output options say and exit with the design's exit code."""
    emit(report, output_opts["fmt"], output_opts["output"])
    sys.exit(report.exit_code(output_opts["fail_on"]))


def emit(report: Report, fmt: str, output: Path | None) -> None:
    try:
        text = renderer(fmt)(report)
    except ModuleNotFoundError:
        raise InputError(f"format {fmt} is not available in this version") from None
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {output}: {exc.strerror}") from None
        for w in report.warnings:
            click.echo(f"warning: {w}", err=True)
    else:
        click.echo(text, nl=False)
        if fmt != "table":
            for w in report.warnings:
                click.echo(f"warning: {w}", err=True)
