"""``adapters/rds.py``, ``adapters/elasticache.py``, ``adapters/opensearch.py``, ``adapters/redshift.py``."""

from __future__ import annotations

from .adapt import adapt, defaults, nothing_set, table

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
HERE = {"@region": "eu-west-1"}
# What no argument of these databases sets: no resource policy, no TTL, no cross-Region copy.
NONE_OF_IT = {"policy": None, "ttl_enabled": False, "replica_regions": []}
NO_LOGS = {"audit_logging": False, "query_logging": False}
UNENCRYPTED = {"encrypted": False, "customer_managed_key": False, "kms_key_id": None}
REDSHIFT_PG = (
    "the cluster uses the default parameter group, whose value depends on when the cluster was created"
)
REDSHIFT_ENC = ("encrypted is not set: it defaults to true from AWS provider 6 and to false before, and no "
                "version constraint for the AWS provider allows both; set encrypted = true")  # fmt: skip
REDSHIFT_PUB = ("publicly_accessible is not set: it defaults to false from AWS provider 6 and to true before, "
                "and no version constraint for the AWS provider allows both; set publicly_accessible = false")  # fmt: skip

# (HCL, address, attributes); the cases whose name says "nothing set" show AWS's defaults.
CASES = {
    # CreateDBInstance keeps automated backups 1 day; storage is unencrypted unless asked;
    # PostgreSQL 15+ (the default version) sets rds.force_ssl = 1 and a TLS 1.2 minimum.
    "rds instance, nothing set: postgres forces TLS, 1-day backups, unencrypted": (
        'resource "aws_db_instance" "d" {\n  identifier = "orders"\n  engine = "postgres"\n'
        '  instance_class = "db.t3.micro"\n}',
        "aws_db_instance.d",
        {**UNENCRYPTED, **NONE_OF_IT, **NO_LOGS, "engine": "postgres", "backup_retention_days": 1,
         "min_tls_version": "1.2", "tls_enforced": True, "publicly_accessible": False,
         "@kind": "database/relational", "@name": "orders", **HERE},
    ),
    # MySQL's require_secure_transport is OFF in the default parameter group.
    "rds instance, mysql with a customer key, 7-day backups, public": (
        'resource "aws_db_instance" "d" {\n  identifier = "orders"\n  engine = "mysql"\n'
        f'  instance_class = "db.t3.micro"\n  storage_encrypted = true\n  kms_key_id = "{KEY}"\n'
        "  backup_retention_period = 7\n  publicly_accessible = true\n}",
        "aws_db_instance.d",
        {**NONE_OF_IT, **NO_LOGS, "encrypted": True, "customer_managed_key": True, "kms_key_id": KEY,
         "engine": "mysql", "backup_retention_days": 7, "min_tls_version": None, "tls_enforced": False,
         "publicly_accessible": True, "@kind": "database/relational", "@name": "orders", **HERE},
    ),
    # Aurora PostgreSQL's default cluster parameter group has rds.force_ssl = 0.
    "rds cluster, nothing set: aurora postgres does not force TLS": (
        'resource "aws_rds_cluster" "c" {\n  cluster_identifier = "orders"\n  engine = "aurora-postgresql"\n}',
        "aws_rds_cluster.c",
        {**UNENCRYPTED, **NONE_OF_IT, **NO_LOGS, "engine": "aurora-postgresql", "backup_retention_days": 1,
         "min_tls_version": "1.2", "tls_enforced": False, "publicly_accessible": False,
         "@kind": "database/relational", "@name": "orders", **HERE},
    ),
    # Redis OSS: at-rest and in-transit encryption are off and no snapshots are kept unless asked.
    "elasticache, nothing set: redis, no encryption, no snapshots": (
        'resource "aws_elasticache_replication_group" "r" {\n  replication_group_id = "cache"\n'
        '  description = "c"\n}',
        "aws_elasticache_replication_group.r",
        {**UNENCRYPTED, **NONE_OF_IT, **NO_LOGS, "engine": "redis", "backup_retention_days": 0,
         "min_tls_version": None, "tls_enforced": False, "publicly_accessible": False,
         "@kind": "database/cache", "@name": "cache", **HERE},
    ),
    "elasticache, encrypted at rest (AWS key) and in transit, 5 snapshots": (
        'resource "aws_elasticache_replication_group" "r" {\n  replication_group_id = "cache"\n'
        '  description = "c"\n  at_rest_encryption_enabled = true\n  transit_encryption_enabled = true\n'
        "  snapshot_retention_limit = 5\n}",
        "aws_elasticache_replication_group.r",
        {**NONE_OF_IT, **NO_LOGS, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "engine": "redis", "backup_retention_days": 5, "min_tls_version": None, "tls_enforced": True,
         "publicly_accessible": False, "@kind": "database/cache", "@name": "cache", **HERE},
    ),
    # No VPC options: a public endpoint. TLS policy Policy-Min-TLS-1-0-2019-07, HTTPS not enforced,
    # encryption at rest off; automated snapshots are kept 14 days.
    "opensearch, nothing set: public endpoint, TLS 1.0, unencrypted": (
        'resource "aws_opensearch_domain" "o" {\n  domain_name = "search"\n}',
        "aws_opensearch_domain.o",
        {**UNENCRYPTED, **NONE_OF_IT, **NO_LOGS, "engine": "opensearch", "backup_retention_days": 14,
         "min_tls_version": "1.0", "tls_enforced": False, "publicly_accessible": True,
         "@kind": "database/search", "@name": "search", **HERE},
    ),
    "opensearch, encrypted, TLS 1.2 policy, inside a VPC": (
        'resource "aws_opensearch_domain" "o" {\n  domain_name = "search"\n'
        "  encrypt_at_rest {\n    enabled = true\n  }\n"
        '  domain_endpoint_options {\n    enforce_https = true\n    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"\n  }\n'
        '  vpc_options {\n    subnet_ids = ["subnet-1"]\n  }\n}',
        "aws_opensearch_domain.o",
        {**NONE_OF_IT, **NO_LOGS, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "engine": "opensearch", "backup_retention_days": 14, "min_tls_version": "1.2", "tls_enforced": False,
         "publicly_accessible": False, "@kind": "database/search", "@name": "search", **HERE},
    ),
    # The provider's defaults for encrypted and publicly_accessible flipped in major version 6:
    # without a version constraint neither can be told.
    "redshift, nothing set: provider-dependent encryption and exposure": (
        'resource "aws_redshift_cluster" "r" {\n  cluster_identifier = "dw"\n  node_type = "ra3.xlplus"\n}',
        "aws_redshift_cluster.r",
        {**NONE_OF_IT, **NO_LOGS, "encrypted": ("unknown", REDSHIFT_ENC), "customer_managed_key": False,
         "kms_key_id": None, "engine": "redshift", "backup_retention_days": 1, "min_tls_version": None,
         "tls_enforced": ("unknown", REDSHIFT_PG), "publicly_accessible": ("unknown", REDSHIFT_PUB),
         "@kind": "database/warehouse", "@name": "dw", **HERE},
    ),
    "redshift, encrypted and private said explicitly": (
        'resource "aws_redshift_cluster" "r" {\n  cluster_identifier = "dw"\n  node_type = "ra3.xlplus"\n'
        "  encrypted = true\n  publicly_accessible = false\n}",
        "aws_redshift_cluster.r",
        {**NONE_OF_IT, **NO_LOGS, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "engine": "redshift", "backup_retention_days": 1, "min_tls_version": None,
         "tls_enforced": ("unknown", REDSHIFT_PG), "publicly_accessible": False,
         "@kind": "database/warehouse", "@name": "dw", **HERE},
    ),
}  # fmt: skip


@table(CASES)
def test_database(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl) == {address: expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    rds = {"encrypted", "customer_managed_key", "backup_retention_days", "min_tls_version", "tls_enforced",
           "publicly_accessible", *NONE_OF_IT}  # fmt: skip
    everything = {*UNENCRYPTED, *NONE_OF_IT, *NO_LOGS, "engine", "backup_retention_days", "min_tls_version",
                  "tls_enforced", "publicly_accessible"}  # fmt: skip
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_db_instance.d": rds,
        "aws_rds_cluster.c": rds,
        "aws_elasticache_replication_group.r": everything - {"kms_key_id"},
        "aws_opensearch_domain.o": everything - {"kms_key_id", "policy"},
        "aws_redshift_cluster.r": {*NO_LOGS, *NONE_OF_IT, "customer_managed_key", "engine",
                                   "backup_retention_days", "min_tls_version"},
    }  # fmt: skip
