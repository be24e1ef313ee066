"""Policy arguments as documents: JSON text, ``jsonencode``, and ``data.aws_iam_policy_document``.

:func:`policy_value` is how every adapter reads a ``policy`` argument.

A policy written with this data source never reaches the adapters as JSON: its
``json`` attribute is only known at apply time. Rendering it here from the block's
arguments keeps bucket, key and queue policies checkable in code. Unknown parts
(an ARN of a resource not yet created) stay :class:`Unknown` inside the document,
so a predicate can still decide when the unknown part does not matter.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.knowledge.aws import iam_managed
from scanner.sources.terraform.adapters.context import AdapterContext, data_ref_type
from scanner.state import Source, Unknown, Value

_MAX_DEPTH = 5


def policy_value(raw: Any, source: Source, ctx: AdapterContext | None = None) -> Value:
    """A policy argument (JSON string, jsonencode result, or data.aws_iam_policy_document ref) as a dict Value."""
    if raw is None or raw == "":
        return Value(None, source)
    if isinstance(raw, Unknown):
        if ctx is not None and data_ref_type(raw.ref) in ("aws_iam_policy_document", "aws_iam_policy"):
            doc = render_policy_document(raw.ref, ctx)
            if doc is not None:
                return doc
        shaped = _shaped_document(raw)
        return Value(raw if shaped is None else shaped, source)
    if isinstance(raw, dict):
        return Value(raw, source)
    if isinstance(raw, str):
        try:
            doc = json.loads(raw)
        except ValueError:
            return Value.unknown("the policy is not valid JSON", source)
        return Value(doc, source)
    return Value.unknown(f"the policy has an unexpected form ({type(raw).__name__})", source)


def render_policy_document(ref: str, ctx: AdapterContext, _depth: int = 0) -> Value | None:
    """The document of the data block at ``ref``, or None when the block is not in the configuration.

    ``data.aws_iam_policy`` (an existing policy read by ARN or name) is known only for the
    AWS-managed policies whose documents AWS publishes (``AdministratorAccess``, …).
    """
    block = ctx.blocks.get(ref)
    if block is None or block.mode != "data" or _depth > _MAX_DEPTH:
        return None
    if block.type == "aws_iam_policy":
        return _published_document(block)
    if block.type != "aws_iam_policy_document":
        return None
    statements: list[Any] = []
    base = _merge_sources(block.attrs.get("source_policy_documents"), ctx, _depth)
    if isinstance(base, Unknown):
        return Value(base, block.source("source_policy_documents"))
    statements.extend(base)
    own = block.attrs.get("statement") or []
    if isinstance(own, Unknown):
        return Value(own, block.source("statement"))
    for stmt in own:
        statements = _add_statement(statements, _render_statement(stmt))
    overrides = _merge_sources(block.attrs.get("override_policy_documents"), ctx, _depth)
    if isinstance(overrides, Unknown):
        return Value(overrides, block.source("override_policy_documents"))
    for stmt in overrides:
        statements = _add_statement(statements, stmt, override=True)
    doc: dict[str, Any] = {"Version": block.attrs.get("version") or "2012-10-17", "Statement": statements}
    if block.attrs.get("policy_id"):
        doc["Id"] = block.attrs["policy_id"]
    return Value(doc, block.source())


def _published_document(block: Any) -> Value | None:
    """The document of an AWS-managed policy named by ``arn`` (unknown, named, when not in the table) or ``name``."""
    arn, name = block.attrs.get("arn"), block.attrs.get("name")
    if iam_managed.is_aws_managed(arn):
        doc = iam_managed.document_or_unknown(arn)
    elif isinstance(name, str) and not isinstance(arn, str):
        # A name alone may be a customer policy of the same name: only the published names in
        # iam_managed.GRANT_EVERYTHING (everything, or a way to it) are taken as AWS's.
        doc = iam_managed.document_by_name(name)
    else:
        doc = None
    return Value(doc, block.source("arn" if arn is not None else "name")) if doc is not None else None


def _merge_sources(raw: Any, ctx: AdapterContext, depth: int) -> list[Any] | Unknown:
    """Statements of each document in ``source_policy_documents``/``override_policy_documents``."""
    if raw is None:
        return []
    if isinstance(raw, Unknown):
        nested = _render_ref(raw, ctx, depth)
        return nested if nested is not None else raw
    out: list[Any] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, Unknown):
            doc = _render_ref(item, ctx, depth)
            if doc is None:
                return item
            if isinstance(doc, Unknown):
                return doc
            out.extend(doc)
            continue
        value = policy_value(item, None, None)
        if not value.known:
            return value.raw
        stmts = (value.raw or {}).get("Statement", []) if isinstance(value.raw, dict) else []
        out.extend(stmts if isinstance(stmts, list) else [stmts])
    return out


def _render_ref(raw: Unknown, ctx: AdapterContext, depth: int) -> list[Any] | Unknown | None:
    if data_ref_type(raw.ref) not in ("aws_iam_policy_document", "aws_iam_policy"):
        return None
    doc = render_policy_document(raw.ref, ctx, depth + 1)
    if doc is None:
        return None
    if not doc.known:
        return doc.raw
    stmts = doc.raw.get("Statement", [])
    return stmts if isinstance(stmts, list) else [stmts]


def _add_statement(statements: list[Any], stmt: Any, override: bool = False) -> list[Any]:
    """Statements with the same Sid replace earlier ones (Terraform's merge rule for sids)."""
    sid = stmt.get("Sid") if isinstance(stmt, dict) else None
    if sid:
        kept = [s for s in statements if not (isinstance(s, dict) and s.get("Sid") == sid)]
        return [*kept, stmt]
    return [*statements, stmt]


def _render_statement(stmt: Any) -> Any:
    if not isinstance(stmt, dict):
        return stmt
    out: dict[str, Any] = {}
    if stmt.get("sid"):
        out["Sid"] = stmt["sid"]
    out["Effect"] = stmt.get("effect") or "Allow"
    for arg, key in (
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ):
        value = stmt.get(arg)
        if value is not None:
            out[key] = _simplify(value)
    for arg, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        blocks = stmt.get(arg)
        if blocks:
            out[key] = _principals(blocks)
    conditions = stmt.get("condition")
    if conditions:
        out["Condition"] = _conditions(conditions)
    return out


def _simplify(value: Any) -> Any:
    """Sets become sorted lists of unique items, as Terraform renders them."""
    if isinstance(value, list):
        seen: list[Any] = []
        for item in value:
            if item not in seen or isinstance(item, Unknown):
                seen.append(item)
        return seen
    return value


def _principals(blocks: Any) -> Any:
    if isinstance(blocks, Unknown):
        return blocks
    out: dict[str, Any] = {}
    for block in blocks if isinstance(blocks, list) else [blocks]:
        if isinstance(block, Unknown):
            return block
        ptype, identifiers = block.get("type"), block.get("identifiers")
        if isinstance(ptype, Unknown):
            return ptype
        if ptype == "*":
            return "*"  # type "*" with identifiers ["*"] renders as Principal "*"
        if isinstance(identifiers, Unknown):
            out[ptype] = identifiers
            continue
        existing = out.get(ptype, [])
        existing = existing if isinstance(existing, list) else [existing]
        out[ptype] = _simplify([*existing, *(identifiers or [])])
    return out


def _conditions(blocks: Any) -> Any:
    if isinstance(blocks, Unknown):
        return blocks
    out: dict[str, Any] = {}
    for block in blocks:
        if isinstance(block, Unknown):
            return block
        test, variable, values = block.get("test"), block.get("variable"), block.get("values")
        if isinstance(test, Unknown) or isinstance(variable, Unknown):
            return test if isinstance(test, Unknown) else variable
        out.setdefault(test, {})[variable] = values
    return out


# Stands for the unknown value while a JSON template is parsed: a private-use character, which
# JSON text written by hand does not hold.
_HOLE = "\ue000"


def _shaped_document(raw: Unknown) -> Any:
    """The JSON policy of a template around one resource's identifier, that identifier left unknown.

    ``<<EOF {"Resource": "${aws_dynamodb_table.t.arn}"} EOF`` (or ``replace(doc, "__ARN__",
    aws_dynamodb_table.t.arn)``) is unknown as a whole before apply, yet only the ARN is: the
    statement's principal and conditions are written out. Each JSON string holding the hole
    becomes an :class:`Unknown` with the same reason and ``ref`` (and the text around it as
    its shape), so policy analysis decides whatever the ARN cannot change. Only an attribute of
    a resource or data source qualifies: it is an identifier, whereas a variable's text could
    hold quotes and rewrite the document around it. None when the template cannot be read so.
    """
    parts = (raw.ref or "").split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    if raw.shape is None or _HOLE in raw.shape or len(parts) < 2 or parts[0] in ("module", "var", "local"):
        return None
    try:
        doc = json.loads(raw.shape.replace("${}", _HOLE))
    except ValueError:
        return None
    holes = 0

    def fill(node: Any) -> Any:
        nonlocal holes
        if isinstance(node, str) and _HOLE in node:
            holes += 1
            shape = node.replace(_HOLE, "${}")
            return Unknown(raw.reason, raw.ref, None if shape == "${}" else shape)
        if isinstance(node, list):
            return [fill(item) for item in node]
        if isinstance(node, dict):
            if any(_HOLE in key for key in node):
                raise ValueError("the unknown value is a key")
            return {key: fill(value) for key, value in node.items()}
        return node

    try:
        filled = fill(doc)
    except ValueError:
        return None
    return filled if holes else None
