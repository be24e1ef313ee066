"""Where privacy-scan keeps its caches, and whether that place is safe to use.

A cache is only a speed-up, so nothing about it may stop a scan: a location that
cannot be created (read-only home, a file where the folder should be) or that is
not private means "scan without a cache", with one warning per process.

"Private" means owned by the current user and writable by nobody else. Cache
entries are decoded into known types only (never unpickled), so a crafted entry
is at worst ignored; the ownership check additionally keeps other local users
from planting or reading entries. Directories are created 0700, entries 0600.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from scanner.util.safetext import clean

# Temporary files older than this in a cache folder belong to a killed scan.
STALE_TMP_SECONDS = 3600
TMP_PREFIX = ".tmp-"

_warned: set[str] = set()
_checked: dict[Path, Path | None] = {}
_disabled = [False]


def disable() -> None:
    """No cache for the rest of this process (``--no-cache``): nothing under the location is touched."""
    _disabled[0] = True


def reset() -> None:
    """Forget :func:`disable`, the checked folders and the warnings given: a new invocation in the
    same process (the test suite runs the CLI in-process) starts as a fresh process would."""
    _disabled[0] = False
    _checked.clear()
    _warned.clear()


def disabled() -> bool:
    """True after :func:`disable` or with ``PRIVACY_SCAN_NO_CACHE=1`` in the environment."""
    return _disabled[0] or os.environ.get("PRIVACY_SCAN_NO_CACHE") == "1"


def default_location(env: Mapping[str, str] | None = None) -> Path:
    """``$PRIVACY_SCAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/privacy-scan``, else ``~/.cache/privacy-scan``.

    Only computes the path: nothing on disk is touched (``--no-cache`` relies on that).
    """
    env = os.environ if env is None else env
    if env.get("PRIVACY_SCAN_CACHE_DIR"):
        return Path(env["PRIVACY_SCAN_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "privacy-scan"


def warn_once(message: str) -> None:
    """Print ``warning: MESSAGE`` on stderr the first time it is seen in this process."""
    if message in _warned:
        return
    _warned.add(message)
    print(f"warning: {message}", file=sys.stderr)


def _unsafe_reason(path: Path) -> str | None:
    """Why the existing directory ``path`` must not be used, or None when it is private."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"it cannot be read ({exc.__class__.__name__})"
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a directory"
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"it is owned by another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "other users can write to it"
    return None


def _make_dirs(path: Path) -> None:
    """Create ``path`` and its missing parents with mode 0700 (a parent that exists is left as it is)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)


def private_dir(path: Path) -> Path | None:
    """``path`` created if missing and checked to be private; None (after one warning) if it cannot be used.

    A directory the user owns that others may read (0755, as older versions made it) is
    tightened to 0700; one others can write to, or another user owns, is left alone and
    not used: its entries may have been planted.
    """
    if disabled():
        return None
    if path in _checked:
        return _checked[path]
    shown = clean(str(path), 200)
    result: Path | None = None
    try:
        _make_dirs(path)
    except OSError as exc:
        warn_once(
            f"cache directory {shown} cannot be created ({exc.__class__.__name__}); scanning without a cache"
        )
    else:
        reason = _unsafe_reason(path)
        if reason:
            warn_once(f"cache directory {shown} is not used: {reason}; scanning without a cache")
        else:
            with contextlib.suppress(OSError):
                if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
                    os.chmod(path, 0o700)
            result = path
    _checked[path] = result
    return result


def private_subdir(root: Path, *parts: str) -> Path | None:
    """``root/parts...`` created 0700 (``root`` is already checked); None if that fails."""
    path = root.joinpath(*parts)
    try:
        _make_dirs(path)
    except OSError:
        return None
    return path if path.is_dir() else None


def write_private(path: Path, data: bytes) -> bool:
    """Write a cache entry (mode 0600) atomically; False when it could not be written.

    No fsync: a cache entry lost in a crash is only a miss. The temporary file is removed
    on any failure, so no ``.tmp-*`` file is left behind except by a killed process, and
    those are swept by :func:`sweep_stale_tmp`.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX)  # created 0600
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # atomic: a concurrent scan never sees half an entry
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            return False
        raise
    return True


def sweep_stale_tmp(folder: Path, now: float | None = None) -> None:
    """Remove ``.tmp-*`` files older than an hour in ``folder`` (left by a killed scan)."""
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(TMP_PREFIX):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > STALE_TMP_SECONDS:
                os.unlink(entry.path)


def read_private(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of the cache entry ``path``, or None when missing, too big or not a regular file.

    Opened without following a symlink and without blocking, then checked with fstat, so a
    planted symlink, FIFO or device is a miss rather than a read of something else or a hang.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            return None
        chunks = [os.read(fd, st.st_size + 1)]
        while chunks[-1] and sum(map(len, chunks)) <= max_bytes:  # the file may have grown
            chunks.append(os.read(fd, max_bytes + 1))
        data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= max_bytes else None
