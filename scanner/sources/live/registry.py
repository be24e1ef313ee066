"""The collectors a live scan runs, one module per service; add new ones to ``_MODULES``."""

from __future__ import annotations

import importlib

from scanner.sources.live.base import Collector

_MODULES = (
    ("s3", "S3"),
    ("logs", "Logs"),
    ("rds", "Rds"),
    ("kms", "Kms"),
    ("cloudtrail", "CloudTrail"),
)


def all_collectors() -> list[Collector]:
    out: list[Collector] = []
    for module, cls in _MODULES:
        out.append(getattr(importlib.import_module(f"scanner.sources.live.{module}"), cls)())
    return out
