"""The escaping helpers of every format family; they live in :mod:`scanner.util.escape`.

``drift`` prints untrusted text too and must not import ``formats``, so the helpers sit in the
bottom layer; this module keeps the name formats and commands import them by.
"""

from __future__ import annotations

from scanner.util.escape import (
    NAME_MAX,
    TEXT_MAX,
    defuse_command,
    json_dumps,
    md_code,
    md_text,
    plain,
    xml_text,
)

__all__ = [
    "NAME_MAX",
    "TEXT_MAX",
    "defuse_command",
    "json_dumps",
    "md_code",
    "md_text",
    "plain",
    "xml_text",
]
