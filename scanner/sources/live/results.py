"""The results folder of an organisation scan: what each shard writes, and reading it back safely.

Layout (every file written atomically, so a killed job leaves the old file or the new one)::

    DIR/plan-<I>-of-<N>.json         each shard's plan: every unit of the scan, the regions, its share
    DIR/units/<unit>.state.json      the unit's saved state (the same format as --save-state)
    DIR/units/<unit>.done.json       its completion marker, written after the state: status,
                                     the state's SHA-256, counts, and the facts the link step needs

A unit counts as done when its marker says ``complete`` and the state file's digest
matches; a rerun into the same folder skips those units (resume after a killed job).
A ``failed`` unit (the account could not be entered, a collector crashed, the deadline
came) keeps its state — its checks are ``unknown`` with the reason — and is run again
by the next run.

The folder is untrusted input for ``merge`` (it may come back from a bucket others can
write): every read is confined to the folder, size-capped before reading, and every
record is checked before use; anything wrong is one line, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.sources.live.units import Shard, Unit
from scanner.state import State
from scanner.util.atomic import write_text_atomic
from scanner.util.confined import ConfinementError, read_confined
from scanner.util.safetext import clean

FORMAT = 1
UNITS = "units"
PLAN_NAME = re.compile(r"^plan-(\d{1,6})-of-(\d{1,6})\.json$")
MAX_PLAN_BYTES = 64 * 1024 * 1024  # a plan lists every unit: ~40 bytes each
MAX_MARKER_BYTES = 64 * 1024 * 1024  # facts: every KMS key and alias of one region
MAX_STATE_BYTES = 256 * 1024 * 1024  # one unit's state
MAX_FILES = 500_000  # entries looked at in one results folder
COMPLETE = "complete"
FAILED = "failed"
LINK_FACTS = ("kms:", "cloudtrail:")


class ResultsError(Exception):
    """A results folder or record that cannot be used; the message is one line without file content."""


@dataclass
class Plan:
    units: list[Unit]
    regions: list[str]
    partition: str = "aws"
    shard: str = "0/1"
    services: list[str] | None = None  # the collectors chosen with --services; None: all
    warnings: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ResultsDir:
    """Writing side: one folder, created if missing."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            (self.root / UNITS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResultsError(f"cannot create {clean(self.root)}: {exc.strerror}") from None

    def state_path(self, unit: Unit) -> Path:
        return self.root / UNITS / f"{unit.id}.state.json"

    def marker_path(self, unit: Unit) -> Path:
        return self.root / UNITS / f"{unit.id}.done.json"

    def write_plan(self, plan: Plan, shard: Shard, mine: list[Unit]) -> None:
        record = {
            "privacy_scan_results": FORMAT,
            "shard": str(shard),
            "regions": plan.regions,
            "partition": plan.partition,
            "services": plan.services,
            "units": [u.id for u in plan.units],
            "mine": [u.id for u in mine],
            "warnings": plan.warnings,
        }
        self._write(
            self.root / f"plan-{shard.index}-of-{shard.count}.json", json.dumps(record, indent=0) + "\n"
        )

    def is_complete(self, unit: Unit, services: list[str] | None) -> bool:
        """Done by an earlier run with the same collectors: a ``complete`` marker whose digest matches."""
        try:
            marker = read_marker(self.root, self.marker_path(unit))
            if marker.get("status") != COMPLETE or marker.get("services") != services:
                return False
            data = read_confined(self.state_path(unit), [self.root], MAX_STATE_BYTES)
        except (ResultsError, ConfinementError):
            return False
        return digest(data) == marker.get("state_sha256")

    def write_unit(
        self,
        unit: Unit,
        state: State,
        facts: dict[str, Any],
        status: str,
        services: list[str] | None,
        calls: int,
        seconds: float,
    ) -> None:
        """The state first, then the marker naming its digest: a kill between the two leaves no marker."""
        text = json.dumps(state.to_dict(), separators=(",", ":")) + "\n"
        data = text.encode("utf-8")
        self._write(self.state_path(unit), text)
        marker = {
            "privacy_scan_unit": FORMAT,
            "unit": unit.id,
            "status": status,
            "services": services,
            "state_sha256": digest(data),
            "resources": len(state.resources),
            "errors": len(state.errors),
            "calls": calls,
            "seconds": round(seconds, 3),
            "facts": {k: v for k, v in sorted(facts.items()) if k.startswith(LINK_FACTS)},
        }
        self._write(self.marker_path(unit), json.dumps(marker, separators=(",", ":")) + "\n")

    def _write(self, path: Path, text: str) -> None:
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            raise ResultsError(f"cannot write {clean(path)}: {exc.strerror}") from None


# -- reading (merge) -----------------------------------------------------------------------


def _load_json(root: Path, path: Path, max_bytes: int) -> tuple[Any, bytes]:
    try:
        data = read_confined(path, [root], max_bytes)
    except ConfinementError as exc:
        raise ResultsError(str(exc)) from None
    try:
        return json.loads(data), data
    except (ValueError, RecursionError) as exc:
        raise ResultsError(f"{clean(path.name)} is not valid JSON ({clean(exc, 80)})") from None


