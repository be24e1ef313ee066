"""Reading ``terraform.tfstate`` (format version 4): the ids, ARNs and values Terraform recorded.

Without a state file, code and cloud can only be matched by names written in the code.
With it, every applied resource has its real id and ARN — also those whose name the
code leaves to AWS (``bucket_prefix``, EBS volumes, security groups) — so matching is
exact. Its attribute values also answer what the code knows only after apply
(``aws_s3_bucket.b.arn`` inside a bucket policy): :func:`resolve` looks one up by the
reference an :class:`~scanner.state.value.Unknown` names. The state file can hold
secrets: attributes Terraform marks sensitive are never kept, and values are only
ever used to stand in for a reference the code itself makes.
"""

from __future__ import annotations

import json
import re
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
    # The instance's attributes, without those Terraform marks sensitive (see ``_public``).
    attributes: dict[str, Any] = field(default_factory=dict, repr=False)

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
        mode = res.get("mode")
        if mode not in ("managed", "data"):
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
        prefix += "data." if mode == "data" else ""
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
                attributes=_public(attrs, inst.get("sensitive_attributes")),
            )
    return out


def _public(attrs: dict[str, Any], sensitive: Any) -> dict[str, Any]:
    """The attributes without any that Terraform marks sensitive (a path's first step names it)."""
    hidden: set[str] = set()
    for path in sensitive if isinstance(sensitive, list) else []:
        step = path[0] if isinstance(path, list) and path else None
        if isinstance(step, dict) and isinstance(step.get("value"), str):
            hidden.add(step["value"])
    return {k: v for k, v in attrs.items() if k not in hidden}


_STEP = re.compile(r'\.([A-Za-z_][\w-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _path(text: str) -> list[str | int] | None:
    """``.a[0]["k"]`` as steps, or None when it is not such a path."""
    steps: list[str | int] = []
    pos = 0
    while pos < len(text):
        m = _STEP.match(text, pos)
        if m is None:
            return None
        name, number, key = m.groups()
        steps.append(name if name is not None else int(number) if number is not None else json.loads(key))
        pos = m.end()
    return steps


MISSING = object()


def resolve(entries: dict[str, TfStateEntry], what: str, ref: str | None = None) -> Any:
    """The recorded value of a reference such as ``module.m.aws_s3_bucket.b["k"].arn``, else ``MISSING``.

    The address is ``ref`` when the unknown names it, else the longest recorded address the
    reference starts with. A value Terraform records as a one-element list (nested blocks)
    is stepped into as the provider's schema would.
    """
    candidates = [ref] if ref and what.startswith(ref) else []
    candidates += sorted((a for a in _prefixes(what) if a in entries), key=len, reverse=True)
    for address in candidates:
        entry = entries.get(address)
        steps = _path(what[len(address) :]) if entry is not None else None
        if not steps:
            continue
        value: Any = entry.attributes
        for step in steps:
            if isinstance(value, list) and len(value) == 1 and isinstance(step, str):
                value = value[0]  # a nested block: Terraform stores it as a list of one
            value = _step(value, step)
            if value is MISSING:
                break
        if value is not MISSING:
            return value
    return MISSING


def _step(value: Any, step: str | int) -> Any:
    if isinstance(step, str) and isinstance(value, dict):
        return value.get(step, MISSING)
    if isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
        return value[step]
    return MISSING


def _prefixes(what: str) -> list[str]:
    """Every prefix of ``what`` that ends before a ``.`` or ``[`` (the candidate addresses)."""
    return [what[:i] for i, ch in enumerate(what) if ch in ".[" and i > 0]
