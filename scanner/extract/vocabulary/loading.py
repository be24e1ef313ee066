"""Reading a vocabulary file: its YAML, and the text each expression requires, cached as JSON.

Parsing the YAML and reading every expression's syntax tree (prefilter.py) took longer than
extracting a statement, and both depend on nothing but the file's text. So the result is kept
in the extractor's cache (datacache.py) under the SHA-256 of that text: a cached entry holds
the YAML's data as JSON and, per ``match`` expression, its required literals.

Nothing in an entry is taken on trust: every field the vocabulary reads is type-checked, every
``match`` expression of the data must have its literals, and anything else makes the entry a
miss, rebuilt from the YAML. Data that JSON would not give back unchanged (a date, an integer
key) is simply not cached.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import yaml

from scanner.extract.datacache import key, read, write
from scanner.extract.prefilter import literals_of

FLAGS = re.IGNORECASE  # every vocabulary expression is matched case-insensitively
MAX_ENTRY_BYTES = 4 * 1024 * 1024
_LISTS = ("entries", "not_promises")
_TEXT_LISTS = ("examples", "counter_examples")

Literals = dict[str, "frozenset[str] | None"]


def load(filename: str) -> tuple[dict[str, Any], Literals]:
    """The data of vocabulary file ``filename`` and the literals of each of its ``match`` expressions."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    name = f"vocabulary-{key(filename, text)}.json"
    blob = read(name, MAX_ENTRY_BYTES)
    if blob is not None:
        found = decode(blob)
        if found is not None:
            return found
    data = yaml.safe_load(text) or {}
    literals = {source: literals_of(source, FLAGS) for source in expressions(data)}
    encoded = encode(data, literals)
    if encoded is not None:
        write(name, encoded)
    return data, literals


def match_sources(entry: dict[str, Any]) -> list[str]:
    """An entry's ``match``: one expression or a list of them."""
    raw = entry.get("match")
    if not raw:
        return []
    return [raw] if isinstance(raw, str) else list(raw)


def expressions(data: dict[str, Any]) -> list[str]:
    """Every ``match`` expression of the entries and not-promise wordings, in order."""
    return [p for kind in _LISTS for e in data.get(kind) or [] for p in match_sources(e)]


def encode(data: Any, literals: Literals) -> bytes | None:
    """The entry for ``data`` and its literals; None when JSON would not give ``data`` back unchanged."""
    try:
        text = json.dumps(
            {
                "data": data,
                "literals": {k: sorted(v) if v is not None else None for k, v in literals.items()},
            },
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        )
    except (TypeError, ValueError):
        return None
    if json.loads(text)["data"] != data:  # an integer key would come back as a string
        return None
    return text.encode("utf-8")


def decode(blob: bytes) -> tuple[dict[str, Any], Literals] | None:
    """The data and literals of a cached entry, or None when it is not one this module wrote."""
    try:
        payload = json.loads(blob.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if type(payload) is not dict or type(payload.get("data")) is not dict:
        return None
    data, raw = payload["data"], payload.get("literals")
    if type(raw) is not dict or not _well_formed(data):
        return None
    literals: Literals = {}
    for source, lits in raw.items():
        if lits is None:
            literals[source] = None
        elif type(lits) is list and lits and all(type(s) is str and s for s in lits):
            literals[source] = frozenset(lits)
        else:
            return None
    if any(source not in literals for source in expressions(data)):
        return None
    return data, literals


def _strings(value: Any, *, single: bool = False) -> bool:
    if value is None or (single and type(value) is str):
        return True
    return type(value) is list and all(type(v) is str for v in value)


def _well_formed(data: dict[str, Any]) -> bool:
    """Whether every field the vocabulary reads from an entry has the type YAML would have given it."""
    for kind in _LISTS:
        items = data.get(kind)
        if items is None:
            continue
        if type(items) is not list:
            return False
        for e in items:
            if (
                type(e) is not dict
                or "id" not in e
                or not _strings(e.get("match"), single=True)
                or not _strings(e.get("requires"), single=True)
                or not all(_strings(e.get(k)) for k in _TEXT_LISTS)
                or not (e.get("params") is None or type(e.get("params")) is dict)
                or any(k in e and type(e[k]) is not str for k in ("lang", "negation"))
            ):
                return False
    return True
