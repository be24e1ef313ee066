"""``privacy-scan checks``: list the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import click
from tabulate import tabulate

from scanner.engine.catalogue import load_catalogue


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
    rows = [
        [
            c.control,
            c.id,
            c.severity,
            ", ".join(c.resource_types) or ", ".join(k.value for k in c.kinds),
            c.title,
        ]
        for c in catalogue
    ]
    click.echo(tabulate(rows, headers=["control", "check", "severity", "applies to", "title"]))
    click.echo(f"\n{len(catalogue)} checks")
