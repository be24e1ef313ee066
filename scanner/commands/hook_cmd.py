"""``privacy-scan hook FILES...``: the pre-commit entry point.

pre-commit passes the staged files that match the hook's pattern. A Terraform
file means nothing on its own (its variables, tfvars and modules live next to
it), so the hook scans *directories*, each loaded as a whole module:

1. every staged ``.tf`` / ``.tfvars`` file names its directory;
2. a directory that another directory in the repository calls as a local module
   (``source = "./modules/db"``) is replaced by its callers, recursively, so a
   module is judged with the inputs its root gives it — the finding then names
   the module's own file and line;
3. each remaining directory is scanned as a root module, with Terraform's own
   automatic variable files (``terraform.tfvars``, ``*.auto.tfvars``) and any
   ``var_files`` from the configuration.

Callers are found by a plain text search for ``source = "./..."`` in the
repository's ``.tf`` files (the working directory is the repository root, as
pre-commit runs it), which costs milliseconds and needs no parsing. Output is
one line per failing finding and nothing at all when every promise is kept.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from scanner.commands.messages import warning_line
from scanner.commands.options import (
    check_options,
    finish,
    output_options,
    parse_vars,
    promise_options,
    switch_off_caches,
)
from scanner.findings import Status
from scanner.pipeline import resolve_promises, scan_iac
from scanner.report import Report
from scanner.util.confined import ConfinementError, read_bytes_capped
from scanner.util.safetext import clean

TERRAFORM_SUFFIXES = (".tf", ".tfvars", ".tfvars.json")
LOCAL_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"', re.M)
SKIP_DIRS = {".terraform", ".git", "node_modules", ".venv", "venv"}


def touched_dirs(files: list[Path]) -> list[Path]:
    """Directories of the Terraform files given, that still hold ``.tf`` files."""
    out: list[Path] = []
    for f in files:
        name = f.name
        if not name.endswith(TERRAFORM_SUFFIXES) or ".terraform" in f.parts:
            continue
        d = f.parent if str(f.parent) else Path(".")
        if d not in out and _has_tf(d):
            out.append(d)
    return out


def _has_tf(d: Path) -> bool:
    try:
        return any(p.suffix == ".tf" and p.is_file() for p in d.iterdir())
    except OSError:
        return False


def local_callers(repo: Path) -> dict[Path, set[Path]]:
    """Module directory (resolved) → directories (resolved) that call it with a local source."""
    callers: dict[Path, set[Path]] = {}
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        here = Path(dirpath)
        for name in filenames:
            if not name.endswith(".tf"):
                continue
            try:  # a regular file of bounded size: a FIFO or /dev/zero named x.tf is skipped
                text = read_bytes_capped(here / name).decode("utf-8", errors="replace")
            except ConfinementError:
                continue
            if "source" not in text:
                continue
            for source in LOCAL_SOURCE.findall(text):
                target = (here / source).resolve()
                callers.setdefault(target, set()).add(here.resolve())
    return callers


def root_dirs(dirs: list[Path], repo: Path) -> list[Path]:
    """The root modules to scan for the touched directories (see the module docstring).

    Each module directory is visited once, however many paths lead to it: a repository whose
    22 layers of modules each call the next layer twice has 2**22 paths from the bottom to the
    top but only 44 directories. A directory whose callers all lie in a cycle with it (``a``
    calls ``b``, ``b`` calls ``a``) has no root above it and is scanned as its own root.
    """
    callers = local_callers(repo) if dirs else {}
    roots: list[Path] = []
    done: set[Path] = set()  # climbed from an earlier touched directory: its roots are in already

    def add(real: Path) -> None:
        shown = _relative(real, Path.cwd())
        if shown not in roots:
            roots.append(shown)

    for d in dirs:
        start = d.resolve()
        reached_root = start in done
        seen: set[Path] = set()
        stack = [start] if start not in done else []
        while stack:
            real = stack.pop()
            if real in done:
                reached_root = True
                continue
            if real in seen:
                continue
            seen.add(real)
            parents = sorted(callers.get(real, set()) - {real})
            if not parents:
                add(real)
                reached_root = True
            stack.extend(reversed(parents))
        if not reached_root:
            add(start)
        done |= seen
    return roots


def _relative(path: Path, base: Path) -> Path:
    """As the user would write it: relative to the working directory when below it."""
    try:
        rel = path.relative_to(base.resolve())
    except ValueError:
        return path
    return rel if str(rel) != "" else Path(".")


def compact(report: Report, fail_on: str) -> str:
    """One line per finding that blocks the commit; nothing when all is well.

    Every part taken from the repository (file names, addresses, messages that quote
    values) is cleaned, so a value cannot start a line of its own or drive the terminal.
    """
    shown = [Status.FAIL, Status.UNKNOWN] if fail_on == "unknown" else [Status.FAIL]
    lines = []
    for f in sorted(report.active(), key=lambda f: (f.file or "", f.line or 0, f.check_id)):
        if f.status not in shown or fail_on == "never":
            continue
        where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or f.resource)
        lines.append(
            f"{clean(where)}: {f.status.value} [{clean(f.severity, 20)}] {clean(f.check_id, 80)} "
            f"{clean(f.resource)}: {clean(f.message, 500)}"
        )
    for e in report.errors:
        where = f"{e.file}:{e.line}" if e.file and e.line else (e.file or "scan")
        lines.append(f"{clean(where)}: error: {clean(e.message, 500)}")
    if not lines:
        return ""
    s = report.summary()
    tail = f"privacy-scan: {s['fail']} failing, {s['unknown']} undecided"
    if s.get("suppressed"):
        tail += f", {s['suppressed']} suppressed"
    lines.append(tail + ' (suppress with: # privacy-scan:ignore <check-id> reason="..." expires=YYYY-MM-DD)')
    lines.extend(warning_line(w) for w in report.warnings if "default promise set" not in w)
    return "\n".join(lines) + "\n"


@click.command("hook")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@promise_options
@click.option(
    "--var-file", "var_files", multiple=True, type=click.Path(path_type=Path), help="A .tfvars file."
)
@click.option("--var", "var_pairs", multiple=True, help="A variable, NAME=VALUE (repeatable).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache.")
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Repository root, where local module callers are looked for.",
)
@check_options
@output_options
def hook(files, statement, promises, var_files, var_pairs, no_cache, repo, check_dirs, **output_opts) -> None:
    """Scan the Terraform modules that the given (staged) files belong to — for pre-commit."""
    if no_cache:
        switch_off_caches()
    roots = root_dirs(touched_dirs(list(files)), repo)
    if not roots:
        sys.exit(0)
    promise_set = resolve_promises(statement, promises)
    report = scan_iac(
        roots,
        promise_set,
        var_files=list(var_files),
        cli_vars=parse_vars(var_pairs),
        use_cache=not no_cache,
        check_dirs=list(check_dirs),
    )
    fail_on = output_opts.get("fail_on") or "fail"
    finish(report, output_opts, default_renderer=lambda r: compact(r, fail_on))
