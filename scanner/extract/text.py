"""Statement text: decoding, HTML and Markdown to plain units, sentence splitting, language.

Every promise quotes one sentence and names the line where it starts, so a
finding can point the reader at the statement itself. Everything here therefore
keeps the original file's line numbers: HTML tags and Markdown markup are
removed line by line (or token by token, with the parser's own positions), never
by re-flowing the file first.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from scanner.util.yamlfile import InputError

# A privacy statement, even as a full HTML page, is well under this; the cap keeps an extraction
# (linear in the size) within seconds on any input.
MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Sentence:
    """One sentence: whitespace-normalised text, 1-based start line, and its paragraph."""

    text: str
    line: int
    block: int  # index of the paragraph/list item/heading it belongs to
    index: int = 0  # position in the document, to order sentences that share a line
    kind: str = "text"  # "text" | "heading" | "item" (list item, label: value line) | "row" (table row)
    # What the sentence stands under: its heading, the lead-in of its list ("We keep:"), the header
    # of its table. A heading is never a promise, but it tells an item what it is about.
    context: str = ""
    # for a list item: the question its list answers ("Wie heeft toegang tot je dossier?")
    question: str = ""


# --------------------------------------------------------------------------- decoding


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes to text; returns (text, warnings). Raises InputError for empty or binary input.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Older
    Dutch sites still publish Windows-1252; that is accepted with a warning
    rather than refused, because the alternative is that the user re-encodes by
    hand. Bytes that are not text in either encoding are refused.
    """
    if len(data) > MAX_BYTES:
        raise InputError(
            f"statement {name} is larger than {MAX_BYTES} bytes ({len(data)} bytes); is it really a privacy statement?"
        )
    if not data.strip():
        raise InputError(f"statement {name} is empty")
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                f"statement {name} has a UTF-16 byte-order mark but is not valid UTF-16"
            ) from None
    else:
        if b"\x00" in data:
            raise InputError(f"statement {name} is a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise InputError(
                    f"statement {name} cannot be decoded as text (byte 0x{data[exc.start]:02x} at offset {exc.start} "
                    "is neither UTF-8 nor Windows-1252); save it as UTF-8"
                ) from None
            warnings.append(f"statement {name} is not UTF-8; it was read as Windows-1252")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise InputError(
            f"statement {name} looks like a binary file ({controls} control characters), not text"
        )
    if not text.strip():
        raise InputError(f"statement {name} is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def detect_format(text: str, name: str) -> str:
    """``html``, ``markdown`` or ``text``: by file name first, then by a look at the start."""
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|p|div|h[1-6])[\s>]", head):
        return "html"
    return "text"


# --------------------------------------------------------------------------- units

# A unit is a paragraph, a list item, a table row or a heading: sentences never cross units.
Piece = tuple[int, str]  # (line, text)
Unit = list[Piece]


@dataclass
class Block:
    """A unit and what it is: its kind decides how it is read and what context it passes on."""

    kind: str  # "text" | "heading" | "item" | "row" | "header-row"
    pieces: Unit


# Between table cells: always ends a sentence, never part of a quote.
CELL_BREAK = "\x1e"
# Between the cells of one table row: the row is one sentence ("Server logs | 90 days").
CELL_JOIN = " | "

NEGATING_MARKER = re.compile(r"^\s*([×✗✘❌])\s+")
LIST_MARKER = re.compile(r"^\s*(?:[-*+•·–—▪◦×✓✔✗✘o]|\d+(?:\.\d+)*[.)]|[a-z][.)])\s+")
# "Server logs: 30 days", "Backups — 35 days": a short label, then its value, on one line.
LABEL_LINE = re.compile(r"^\s*[^\s:|][^:|.!?]{0,48}?(?::\s|\s[—–]\s)\s*\S")
_TERMINAL = ".!?:;,"
# A plain-text table row: "Tax returns | 7 years |"
_NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*[.)]?\s+\S")
_TEXT_ROW = re.compile(r"\S\s+\|\s+\S")


_DECORATION = re.compile(r"^\s*(?://+|#+|=+|\*+)\s*|\s*(?:=+|#+|\*+)\s*$")


_EXPLAINED_TITLE = re.compile(r"^([^()]{3,60}?)\s*\([^()]{0,160}\)$")


