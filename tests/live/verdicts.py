"""Expected verdicts of the live scenario: fixtures/live/expected-*.yaml, with ``{name}`` placeholders.

A check id listed anywhere in the files is asserted *exactly* (every verdict it
gives on the scenario, no more, no fewer); what moto cannot represent is covered by
the recorded answers in fixtures/live/recorded/ (tests/live/test_recorded.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "live"


def expected(names: dict[str, Any]) -> Counter:
    out: Counter = Counter()
    for path in sorted(FIXTURES.glob("expected-*.yaml")):
        for row in yaml.safe_load(path.read_text()) or []:
            resource = row["resource"].format(**names)
            out[(row["check"], resource, row["status"])] += 1
    return out


def actual(findings: list[dict[str, Any]], checks: set[str]) -> Counter:
    return Counter((f["check_id"], f["resource"], f["status"]) for f in findings if f["check_id"] in checks)


def diff(want: Counter, got: Counter, names: dict[str, Any]) -> str:
    inverse = {str(v): "{" + k + "}" for k, v in names.items()}

    def show(rows: Counter) -> str:
        return "\n".join(
            f"  - {{check: {c}, resource: '{inverse.get(r, r)}', status: {s}}}" for c, r, s in sorted(rows)
        )

    return f"missing:\n{show(want - got)}\nextra:\n{show(got - want)}"
