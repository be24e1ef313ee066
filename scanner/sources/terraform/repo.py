"""Which directories a Terraform scan may read: the scanned repository, and nothing else.

A scan may run on a stranger's pull request, and Terraform code names paths: ``file()``,
``templatefile()``, ``filesha256()``, a symlinked ``terraform.tfvars``, a symlinked ``.tf``,
a committed ``.terraform/modules/modules.json`` whose ``Dir`` says ``/tmp/…`` or ``../../…``.
Every such read goes through :func:`scanner.util.confined.read_confined` with the roots this
module computes, so an outside path, a device, a FIFO or an oversize file is refused with a
reason that names the path, never its content.

"The scanned repository" for a scanned path is:

1. the top level of the git work tree that contains it (the nearest parent holding ``.git``,
   a directory or a worktree's ``.git`` file), when there is one — a Terraform root in
   ``infra/prod`` may call ``../../modules/x``, and those are still the repository's files;
2. else the current working directory, when the scanned path lies inside it (a CI job or a
   hook runs from the checkout);
3. else the scanned directory itself (the directory of a scanned ``.tf`` or plan file).

Every path that is read is resolved (symlinks followed) before it is compared with the roots,
so a symlink inside the repository that leads outside it is refused like the outside path.
"""

from __future__ import annotations

from pathlib import Path

from scanner.util.confined import DEFAULT_MAX_BYTES

# The largest .tf, .tfvars, template or file() argument read (4 MiB): real Terraform files are
# far smaller; a 10 MB heredoc or a 30 MB tfvars is a parse error for that file, not a memory blow-up.
MAX_FILE_BYTES = DEFAULT_MAX_BYTES


def git_top(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` (resolved) that holds ``.git``, or None."""
    try:
        start = path.resolve()
    except (OSError, RuntimeError):
        return None
    if not start.is_dir():
        start = start.parent
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def repository_root(scanned: Path) -> Path:
    """The root the scan of ``scanned`` may read under (see the module docstring)."""
    top = git_top(scanned)
    if top is not None:
        return top
    try:
        real = scanned.resolve()
        cwd = Path.cwd().resolve()
    except (OSError, RuntimeError):
        return scanned
    if real == cwd or cwd in real.parents:
        return cwd
    return real if real.is_dir() else real.parent


def repository_roots(paths: list[Path]) -> list[Path]:
    """The distinct roots of several scanned paths, in order."""
    roots: list[Path] = []
    for path in paths:
        root = repository_root(Path(path))
        if root not in roots:
            roots.append(root)
    return roots
