"""The lemmatiser's dictionary, read a few lines at a time instead of decoded whole at start-up.

simplemma ships each language's dictionary as one compressed, front-coded stream (Dutch: about
370,000 word forms) and decodes all of it on the first lookup: that took half of a whole
``privacy-scan extract`` run, to look up a few hundred words. So the first run writes the
dictionary to the extractor's cache (datacache.py) as a plain table: sorted ``form<TAB>lemma``
lines after one JSON line holding the SHA-256 of the table and the first form and byte offset of
each block of lines. A lookup then bisects to its block and reads those few lines only.

simplemma still does all the lemmatising (its rules, affixes and fallbacks); only the dictionary
it consults is this table, which holds exactly the entries of its own, so every lemma is the
one ``simplemma.lemmatize`` gives. An entry is named by the SHA-256 of simplemma's shipped file,
so an upgrade misses; a table whose digest, offsets or order do not check out is ignored and
rebuilt. With a simplemma whose dictionaries are laid out otherwise (before 2.0), or no usable
cache, :func:`lemmatize` is plain ``simplemma.lemmatize``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from scanner.extract.datacache import key, read, usable, write

FORMAT = 1
BLOCK = 32  # lines per block: a lookup reads at most this many
MAX_ENTRY_BYTES = 64 * 1024 * 1024


class Table(Mapping[str, str]):
    """Word form -> lemma over the sorted table of one cache entry (see the module docstring)."""

    def __init__(self, body: bytes, firsts: list[bytes], offsets: list[int], count: int) -> None:
        self._body = body
        self._firsts = firsts
        self._offsets = offsets
        self._count = count

    def get(self, form: str, default: Any = None) -> Any:  # type: ignore[override]
        wanted = form.encode("utf-8")
        if not wanted:  # the table has no empty form (encode refuses one); its blank last line is no entry
            return default
        block = bisect_right(self._firsts, wanted) - 1
        if block < 0:
            return default
        lines = self._body[self._offsets[block] : self._offsets[block + 1]]
        for line in lines.split(b"\n"):
            found, _, lemma = line.partition(b"\t")
            if found == wanted:
                return lemma.decode("utf-8")
        return default

    def __getitem__(self, form: str) -> str:
        value = self.get(form)
        if value is None:
            raise KeyError(form)
        return value

    def __iter__(self) -> Iterator[str]:
        for line in self._body.splitlines():
            yield line.partition(b"\t")[0].decode("utf-8")

    def __len__(self) -> int:
        return self._count


def _byte_pairs(entries: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    """The dictionary's entries as UTF-8 pairs, sorted by form (UTF-8 order is code point order)."""
    raw = getattr(entries, "_dict", None)  # simplemma 2's bytes dictionary behind its str view
    if type(raw) is dict:
        pairs = sorted(raw.items())
        if all(type(k) is bytes and type(v) is bytes for k, v in pairs[:1]):
            return pairs  # a str among bytes fails the sort, or the join in encode (TypeError)
    return sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in entries.items())


def _digest(count: int, firsts: list[str], offsets: list[int], body: bytes) -> str:
    """The SHA-256 of the whole table, its index included (a bad block index misleads lookups)."""
    digest = hashlib.sha256(json.dumps([count, firsts, offsets], separators=(",", ":")).encode("ascii"))
    digest.update(body)
    return digest.hexdigest()


def _increasing(values: list[Any]) -> bool:
    return all(a < b for a, b in itertools.pairwise(values))


