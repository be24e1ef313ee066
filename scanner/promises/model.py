"""Promises: what a privacy statement commits to, as checkable parameters.

A promise names one control and its parameters; when it comes from the text it
carries the quote and where the quote stands, so a finding can say which
sentence a resource breaks. Promises that GDPR implies but the text does not
say are ``implied`` and never carry a quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Control(str, Enum):
    TRANSPORT_ENCRYPTION = "transport-encryption"
    ENCRYPTION_AT_REST = "encryption-at-rest"
    ACCESS_RESTRICTION = "access-restriction"
    DATA_RESIDENCY = "data-residency"
    RETENTION_LIMIT = "retention-limit"
    ACTIVITY_LOGGING = "activity-logging"
    LOGGING_MINIMISATION = "logging-minimisation"


# Retention categories a promise can apply to. ``data`` is personal data in general.
RETENTION_CATEGORIES = ("data", "logs", "backups", "administration", "account")

# Default parameters per control, used when a promise leaves one out.
PARAM_DEFAULTS: dict[Control, dict[str, Any]] = {
    Control.TRANSPORT_ENCRYPTION: {"min_tls_version": "1.2"},
    Control.ENCRYPTION_AT_REST: {"customer_managed_keys": False},
    Control.ACCESS_RESTRICTION: {"authorised_principals": [], "network_restricted": True},
    Control.DATA_RESIDENCY: {"allowed_area": "EEA", "transfers": []},
    Control.RETENTION_LIMIT: {"max_days": None, "applies_to": ["data"]},
    Control.ACTIVITY_LOGGING: {},
    Control.LOGGING_MINIMISATION: {"not_logged": []},
}


@dataclass
class Promise:
    """One checkable promise (the design's JSON contract, plus ``statement_file`` for messages)."""

    id: str
    control: Control
    params: dict[str, Any] = field(default_factory=dict)
    quote: str | None = None
    source: dict[str, Any] | None = None  # {"file": ..., "line": ...}
    implied: bool = False
    # What an implied promise was inferred from ("the statement names no transfer ..."); None
    # for a promise the statement says.
    implied_from: str | None = None
    # Parameters the statement does not state, each with what it was inferred from: a promise
    # may be said (it has a quote) while one of its parameters is not ("EEA" from silence, a
    # default TLS version). Empty when every parameter is stated.
    implied_params: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Any:
        """The parameter, or the control's default for it."""
        if name in self.params:
            return self.params[name]
        return PARAM_DEFAULTS[self.control].get(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "control": self.control.value,
            "params": self.params,
            "quote": self.quote,
            "source": self.source,
            "implied": self.implied,
        }
        if self.implied_from:
            out["implied_from"] = self.implied_from
        if self.implied_params:
            out["implied_params"] = dict(self.implied_params)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Promise:
        return cls(
            id=data["id"],
            control=Control(data["control"]),
            params=dict(data.get("params") or {}),
            quote=data.get("quote"),
            source=data.get("source"),
            implied=bool(data.get("implied", False)),
            implied_from=data.get("implied_from"),
            implied_params=dict(data.get("implied_params") or {}),
        )


@dataclass
class PromiseSet:
    """The promises a scan checks, and where they came from."""

    promises: list[Promise]
    origin: str  # "default" | "promises-file" | "statement"
    statement: dict[str, Any] | None = None  # {"file", "sha256", "language"}
    warnings: list[str] = field(default_factory=list)
    path: str | None = None  # the promises file, when read from one (the HTML report names it)
    # Sentences that speak about a control's subject but gave no promise, for review:
    # [{"line": int, "control": str, "quote": str, "why": str}] (extracted statements only).
    candidates: list[dict[str, Any]] = field(default_factory=list)
