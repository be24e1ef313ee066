"""Reading ``terraform.tfstate`` (format version 4) for the ids and ARNs Terraform recorded.

Without a state file, code and cloud can only be matched by names written in the code.
With it, every applied resource has its real id and ARN — also those whose name the
code leaves to AWS (``bucket_prefix``, EBS volumes, security groups) — so matching is
exact. Only ids, ARNs and names are read: the state file can hold secrets, and nothing
else in it is needed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.util.yamlfile import InputError

# Attributes (per Terraform's AWS provider) that hold the name the cloud knows a resource by.
NAME_ATTRS: tuple[str, ...] = (
    "bucket",
    "identifier",
    "cluster_identifier",
    "name",
    "domain_name",
    "cluster_id",
    "replication_group_id",
    "table_name",
    "key_id",
    "stage_name",
)


@dataclass
class TfStateEntry:
    """One resource instance of the state file, by its Terraform address."""

    address: str
    resource_type: str
    id: str | None = None
    arn: str | None = None
    names: set[str] = field(default_factory=set)

    def keys(self) -> set[str]:
        """Every string the cloud may use for this resource: id, ARN and names."""
        return {k for k in (self.id, self.arn, *self.names) if k}


def _index(key: Any) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return "[" + json.dumps(str(key)) + "]"


def load_tfstate(path: Path) -> dict[str, TfStateEntry]:
    """Terraform address -> entry, for every managed resource instance in the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != 4:
        raise InputError(f"{path}: not a Terraform state file of format version 4")
    out: dict[str, TfStateEntry] = {}
    for res in data.get("resources") or []:
        if res.get("mode") != "managed":
            continue
        prefix = f"{res['module']}." if res.get("module") else ""
        for inst in res.get("instances") or []:
            attrs = inst.get("attributes") or {}
            address = f"{prefix}{res['type']}.{res['name']}{_index(inst.get('index_key'))}"
            names = {attrs[k] for k in NAME_ATTRS if isinstance(attrs.get(k), str) and attrs.get(k)}
            out[address] = TfStateEntry(
                address=address,
                resource_type=res["type"],
                id=attrs.get("id") if isinstance(attrs.get("id"), str) else None,
                arn=attrs.get("arn") if isinstance(attrs.get("arn"), str) else None,
                names=names,
            )
    return out
