"""The ``privacy-scan`` command: one click group, one module per sub-command in ``scanner/commands/``.

Errors the user can fix (bad paths, bad files) are :class:`InputError` and end
as one line on stderr with exit 2; nothing the user did should ever show a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner import __version__
from scanner.commands import COMMANDS
from scanner.exitcodes import EXIT_USAGE
from scanner.util.yamlfile import InputError

# Settings a command must not take from the project configuration. The CI's report
# format and files are for scans: the hook prints a compact list, and ``extract`` and
# ``checks`` have a --format and --output of their own (``format: sarif`` must not break
# them, nor ``output: report.json`` make ``extract`` overwrite the CI report).
CONFIG_IGNORES = {
    "hook": {"fmt", "output", "also"},
    "extract": {"fmt", "output"},
    "checks": {"fmt"},
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
        raise InputError(f"configuration {path} does not exist")
    mapping = default_map(load_config(path), dict(cli.commands))
    for name, ignored in CONFIG_IGNORES.items():
        if name in mapping:
            mapping[name] = {k: v for k, v in mapping[name].items() if k not in ignored}
    ctx.default_map = mapping
    ctx.meta["privacy_scan.config"] = path


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except InputError as exc:
        click.echo(f"privacy-scan: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        click.echo(
            f"privacy-scan: internal error: {type(exc).__name__}: {exc} "
            "(please report this; run with PRIVACY_SCAN_DEBUG=1 for details)",
            err=True,
        )
        if _debug():
            raise
        sys.exit(EXIT_USAGE)
    sys.exit(0)


def _debug() -> bool:
    import os

    return os.environ.get("PRIVACY_SCAN_DEBUG") == "1"
