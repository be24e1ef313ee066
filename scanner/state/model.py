"""Resources and the state: what every source fills and every check reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.state.kinds import Kind
from scanner.state.value import Source, Value
from scanner.util.safetext import clean


@dataclass
class Resource:
    """One privacy-relevant resource, whatever source it came from.

    ``address`` is the Terraform address for code (``module.db.aws_db_instance.this[0]``)
    and the ARN (or the service's own identifier) for live resources.
    ``resource_type`` uses Terraform's type names for both, so checks and drift
    can match across sources. ``identity`` is the name the cloud knows it by
    (bucket name, DB identifier, log group name) when it can be told.
    ``evidence`` lists where companion resources that contributed attributes live.
    """

    kind: Kind
    address: str
    resource_type: str
    source: Source
    region: Value
    attrs: dict[str, Value] = field(default_factory=dict)
    subkind: str | None = None
    identity: Value | None = None
    account: str | None = None
    evidence: list[Source] = field(default_factory=list)
    # The root module directory for code scanned from several roots; None for the cloud.
    root: str | None = None

    def get(self, name: str) -> Value:
        """The attribute, or an unknown value saying it was not collected."""
        value = self.attrs.get(name)
        if value is None:
            return Value.unknown(f"{name} is not collected for {self.resource_type}", self.source)
        return value

    def set(self, name: str, raw: Any, source: Source | None = None, default: bool = False) -> None:
        self.attrs[name] = Value(raw, source or self.source, default)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "subkind": self.subkind,
            "address": self.address,
            "resource_type": self.resource_type,
            "source": self.source.to_dict(),
            "region": self.region.to_dict(),
            "identity": self.identity.to_dict() if self.identity else None,
            "account": self.account,
            "attrs": {k: v.to_dict() for k, v in sorted(self.attrs.items())},
            "evidence": [s.to_dict() for s in self.evidence],
            **({"root": self.root} if self.root else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Resource:
        """A resource saved by ``to_dict``; KeyError/TypeError/ValueError on a wrong shape."""
        attrs = data.get("attrs", {})
        if not isinstance(attrs, dict) or not all(isinstance(v, dict) for v in attrs.values()):
            raise TypeError("attrs must be an object of values")
        for key in ("address", "resource_type"):
            if not isinstance(data[key], str):
                raise TypeError(f"{key} must be a string")
        if not isinstance(data["region"], dict):
            raise TypeError("region must be an object")
        return cls(
            kind=Kind(data["kind"]),
            subkind=data.get("subkind"),
            address=data["address"],
            resource_type=data["resource_type"],
            source=Source.from_dict(data.get("source")) or Source(),
            region=Value.from_dict(data["region"]),
            identity=Value.from_dict(data["identity"]) if data.get("identity") else None,
            account=data.get("account"),
            attrs={k: Value.from_dict(v) for k, v in data.get("attrs", {}).items()},
            evidence=[Source(**s) for s in data.get("evidence", [])],
            root=data.get("root"),
        )


@dataclass
class ScanError:
    """Something that made the scan incomplete: a file that did not parse, a denied call."""

    message: str
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
        return out


STATE_FORMAT_VERSION = 1


@dataclass
class State:
    """Everything a source found: resources, plus errors that make the scan incomplete."""

    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    origin: str = "terraform"  # terraform | plan | live
    # Blocks that may hold or move personal data but that no check covers: {type, address,
    # file, line} each (code and plans only; reported, never saved with the state).
    not_covered: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "state_version": STATE_FORMAT_VERSION,
            "origin": self.origin,
            "resources": [r.to_dict() for r in self.resources],
            "errors": [e.to_dict() for e in self.errors],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        """A state saved by ``to_dict``; ValueError with a one-line reason for anything else.

        A saved state is input like any other (a file from a shared CI cache, an attachment):
        a wrong version or a wrong shape at any level is refused whole, never half-read.
        """
        if not isinstance(data, dict):
            raise ValueError("a saved state is a JSON object")
        version = data.get("state_version")
        if type(version) is not int or version != STATE_FORMAT_VERSION:
            raise ValueError(f"unsupported state_version {clean(repr(version), 40)}")
        try:
            return cls(
                resources=[Resource.from_dict(_obj(r, "resource")) for r in _seq(data, "resources")],
                errors=[
                    ScanError(str(_obj(e, "error")["message"]), e.get("file"), e.get("line"))
                    for e in _seq(data, "errors")
                ],
                warnings=[str(w) for w in _seq(data, "warnings")],
                origin=str(data.get("origin", "live")),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            what = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ValueError(f"not a valid saved state: {clean(what, 120)}") from None
        except RecursionError:
            raise ValueError("not a valid saved state: nested too deeply") from None


def _seq(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise TypeError(f"{key} must be a list")
    return value


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"a {what} must be an object")
    return value
