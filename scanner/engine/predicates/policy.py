"""Resource- and identity-policy analysis shared by every service's checks.

What a policy document means (public? to whom? admin? TLS-only?) is AWS knowledge and
lives in :mod:`scanner.knowledge.aws.iam`, where the Terraform and live sources ask it too;
the predicates here turn its three-valued answers into outcomes: None (an unknown part
could change the answer) becomes ``unknown`` with the reason, never a fail.

Predicates (all take ``args.attr``, the attribute that holds the document):

- ``policy_not_public``: no Allow statement open to everyone without a restricting condition;
- ``policy_principals_authorised``: every principal granted access matches the promise's
  ``authorised_principals`` patterns;
- ``policy_denies_insecure_transport``: a Deny on ``aws:SecureTransport = false`` covers the resource;
- ``identity_policy_not_admin``: no Allow of every action on every resource, nor of a way to grant
  itself that (IAM self-escalation);
- ``s3_bucket_not_public``: ACL, bucket policy and public access blocks (bucket and account) combined.
"""

from __future__ import annotations

from typing import Any

from scanner.engine.outcome import Outcome
from scanner.engine.predicates import predicate
from scanner.knowledge.aws.iam import (
    admin_statements,
    condition_restricts,
    denies_insecure_transport,
    granted_principals,
    principal_matches,
    public_statements,
    secure_transport_false,
    statement_effect,
    statement_field,
    statements,
)
from scanner.knowledge.aws.iam_escalation import escalations
from scanner.promises import Promise
from scanner.state import Resource, Unknown, Value

__all__ = [  # the analysis is re-exported for the checks' older imports
    "admin_statements",
    "condition_restricts",
    "denies_insecure_transport",
    "granted_principals",
    "public_statements",
]


# --------------------------------------------------------------------- predicates
def _document(resource: Resource, args: dict[str, Any]) -> tuple[Value, str]:
    name = args.get("attr", "policy")
    return resource.get(name), name


