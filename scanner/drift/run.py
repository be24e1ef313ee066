"""The two drift comparisons as functions: states and saved scans in, a DriftReport out.

Commands stay thin over these, and tests call them directly.
"""

from __future__ import annotations

from pathlib import Path

from scanner.drift.compare import compare_code_to_cloud, compare_saved_states
from scanner.drift.findings_diff import SavedScan, diff_findings
from scanner.drift.identity import GLOBAL_TYPES, RULES, normal_type
from scanner.drift.model import UNMATCHED, DriftReport
from scanner.drift.relevance import Relevance
from scanner.drift.tfstate import TfStateEntry
from scanner.engine.catalogue import load_catalogue
from scanner.engine.runner import promise_key
from scanner.pipeline import evaluate_state
from scanner.promises import PromiseSet
from scanner.state import State


def _identity_notes(report: DriftReport) -> list[str]:
    """One line per resource type that could not be matched: its identity rule and the limit."""
    notes = []
    for rtype in sorted({i.resource_type for i in report.items if i.status == UNMATCHED}):
        rule = RULES.get(normal_type(rtype))
        if rule is None:
            notes.append(f"{rtype}: matched by the name both sources give; none was given")
            continue
        limit = rule.note or ("AWS assigns it: give --tfstate" if rule.aws_assigned else "")
        notes.append(f"{rtype}: matched by {rule.name}" + (f" ({limit})" if limit else ""))
    return notes


def regions_in(state: State) -> set[str]:
    """The regions a saved cloud state shows regional resources in (its scan covered at least these).

    Global resources (S3 buckets are listed from every region) do not count.
    """
    return {
        r.region.raw
        for r in state.resources
        if r.region.known
        and isinstance(r.region.raw, str)
        and normal_type(r.resource_type) not in GLOBAL_TYPES
    }


def code_vs_cloud(
    code: State,
    cloud: State,
    promise_set: PromiseSet,
    check_dirs: list[Path] = (),
    tfstate: dict[str, TfStateEntry] | None = None,
    ignore: list[str] = (),
    before_label: str = "code",
    after_label: str = "cloud",
    scanned_regions: set[str] | None = None,
) -> DriftReport:
    """Code vs cloud. ``scanned_regions``: the regions the cloud side covers (None: every region)."""
    relevance = Relevance(load_catalogue(list(check_dirs)), promise_set)
    result = compare_code_to_cloud(
        code, cloud, relevance, tfstate=tfstate, ignore=list(ignore), scanned_regions=scanned_regions
    )
    report = DriftReport(
        mode="code-vs-cloud",
        before_label=before_label,
        after_label=after_label,
        promise_set=promise_set,
        items=result.items,
        not_compared=result.not_compared,
        errors=[*code.errors, *cloud.errors],
        warnings=[*promise_set.warnings, *code.warnings, *cloud.warnings],
    )
    report.notes = _identity_notes(report)
    return report


def scan_vs_scan(
    old: SavedScan,
    new: SavedScan,
    promise_set: PromiseSet | None,
    check_dirs: list[Path] = (),
) -> DriftReport:
    """New/resolved/still-broken findings, plus changed attributes when both sides are states."""
    report = DriftReport(
        mode="scan-vs-scan", before_label=str(old.path), after_label=str(new.path), promise_set=promise_set
    )
    sides = []
    for scan in (old, new):
        if scan.state is not None:
            assert promise_set is not None, "a saved state needs promises to be judged by"
            judged = evaluate_state(scan.state, promise_set, check_dirs)
            sides.append(judged.findings)
            report.errors.extend(scan.state.errors)
        else:
            sides.append(scan.findings or [])
    report.findings = diff_findings(sides[0], sides[1])
    if old.state is not None and new.state is not None:
        relevance = Relevance(load_catalogue(list(check_dirs)), promise_set)
        result = compare_saved_states(old.state, new.state, relevance)
        report.items, report.not_compared = result.items, result.not_compared
    else:
        report.notes.append(
            "changed attributes need two saved states (privacy-scan live --save-state); "
            "a saved scan result carries findings only"
        )
    if old.promises is not None and new.promises is not None:
        # Compared by content, as fingerprints are: renumbered promises are the same promises.
        old_keys = {promise_key(p) for p in old.promises}
        new_keys = {promise_key(p) for p in new.promises}
        gone = sorted(p.id for p in old.promises if promise_key(p) not in new_keys)
        came = sorted(p.id for p in new.promises if promise_key(p) not in old_keys)
    else:
        gone = came = []
    if gone or came:
        report.warnings.append(
            "the two scans checked different promises"
            + (f"; only in the old one: {', '.join(gone)}" if gone else "")
            + (f"; only in the new one: {', '.join(came)}" if came else "")
            + ": their findings show as resolved or new"
        )
    if promise_set is not None and (old.state is not None or new.state is not None):
        report.warnings = [*promise_set.warnings, *report.warnings]
    return report
