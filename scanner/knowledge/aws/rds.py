"""RDS and Aurora: which parameter-group settings enforce TLS and write audit or query logs.

TLS enforcement lives in parameters, per engine family: ``rds.force_ssl`` for PostgreSQL and
SQL Server (on by default from RDS for PostgreSQL 15), ``require_secure_transport`` for
MySQL/MariaDB/Aurora MySQL (off by default). Audit logs: MySQL/MariaDB/Oracle export the
``audit`` log; PostgreSQL logs connections or pgaudit sessions into the exported
``postgresql`` log. Query logs: ``general_log`` (MySQL), ``log_statement`` all/mod,
``log_min_duration_statement`` 0 or pgaudit read/write classes (PostgreSQL). The Terraform
adapter fills :class:`Params` from the group in the configuration, the live collector from
``DescribeDBParameters``; the rules are the same.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.state import Unknown

_MYSQL = ("mysql", "mariadb", "aurora-mysql", "aurora")
_POSTGRES = ("postgres", "aurora-postgresql")


def engine_family(engine: Any) -> str | None:
    if not isinstance(engine, str):
        return None
    if engine in _MYSQL:
        return "mysql"
    if engine in _POSTGRES:
        return "postgres"
    if engine.startswith("oracle"):
        return "oracle"
    if engine.startswith("sqlserver"):
        return "sqlserver"
    return engine


class Params:
    """The parameters a DB sets: the group's values, or "default group", or unknown."""

    def __init__(
        self, values: dict[str, Any] | None, source: Any = None, unknown: Unknown | None = None
    ) -> None:
        self.values = values  # None = the engine's default parameter group
        self.source = source  # where the values were read (the sources' provenance; not read here)
        self.unknown = unknown

    def get(self, name: str) -> Any:
        """The parameter's value, None when the group leaves it at the engine default, or an Unknown."""
        if self.unknown is not None:
            return self.unknown
        return (self.values or {}).get(name)


def parameter_on(raw: Any) -> Any:
    """Whether a boolean-like parameter value is on (``1``, ``ON``, ``true``); an Unknown stays one."""
    if isinstance(raw, Unknown):
        return raw
    return str(raw).strip().lower() in ("1", "on", "true")


def _major(version: Any) -> int | None:
    match = re.match(r"^(\d+)", version) if isinstance(version, str) else None
    return int(match.group(1)) if match else None


def tls_enforced(engine: Any, version: Any, params: Params) -> tuple[Any, bool]:
    """(enforced, by_default) from ``rds.force_ssl`` / ``require_secure_transport``."""
    family = engine_family(engine)
    if isinstance(engine, Unknown):
        return engine, False
    if family == "postgres" or family == "sqlserver":
        raw = params.get("rds.force_ssl")
        if raw is not None:
            return parameter_on(raw), False
        if engine == "postgres":
            major = _major(version)
            if version is None:
                return True, True  # the default version is the newest, 15 or later
            if major is None:
                return Unknown(f"engine_version {getattr(version, 'reason', version)} cannot be read"), False
            return major >= 15, True
        return False, True
    if family == "mysql":
        raw = params.get("require_secure_transport")
        return (parameter_on(raw), False) if raw is not None else (False, True)
    return False, True


def min_tls(engine: Any, params: Params) -> Any:
    """Lowest TLS version the server accepts, where a parameter says (None when the service does not say)."""
    family = engine_family(engine)
    if family == "postgres":
        raw = params.get("ssl_min_protocol_version")
        if isinstance(raw, Unknown):
            return raw
        return str(raw).replace("TLSv", "") if raw else "1.2"
    if family == "mysql":
        raw = params.get("tls_version")
        if isinstance(raw, Unknown) or raw is None:
            return raw
        versions = sorted(v.strip().replace("TLSv", "") for v in str(raw).split(","))
        return versions[0] if versions else None
    return None


def audit_and_query(engine: Any, exports: Any, params: Params) -> tuple[Any, Any]:
    """(audit_logging, query_logging) from exported logs and parameters.

    Audit: MySQL/MariaDB/Oracle export the ``audit`` log; PostgreSQL logs connections or
    pgaudit sessions. Query logging: MySQL ``general_log``; PostgreSQL ``log_statement``
    all/mod, ``log_min_duration_statement`` 0, or pgaudit read/write classes — statement text
    written to the instance's logs whether exported or not.
    """
    if isinstance(engine, Unknown):
        return engine, engine
    family = engine_family(engine)
    exports = exports or []
    if isinstance(exports, Unknown):
        return exports, exports
    if family == "mysql":
        audit: Any = "audit" in exports
        query = parameter_on(params.get("general_log")) if params.get("general_log") is not None else False
        return audit, query
    if family == "postgres":
        pgaudit = params.get("pgaudit.log")
        connections = params.get("log_connections")
        for raw in (pgaudit, connections):
            if isinstance(raw, Unknown):
                return raw, raw
        audit = "postgresql" in exports and (
            (pgaudit not in (None, "none", ""))
            or (connections is not None and parameter_on(connections) is True)
        )
        statement = params.get("log_statement")
        duration = params.get("log_min_duration_statement")
        if isinstance(statement, Unknown) or isinstance(duration, Unknown):
            return audit, statement if isinstance(statement, Unknown) else duration
        classes = {c.strip().lower() for c in str(pgaudit or "").split(",")}
        query = (
            str(statement or "").lower() in ("all", "mod")
            or str(duration) == "0"
            or bool(classes & {"all", "read", "write"})
        )
        return audit, query
    if family == "oracle":
        return "audit" in exports, False
    return False, False


# ------------------------------------------------------------------------- instances
