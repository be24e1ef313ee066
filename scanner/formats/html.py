"""The self-contained HTML report a data-protection officer reads (``--format html``).

One file with its styles inline and no script, font or image from anywhere (a
Content-Security-Policy says so too), so it opens offline from an e-mail attachment and
prints to PDF from a browser. Rendered with Jinja2, autoescaping on for every template:
nothing from the statement, the code or the cloud is ever marked safe, so it shows as
text. :func:`render` takes the same Report every format takes (``iac``, ``live``,
``merge``); :func:`render_drift` takes a drift report.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scanner import __version__
from scanner.findings import NEW, RESOLVED, STILL_BROKEN
from scanner.formats import report_model
from scanner.formats.escape import NAME_MAX, plain
from scanner.report import Report


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("scanner.formats", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(report: Report) -> str:
    return environment().get_template("report.html.j2").render(**report_model.build(report))


def _drift_value(raw: Any) -> str:
    import json

    if raw is None:
        return "—"
    text = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True, ensure_ascii=False)
    return plain(text, 300)


def drift_model(report: Any, now: datetime | None = None) -> dict[str, Any]:
    """The drift report's view: what drifted (touching a promise first), findings that came and went."""
    now = now or datetime.now(timezone.utc)
    items = []
    for item in sorted(report.items, key=lambda i: (not i.touches_promise, i.status, i.resource_type)):
        who = item.identity or item.before_address or item.after_address or "?"
        items.append(
            {
                "status": plain(item.status, NAME_MAX),
                "resource": plain(f"{item.resource_type} {who}", NAME_MAX),
                "where": plain(
                    f"{item.file}:{item.line}" if item.file and item.line else (item.file or ""), NAME_MAX
                ),
                "region": plain(item.region or "", NAME_MAX),
                "reason": plain(item.reason),
                "promises": [plain(p, NAME_MAX) for p in item.promises],
                "touches": item.touches_promise,
                "changes": [
                    {
                        "attribute": plain(c.attribute, NAME_MAX),
                        "before": _drift_value(c.before),
                        "after": _drift_value(c.after),
                        "checks": [
                            plain(f"{e.check_id}: {e.before or '-'} → {e.after or '-'}")
                            for e in c.effects
                            if e.before != e.after
                        ],
                    }
                    for c in item.changes
                ],
            }
        )
    findings = {
        key: [
            {
                "resource": plain(f.resource, NAME_MAX),
                "check": plain(f.check_id, NAME_MAX),
                "promise": plain(f.promise_id or "", NAME_MAX),
                "status": plain(f"{f.before or '-'} → {f.after or '-'}"),
                "why": plain(f.message),
            }
            for f in report.findings
            if f.change == key
        ]
        for key in (NEW, RESOLVED, STILL_BROKEN)
    }
    promises = {}
    if report.promise_set is not None:
        for p in report.promise_set.promises:
            promises[plain(p.id, NAME_MAX)] = {
                "quote": plain(p.quote) if p.quote else None,
                "implied": p.implied,
                "control": p.control.value,
            }
    code_vs_cloud = report.mode == "code-vs-cloud"
    return {
        "title": "Drift: code vs cloud" if code_vs_cloud else "Change since the last scan",
        "before": plain(report.before_label),
        "after": plain(report.after_label),
        "before_head": "code" if code_vs_cloud else "before",
        "after_head": "cloud" if code_vs_cloud else "after",
        "touches": report.touches_promise(),
        "summary": {plain(k.replace("_", " ")): v for k, v in report.summary().items()},
        "items": items,
        "findings": findings,
        "promises": promises,
        "errors": [plain(f"{e.file + ': ' if e.file else ''}{e.message}") for e in report.errors],
        "warnings": [plain(w) for w in report.warnings],
        "notes": [plain(n) for n in report.notes],
        "generated": now.strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
    }


def render_drift(report: Any, verbose: bool = False) -> str:
    """The drift report as the same kind of self-contained page (``privacy-scan drift --format html``)."""
    model = drift_model(report)
    model["not_compared"] = (
        [plain(f"{n.resource}: {n.attribute}: {n.reason}") for n in report.not_compared] if verbose else []
    )
    return environment().get_template("drift.html.j2").render(**model)
