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
from scanner.util.yamlfile import InputError

__all__ = [
    "ExtractedPromise",
    "extract_statement",
    "extract_text",
    "render_promises_json",
    "render_promises_yaml",
]


def extract_statement(path: pathlib.Path) -> PromiseSet:
    """Read a statement file and extract its promises; InputError for anything that is not a statement."""
    path = pathlib.Path(path)
    try:
        if path.is_dir():
            raise InputError(f"statement {path} is a directory, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"statement {path} is larger than 5 MB ({size} bytes); is it really a privacy statement?"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"statement {path} does not exist") from None
    except PermissionError:
        raise InputError(f"statement {path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"statement {path} cannot be read: {exc.strerror or exc}") from None
    text, warnings = decode(data, str(path))
    result = extract(text, str(path), sha256=hashlib.sha256(data).hexdigest())
    result.warnings[:0] = warnings
    return result


def extract_text(text: str, file: str = "<text>", *, language: str | None = None) -> PromiseSet:
    """Extract promises from text already in memory (``language`` forces "nl" or "en")."""
    if "\x00" in text:
        raise InputError(f"statement {file} contains NUL characters; it is not text")
    if not text.strip():
        raise InputError(f"statement {file} is empty")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"statement {file} is larger than 5 MB; is it really a privacy statement?")
    if language not in (None, "nl", "en"):
        raise InputError(f"language must be 'nl' or 'en', not {language!r}")
    return extract(text.replace("\r\n", "\n").replace("\r", "\n"), file, language=language)
