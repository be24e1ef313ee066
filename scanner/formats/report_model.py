"""What the HTML report shows, computed from a Report: the data-protection officer's view of a scan.

The template only lays this out. Everything here is plain data (strings cleaned of control
characters with :func:`~scanner.formats.escape.plain`, never marked safe), so Jinja2's
autoescaping is the one place HTML is escaped. The same Report serves ``iac``, ``live`` and
``merge``; drift has its own small view in :mod:`scanner.formats.html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from scanner import __version__
from scanner.findings import Finding, Status
from scanner.formats.escape import NAME_MAX, plain
from scanner.knowledge.regions import (
    ADEQUATE_COUNTRIES,
    AWS_REGION_COUNTRY,
    EEA_COUNTRIES,
    describe_country,
    region_country,
)
from scanner.promises import Control, Promise
from scanner.report import Report

# Plain references to the GDPR articles each control supports (not legal advice).
GDPR_ARTICLES: dict[str, list[str]] = {
    Control.TRANSPORT_ENCRYPTION.value: ["Art. 5(1)(f) integrity and confidentiality", "Art. 32(1)(a) encryption"],
    Control.ENCRYPTION_AT_REST.value: ["Art. 5(1)(f) integrity and confidentiality", "Art. 32(1)(a) encryption"],
    Control.ACCESS_RESTRICTION.value: [
        "Art. 5(1)(f) integrity and confidentiality",
        "Art. 25(2) data protection by default",
        "Art. 32 security of processing",
    ],
    Control.DATA_RESIDENCY.value: [
        "Art. 13(1)(f) information on transfers",
        "Art. 44–46 transfers to third countries",
    ],
    Control.RETENTION_LIMIT.value: ["Art. 5(1)(e) storage limitation", "Art. 13(2)(a) storage period"],
    Control.ACTIVITY_LOGGING.value: [
        "Art. 5(2) accountability",
        "Art. 30 records of processing",
        "Art. 32(1)(d) testing and evaluating security",
    ],
    Control.LOGGING_MINIMISATION.value: ["Art. 5(1)(c) data minimisation", "Art. 25(2) data protection by default"],
}  # fmt: skip

CONTROL_TITLES: dict[str, str] = {
    "transport-encryption": "Data is encrypted in transit",
    "encryption-at-rest": "Data is encrypted at rest",
    "access-restriction": "Only authorised parties have access",
    "data-residency": "Data stays where the statement says",
    "retention-limit": "Data is kept no longer than promised",
    "activity-logging": "Activity is logged",
    "logging-minimisation": "What is not to be recorded is not logged",
}

BROKEN, UNDECIDED, KEPT, OUT_OF_SCOPE = "broken", "undecided", "kept", "nothing in scope"
_RANK = {BROKEN: 0, UNDECIDED: 1, KEPT: 2, OUT_OF_SCOPE: 3}
_STATUS_WORD = {Status.FAIL: BROKEN, Status.UNKNOWN: UNDECIDED, Status.PASS: KEPT}
_REGION = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, AWS_REGION_COUNTRY), key=len, reverse=True)) + r")\b"
)
_EXPIRED = re.compile(r"\(suppression at (.+?) expired on (\d{4}-\d{2}-\d{2})\)")
# What would decide an undecided finding, read from the reason the source gave.
_DECIDERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"grant ([\w-]+:[\w*]+)"), "grant the scanning role {0}"),
    (re.compile(r"variable ([\w-]+) has no value"), "give variable {0} a value (--var {0}=… or --var-file)"),
    (re.compile(r"input ([\w-]+) of (\S+) has no value"), "give input {0} of {1} a value"),
    (re.compile(r"known only after apply"), "scan the plan (terraform show -json) or the live account"),
    (re.compile(r"terraform init|not on disk"), "run terraform init so the module is on disk"),
    (re.compile(r"region (?:unknown|could not)|no region|provider region"), "set the provider's region"),
]


@dataclass
class ResourceRow:
    resource: str
    status: str
    where: str
    why: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class CheckView:
    check_id: str
    title: str
    status: str
    failing: list[ResourceRow] = field(default_factory=list)  # broken and undecided, broken first
    kept: list[str] = field(default_factory=list)  # resources that keep it (names only: size)


@dataclass
class PromiseView:
    id: str
    control: str
    control_title: str
    status: str
    quote: str | None
    source: str | None
    implied: bool
    inferred_from: list[str]
    params: list[tuple[str, str]]
    articles: list[str]
    checks: list[CheckView]
    counts: dict[str, int]
    # parameters inferred rather than stated, with what each was inferred from
    implied_params: list[tuple[str, str]] = field(default_factory=list)
    # for a promise with nothing in scope: why (no resource of its kinds, or no check reads it)
    scope_note: str = ""


def _detail(f: Finding) -> str:
    """The finding's reason without the check title and verdict word ("…: not met: X" → "X")."""
    for marker in (": not met: ", ": cannot tell: ", ": met: "):
        if marker in f.message:
            return f.message.split(marker, 1)[1]
    return f.message


