"""What a failed call means, in one sentence the user can act on."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from scanner.sources.live.errors import classify


def _client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op"
    )


@pytest.mark.parametrize(
    ("exc", "category", "reason"),
    [
        (
            _client_error("AccessDenied", 403),
            "denied",
            "s3:GetBucketPolicy denied (AccessDenied): grant s3:GetBucketPolicy",
        ),
        (_client_error("UnauthorizedOperation", 403), "denied", "grant s3:GetBucketPolicy"),
        (_client_error("SomethingForbidden", 403), "denied", "grant s3:GetBucketPolicy"),
        (
            _client_error("ThrottlingException", 400),
            "throttled",
            "throttled (ThrottlingException) after all retries",
        ),
        (
            _client_error("AuthFailure", 401),
            "region_disabled",
            "region ap-east-1 is not enabled for this account",
        ),
        (_client_error("OptInRequired", 401), "region_disabled", "region ap-east-1 is not enabled"),
        (EndpointConnectionError(endpoint_url="https://x"), "unavailable", "not available in ap-east-1"),
        (ReadTimeoutError(endpoint_url="https://x"), "timeout", "raise --call-timeout"),
        (_client_error("InternalError", 500), "failed", "s3:GetBucketPolicy failed (InternalError): m"),
    ],
)
def test_classify(exc: Exception, category: str, reason: str) -> None:
    error = classify(exc, "s3:GetBucketPolicy", "ap-east-1")
    assert error.category == category
    assert reason in error.reason
