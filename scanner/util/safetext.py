"""Make untrusted text safe to print: no control characters, bounded length.

Values in a scanned repository (HCL strings, statement sentences, cloud tags) reach the
terminal, CI logs and report files. A raw newline lets an attacker start a line with a CI
workflow command (``::error file=…::``); ESC and BEL drive the terminal; other C0/C1 and
bidirectional-override characters make invalid XML or hide text. Every format and every
warning passes such text through :func:`clean` once, at the edge where it is printed.
"""

from __future__ import annotations

import re

# C0 controls (tab, newline and carriage return included: one printed value is one line),
# DEL, C1 controls, and the Unicode bidirectional overrides/isolates and line separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")

DEFAULT_MAX = 200


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in "\t\n\r\u2028\u2029":
        return " "
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def clean(text: object, max_len: int | None = DEFAULT_MAX) -> str:
    """``text`` as one printable line: controls shown escaped (``\\x1b``), whitespace folded to a
    space, cut to ``max_len`` characters with an ellipsis (``None``: no cut)."""
    value = _UNSAFE.sub(_visible, str(text))
    if max_len is not None and len(value) > max_len:
        return value[: max(max_len - 1, 0)] + "…"
    return value


def clean_block(text: object, max_len: int | None = None) -> str:
    """Like :func:`clean` but keeps newlines (and tabs), for multi-line text we write ourselves
    around untrusted parts that were cleaned already."""
    value = re.sub(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", _visible, str(text).replace("\r\n", "\n")
    )
    if max_len is not None and len(value) > max_len:
        return value[: max(max_len - 1, 0)] + "…"
    return value


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :func:`clean` would replace."""
    return _UNSAFE.search(text) is not None