def _where(f: Finding) -> str:
    if f.file:
        return plain(f"{f.file}:{f.line}" if f.line else f.file, NAME_MAX)
    return plain(" ".join(x for x in (f.account and f"account {f.account}", f.region) if x), NAME_MAX)


def _row(f: Finding) -> ResourceRow:
    return ResourceRow(
        resource=plain(f.resource, NAME_MAX),
        status=_STATUS_WORD[f.status],
        where=_where(f),
        why=plain(_detail(f)),
        evidence=[plain(s.label(), NAME_MAX) for s in f.evidence if s.label()],
    )


def _params(p: Promise) -> list[tuple[str, str]]:
    out = []
    for k, v in p.params.items():
        if v in (None, [], {}):
            continue
        if k == "transfers" and isinstance(v, list):
            v = "; ".join(
                f"{t.get('recipient') or 'unnamed recipient'} in {t.get('country') or '?'}"
                f" ({t.get('mechanism') or 'mechanism not stated'})"
                for t in v
                if isinstance(t, dict)
            )
        elif isinstance(v, list):
            v = ", ".join(map(str, v))
        out.append((plain(k, NAME_MAX), plain(v)))
    return out


def _promise_view(p: Promise, findings: list[Finding], titles: dict[str, str]) -> PromiseView:
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check_id, []).append(f)
    checks = []
    for cid, group in by_check.items():
        rank = min(_RANK[_STATUS_WORD[f.status]] for f in group)
        bad = sorted(
            (f for f in group if f.status != Status.PASS), key=lambda f: (f.status != Status.FAIL, f.resource)
        )
        checks.append(
            CheckView(
                check_id=plain(cid, NAME_MAX),
                title=plain(titles.get(cid) or group[0].message.split(":")[0]),
                status=[BROKEN, UNDECIDED, KEPT][rank],
                failing=[_row(f) for f in bad],
                kept=sorted(plain(f.resource, NAME_MAX) for f in group if f.status == Status.PASS),
            )
        )
    checks.sort(key=lambda c: (_RANK[c.status], c.check_id))
    status = checks[0].status if checks else OUT_OF_SCOPE
    if checks:
        status = min((c.status for c in checks), key=_RANK.get)
    src = p.source or {}
    counts = {w: sum(1 for f in findings if _STATUS_WORD[f.status] == w) for w in (BROKEN, UNDECIDED, KEPT)}
    return PromiseView(
        id=plain(p.id, NAME_MAX),
        control=p.control.value,
        control_title=CONTROL_TITLES.get(p.control.value, p.control.value),
        status=status,
        quote=plain(p.quote) if p.quote else None,
        source=plain(f"{src.get('file')}:{src.get('line')}", NAME_MAX) if src.get("file") else None,
        implied=p.implied,
        inferred_from=[plain(n) for n in getattr(p, "notes", [])],
        params=_params(p),
        implied_params=[(plain(k, NAME_MAX), plain(v)) for k, v in (p.implied_params or {}).items()],
        articles=GDPR_ARTICLES.get(p.control.value, []),
        checks=checks,
        counts=counts,
    )


def _legal_basis(country: str | None, promises: list[Promise]) -> tuple[str, str]:
    """(where the country stands, the documented transfer that covers it if any)."""
    if country is None:
        return ("unknown region", "")
    if country in EEA_COUNTRIES:
        return ("inside the EEA", "")
    documented = [
        t
        for p in promises
        if p.control == Control.DATA_RESIDENCY
        for t in (p.param("transfers") or [])
        if isinstance(t, dict) and t.get("country") == country
    ]
    transfer = "; ".join(
        f"{t.get('recipient') or 'unnamed recipient'} ({t.get('mechanism') or 'mechanism not stated'})"
        for t in documented
    )
    if country in ADEQUATE_COUNTRIES:
        return ("adequacy decision", plain(transfer))
    return ("third country", plain(transfer))


