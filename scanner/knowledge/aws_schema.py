"""The AWS provider's argument types that Terraform converts strings to (bool and number).

Terraform converts ``"true"`` to ``true`` and ``"30"`` to ``30`` where the provider's schema says
bool or number, before the provider (and AWS) sees the value. The table is generated from the
AWS provider 5.100 schema by :mod:`scanner.knowledge.aws_schema_generate`; paths name nested
blocks by their block type (``rule.apply_server_side_encryption_by_default.bucket_key_enabled``
is written ``rule.bucket_key_enabled`` only when that is the schema's nesting).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

_INDEX = re.compile(r"\.\d+(?=\.|$)")


@cache
def _table() -> dict[str, dict[str, str]]:
    raw = json.loads(resources.files("scanner.knowledge").joinpath("aws_schema_types.json").read_text())
    return {
        rtype: {path: kind for kind, paths in kinds.items() for path in paths} for rtype, kinds in raw.items()
    }


def attribute_type(resource_type: str, path: str) -> str | None:
    """``"bool"``, ``"number"`` or None for the argument at ``path`` (list indices ignored)."""
    return _table().get(resource_type, {}).get(_INDEX.sub("", path))
