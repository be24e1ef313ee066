"""``adapters/__init__.py``: adapter modules found by scanning the package, not from a hand-kept list.

``registrations_before_scan.json`` records what the hand-kept ``_MODULES`` tuple registered just
before the loader switched to scanning: every resource type with the adapter (``module.function``)
that handles it in each pass. Every one of those must still be in place, unchanged; adapters added
since may only add types.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.sources.terraform import adapters

BEFORE = json.loads((Path(__file__).parent / "registrations_before_scan.json").read_text(encoding="utf-8"))


def _name(fn: Callable) -> str:
    return f"{fn.__module__.rpartition('.')[2]}.{fn.__qualname__}"


def _now() -> dict[str, dict]:
    adapters._load_modules()
    return {
        "primary": {t: _name(fn) for t, fn in adapters.PRIMARY.items()},
        "companion": {t: _name(fn) for t, fn in adapters.COMPANION.items()},
        "finalize": {t: [_name(fn) for fn in fns] for t, fns in adapters.FINALIZE.items()},
    }


@pytest.mark.parametrize("stage", ["primary", "companion", "finalize"])
def test_every_registration_of_the_hand_kept_list_is_still_made(stage: str) -> None:
    now = _now()[stage]
    assert {t: now.get(t) for t in BEFORE[stage]} == BEFORE[stage]


def test_helper_modules_register_nothing_and_every_other_module_registers() -> None:
    registering = adapters.adapter_modules()
    before = {fn.split(".")[0] for stage in ("primary", "companion") for fn in BEFORE[stage].values()}
    before |= {fn.split(".")[0] for fns in BEFORE["finalize"].values() for fn in fns}
    assert before <= set(registering)
    assert set(adapters._module_names()) - set(registering) == {"context", "iam_documents", "normalise"}


def test_finalizers_of_one_type_come_from_one_module() -> None:
    """So import order (``s3`` imports ``cloudtrail`` before its turn) never reorders them."""
    now = _now()["finalize"]
    assert {t: fns for t, fns in now.items() if len({fn.split(".")[0] for fn in fns}) > 1} == {}


def test_a_second_adapter_for_one_type_is_refused() -> None:
    def other(block, ctx):  # pragma: no cover - never called
        return None

    with pytest.raises(RuntimeError, match="aws_s3_bucket has two adapters: .*s3 and .*test_registry"):
        adapters.primary("aws_s3_bucket")(other)
    assert _name(adapters.PRIMARY["aws_s3_bucket"]) == BEFORE["primary"]["aws_s3_bucket"]
