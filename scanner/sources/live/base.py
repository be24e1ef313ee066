"""What every collector is: the calls it declares, and the helpers that turn answers into state.

A collector declares every AWS operation it may call in ``CALLS`` (boto3 service,
operation name, IAM action). The declaration is used three times, so it cannot
drift from the code:

- ``--print-iam-policy`` is generated from it;
- :meth:`Scan.call` refuses an operation the running collector did not declare;
- a test asserts every declared operation is Describe*/Get*/List*.

Collectors never import boto3; they receive clients from :class:`Scan`, so
``privacy-scan iac`` and ``--print-iam-policy`` never load it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scanner.sources.live.errors import CallError, classify
from scanner.state import KIND_ATTRIBUTES, Kind, Resource, Source, Unknown, Value

if TYPE_CHECKING:
    from scanner.sources.live.pool import Clock
    from scanner.sources.live.session import Account


@dataclass(frozen=True)
class Api:
    """One declared call: ``Api("s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration")``."""

    service: str  # boto3 client name
    operation: str  # botocore operation name (CamelCase)
    action: str  # the IAM action that allows it


@dataclass(frozen=True)
class Wildcard:
    """A resource type a collector yields, and the wildcard ARN that stands for all of them.

    ``arn`` is a template over ``{partition}``, ``{region}`` and ``{account}``. When
    the collector cannot run at all (it crashed, the deadline came, the account
    could not be entered), one placeholder per wildcard makes every check the
    collector feeds ``unknown`` with the reason, instead of silently passing.
    """

    kind: Kind
    resource_type: str
    arn: str
    subkind: str | None = None


class Collector:
    """One AWS service (sometimes two closely tied ones) turned into state resources.

    ``collect`` yields resources, or callables that yield more (per-item work the
    pool may run in parallel, e.g. one task per bucket). ``PRODUCES`` names every
    resource type it yields (a test holds it to that).
    """

    name: ClassVar[str]
    service: ClassVar[str]
    global_service: ClassVar[bool] = False
    CALLS: ClassVar[tuple[Api, ...]] = ()
    PRODUCES: ClassVar[tuple[Wildcard, ...]] = ()

    def collect(self, scan: Scan) -> Iterable[Resource | Task]:
        raise NotImplementedError


class Listing(Collector):
    """A collector that lists one kind of item per region, then reads each item into resources.

    The skeleton most collectors share, written once: ``LISTING`` names the listing call and
    the key of its items; :meth:`read` turns one item into resources (or yields nothing to
    skip it). A listing that fails hides everything it would have found, so it yields one
    stand-in per ``PRODUCES`` wildcard instead (see :meth:`Scan.stand_ins`): each check the
    collector feeds then says ``unknown`` with the call's reason rather than passing.
    """

    LISTING: ClassVar[tuple[str, str]]  # (operation, key of the items in each page)

    def listing_params(self, scan: Scan) -> dict[str, Any]:
        """Parameters of the listing call (a filter, a cluster type)."""
        return {}

    def list_items(self, scan: Scan) -> Result:
        """The listing's items; override for a call botocore cannot paginate."""
        operation, key = self.LISTING
        return scan.pages(operation, key, **self.listing_params(scan))

    def collect(self, scan: Scan) -> Iterable[Resource | Task]:
        listing = self.list_items(scan)
        if not listing.ok:
            yield from scan.stand_ins(listing)
            return
        for item in listing.data:
            yield from self.read(scan, item)

    def read(self, scan: Scan, item: Any) -> Iterable[Resource | Task]:
        raise NotImplementedError


def stand_ins(
    collector: Collector, account_id: str | None, partition: str, region: str, reason: str
) -> list[Resource]:
    """Placeholders for everything ``collector`` would have found in one account and region."""
    out = []
    for wildcard in collector.PRODUCES:
        arn = wildcard.arn.format(partition=partition, region=region, account=account_id or "*")
        out.append(
            _placeholder(
                wildcard.kind, wildcard.resource_type, arn, wildcard.subkind, region, account_id, reason
            )
        )
    return out


def _placeholder(
    kind: Kind,
    resource_type: str,
    arn: str,
    subkind: str | None,
    scan_region: str,
    account_id: str | None,
    reason: str,
) -> Resource:
    src = Source(arn=arn, region=scan_region)
    res = Resource(
        kind=kind,
        subkind=subkind,
        address=arn,
        resource_type=resource_type,
        source=src,
        region=Value(Unknown(reason), src),
        identity=None,
        account=account_id,
    )
    for attr in KIND_ATTRIBUTES[kind]:
        res.attrs[attr] = Value(Unknown(reason), src)
    return res


Task = Callable[[], Iterable["Resource | Task"]]


@dataclass
class Result:
    """The answer of one call: data, or "not configured", or a :class:`CallError`."""

    data: Any = None
    absent: bool = False
    error: CallError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def unknown(self) -> Unknown:
        assert self.error is not None
        return Unknown(self.error.reason)


