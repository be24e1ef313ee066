"""The runtime read-only guard: nothing but the declared operations ever leaves the machine.

Three doors, all closed here:

- every botocore client the package creates, directly or not, refuses an
  operation outside :func:`~scanner.sources.live.declared.allowed_operations`
  before the request is built (a ``before-call`` hook registered on the *session*,
  so clients a future change makes from it inherit it);
- presigned URLs and POSTs are refused outright (a ``before-sign`` hook): a
  presigned URL is a credential handed to whoever holds it, whatever its operation;
- the package only ever holds a :class:`GuardedSession`, whose ``client()`` gives a
  :class:`GuardedClient` (only declared operation methods, no presigning, no
  waiters) and whose ``resource()`` refuses: boto3 resources call operations by
  themselves (``bucket.delete()``, lazy loads).

Allowing by name prefix is not enough: ``sts:GetSessionToken``,
``sts:GetFederationToken`` and ``ecr:GetAuthorizationToken`` mint credentials and
``cognito-identity:GetId`` creates an identity, all behind a ``Get``.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.errors import ReadOnlyViolation

_METHODS_ALWAYS_ALLOWED = frozenset({"close", "can_paginate"})


def is_allowed(service: str, operation: str) -> bool:
    from scanner.sources.live.declared import allowed_operations

    return (service, operation) in allowed_operations()


def check(service: str, operation: str) -> None:
    """Raise :class:`ReadOnlyViolation` unless ``service:operation`` is declared."""
    if not is_allowed(service, operation):
        raise ReadOnlyViolation(
            f"privacy-scan is read-only: refusing to call {service}:{operation} "
            "(only the declared read-only operations are allowed; see --print-iam-policy)"
        )


def _before_call(model: Any = None, **_: Any) -> None:
    check(model.service_model.service_name, model.name)


def _before_sign(signature_version: Any = None, operation_name: str = "", **_: Any) -> None:
    if isinstance(signature_version, str) and signature_version.endswith(("-query", "-presign-post")):
        raise ReadOnlyViolation(
            f"privacy-scan is read-only: refusing to presign {operation_name} "
            "(a presigned URL is a credential for whoever holds it)"
        )


def protect_events(events: Any) -> None:
    """Register the guard on a botocore event emitter (a session's: its clients copy it)."""
    events.register("before-call.*.*", _before_call, unique_id="privacy-scan-read-only")
    events.register("before-sign.*.*", _before_sign, unique_id="privacy-scan-no-presign")


def install(client: Any) -> Any:
    """Register the guard on one botocore client (also done through its session) and return it."""
    protect_events(client.meta.events)
    return client


class GuardedClient:
    """A botocore client that exposes only the declared operations (and pagination over them)."""

    __slots__ = ("_client", "_service")

    def __init__(self, client: Any) -> None:
        install(client)
        self._client = client
        self._service = client.meta.service_model.service_name

    @property
    def meta(self) -> Any:
        return self._client.meta

    @property
    def exceptions(self) -> Any:
        return self._client.exceptions

    def get_paginator(self, name: str) -> Any:
        self._check_method(name)
        return self._client.get_paginator(name)

    def generate_presigned_url(self, *_: Any, **__: Any) -> Any:
        raise ReadOnlyViolation("privacy-scan is read-only: refusing to presign a URL")

    def generate_presigned_post(self, *_: Any, **__: Any) -> Any:
        raise ReadOnlyViolation("privacy-scan is read-only: refusing to presign a POST")

    def get_waiter(self, name: str) -> Any:
        raise ReadOnlyViolation(f"privacy-scan does not use waiters (refusing {self._service} waiter {name})")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in _METHODS_ALWAYS_ALLOWED:
            self._check_method(name)
        return getattr(self._client, name)

    def _check_method(self, name: str) -> None:
        operation = self._client.meta.method_to_api_mapping.get(name)
        if operation is None:
            raise ReadOnlyViolation(
                f"privacy-scan is read-only: refusing {self._service}.{name} (not a declared operation)"
            )
        check(self._service, operation)

    def __repr__(self) -> str:
        return f"GuardedClient({self._service})"


class GuardedSession:
    """The only session object the live package holds: guarded clients, no resources."""

    __slots__ = ("_session",)

    def __init__(self, session: Any) -> None:
        protect_events(session.events)
        self._session = session

    @property
    def region_name(self) -> str | None:
        return self._session.region_name

    def client(self, service: str, region_name: str | None = None, config: Any = None) -> GuardedClient:
        return GuardedClient(self._session.client(service, region_name=region_name, config=config))

    def resource(self, *_: Any, **__: Any) -> Any:
        raise ReadOnlyViolation(
            "privacy-scan is read-only: boto3 resources are refused (they call operations by themselves)"
        )

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"{name} is not available on a guarded session")
