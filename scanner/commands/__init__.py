"""Sub-commands of ``privacy-scan``, one module each; add new ones to COMMANDS."""

from __future__ import annotations

import click

from scanner.commands.checks_cmd import checks
from scanner.commands.drift_cmd import drift
from scanner.commands.extract_cmd import extract
from scanner.commands.hook_cmd import hook
from scanner.commands.iac_cmd import iac
from scanner.commands.live_cmd import live
from scanner.commands.merge_cmd import merge

COMMANDS: list[click.Command] = [iac, live, extract, hook, checks, drift, merge]