@predicate("policy_not_public")
def policy_not_public(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """No Allow statement of the policy in ``args.attr`` (default ``policy``) is open to everyone.

    Open means Principal ``*`` / ``{"AWS": "*"}`` (or an Allow with NotPrincipal) without a
    condition that ties it to known callers or networks (aws:SourceArn, aws:SourceAccount,
    aws:PrincipalOrgID, aws:SourceVpce, aws:SourceVpc, aws:PrincipalArn, aws:SourceIp, …).
    Why: a resource policy is the usual way data becomes readable by anyone on the internet.
    No policy passes; an unknown part that could open it gives ``unknown``.
    """
    value, name = _document(resource, args)
    if not value.known:
        return Outcome.unknown(f"{name} is unknown: {value.reason}", value.source)
    if value.raw is None:
        return Outcome.passed(f"no {name}", value.source)
    found, unknown = public_statements(value.raw)
    if found:
        return Outcome.failed(f"{name} allows everyone ({', '.join(found)})", value.source)
    if unknown:
        return Outcome.unknown(f"{name} has unknown parts: {unknown.reason}", value.source)
    return Outcome.passed(f"{name} grants nothing to everyone", value.source)


@predicate("policy_principals_authorised")
def policy_principals_authorised(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """Every principal an Allow statement of ``args.attr`` names matches the promise's ``authorised_principals``.

    Patterns are fnmatch patterns (``arn:aws:iam::111122223333:role/app-*``); a bare
    account id is compared as its root ARN too. Service principals are skipped:
    they are AWS services acting for the owner. With no ``authorised_principals``
    promised there is nothing to compare against, so the check passes and says so.
    """
    patterns = promise.param("authorised_principals") or []
    value, name = _document(resource, args)
    if not patterns:
        public, _ = public_statements(value.raw) if value.known and value.raw else ([], None)
        if public:
            return Outcome.failed(
                f"{name} grants access to everyone ({', '.join(public)}), and no promise authorises everyone",
                value.source,
            )
        return Outcome.passed("no authorised principals promised", value.source)
    if not value.known:
        return Outcome.unknown(f"{name} is unknown: {value.reason}", value.source)
    if value.raw is None:
        return Outcome.passed(f"no {name}: access only through the owner's IAM", value.source)
    granted, unknown = granted_principals(value.raw)
    bad = sorted(
        {
            f"{ident} ({label})"
            for label, ident in granted
            if isinstance(ident, str) and not principal_matches(ident, patterns)
        }
    )
    if bad:
        return Outcome.failed(
            f"{name} grants access to principals not promised: {', '.join(bad)}", value.source
        )
    unknown = unknown or next((i for _, i in granted if isinstance(i, Unknown)), None)
    if unknown:
        return Outcome.unknown(f"{name} names a principal that is unknown: {unknown.reason}", value.source)
    return Outcome.passed(f"{name} grants access only to authorised principals", value.source)


@predicate("policy_denies_insecure_transport")
def policy_denies_insecure_transport(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """The policy denies every request made without TLS (Deny, everyone, ``aws:SecureTransport = false``).

    Why: services such as S3 still accept plain HTTP unless the resource policy refuses it.
    Args: ``attr`` (default ``policy``); ``service`` (action prefix, default ``s3``; ``s3:*``
    or ``*`` must be denied); ``arn_format`` (default ``arn:aws:s3:::{name}``) and
    ``contents_suffix`` (default ``/*``; empty for resources without contents): the
    statement(s) must cover the resource's ARN and its contents' ARN; ``resource_optional``:
    a statement without Resource applies to the resource itself (EFS file system policies);
    ``plaintext_label``: how unencrypted requests are named (default "over plain HTTP"; an NFS
    mount is "without TLS"); ``https_only_types``: resource types whose service accepts only
    HTTPS (S3 directory buckets), which pass without a policy.
    """
    value, name = _document(resource, args)
    plain = args.get("plaintext_label", "over plain HTTP")
    if resource.resource_type in args.get("https_only_types", ()):
        # The service itself refuses plain HTTP (S3 Express One Zone directory buckets).
        return Outcome.passed("the service accepts requests only over HTTPS (TLS)", resource.source)
    if not value.known:
        return Outcome.unknown(f"{name} is unknown: {value.reason}", value.source)
    if value.raw is None:
        return Outcome.failed(f"no {name}, so requests {plain} are not refused", value.source)
    ident = resource.identity.raw if resource.identity else None
    arn_format = args.get("arn_format", "arn:aws:s3:::{name}")
    if resource.address.startswith("arn:"):
        base = resource.address  # live resources are addressed by their real ARN
    elif isinstance(ident, str) and ident:
        base = arn_format.format(name=ident)
    else:
        base = arn_format.format(name="\x00unknown-name")  # matches only "*" style resources
    suffix = args.get("contents_suffix", "/*")
    arns = [base] + ([base + "/example-object"] if suffix else [])
    ok, reason = denies_insecure_transport(
        value.raw,
        arns,
        resource.address,
        args.get("service", "s3"),
        contents_suffix=suffix,
        resource_optional=bool(args.get("resource_optional")),
    )
    if ok:
        return Outcome.passed(f"{name} denies requests without TLS", value.source)
    if ok is None:
        return Outcome.unknown(f"cannot tell whether {name} denies requests {plain}: {reason}", value.source)
    if not isinstance(ident, str) or not ident:
        if not _tls_deny_candidates(value.raw):
            return Outcome.failed(
                f"{name} has no Deny of aws:SecureTransport=false, so requests {plain} are not refused",
                value.source,
            )
        return Outcome.unknown(
            f"cannot tell whether the Deny of aws:SecureTransport=false in {name} covers "
            f'{resource.address}: its name is unknown, so only Resource "*" could be read as covering it',
            value.source,
        )
    return Outcome.failed(reason, value.source)


def _tls_deny_candidates(doc: Any) -> bool:
    """Whether any statement could be a Deny of requests without TLS (unknown parts count as could)."""
    stmts = statements(doc)
    if isinstance(stmts, Unknown):
        return True
    for stmt in stmts:
        if not isinstance(stmt, dict) or isinstance(statement_effect(stmt), Unknown):
            return True
        if (
            statement_effect(stmt) == "Deny"
            and secure_transport_false(statement_field(stmt, "Condition")) is not False
        ):
            return True
    return False


@predicate("identity_policy_not_admin")
def identity_policy_not_admin(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """No Allow statement of ``args.attr`` (default ``document``) grants every action, or a way to take it.

    Every action: ``*`` (or NotAction) on Resource ``*``. A way to take it: IAM changes on every
    resource that let the holder grant itself anything, or become a principal that has it
    (:mod:`scanner.knowledge.aws.iam_escalation`: ``iam:AttachRolePolicy``, ``iam:PassRole``
    with ``ec2:RunInstances``, …). Why: an administrator grant, even one call away, gives its
    holder every piece of personal data in the account, which no need-to-know promise survives.
    A statement with a Condition is not counted (MFA or network conditions narrow who can use it).
    """
    name = args.get("attr", "document")
    value = resource.get(name)
    if not value.known:
        return Outcome.unknown(f"{name} is unknown: {value.reason}", value.source)
    if value.raw is None:
        return Outcome.passed(f"no {name}", value.source)
    found, unknown = admin_statements(value.raw)
    if found:
        return Outcome.failed(
            f"{name} allows every action on every resource ({', '.join(found)})", value.source
        )
    ways, could_escalate = escalations(value.raw)
    if ways:
        more = (
            f"; {len(ways) - 1} more way{'s' if len(ways) > 2 else ''} to escalate" if len(ways) > 1 else ""
        )
        return Outcome.failed(f"{name}: {ways[0].describe()}{more}", value.source)
    unknown = unknown or could_escalate
    if unknown:
        return Outcome.unknown(f"{name} has unknown parts: {unknown.reason}", value.source)
    return Outcome.passed(f"{name} grants no '*:*' and no way to grant itself more", value.source)


def _pab_flag(bucket: Value, account: Value, key: str) -> tuple[bool | None, str]:
    """A public-access-block flag in effect: the bucket's OR the account's."""
    results = []
    for label, value in (("bucket", bucket), ("account", account)):
        if not value.known:
            results.append((None, f"{label} {key} unknown: {value.reason}"))
            continue
        block = value.raw
        if isinstance(block, dict):
            flag = block.get(key)
            if flag is True:
                return True, f"{label} {key}"
            if isinstance(flag, Unknown):
                results.append((None, f"{label} {key} unknown: {flag.reason}"))
    unknown = [r for ok, r in results if ok is None]
    if unknown:
        return None, "; ".join(unknown)
    return False, ""


def _grant_in_effect(
    resource: Resource, what: str, neutraliser: str, preventer: str
) -> tuple[bool | None, str]:
    """Whether a public ``what`` (ACL or policy) takes effect despite the public access blocks.

    Only ``neutraliser`` (ignore_public_acls / restrict_public_buckets) makes S3 disregard a
    public grant that is in place. ``preventer`` (block_public_acls / block_public_policy)
    only refuses *new* public grants; AWS documents that it leaves existing ones in effect.

    In code, a public grant counts as in effect unless the configuration itself neutralises it
    (issue 12's decision): AWS's default block on new buckets makes such an apply fail, but on a
    bucket created before April 2023, or once the block is lifted, the same code makes the data
    public. The second element then says both. Returns (True, note) in effect, (False, "")
    neutralised, (None, reason) cannot tell.
    """
    pab = resource.get("public_access_block")
    account = resource.get("account_public_access_block")
    live = resource.address.startswith("arn:")
    ignored, why_ignored = _pab_flag(pab, account, neutraliser)
    if ignored and (live or not pab.default or why_ignored.startswith("account")):
        return False, ""
    if ignored:
        defaults = "disables ACLs and blocks public access" if what == "ACL" else "blocks public access"
        return True, (
            f"; on a bucket created before April 2023, or once its public access block is lifted, "
            f"the data is public; on a new bucket, where AWS {defaults} by default, the apply fails"
        )
    if ignored is None:
        return None, f"the {what} is public and {why_ignored}"
    prevented, why_prevented = _pab_flag(pab, account, preventer)
    if prevented and not live:
        return True, (
            f"; {why_prevented} makes the apply fail on a bucket without this grant, but leaves one "
            f"set before it public (set {neutraliser} = true)"
        )
    if prevented is None and not live:
        return None, f"the {what} is public and {why_prevented}"
    return True, ""


@predicate("s3_bucket_not_public")
def s3_bucket_not_public(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """An S3 bucket is public when a public ACL or policy is not neutralised by a public access block.

    A public ACL is disregarded by S3 under ``ignore_public_acls``, a public policy under
    ``restrict_public_buckets`` (bucket- or account-level). ``block_public_acls`` and
    ``block_public_policy`` only refuse new public grants, so they decide nothing about a
    grant in place (see :func:`_grant_in_effect`). ``public_access_block`` None means no
    block at all (an old bucket in a live scan); Terraform adapters fill AWS's default
    for new buckets.
    """
    acl = resource.get("public_acl")
    policy = resource.get("policy")
    pab = resource.get("public_access_block")
    problems: list[str] = []
    unknowns: list[str] = []
    if not acl.known:
        unknowns.append(f"public_acl unknown: {acl.reason}")
    elif acl.raw:
        effective, why = _grant_in_effect(resource, "ACL", "ignore_public_acls", "block_public_acls")
        if effective:
            problems.append(
                f"the ACL grants public access{why or ' and no public access block neutralises it'}"
            )
        elif effective is None:
            unknowns.append(why)
    if not policy.known:
        unknowns.append(f"policy unknown: {policy.reason}")
    elif policy.raw is not None:
        found, unknown = public_statements(policy.raw)
        if found or unknown:
            effective, why = _grant_in_effect(
                resource, "bucket policy", "restrict_public_buckets", "block_public_policy"
            )
            if effective and found:
                problems.append(f"the bucket policy allows everyone ({', '.join(found)}){why}")
            elif effective is None and found:
                unknowns.append(why)
            elif effective is not False:
                unknowns.append(f"the bucket policy has unknown parts: {unknown.reason}")
    sources = [v.source for v in (acl, policy, pab) if v.source]
    if problems:
        return Outcome.failed("; ".join(problems), *sources)
    if unknowns:
        return Outcome.unknown("; ".join(unknowns), *sources)
    via = " (AWS default public access block)" if pab.default else ""
    return Outcome.passed(f"no public ACL or policy takes effect{via}", *sources)
