"""IAM self-escalation: identity-policy grants that let their holder make itself an administrator.

A principal allowed to change IAM on every resource needs one call to grant itself everything
(attach AdministratorAccess to its own role, write a new default version of its own policy), or
to become someone who has it (create an access key for an administrator, pass an administrator's
role to an instance it starts). Such a grant is an administrator grant with one step in between,
so the admin check counts it. The ways are :data:`METHODS`, chosen from the published research on
IAM privilege escalation (Rhino Security Labs' list, the privilege-escalation checks of other IaC
scanners) and written here in our own words.

What counts, and why:

- Only Allow statements without a Condition count, as for Action ``*`` (an MFA or network
  condition narrows who can use the grant; the admin check has always read them so). One
  exception: ``iam:PassRole`` limited by ``iam:PassedToService`` alone still counts for the
  service it names, since the code that service runs gets the role all the same.
- The action that picks the victim must reach every resource of its kind: ``iam:PassRole`` every
  role, ``iam:CreateAccessKey`` every user, ``iam:CreatePolicyVersion`` every policy,
  ``lambda:UpdateFunctionCode`` every function (:data:`VICTIMS`). ``*``,
  ``NotResource``, or an ARN pattern such as ``arn:aws:iam::111122223333:role/*`` is every; a
  named role, user or policy (``aws_iam_role.app.arn``, ``role/app-*``) is not: the holder can
  reach only those, whose own grants their own policies show, so counting it would fail every
  deployment role that passes its one service role. A pattern whose unknown part could be ``*``
  (``role/${var.name}``) is unknown.
- The second half of a pair (``ec2:RunInstances`` with ``iam:PassRole``) counts on any Resource:
  its Resource names what is created (an instance, a function, a stack), not whose permissions the
  code gets; the role passed decides that. The halves may come from different statements.
- Actions match as AWS matches them: case-insensitive, ``*`` and ``?`` globs (``iam:*``,
  ``iam:Put*``, ``iam:Attach*Policy``, ``*``); ``NotAction`` grants every action it does not list.
- An unknown Action, Resource or statement that could complete a way is unknown, with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scanner.knowledge.aws.iam import allow_statements, as_list, concrete, deciding_unknown, statement_field
from scanner.state import Unknown


@dataclass(frozen=True)
class Method:
    """One way to escalate: every action in ``actions`` granted, and what that lets the holder do.

    ``runs_as``: for a pair with ``iam:PassRole``, the service principal the role is passed to
    (what an ``iam:PassedToService`` condition names).
    """

    actions: tuple[str, ...]
    consequence: str
    runs_as: str = ""


_RUN_AS_ANY_ROLE = "any role, an administrator's included"
# The most direct first: the message names the first way a policy grants.
METHODS: tuple[Method, ...] = (
    Method(("iam:AttachRolePolicy",), "attach AdministratorAccess to itself"),
    Method(("iam:AttachUserPolicy",), "attach AdministratorAccess to itself"),
    Method(("iam:AttachGroupPolicy",), "attach AdministratorAccess to its own group"),
    Method(("iam:PutRolePolicy",), "write itself an inline policy allowing every action"),
    Method(("iam:PutUserPolicy",), "write itself an inline policy allowing every action"),
    Method(("iam:PutGroupPolicy",), "write its own group an inline policy allowing every action"),
    Method(("iam:CreatePolicyVersion",), "rewrite a policy attached to itself to allow every action"),
    Method(("iam:SetDefaultPolicyVersion",), "put an older, broader version of its own policy in force"),
    Method(("iam:AddUserToGroup",), "add itself to an administrators' group"),
    Method(("iam:UpdateAssumeRolePolicy",), f"let itself assume {_RUN_AS_ANY_ROLE}"),
    Method(("iam:CreateAccessKey",), "create an access key for any user, an administrator included"),
    Method(
        ("iam:CreateLoginProfile",), "set a console password for any user that has none and sign in as it"
    ),
    Method(("iam:UpdateLoginProfile",), "reset any user's console password and sign in as it"),
    Method(
        ("iam:PassRole", "ec2:RunInstances"), f"start an instance as {_RUN_AS_ANY_ROLE}", "ec2.amazonaws.com"
    ),
    Method(
        ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"),
        f"create and invoke a function running as {_RUN_AS_ANY_ROLE}",
        "lambda.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"),
        f"create a function running as {_RUN_AS_ANY_ROLE} and have an event source trigger it",
        "lambda.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "cloudformation:CreateStack"),
        f"create a stack built by {_RUN_AS_ANY_ROLE}",
        "cloudformation.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "glue:CreateDevEndpoint"),
        f"create a Glue development endpoint running as {_RUN_AS_ANY_ROLE} and log in to it",
        "glue.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "glue:CreateJob", "glue:StartJobRun"),
        f"create and start a Glue job running as {_RUN_AS_ANY_ROLE}",
        "glue.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"),
        f"define a data pipeline running commands as {_RUN_AS_ANY_ROLE}",
        "datapipeline.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"),
        f"open a notebook running as {_RUN_AS_ANY_ROLE}",
        "sagemaker.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"),
        f"create and start a build running as {_RUN_AS_ANY_ROLE}",
        "codebuild.amazonaws.com",
    ),
    Method(
        ("iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"),
        f"register and run a container task as {_RUN_AS_ANY_ROLE}",
        "ecs-tasks.amazonaws.com",
    ),
    Method(
        ("lambda:UpdateFunctionCode",), "replace any function's code and run it with that function's role"
    ),
    Method(
        ("glue:UpdateDevEndpoint",),
        "put its own SSH key on any Glue development endpoint and act with that endpoint's role",
    ),
)

# Where each action that picks its victim finds it (lower-case action names): the ARN of such a
# resource up to its name, with the partition, region and account left to fill. An action not
# listed here is the code-running half of a pair: its Resource is what it creates, so any counts.
_ROLE, _USER, _GROUP = "arn:{p}:iam::{a}:role/", "arn:{p}:iam::{a}:user/", "arn:{p}:iam::{a}:group/"
VICTIMS: dict[str, str] = {
    "iam:attachrolepolicy": _ROLE,
    "iam:putrolepolicy": _ROLE,
    "iam:updateassumerolepolicy": _ROLE,
    "iam:passrole": _ROLE,
    "iam:attachuserpolicy": _USER,
    "iam:putuserpolicy": _USER,
    "iam:createaccesskey": _USER,
    "iam:createloginprofile": _USER,
    "iam:updateloginprofile": _USER,
    "iam:attachgrouppolicy": _GROUP,
    "iam:putgrouppolicy": _GROUP,
    "iam:addusertogroup": _GROUP,
    "iam:createpolicyversion": "arn:{p}:iam::{a}:policy/",
    "iam:setdefaultpolicyversion": "arn:{p}:iam::{a}:policy/",
    "lambda:updatefunctioncode": "arn:{p}:lambda:{r}:{a}:function:",
    "glue:updatedevendpoint": "arn:{p}:glue:{r}:{a}:devEndpoint/",
}


@dataclass(frozen=True)
class Grant:
    """One action of a way, as a statement grants it: its label and the pattern that matched."""

    action: str
    label: str
    pattern: str
    passed_to: str = ""  # the service an iam:PassedToService condition lets the role go to


@dataclass(frozen=True)
class Escalation:
    """A way to escalate that a document grants, each action with the statement granting it."""

    method: Method
    grants: tuple[Grant, ...]

    def describe(self) -> str:
        """``iam:AttachRolePolicy on every resource lets the holder attach AdministratorAccess to itself (Sid)``."""
        first, rest = self.grants[0], self.grants[1:]
        text = f"{_named(first)} on every resource"
        if rest:
            text += " with " + " and ".join(_named(g) for g in rest)
        labels = list(dict.fromkeys(g.label for g in self.grants))
        return f"{text} lets the holder {self.method.consequence} ({', '.join(labels)})"


def _named(grant: Grant) -> str:
    """The action, the pattern that grants it when that is not the action itself, and where a role may go."""
    named = grant.action
    if grant.pattern.lower() != grant.action.lower():
        named += f" (through {grant.pattern})"
    return f"{named} to {grant.passed_to}" if grant.passed_to else named


# --------------------------------------------------------------------- matching
@lru_cache(maxsize=1024)
def _glob(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    """An IAM wildcard pattern (``*`` any text, ``?`` one character) as a regular expression."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE | re.DOTALL)


