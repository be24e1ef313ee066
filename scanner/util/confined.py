"""Read files of an untrusted repository without leaving it, touching devices, or running out of memory.

A scan may run on a stranger's pull request. Terraform's ``file()``, a symlinked ``terraform.tfvars``,
a ``.terraform/modules/modules.json`` or a config entry can all name any path of the runner
(``/proc/self/environ``, ``~/.git-credentials``, ``/dev/zero``, a FIFO). Every read of a path that
comes from the repository goes through :func:`read_confined`: the path, with every symlink
resolved, must lie inside an allowed root, be a regular file, and be smaller than a size cap that
is checked with ``stat`` before anything is read (and enforced again while reading, in case the
file grows). The error says *why* a read was refused, never what the file holds.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from scanner.util.safetext import clean

# Generous for real Terraform, statements and tfvars; a 30 MB tfvars or a 10 MB heredoc is not.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024


class ConfinementError(Exception):
    """A read was refused: outside the allowed roots, not a regular file, or too large.

    The message names the path (cleaned) and the reason, never the file's content.
    """


def resolve_inside(path: Path | str, roots: list[Path] | tuple[Path, ...]) -> Path:
    """``path`` with symlinks resolved, if it lies inside one of ``roots`` (themselves resolved);
    raises :class:`ConfinementError` otherwise."""
    try:
        real = Path(path).resolve(strict=True)
    except FileNotFoundError:
        raise ConfinementError(f"{clean(path)}: no such file") from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python < 3.13
        raise ConfinementError(f"{clean(path)}: cannot be resolved ({type(exc).__name__})") from None
    for root in roots:
        try:
            real_root = Path(root).resolve()
        except (OSError, RuntimeError):
            continue
        if real == real_root or real_root in real.parents:
            return real
    raise ConfinementError(f"{clean(path)}: outside the scanned repository, not read")


def check_regular(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> os.stat_result:
    """The ``stat`` of ``path`` if it is a regular file of at most ``max_bytes``."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ConfinementError(
            f"{clean(path)}: cannot be read ({exc.strerror or type(exc).__name__})"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfinementError(f"{clean(path)}: not a regular file (a device, FIFO or folder), not read")
    if info.st_size > max_bytes:
        raise ConfinementError(
            f"{clean(path)}: {info.st_size} bytes, over the limit of {max_bytes} bytes, not read"
        )
    return info


def read_bytes_capped(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file of at most ``max_bytes`` (checked before and while reading)."""
    check_regular(path, max_bytes)
    try:
        # O_NONBLOCK: should the file have been swapped for a FIFO since the stat, open does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ConfinementError(
            f"{clean(path)}: cannot be read ({exc.strerror or type(exc).__name__})"
        ) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise ConfinementError(f"{clean(path)}: not a regular file, not read")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ConfinementError(f"{clean(path)}: over the limit of {max_bytes} bytes, not read")
    return data


def read_confined(
    path: Path | str, roots: list[Path] | tuple[Path, ...], max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The bytes of ``path`` if, symlinks resolved, it is a regular file inside ``roots`` and at
    most ``max_bytes`` long; :class:`ConfinementError` with the reason otherwise."""
    return read_bytes_capped(resolve_inside(path, roots), max_bytes)


def read_text_confined(
    path: Path | str, roots: list[Path] | tuple[Path, ...], max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """:func:`read_confined` decoded as UTF-8 (invalid bytes replaced)."""
    return read_confined(path, roots, max_bytes).decode("utf-8", errors="replace")
