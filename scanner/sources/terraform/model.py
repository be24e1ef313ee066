"""What the Terraform evaluator hands to the adapters: evaluated resource blocks.

The evaluator (HCL or plan JSON) knows Terraform, not AWS; the adapters
(``scanner/sources/terraform/adapters/``) know AWS resource types and turn these
blocks into provider-neutral :class:`scanner.state.Resource` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.state import ScanError, Source


@dataclass
class TfBlock:
    """One evaluated resource or data-source instance.

    ``attrs`` holds plain Python values: arguments as evaluated values, nested
    blocks as ``list[dict]`` under the block type name (``rule: [{...}, {...}]``,
    dynamic blocks expanded), and :class:`scanner.state.Unknown` wherever a value
    cannot be known before apply. A reference to another resource's computed
    attribute (``aws_s3_bucket.x.id``) is ``Unknown(reason, ref="aws_s3_bucket.x")``
    so adapters can still join companion resources.
    ``lines`` maps a dotted attribute path (``"bucket"``, ``"rule.0.apply_server_side_encryption_by_default"``)
    to its line, for evidence; ``line`` is the block's first line.
    """

    address: str  # module.a.aws_s3_bucket.b["k"] or data.aws_iam_policy_document.p
    mode: str  # "managed" | "data"
    type: str
    name: str
    attrs: dict[str, Any]
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)
    module: str = ""  # "module.a.module.b" or "" for the root module
    index: int | str | None = None  # count.index or each.key
    region: Any = None  # str, or Unknown when the provider's region cannot be told
    # The root module directory this block was evaluated under (as the user named it):
    # the same address in two roots (dev/ and prod/) is two different resources.
    root: str = ""

    def source(self, attr: str | None = None) -> Source:
        """File and line of the block, or of one attribute when known."""
        line = self.lines.get(attr, self.line) if attr else self.line
        return Source(file=self.file, line=line)


@dataclass
class TfConfig:
    """All evaluated blocks of a configuration (root module and every module beneath it)."""

    blocks: list[TfBlock] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Per root module: the AWS provider version constraints of every module it uses (Terraform
    # installs one version that satisfies them all).
    aws_versions: dict[str, list[str]] = field(default_factory=dict)

    def by_address(self) -> dict[str, TfBlock]:
        return {b.address: b for b in self.blocks}
