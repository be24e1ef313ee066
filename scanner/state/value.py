"""Values that remember where they came from and whether they are known.

Every attribute in the state is a :class:`Value`. A check that reads an
unknown value must answer ``unknown`` (never ``fail``), and the reason travels
with the value so that the finding can say *why* it could not decide
(which variable had no value, which data source is only read at apply time,
which API call was denied).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a value or resource was read: file and line for code, ARN and region for the cloud."""

    file: str | None = None
    line: int | None = None
    arn: str | None = None
    region: str | None = None

    def label(self) -> str:
        """A short human label such as ``main.tf:12`` or the ARN."""
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return self.arn or ""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Source | None:
        return cls(**data) if data else None


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known (before apply, or because it could not be read).

    ``reason`` is a sentence for the user; ``ref`` is the address of the resource
    or data source the value would come from, so that sources can still join
    companion resources (``bucket = aws_s3_bucket.x.id``) without knowing the id.
    """

    reason: str
    ref: str | None = None
    # For a string template around one unknown value, its text with ``${}`` standing for
    # that value: ``"${aws_s3_bucket.b.arn}/*"`` has ``shape="${}/*"``, so a policy reader
    # can tell a bucket's objects from the bucket. None: the unknown value itself.
    shape: str | None = field(default=None, compare=False)
    # Structured fields, for programs (drift) that must not read ``reason``'s prose:
    # ``why`` is one of the ``UNKNOWN_*`` causes below (None: not said); ``what`` is the
    # reference the value stands for (``aws_s3_bucket.b.arn``, an address plus an attribute
    # path), when it is one, so a ``terraform.tfstate`` can supply the value after apply.
    why: str | None = field(default=None, compare=False)
    what: str | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


# Causes of an Unknown (``Unknown.why``).
UNKNOWN_AFTER_APPLY = "after_apply"  # a resource attribute Terraform learns only when it applies
UNKNOWN_DATA_SOURCE = "data_source"  # a data source, read only when Terraform runs
UNKNOWN_GENERATED = "generated"  # a name Terraform or AWS generates (``shape`` holds a known prefix)


def generated_name(reason: str, prefix: Any = None) -> Unknown:
    """A name left to Terraform or AWS; a known string ``prefix`` is kept as the shape ``prefix${}``."""
    shape = prefix + "${}" if isinstance(prefix, str) and prefix else None
    return Unknown(reason, shape=shape, why=UNKNOWN_GENERATED)


def is_unknown(raw: Any) -> bool:
    return isinstance(raw, Unknown)


def first_unknown(raw: Any) -> Unknown | None:
    """The first unknown nested anywhere inside ``raw`` (lists, dicts), or None."""
    if isinstance(raw, Unknown):
        return raw
    if isinstance(raw, dict):
        for item in raw.values():
            found = first_unknown(item)
            if found:
                return found
    elif isinstance(raw, (list, tuple)):
        for item in raw:
            found = first_unknown(item)
            if found:
                return found
    return None


@dataclass(frozen=True)
class Value:
    """An attribute value with its provenance.

    ``raw`` is a plain Python value (str, int, bool, list, dict, None) or an
    :class:`Unknown`. Containers may hold unknowns inside; ``known`` speaks of
    the top level only, :func:`first_unknown` looks deeper.
    ``default`` is True when the value is not written anywhere but is what AWS
    does when nothing is said (e.g. SSE-S3 on new buckets since 2023), so a
    finding can say "by AWS default".
    """

    raw: Any
    source: Source | None = None
    default: bool = False

    @property
    def known(self) -> bool:
        return not isinstance(self.raw, Unknown)

    @property
    def reason(self) -> str | None:
        return self.raw.reason if isinstance(self.raw, Unknown) else None

    @classmethod
    def unknown(cls, reason: str, source: Source | None = None, ref: str | None = None) -> Value:
        return cls(Unknown(reason, ref), source)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": encode_raw(self.raw)}
        if self.source:
            out["source"] = self.source.to_dict()
        if self.default:
            out["default"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Value:
        return cls(
            decode_raw(data.get("value")), Source.from_dict(data.get("source")), bool(data.get("default"))
        )


_UNKNOWN_TAG = "__unknown__"


def encode_raw(raw: Any) -> Any:
    """JSON-safe form of a raw value; unknowns become ``{"__unknown__": reason}``."""
    if isinstance(raw, Unknown):
        out = {_UNKNOWN_TAG: raw.reason}
        if raw.ref:
            out["ref"] = raw.ref
        if raw.shape is not None:
            out["shape"] = raw.shape
        if raw.why is not None:
            out["why"] = raw.why
        if raw.what is not None:
            out["what"] = raw.what
        return out
    if isinstance(raw, dict):
        return {str(k): encode_raw(v) for k, v in raw.items()}
    if isinstance(raw, (list, tuple, set, frozenset)):
        return [encode_raw(v) for v in raw]
    return raw


def decode_raw(data: Any) -> Any:
    if isinstance(data, dict):
        if _UNKNOWN_TAG in data:
            return Unknown(
                data[_UNKNOWN_TAG],
                data.get("ref"),
                data.get("shape"),
                _text(data.get("why")),
                _text(data.get("what")),
            )
        return {k: decode_raw(v) for k, v in data.items()}
    if isinstance(data, list):
        return [decode_raw(v) for v in data]
    return data


def _text(value: Any) -> str | None:
    """A structured field read back from a saved state: a string, or nothing."""
    return value if isinstance(value, str) else None
