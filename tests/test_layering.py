"""The package's layers, enforced: who may import whom, read from the source with ``ast``.

From the bottom: ``util`` (and the root package's metadata, the exit codes), ``state``,
``knowledge`` (AWS's meaning of facts), the models the checks speak (``promises``,
``findings``), then the workers — the sources, the engine, the extractor — which never
import each other, then what is made of their results (report, baseline, suppressions,
configuration), and on top ``pipeline``, ``formats``, ``drift``, ``commands`` and the CLI. The
Terraform and the live source never import each other: code and cloud are judged by the
same rules only if neither borrows the other's reading of a fact; ``formats`` and ``drift``
do not import each other either. No module imports itself back through others.

Imports are read at module level and inside functions alike (a lazy import is still a
dependency). ``ALLOWED`` would list a tolerated violation with why it is there (none today);
the test fails on any new one, and on an entry that no longer happens (delete it then).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scanner"

# Layer of each top-level part of ``scanner`` (a module may import its own layer and below).
LAYERS: dict[str, int] = {
    "scanner": 0,  # the root package: __version__ only
    "scanner.util": 0,
    "scanner.exitcodes": 0,
    "scanner.state": 1,
    "scanner.knowledge": 2,
    "scanner.promises": 3,
    "scanner.findings": 3,
    "scanner.sources": 4,
    "scanner.engine": 4,
    "scanner.extract": 4,
    "scanner.report": 5,
    "scanner.baseline": 5,
    "scanner.suppressions": 5,
    "scanner.config": 5,
    "scanner.pipeline": 6,
    "scanner.formats": 6,
    "scanner.drift": 6,
    "scanner.commands": 6,
    "scanner.cli": 6,
    "scanner.__main__": 6,
}

# Parts of one layer that must not import each other.
APART: list[tuple[str, ...]] = [
    ("scanner.sources", "scanner.engine", "scanner.extract"),
    ("scanner.sources.terraform", "scanner.sources.live"),
    # The drift report's HTML page is a format; the command joins them (escaping sits in util).
    ("scanner.formats", "scanner.drift"),
]

# Today's violations: (importer, imported) -> why it is there. Empty: keep it so.
ALLOWED: dict[tuple[str, str], str] = {}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:`` (for annotations only, never run)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        name = (
            test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else None
        )
        if name == "TYPE_CHECKING":
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports(root: Path = PACKAGE, annotations: bool = True) -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere in its body (relative imports resolved).

    ``annotations``: count imports under ``if TYPE_CHECKING:`` too. They are a dependency of
    the design (layers), not of running the code (cycles).
    """
    known = modules(root)
    top = root.name
    out: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip = set() if annotations else _type_checking_only(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known}
        out[name] = {_owner(t, known) for t in found if t == top or t.startswith(f"{top}.")} - {name}
    return out


def _owner(target: str, known: dict[str, Path]) -> str:
    """The module an import names (``a.b.func`` -> ``a.b``)."""
    while target not in known and "." in target:
        target = target.rpartition(".")[0]
    return target


def _part(module: str, table: Iterable[str]) -> str | None:
    """The longest entry of ``table`` that is ``module`` or a package holding it."""
    hits = [p for p in table if module == p or module.startswith(f"{p}.")]
    return max(hits, key=len) if hits else None


