"""The design's versioned JSON contract.

Values are exact (no shortening, no cleaning: a machine reads them); characters a terminal
or viewer would act on are written as ``\\uXXXX`` escapes (:func:`scanner.formats.escape.json_dumps`).
"""

from __future__ import annotations

from scanner.formats.escape import json_dumps
from scanner.report import Report


def render(report: Report) -> str:
    return json_dumps(report.to_dict())
