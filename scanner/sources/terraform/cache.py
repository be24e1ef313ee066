"""On-disk cache of parsed files, keyed by the SHA-256 of their content.

Parsing is most of the cost of a scan (Lark is pure Python); evaluation is
cheap. A pre-commit hook re-scans mostly unchanged files, so caching the
pre-evaluation AST per file content makes warm runs fast.

Entries are JSON written by :mod:`ast_codec` and decoded into the known AST
classes only: the key is predictable from a file's content, so whoever can write
to the cache directory (a restored CI cache, another user) can plant an entry,
and a planted entry must never be able to run code. Anything that does not
decode (a pickle, truncated or wrong-shaped JSON, a symlink, a FIFO) is a miss,
and the file is parsed again and its entry rewritten. The key includes a format
version, the AST schema and the python-hcl2 version, so a change to any of them
simply misses. The cache directory must be private (see :mod:`scanner.util.cachedir`);
if it is not, or cannot be created, the scan runs without a cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from scanner.sources.terraform import ast, ast_codec
from scanner.util.cachedir import (
    default_location,
    private_dir,
    private_subdir,
    read_private,
    sweep_stale_tmp,
    write_private,
)

FORMAT_VERSION = 2  # 1 was pickle: those files are never read
MAGIC = b"privacy-scan-ast\n"
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where caches live (see :func:`scanner.util.cachedir.default_location`); touches nothing."""
    return default_location(env)


def content_key(data: bytes, hcl2_version: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"v{FORMAT_VERSION}-{ast_codec.SCHEMA}-hcl2-{hcl2_version}-{digest}"


class AstCache:
    """Per-file AST entries under ``<cache dir>/ast/``; ``root=None`` never touches the disk.

    The directory is checked (and created) on first use only, so a scan that needs
    no entry pays nothing, and ``--no-cache`` (``root=None``) does not even look.
    """

    def __init__(self, root: Path | None) -> None:
        self._root = root
        self._dir: Path | None = None
        self._checked = root is None
        self._swept: set[Path] = set()
        self.hits = 0
        self.misses = 0

    @property
    def root(self) -> Path | None:
        """``<cache dir>/ast`` when the cache directory is usable, else None."""
        if not self._checked:
            self._checked = True
            base = private_dir(self._root) if self._root is not None else None
            self._dir = private_subdir(base, "ast") if base is not None else None
        return self._dir

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[-64:-62] / f"{key}.json"

    def get(self, key: str) -> ast.File | None:
        if self.root is None:
            return None
        blob = read_private(self._path(key), MAX_ENTRY_BYTES)
        if blob is None or not blob.startswith(MAGIC):
            self.misses += 1
            return None
        try:
            value = ast_codec.decode(blob[len(MAGIC) :])
        except ast_codec.CorruptEntry:  # parse again, overwrite later
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: ast.File) -> None:
        """Store ``value``; a tree that cannot be encoded (too deep, unknown values) is just not cached."""
        if self.root is None:
            return
        try:
            data = MAGIC + ast_codec.encode(value)
        except (ast_codec.Unencodable, RecursionError, ValueError, TypeError):
            return  # encoded in memory first: nothing was written
        path = self._path(key)
        folder = private_subdir(path.parent)
        if folder is None:
            return
        if folder not in self._swept:
            self._swept.add(folder)
            sweep_stale_tmp(folder)
        write_private(path, data)
