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

from scanner.util.safetext import clean


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
        if not data:
            return None
        if not isinstance(data, dict) or set(data) - {"file", "line", "arn", "region"}:
            raise TypeError("a source has file, line, arn and region only")
        return cls(**data)


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


# --------------------------------------------------------------------------- sensitive values
# A value Terraform marks sensitive (a ``sensitive = true`` variable, ``sensitive(...)``, what a
# plan lists in ``sensitive_values``) must never be printed. The mark travels *inside* the raw
# value, as a subclass of its type that compares, hashes and serialises like the plain value, so
# that adapters and checks read it unchanged and only the places that render values into
# messages need to ask :func:`is_sensitive`. Booleans and null cannot carry the mark (nothing
# to hide in them either).


class _Sensitive:
    """Mixin marking a raw value sensitive."""

    __slots__ = ()


class SensitiveStr(_Sensitive, str):
    __slots__ = ()


class SensitiveInt(_Sensitive, int):
    __slots__ = ()


class SensitiveFloat(_Sensitive, float):
    __slots__ = ()


class SensitiveList(_Sensitive, list):
    pass


class SensitiveDict(_Sensitive, dict):
    pass


# Set once anything was marked in this process: until then no value needs looking into, so
# scans of code without sensitive values pay nothing for the check.
_SEEN = [False]

SENSITIVE_TEXT = "(sensitive value)"


def any_sensitive_seen() -> bool:
    return _SEEN[0]


def mark_sensitive(raw: Any) -> Any:
    """``raw`` with itself and every value inside it marked sensitive."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, Unknown):
        return raw
    _SEEN[0] = True
    if isinstance(raw, str):
        return raw if isinstance(raw, SensitiveStr) else SensitiveStr(raw)
    if isinstance(raw, int):
        return raw if isinstance(raw, SensitiveInt) else SensitiveInt(raw)
    if isinstance(raw, float):
        return raw if isinstance(raw, SensitiveFloat) else SensitiveFloat(raw)
    if isinstance(raw, dict):
        return SensitiveDict({k: mark_sensitive(v) for k, v in raw.items()})
    if isinstance(raw, (list, tuple)):
        return SensitiveList(mark_sensitive(v) for v in raw)
    return raw


def unmark(raw: Any) -> Any:
    """``raw`` as plain values (``nonsensitive()``, and before handing values to libraries)."""
    if not _SEEN[0]:
        return raw
    if isinstance(raw, dict):
        return {k: unmark(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return [unmark(v) for v in raw]
    if isinstance(raw, SensitiveStr):
        return str(raw)
    if isinstance(raw, SensitiveInt):
        return int(raw)
    if isinstance(raw, SensitiveFloat):
        return float(raw)
    return raw


def is_sensitive(raw: Any) -> bool:
    """Whether ``raw`` or anything inside it is marked sensitive."""
    if not _SEEN[0]:
        return False
    if isinstance(raw, _Sensitive):
        return True
    if isinstance(raw, dict):
        return any(is_sensitive(v) for v in raw.values())
    if isinstance(raw, (list, tuple)):
        return any(is_sensitive(v) for v in raw)
    return False


def sensitive_texts(raw: Any, min_len: int = 4) -> set[str]:
    """The sensitive strings inside ``raw`` at least ``min_len`` long (to redact from messages)."""
    out: set[str] = set()
    if not _SEEN[0]:
        return out
    if (
        isinstance(raw, SensitiveStr)
        and len(raw) >= min_len
        or isinstance(raw, (SensitiveInt, SensitiveFloat))
        and len(str(raw)) >= min_len
    ):
        out.add(str(raw))
    elif isinstance(raw, dict):
        for v in raw.values():
            out |= sensitive_texts(v, min_len)
    elif isinstance(raw, (list, tuple)):
        for v in raw:
            out |= sensitive_texts(v, min_len)
    return out


def shown(raw: Any, quote: bool = False, max_len: int = 80) -> str:
    """A raw value for a message: ``(sensitive value)`` when marked, else one clean short line
    (a string in quotes when ``quote``)."""
    if is_sensitive(raw):
        return SENSITIVE_TEXT
    plain = unmark(raw)
    return clean(repr(plain) if quote and isinstance(plain, str) else str(plain), max_len)


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
    # Sensitive although ``raw`` cannot carry the mark (a boolean, null, or read back from a
    # saved state whose JSON lost it); see :func:`is_sensitive`.
    secret: bool = field(default=False, compare=False)

    @property
    def sensitive(self) -> bool:
        """Whether the value must never be printed."""
        return self.secret or is_sensitive(self.raw)

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
        if self.sensitive:
            out["sensitive"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Value:
        if not isinstance(data, dict):
            raise TypeError("a value must be an object")
        raw = decode_raw(data.get("value"))
        secret = data.get("sensitive") is True
        return cls(
            mark_sensitive(raw) if secret else raw,
            Source.from_dict(data.get("source")),
            bool(data.get("default")),
            secret,
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
                str(data[_UNKNOWN_TAG]),
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
