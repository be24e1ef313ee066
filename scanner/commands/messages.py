"""Every line the command line prints about a run (not the report itself): warnings, notes, errors.

Their text often holds parts of the scanned repository (a module source, a value, a file
name), which may be a stranger's. One raw newline there would let a value start a line of
its own, such as ``::error file=…::``, a command to the CI runner; an ESC or BEL would
drive the terminal. So each message goes through :func:`scanner.util.safetext.clean` here,
once, and comes out as one printable line.
"""

from __future__ import annotations

import click

from scanner.util.safetext import clean

# Long enough for a warning that lists ten resources; a value cannot flood the log.
MAX_MESSAGE = 1000


def warning_line(text: object) -> str:
    """``warning: …`` as one safe line (no newline at the end)."""
    return f"warning: {clean(text, MAX_MESSAGE)}"


def warn(text: object) -> None:
    """Print a warning on stderr."""
    click.echo(warning_line(text), err=True)


def note(text: object) -> None:
    """Print ``privacy-scan: …`` on stderr (what was written, and where)."""
    click.echo(f"privacy-scan: {clean(text, MAX_MESSAGE)}", err=True)


def error(text: object) -> None:
    """Print ``privacy-scan: error: …`` on stderr."""
    click.echo(f"privacy-scan: error: {clean(text, MAX_MESSAGE)}", err=True)
