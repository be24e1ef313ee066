"""Operation names: botocore's CamelCase to boto3's snake_case method names, without importing botocore."""

from __future__ import annotations

import re
from functools import cache

# Names whose acronyms botocore splits differently from a plain regex.
_SPECIAL = {
    "DescribeDBInstances": "describe_db_instances",
    "DescribeDBClusters": "describe_db_clusters",
    "DescribeDBParameters": "describe_db_parameters",
    "DescribeDBClusterParameters": "describe_db_cluster_parameters",
    "DescribeDBSnapshots": "describe_db_snapshots",
    "DescribeDBSnapshotAttributes": "describe_db_snapshot_attributes",
    "DescribeDBClusterSnapshots": "describe_db_cluster_snapshots",
    "DescribeDBClusterSnapshotAttributes": "describe_db_cluster_snapshot_attributes",
    "ListAllMyBuckets": "list_all_my_buckets",
}


@cache
def snake_case(name: str) -> str:
    if name in _SPECIAL:
        return _SPECIAL[name]
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()