def action_matches(pattern: Any, action: str) -> bool:
    """Whether an Action entry matches ``action`` as AWS compares them (case-insensitive globs)."""
    return isinstance(pattern, str) and _glob(pattern, False).fullmatch(action) is not None


def _literal(parts: list[str], index: int, default: str) -> str:
    """Part ``index`` of a split ARN pattern when written out without wildcards, else ``default``."""
    part = parts[index] if len(parts) > index else ""
    return part if part and not set(part) & {"*", "?"} else default


def covers_every(pattern: str, victims: str) -> bool:
    """Whether a Resource ARN pattern covers every resource of the kind ``victims`` (a VICTIMS value) names.

    Two made-up names that only a pattern ending in a wildcard after the kind matches are tried.
    The partition, region and account are the pattern's own when written out: these actions
    reach only the holder's own account, so ``arn:aws:iam::111122223333:role/*`` is every role
    there is.
    """
    if pattern == "*":
        return True
    if not pattern.startswith("arn:"):
        return False
    parts = pattern.split(":", 5)
    base = victims.format(
        p=_literal(parts, 1, "aws"), r=_literal(parts, 3, "eu-west-1"), a=_literal(parts, 4, "000000000000")
    )
    regex = _glob(pattern, True)
    return all(regex.fullmatch(base + name) for name in ("\x01", "a/b/\x01z"))


