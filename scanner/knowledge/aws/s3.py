"""S3: which ACL grants make a bucket public, which object ARNs belong to a bucket, lifecycle scope.

A grant is public when its grantee is one of S3's predefined groups for everyone
(``AllUsers``) or for every AWS account holder (``AuthenticatedUsers``), so are the canned
ACLs that grant to those groups. Object ARNs are ``arn:PARTITION:s3:::BUCKET/KEY``. A lifecycle
rule acts on the whole bucket only when no prefix, tag or object-size filter narrows it.
"""

from __future__ import annotations

from typing import Any

from scanner.state import Unknown

PUBLIC_GRANTEE_URIS = frozenset(
    {
        "http://acs.amazonaws.com/groups/global/AllUsers",
        "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
    }
)
PUBLIC_CANNED_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")


def grantee_is_public(uri: Any) -> bool:
    """Whether an ACL grantee URI is everyone or every authenticated AWS user."""
    return isinstance(uri, str) and uri in PUBLIC_GRANTEE_URIS


def canned_acl_is_public(acl: Any) -> bool:
    return isinstance(acl, str) and acl in PUBLIC_CANNED_ACLS


def objects_prefix(bucket: str, partition: str = "aws") -> str:
    """The ARN prefix every object of ``bucket`` starts with (``arn:aws:s3:::bucket/``)."""
    return f"arn:{partition}:s3:::{bucket}/"


def without_partition(value: str) -> str:
    """An S3 ARN (prefix) with its partition written as ``aws``, so partitions compare alike."""
    for partition in PARTITIONS:
        if value.startswith(f"arn:{partition}:"):
            return "arn:aws:" + value[len(f"arn:{partition}:") :]
    return value


def bucket_of_arn(value: str) -> str:
    """The bucket an S3 bucket or object ARN names (a bare name stays as it is)."""
    return value.split(":::", 1)[-1].split("/", 1)[0]


# ------------------------------------------------------------------ lifecycle rules
# A filter condition that is not given (Terraform writes empty blocks and nulls) narrows nothing.
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def lifecycle_enabled(status: Any) -> bool | Unknown:
    """A rule's ``Status``/``status`` (``Enabled`` or ``Disabled``); one that is not given is unknown."""
    if isinstance(status, Unknown):
        return status
    if not isinstance(status, str):
        return Unknown("a lifecycle rule gives no status (Enabled or Disabled)")
    return status == "Enabled"


def lifecycle_rule(
    rule_id: Any,
    enabled: bool | Unknown,
    expiration_days: Any,
    noncurrent_days: Any,
    prefixes: list[Any],
    conditions: dict[str, Any],
    newer_noncurrent_versions: Any = None,
) -> dict[str, Any]:
    """A lifecycle rule as the state holds it; ``whole_bucket`` when nothing narrows its scope.

    ``newer_noncurrent_versions``: the number of newest non-current versions the non-current
    expiration spares whatever their age. Those versions are deleted only when newer ones push
    them out, which may never happen, so such a rule puts no bound on non-current versions
    (``noncurrent_expiration_days`` None, ``noncurrent_versions_kept`` the number); an unknown
    number leaves the bound unknown.

    ``prefixes``: every key prefix the rule names (the rule's own, the filter's, the filter's
    ``and``), ``conditions``: its other filter conditions (tags, object sizes) by name. A rule
    applies to every object only when no prefix and no condition is given; one known narrowing
    is enough to say it does not, an unknown one (and none known) leaves it unknown.
    """
    given = [p for p in prefixes if p not in _EMPTY]
    prefix = next((p for p in given if not isinstance(p, Unknown)), None) or next(iter(given), "")
    narrowing = given + [v for v in conditions.values() if v not in _EMPTY]
    whole: bool | Unknown = True
    if any(not isinstance(v, Unknown) for v in narrowing):
        whole = False
    elif narrowing:
        whole = narrowing[0]
    kept = newer_noncurrent_versions
    if isinstance(kept, Unknown) and noncurrent_days is not None:
        noncurrent_days = kept
    elif isinstance(kept, int) and not isinstance(kept, bool) and kept > 0 and noncurrent_days is not None:
        noncurrent_days = None
    else:
        kept = None
    return {
        "id": rule_id,
        "enabled": enabled,
        "expiration_days": expiration_days,
        "noncurrent_expiration_days": noncurrent_days,
        "noncurrent_versions_kept": kept if isinstance(kept, int) else None,
        "prefix": prefix,
        "whole_bucket": whole,
    }
