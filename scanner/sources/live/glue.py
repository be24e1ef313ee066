"""The Glue Data Catalog's encryption settings, one catalog per account and region.

Read as the adapter reads ``aws_glue_data_catalog_encryption_settings``: the catalog is
encrypted when its mode is ``SSE-KMS`` (with or without a service role), with the named key
or else the AWS-managed ``aws/glue`` key. Every account has a catalog in every region; one
that holds no database and has never been configured holds no personal data, so it is
reported only when it is configured or holds a database (or that cannot be told).
"""

from __future__ import annotations

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.state import Kind


class GlueCatalog(Collector):
    name = "glue"
    service = "glue"
    PRODUCES = (
        Wildcard(
            Kind.DATABASE,
            "aws_glue_data_catalog_encryption_settings",
            "arn:{partition}:glue:{region}:{account}:catalog",
            "catalog",
        ),
    )
    CALLS = (
        Api("glue", "GetDataCatalogEncryptionSettings", "glue:GetDataCatalogEncryptionSettings"),
        Api("glue", "GetDatabases", "glue:GetDatabases"),
    )

    def collect(self, scan: Scan):
        arn = f"arn:{scan.partition}:glue:{scan.region}:{scan.account_id}:catalog"
        settings = scan.call("GetDataCatalogEncryptionSettings")
        if not settings.ok:
            yield from scan.stand_ins(settings)
            return
        at_rest = ((settings.data.get("DataCatalogEncryptionSettings") or {}).get("EncryptionAtRest")) or {}
        mode = str(at_rest.get("CatalogEncryptionMode") or "DISABLED")
        if mode == "DISABLED":
            databases = scan.call("GetDatabases", MaxResults=1)
            if databases.ok and not databases.data.get("DatabaseList"):
                return  # never configured and empty: no personal data in it
        res = scan.resource(
            Kind.DATABASE, "aws_glue_data_catalog_encryption_settings", arn, scan.account_id, "catalog"
        )
        set_at_rest(res, mode.startswith("SSE-KMS"), at_rest.get("SseAwsKmsKeyId"))
        res.set("replica_regions", [])
        yield res
