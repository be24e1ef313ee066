"""Options shared by the scan commands, and what happens after a scan: filter, suppress, baseline, render, exit.

Every scan command (``iac``, ``live``, ``hook``) decorates itself with
``promise_options``, ``check_options`` and ``output_options`` and ends with
``finish(report, output_opts)``; so the CI features below work for all of them
without each command knowing about them:

1. ``--only`` / ``--skip`` / ``--min-severity`` narrow the findings;
2. inline comments and ``--suppressions FILE`` mark accepted findings suppressed;
3. ``--create-baseline`` / ``--baseline`` accept today's findings;
4. the report is rendered once per requested format (``--format``/``--output``,
   plus any number of ``--also FORMAT=FILE``);
5. the exit code follows ``--fail-on`` and the design's codes.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import click

from scanner.commands.messages import note, warn
from scanner.findings import SEVERITIES
from scanner.formats import FORMATS, renderer
from scanner.report import Report
from scanner.util import cachedir
from scanner.util.atomic import write_text_atomic
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError


def promise_options(fn):
    """--statement and --promises; one given on the command line overrides the other from the configuration."""

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        for given, other in (("statement", "promises"), ("promises", "statement")):
            if kwargs.get(given) and _from_command_line(ctx, given) and not _from_command_line(ctx, other):
                kwargs[other] = None
        return fn(*args, **kwargs)

    command = click.option(
        "--promises", "promises", type=click.Path(path_type=Path), help="A reviewed promises file (YAML)."
    )(command)
    command = click.option(
        "--statement",
        type=click.Path(path_type=Path),
        help="A privacy statement; promises are extracted now.",
    )(command)
    return command


def _from_command_line(ctx: click.Context, param: str) -> bool:
    return ctx.get_parameter_source(param) == click.core.ParameterSource.COMMANDLINE


def output_options(fn):
    """Output, strictness and CI options; all land in the command's ``**output_opts`` for ``finish``."""
    options = [
        click.option(
            "--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="table", show_default=True
        ),
        click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report to FILE."),
        click.option(
            "--also",
            "also",
            multiple=True,
            metavar="FORMAT=FILE",
            help="Also write the report in FORMAT to FILE (repeatable), e.g. --also junit=junit.xml.",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["fail", "unknown", "never"]),
            default="fail",
            show_default=True,
            help="Which findings make the exit code 1.",
        ),
        click.option(
            "--min-severity",
            type=click.Choice(list(SEVERITIES)),
            default="low",
            show_default=True,
            help="Leave out findings of checks below this severity.",
        ),
        click.option(
            "--only",
            "only",
            multiple=True,
            metavar="CHECK",
            help="Run only these checks (repeatable, or a,b).",
        ),
        click.option(
            "--skip", "skip", multiple=True, metavar="CHECK", help="Skip these checks (repeatable, or a,b)."
        ),
        click.option(
            "--suppressions",
            type=click.Path(path_type=Path),
            help="A suppressions file (YAML): accepted findings with reason and expiry.",
        ),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path),
            help="Only findings not in this baseline file fail the run.",
        ),
        click.option(
            "--create-baseline",
            type=click.Path(path_type=Path),
            help="Write the current failing and undecided findings to this baseline file.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
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
            raise InputError(f"--var {clean(pair, 80)!r}: expected NAME=VALUE")
        key, value = pair.split("=", 1)
        out[key.strip()] = value
    return out


def split_ids(values: tuple[str, ...] | list[str] | None) -> set[str]:
    """``--only a,b --only c`` → {a, b, c}."""
    return {part.strip() for v in values or () for part in str(v).split(",") if part.strip()}


def parse_also(values: tuple[str, ...] | list[str] | None) -> list[tuple[str, Path]]:
    out = []
    for value in values or ():
        fmt, sep, file = str(value).partition("=")
        fmt = fmt.strip()
        if not sep or not file.strip():
            raise InputError(f"--also {value!r}: expected FORMAT=FILE, e.g. sarif=results.sarif")
        if fmt not in FORMATS:
            raise InputError(
                f"--also {value!r}: unknown format {fmt!r} (one of {', '.join(sorted(FORMATS))})"
            )
        out.append((fmt, Path(file.strip())))
    return out


@cache
def known_check_ids(check_dirs: tuple[Path, ...]) -> frozenset[str] | None:
    """Ids in the catalogue (for warnings about unknown ids); None when it cannot be loaded."""
    from scanner.engine.catalogue import load_catalogue  # cached on disk by the engine

    try:
        return frozenset(c.id for c in load_catalogue(list(check_dirs)))
    except InputError:
        return None


def _context_param(name: str, default: Any = None) -> Any:
    ctx = click.get_current_context(silent=True)
    return ctx.params.get(name, default) if ctx is not None else default


def prepare(report: Report, output_opts: dict[str, Any]) -> Report:
    """Filter, suppress and baseline the findings in place, as the options say; return the report."""
    check_dirs = tuple(Path(p) for p in (_context_param("check_dirs") or ()))
    report.check_dirs = check_dirs  # type: ignore[attr-defined]  # SARIF rules read it
    only, skip = split_ids(output_opts.get("only")), split_ids(output_opts.get("skip"))
    if only or skip:
        known = known_check_ids(check_dirs)
        if known is not None:
            unknown_only = sorted(only - known)
            if unknown_only:
                raise InputError(
                    f"--only: unknown check id(s): {', '.join(unknown_only)} (see privacy-scan checks)"
                )
            report.warnings.extend(f"--skip: unknown check id {c!r}" for c in sorted(skip - known))
        report.findings = [
            f for f in report.findings if (not only or f.check_id in only) and f.check_id not in skip
        ]
    floor = SEVERITIES.index(output_opts.get("min_severity") or "low")
    report.findings = [
        f for f in report.findings if f.severity not in SEVERITIES or SEVERITIES.index(f.severity) >= floor
    ]
    _suppress(report, output_opts, check_dirs)
    _baseline(report, output_opts)
    return report


def _suppress(report: Report, output_opts: dict[str, Any], check_dirs: tuple[Path, ...]) -> None:
    from scanner.suppressions import apply_suppressions, load_suppressions_file

    path = output_opts.get("suppressions")
    file_suppressions = load_suppressions_file(Path(path)) if path else []
    if not file_suppressions and not any(f.file for f in report.findings):
        return
    apply_suppressions(report, file_suppressions, known_checks=lambda: known_check_ids(check_dirs))


def _baseline(report: Report, output_opts: dict[str, Any]) -> None:
    from scanner.baseline import apply_baseline, load_baseline, write_baseline

    create = output_opts.get("create_baseline")
    if create:
        n = write_baseline(report, Path(create))
        note(f"baseline {create} written: {n} finding(s) accepted")
        apply_baseline(report, load_baseline(Path(create)), str(create))
    elif output_opts.get("baseline"):
        path = Path(output_opts["baseline"])
        apply_baseline(report, load_baseline(path), str(output_opts["baseline"]))


def finish(
    report: Report, output_opts: dict[str, Any], default_renderer: Callable[[Report], str] | None = None
) -> None:
    """Prepare the report, render it as the output options say and exit with the design's exit code.

    ``default_renderer`` replaces the table when no format was chosen on the
    command line (the pre-commit hook prints a compact list instead).
    """
    prepare(report, output_opts)
    fail_on = output_opts.get("fail_on") or "fail"
    code = report.exit_code(fail_on)
    also = parse_also(output_opts.get("also"))
    fmt = output_opts.get("fmt") or "table"
    ctx = click.get_current_context(silent=True)
    chosen = ctx is not None and _from_command_line(ctx, "fmt")
    output = output_opts.get("output")
    if chosen and output and not _from_command_line(ctx, "output"):
        # the configuration's output file is for the configuration's format: `-f json` on
        # the command line prints JSON, it does not overwrite the configured SARIF file
        configured_fmt = (ctx.default_map or {}).get("fmt", "table")
        if configured_fmt != fmt:
            output = None
    if default_renderer is not None and not chosen:
        text = default_renderer(report)
        if output:
            write_output(Path(output), text)
        elif text:
            click.echo(text, nl=False)
    else:
        emit(report, fmt, output)
    for extra_fmt, file in also:
        write_output(file, renderer(extra_fmt)(report))
    sys.exit(code)


def write_output(path: Path, text: str) -> None:
    """Write a report file atomically (a killed run leaves the old file or the whole new one)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
    except OSError as exc:
        raise InputError(f"cannot write {clean(path)}: {exc.strerror or type(exc).__name__}") from None


def emit(report: Report, fmt: str, output: Path | None) -> None:
    text = renderer(fmt)(report)
    if output:
        write_output(Path(output), text)
        for w in report.warnings:
            warn(w)
    else:
        click.echo(text, nl=False)
        if fmt != "table":
            for w in report.warnings:
                warn(w)


def switch_off_caches() -> None:
    """``--no-cache``: no cache is read or written for the rest of this invocation (the catalogue and
    grammar caches too, not only the parse cache), and the switch is undone when the invocation
    ends, so a program or test suite running the CLI in-process is not left without caches."""
    cachedir.disable()
    click.get_current_context().call_on_close(cachedir.reset)
