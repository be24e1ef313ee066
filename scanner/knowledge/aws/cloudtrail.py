"""CloudTrail: whether a trail's event selectors record every S3 object read and write.

"Every access is logged" includes reads, so only selectors that record reads *and* writes
count. A basic event selector does with ``ReadWriteType`` All (the default) and a data
resource of type ``AWS::S3::Object``, whose values are ARN prefixes of the objects recorded
(``arn:aws:s3`` every bucket, ``arn:aws:s3:::b/`` all of bucket ``b``, ``arn:aws:s3:::b/logs/``
only part of it). An advanced event selector does when its field selectors pick
``eventCategory`` Data and ``resources.type`` AWS::S3::Object and narrow nothing else but
``resources.ARN``: ``readOnly``, ``eventName``, ``errorCode``, ``userIdentity.arn``,
``sessionCredentialFromConsole`` and ``vpcEndpointId`` each leave some events out.
On ``resources.ARN``, ``StartsWith`` values are prefixes as above, while ``Equals`` names single
objects (never a whole bucket); the negative and ``EndsWith`` operators are not read, so a
selector using them is unknown, never guessed.

Sources translate their spelling (``read_write_type``/``ReadWriteType``, ``field_selector``/
``FieldSelectors`` …) into :class:`BasicSelector` and :class:`FieldSelector`; values may be
:class:`Unknown` (Terraform), and a :class:`BucketReference` is a value code writes around a
reference to the asked bucket (``"${aws_s3_bucket.b.arn}/uploads/"``): the literal text around
the reference counts as written, so a prefix after the bucket narrows the selector to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.knowledge.aws.s3 import objects_prefix, without_partition
from scanner.state import Unknown

S3_OBJECT = "AWS::S3::Object"
ALL_BUCKETS = ("arn:aws:s3", "arn:aws:s3:::")
# Fields that only say "S3 data events", and fields that leave some object events out.
NEUTRAL_FIELDS = frozenset({"eventCategory", "resources.type", "eventSource"})
NARROWING_FIELDS = frozenset(
    {
        "readOnly",
        "eventName",
        "errorCode",
        "userIdentity.arn",
        "sessionCredentialFromConsole",
        "vpcEndpointId",
    }
)
ARN_FIELD = "resources.ARN"


# Stand for the asked bucket's name, and another bucket's, inside a written value (no bucket
# name holds a NUL).
_THE_BUCKET = "\x00the-bucket"
_ANOTHER_BUCKET = "\x00another-bucket"


@dataclass(frozen=True)
class BucketReference:
    """A selector value written around a reference to a bucket: ``before${}after``.

    ``${}`` is the bucket's ARN (``attribute`` ``arn``) or its name (``name``); ``own`` says
    whether it is the asked bucket or another one. What the literal text around it says decides
    what is recorded: ``${arn}`` and ``${arn}/`` are all of the bucket, ``${arn}/uploads/`` only
    that prefix, ``arn:aws:s3:::${name}/`` all of it again; another bucket's never this one.
    """

    before: str = ""
    after: str = ""
    attribute: str = "arn"
    own: bool = True

    def written(self) -> str | Unknown:
        """The value as AWS will see it, with a stand-in for the bucket's name."""
        name = _THE_BUCKET if self.own else _ANOTHER_BUCKET
        if self.attribute == "arn":
            return f"{self.before}arn:aws:s3:::{name}{self.after}"
        if self.attribute == "name":
            return f"{self.before}{name}{self.after}"
        return Unknown(
            f"a selector value is written around the bucket's {self.attribute}, neither its ARN nor its name"
        )


THIS_BUCKET = BucketReference()  # the bucket's ARN alone: all of its objects


