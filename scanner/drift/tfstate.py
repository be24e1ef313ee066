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

from scanner.util.safetext import clean
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
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: not JSON ({clean(exc, 120)})") from None
    if not isinstance(data, dict) or type(data.get("version")) is not int or data.get("version") != 4:
        raise InputError(f"{path}: not a Terraform state file of format version 4")
    try:
        return _entries(data)
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        what = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InputError(
            f"{path}: not a Terraform state file of the expected shape ({clean(what, 120)})"
        ) from None


def _entries(data: dict[str, Any]) -> dict[str, TfStateEntry]:
    """Address -> entry; TypeError/KeyError naming the first defect of the file's shape."""
    resources = data.get("resources") or []
    if not isinstance(resources, list):
        raise TypeError("resources must be a list")
    out: dict[str, TfStateEntry] = {}
    for res in resources:
        if not isinstance(res, dict):
            raise TypeError("a resource must be an object")
        if res.get("mode") != "managed":
            continue
        for key in ("type", "name"):
            if not isinstance(res[key], str):
                raise TypeError(f"a resource's {key} must be a string")
        if not isinstance(res.get("module") or "", str):
            raise TypeError("a resource's module must be a string")
        instances = res.get("instances") or []
        if not isinstance(instances, list):
            raise TypeError("instances must be a list")
        prefix = f"{res['module']}." if res.get("module") else ""
        for inst in instances:
            if not isinstance(inst, dict) or not isinstance(inst.get("attributes") or {}, dict):
                raise TypeError("an instance must be an object with an attributes object")
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
