"""The provider-neutral state: what sources fill and checks read."""

from scanner.state.kinds import KIND_ATTRIBUTES, Kind
from scanner.state.model import Resource, ScanError, State
from scanner.state.value import Source, Unknown, Value, first_unknown, generated_name, is_unknown

__all__ = [
    "KIND_ATTRIBUTES",
    "Kind",
    "Resource",
    "ScanError",
    "Source",
    "State",
    "Unknown",
    "Value",
    "first_unknown",
    "generated_name",
    "is_unknown",
]
