"""Secrets Manager secrets, as the adapter reads ``aws_secretsmanager_secret``.

A secret is always encrypted: with the AWS-managed ``aws/secretsmanager`` key unless
``KmsKeyId`` names another. ``ListSecrets`` says so without reading any secret value.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind


class SecretsManager(Listing):
    name = "secretsmanager"
    service = "secretsmanager"
    PRODUCES = (
        Wildcard(
            Kind.SECRET,
            "aws_secretsmanager_secret",
            "arn:{partition}:secretsmanager:{region}:{account}:secret:*",
            "secret",
        ),
    )
    CALLS = (Api("secretsmanager", "ListSecrets", "secretsmanager:ListSecrets"),)

    LISTING = ("ListSecrets", "SecretList")

    def read(self, scan: Scan, secret: Any):
        res = scan.resource(Kind.SECRET, "aws_secretsmanager_secret", secret["ARN"], secret["Name"], "secret")
        set_at_rest(res, True, secret.get("KmsKeyId"), encrypted_by_default=True)
        yield res
