"""Credentials and clients: boto3's standard chain, ``--profile``, one assumed role per account.

Every client is made here, so every client gets the same retry policy
(botocore's adaptive mode with the configured ceiling), the per-call timeouts, and
the read-only guard. Sessions are not thread-safe but clients are, so clients are
created under a lock and shared by the pool.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scanner.sources.live import answers, guard
from scanner.sources.live.errors import CallError, UsageError, is_credentials_error
from scanner.sources.live.ratelimit import DEFAULT_RATE, Limiter
from scanner.util.safetext import clean

SESSION_NAME = "privacy-scan"


@dataclass(frozen=True)
class ClientSettings:
    max_attempts: int = 10
    call_timeout: float = 20.0
    connect_timeout: float = 5.0
    rate_limit: float | None = DEFAULT_RATE  # requests/s per (account, region, service); None: no limit


@dataclass
class Account:
    """One AWS account reached by one set of credentials."""

    session: Any  # a guard.GuardedSession: guarded clients only, no resources
    account_id: str
    settings: ClientSettings
    partition: str = "aws"
    label: str = ""
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    calls: Counter = field(default_factory=Counter)
    errors: list[CallError] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    limiter: Limiter | None = None  # shared by the units of one account; made on first use otherwise

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            found = self._clients.get(key)
            if found is None:
                found = make_client(self.session, service, region, self.settings)
                if self.limiter is None:
                    self.limiter = Limiter(self.settings.rate_limit)
                self.limiter.attach(found, region, service)
                self._clients[key] = found
            return found

    def record_call(self, api: Any) -> None:
        with self._lock:
            self.calls[api.action] += 1

    def record_error(self, error: CallError) -> None:
        with self._lock:
            self.errors.append(error)

    def warn(self, message: str) -> None:
        with self._lock:
            if message not in self.warnings:
                self.warnings.append(message)

    def put_fact(self, key: str, value: Any) -> None:
        with self._lock:
            self.facts[key] = value


def botocore_config(settings: ClientSettings, **extra: Any) -> Any:
    from botocore.config import Config

    return Config(
        retries={"mode": "adaptive", "total_max_attempts": settings.max_attempts},
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.call_timeout,
        user_agent_extra="privacy-scan",
        max_pool_connections=32,
        **extra,
    )


def make_client(
    session: Any, service: str, region: str, settings: ClientSettings, max_attempts: int | None = None
) -> Any:
    """A guarded client (see :mod:`~scanner.sources.live.guard`) with the scan's timeouts and retries."""
    if not isinstance(session, guard.GuardedSession):
        session = guard.GuardedSession(session)
    attempts = min(settings.max_attempts, max_attempts or settings.max_attempts)
    config = botocore_config(replace(settings, max_attempts=attempts))
    client = session.client(service, region_name=region, config=config)
    answers.install(client.meta.events)
    if service == "s3control" and custom_endpoint(client):
        # Emulators (moto, LocalStack on a bare host) do not serve the per-account
        # virtual host s3control puts in front of the endpoint: call the bare host.
        client.meta.events.register("before-sign.s3-control", _strip_account_host)
    return client


def custom_endpoint(client: Any) -> bool:
    host = urlsplit(client.meta.endpoint_url).hostname or ""
    return not (host.endswith(".amazonaws.com") or host.endswith(".amazonaws.com.cn"))


def _strip_account_host(request: Any, **_: Any) -> None:
    parts = urlsplit(request.url)
    head, _, rest = parts.netloc.partition(".")
    if head.isdigit() and len(head) == 12 and rest:
        request.url = urlunsplit(parts._replace(netloc=rest))


def base_session(profile: str | None) -> guard.GuardedSession:
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
    except ProfileNotFound:
        raise UsageError(f"AWS profile {profile!r} is not configured") from None
    return guard.GuardedSession(session)


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass(frozen=True)
class Unreachable:
    """An account the scan could not enter: its checks are unknown with ``reason``."""

    label: str  # the role ARN, or "default credentials"
    account_id: str | None  # from the role ARN when there is one
    reason: str  # one line


def reach_accounts(
    profile: str | None,
    role_arns: list[str],
    external_id: str | None,
    home_region: str,
    settings: ClientSettings,
) -> tuple[list[Account], list[Unreachable]]:
    """The accounts to scan (the caller's own, or one per assumed role), and those that failed.

    A failed credential call (denied, hung, reset, garbage) costs that account only;
    the caller decides what "nothing reachable" means (exit 2).
    """
    session = base_session(profile)
    if not role_arns:
        try:
            return [_account(session, home_region, settings, label="default credentials")], []
        except UsageError as exc:
            return [], [Unreachable("default credentials", None, str(exc))]
    reached: list[Account] = []
    failed: list[Unreachable] = []
    for arn in role_arns:
        try:
            assumed = assumed_session(session, arn, external_id, home_region, settings)
            reached.append(_account(assumed, home_region, settings, arn))
        except UsageError as exc:
            failed.append(Unreachable(arn, _arn_account(arn), str(exc)))
    return reached, failed


