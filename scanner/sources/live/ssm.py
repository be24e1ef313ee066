"""SSM Parameter Store parameters, as the adapter reads ``aws_ssm_parameter``.

Only a ``SecureString`` is encrypted (with ``alias/aws/ssm`` unless another key is named);
``DescribeParameters`` says so for every parameter without reading any value.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind


class Ssm(Listing):
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

    LISTING = ("DescribeParameters", "Parameters")

    def read(self, scan: Scan, param: Any):
        name = param["Name"]
        arn = param.get("ARN") or (
            f"arn:{scan.partition}:ssm:{scan.region}:{scan.account_id}:parameter/{name.lstrip('/')}"
        )
        res = scan.resource(Kind.SECRET, "aws_ssm_parameter", arn, name, "parameter")
        secure = param.get("Type") == "SecureString"
        set_at_rest(res, secure, param.get("KeyId"))
        yield res
