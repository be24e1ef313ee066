"""Parity: every resource type a check names has an adapter, a collector and a drift identity, or a reason.

The table is read from where each fact lives: the adapters' registries (``PRIMARY``,
``COMPANION``), the live services' descriptors (the collectors' ``PRODUCES`` and the modules'
``NOT_COLLECTED``, found by scanning the package), and the drift identity rules. A new check
naming a new type fails here until all three are there or say why not.
"""

from __future__ import annotations

import pytest

from scanner.drift.identity import RULES, normal_type
from scanner.engine.catalogue import load_catalogue
from scanner.sources.live.registry import collected_types, collector_classes, not_collected
from scanner.sources.terraform import adapters


def _named_types() -> list[str]:
    return sorted({t for check in load_catalogue() for t in check.resource_types})


def _adapted() -> set[str]:
    from scanner.sources.terraform.model import TfConfig

    adapters.to_state(TfConfig(blocks=[]))  # the registries fill as the adapter modules load
    return set(adapters.PRIMARY) | set(adapters.COMPANION)


NAMED = _named_types()


@pytest.mark.parametrize("resource_type", NAMED)
def test_every_named_type_is_adapted_collected_and_identified(resource_type: str) -> None:
    assert resource_type in _adapted(), f"{resource_type}: no Terraform adapter"
    collected, reasons = collected_types(), not_collected()
    assert (resource_type in collected) != (resource_type in reasons), (
        f"{resource_type}: a live collector, or a reason in a NOT_COLLECTED (exactly one)"
    )
    assert normal_type(resource_type) in RULES, f"{resource_type}: no drift identity rule"


def test_reasons_are_only_for_named_types_without_a_collector() -> None:
    """A stale reason (the type is collected now, or no check names it) is removed, not kept."""
    stale = {t for t in not_collected() if t in collected_types() or t not in NAMED}
    assert stale == set()


def test_the_registry_finds_every_collector_once_and_each_declares_what_it_yields() -> None:
    names = [cls.name for cls in collector_classes()]
    assert len(names) == len(set(names))
    # The stores added under issue 12, found without being listed anywhere.
    assert {"docdb_neptune", "dax", "eks", "glue", "firehose", "lambda", "mq", "msk", "ssm"} <= set(names)
    for cls in collector_classes():
        assert cls.PRODUCES and cls.CALLS, cls.name
        for api in cls.CALLS:
            assert api.operation.startswith(("Describe", "Get", "List")), (cls.name, api.operation)
