"""The ``privacy-scan`` command: one click group, one module per sub-command in ``scanner/commands/``.

Errors the user can fix (bad paths, bad files) are :class:`InputError` and end
as one line on stderr with exit 2; nothing the user did should ever show a traceback.
"""

from __future__ import annotations

import sys

import click

from scanner import __version__
from scanner.commands import COMMANDS
from scanner.exitcodes import EXIT_USAGE
from scanner.util.yamlfile import InputError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="privacy-scan")
def cli() -> None:
    """Check Terraform code and live AWS accounts against the promises of a privacy statement."""


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
