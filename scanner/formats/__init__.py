"""Output formats. Each module renders a Report to text and nothing else; add one to FORMATS."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from scanner.report import Report

Renderer = Callable[[Report], str]

# format name -> module in this package that defines ``render(report) -> str``
FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
    "github": "github",
    "html": "html",
}


def renderer(name: str) -> Renderer:
    return importlib.import_module(f"scanner.formats.{FORMATS[name]}").render
