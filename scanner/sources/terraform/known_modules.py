"""What one registry module, not on disk, is known to give its caller: Cloud Posse's null label.

Cloud Posse's modules are switched on and off through ``module.this.enabled``, where ``this``
is the registry module ``cloudposse/label/null`` (copied in as ``context.tf``). Without
``terraform init`` it is not on disk, so every ``count = module.this.enabled ? 1 : 0`` would be
unknown and a module its caller disabled (``enabled = false``) would still be reported.

Its ``enabled`` output has had one contract since version 0.22 (when ``context`` arrived):
the ``enabled`` input when it is not null, else ``context.enabled``, else true. That contract is
public, pinned in every copy of ``context.tf``, and it is what a careful reader of the caller
relies on; modelling it decides the count. Only that output is modelled, and only for a
version constraint of 0.22 to 0.x (or none: the newest release is 0.x): every other output is
unknown and says what would decide it. When ``terraform init`` has put the module on disk,
its real code is evaluated instead and this file is not used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from scanner.sources.terraform.evaluate import Ref
from scanner.state.value import Unknown

LABEL_SOURCES = frozenset({"cloudposse/label/null", "registry.terraform.io/cloudposse/label/null"})

# The keys of the label's ``context`` output (version 0.25); only ``enabled`` is ever known.
_CONTEXT_KEYS = (
    "enabled", "namespace", "tenant", "environment", "stage", "name", "delimiter", "attributes", "tags",
    "additional_tag_map", "regex_replace_chars", "label_order", "id_length_limit", "label_key_case",
    "label_value_case", "descriptor_formats", "labels_as_tags",
)  # fmt: skip

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.\d+)?")


def is_known_label(source: str | None, version: str | None) -> bool:
    """Whether a call of ``source`` at ``version`` (a constraint, or None) has the modelled contract."""
    if source not in LABEL_SOURCES:
        return False
    if version is None:
        return True
    found = _VERSION.findall(version)
    return bool(found) and all(major == "0" and int(minor) >= 22 for major, minor in found)


class LabelModuleRef(Ref):
    """``module.this`` for a null-label call that is not on disk: ``enabled`` known, the rest not."""

    def __init__(self, address: str, source: str, inputs: Mapping[str, Callable[[], Any]]) -> None:
        self.address = address
        self.inputs = inputs
        self.reason = f"depends on {address} (registry module {source} not on disk: run terraform init)"

    def _unknown(self, what: str) -> Unknown:
        return Unknown(self.reason, ref=self.address, what=f"{self.address}.{what}")

    def enabled(self) -> Any:
        """The ``enabled`` input, else ``context.enabled``, else true; Unknown when one is unknown."""
        value = self._input("enabled")
        if value is None:
            context = self._input("context")
            if isinstance(context, Unknown):
                return context
            value = context.get("enabled") if isinstance(context, dict) else None
        if isinstance(value, Unknown) or value is None:
            return True if value is None else value
        if isinstance(value, str) and value in ("true", "false"):
            return value == "true"
        return value if isinstance(value, bool) else self._unknown("enabled")

    def _input(self, name: str) -> Any:
        getter = self.inputs.get(name)
        return None if getter is None else getter()

    def get_attr(self, name: str) -> Any:
        if name == "enabled":
            return self.enabled()
        if name == "context":
            return {
                key: self.enabled() if key == "enabled" else self._unknown(f"context.{key}")
                for key in _CONTEXT_KEYS
            }
        return self._unknown(name)

    def as_value(self) -> Any:
        return self._unknown("*")
