"""The suppression record shared by inline comments and the suppressions file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from typing import Any

from scanner.findings import Finding

CHECK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def address_matches(address: str, pattern: str) -> bool:
    """Shell-style ``*`` and ``?`` wildcards; brackets are literal.

    Terraform addresses carry instance keys in brackets (``aws_s3_bucket.data["a"]``,
    ``module.db[0]``), so a ``[...]`` character class would make every such address
    impossible to name exactly.
    """
    return fnmatchcase(address, pattern.replace("[", "[[]"))


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date, or None when it is not one (the caller names file and line)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Suppression:
    """One accepted finding pattern.

    ``source`` is ``file:line`` of the comment or of the entry in the suppressions
    file, so every message about it points at where to edit. ``resource`` and
    ``file_glob`` only restrict file-based suppressions; an inline one is tied to
    its resource by position instead.
    """

    check_ids: tuple[str, ...]
    reason: str
    expires: date | None
    source: str
    kind: str  # "inline" | "file"
    resource: str | None = None
    file_glob: str | None = None

    def expired(self, today: date) -> bool:
        """A suppression is valid through its expiry date and expired the day after."""
        return self.expires is not None and today > self.expires

    def matches(self, f: Finding) -> bool:
        if f.check_id not in self.check_ids:
            return False
        if self.resource is not None and not address_matches(f.resource, self.resource):
            return False
        return self.file_glob is None or (f.file is not None and fnmatchcase(f.file, self.file_glob))

    def record(self) -> dict[str, Any]:
        """What ``Finding.suppressed`` holds (and JSON/SARIF show)."""
        return {
            "kind": self.kind,
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "source": self.source,
        }