def resource_covers_every(item: Any, victims: str) -> bool | None:
    """Whether one Resource entry covers every resource of the kind ``victims`` names.

    An unknown entry is read through its shape: ``arn:aws:iam::${}:role/*`` is every role
    whatever the account; one whose unknown part could be ``*`` (``role/${}``, a bare
    variable) is None; one resource's own ARN (``aws_iam_role.app.arn``) is False.
    """
    if isinstance(item, str):
        return covers_every(item, victims)
    if not isinstance(item, Unknown):
        return False
    if item.shape is not None and item.shape != "${}":
        if covers_every(item.shape.replace("${}", "0"), victims):
            return True
        return None if covers_every(item.shape.replace("${}", "*"), victims) else False
    return False if concrete(item) else None


# --------------------------------------------------------------------- one statement
def statement_grants(stmt: dict[str, Any], action: str, runs_as: str = "") -> tuple[bool | None, str]:
    """Whether an Allow statement grants ``action`` where it escalates, and the pattern that grants it.

    True: on every resource its victim can be (see the module's rules), without a Condition;
    ``iam:PassRole`` for a pair whose code runs as ``runs_as`` also under a Condition that only
    limits the service the role goes to, when it allows that service (:func:`passes_to`).
    None: an unknown Action, NotAction or Resource could make it so. The pattern is the Action
    entry that matched (``iam:*``), or ``NotAction`` for a statement granting all but a list.
    """
    granted, pattern, _deciding = _statement_grant(stmt, action, runs_as)
    return granted, pattern


def _statement_grant(
    stmt: dict[str, Any], action: str, runs_as: str = ""
) -> tuple[bool | None, str, tuple[str, ...]]:
    """As :func:`statement_grants`, with the fields whose unknowns leave it undecided."""
    condition = statement_field(stmt, "Condition")
    if condition is not None and not (action.lower() == "iam:passrole" and passes_to(condition, runs_as)):
        return False, "", ()
    granted, pattern = _action_granted(stmt, action)
    if granted is False:
        return False, "", ()
    reached = _resource_reached(stmt, action)
    if reached is False:
        return False, "", ()
    if granted and reached:
        return True, pattern, ()
    return None, pattern, ("Action", "NotAction") if granted is None else ("Resource",)


