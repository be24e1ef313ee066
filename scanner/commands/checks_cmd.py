"""``privacy-scan checks``: list the catalogue, fitted to the terminal (``COLUMNS``, 100 when unknown)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from scanner.engine.catalogue import load_catalogue
from scanner.formats.escape import plain
from scanner.formats.layout import wrapped_table


@click.command("checks")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--checks-dir", "check_dirs", multiple=True, type=click.Path(path_type=Path))
def checks(fmt: str, check_dirs: tuple[Path, ...]) -> None:
    """List the checks in the catalogue, by control."""
    catalogue = sorted(load_catalogue(list(check_dirs)), key=lambda c: (c.control, c.id))
    if fmt == "json":
        rows = [
            {
                "id": c.id,
                "control": c.control,
                "title": c.title,
                "severity": c.severity,
                "kinds": [k.value for k in c.kinds],
                "resource_types": c.resource_types,
                "params": c.params,
            }
            for c in catalogue
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    # a user's --checks-dir is text from a repository too: cleaned like every other value
    rows = [[plain(c.control), plain(c.id), plain(c.severity)] for c in catalogue]
    notes = [
        "\n".join(
            [
                plain(c.title),
                "applies to: " + plain(", ".join(c.resource_types) or ", ".join(k.value for k in c.kinds)),
            ]
        )
        for c in catalogue
    ]
    for line in wrapped_table(["control", "check", "severity"], rows, notes, indent=0):
        click.echo(line)
    click.echo(f"\n{len(catalogue)} checks")
