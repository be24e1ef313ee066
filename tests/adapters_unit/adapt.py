"""HCL in, the State's attributes out: the harness of the per-adapter unit tests.

In the manner of Trivy's ``pkg/iac/adapters/terraform/aws/*/adapt_test.go``: each test module
feeds small Terraform snippets through the real loader (parse, evaluate, adapt) in-process and
compares every attribute of every resource with an exact dict, so a default that changes or an
attribute that appears or goes is seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scanner.pipeline import load_iac_state
from scanner.state import Unknown

REGION = "eu-west-1"


def plain(raw: Any) -> Any:
    """An attribute's raw value with unknowns as ``("unknown", reason)``, for exact comparison."""
    if isinstance(raw, Unknown):
        return ("unknown", raw.reason)
    if isinstance(raw, dict):
        return {k: plain(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return [plain(v) for v in raw]
    return raw


def adapt(tmp_path: Path, hcl: str) -> dict[str, dict[str, Any]]:
    """Terraform address -> {attribute: value} (``@kind``, ``@name``, ``@region`` for the resource's own)."""
    (tmp_path / "main.tf").write_text(
        f'provider "aws" {{\n  region = "{REGION}"\n}}\n\n{hcl}\n', encoding="utf-8"
    )
    state = load_iac_state([tmp_path], use_cache=False)
    assert not state.errors, state.errors
    out = {}
    for res in state.resources:
        attrs = {name: plain(value.raw) for name, value in res.attrs.items()}
        attrs["@kind"] = res.kind.value if res.subkind is None else f"{res.kind.value}/{res.subkind}"
        attrs["@name"] = plain(res.identity.raw) if res.identity is not None else None
        attrs["@region"] = plain(res.region.raw)
        out[res.address] = attrs
    return out


def defaults(tmp_path: Path, hcl: str) -> dict[str, set[str]]:
    """Terraform address -> the attributes that are AWS defaults (nothing in the code set them)."""
    (tmp_path / "main.tf").write_text(
        f'provider "aws" {{\n  region = "{REGION}"\n}}\n\n{hcl}\n', encoding="utf-8"
    )
    state = load_iac_state([tmp_path], use_cache=False)
    return {r.address: {n for n, v in r.attrs.items() if v.default} for r in state.resources}


def table(cases: dict[str, tuple[str, str, dict[str, Any]]]) -> Any:
    """``@table(CASES)``: one test per case, named by its key, given ``hcl``, ``address``, ``expected``."""
    import pytest

    return pytest.mark.parametrize(("hcl", "address", "expected"), list(cases.values()), ids=list(cases))


def nothing_set(cases: dict[str, tuple[str, str, dict[str, Any]]]) -> str:
    """The HCL of every case whose name says it sets nothing, as one configuration."""
    return "\n".join(hcl for name, (hcl, _, _) in cases.items() if "nothing set" in name)