def read_marker(root: Path, path: Path) -> dict[str, Any]:
    record, _ = _load_json(root, path, MAX_MARKER_BYTES)
    if not isinstance(record, dict) or record.get("privacy_scan_unit") != FORMAT:
        raise ResultsError(f"{clean(path.name)} is not a unit marker of this version")
    if record.get("status") not in (COMPLETE, FAILED) or not isinstance(record.get("state_sha256"), str):
        raise ResultsError(f"{clean(path.name)}: no valid status and digest")
    record["facts"] = checked_facts(record.get("facts"), path.name)
    return record


def read_plan(root: Path, path: Path) -> Plan:
    record, _ = _load_json(root, path, MAX_PLAN_BYTES)
    name = clean(path.name)
    if not isinstance(record, dict) or record.get("privacy_scan_results") != FORMAT:
        raise ResultsError(f"{name} is not a privacy-scan plan of this version")
    try:
        units = [Unit.parse(u) for u in record.get("units") or []]
        regions = [Unit.parse(f"000000000000.{r}").region for r in record.get("regions") or []]
    except ValueError as exc:
        raise ResultsError(f"{name}: {clean(exc, 100)}") from None
    partition = record.get("partition")
    if partition not in ("aws", "aws-cn", "aws-us-gov"):
        raise ResultsError(f"{name}: unknown partition")
    warnings = record.get("warnings") or []
    services = record.get("services")
    if not isinstance(warnings, list):
        raise ResultsError(f"{name}: warnings is not a list")
    if services is not None and not (
        isinstance(services, list) and all(isinstance(x, str) for x in services)
    ):
        raise ResultsError(f"{name}: services is not a list of names")
    return Plan(
        units,
        regions,
        partition,
        clean(record.get("shard"), 20),
        services=services,
        warnings=[clean(w, 300) for w in warnings],
    )


def read_state(root: Path, path: Path, sha256: str) -> State:
    """A unit's saved state, if its digest is the one its marker names."""
    record, data = _load_json(root, path, MAX_STATE_BYTES)
    if digest(data) != sha256:
        raise ResultsError(f"{clean(path.name)} does not match its marker (changed or replaced)")
    if not isinstance(record, dict):
        raise ResultsError(f"{clean(path.name)} is not a saved state")
    try:
        return State.from_dict(record)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ResultsError(f"{clean(path.name)} is not a saved state: {clean(exc, 100)}") from None


def list_results(root: Path) -> tuple[list[Path], dict[Unit, Path]]:
    """The plan files and the unit markers in ``root`` (names checked; nothing read yet)."""
    if not root.is_dir():
        raise ResultsError(f"{clean(root)} is not a folder")
    plans = []
    markers: dict[Unit, Path] = {}
    seen = 0
    for folder, matcher in ((root, "plan"), (root / UNITS, "marker")):
        if not folder.is_dir():
            continue
        try:
            entries = os.scandir(folder)
        except OSError as exc:
            raise ResultsError(f"cannot list {clean(folder)}: {exc.strerror}") from None
        with entries:
            for entry in entries:
                seen += 1
                if seen > MAX_FILES:
                    raise ResultsError(
                        f"{clean(root)} holds more than {MAX_FILES} files; not a results folder"
                    )
                if matcher == "plan" and PLAN_NAME.match(entry.name):
                    plans.append(Path(entry.path))
                elif matcher == "marker" and entry.name.endswith(".done.json"):
                    try:
                        markers[Unit.parse(entry.name[: -len(".done.json")])] = Path(entry.path)
                    except ValueError:
                        continue
    return sorted(plans), markers


# -- facts: checked before the link step reads them -------------------------------------------


def checked_facts(facts: Any, where: str) -> dict[str, Any]:
    """The link facts of a marker, if they have the shapes the link step reads; ResultsError otherwise."""
    if facts is None:
        return {}
    if not isinstance(facts, dict):
        raise ResultsError(f"{clean(where)}: facts are not an object")
    out: dict[str, Any] = {}
    for key, value in facts.items():
        ok = False
        if key.startswith("kms:"):
            ok = _kms_ok(value)
        elif key.startswith("cloudtrail:"):
            ok = _trails_ok(value)
        if not ok:
            raise ResultsError(f"{clean(where)}: damaged facts under {clean(key, 60)!r}")
        out[key] = value
    return out


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _kms_ok(value: Any) -> bool:
    if not isinstance(value, dict) or not _opt_str(value.get("error")):
        return False
    return bool(value.get("error")) or (_str_map(value.get("managers")) and _str_map(value.get("aliases")))


def _trails_ok(value: Any) -> bool:
    if (
        not isinstance(value, dict)
        or not _opt_str(value.get("error"))
        or not isinstance(value.get("trails"), list)
    ):
        return False
    for trail in value["trails"]:
        if not isinstance(trail, dict):
            return False
        buckets = trail.get("buckets")
        if not (
            isinstance(trail.get("arn"), str)
            and isinstance(trail.get("multi_region"), bool)
            and trail.get("enabled") in (True, False, None)
            and (buckets is None or (isinstance(buckets, list) and all(isinstance(b, str) for b in buckets)))
            and _opt_str(trail.get("error"))
        ):
            return False
    return True
