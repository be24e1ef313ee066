"""On-disk cache of parsed files, keyed by the SHA-256 of their content.

Parsing is most of the cost of a scan (Lark is pure Python); evaluation is
cheap. A pre-commit hook re-scans mostly unchanged files, so caching the
pre-evaluation AST per file content makes warm runs fast. Entries are pickles
of :mod:`ast` objects; the key includes a format version and the python-hcl2
version, so a change to either simply misses. A corrupt or unreadable entry
is ignored (and rewritten); a read-only cache directory just means no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from scanner.sources.terraform import ast

FORMAT_VERSION = 1


def cache_dir(env: os._Environ[str] | dict[str, str] | None = None) -> Path:
    """``$PRIVACY_SCAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/privacy-scan``, else ``~/.cache/privacy-scan``."""
    env = os.environ if env is None else env
    if env.get("PRIVACY_SCAN_CACHE_DIR"):
        return Path(env["PRIVACY_SCAN_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "privacy-scan"


def content_key(data: bytes, hcl2_version: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"v{FORMAT_VERSION}-hcl2-{hcl2_version}-{digest}"


class AstCache:
    """Per-file AST entries under ``<cache dir>/ast/``."""

    def __init__(self, root: Path | None) -> None:
        self.root = root / "ast" if root else None
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[-64:-62] / f"{key}.pickle"

    def get(self, key: str) -> ast.File | None:
        if self.root is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                value = pickle.load(fh)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # corrupt entry of any kind: parse again, overwrite later
            self.misses += 1
            return None
        if not isinstance(value, ast.File):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: ast.File) -> None:
        if self.root is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: concurrent scans never see half an entry
        except OSError:
            pass