# Operators that compare iam:PassedToService with the listed values; StringLike takes globs.
_SERVICE_OPERATORS = {"StringEquals": False, "StringLike": True}


def passes_to(condition: Any, service: str) -> bool:
    """Whether a Condition on ``iam:PassRole`` only limits the service a role goes to, and allows ``service``.

    AWS's own advice, ``iam:PassedToService = lambda.amazonaws.com``, keeps the role away from
    other services but not from Lambda: with ``lambda:CreateFunction`` the holder still runs code
    as any role Lambda may assume. A Condition with any other test (MFA, a tag, a source
    network), a negated operator or an unknown part narrows who can pass roles, and is not
    counted, as every Condition elsewhere.
    """
    if not service or not isinstance(condition, dict) or not condition:
        return False
    for operator, tests in condition.items():
        if operator not in _SERVICE_OPERATORS or not isinstance(tests, dict) or not tests:
            return False
        for key, values in tests.items():
            if not isinstance(key, str) or key.lower() != "iam:passedtoservice":
                return False
            items = as_list(values)
            if not items or not all(isinstance(v, str) for v in items):
                return False
            if _SERVICE_OPERATORS[operator]:
                if not any(_glob(v, True).fullmatch(service) for v in items):
                    return False
            elif service not in items:
                return False
    return True


def _action_granted(stmt: dict[str, Any], action: str) -> tuple[bool | None, str]:
    not_action = statement_field(stmt, "NotAction")
    if not_action is not None:
        if isinstance(not_action, Unknown):
            return None, ""
        items = as_list(not_action)
        if any(action_matches(a, action) for a in items):
            return False, ""
        return (None if any(isinstance(a, Unknown) for a in items) else True), "NotAction"
    actions = statement_field(stmt, "Action")
    if isinstance(actions, Unknown):
        return None, ""
    items = as_list(actions)
    hit = next((a for a in items if action_matches(a, action)), None)
    if hit is not None:
        return True, hit
    return (None if any(isinstance(a, Unknown) for a in items) else False), ""


def _resource_reached(stmt: dict[str, Any], action: str) -> bool | None:
    victims = VICTIMS.get(action.lower())
    if victims is None:
        return True  # the code-running half of a pair: its Resource is what it creates
    if statement_field(stmt, "NotResource") is not None:
        return True  # every resource but the few listed
    resources = statement_field(stmt, "Resource")
    if isinstance(resources, Unknown):
        resources = [resources]
    answers = [resource_covers_every(r, victims) for r in as_list(resources)]
    if True in answers:
        return True
    return None if None in answers else False


# --------------------------------------------------------------------- a document
def escalations(doc: Any) -> tuple[list[Escalation], Unknown | None]:
    """Every way of :data:`METHODS` the document's Allow statements grant, and the first unknown that could add one.

    The actions of one way may come from different statements of the document.
    """
    allowed, unknown = allow_statements(doc)
    found: list[Escalation] = []
    for method in METHODS:
        grants: list[Grant] = []
        undecided: Unknown | None = None
        for action in method.actions:
            grant, could = _first_grant(allowed, action, method.runs_as)
            if grant is not None:
                grants.append(grant)
            elif could is not None:
                undecided = undecided or could
            else:
                break  # one action no statement can grant: not this way
        else:
            if len(grants) == len(method.actions):
                found.append(Escalation(method, tuple(grants)))
            else:
                unknown = unknown or undecided
    return found, unknown


def _first_grant(
    allowed: list[tuple[str, dict[str, Any]]], action: str, runs_as: str
) -> tuple[Grant | None, Unknown | None]:
    """The first statement granting ``action`` where it escalates, else the unknown that could."""
    could: Unknown | None = None
    for label, stmt in allowed:
        granted, pattern, deciding = _statement_grant(stmt, action, runs_as)
        if granted:
            to = runs_as if statement_field(stmt, "Condition") is not None else ""
            return Grant(action, label, pattern, to), None
        if granted is None and could is None:
            could = deciding_unknown(stmt, deciding) or Unknown("part of the statement is unknown")
    return None, could