def transfers(report: Report) -> list[dict[str, Any]]:
    """Every region that holds or receives data, with its country, legal standing and status.

    A region holds data when a finding's resource is there, and receives it when a
    residency finding names it (a replica, a backup copy). The status is the worst
    residency verdict that involves the region ("not checked" when none does).
    """
    regions: dict[str, dict[str, Any]] = {}

    def entry(region: str) -> dict[str, Any]:
        return regions.setdefault(region, {"resources": set(), "statuses": set()})

    for f in report.active():
        home = {f.region} if f.region in AWS_REGION_COUNTRY else set()
        for region in home:
            entry(region)["resources"].add(f.resource)
        if f.control != Control.DATA_RESIDENCY.value:
            continue
        # the regions a residency verdict is about: those its reason names (a replica, a backup
        # copy, the store itself), else the resource's own region
        judged = set(_REGION.findall(f.message)) or home
        for region in judged:
            e = entry(region)
            e["resources"].add(f.resource)
            e["statuses"].add(f.status)
    promises = report.promise_set.promises
    rows = []
    for region in sorted(regions):
        e = regions[region]
        country = region_country(region)
        standing, transfer = _legal_basis(country, promises)
        statuses = e["statuses"]
        status = next(
            (_STATUS_WORD[s] for s in (Status.FAIL, Status.UNKNOWN, Status.PASS) if s in statuses),
            "not checked",
        )
        rows.append(
            {
                "region": plain(region, NAME_MAX),
                "country": describe_country(country) if country else "?",
                "standing": standing,
                "transfer": transfer,
                "status": status,
                "resources": len(e["resources"]),
            }
        )
    rows.sort(key=lambda r: (_RANK.get(r["status"], 4), r["region"]))
    return rows


def documented_transfers(report: Report) -> list[dict[str, str]]:
    """The transfers the statement documents (recipient, country, mechanism), as the promises hold them."""
    out = []
    for p in report.promise_set.promises:
        if p.control != Control.DATA_RESIDENCY:
            continue
        for t in p.param("transfers") or []:
            if isinstance(t, dict):
                country = t.get("country")
                out.append(
                    {
                        "recipient": plain(t.get("recipient") or "unnamed recipient"),
                        "country": plain(describe_country(country) if isinstance(country, str) else "?"),
                        "mechanism": plain(t.get("mechanism") or "not stated"),
                        "promise": plain(p.id, NAME_MAX),
                    }
                )
    return out


def retention(report: Report, promises: dict[str, Promise]) -> list[dict[str, str]]:
    """Each store judged against a retention promise: promised maximum, what is configured, status."""
    rows = []
    for f in report.active():
        if f.control != Control.RETENTION_LIMIT.value:
            continue
        p = promises.get(f.promise_id or "")
        max_days = p.param("max_days") if p else None
        applies = ", ".join(p.param("applies_to") or []) if p else ""
        promised = f"{max_days} days" if max_days is not None else "finite (no longer than necessary)"
        rows.append(
            {
                "store": plain(f.resource, NAME_MAX),
                "where": _where(f),
                "promised": plain(promised + (f" ({applies})" if applies else "")),
                "configured": plain(_detail(f)),
                "status": _STATUS_WORD[f.status],
            }
        )
    rows.sort(key=lambda r: (_RANK[r["status"]], r["store"]))
    return rows


def decider(message: str) -> str:
    """What would decide an undecided finding: a permission, a variable, a plan, or the reason itself."""
    for pattern, text in _DECIDERS:
        m = pattern.search(message)
        if m:
            return plain(text.format(*m.groups()))
    return "resolve the reason given"


def undecided(report: Report) -> list[dict[str, str]]:
    rows = [
        {
            "resource": plain(f.resource, NAME_MAX),
            "check": plain(f.check_id, NAME_MAX),
            "where": _where(f),
            "why": plain(_detail(f)),
            "decide": decider(f.message),
        }
        for f in report.active()
        if f.status == Status.UNKNOWN
    ]
    return sorted(rows, key=lambda r: (r["resource"], r["check"]))


