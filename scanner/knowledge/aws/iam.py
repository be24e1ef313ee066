"""IAM policy documents: what a resource or identity policy allows, and to whom, as AWS evaluates it.

Policies are parsed IAM documents (dicts) whose parts may be :class:`Unknown` (a principal
from a variable, an ARN of a resource not yet created). The functions answer in three
values: True, False, or None when an unknown part could change the answer; the checks turn
None into an ``unknown`` outcome with the reason, never into a fail. Code, plan and cloud
all ask these functions, so a bucket, queue or vault policy means the same from each.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from scanner.state import Unknown, first_unknown

# Condition keys that tie a "*" principal to known callers or networks (lower-case).
RESTRICTING_KEYS = frozenset(
    k.lower()
    for k in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:SourceVpce",
        "aws:SourceVpc",
        "aws:SourceIp",
        "aws:userid",
        "aws:username",
        # Service keys that name the caller's account or the only endpoint data can go to:
        # KMS key policies grant "*" within the account through kms:CallerAccount; an SNS
        # subscription allowed only for sns:Endpoint = one queue sends nothing to anyone else.
        "kms:CallerAccount",
        "sns:Endpoint",
    )
)
_OPEN_NETWORKS = {"0.0.0.0/0", "::/0"}
# Keys that restrict only when they are true: EFS's AccessedViaMountTarget limits the caller to
# clients that reach a mount target inside the file system's VPC (the policy the console writes).
RESTRICTING_WHEN_TRUE = frozenset({"elasticfilesystem:accessedviamounttarget"})
_ACCOUNT_ID = re.compile(r"^\d{12}$")


# --------------------------------------------------------------------- helpers
def as_list(raw: Any) -> list[Any]:
    """IAM allows a single value or a list almost everywhere."""
    if raw is None:
        return []
    if isinstance(raw, list):
        return raw
    return [raw]


def statements(doc: Any) -> list[Any] | Unknown:
    """The document's statements (each a dict, or an Unknown)."""
    if isinstance(doc, Unknown):
        return doc
    if not isinstance(doc, dict):
        return []
    raw = doc.get("Statement", [])
    if isinstance(raw, Unknown):
        return raw
    return as_list(raw)


def statement_field(stmt: dict[str, Any], key: str) -> Any:
    """Keys are case-sensitive in IAM, but hand-written JSON varies; be forgiving."""
    if key in stmt:
        return stmt[key]
    for k, v in stmt.items():
        if isinstance(k, str) and k.lower() == key.lower():
            return v
    return None


def concrete(value: Any) -> bool:
    """Whether an unknown value is certainly one specific name, never a wildcard.

    An attribute of a resource or data source (``aws_sqs_queue.q.arn``, the account id of
    ``data.aws_caller_identity``) is one resource's identifier; a template with literal text
    around an unknown part (``arn:${partition}:iam::111122223333:root``) is not ``"*"`` either.
    A variable's value (no ``ref``) may be anything.
    """
    if not isinstance(value, Unknown):
        return False
    if value.shape is not None and value.shape != "${}" and "*" not in value.shape:
        return True
    parts = (value.ref or "").split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    # a resource or data source attribute; a module not on disk (``module.vpc``) may give anything
    return value.shape is None and len(parts) >= 2 and parts[0] != "module"


def principal_is_public(principal: Any) -> bool | None:
    """``"*"`` or ``{"AWS": "*"}`` (also inside a list); None when an unknown part could be ``*``."""
    if isinstance(principal, Unknown):
        return None
    if principal == "*":
        return True
    if isinstance(principal, dict):
        unknown = False
        for key, value in principal.items():
            if isinstance(value, Unknown):
                unknown = True
                continue
            for item in as_list(value):
                if isinstance(item, Unknown):
                    unknown = unknown or not concrete(item)
                elif item == "*" and key in ("AWS", "*", "CanonicalUser", "Federated"):
                    return True
        return None if unknown else False
    return False


def _positive_tests(condition: dict[str, Any]):
    """(operator, lower-case key, values) of the Condition tests that can only narrow who gets in.

    Left out: negated operators (StringNotEquals lets everyone else in), ``Null``, and
    operators that match when the request lacks the key: ``...IfExists`` and
    ``ForAllValues:`` (an anonymous request carries no aws:PrincipalOrgID or
    aws:SourceArn, so such a test lets it through).
    """
    for operator, tests in condition.items():
        if not isinstance(operator, str) or "Not" in operator or operator.startswith("Null"):
            continue
        if operator.endswith("IfExists") or operator.startswith("ForAllValues:"):
            continue
        if isinstance(tests, Unknown):
            yield operator, None, tests
            continue
        if not isinstance(tests, dict):
            continue
        for key, values in tests.items():
            if isinstance(key, str):
                yield operator, key.lower(), values


