"""Drift: code vs cloud (two states matched by resource identity) and this scan vs the last one.

Promises break silently: a bucket made public in the console, a TLS policy lowered
by a hot-fix, a log retention raised by hand. Terraform still says the right thing;
the cloud no longer does. This package compares two states (``compare``), two
scans (``findings_diff``), and says which promise each difference touches
(``relevance``), using the identity rules in ``identity``.
"""

from scanner.drift.model import (
    AttributeChange,
    DriftItem,
    DriftReport,
    FindingChange,
    NotCompared,
)

__all__ = ["AttributeChange", "DriftItem", "DriftReport", "FindingChange", "NotCompared"]
