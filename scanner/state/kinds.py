"""The provider-neutral vocabulary of the state: kinds of resource and the attributes each carries.

This table is the contract between *sources* (Terraform HCL, plan JSON, live AWS),
which must fill these attributes, and *checks*, which may read only these.
A source that cannot tell an attribute sets it to an unknown Value with the
reason; a source that does not set it at all makes every check reading it
answer ``unknown`` ("not collected").

Conventions shared by every source:
- booleans are real booleans; durations are whole days (``None`` = kept forever);
- ``region`` is an AWS region code such as ``eu-west-1``;
- policies are parsed JSON documents (dicts), never strings;
- ``customer_managed_key`` is True only when a customer-managed KMS key is used
  (an AWS-managed key such as ``alias/aws/s3`` or the service default is False).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from scanner.state.value import Unknown


class Kind(str, Enum):
    OBJECT_STORE = "object_store"
    DATABASE = "database"
    VOLUME = "volume"
    FILE_SYSTEM = "file_system"
    LOG_STORE = "log_store"
    TRAIL = "trail"
    ENDPOINT = "endpoint"
    FIREWALL = "firewall"
    MESSAGING = "messaging"
    BACKUP = "backup"
    KEY = "key"
    POLICY = "policy"
    SECRET = "secret"
    FUNCTION = "function"
    CLUSTER = "cluster"


@dataclass(frozen=True)
class Attr:
    """One attribute of the contract: its type (a real Python type expression) and what it means.

    ``type`` is what a known value must be: ``bool``, ``str | None``, ``list[dict]``… Any value
    may instead be an :class:`Unknown` (a source that cannot tell says so), and so may any item
    of a list or any value inside a dict. Drift reads ``type`` to know how to compare; the tests
    validate every fixture's state against it (:func:`accepts`).
    """

    type: Any
    meaning: str

    def _members(self) -> tuple[Any, ...]:
        if isinstance(self.type, types.UnionType) or typing.get_origin(self.type) is typing.Union:
            return typing.get_args(self.type)
        return (self.type,)

    def type_names(self) -> frozenset[str]:
        """``{"str", "None"}`` for ``str | None``, ``{"list"}`` for ``list[dict]``."""
        names = set()
        for member in self._members():
            origin = typing.get_origin(member) or member
            names.add("None" if origin is type(None) else origin.__name__)
        return frozenset(names)

    def accepts(self, raw: Any) -> bool:
        """Whether ``raw`` is a value of this type (or unknown)."""
        return isinstance(raw, Unknown) or any(_is(raw, member) for member in self._members())


def _is(raw: Any, expected: Any) -> bool:
    origin = typing.get_origin(expected) or expected
    if origin is type(None):
        return raw is None
    if origin is bool:
        return isinstance(raw, bool)
    if origin is int:  # True is an int to Python, never to the contract
        return isinstance(raw, int) and not isinstance(raw, bool)
    if not isinstance(raw, origin):
        return False
    args = typing.get_args(expected)
    if origin is list and args:
        return all(isinstance(item, Unknown) or _is(item, args[0]) for item in raw)
    return True


# Attributes shared by every kind that holds personal data at rest.
_AT_REST: dict[str, Attr] = {
    "encrypted": Attr(bool, "data at rest is encrypted"),
    "customer_managed_key": Attr(bool, "encryption uses a customer-managed KMS key"),
    "kms_key_id": Attr(str | None, "the KMS key id/ARN/alias used, if any"),
}

KIND_ATTRIBUTES: dict[Kind, dict[str, Attr]] = {
    Kind.OBJECT_STORE: {
        **_AT_REST,
        "name": Attr(str, "bucket name"),
        "policy": Attr(dict | None, "bucket policy document"),
        "public_acl": Attr(bool, "the ACL grants AllUsers or AuthenticatedUsers (canned public-read etc.)"),
        "public_access_block": Attr(
            dict | None,
            "{block_public_acls, ignore_public_acls, block_public_policy, "
            "restrict_public_buckets} of the bucket (None = no block resource; new buckets block by default)",
        ),
        "account_public_access_block": Attr(dict | None, "the same at account level (live scans)"),
        "versioning": Attr(bool, "versioning enabled"),
        "lifecycle_rules": Attr(
            list[dict],
            "{id, enabled, expiration_days, noncurrent_expiration_days, prefix, "
            "whole_bucket (bool: no prefix, tag or size filter narrows the rule)}",
        ),
        "replication_destinations": Attr(list[dict], "{bucket, region} of replication rules"),
        "access_logging": Attr(bool, "server access logging enabled"),
        "data_events_logged": Attr(bool | None, "a CloudTrail trail records S3 data events for this bucket"),
        "policy_public": Attr(
            bool | None,
            "AWS's own verdict that the bucket policy is public (GetBucketPolicyStatus; live scans only)",
        ),
    },
    Kind.DATABASE: {
        # subkind: relational | key_value | cache | search | warehouse
        **_AT_REST,
        "engine": Attr(str, "engine name (postgres, mysql, redis, opensearch, dynamodb, redshift, …)"),
        "publicly_accessible": Attr(bool, "reachable from the internet"),
        "tls_enforced": Attr(bool, "the server refuses unencrypted connections"),
        "min_tls_version": Attr(
            str | None, "lowest TLS version accepted ('1.0'..'1.3') where the service says"
        ),
        "backup_retention_days": Attr(int | None, "automated backup retention"),
        "replica_regions": Attr(list[str], "regions holding replicas (read replicas, global tables)"),
        "audit_logging": Attr(bool, "access/audit logging enabled"),
        "query_logging": Attr(bool, "query/statement logging (records what users do)"),
        "ttl_enabled": Attr(bool, "items expire (DynamoDB TTL)"),
        "policy": Attr(dict | None, "resource/access policy (OpenSearch access_policies)"),
    },
    Kind.VOLUME: {**_AT_REST},
    Kind.FILE_SYSTEM: {
        **_AT_REST,
        "policy": Attr(dict | None, "file system policy"),
        "replica_regions": Attr(list[str], "regions of replica file systems (EFS replication)"),
    },
    Kind.LOG_STORE: {
        **_AT_REST,
        "name": Attr(str, "log group name"),
        "retention_days": Attr(int | None, "days kept; None = never expires"),
    },
    Kind.TRAIL: {
        **_AT_REST,
        "enabled": Attr(bool, "logging is on"),
        "multi_region": Attr(bool, "records all regions"),
        "log_file_validation": Attr(bool, "digest files are written"),
        "s3_data_events": Attr(bool, "records S3 object-level (data) events"),
    },
    Kind.ENDPOINT: {
        # subkind: listener | classic_listener | distribution | api_stage | api
        "protocol": Attr(str, "HTTPS, HTTP, TLS, TCP, UDP, … (of the listener/stage)"),
        "redirects_to_https": Attr(bool, "plain HTTP is only redirected to HTTPS"),
        "tls_policy": Attr(str | None, "security-policy name"),
        "min_tls_version": Attr(str | None, "lowest TLS version the endpoint accepts ('1.0'..'1.3')"),
        "plaintext_allowed": Attr(bool, "clients may use plain HTTP (viewer side)"),
        "origin_plaintext_allowed": Attr(
            bool | None, "traffic to the origin may be plain HTTP (None: an endpoint without an origin)"
        ),
        "origin_min_tls_version": Attr(str | None, "lowest TLS version to the origin"),
        "access_logging": Attr(bool, "request logs are written"),
        "edge_locations": Attr(str | None, "where a CDN serves from (price class)"),
        "internet_facing": Attr(
            bool, "reachable from the internet (not an internal load balancer or private API)"
        ),
    },
    Kind.FIREWALL: {
        "ingress": Attr(list[dict], "{protocol, from_port, to_port, cidr_blocks, ipv6_cidr_blocks, source}"),
        "egress": Attr(list[dict], "the same for outbound"),
        "flow_logs": Attr(bool, "VPC flow logs recorded"),
    },
    Kind.MESSAGING: {
        # subkind: queue | topic | stream
        **_AT_REST,
        "retention_days": Attr(int | None, "how long messages are kept"),
        "policy": Attr(dict | None, "resource policy"),
        "tls_enforced": Attr(bool, "clients must use TLS (brokers: MSK client_broker = TLS)"),
        "publicly_accessible": Attr(bool, "broker endpoints reachable from the internet (Amazon MQ)"),
    },
    Kind.BACKUP: {
        # subkind: plan | snapshot | vault
        **_AT_REST,
        "retention_days": Attr(int | None, "longest retention of any rule (None = kept forever)"),
        "copy_regions": Attr(list[str], "regions that receive copies"),
        "public": Attr(bool, "snapshot shared with everyone"),
        "policy": Attr(dict | None, "vault access policy"),
    },
    Kind.KEY: {
        "rotation_enabled": Attr(bool, "automatic key rotation"),
        "key_spec": Attr(
            str, "SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, … (only symmetric keys rotate automatically)"
        ),
        "policy": Attr(dict | None, "key policy"),
        "multi_region": Attr(bool, "multi-Region key"),
        "replica_regions": Attr(list[str], "regions of replicas"),
    },
    Kind.SECRET: {
        # subkind: parameter | secret
        **_AT_REST,
    },
    Kind.FUNCTION: {
        # environment variables are the data at rest of a function
        **_AT_REST,
        "public_url": Attr(bool, "a function URL lets anyone on the internet invoke it without IAM auth"),
    },
    Kind.CLUSTER: {
        # subkind: kubernetes; encrypted = Kubernetes secrets are envelope-encrypted with a KMS key
        **_AT_REST,
        "internet_facing": Attr(bool, "the API endpoint is reachable from the whole internet"),
    },
    Kind.POLICY: {
        # subkind: identity
        "document": Attr(dict, "IAM policy document"),
        "attached_to": Attr(list[str], "principals the policy is attached to"),
    },
}
