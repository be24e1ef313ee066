"""The documented default promise set, used when no statement or promises file is given.

It is what a careful EU company would promise: TLS 1.2 or higher everywhere,
encryption at rest, no public access, data stays in the EEA with no transfers,
finite retention, activity logging on. The output says when these are in use.
"""

from __future__ import annotations

from scanner.promises.model import Control, Promise, PromiseSet

DEFAULT_PROMISES: tuple[tuple[str, Control, dict], ...] = (
    ("default-transport-encryption", Control.TRANSPORT_ENCRYPTION, {"min_tls_version": "1.2"}),
    ("default-encryption-at-rest", Control.ENCRYPTION_AT_REST, {"customer_managed_keys": False}),
    ("default-access-restriction", Control.ACCESS_RESTRICTION, {"network_restricted": True}),
    ("default-data-residency", Control.DATA_RESIDENCY, {"allowed_area": "EEA", "transfers": []}),
    (
        "default-retention-limit",
        Control.RETENTION_LIMIT,
        {"max_days": None, "applies_to": ["data", "logs", "backups"]},
    ),
    ("default-activity-logging", Control.ACTIVITY_LOGGING, {}),
)


def default_promise_set() -> PromiseSet:
    why = "the documented default promise set (no --statement or --promises was given)"
    promises = [
        Promise(id=i, control=c, params=dict(p), implied=True, implied_from=why)
        for i, c, p in DEFAULT_PROMISES
    ]
    return PromiseSet(
        promises=promises,
        origin="default",
        warnings=[
            "no --statement or --promises given: checking the default promise set "
            "(TLS >= 1.2, encryption at rest, no public access, EEA only, finite retention, activity logging)"
        ],
    )
