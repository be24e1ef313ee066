"""Lambda functions: the key of their environment variables, and function URLs open to anyone.

Read as the adapter reads ``aws_lambda_function`` and ``aws_lambda_function_url``: environment
variables are always encrypted (an AWS-managed key unless ``KMSKeyArn``); a function URL whose
``AuthType`` is ``NONE`` lets anyone on the internet invoke the function. Every URL of a
function counts, the unqualified one and those of its aliases.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind, Value


class Lambda(Listing):
    name = "lambda"
    service = "lambda"
    PRODUCES = (
        Wildcard(
            Kind.FUNCTION, "aws_lambda_function", "arn:{partition}:lambda:{region}:{account}:function:*"
        ),
    )
    CALLS = (
        Api("lambda", "ListFunctions", "lambda:ListFunctions"),
        Api("lambda", "ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs"),
    )

    LISTING = ("ListFunctions", "Functions")

    def read(self, scan: Scan, fn: Any):
        name = fn["FunctionName"]
        arn = (
            fn.get("FunctionArn")
            or f"arn:{scan.partition}:lambda:{scan.region}:{scan.account_id}:function:{name}"
        )
        res = scan.resource(Kind.FUNCTION, "aws_lambda_function", arn, name)
        set_at_rest(res, True, fn.get("KMSKeyArn"), encrypted_by_default=True)
        urls = scan.pages("ListFunctionUrlConfigs", "FunctionUrlConfigs", FunctionName=name)
        scan.fill(
            res,
            urls,
            ("public_url",),
            lambda d, r=res: {
                "public_url": Value(
                    any(u.get("AuthType") == "NONE" for u in d or []), r.source, default=not d
                )
            },
        )
        yield res