def _is_heading_line(lines: list[str], i: int) -> bool:
    """A short line without closing punctuation that starts a block and is followed by text,
    or one that stands right above a list ("5. Retention periods" / "// HOW LONG WE KEEP IT")."""
    line = _DECORATION.sub("", lines[i]).strip()
    # "Access control (rights to read and change data)": a short title explained in brackets
    titled = _EXPLAINED_TITLE.match(line)
    if titled and len(titled.group(1).split()) <= 5:
        line = titled.group(1)
    if not line or len(line) > 70 or line[-1] in ".,;:!?-(":
        return False
    if LABEL_LINE.match(line) or "|" in line or not (line[0].isupper() or line[0].isdigit()):
        return False
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if i + 1 < len(lines) and not nxt and i + 2 < len(lines):
        nxt = lines[i + 2].strip()
    if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or LIST_MARKER.match(nxt) or nxt[0] == "|"):
        return False
    if i > 0 and lines[i - 1].strip():
        # inside a block only a line in capitals, or one above a list, label line or table
        below = LIST_MARKER.match(nxt) or LABEL_LINE.match(nxt) or "|" in nxt
        return bool(below) and (line.isupper() or len(line.split()) <= 6)
    return True


class _TableRule(str):
    """The separator line under a Markdown table's header row."""


def _text_units(lines: list[str], clean=None) -> list[Block]:
    """Blank lines end units; list items, label lines, table rows and headings are units of their own."""
    units: list[Block] = []
    current: Unit = []
    kind = "text"

    def flush() -> None:
        nonlocal current, kind
        if any(t.strip() for _, t in current):
            units.append(Block(kind, current))
        current = []
        kind = "text"

    for i, raw in enumerate(lines):
        lineno = i + 1
        text = clean(raw) if clean else raw
        if isinstance(text, _TableRule):
            flush()
            if units and units[-1].kind == "row":
                units[-1].kind = "header-row"
            continue
        if text is None:  # markup-only line (fence, rule): ends the unit
            flush()
            continue
        if not text.strip():
            flush()
            continue
        if getattr(text, "is_row", False):
            flush()
            kind = "row"
            current.append((lineno, str(text) + "\n"))
            flush()
            continue
        if clean is None and _TEXT_ROW.search(text):
            flush()
            kind = "row"
            current.append(
                (
                    lineno,
                    CELL_JOIN.join(c.strip() for c in text.strip().strip("|").split("|") if c.strip()) + "\n",
                )
            )
            flush()
            continue
        marker = LIST_MARKER.match(text)
        if marker and _NUMBERED.match(text) and _is_heading_line(lines, i) and len(text.split()) <= 6:
            flush()
            kind = "heading"
            current.append((lineno, text[marker.end() :].strip() + "\n"))
            flush()
            continue
        if marker:
            flush()
            kind = "item"
            # a cross ("× Track you", "✗ Sell your data") says the item is NOT done: it stays in the
            # item's text (the quote is still a substring of the line), where it reads as a negation
            keep = NEGATING_MARKER.match(text)
            current.append((lineno, text[keep.start(1) if keep else marker.end() :] + "\n"))
            continue
        if getattr(text, "is_heading", False) or _is_heading_line(lines, i):
            flush()
            kind = "heading"
            current.append((lineno, _DECORATION.sub("", text).strip() + "\n"))
            flush()
            continue
        if kind == "item" and _title_line(text) and i + 1 < len(lines) and lines[i + 1].strip()[:1].isupper():
            # a heading that lost its markup right under a list item ("Field-Level Encryption"):
            # it ends the item instead of running on into it
            flush()
            kind = "heading"
            current.append((lineno, text.strip() + "\n"))
            flush()
            continue
        if LABEL_LINE.match(text) and (not current or kind == "item" or _ends_line(current[-1][1])):
            flush()
            kind = "item"
        elif current and _short_unpunctuated(current[-1][1]) and text.strip()[:1].isupper():
            flush()  # a list written as short lines without markers: each line stands alone
        current.append((lineno, text + "\n"))
    flush()
    return units


def _title_line(line: str) -> bool:
    """A short line in title case without closing punctuation: "Field-Level Encryption"."""
    tail = line.rstrip()
    words = tail.split()
    return (
        2 <= len(words) <= 6
        and len(tail) < 60
        and tail[-1] not in _TERMINAL + "-("
        and all(w[0].isupper() or w[0].isdigit() for w in words)
    )


