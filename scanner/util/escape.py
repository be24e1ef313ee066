"""Untrusted text at the edge of each format family, escaped once, the way that family needs.

Every string a format prints may come from a hostile repository, statement or account:
resource names, quotes, messages holding attribute values, file paths, regions, reasons,
warnings. Each family has one helper here, and its renderer passes every such string
through it (never its own ad-hoc replacements):

* terminal text, GitHub annotations and JUnit: :func:`plain` (one printable line, controls
  shown escaped, shortened; a value never begins with ``::``, the start of a GitHub workflow
  command) and :func:`xml_text` (also drops what XML 1.0 forbids);
* Markdown (the CI summary, SARIF ``help.markdown``): :func:`md_text` shows the value as text,
  never as markup, links, HTML or table cells; :func:`md_code` puts it in a code span;
* JSON (the contract and SARIF): :func:`json_dumps` keeps every value exact, with the
  characters a terminal or viewer would act on written as ``\\uXXXX`` escapes.

HTML is Jinja2 with autoescaping (see ``formats/html.py``), plus :func:`plain` for controls.

It lives in ``util`` (the bottom layer) because both ``formats`` and ``drift`` print untrusted
text and neither may import the other; ``scanner.formats.escape`` names the same helpers.
"""

from __future__ import annotations

import json
import re
from html import escape as _html_escape
from typing import Any

from scanner.util.safetext import clean

# Caps per kind of value: long enough for any real sentence, message or address, short enough
# that a hostile 10 MB value cannot flood a terminal, a CI log or a pull-request comment.
TEXT_MAX = 1000
NAME_MAX = 300

# Lone surrogates (undecodable bytes) cannot be written as UTF-8 at all; XML 1.0 also forbids
# U+FFFE and U+FFFF.
_SURROGATE = re.compile("[\ud800-\udfff]")
_XML_FORBIDDEN = re.compile("[\ufffe\uffff]")
# What ``json.dumps(ensure_ascii=False)`` writes raw inside strings although a terminal or viewer
# acts on it: DEL, C1 controls, bidi overrides/isolates, line separators, BOM, and lone surrogates
# (undecodable bytes, which cannot even be written as UTF-8). C0 controls json escapes itself; a
# raw newline or tab in its output is the indentation, outside any string.
_JSON_RAW = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]")
# Markdown punctuation that starts markup anywhere in a line: emphasis, code, links and images
# (a link needs "["), tables, strikethrough. CommonMark takes a backslash before any ASCII
# punctuation as the literal character. ``&``, ``<`` and ``>`` become entities instead.
_MD_PUNCT = re.compile(r"([\\`*\[\]|~])")
# Underscores emphasise only at a word's edge: a run between two letters or digits
# ("retention_days") is text as written, any other run is escaped.
_MD_UNDERSCORES = re.compile(r"_+")
# What starts markup only at the start of a line: headings, lists, quotes, setext rules.
_MD_LEADING = re.compile(r"^(\s*)([#+=-]|\d+[.)])")


def _escape_char(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def plain(text: object, max_len: int | None = TEXT_MAX) -> str:
    """One printable line: controls escaped (``\\x1b``), shortened, and never starting a workflow command."""
    return defuse_command(_SURROGATE.sub(_escape_char, clean("" if text is None else text, max_len)))


def defuse_command(line: str) -> str:
    """``line`` with a leading ``::`` (after any indentation) shown as ``\x3a:``.

    GitHub's runner takes any log line that starts with ``::`` as a workflow command. A
    value cleaned to one line can still begin a line of output where the output is wrapped
    or where the value comes first, so every such line passes here.
    """
    stripped = line.lstrip()
    if stripped.startswith("::"):
        return line[: len(line) - len(stripped)] + "\\x3a" + stripped[1:]
    return line


def xml_text(text: object, max_len: int | None = TEXT_MAX) -> str:
    """:func:`plain`, and nothing XML 1.0 forbids (lone surrogates, U+FFFE, U+FFFF become ``\\uXXXX``)."""
    return _XML_FORBIDDEN.sub(_escape_char, plain(text, max_len))


def md_text(text: object, max_len: int | None = TEXT_MAX) -> str:
    """Text that Markdown (GitHub-flavoured, tables included) shows as written: no markup, no HTML."""
    value = _MD_PUNCT.sub(r"\\\1", _html_escape(plain(text, max_len), quote=False))
    value = _MD_UNDERSCORES.sub(_underscores, value)
    return _MD_LEADING.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], value)


def _underscores(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    inside_word = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return match.group(0) if inside_word else "\\_" * len(match.group(0))


def md_code(text: object, max_len: int | None = NAME_MAX, in_table: bool = True) -> str:
    """A code span holding ``text`` literally (a fence longer than any backtick run inside it).

    In a table a ``|`` would still end the cell, even inside a code span; GitHub-flavoured
    Markdown takes ``\\|`` there as a literal pipe.
    """
    value = plain(text, max_len)
    if not value:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or longest else ""
    if in_table:
        value = value.replace("|", "\\|")
    return f"{fence}{pad}{value}{pad}{fence}"


def json_dumps(data: Any) -> str:
    """JSON with every value exact; C1 controls, bidi overrides, line separators and lone surrogates escaped.

    ``json.dumps`` already escapes C0 controls; with ``ensure_ascii=False`` it writes the rest
    raw. Outside strings JSON holds only ASCII punctuation, digits and letters, so every such
    character is inside a string, where ``\\uXXXX`` means the same character.
    """
    return _JSON_RAW.sub(_escape_char, json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
