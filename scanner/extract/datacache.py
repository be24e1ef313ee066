"""What the extractor derives from its shipped data, kept between runs so a start-up need not redo it.

Reading the vocabulary (YAML, and each expression's required text read from its syntax tree)
and decoding the lemmatiser's dictionary cost more than extracting a whole statement. Both
results are pure functions of files that ship with the package, so they are cached per user,
next to the parse cache (see :mod:`scanner.util.cachedir` for where, and why it is safe), under
``extract/``, as JSON or plain text — never pickled.

An entry is named by the SHA-256 of everything it is derived from (the source text, this
module's format, the Python version and whatever the caller adds), so an edited vocabulary or
an upgrade simply misses. An entry is trusted for nothing: the caller checks the type of every
field it reads, and anything malformed, too big or not a regular file is a miss, after which the
entry is rebuilt and rewritten. ``PRIVACY_SCAN_NO_CACHE=1`` (and ``--no-cache``) turn it off.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import sys
from pathlib import Path

from scanner.util.cachedir import (
    default_location,
    private_dir,
    private_subdir,
    read_private,
    sweep_stale_tmp,
    write_private,
)

FORMAT = 1
FOLDER = "extract"


def key(*parts: str | bytes) -> str:
    """The hex SHA-256 naming an entry derived from ``parts`` (plus format and Python version)."""
    digest = hashlib.sha256(
        f"privacy-scan-extract\0{FORMAT}\0{sys.version_info[0]}.{sys.version_info[1]}".encode()
    )
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(b"\0%d\0" % len(data))
        digest.update(data)
    return digest.hexdigest()


def _folder() -> Path | None:
    root = private_dir(default_location())
    return private_subdir(root, FOLDER) if root is not None else None


def usable() -> bool:
    """Whether entries can be kept at all (a cache location that is private, and not turned off)."""
    return _folder() is not None


def _path(name: str) -> Path | None:
    folder = _folder()
    return folder / name if folder is not None else None


def read(name: str, max_bytes: int) -> bytes | None:
    """The bytes of entry ``name``, or None (no cache, missing, too big, not a regular file)."""
    path = _path(name)
    return read_private(path, max_bytes) if path is not None else None


def write(name: str, data: bytes, replaces: str = "") -> None:
    """Store entry ``name`` atomically (a failure only means the next run misses again), then
    remove the other entries whose names start with ``replaces`` (what it supersedes)."""
    path = _path(name)
    if path is None:
        return
    sweep_stale_tmp(path.parent)
    if write_private(path, data) and replaces:
        for old in path.parent.glob(f"{glob.escape(replaces)}*"):
            if old.name != name:
                with contextlib.suppress(OSError):
                    old.unlink()