def _ends_line(previous: str) -> bool:
    """Whether the previous line ended a statement (so a label line after it starts a new item)."""
    tail = previous.rstrip()
    return not tail or tail[-1] in _TERMINAL or _short_unpunctuated(previous)


def _short_unpunctuated(line: str) -> bool:
    tail = line.rstrip()
    return bool(tail) and len(tail) < 60 and tail[-1] not in _TERMINAL + "-(" and not tail[-1].islower()


class _Heading(str):
    """A cleaned Markdown line that was a heading (``# ...``)."""

    is_heading = True


class _Row(str):
    """A cleaned Markdown table row: its cells joined by CELL_JOIN."""

    is_row = True


# Every repeat is bounded and no class can run past the bracket that would close it, so a
# hostile line ("[[[[...(" or "**********") costs linear time, not quadratic.
_MD_INLINE = [
    (re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)"), r"\1"),  # images
    (re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\n]{0,2000}\)"), r"\1"),  # links
    (re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,200}\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^<>\s]{1,2000})>"), r"\1"),  # autolinks
    (re.compile(r"</?[a-zA-Z][^<>\n]{0,500}>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)([^*_\n]{1,500}?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?![\s*_])([^*_\n]{1,500}?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`\n]{0,2000})`"), r"\1"),  # code
]


_MD_TABLE_RULE = re.compile(r"\|?[\s:|-]+\|?")
_MD_RULE = re.compile(r"[-*_=\s]{3,}")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_QUOTE = re.compile(r"^\s*(>\s*)+")
_MD_MARKUP = re.compile(r"[\[\]<>*_`!]")


def _markdown_cleaner():
    """A line cleaner that remembers whether it is inside a code fence or front matter."""
    state = {"fence": False, "front": None}

    def clean(raw: str) -> str | None:
        stripped = raw.strip()
        if state["front"] is None:
            state["front"] = stripped == "---"
            if state["front"]:
                return None
        elif state["front"]:
            if stripped in ("---", "..."):
                state["front"] = False
            return None
        if stripped.startswith(("```", "~~~")):
            state["fence"] = not state["fence"]
            return None
        if state["fence"]:
            return None
        if _MD_TABLE_RULE.fullmatch(stripped) and "-" in stripped and "|" in stripped:
            return _TableRule(stripped)
        if _MD_RULE.fullmatch(stripped):
            return None  # horizontal rule, setext underline
        text = raw
        heading = _MD_HEADING.match(text)
        if heading:
            text = heading.group(1)
        text = _MD_QUOTE.sub("", text)
        row = text.strip().startswith("|")
        if _MD_MARKUP.search(text):  # most lines have no inline markup at all
            for pattern, repl in _MD_INLINE:
                text = pattern.sub(repl, text)
        if row:  # table row: one sentence, its cells joined
            return _Row(CELL_JOIN.join(c.strip() for c in text.strip().strip("|").split("|") if c.strip()))
        return _Heading(text) if heading else text

    return clean


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "td", "th", "thead", "tbody", "section", "article", "header", "footer", "main",
    "aside", "nav", "blockquote", "pre", "hr", "address", "figure", "figcaption", "form", "body", "html",
    "details", "summary",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg", "title", "iframe", "object"}


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CELLS = {"td", "th"}


