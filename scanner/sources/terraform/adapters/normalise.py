"""Block-level corrections made once, before any adapter reads a block.

What Terraform and the AWS provider do to a resource's arguments before AWS sees them is
applied here, so that every adapter reads the same values the provider would send:

- **per-resource region** (AWS provider 6): most resources take a ``region`` argument that
  overrides the provider's region. Residency must follow it, so the block's region becomes
  that argument wherever it is written (or, in a plan, wherever it is a known string).
- **type conversion**: Terraform converts ``"true"``/``"false"`` and numeric strings where the
  provider's schema says bool or number (``enable_key_rotation = "true"`` is ``true``). The
  schema's bool and number arguments are listed in :mod:`scanner.knowledge.aws_schema`;
- **empty strings**: the provider takes an empty optional string as not set, so it is dropped.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws_schema import attribute_type
from scanner.sources.terraform.model import TfBlock
from scanner.state import Unknown

# Resource types whose ``region`` argument means something other than where the resource lives
# (in provider 5 these are its only optional ``region`` arguments; in provider 6 they were renamed).
_REGION_MEANS_OTHER = frozenset(
    {
        "aws_cloudformation_stack_set_instance",
        "aws_config_aggregate_authorization",
        "aws_opsworks_stack",
        "aws_servicequotas_template",
    }
)


def normalise(block: TfBlock) -> None:
    """Apply the per-resource region and the schema's type conversions to ``block`` in place."""
    if block.mode != "managed":
        return
    _own_region(block)
    block.attrs = _convert(block.type, block.attrs, "")


def _own_region(block: TfBlock) -> None:
    if block.type in _REGION_MEANS_OTHER:
        return
    raw = block.attrs.get("region")
    if raw is None or raw == "":
        return
    written = "region" in block.lines
    if isinstance(raw, str) or (written and isinstance(raw, Unknown)):
        block.region = raw


def _convert(rtype: str, node: Any, prefix: str) -> Any:
    """``node`` (a block body) with string booleans and numbers converted where the schema says so."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        path = prefix + key
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out[key] = [_convert(rtype, v, path + ".") for v in value]
        elif isinstance(value, dict) and attribute_type(rtype, path) is None:
            out[key] = _convert(rtype, value, path + ".")
        elif value == "":
            # The provider reads an empty optional string as unset (a common module default:
            # ``replication_source_identifier = ""`` does not make a replica).
            continue
        elif isinstance(value, str):
            out[key] = _scalar(value, attribute_type(rtype, path))
        else:
            out[key] = value
    return out


def _scalar(value: str, wanted: str | None) -> Any:
    """Terraform's string-to-bool/number conversion; a string it would reject is left as it is."""
    if wanted == "bool":
        return {"true": True, "false": False}.get(value, value)
    if wanted == "number":
        try:
            return int(value)
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                return value
            return number if number == number and abs(number) != float("inf") else value
    return value