def condition_restricts(condition: Any) -> bool | None:
    """Whether the Condition block ties the statement to known callers or networks.

    Only positive operators that need the key count (StringEquals, ArnLike, IpAddress, …;
    see :func:`_positive_tests`). A wildcard value (``"*"``) or an open network
    (``0.0.0.0/0``) restricts nothing.
    """
    if condition is None:
        return False
    if isinstance(condition, Unknown):
        return None
    if not isinstance(condition, dict):
        return False
    unknown = False
    for operator, key, values in _positive_tests(condition):
        if key is None:  # the whole test block is unknown
            unknown = True
            continue
        if key in RESTRICTING_WHEN_TRUE and operator == "Bool":
            flags = as_list(values)
            if any(isinstance(v, Unknown) for v in flags):
                unknown = True
            elif flags and all(str(v).lower() == "true" for v in flags):
                return True
            continue
        if key not in RESTRICTING_KEYS:
            continue
        if isinstance(values, Unknown) and not concrete(values):
            unknown = True  # the whole list is unknown: it could be empty
            continue
        values = as_list(values)
        exact = _exact_match(operator)
        if any(isinstance(v, Unknown) and not (exact or concrete(v)) for v in values):
            unknown = True
            continue
        if values and (exact or not any(v in ("*", *_OPEN_NETWORKS) for v in values)):
            return True
    return None if unknown else False


# Operators that compare the request's value with each listed value as exact text: no wildcard,
# no network range. ``StringEquals`` with ``"*"`` matches only the literal text ``*``, which no
# account id, ARN or organisation id is, so any value (known or not) narrows the grant to the
# callers whose key holds exactly that value: an unknown account id restricts as surely as a
# known one. ``StringLike``, ``ArnEquals``/``ArnLike`` (they take wildcards) and ``IpAddress``
# (a variable could be 0.0.0.0/0) are not exact: an unknown value there could open everything.
_EXACT_OPERATORS = frozenset({"stringequals", "stringequalsignorecase"})


def _exact_match(operator: str) -> bool:
    """Whether ``operator`` (``ForAnyValue:StringEquals`` too) compares exact text."""
    return operator.split(":")[-1].lower() in _EXACT_OPERATORS


def statement_label(stmt: dict[str, Any], index: int) -> str:
    """How a message names a statement: its Sid when written out, else its position."""
    sid = statement_field(stmt, "Sid")
    return sid if isinstance(sid, str) and sid else f"statement {index}"


def statement_effect(stmt: dict[str, Any]) -> Any:
    return statement_field(stmt, "Effect")


# --------------------------------------------------------------------- analysis
def allow_statements(doc: Any) -> tuple[list[tuple[str, dict[str, Any]]], Unknown | None]:
    """(label, statement) of every Allow statement, and the first unknown that could be one more.

    The label is the ``Sid``, else ``statement N``. A statement, or an ``Effect``, that is
    unknown could be an Allow: it is the unknown; a Deny, or what is not a statement, is skipped.
    """
    stmts = statements(doc)
    if isinstance(stmts, Unknown):
        return [], stmts
    out: list[tuple[str, dict[str, Any]]] = []
    unknown: Unknown | None = None
    for i, stmt in enumerate(stmts):
        if not isinstance(stmt, dict):
            unknown = unknown or (stmt if isinstance(stmt, Unknown) else None)
            continue
        effect = statement_effect(stmt)
        if isinstance(effect, Unknown):
            unknown = unknown or effect
        elif effect == "Allow":
            out.append((statement_label(stmt, i), stmt))
    return out, unknown


def public_statements(doc: Any) -> tuple[list[str], Unknown | None]:
    """Labels of Allow statements open to everyone, and the first unknown that could add one."""
    allowed, unknown = allow_statements(doc)
    found: list[str] = []
    for label, stmt in allowed:
        if statement_field(stmt, "NotPrincipal") is not None:
            open_ = True  # Allow with NotPrincipal grants everyone but the few named
        else:
            open_ = principal_is_public(statement_field(stmt, "Principal"))
        if open_ is False:
            continue
        restricted = condition_restricts(statement_field(stmt, "Condition"))
        if restricted:
            continue
        if open_ is None or restricted is None:
            deciding = ("Principal",) if open_ is None else ("Condition",)
            unknown = (
                unknown or deciding_unknown(stmt, deciding) or Unknown("part of the statement is unknown")
            )
            continue
        found.append(label)
    return found, unknown