@dataclass(frozen=True)
class BasicSelector:
    """One basic event selector: its read/write type and its (type, values) data resources."""

    read_write: Any = "All"
    resources: list[tuple[Any, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class FieldSelector:
    """One field selector of an advanced event selector (operator lists may be Unknown)."""

    field: Any
    equals: Any = ()
    starts_with: Any = ()
    ends_with: Any = ()
    not_equals: Any = ()
    not_starts_with: Any = ()
    not_ends_with: Any = ()


def _listed(raw: Any) -> list[Any]:
    if raw is None:
        return []
    return list(raw) if isinstance(raw, (list, tuple)) else [raw]


def _advanced_selects_all_kinds(fields: list[FieldSelector]) -> bool | Unknown:
    """Whether an advanced selector picks every kind of S3 object event (resources.ARN aside)."""
    category = resource_type = False
    for f in fields:
        for raw in (f.field, f.equals):
            if isinstance(raw, Unknown):
                return raw
        if f.field == "eventCategory":
            category = "Data" in _listed(f.equals)
        elif f.field == "resources.type":
            resource_type = S3_OBJECT in _listed(f.equals)
    if not (category and resource_type):
        return False
    for f in fields:
        if f.field in NARROWING_FIELDS:
            return False
        if f.field not in NEUTRAL_FIELDS and f.field != ARN_FIELD:
            return Unknown(f"an advanced event selector narrows {f.field}, which privacy-scan does not read")
    return True


def _advanced_prefixes(fields: list[FieldSelector]) -> list[Any] | Unknown:
    """The object prefixes an advanced selector records wholly (its resources.ARN conditions ANDed)."""
    chosen: list[Any] | None = None  # None: no resources.ARN condition, every bucket
    for f in fields:
        if f.field != ARN_FIELD:
            continue
        for name in ("ends_with", "not_equals", "not_starts_with", "not_ends_with"):
            if _listed(getattr(f, name)):
                return Unknown(f"an advanced event selector narrows resources.ARN by {name}")
        for raw in (f.starts_with, f.equals):
            if isinstance(raw, Unknown):
                return raw
        starts = _listed(f.starts_with)  # Equals names single objects: no whole bucket
        chosen = starts if chosen is None else [p for p in chosen if p in starts]
    return [ALL_BUCKETS[0]] if chosen is None else chosen


def recorded_prefixes(
    basic: list[BasicSelector], advanced: list[list[FieldSelector]]
) -> tuple[list[Any], Unknown | None]:
    """Object prefixes whose reads and writes are all recorded, and the first unknown that could add one."""
    out: list[Any] = []
    unknown: Unknown | None = None
    for sel in basic:
        rw = sel.read_write if sel.read_write is not None else "All"
        if rw != "All":
            unknown = unknown or (rw if isinstance(rw, Unknown) else None)
            continue
        for kind, values in sel.resources:
            if kind == S3_OBJECT:
                out.extend(_listed(values) if not isinstance(values, Unknown) else [values])
    for fields in advanced:
        kinds = _advanced_selects_all_kinds(fields)
        prefixes = _advanced_prefixes(fields) if kinds is True else kinds
        if isinstance(prefixes, Unknown):
            unknown = unknown or prefixes
        elif prefixes is not False:
            out.extend(prefixes)
    return out, unknown


def prefix_covers_bucket(prefix: Any, bucket: Any) -> bool | Unknown:
    """Whether every object of ``bucket`` has an ARN starting with ``prefix`` (any partition)."""
    if isinstance(prefix, BucketReference):
        written = prefix.written()
        if isinstance(written, Unknown):
            return written
        return objects_prefix(_THE_BUCKET).startswith(without_partition(written))
    if isinstance(prefix, Unknown):
        return prefix
    if not isinstance(prefix, str):
        return False
    plain = without_partition(prefix)
    if plain in ALL_BUCKETS:
        return True
    if not isinstance(bucket, str):
        return bucket if isinstance(bucket, Unknown) else Unknown("the bucket's name is unknown")
    return objects_prefix(bucket).startswith(plain)


def covers_bucket(prefixes: list[Any], bucket: Any, unknown: Unknown | None = None) -> bool | Unknown:
    """Whether recorded ``prefixes`` cover all of ``bucket``; an unknown when one that could is unknown."""
    for prefix in prefixes:
        hit = prefix_covers_bucket(prefix, bucket)
        if hit is True:
            return True
        if isinstance(hit, Unknown):
            unknown = unknown or hit
    return unknown if unknown is not None else False


def records_s3_data_events(basic: list[BasicSelector], advanced: list[list[FieldSelector]]) -> bool | Unknown:
    """Whether any selector records every read and write of some S3 objects (a trail's ``s3_data_events``)."""
    unknown: Unknown | None = None
    for sel in basic:
        rw = sel.read_write if sel.read_write is not None else "All"
        for kind, values in sel.resources:
            for raw in (rw, kind, values):
                if isinstance(raw, Unknown):
                    unknown = unknown or raw
            bad = (
                next((v for v in _listed(values) if isinstance(v, Unknown)), None)
                if isinstance(values, list)
                else None
            )
            if kind == S3_OBJECT and rw == "All" and _listed(values):
                if bad is None:
                    return True
                unknown = unknown or bad
    for fields in advanced:
        hit = _advanced_selects_all_kinds(fields)
        if hit is True:
            return True
        if isinstance(hit, Unknown):
            unknown = unknown or hit
    return unknown if unknown is not None else False