def open_accounts(
    profile: str | None,
    role_arns: list[str],
    external_id: str | None,
    home_region: str,
    settings: ClientSettings,
) -> list[Account]:
    """Every account, or a :class:`UsageError` naming the first that cannot be entered."""
    reached, failed = reach_accounts(profile, role_arns, external_id, home_region, settings)
    if failed:
        raise UsageError(failed[0].reason)
    return reached


# Credential calls fail fast: a hung or resetting STS endpoint is not worth ten attempts.
CREDENTIAL_ATTEMPTS = 3


def _account(session: Any, region: str, settings: ClientSettings, label: str) -> Account:
    sts = make_client(session, "sts", region, settings, max_attempts=CREDENTIAL_ATTEMPTS)
    try:
        ident = sts.get_caller_identity()
        account_id = str(ident["Account"])
        arn = str(ident.get("Arn") or "")
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - turned into one clear line
        raise UsageError(_credential_message(exc, label)) from None
    partition = arn.split(":")[1] if arn.startswith("arn:") and arn.count(":") >= 5 else partition_of(region)
    return Account(session, account_id, settings, partition=partition, label=label)


def _error_code(exc: BaseException) -> str | None:
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return None
    error = response.get("Error")
    code = error.get("Code") if isinstance(error, dict) else None
    return str(code) if code else None


def _credential_message(exc: BaseException, label: str) -> str:
    if is_credentials_error(exc):
        return clean(f"no usable AWS credentials ({label}): {exc}", 300)
    code = _error_code(exc)
    if code:
        return clean(f"AWS rejected the credentials ({label}): {code}", 300)
    return clean(f"cannot reach AWS to check the credentials ({label}): {_describe(exc)}", 300)


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if type(exc).__name__ in text else f"{type(exc).__name__}: {text}"


def _arn_account(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[4] if len(parts) > 5 and parts[4].isdigit() else None


def assumed_session(
    base: guard.GuardedSession, role_arn: str, external_id: str | None, region: str, settings: ClientSettings
) -> guard.GuardedSession:
    """A session whose credentials come from ``sts:AssumeRole`` and refresh themselves on long scans."""
    import boto3
    from botocore.credentials import RefreshableCredentials
    from botocore.session import get_session

    sts = make_client(base, "sts", region, settings, max_attempts=CREDENTIAL_ATTEMPTS)

    def fetch() -> dict[str, str]:
        params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": SESSION_NAME}
        if external_id:
            params["ExternalId"] = external_id
        try:
            creds = sts.assume_role(**params)["Credentials"]
            return {
                "access_key": creds["AccessKeyId"],
                "secret_key": creds["SecretAccessKey"],
                "token": creds["SessionToken"],
                "expiry_time": creds["Expiration"].isoformat(),
            }
        except Exception as exc:  # noqa: BLE001 - one line naming the role
            raise UsageError(_assume_message(exc, role_arn)) from None

    credentials = RefreshableCredentials.create_from_metadata(fetch(), fetch, "assume-role")
    core = get_session()
    _share_models(core, base)
    core._credentials = credentials  # the documented way boto3 itself wires refreshable credentials
    core.set_config_variable("region", base.region_name or region)
    return guard.GuardedSession(boto3.Session(botocore_session=core))


def _share_models(core: Any, base: guard.GuardedSession) -> None:
    """Let a role's session read AWS's service models through the base session's loader.

    Each botocore session otherwise parses the endpoint and service models (megabytes
    of JSON) again: about a second per account entered, a quarter of an hour over a
    thousand accounts. The loader only caches read-only model data.
    """
    try:
        loader = base._session._session.get_component("data_loader")
    except Exception:  # noqa: BLE001 - an optimisation only; without it the models are read again
        return
    core.register_component("data_loader", loader)


def _assume_message(exc: BaseException, role_arn: str) -> str:
    if is_credentials_error(exc):
        return clean(f"no usable AWS credentials to assume {role_arn}: {exc}", 300)
    return clean(f"cannot assume {role_arn}: {_error_code(exc) or _describe(exc)}", 300)


def session_region(profile: str | None) -> str | None:
    """The region boto3 would use (profile, AWS_REGION/AWS_DEFAULT_REGION), without making a call."""
    return base_session(profile).region_name or os.environ.get("AWS_REGION") or None
