"""Which repository a file belongs to: the boundary for paths that the repository's own files name.

A ``.privacy-scan.yaml`` or a promises file comes from the repository being scanned, which may be a
stranger's pull request. The paths it names (reports to write, suppressions, baselines, the
statement it was extracted from) must stay inside that repository. The repository is the nearest
folder, from the file upward, that holds ``.git``; without one, the file's own folder.
"""

from __future__ import annotations

from pathlib import Path


def repository_root(path: Path | str) -> Path:
    """The resolved root of the repository holding ``path`` (a file or a folder)."""
    start = Path(path).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def is_inside(path: Path, root: Path) -> bool:
    """Whether the resolved ``path`` is ``root`` or below it (both already resolved)."""
    return path == root or root in path.parents
