"""Tables that fit the terminal: columns shrink and wrap, and each row's long text goes under it.

A table whose last column holds a sentence ("why") is as wide as its longest sentence,
about 250 characters on the shipped example. Here the short columns are laid out side
by side and fitted to the width, and the sentence is wrapped on indented lines under its
row, so nothing runs off an 80- or 100-column terminal or a CI log.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

from scanner.formats.escape import defuse_command

DEFAULT_WIDTH = 100
MIN_WIDTH = 40
_GAP = "  "


def terminal_width() -> int:
    """``COLUMNS`` when set, else the terminal's width, else 100 (output to a pipe or a file)."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` wrapped to ``width`` columns (long words broken, hyphens kept whole).

    Wrapping makes new line starts inside a value, so each line is defused again: no wrapped
    line begins with ``::`` (a GitHub workflow command).
    """
    lines = textwrap.wrap(
        text,
        width=max(width, len(indent) + 10),
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    return [defuse_command(line) for line in lines]


def _fit(widths: list[int], floors: list[int], available: int) -> list[int]:
    """Shrink the widest columns, one character at a time, until the row fits (or all are at their floor)."""
    widths = list(widths)
    while sum(widths) > available:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def wrapped_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    notes: Sequence[str] | None = None,
    width: int | None = None,
    indent: int = 2,
    spill: int | None = None,
) -> list[str]:
    """Lines of a table fitted to ``width``; ``notes[i]`` is wrapped under row ``i``, aligned with column 2.

    When the columns do not fit side by side, column ``spill`` (e.g. a long file path) leaves
    the row and opens its note instead ("at infra/main.tf:3"), before any column is wrapped.
    """
    width = width or terminal_width()
    if spill is not None and _natural_width(headers, rows, indent) > width:
        label = headers[spill]
        notes = [
            "\n".join(x for x in (f"{label}: {r[spill]}" if r[spill] else "", notes[i] if notes else "") if x)
            for i, r in enumerate(rows)
        ]
        headers = [h for i, h in enumerate(headers) if i != spill]
        rows = [[c for i, c in enumerate(r) if i != spill] for r in rows]
    n = len(headers)
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    floors = [min(natural[i], max(len(h), 8)) for i, h in enumerate(headers)]
    available = width - indent - len(_GAP) * (n - 1)
    widths = _fit(natural, floors, available)
    pad = " " * indent

    def line(cells: Sequence[str]) -> list[str]:
        wrapped = [wrap(c, widths[i]) if c else [""] for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = [(w[k] if k < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped)]
            out.append((pad + _GAP.join(parts)).rstrip())
        return out

    out = line(headers)
    out.append(pad + _GAP.join("-" * w for w in widths))
    note_indent = " " * (indent + (widths[0] + len(_GAP) if n > 1 else 2))
    for i, row in enumerate(rows):
        out.extend(line(row))
        if notes and notes[i]:
            out.extend(ln for part in notes[i].split("\n") for ln in wrap(part, width, note_indent))
    return out


def _natural_width(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: int) -> int:
    cols = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    return indent + sum(cols) + len(_GAP) * (len(cols) - 1)