def granted_principals(doc: Any) -> tuple[list[tuple[str, Any]], Unknown | None]:
    """(statement label, identifier) for every principal an Allow statement grants access to.

    A ``"*"`` principal restricted by ``aws:PrincipalArn``/``aws:PrincipalAccount`` is
    reported as the ARNs/accounts the condition allows. Service principals
    (``logging.s3.amazonaws.com``) are AWS services acting for the owner and are skipped.
    """
    allowed, unknown = allow_statements(doc)
    out: list[tuple[str, Any]] = []
    for label, stmt in allowed:
        if statement_field(stmt, "NotPrincipal") is not None:
            out.append((label, "*"))
            continue
        principal = statement_field(stmt, "Principal")
        if principal is None:
            continue  # identity policy statement: no principal of its own
        if isinstance(principal, Unknown):
            unknown = unknown or principal
            continue
        if isinstance(principal, dict):
            ids = []
            for key, value in principal.items():
                if key == "Service":
                    continue
                ids.extend(value if isinstance(value, list) else [value])
        else:
            ids = as_list(principal)
        if "*" in ids:
            condition = statement_field(stmt, "Condition")
            narrowed = _condition_principals(condition)
            if narrowed:
                ids = [x for x in ids if x != "*"] + narrowed
            elif _service_source_only(condition):
                # "*" limited by aws:SourceArn/SourceAccount is an AWS service acting for a
                # named resource (an SNS topic writing to a queue), like a service principal.
                ids = [x for x in ids if x != "*"]
        out.extend((label, ident) for ident in ids)
    return out, unknown


def _condition_principals(condition: Any) -> list[Any]:
    """The ARNs/accounts an aws:PrincipalArn/aws:PrincipalAccount test limits a ``"*"`` principal to."""
    if not isinstance(condition, dict):
        return []
    out: list[Any] = []
    for _operator, key, values in _positive_tests(condition):
        if key in ("aws:principalarn", "aws:principalaccount"):
            out.extend(as_list(values))
    return out


def _service_source_only(condition: Any) -> bool:
    """Whether an aws:SourceArn/aws:SourceAccount test names the resource a service acts for."""
    if not isinstance(condition, dict):
        return False
    for _operator, key, values in _positive_tests(condition):
        if key in ("aws:sourcearn", "aws:sourceaccount"):
            vals = as_list(values)
            if vals and all(isinstance(v, str) and v != "*" for v in vals):
                return True
    return False


def principal_matches(identifier: str, patterns: list[str]) -> bool:
    """fnmatch against the promise's patterns; a bare account id also matches as its root ARN."""
    candidates = [identifier]
    if _ACCOUNT_ID.match(identifier):
        candidates.append(f"arn:aws:iam::{identifier}:root")
    return any(fnmatch.fnmatchcase(c, p) for c in candidates for p in patterns)


def _own_part(item: Any, own_ref: str | None, contents_suffix: str) -> str | None:
    """What a Resource entry naming the resource itself stands for: ``self``, ``contents`` or ``part``."""
    if not (isinstance(item, Unknown) and own_ref and item.ref == own_ref):
        return None
    if item.shape in (None, "${}"):
        return "self"
    if contents_suffix and item.shape == "${}" + contents_suffix:
        return "contents"
    return "part"  # e.g. "${aws_s3_bucket.b.arn}/logs/*": some of the contents only


def _covers(resources: list[Any], wanted: str, own_ref: str | None) -> bool | None:
    """Whether a Resource list covers ``wanted`` (an ARN); refs to the resource itself count as itself."""
    unknown = False
    for item in resources:
        if isinstance(item, Unknown):
            if own_ref and item.ref == own_ref:
                continue  # handled by the caller (cannot tell the bucket from its objects)
            unknown = True
            continue
        if isinstance(item, str) and fnmatch.fnmatchcase(wanted, item):
            return True
    return None if unknown else False


def secure_transport_false(condition: Any) -> bool | None:
    if isinstance(condition, Unknown):
        return None
    if not isinstance(condition, dict):
        return False
    for operator, tests in condition.items():
        if operator not in ("Bool", "BoolIfExists") or not isinstance(tests, dict):
            continue
        for key, values in tests.items():
            if isinstance(key, str) and key.lower() == "aws:securetransport":
                vals = as_list(values)
                if any(isinstance(v, Unknown) for v in vals):
                    return None
                if any(str(v).lower() == "false" for v in vals):
                    return True
    return False


def _actions_cover_all(actions: Any, service: str) -> bool | None:
    """Whether the actions include every action of ``service`` (IAM compares actions case-insensitively)."""
    items = as_list(actions)
    wanted = ("*", f"{service.lower()}:*")
    hit = any(isinstance(a, str) and a.lower() in wanted for a in items)
    if not hit and any(isinstance(a, Unknown) for a in items):
        return None
    return hit