@dataclass
class Scan:
    """One collector's work in one account and region: clients, guarded calls, resource builders."""

    account: Account
    region: str
    collector: Collector
    clock: Clock | None = None  # past its deadline, calls are skipped (their attributes unknown)
    declared: dict[tuple[str, str], Api] = field(init=False)

    def __post_init__(self) -> None:
        self.declared = {(a.service, a.operation): a for a in self.collector.CALLS}

    @property
    def account_id(self) -> str:
        return self.account.account_id

    @property
    def partition(self) -> str:
        return self.account.partition

    def client(self, service: str | None = None, region: str | None = None) -> Any:
        return self.account.client(service or self.collector.service, region or self.region)

    def _api(self, service: str, operation: str) -> Api:
        api = self.declared.get((service, operation))
        if api is None:
            raise RuntimeError(
                f"collector {self.collector.name} calls {service}:{operation} without declaring it in CALLS"
            )
        return api

    def call(
        self,
        operation: str,
        absent: Iterable[str] = (),
        service: str | None = None,
        region: str | None = None,
        **params: Any,
    ) -> Result:
        """Call ``operation``; codes in ``absent`` mean "not configured" (``Result.absent``), not an error."""
        service = service or self.collector.service
        api = self._api(service, operation)
        region = region or self.region
        if self._late():
            return self._skipped(api, region)
        client = self.client(service, region)
        try:
            data = getattr(client, _snake(operation))(**params)
        except Exception as exc:  # noqa: BLE001 - every failure is classified and reported
            return self._failed(exc, api, absent, region)
        self.account.record_call(api)
        return Result(data)

    def pages(
        self,
        operation: str,
        key: str,
        absent: Iterable[str] = (),
        service: str | None = None,
        region: str | None = None,
        **params: Any,
    ) -> Result:
        """All items under ``key`` across pages (botocore paginators, so pagination is never forgotten)."""
        service = service or self.collector.service
        api = self._api(service, operation)
        region = region or self.region
        if self._late():
            return self._skipped(api, region)
        client = self.client(service, region)
        name = _snake(operation)
        items: list[Any] = []
        try:
            if client.can_paginate(name):
                for page in client.get_paginator(name).paginate(**params):
                    if self._late():
                        return self._skipped(api, region)
                    items.extend(page.get(key) or [])
            else:
                items.extend(getattr(client, name)(**params).get(key) or [])
        except Exception as exc:  # noqa: BLE001
            return self._failed(exc, api, absent, region)
        self.account.record_call(api)
        return Result(items)

    def _late(self) -> bool:
        return self.clock is not None and self.clock.expired()

    def _skipped(self, api: Api, region: str) -> Result:
        """A call not made because the scan's deadline passed (not recorded: the pool reports it once)."""
        why = self.clock.why if self.clock is not None else ""
        return Result(error=CallError(api.action, "deadline", "deadline", why, region))

    def _failed(self, exc: Exception, api: Api, absent: Iterable[str], region: str) -> Result:
        from scanner.sources.live.errors import ReadOnlyViolation

        if isinstance(exc, ReadOnlyViolation):
            raise exc
        code = _error_code(exc)
        if code is not None and code in set(absent):
            self.account.record_call(api)
            return Result(None, absent=True)
        error = classify(exc, api.action, region)
        self.account.record_error(error)
        return Result(error=error)

    # -- building resources -------------------------------------------------------------

    def source(self, arn: str, region: str | None = None) -> Source:
        return Source(arn=arn, region=region or self.region)

    def resource(
        self,
        kind: Kind,
        resource_type: str,
        arn: str,
        name: str | None,
        subkind: str | None = None,
        region: str | Unknown | None = None,
    ) -> Resource:
        """A resource named by its ARN, in ``region`` (default: the scan's), owned by this account."""
        region = self.region if region is None else region
        src = Source(arn=arn, region=region if isinstance(region, str) else self.region)
        return Resource(
            kind=kind,
            subkind=subkind,
            address=arn,
            resource_type=resource_type,
            source=src,
            region=Value(region, src),
            identity=Value(name, src) if name is not None else None,
            account=self.account_id,
        )

    def placeholder(
        self, kind: Kind, resource_type: str, arn: str, result: Result, subkind: str | None = None
    ) -> Resource:
        """Stands for every resource a failed listing call would have found.

        Each attribute of the kind is unknown with the call's reason, so each check
        that applies says ``unknown`` naming the permission, instead of staying silent.
        Its region is unknown too: a wildcard must not pass or fail a residency check.
        """
        assert result.error is not None
        return _placeholder(
            kind, resource_type, arn, subkind, self.region, self.account_id, result.error.reason
        )

    def stand_ins(self, result: Result) -> list[Resource]:
        """One placeholder per wildcard the collector ``PRODUCES``, for a listing that failed."""
        assert result.error is not None
        return stand_ins(self.collector, self.account_id, self.partition, self.region, result.error.reason)

    def fill(self, res: Resource, result: Result, attrs: Iterable[str], read: Callable[[Any], dict]) -> None:
        """Set ``attrs`` from ``read(data)`` (``data`` is None when not configured), or all unknown on error.

        This is what makes an AccessDenied affect exactly the attributes its call fills.
        """
        attrs = list(attrs)
        if not result.ok:
            for attr in attrs:
                res.attrs[attr] = Value(result.unknown(), res.source)
            return
        values = read(None if result.absent else result.data)
        for attr in attrs:
            if attr in values:
                raw = values[attr]
                if isinstance(raw, Value):
                    res.attrs[attr] = raw
                else:
                    res.set(attr, raw)


def _snake(operation: str) -> str:
    from scanner.sources.live.names import snake_case

    return snake_case(operation)


def _error_code(exc: Exception) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or "") or None
    return None


def default(raw: Any, res: Resource) -> Value:
    """A value that is what AWS does when nothing is configured (so a finding can say "by AWS default")."""
    return Value(raw, res.source, default=True)