class _HTMLUnits(HTMLParser):
    """Collect text pieces with their original line numbers; block tags end units.

    Headings, list items and table rows keep their kind: a row is one unit whose cells
    are joined (``label | value``), a row of ``th`` cells is the table's header.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[Block] = []
        self.current: Unit = []
        self.kind = "text"
        self.skip = 0
        self.in_row = False
        self.row_has_td = False
        self.cells = 0

    def _flush(self) -> None:
        if any(t.strip() for _, t in self.current):
            kind = self.kind
            if kind == "row" and not self.row_has_td:
                kind = "header-row"
            self.units.append(Block(kind, self.current))
        self.current = []
        self.kind = "row" if self.in_row else "text"

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.in_row, self.row_has_td, self.cells = True, False, 0
            self.kind = "row"
        elif tag in _CELLS and self.in_row:
            self.row_has_td = self.row_has_td or tag == "td"
            if self.cells and any(t.strip() for _, t in self.current):
                self.current.append((self.getpos()[0], CELL_JOIN))
            self.cells += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag in _HEADINGS:
                self.kind = "heading"
            elif tag in ("li", "dt", "dd"):
                self.kind = "item"

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS and not self.in_row:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in ("tr", "table"):
            self._flush()
            self.in_row = False
            self.kind = "text"
        elif tag in _CELLS and self.in_row:
            return
        elif tag in _BLOCK_TAGS and not self.in_row:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        line = self.getpos()[0]
        for offset, part in enumerate(data.split("\n")):
            self.current.append((line + offset, part + " " if offset < data.count("\n") else part))

    def close(self) -> None:
        super().close()
        self._flush()


def units_of(text: str, fmt: str) -> list[Block]:
    """Split a decoded statement into units of (line, text) pieces, each with its kind."""
    if fmt == "html":
        parser = _HTMLUnits()
        parser.feed(text)
        parser.close()
        return parser.units
    lines = text.split("\n")
    if fmt == "markdown":
        return _text_units(lines, _markdown_cleaner())
    return _text_units(lines)


# --------------------------------------------------------------------------- sentences

# Abbreviations after which a full stop never ends a sentence, even before a capital.
ABBREVIATIONS = {
    "bijv.", "bv.", "bijvoorbeeld.", "o.a.", "art.", "artt.", "m.b.t.", "d.w.z.", "incl.", "excl.", "e.g.",
    "i.e.", "t.b.v.", "i.v.m.", "o.b.v.", "m.u.v.", "t.a.v.", "z.g.a.n.", "zgn.", "zg.", "nr.", "no.",
    "ca.", "c.q.", "resp.", "evt.", "vgl.", "cf.", "mr.", "mw.", "mevr.", "dhr.", "dr.", "prof.", "ir.",
    "ing.", "drs.", "st.", "vs.", "max.", "min.", "tel.", "fig.", "p.", "pp.", "par.", "lid.", "sec.",
    "a.u.b.", "s.v.p.", "jl.", "e.a.", "e.d.", "o.m.", "m.i.v.", "v.a.", "i.p.v.", "a.s.", "t/m.",
}  # fmt: skip

_TERMINATOR = re.compile(
    r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s|$|\x1e)|\x1e|" + r"(?<=\S):\s?[-–•](?=\s+[A-Z])"
)
# the last alternative: a list flattened into one line ("the following layer:- Field encryption is
# used ..."): the colon ends the lead-in and the item starts after its marker
_OPENERS = "\"'“‘([¿¡"


_LAST_TOKEN = re.compile(r"(\S+)$")
_NEXT_CHAR = re.compile(r"\s*(\S)")


# company forms written with full stops; a bracket after one still belongs to the company
_COMPANY_FORMS = frozenset(
    {"b.v.", "n.v.", "v.o.f.", "ltd.", "inc.", "co.", "corp.", "s.a.", "s.r.l.", "a.g.", "gmbh."}
)


def _ends_sentence(unit_text: str, end: int, period_at: int) -> bool:
    if unit_text[period_at] == CELL_BREAK or unit_text[end : end + 1] == CELL_BREAK:
        return True
    # Only a short window either side is looked at, so a unit with thousands of full stops
    # is split in linear time.
    following = _NEXT_CHAR.match(unit_text, end)
    if not following:
        return True
    nxt = following.group(1)
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if unit_text[period_at] != ".":
        return True
    head = unit_text[max(0, period_at - 40) : period_at + 1]
    word = _LAST_TOKEN.search(head).group(1).lstrip(_OPENERS)
    if word.lower() in ABBREVIATIONS:
        return False
    if re.fullmatch(r"[^\W\d_]\.", word.lower()):  # an initial: "J. Jansen"
        return False
    if nxt in _OPENERS and word.lower() in _COMPANY_FORMS:
        return False  # "Parkeerbeheer Oost B.V. (Deventer)": the bracket belongs to the name
    # lower-case dotted abbreviations (d.w.z., o.a.) never end a sentence; "B.V." and "U.S." may
    return not (re.fullmatch(r"(?:[a-z]{1,3}\.){2,}", word))


def split_sentences(unit: Unit, block: int, kind: str = "text", context: str = "") -> list[Sentence]:
    """Sentences of one unit, each with the line where it starts."""
    starts: list[int] = []
    lines: list[int] = []
    parts: list[str] = []
    size = 0
    for lineno, piece in unit:
        starts.append(size)
        lines.append(lineno)
        parts.append(piece)
        size += len(piece)
    text = "".join(parts)
    out: list[Sentence] = []
    begin = 0
    for m in _TERMINATOR.finditer(text):
        if text[m.start()] == ":":  # an inline list: the lead-in keeps its colon, not the marker
            out.extend(_sentence(text, begin, m.start() + 1, starts, lines, block))
            begin = m.end()
            continue
        if _ends_sentence(text, m.end(), m.start()):
            out.extend(_sentence(text, begin, m.end(), starts, lines, block))
            begin = m.end()
    out.extend(_sentence(text, begin, len(text), starts, lines, block))
    return [Sentence(s.text, s.line, s.block, 0, kind, context) for s in out]


def _sentence(
    text: str, begin: int, end: int, starts: list[int], lines: list[int], block: int
) -> list[Sentence]:
    chunk = text[begin:end].replace(CELL_BREAK, " ")
    normalised = " ".join(chunk.split())
    if not normalised:
        return []
    first = begin + (len(chunk) - len(chunk.lstrip()))
    line = lines[bisect.bisect_right(starts, first) - 1]
    return [Sentence(text=normalised, line=line, block=block)]


def sentences_of(text: str, fmt: str) -> list[Sentence]:
    """The statement's sentences in order, each with its kind and the context it stands under."""
    out: list[Sentence] = []
    heading = ""
    lead_in = ""
    header = ""
    question = ""
    for block, unit in enumerate(units_of(text, fmt)):
        joined = " ".join(" ".join(t for _, t in unit.pieces).split())
        if unit.kind == "heading":
            heading, lead_in, header = joined[:200], "", ""
        elif unit.kind == "header-row":
            header = joined[:200]
        context = " ".join(c for c in (heading, lead_in, header) if c)
        if unit.kind in ("item", "row"):
            kind = "item" if unit.kind == "item" else "row"
        else:
            kind = "heading" if unit.kind in ("heading", "header-row") else "text"
        out.extend(
            dataclasses.replace(s, question=question) if question and kind == "item" else s
            for s in split_sentences(unit.pieces, block, kind, context)
        )
        if unit.kind == "text":
            # "We keep these periods:" leads in the items that follow; a paragraph without a
            # colon ends the list it led in.
            lead_in = joined[-200:] if joined.endswith(":") else ""
            header = ""
        # "Who has access to your file?", as a paragraph or as a numbered item of an FAQ, is
        # the question the items below it answer; kept apart from the context, which tells
        # an item what kind of data it is about
        if unit.kind == "heading" or (unit.kind == "text" and not joined.endswith("?")):
            question = ""
        elif unit.kind in ("text", "item") and joined.endswith("?"):
            question = joined[-200:]
    return [dataclasses.replace(s, index=i) for i, s in enumerate(out)]


# --------------------------------------------------------------------------- language

_NL_WORDS = set(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "wij",
        "jouw",
        "uw",
        "niet",
        "zijn",
        "worden",
        "wordt",
        "voor",
        "met",
        "op",
        "dat",
        "die",
        "je",
        "ons",
        "onze",
        "gegevens",
        "deze",
        "bij",
        "als",
        "ook",
        "naar",
        "om",
        "aan",
        "te",
        "kunnen",
        "hebben",
        "zich",
        "dan",
        "tot",
        "door",
        "of",
    ]
)
_EN_WORDS = set(
    [
        "the",
        "and",
        "of",
        "to",
        "our",
        "your",
        "is",
        "are",
        "not",
        "for",
        "with",
        "that",
        "this",
        "be",
        "by",
        "you",
        "us",
        "data",
        "will",
        "any",
        "when",
        "which",
        "from",
        "or",
        "as",
        "have",
        "has",
        "it",
    ]
)


def detect_language(text: str) -> str:
    """``nl`` or ``en``, by counting frequent function words of each language."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    nl = sum(1 for w in words if w in _NL_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    return "nl" if nl > en else "en"
