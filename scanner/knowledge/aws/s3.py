"""S3: which ACL grants make a bucket public, and which object ARNs belong to a bucket.

A grant is public when its grantee is one of S3's predefined groups for everyone
(``AllUsers``) or for every AWS account holder (``AuthenticatedUsers``), so are the canned
ACLs that grant to those groups. Object ARNs are ``arn:PARTITION:s3:::BUCKET/KEY``.
"""

from __future__ import annotations

from typing import Any

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
