"""EC2 instances and launch templates: the block devices that hold their data, as one VOLUME each.

Read as the Terraform adapter reads ``aws_instance`` and ``aws_launch_template``: a resource is
encrypted only when every one of its EBS devices is, ``kms_key_id`` is the first device's key,
and the key is customer-managed only when every device's key is.

- An instance's devices are the volumes attached to it (``DescribeVolumes``, one call per region
  for all of them), which say what they are, whatever the AMI or the account setting was.
- A launch template is read at its default version. A template without EBS devices leaves the
  AMI's volumes as they are and is not a resource (as in code). A device that does not say is
  encrypted when the region's encryption by default is on, with the region's default key.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Collector, Result, Scan, Wildcard
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Value

_GONE = ("terminated", "shutting-down")


def _combined_key(res: Resource, keys: list[str | None]) -> Value:
    """Customer-managed only when every device's key is; one key is decided by KMS, several cannot be."""
    if not keys or not all(keys):
        return Value(False, res.source, default=not any(keys))
    distinct = sorted({str(k) for k in keys})
    if len(distinct) == 1:
        return key_value(res, distinct[0])
    return Value.unknown(
        f"the block devices use {len(distinct)} KMS keys ({', '.join(distinct)})", res.source
    )


class Instances(Collector):
    name = "ec2_instances"
    service = "ec2"
    PRODUCES = (Wildcard(Kind.VOLUME, "aws_instance", "arn:{partition}:ec2:{region}:{account}:instance/*"),)
    CALLS = (
        Api("ec2", "DescribeInstances", "ec2:DescribeInstances"),
        Api("ec2", "DescribeVolumes", "ec2:DescribeVolumes"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeInstances", "Reservations")
        if not listing.ok:
            yield from scan.stand_ins(listing)
            return
        instances = [
            i
            for reservation in listing.data
            for i in reservation.get("Instances") or []
            if (i.get("State") or {}).get("Name") not in _GONE
        ]
        if not instances:
            return
        volumes = scan.pages("DescribeVolumes", "Volumes")
        by_id = {v.get("VolumeId"): v for v in volumes.data or []}
        for inst in instances:
            arn = f"arn:{scan.partition}:ec2:{scan.region}:{scan.account_id}:instance/{inst['InstanceId']}"
            res = scan.resource(Kind.VOLUME, "aws_instance", arn, inst["InstanceId"])
            ids = [(m.get("Ebs") or {}).get("VolumeId") for m in inst.get("BlockDeviceMappings") or []]
            _devices(res, [i for i in ids if i], by_id, volumes)
            yield res


def _devices(res: Resource, ids: list[str], by_id: dict[str, Any], volumes: Result) -> None:
    if not volumes.ok:
        for attr in ("encrypted", "kms_key_id", "customer_managed_key"):
            res.attrs[attr] = Value(volumes.unknown(), res.source)
        return
    found = [by_id[i] for i in ids if i in by_id]
    if len(found) != len(ids):
        missing = ", ".join(i for i in ids if i not in by_id)
        for attr in ("encrypted", "kms_key_id", "customer_managed_key"):
            res.attrs[attr] = Value.unknown(f"volume {missing} was not in the region's volumes", res.source)
        return
    encrypted = bool(found) and all(v.get("Encrypted") for v in found)
    keys = [v.get("KmsKeyId") if v.get("Encrypted") else None for v in found]
    _set_devices(res, encrypted, keys)


class LaunchTemplates(Collector):
    name = "launch_templates"
    service = "ec2"
    PRODUCES = (
        Wildcard(
            Kind.VOLUME, "aws_launch_template", "arn:{partition}:ec2:{region}:{account}:launch-template/*"
        ),
    )
    CALLS = (
        Api("ec2", "DescribeLaunchTemplates", "ec2:DescribeLaunchTemplates"),
        Api("ec2", "DescribeLaunchTemplateVersions", "ec2:DescribeLaunchTemplateVersions"),
        Api("ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"),
        Api("ec2", "GetEbsDefaultKmsKeyId", "ec2:GetEbsDefaultKmsKeyId"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeLaunchTemplates", "LaunchTemplates")
        if not listing.ok:
            yield from scan.stand_ins(listing)
            return
        default: Result | None = None
        for template in listing.data:
            tid = template["LaunchTemplateId"]
            arn = f"arn:{scan.partition}:ec2:{scan.region}:{scan.account_id}:launch-template/{tid}"
            res = scan.resource(
                Kind.VOLUME, "aws_launch_template", arn, template.get("LaunchTemplateName") or tid
            )
            version = scan.call("DescribeLaunchTemplateVersions", LaunchTemplateId=tid, Versions=["$Default"])
            if not version.ok:
                scan.fill(res, version, ("encrypted", "kms_key_id", "customer_managed_key"), dict)
                yield res
                continue
            versions = version.data.get("LaunchTemplateVersions") or [{}]
            data = versions[0].get("LaunchTemplateData") or {}
            devices = [
                m["Ebs"] for m in data.get("BlockDeviceMappings") or [] if isinstance(m.get("Ebs"), dict)
            ]
            if not devices:
                continue  # the AMI's volumes as they are: nothing the template decides
            if all(d.get("Encrypted") is None for d in devices):
                default = default or self._account_default(scan)
                _by_default(res, default)
            else:
                _template_devices(res, devices)
            yield res

    @staticmethod
    def _account_default(scan: Scan) -> Result:
        """(on, key) of the region's EBS encryption by default, read once per region."""
        setting = scan.call("GetEbsEncryptionByDefault")
        if not setting.ok or not setting.data.get("EbsEncryptionByDefault"):
            return Result((False, None)) if setting.ok else setting
        key = scan.call("GetEbsDefaultKmsKeyId")
        return Result((True, key.data.get("KmsKeyId"))) if key.ok else key


def _by_default(res: Resource, default: Result) -> None:
    """No device says: encrypted as the region's setting says (flagged as AWS's default)."""
    if not default.ok:
        for attr in ("encrypted", "kms_key_id", "customer_managed_key"):
            res.attrs[attr] = Value(default.unknown(), res.source)
        return
    on, key = default.data
    set_at_rest(res, on, key, encrypted_by_default=True)
    if not on or key is None:
        res.attrs["customer_managed_key"] = Value(False, res.source, default=True)


def _template_devices(res: Resource, devices: list[dict[str, Any]]) -> None:
    _set_devices(res, all(d.get("Encrypted") is True for d in devices), [d.get("KmsKeyId") for d in devices])


def _set_devices(res: Resource, encrypted: bool, keys: list[str | None]) -> None:
    res.set("encrypted", encrypted)
    res.set("kms_key_id", keys[0] if keys else None)
    res.attrs["customer_managed_key"] = _combined_key(res, keys)
