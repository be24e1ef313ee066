"""Data sources whose answer follows from the configuration alone.

Most data sources are read from the cloud when Terraform runs, so a static scan leaves them
unknown. Two are not: ``aws_region`` and ``aws_partition`` answer from the region of the
provider that reads them (the block's own ``region`` argument in AWS provider 6, else its
provider configuration: the one passed to its module, an alias, or the default). The account
behind ``aws_caller_identity`` is that of the credentials Terraform runs with, which no file
names: it stays unknown, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.knowledge.partitions import partition_of
from scanner.state.value import UNKNOWN_DATA_SOURCE, Unknown

_REGION_ATTRS = frozenset({"name", "region", "id"})
_PARTITION_ATTRS = {
    "partition": lambda p: p.name,
    "id": lambda p: p.name,
    "dns_suffix": lambda p: p.dns_suffix,
    "reverse_dns_prefix": lambda p: p.reverse_dns_prefix,
}


def static_data_attr(
    type_: str, name: str, address: str, region: Callable[[], Any], attrs: Callable[[], dict[str, Any]]
) -> Any:
    """``data.<type_>.x.<name>`` when the configuration decides it, else an Unknown saying why.

    ``region`` gives the region of the provider that reads the data source; ``attrs`` its own
    evaluated arguments (``aws_region`` may name the region it describes).
    """
    if type_ == "aws_region" and name in _REGION_ATTRS:
        own = attrs()
        for arg in ("region", "name"):  # provider 6 spells the filter region; 5 spelled it name
            if own.get(arg) is not None:
                return own[arg]
        return _region_or_unknown(region(), address, name)
    if type_ == "aws_partition" and name in _PARTITION_ATTRS:
        found = _region_or_unknown(region(), address, name)
        if isinstance(found, Unknown):
            return found
        partition = partition_of(found) if isinstance(found, str) else None
        if partition is None:
            return _unknown(address, name, f"region {found} is in a partition this scanner does not know")
        return _PARTITION_ATTRS[name](partition)
    if type_ == "aws_caller_identity":
        return _unknown(address, name, "the account Terraform runs as is not named in the configuration")
    return _unknown(address, name, "is read only when Terraform runs")


def _region_or_unknown(value: Any, address: str, name: str) -> Any:
    if isinstance(value, Unknown):
        return _unknown(address, name, f"its provider's region is unknown: {value.reason}")
    if not isinstance(value, str) or not value:
        return _unknown(address, name, "its provider's region is not set")
    return value


def _unknown(address: str, name: str, why: str) -> Unknown:
    text = f"data source {address} {why}" if why.startswith("is ") else f"data source {address}: {why}"
    return Unknown(text, ref=address, why=UNKNOWN_DATA_SOURCE, what=f"{address}.{name}")
