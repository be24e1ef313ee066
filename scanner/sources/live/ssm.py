"""SSM Parameter Store parameters, as the adapter reads ``aws_ssm_parameter``.

Only a ``SecureString`` is encrypted (with ``alias/aws/ssm`` unless another key is named);
``DescribeParameters`` says so for every parameter without reading any value.
"""

from __future__ import annotations

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.state import Kind


class Ssm(Collector):
    name = "ssm"
    service = "ssm"
    PRODUCES = (
        Wildcard(
            Kind.SECRET,
            "aws_ssm_parameter",
            "arn:{partition}:ssm:{region}:{account}:parameter/*",
            "parameter",
        ),
    )
    CALLS = (Api("ssm", "DescribeParameters", "ssm:DescribeParameters"),)

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeParameters", "Parameters")
        if not listing.ok:
            arn = f"arn:{scan.partition}:ssm:{scan.region}:{scan.account_id}:parameter/*"
            yield scan.placeholder(Kind.SECRET, "aws_ssm_parameter", arn, listing, subkind="parameter")
            return
        for param in listing.data:
            name = param["Name"]
            arn = param.get("ARN") or (
                f"arn:{scan.partition}:ssm:{scan.region}:{scan.account_id}:parameter/{name.lstrip('/')}"
            )
            res = scan.resource(Kind.SECRET, "aws_ssm_parameter", arn, name, "parameter")
            secure = param.get("Type") == "SecureString"
            set_at_rest(res, secure, param.get("KeyId"))
            yield res
