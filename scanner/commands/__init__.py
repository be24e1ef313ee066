"""Sub-commands of ``privacy-scan``, one module each; add new ones to COMMANDS."""

from __future__ import annotations

import click

from scanner.commands.checks_cmd import checks

COMMANDS: list[click.Command] = [checks]