def exceptions(report: Report, today: date) -> list[dict[str, Any]]:
    """Suppressions and baseline entries in force, and suppressions that expired (flagged)."""
    rows = []
    for f in report.findings:
        s = f.suppressed
        if not s or f.status == Status.PASS:
            continue
        expires = s.get("expires")
        rows.append(
            {
                "kind": plain(s.get("kind", "suppression"), NAME_MAX),
                "resource": plain(f.resource, NAME_MAX),
                "check": plain(f.check_id, NAME_MAX),
                "reason": plain(s.get("reason", "")),
                "expires": plain(expires or "no expiry", NAME_MAX),
                "owner": plain(s.get("owner") or "", NAME_MAX),
                "source": plain(s.get("source") or "", NAME_MAX),
                "status": _STATUS_WORD[f.status],
                "expired": bool(expires and str(expires) < today.isoformat()),
            }
        )
    for f in report.findings:  # an expired suppression's finding may be accepted by the baseline now
        m = _EXPIRED.search(f.message)
        if m:
            rows.append(
                {
                    "kind": "suppression",
                    "resource": plain(f.resource, NAME_MAX),
                    "check": plain(f.check_id, NAME_MAX),
                    "reason": "",
                    "expires": plain(m.group(2)),
                    "owner": "",
                    "source": plain(m.group(1), NAME_MAX),
                    "status": _STATUS_WORD[f.status],
                    "expired": True,
                }
            )
    rows.sort(key=lambda r: (not r["expired"], r["resource"], r["check"]))
    return rows


def changes(report: Report) -> dict[str, list[dict[str, str]]] | None:
    """New, resolved and still-broken findings against the baseline, when one was given."""
    diff = report.baseline
    if diff is None:
        return None

    def row(resource: str, check: str, status: str, why: str) -> dict[str, str]:
        return {
            "resource": plain(resource, NAME_MAX),
            "check": plain(check, NAME_MAX),
            "status": status,
            "why": plain(why),
        }

    return {
        "against": plain(diff.path, NAME_MAX),
        "new": [row(f.resource, f.check_id, _STATUS_WORD[f.status], _detail(f)) for f in diff.new],
        "resolved": [row(e.resource, e.check_id, plain(e.status), e.message) for e in diff.resolved],
        "still": [row(f.resource, f.check_id, _STATUS_WORD[f.status], _detail(f)) for f in diff.unchanged],
    }


def build(report: Report, now: datetime | None = None) -> dict[str, Any]:
    """Everything the report template shows, for one scan."""
    now = now or datetime.now(timezone.utc)
    titles = {c.id: c.title for c in report.checks}
    if not titles:
        from scanner.engine.catalogue import load_catalogue
        from scanner.util.yamlfile import InputError

        try:
            titles = {c.id: c.title for c in load_catalogue()}
        except InputError:
            titles = {}
    by_promise: dict[str, list[Finding]] = {}
    for f in report.active():
        by_promise.setdefault(f.promise_id or "", []).append(f)
    ps = report.promise_set
    views = [_promise_view(p, by_promise.get(p.id, []), titles) for p in ps.promises]
    for view, promise in zip(views, ps.promises, strict=True):
        if view.status == OUT_OF_SCOPE:
            view.scope_note = plain(report.out_of_scope(promise))
    views.sort(key=lambda v: (_RANK[v.status], v.implied, v.id))
    verdict = {w: sum(1 for v in views if v.status == w) for w in (BROKEN, UNDECIDED, KEPT, OUT_OF_SCOPE)}
    statement = ps.statement or {}
    promises = {p.id: p for p in ps.promises}
    return {
        "title": "Privacy statement check",
        "target": plain(report.target or "(not recorded)"),
        "generated": now.strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "statement_file": plain(statement.get("file"), NAME_MAX) if statement.get("file") else None,
        "statement_sha256": plain(statement.get("sha256"), NAME_MAX) if statement.get("sha256") else None,
        "promises_file": plain(ps.path, NAME_MAX) if ps.path else None,
        "origin": ps.origin,
        "verdict": verdict,
        "summary": report.summary(),
        "promises": views,
        "transfers": transfers(report),
        "documented_transfers": documented_transfers(report),
        "retention": retention(report, promises),
        "undecided": undecided(report),
        "exceptions": exceptions(report, now.date()),
        "changes": changes(report),
        "errors": [
            {
                "where": plain(f"{e.file}:{e.line}" if e.file and e.line else (e.file or ""), NAME_MAX),
                "message": plain(e.message),
            }
            for e in report.errors
        ],
        "warnings": [plain(w) for w in report.warnings],
        "not_covered": [
            {
                "resource": plain(n.get("address"), NAME_MAX),
                "type": plain(n.get("type"), NAME_MAX),
                "where": plain(
                    f"{n.get('file')}:{n.get('line')}" if n.get("line") else n.get("file") or "", NAME_MAX
                ),
            }
            for n in report.not_covered
        ],
    }