def encode(entries: Mapping[str, str]) -> bytes | None:
    """The cache entry for a dictionary; None when a form or lemma would break the table's lines."""
    try:
        pairs = _byte_pairs(entries)
        lines = [form + b"\t" + lemma for form, lemma in pairs]
    except TypeError:  # not the dictionary this module knows
        return None
    blocks = [b"\n".join(lines[i : i + BLOCK]) + b"\n" for i in range(0, len(lines), BLOCK)]
    body = b"".join(blocks)
    # one tab and one line end per entry, no empty form: else the table cannot be read back
    if body.count(b"\t") != len(pairs) or body.count(b"\n") != len(pairs) or b"\r" in body:
        return None
    if pairs and not pairs[0][0]:  # sorted: an empty form would come first
        return None
    count = len(pairs)
    firsts = [pairs[i][0].decode("utf-8") for i in range(0, count, BLOCK)]
    offsets = [0, *itertools.accumulate(len(b) for b in blocks)]
    head = {
        "format": FORMAT,
        "count": count,
        "digest": _digest(count, firsts, offsets, body),
        "firsts": firsts,
        "offsets": offsets,
    }
    return json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + body


def decode(blob: bytes) -> Table | None:
    """The table of a cache entry, or None when it is not one :func:`encode` wrote."""
    head_text, newline, body = blob.partition(b"\n")
    try:
        head = json.loads(head_text.decode("ascii")) if newline else None
    except (ValueError, RecursionError):
        return None
    if type(head) is not dict or head.get("format") != FORMAT:
        return None
    count, digest, firsts, offsets = (head.get(k) for k in ("count", "digest", "firsts", "offsets"))
    if (
        type(count) is not int
        or type(digest) is not str
        or type(firsts) is not list
        or type(offsets) is not list
        or not all(type(f) is str for f in firsts)
        or not all(type(o) is int for o in offsets)
        or len(offsets) != len(firsts) + 1
        or len(firsts) != -(-count // BLOCK)
        or (offsets and (offsets[0] != 0 or offsets[-1] != len(body)))
        or not _increasing(offsets)
        or _digest(count, firsts, offsets, body) != digest
    ):
        return None
    try:
        keys = [f.encode("utf-8") for f in firsts]
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return None
    if not _increasing(keys):
        return None
    return Table(body, keys, offsets, count)


@functools.cache
def _shipped(lang: str) -> Path | None:
    """simplemma's own file for ``lang`` when it is laid out as this module expects (2.x)."""
    if not (lang.isascii() and lang.isalpha()):  # a language code names a file here
        return None
    try:
        import simplemma
        from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER
    except ImportError:
        return None
    if not str(getattr(simplemma, "__version__", "")).startswith("2."):
        return None
    path = Path(DATA_FOLDER) / f"{lang}.plzma"
    return path if path.is_file() else None


@functools.cache
def table(lang: str) -> Mapping[str, str] | None:
    """The dictionary of ``lang`` as a cached :class:`Table`; None: use simplemma as shipped."""
    shipped = _shipped(lang)
    if shipped is None or not usable():  # without a cache, a table would cost more than it saves
        return None
    import simplemma
    from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

    name = f"lemmas-{lang}-{key('lemmas', lang, simplemma.__version__, shipped.read_bytes())}.txt"
    blob = read(name, MAX_ENTRY_BYTES)
    found = decode(blob) if blob is not None else None
    if found is not None:
        return found
    full = DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)  # decodes the whole stream, once
    blob = encode(full)
    if blob is None:
        return full
    write(name, blob, replaces=f"lemmas-{lang}-")  # a table of an older simplemma is 9 MB of nothing
    return decode(blob) or full


class _Factory:
    """simplemma's ``DictionaryFactory``: the cached table, else simplemma's own dictionary."""

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        found = table(lang)
        if found is not None:
            return found
        from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

        return DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)


@functools.cache
def _lemmatizer() -> Any:
    """simplemma's default lemmatiser (as ``simplemma.lemmatize`` builds it) over the cached tables."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_Factory()))


def lemmatize(token: str, lang: str) -> str:
    """``simplemma.lemmatize(token, lang=lang)``, without decoding the whole dictionary first."""
    if _shipped(lang) is None:
        try:
            import simplemma
        except ImportError:  # pragma: no cover - a broken install; matching on the surface still works
            return token
        return simplemma.lemmatize(token, lang=lang)
    return _lemmatizer().lemmatize(token, lang)