def denies_insecure_transport(
    doc: Any,
    arns: list[str],
    own_ref: str | None,
    service: str,
    contents_suffix: str = "/*",
    resource_optional: bool = False,
) -> tuple[bool | None, str]:
    """Whether Deny statements on ``aws:SecureTransport = false`` for everyone cover every ARN in ``arns``.

    ``arns[0]`` is the resource itself, any further ones stand for its contents.
    ``own_ref`` is the Terraform address of the resource itself: a policy written as
    ``[aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]`` evaluates to unknowns that
    carry this ref, the second with the shape ``${}/*`` — the resource and its contents.
    """
    stmts = statements(doc)
    if isinstance(stmts, Unknown):
        return None, stmts.reason
    covered = {arn: False for arn in arns}
    unknown_reason = ""
    for stmt in stmts:
        if isinstance(stmt, Unknown) or (
            isinstance(stmt, dict) and isinstance(statement_effect(stmt), Unknown)
        ):
            # an unknown statement (or Effect) could be the Deny that covers the resource
            unknown = stmt if isinstance(stmt, Unknown) else statement_effect(stmt)
            unknown_reason = unknown_reason or f"a statement of the policy is unknown: {unknown.reason}"
            continue
        if not isinstance(stmt, dict) or statement_effect(stmt) != "Deny":
            continue
        secure = secure_transport_false(statement_field(stmt, "Condition"))
        everyone = principal_is_public(statement_field(stmt, "Principal"))
        actions = _actions_cover_all(statement_field(stmt, "Action"), service)
        if secure is False or everyone is False or actions is False:
            continue
        if None in (secure, everyone, actions):
            unknown_reason = unknown_reason or "part of a Deny statement is unknown"
            continue
        resources = as_list(statement_field(stmt, "Resource"))
        own = {_own_part(r, own_ref, contents_suffix) for r in resources} - {None}
        for i, arn in enumerate(arns):
            hit = _covers(resources, arn, own_ref)
            if hit or ("self" if i == 0 else "contents") in own or (not resources and resource_optional):
                covered[arn] = True
            elif hit is None:
                unknown_reason = unknown_reason or "the Deny statement's Resource is not known before apply"
    if all(covered.values()):
        return True, ""
    if unknown_reason:
        return None, unknown_reason
    missing = ", ".join(a for a, ok in covered.items() if not ok)
    return False, f"no Deny of aws:SecureTransport=false for everyone covers {missing}"


def admin_statements(doc: Any) -> tuple[list[str], Unknown | None]:
    """Allow statements granting every action (``*``, or NotAction) on every resource (``*``)."""
    allowed, unknown = allow_statements(doc)
    found: list[str] = []
    for label, stmt in allowed:
        if statement_field(stmt, "Condition") is not None:
            continue  # a condition (MFA, source network) narrows who can use the grant
        resources = as_list(statement_field(stmt, "Resource"))
        not_resource = statement_field(stmt, "NotResource")
        every_resource: bool | None = "*" in resources or not_resource is not None
        if not every_resource and any(isinstance(r, Unknown) and not concrete(r) for r in resources):
            every_resource = None  # a variable could be "*"; a resource's own ARN never is
        actions = as_list(statement_field(stmt, "Action"))
        every_action: bool | None = (
            any(a in ("*", "*:*") for a in actions) or statement_field(stmt, "NotAction") is not None
        )
        if not every_action and any(isinstance(a, Unknown) for a in actions):
            every_action = None
        if every_action and every_resource:
            found.append(label)
        elif (
            every_action is not False
            and every_resource is not False
            and (None in (every_action, every_resource))
        ):
            unknown = unknown or deciding_unknown(
                stmt, ("Action",) if every_action is None else ("Resource",)
            )
    return found, unknown


def _unknowns(raw: Any):
    """Every :class:`Unknown` nested in ``raw``, in document order."""
    if isinstance(raw, Unknown):
        yield raw
    elif isinstance(raw, dict):
        for item in raw.values():
            yield from _unknowns(item)
    elif isinstance(raw, (list, tuple)):
        for item in raw:
            yield from _unknowns(item)


def deciding_unknown(stmt: dict[str, Any], fields: tuple[str, ...]) -> Unknown | None:
    """The unknown to name for a statement left undecided by its ``fields``, so the user looks there.

    A statement also holds unknowns that change nothing (the resource's own ARN in Resource
    while a Condition decides): the first unknown of the deciding fields is named, one that may
    be anything (a variable, a module output) before one that is surely a single identifier.
    """
    found = [u for f in fields for u in _unknowns(statement_field(stmt, f))]
    return next((u for u in found if not concrete(u)), None) or (found[0] if found else first_unknown(stmt))
