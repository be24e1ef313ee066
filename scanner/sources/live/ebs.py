"""EBS volumes and snapshots (owned by the account), and the region's encryption-by-default setting.

Which snapshots are public is one call per region, not one per snapshot:
``DescribeSnapshots`` with ``RestorableByUserIds=["all"]`` lists exactly the owned
snapshots anyone may create a volume from. (``DescribeSnapshotAttribute`` per
snapshot made 1,291 calls on an emulator's stock snapshots; an account with
thousands of snapshots would spend minutes and its API quota on it.)

Only the account's own snapshots are its stores. The listings ask for them twice over,
``OwnerIds=["self"]`` and the ``owner-id`` filter with the scanned account's id (the server
then sends only those, however many public snapshots of others the region holds), and a
snapshot whose ``OwnerId`` names another account is skipped all the same: it is someone
else's store, whatever answered.

A volume reports its own encryption, whatever the account setting was when it
was made. The setting itself has no kind of its own in the state: when it is
off, the scan says so as a warning, since every new volume would be unencrypted.
"""

from __future__ import annotations

from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Value


class Ebs(Collector):
    name = "ebs"
    service = "ec2"
    PRODUCES = (
        Wildcard(Kind.VOLUME, "aws_ebs_volume", "arn:{partition}:ec2:{region}:{account}:volume/*"),
        Wildcard(Kind.BACKUP, "aws_ebs_snapshot", "arn:{partition}:ec2:{region}::snapshot/*", "snapshot"),
    )
    CALLS = (
        Api("ec2", "DescribeVolumes", "ec2:DescribeVolumes"),
        Api("ec2", "DescribeSnapshots", "ec2:DescribeSnapshots"),
        Api("ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"),
    )

    def collect(self, scan: Scan):
        setting = scan.call("GetEbsEncryptionByDefault")
        if setting.ok and not setting.data.get("EbsEncryptionByDefault"):
            scan.account.warn(
                f"account {scan.account_id}, {scan.region}: EBS encryption by default is off; "
                "new volumes will not be encrypted unless asked"
            )
        yield from self._volumes(scan)
        yield from self._snapshots(scan)

    def _volumes(self, scan: Scan):
        listing = scan.pages("DescribeVolumes", "Volumes")
        if not listing.ok:
            arn = f"arn:{scan.partition}:ec2:{scan.region}:{scan.account_id}:volume/*"
            yield scan.placeholder(Kind.VOLUME, "aws_ebs_volume", arn, listing)
            return
        for vol in listing.data:
            arn = f"arn:{scan.partition}:ec2:{scan.region}:{scan.account_id}:volume/{vol['VolumeId']}"
            res = scan.resource(Kind.VOLUME, "aws_ebs_volume", arn, vol["VolumeId"])
            _at_rest(res, vol)
            yield res

    def _snapshots(self, scan: Scan):
        mine = _owned_by(scan.account_id)
        listing = scan.pages("DescribeSnapshots", "Snapshots", **mine)
        if not listing.ok:
            arn = f"arn:{scan.partition}:ec2:{scan.region}::snapshot/*"
            yield scan.placeholder(Kind.BACKUP, "aws_ebs_snapshot", arn, listing, subkind="snapshot")
            return
        owned = _own(listing.data, scan.account_id)
        if not owned:
            return  # nothing owned: no need to ask which of it is public
        public = scan.pages("DescribeSnapshots", "Snapshots", RestorableByUserIds=["all"], **mine)
        public_ids = {s.get("SnapshotId") for s in _own(public.data, scan.account_id)} if public.ok else set()
        for snap in owned:
            arn = f"arn:{scan.partition}:ec2:{scan.region}::snapshot/{snap['SnapshotId']}"
            res = scan.resource(Kind.BACKUP, "aws_ebs_snapshot", arn, snap["SnapshotId"], "snapshot")
            _at_rest(res, snap)
            res.set("retention_days", None)  # kept until deleted
            res.set("copy_regions", [])
            res.set("policy", None)
            scan.fill(
                res, public, ("public",), lambda _, sid=snap["SnapshotId"]: {"public": sid in public_ids}
            )
            yield res


def _owned_by(account_id: str) -> dict:
    """The parameters that ask DescribeSnapshots for this account's own snapshots only."""
    return {"OwnerIds": ["self"], "Filters": [{"Name": "owner-id", "Values": [account_id]}]}


def _own(snapshots: list[dict], account_id: str) -> list[dict]:
    """The snapshots ``account_id`` owns (an answer without ``OwnerId`` is taken as asked: owned)."""
    return [s for s in snapshots if s.get("OwnerId") in (None, account_id)]


def _at_rest(res, item: dict) -> None:
    encrypted = bool(item.get("Encrypted"))
    key = item.get("KmsKeyId") if encrypted else None
    res.set("encrypted", encrypted)
    res.set("kms_key_id", key)
    res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)
