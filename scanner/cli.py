"""The ``privacy-scan`` command: one click group, one module per sub-command in ``scanner/commands/``.

Errors the user can fix (bad paths, bad files) are :class:`InputError` and end
as one line on stderr with exit 2; nothing the user did should ever show a traceback.
Every line printed here goes through ``clean()`` (see ``scanner/commands/messages.py``).

Ctrl-C ends a run with exit 130 and SIGTERM (a CI job cancelled, a container stopped)
with exit 143, each with one line: SIGTERM raises :class:`Terminated`, a
``KeyboardInterrupt``, in the main thread, so the same clean-ups run for both (an
atomic write in progress removes its temporary file).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import click

from scanner import __version__
from scanner.commands import COMMANDS
from scanner.commands.messages import error
from scanner.exitcodes import EXIT_USAGE
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError

EXIT_SIGINT = 128 + signal.SIGINT  # 130
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every clean-up for an interrupted run applies."""


class _Stopped(BaseException):
    """A run interrupted inside a command, carried past click (which would print an empty line
    and turn it into ``Abort``) to :func:`main`."""

    def __init__(self, interrupt: KeyboardInterrupt) -> None:
        super().__init__()
        self.interrupt = interrupt


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Stopped(exc) from None


# Settings a command must not take from the project configuration. The CI's report
# format and files are for scans: the hook prints a compact list, and ``extract`` and
# ``checks`` have a --format and --output of their own (``format: sarif`` must not break
# them, nor ``output: report.json`` make ``extract`` overwrite the CI report).
CONFIG_IGNORES = {
    "hook": {"fmt", "output", "also"},
    "extract": {"fmt", "output"},
    "checks": {"fmt"},
}


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="privacy-scan")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file (default: the nearest .privacy-scan.yaml or pyproject.toml [tool.privacy-scan]).",
)
@click.option("--no-config", is_flag=True, help="Ignore any configuration file.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, no_config: bool) -> None:
    """Check Terraform code and live AWS accounts against the promises of a privacy statement."""
    if no_config:
        return
    from scanner.config import default_map, find_config, load_config

    path = config_path or find_config()
    if path is None:
        return
    if not path.is_file():
        raise InputError(f"configuration {clean(path)} does not exist")
    mapping = default_map(load_config(path), dict(cli.commands))
    for name, ignored in CONFIG_IGNORES.items():
        if name in mapping:
            mapping[name] = {k: v for k, v in mapping[name].items() if k not in ignored}
    ctx.default_map = mapping
    ctx.meta["privacy_scan.config"] = path


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Run the command line; every way out is an exit code of the contract and at most one line.

    The signal handlers are put back as they were on the way out, for callers that run
    ``main`` in their own process (the tests do).
    """
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: no handler can be installed there
        previous = {}
    try:
        _run()
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: set outside Python, cannot be restored from here
                signal.signal(signum, handler)


def _run() -> None:
    try:
        cli.main(standalone_mode=False)
    except _Stopped as stop:
        _interrupted(stop.interrupt)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _interrupted(exc.__cause__)
        click.echo("privacy-scan: aborted", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except InputError as exc:
        error(exc)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if _debug():
            raise
        error(_unexpected(exc))
        sys.exit(EXIT_USAGE)
    sys.exit(0)


def _interrupted(exc: KeyboardInterrupt) -> None:
    """One line and the shell's exit code for the signal; a second signal no longer interrupts."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    if isinstance(exc, Terminated):
        click.echo("privacy-scan: terminated (SIGTERM)", err=True)
        sys.exit(EXIT_SIGTERM)
    click.echo("privacy-scan: interrupted", err=True)
    sys.exit(EXIT_SIGINT)


def _unexpected(exc: Exception) -> str:
    """What the user is told about an exception nobody expected: its type and a hint, never its
    text (which may quote a file's content or a value), except for the path of a file error."""
    hint = "run with PRIVACY_SCAN_DEBUG=1 for the traceback"
    if isinstance(exc, RecursionError):
        return f"the input is nested too deeply to process (RecursionError; {hint})"
    if isinstance(exc, MemoryError):
        return f"out of memory (MemoryError; {hint})"
    if isinstance(exc, OSError):
        target = f" {clean(exc.filename, 200)}" if exc.filename else ""
        reason = exc.strerror or "failed"
        return f"cannot access{target}: {reason} ({type(exc).__name__}; {hint})"
    return f"internal error: {type(exc).__name__} (please report this; {hint})"


def _debug() -> bool:
    return os.environ.get("PRIVACY_SCAN_DEBUG") == "1"
