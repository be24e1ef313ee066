"""Turn a privacy statement (Dutch or English; text, Markdown or HTML) into checkable promises.

Deterministic and offline: phrases per control and language (patterns_nl,
patterns_en), numbers and durations in words or digits (numbers), places to
country codes and AWS regions (places). The output is meant to be reviewed:
render_promises_yaml writes a promises file with a comment per promise.
"""

from __future__ import annotations

import hashlib
import pathlib

from scanner.extract.extractor import ExtractedPromise, extract
from scanner.extract.render import render_promises_json, render_promises_yaml
from scanner.extract.text import MAX_BYTES, decode
from scanner.promises.model import PromiseSet
from scanner.util.confined import ConfinementError, read_bytes_capped
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError

__all__ = [
    "ExtractedPromise",
    "extract_statement",
    "extract_text",
    "render_promises_json",
    "render_promises_yaml",
]


def extract_statement(path: pathlib.Path, *, per_sentence: bool = False) -> PromiseSet:
    """Read a statement file and extract its promises; InputError for anything that is not a statement.

    A statement named on the command line may be anywhere, but it must be a regular file of at most
    MAX_BYTES (checked with ``stat`` before reading): ``/dev/zero``, a FIFO or a huge file is refused
    with one line, never read.
    """
    path = pathlib.Path(path)
    if path.is_dir():
        raise InputError(f"statement {clean(path)} is a directory, not a file")
    if not path.exists():
        raise InputError(f"statement {clean(path)} does not exist")
    try:
        data = read_bytes_capped(path, MAX_BYTES)
    except ConfinementError as exc:
        raise InputError(f"statement {exc}") from None
    text, warnings = decode(data, str(path))
    result = extract(text, str(path), sha256=hashlib.sha256(data).hexdigest(), per_sentence=per_sentence)
    result.warnings[:0] = warnings
    return result


def extract_text(
    text: str, file: str = "<text>", *, language: str | None = None, per_sentence: bool = False
) -> PromiseSet:
    """Extract promises from text already in memory (``language`` forces "nl" or "en")."""
    if "\x00" in text:
        raise InputError(f"statement {file} contains NUL characters; it is not text")
    if not text.strip():
        raise InputError(f"statement {file} is empty")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(
            f"statement {file} is larger than {MAX_BYTES} bytes; is it really a privacy statement?"
        )
    if language not in (None, "nl", "en"):
        raise InputError(f"language must be 'nl' or 'en', not {language!r}")
    return extract(
        text.replace("\r\n", "\n").replace("\r", "\n"), file, language=language, per_sentence=per_sentence
    )
