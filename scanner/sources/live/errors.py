"""Classify what a failed AWS call means for the scan, and say it in one sentence the user can act on.

A live scan must go on when one call fails. Each failure becomes a
:class:`CallError` whose ``reason`` is put into exactly the attributes that call
fills (as an :class:`~scanner.state.Unknown`), and a :class:`~scanner.state.ScanError`
so the exit code is 3 when nothing failed. Answers that mean "not configured"
(``NoSuchBucketPolicy`` …) are not failures at all: collectors list them per call
and get the real value (no policy) instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.util.safetext import clean

# Error codes meaning the caller lacks a permission.
DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "AuthorizationErrorException",
        "Forbidden",
        "ForbiddenException",
        "InsufficientPrivilegesException",
        "AccessDeniedFault",
    }
)

# Error codes that remain after botocore's retries gave up.
THROTTLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
        "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "EC2ThrottledException",
    }
)

# Codes AWS answers with in a region the account has not enabled (opted out).
REGION_DISABLED_CODES = frozenset(
    {"AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId", "OptInRequired"}
)

# Codes that mean the service (or the operation) does not exist in that region.
UNAVAILABLE_CODES = frozenset({"UnknownOperationException", "InvalidAction", "UnsupportedOperation"})


@dataclass(frozen=True)
class CallError:
    """A call that failed in a way the scan must report: who, what, and why."""

    action: str  # IAM action, e.g. s3:GetBucketPolicy
    # denied | throttled | region_disabled | unavailable | timeout | bad_answer | deadline | crashed | failed
    category: str
    code: str
    detail: str = ""
    region: str | None = None

    @property
    def reason(self) -> str:
        """The sentence put into every attribute the call would have filled."""
        if self.category == "denied":
            return f"{self.action} denied ({self.code}): grant {self.action}"
        if self.category == "throttled":
            return f"{self.action} throttled ({self.code}) after all retries: rerun later or raise --max-attempts"
        if self.category == "region_disabled":
            return f"{self.action} failed: region {self.region} is not enabled for this account ({self.code})"
        if self.category == "unavailable":
            return f"{self.action} failed: the service is not available in {self.region} ({self.code})"
        if self.category == "timeout":
            return f"{self.action} timed out ({self.code}): raise --call-timeout or check the network"
        if self.category == "bad_answer":
            return clean(f"{self.action} gave an answer that cannot be trusted: {self.detail}", 240)
        if self.category == "deadline":
            return f"{self.action} not called: deadline reached ({self.detail})"
        if self.category == "crashed":
            return clean(f"{self.detail}", 240)
        detail = clean(" ".join(self.detail.split()), 160)
        return clean(f"{self.action} failed ({self.code}): {detail}".rstrip(": "), 240)


def classify(exc: BaseException, action: str, region: str | None) -> CallError:
    """Turn a botocore exception into a :class:`CallError` (imports botocore lazily: live scans only)."""
    from botocore import exceptions as bex

    from scanner.sources.live.answers import BadAnswer

    if isinstance(exc, BadAnswer):
        return CallError(action, "bad_answer", "BadAnswer", str(exc), region)
    if isinstance(exc, bex.ClientError):
        err = exc.response.get("Error", {})
        code = str(err.get("Code") or "Unknown")
        message = str(err.get("Message") or "")
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in DENIED_CODES or code.endswith("AccessDenied") or code.endswith("AccessDeniedException"):
            return CallError(action, "denied", code, message, region)
        if code in THROTTLE_CODES:
            return CallError(action, "throttled", code, message, region)
        if code in REGION_DISABLED_CODES:
            return CallError(action, "region_disabled", code, message, region)
        if code in UNAVAILABLE_CODES:
            return CallError(action, "unavailable", code, message, region)
        if status == 403:
            return CallError(action, "denied", code, message, region)
        return CallError(action, "failed", code, message, region)
    if isinstance(exc, (bex.ConnectTimeoutError, bex.ReadTimeoutError)):
        return CallError(action, "timeout", type(exc).__name__, str(exc), region)
    if isinstance(exc, bex.EndpointConnectionError):
        return CallError(action, "unavailable", "EndpointConnectionError", str(exc), region)
    if type(exc).__name__ == "ResponseParserError":
        # Not an AWS answer at all (an HTML error page from a proxy or an emulator that lacks the call).
        return CallError(action, "failed", "unparseable response", str(exc).split("\n")[0], region)
    if isinstance(exc, bex.UnknownEndpointError):
        return CallError(action, "unavailable", "UnknownEndpoint", str(exc), region)
    return CallError(action, "failed", type(exc).__name__, str(exc), region)


def is_credentials_error(exc: BaseException) -> bool:
    """Errors that mean no usable credentials at all: the scan cannot start (exit 2)."""
    from botocore import exceptions as bex

    return isinstance(
        exc,
        (
            bex.NoCredentialsError,
            bex.PartialCredentialsError,
            bex.ProfileNotFound,
            bex.NoRegionError,
            bex.TokenRetrievalError,
            bex.SSOError,
            bex.CredentialRetrievalError,
        ),
    )


class ReadOnlyViolation(RuntimeError):
    """Raised by the runtime guard when anything would call an operation that is not read-only."""


class UsageError(Exception):
    """A problem the user must fix before a live scan can start (credentials, regions, roles)."""