def violations(
    graph: dict[str, set[str]],
    layers: dict[str, int],
    apart: list[tuple[str, ...]],
    running: dict[str, set[str]] | None = None,
) -> dict:
    """(importer, imported) -> the rule it breaks; cycles are looked for in ``running`` (default: graph)."""
    out: dict[tuple[str, str], str] = {}
    for importer, targets in graph.items():
        here = _part(importer, layers)
        for target in targets:
            there = _part(target, layers)
            if here is None or there is None:
                out[(importer, target)] = "not in the layer table"
            elif layers[there] > layers[here]:
                out[(importer, target)] = (
                    f"{here} (layer {layers[here]}) imports {there} (layer {layers[there]})"
                )
            for group in apart:
                a, b = _part(importer, group), _part(target, group)
                if a and b and a != b:
                    out[(importer, target)] = f"{a} and {b} must not import each other"
    running = graph if running is None else running
    for members in components(running):
        for importer in members:
            for target in running.get(importer, ()):
                if target in members:  # inside a strongly connected component: on a cycle
                    out.setdefault((importer, target), "cycle among " + ", ".join(sorted(members)))
    packages = package_graph(running, layers)
    for members in components(packages):
        for importer, targets in running.items():
            for target in targets:
                a, b = _part(importer, layers), _part(target, layers)
                if a != b and a in members and b in members and b in packages.get(a, ()):
                    out.setdefault((importer, target), "cycle among packages " + ", ".join(sorted(members)))
    return out


def package_graph(graph: dict[str, set[str]], layers: dict[str, int]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for importer, targets in graph.items():
        here = _part(importer, layers)
        if here is not None:
            out.setdefault(here, set()).update(
                t for t in (_part(x, layers) for x in targets) if t is not None and t != here
            )
    return out


def components(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one node (Tarjan): every edge inside one is on a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# ----------------------------------------------------------------------------- the tests


def test_no_new_layering_violation() -> None:
    found = violations(imports(), LAYERS, APART, imports(annotations=False))
    new = {k: v for k, v in found.items() if k not in ALLOWED}
    assert new == {}, "new imports against the layers (see the module docstring)"


def test_every_allowed_violation_still_happens() -> None:
    found = violations(imports(), LAYERS, APART, imports(annotations=False))
    gone = sorted(k for k in ALLOWED if k not in found)
    assert gone == [], "fixed: delete these from ALLOWED"


def test_every_part_of_the_package_has_a_layer() -> None:
    unplaced = sorted(m for m in modules() if _part(m, LAYERS) is None)
    assert unplaced == []


def test_the_checker_sees_layers_apart_groups_and_cycles(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    files = {
        "__init__.py": "",
        "low/__init__.py": "",
        "low/a.py": "def f():\n    from pkg.high import b\n",  # a lazy import upwards
        "high/__init__.py": "",
        "high/b.py": "from ..low import a\nfrom pkg.left import c\n",
        "left/__init__.py": "",
        "left/c.py": "import pkg.right.d\n",
        "right/__init__.py": "",
        "right/d.py": "from pkg.left.c import thing\n",
        "left/e.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.left import f\n",
        "left/f.py": "from pkg.left import e\n",
    }
    for name, text in files.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    graph = imports(pkg)
    assert graph["pkg.high.b"] == {"pkg.low", "pkg.low.a", "pkg.left", "pkg.left.c"}  # packages run too
    layers = {"pkg": 0, "pkg.low": 0, "pkg.left": 1, "pkg.right": 1, "pkg.high": 2}
    found = violations(graph, layers, [("pkg.left", "pkg.right")], imports(pkg, annotations=False))
    assert "pkg.left.f" in graph["pkg.left.e"]  # a dependency of the design ...
    assert ("pkg.left.e", "pkg.left.f") not in found  # ... but no cycle when the code runs
    assert found[("pkg.low.a", "pkg.high.b")] == "pkg.low (layer 0) imports pkg.high (layer 2)"
    assert found[("pkg.left.c", "pkg.right.d")] == "pkg.left and pkg.right must not import each other"
    assert found[("pkg.right.d", "pkg.left.c")] == "pkg.right and pkg.left must not import each other"
    assert found[("pkg.low.a", "pkg.high.b")].startswith("pkg.low (layer 0)")
    assert (
        found[("pkg.high.b", "pkg.low.a")] == "cycle among pkg.high.b, pkg.low.a"
    )  # low.a -> high.b -> low.a
    assert ("pkg.high.b", "pkg.left.c") not in found


def test_each_allowed_violation_says_why() -> None:
    assert [pair for pair, why in ALLOWED.items() if len(why) <= 20] == []
