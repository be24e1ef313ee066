"""Security groups as FIREWALLs, with rules in the Terraform adapter's shape, and VPC flow logs.

A rule is ``{protocol, from_port, to_port, cidr_blocks, ipv6_cidr_blocks, security_groups,
prefix_list_ids, self, source}``; ``protocol "-1"`` is all traffic (ports 0..0 as Terraform
writes it). ``flow_logs`` is True when a flow log records the group's VPC or a subnet of it.
A VPC's default group is ``aws_default_security_group``, as in Terraform.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.base import Api, Collector, Result, Scan, Wildcard
from scanner.state import Kind, Value


class SecurityGroups(Collector):
    name = "security_groups"
    service = "ec2"
    PRODUCES = (
        Wildcard(
            Kind.FIREWALL,
            "aws_security_group",
            "arn:{partition}:ec2:{region}:{account}:security-group/*",
            "security_group",
        ),
        Wildcard(
            Kind.FIREWALL,
            "aws_default_security_group",
            "arn:{partition}:ec2:{region}:{account}:security-group/default*",
            "security_group",
        ),
    )
    CALLS = (
        Api("ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups"),
        Api("ec2", "DescribeFlowLogs", "ec2:DescribeFlowLogs"),
        Api("ec2", "DescribeSubnets", "ec2:DescribeSubnets"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeSecurityGroups", "SecurityGroups")
        if not listing.ok:
            arn = f"arn:{scan.partition}:ec2:{scan.region}:{scan.account_id}:security-group/*"
            yield scan.placeholder(
                Kind.FIREWALL, "aws_security_group", arn, listing, subkind="security_group"
            )
            return
        logged = _logged_vpcs(scan)
        for group in listing.data:
            gid = group["GroupId"]
            arn = group.get("SecurityGroupArn") or (
                f"arn:{scan.partition}:ec2:{scan.region}:{scan.account_id}:security-group/{gid}"
            )
            rtype = (
                "aws_default_security_group" if group.get("GroupName") == "default" else "aws_security_group"
            )
            res = scan.resource(Kind.FIREWALL, rtype, arn, group.get("GroupName"), "security_group")
            res.set("ingress", rules(group.get("IpPermissions") or [], gid, arn, "ingress"))
            res.set("egress", rules(group.get("IpPermissionsEgress") or [], gid, arn, "egress"))
            if not logged.ok:
                res.attrs["flow_logs"] = Value(logged.unknown(), res.source)
            else:
                res.set("flow_logs", group.get("VpcId") in logged.data)
            yield res


def rules(permissions: list[dict[str, Any]], group_id: str, arn: str, direction: str) -> list[dict[str, Any]]:
    out = []
    for i, perm in enumerate(permissions):
        protocol = str(perm.get("IpProtocol", "-1")).lower()
        pairs = [p.get("GroupId") for p in perm.get("UserIdGroupPairs") or [] if p.get("GroupId")]
        out.append(
            {
                "protocol": "-1" if protocol in ("-1", "all") else protocol,
                "from_port": perm.get("FromPort", 0 if protocol == "-1" else None),
                "to_port": perm.get("ToPort", 0 if protocol == "-1" else None),
                "cidr_blocks": [r["CidrIp"] for r in perm.get("IpRanges") or [] if "CidrIp" in r],
                "ipv6_cidr_blocks": [r["CidrIpv6"] for r in perm.get("Ipv6Ranges") or [] if "CidrIpv6" in r],
                "security_groups": [g for g in pairs if g != group_id],
                "prefix_list_ids": [p["PrefixListId"] for p in perm.get("PrefixListIds") or []],
                "self": group_id in pairs,
                "source": f"{arn}#{direction}[{i}]",
            }
        )
    return out


def _logged_vpcs(scan: Scan) -> Result:
    """VPC ids whose traffic a flow log records (on the VPC, or on one of its subnets)."""
    logs = scan.pages("DescribeFlowLogs", "FlowLogs")
    if not logs.ok:
        return logs
    targets = {f.get("ResourceId") for f in logs.data if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE"}
    vpcs = {t for t in targets if t and t.startswith("vpc-")}
    if any(t and t.startswith("subnet-") for t in targets):
        subnets = scan.pages("DescribeSubnets", "Subnets")
        if not subnets.ok:
            return subnets
        vpcs |= {s["VpcId"] for s in subnets.data if s.get("SubnetId") in targets}
    return Result(vpcs)
