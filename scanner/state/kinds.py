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

from enum import Enum


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


# Attributes shared by every kind that holds personal data at rest.
_AT_REST = {
    "encrypted": "bool: data at rest is encrypted",
    "customer_managed_key": "bool: encryption uses a customer-managed KMS key",
    "kms_key_id": "str|None: the KMS key id/ARN/alias used, if any",
}

KIND_ATTRIBUTES: dict[Kind, dict[str, str]] = {
    Kind.OBJECT_STORE: {
        **_AT_REST,
        "name": "str: bucket name",
        "policy": "dict|None: bucket policy document",
        "public_acl": "bool: the ACL grants AllUsers or AuthenticatedUsers (canned public-read etc.)",
        "public_access_block": "dict|None: {block_public_acls, ignore_public_acls, block_public_policy, "
        "restrict_public_buckets} of the bucket (None = no block resource; new buckets block by default)",
        "account_public_access_block": "dict|None: the same at account level (live scans)",
        "versioning": "bool: versioning enabled",
        "lifecycle_rules": "list[dict]: {id, enabled, expiration_days, noncurrent_expiration_days, prefix, "
        "whole_bucket (bool: no prefix, tag or size filter narrows the rule)}",
        "replication_destinations": "list[dict]: {bucket, region} of replication rules",
        "access_logging": "bool: server access logging enabled",
        "data_events_logged": "bool|None: a CloudTrail trail records S3 data events for this bucket",
        "policy_public": "bool|None: AWS's own verdict that the bucket policy is public "
        "(GetBucketPolicyStatus; live scans only)",
    },
    Kind.DATABASE: {
        # subkind: relational | key_value | cache | search | warehouse
        **_AT_REST,
        "engine": "str: engine name (postgres, mysql, redis, opensearch, dynamodb, redshift, …)",
        "publicly_accessible": "bool: reachable from the internet",
        "tls_enforced": "bool: the server refuses unencrypted connections",
        "min_tls_version": "str|None: lowest TLS version accepted ('1.0'..'1.3') where the service says",
        "backup_retention_days": "int|None: automated backup retention",
        "replica_regions": "list[str]: regions holding replicas (read replicas, global tables)",
        "audit_logging": "bool: access/audit logging enabled",
        "query_logging": "bool: query/statement logging (records what users do)",
        "ttl_enabled": "bool: items expire (DynamoDB TTL)",
        "policy": "dict|None: resource/access policy (OpenSearch access_policies)",
    },
    Kind.VOLUME: {**_AT_REST},
    Kind.FILE_SYSTEM: {
        **_AT_REST,
        "policy": "dict|None: file system policy",
        "replica_regions": "list[str]: regions of replica file systems (EFS replication)",
    },
    Kind.LOG_STORE: {
        **_AT_REST,
        "name": "str: log group name",
        "retention_days": "int|None: days kept; None = never expires",
    },
    Kind.TRAIL: {
        **_AT_REST,
        "enabled": "bool: logging is on",
        "multi_region": "bool: records all regions",
        "log_file_validation": "bool: digest files are written",
        "s3_data_events": "bool: records S3 object-level (data) events",
    },
    Kind.ENDPOINT: {
        # subkind: listener | classic_listener | distribution | api_stage | api
        "protocol": "str: HTTPS, HTTP, TLS, TCP, UDP, … (of the listener/stage)",
        "redirects_to_https": "bool: plain HTTP is only redirected to HTTPS",
        "tls_policy": "str|None: security-policy name",
        "min_tls_version": "str|None: lowest TLS version the endpoint accepts ('1.0'..'1.3')",
        "plaintext_allowed": "bool: clients may use plain HTTP (viewer side)",
        "origin_plaintext_allowed": "bool: traffic to the origin may be plain HTTP",
        "origin_min_tls_version": "str|None: lowest TLS version to the origin",
        "access_logging": "bool: request logs are written",
        "edge_locations": "str|None: where a CDN serves from (price class)",
        "internet_facing": "bool: reachable from the internet (not an internal load balancer or private API)",
    },
    Kind.FIREWALL: {
        "ingress": "list[dict]: {protocol, from_port, to_port, cidr_blocks, ipv6_cidr_blocks, source}",
        "egress": "list[dict]: the same for outbound",
        "flow_logs": "bool: VPC flow logs recorded",
    },
    Kind.MESSAGING: {
        # subkind: queue | topic | stream
        **_AT_REST,
        "retention_days": "int|None: how long messages are kept",
        "policy": "dict|None: resource policy",
        "tls_enforced": "bool: clients must use TLS (brokers: MSK client_broker = TLS)",
        "publicly_accessible": "bool: broker endpoints reachable from the internet (Amazon MQ)",
    },
    Kind.BACKUP: {
        # subkind: plan | snapshot | vault
        **_AT_REST,
        "retention_days": "int|None: longest retention of any rule (None = kept forever)",
        "copy_regions": "list[str]: regions that receive copies",
        "public": "bool: snapshot shared with everyone",
        "policy": "dict|None: vault access policy",
    },
    Kind.KEY: {
        "rotation_enabled": "bool: automatic key rotation",
        "key_spec": "str: SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, … (only symmetric keys rotate automatically)",
        "policy": "dict|None: key policy",
        "multi_region": "bool: multi-Region key",
        "replica_regions": "list[str]: regions of replicas",
    },
    Kind.SECRET: {
        # subkind: parameter | secret
        **_AT_REST,
    },
    Kind.FUNCTION: {
        # environment variables are the data at rest of a function
        **_AT_REST,
        "public_url": "bool: a function URL lets anyone on the internet invoke it without IAM auth",
    },
    Kind.CLUSTER: {
        # subkind: kubernetes; encrypted = Kubernetes secrets are envelope-encrypted with a KMS key
        **_AT_REST,
        "internet_facing": "bool: the API endpoint is reachable from the whole internet",
    },
    Kind.POLICY: {
        # subkind: identity
        "document": "dict: IAM policy document",
        "attached_to": "list[str]: principals the policy is attached to",
    },
}
