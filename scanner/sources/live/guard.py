"""The runtime read-only guard: every client refuses any operation that is not Describe*/Get*/List*.

The collectors' declarations are checked by a test; this guard makes the promise
hold at run time too, whatever a future collector does. The only exceptions are
the STS calls that *obtain* credentials and say who we are (``AssumeRole``,
``GetCallerIdentity``): they change nothing in the account.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.errors import ReadOnlyViolation

READ_PREFIXES = ("Describe", "Get", "List")
CREDENTIAL_CALLS = frozenset({("sts", "AssumeRole"), ("sts", "GetCallerIdentity")})


def is_read_only(service: str, operation: str) -> bool:
    return operation.startswith(READ_PREFIXES) or (service, operation) in CREDENTIAL_CALLS


def install(client: Any) -> Any:
    """Register the guard on ``client`` (a botocore client) and return it."""
    service = client.meta.service_model.service_name

    def guard(model: Any = None, **_: Any) -> None:
        name = getattr(model, "name", "")
        if not is_read_only(service, name):
            raise ReadOnlyViolation(
                f"privacy-scan is read-only: refusing to call {service}:{name} "
                "(only Describe*, Get*, List* and the STS credential calls are allowed)"
            )

    client.meta.events.register("before-call.*.*", guard, unique_id="privacy-scan-read-only")
    return client
