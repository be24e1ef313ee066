"""Inline suppression comments in ``.tf`` files, found by position relative to a resource block.

A comment applies to a resource when it is on the comment lines directly above the
block's first line (no blank line in between) or inside the block (from its first
line to the line where its braces balance, or the next ``}`` in column one, as
``terraform fmt`` writes it), so a one-line block never borrows the comment of the
block after it. Files are read only when a finding points into them,
and each at most once per run, so suppressions cost nothing on a clean tree.

Grammar (``#`` or ``//`` comments)::

    privacy-scan:ignore <check-id>[,<check-id>...] reason="<text>" [expires=YYYY-MM-DD]

Anything else after ``privacy-scan:`` is an error naming file and line, so a typo
never silently fails to suppress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scanner.suppressions.model import CHECK_ID, Suppression, parse_date
from scanner.util.confined import ConfinementError, read_bytes_capped
from scanner.util.yamlfile import InputError

MARKER = re.compile(r"(?:#|//|/\*)\s*privacy-scan\s*:\s*(?P<directive>[A-Za-z_-]*)(?P<rest>.*)$")
PAIR = re.compile(r'\s*(?P<key>[A-Za-z_]+)\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s"]+))')
# "privacy-scan ignore", "privacy-scan-ignore": meant as a directive, would silently suppress nothing
NO_COLON = re.compile(r"(?:#|//|/\*)\s*privacy-scan(?!\s*:)[\s_-]*ignore\b", re.IGNORECASE)
COMMENT = re.compile(r"^\s*(#|//)")
BLOCK_END = re.compile(r"^\}\s*$")
HEREDOC = re.compile(r"<<-?\s*([A-Za-z_]\w*)\s*$")


def parse_directive(text: str, where: str) -> Suppression | None:
    """The suppression on one source line, None if the line has none; InputError if malformed."""
    m = MARKER.search(text)
    if not m:
        if NO_COLON.search(text):
            raise InputError(
                f'{where}: malformed suppression: write privacy-scan:ignore <check-id> reason="..." '
                "(with a colon)"
            )
        return None
    rest = m.group("rest").strip()
    if rest.endswith("*/"):
        rest = rest[:-2].rstrip()
    if m.group("directive") != "ignore":
        raise InputError(
            f"{where}: malformed suppression: unknown directive "
            f"'privacy-scan:{m.group('directive')}' (expected privacy-scan:ignore <check-id> reason=\"...\")"
        )
    head, _, tail = rest.partition(" ")
    ids = tuple(i for i in head.split(",") if i)
    if not ids or "=" in head:
        raise InputError(
            f'{where}: malformed suppression: name the check, privacy-scan:ignore <check-id> reason="..."'
        )
    for cid in ids:
        if not CHECK_ID.match(cid):
            raise InputError(f"{where}: malformed suppression: {cid!r} is not a check id")
    values: dict[str, str] = {}
    pos = 0
    while pos < len(tail):
        if not tail[pos:].strip():
            break
        pm = PAIR.match(tail, pos)
        if not pm:
            raise InputError(
                f"{where}: malformed suppression: cannot read {tail[pos:].strip()!r} "
                '(expected reason="..." and optionally expires=YYYY-MM-DD)'
            )
        key = pm.group("key")
        if key not in ("reason", "expires"):
            raise InputError(f"{where}: malformed suppression: unknown field {key!r} (reason, expires)")
        if key in values:
            raise InputError(f"{where}: malformed suppression: {key} is given twice")
        value = pm.group("quoted") if pm.group("quoted") is not None else pm.group("bare")
        values[key] = value.replace('\\"', '"')
        pos = pm.end()
    reason = values.get("reason", "").strip()
    if not reason:
        raise InputError(
            f'{where}: malformed suppression of {",".join(ids)}: a reason is required (reason="...")'
        )
    expires = None
    if "expires" in values:
        expires = parse_date(values["expires"])
        if expires is None:
            raise InputError(
                f"{where}: malformed suppression: expires={values['expires']} is not a date (YYYY-MM-DD)"
            )
    return Suppression(check_ids=ids, reason=reason, expires=expires, source=where, kind="inline")


@dataclass
class _FileIndex:
    lines: list[str]
    directives: dict[int, Suppression]  # 1-based line -> suppression


@dataclass
class InlineIndex:
    """Reads ``.tf`` files on demand and answers: which suppressions cover the block at file:line?"""

    base_dirs: list[Path] = field(default_factory=lambda: [Path(".")])
    _files: dict[str, _FileIndex | None] = field(default_factory=dict)

    def _resolve(self, file: str) -> Path | None:
        p = Path(file)
        if p.is_absolute():
            return p if p.is_file() else None
        for base in self.base_dirs:
            candidate = base / p
            if candidate.is_file():
                return candidate
        return None

    def _index(self, file: str) -> _FileIndex | None:
        if file not in self._files:
            # Comments live in .tf files only: a finding on a plan JSON names the plan, which is
            # not read again (it may be large), and a FIFO or device is never opened.
            path = self._resolve(file) if file.endswith(".tf") else None
            idx = None
            if path is not None:
                try:
                    lines = read_bytes_capped(path).decode("utf-8").splitlines()
                except (ConfinementError, UnicodeDecodeError):
                    lines = None  # the loader has reported it; nothing to suppress from
                if lines is not None:
                    directives = {}
                    for n, text in enumerate(lines, start=1):
                        if "privacy-scan" in text:
                            s = parse_directive(text, f"{file}:{n}")
                            if s is not None:
                                directives[n] = s
                    idx = _FileIndex(lines, directives)
            self._files[file] = idx
        return self._files[file]

    def read(self, file: str | None) -> None:
        """Read and validate ``file``'s suppression comments now (a malformed one raises InputError)."""
        if file:
            self._index(file)

    def all(self) -> list[Suppression]:
        """Every suppression in the files read so far (to warn about unknown check ids)."""
        return [s for idx in self._files.values() if idx for s in idx.directives.values()]

    def covering(self, file: str | None, line: int | None) -> list[Suppression]:
        """Suppressions above or inside the block starting at ``file:line``."""
        if not file or not line:
            return []
        idx = self._index(file)
        if idx is None or not idx.directives:
            return []
        out = []
        n = line - 1
        while n >= 1 and COMMENT.match(idx.lines[n - 1]):
            if n in idx.directives:
                out.append(idx.directives[n])
            n -= 1
        depth, opened, heredoc = 0, False, None
        for n in range(line, len(idx.lines) + 1):
            if n in idx.directives:
                out.append(idx.directives[n])
            text = idx.lines[n - 1]
            if heredoc is not None:  # a policy document's braces are not the block's
                heredoc = None if text.strip() == heredoc else heredoc
                continue
            if n > line and BLOCK_END.match(text):
                break
            if COMMENT.match(text):
                continue
            opener = HEREDOC.search(text)
            if opener:
                heredoc, text = opener.group(1), text[: opener.start()]
            depth += text.count("{") - text.count("}")
            opened = opened or "{" in text
            if opened and depth <= 0:
                break  # the braces balance: a one-line block, or one not laid out by terraform fmt
        return out
