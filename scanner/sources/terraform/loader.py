"""Entry point of the HCL source: directories of ``.tf`` files → :class:`TfConfig`.

``load_config`` finds the root modules, parses every file once (from the AST
cache when possible, in parallel when there are many), then evaluates each
root module instance lazily and emits one :class:`TfBlock` per resource and
data instance, children of called modules included.
"""

from __future__ import annotations

import json
import os
import posixpath
import signal
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.cache import AstCache, cache_dir, content_key
from scanner.sources.terraform.errors import ConfigError, EvalError, ParseFailure
from scanner.sources.terraform.evaluate import BUDGET, Evaluator, Scope
from scanner.sources.terraform.functions import PARTIAL, make_functions
from scanner.sources.terraform.model import TfBlock, TfConfig
from scanner.sources.terraform.modules import ModuleDef, ModuleInstance, join_dir
from scanner.sources.terraform.parser import (
    check_hcl2,
    hcl2_version,
    lark_parser,
    parse_expression,
    parse_template,
    parse_text,
)
from scanner.sources.terraform.repo import MAX_FILE_BYTES, repository_roots
from scanner.sources.terraform.variables import root_values
from scanner.state import ScanError
from scanner.state.value import Unknown
from scanner.util.confined import ConfinementError, read_confined, resolve_inside
from scanner.util.safetext import clean

PARALLEL_THRESHOLD = 8  # uncached files below which a process pool costs more than it saves
MAX_MODULE_DEPTH = 32

# Counts parses done in this process (tests use it to prove cache hits).
PARSE_COUNT = 0


def display_path(path: Path) -> str:
    """The path as the user would write it: relative to the working directory when possible."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix() or "."
        except ValueError:
            return path.as_posix()
    return posixpath.normpath(path.as_posix())


def _quiet_worker() -> None:
    """Parse workers leave Ctrl-C and SIGTERM to the main process, which stops the pool and exits
    with one line; a worker that took the signal itself would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _parse_job(args: tuple[str, str | None]) -> ast.File | ParseFailure:
    """Worker-process entry: parse one file's text, returning the failure instead of raising."""
    text, lark_cache = args
    try:
        return parse_text(text, lark_cache)
    except ParseFailure as exc:
        return exc
    except RecursionError:
        return ParseFailure("file is nested too deeply to parse")


def _tf_files(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.suffix == ".tf" and p.is_file())
    except OSError:
        return []


class Session:
    """Everything one ``load_config`` call shares: parsed files, module definitions, messages."""

    def __init__(
        self, env: Mapping[str, str], use_cache: bool, workers: int | None, roots: list[Path] | None = None
    ) -> None:
        self.env = env
        # The scanned repositories: the only places any file is read from (see ``repo.py``).
        self.roots: list[Path] = roots if roots is not None else [Path.cwd().resolve()]
        root = cache_dir(dict(env))
        # "" = no grammar cache either: --no-cache must not touch the cache location at all.
        self.lark_cache: str | None = str(root) if use_cache else ""
        self.cache = AstCache(root if use_cache else None)
        self.workers = workers
        self.hcl2_version = hcl2_version()
        self.files: dict[Path, ast.File | None] = {}
        self.displays: dict[Path, str] = {}
        self.errors: list[ScanError] = []
        self.warnings: list[str] = []
        self.eval_depth = 0  # nesting of ModuleInstance.eval_attr: 0 means a top-level argument
        BUDGET.reset()
        self._warned: set[str] = set()
        self.evaluator = Evaluator(PARTIAL)
        self._functions: dict[str, dict[str, Any]] = {}
        self._defs: dict[Path, ModuleDef | None] = {}
        self._manifests: dict[Path, dict[str, str]] = {}
        self._inside: dict[Path, str] = {}  # directory -> "" (inside), "missing" or why it is refused
        self.root_real: Path = Path(".")
        self.literal_scope = Scope(
            self._no_names, make_functions(".", self.render_template, roots=self.roots)
        )

    @staticmethod
    def _no_names(name: str) -> Any:
        raise EvalError("a variable default may not refer to anything")

    def read(self, path: Path) -> bytes:
        """A file of the scanned repository (regular, at most ``MAX_FILE_BYTES``); ConfinementError otherwise."""
        return read_confined(path, self.roots, MAX_FILE_BYTES)

    def warn(self, message: str) -> None:
        """Record a warning once, as one clean line: it may quote repository text (a module
        source, an address with a for_each key), and a newline there must not start a new
        output line."""
        message = clean(message, 1000)
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)

    def capped(self, message: str, file: str | None = None) -> None:
        """A bound was hit: the scan is incomplete (exit 3), and the error says what was capped."""
        message = clean(message, 1000)
        if message not in self._warned:
            self._warned.add(message)
            self.errors.append(ScanError(f"capped: {message}", file, None))

    # ------------------------------------------------------------------ parsing
    def parse_many(self, paths: list[Path]) -> None:
        """Parse files not yet parsed: cached entries first, the rest in parallel when worth it."""
        global PARSE_COUNT
        todo: list[tuple[Path, str, str]] = []
        for path in paths:
            real = path.resolve()
            if real in self.files:
                continue
            self.displays.setdefault(real, display_path(path))
            try:
                data = read_confined(path, self.roots, MAX_FILE_BYTES)
                text = data.decode("utf-8")
            except ConfinementError as exc:
                self.errors.append(ScanError(f"file not read: {exc}", self.displays[real], None))
                self.files[real] = None
                continue
            except UnicodeDecodeError:
                self.errors.append(ScanError("file is not valid UTF-8", self.displays[real], None))
                self.files[real] = None
                continue
            key = content_key(data, self.hcl2_version)
            cached = self.cache.get(key)
            if cached is not None:
                cached.path = self.displays[real]
                self.files[real] = cached
            else:
                todo.append((real, text, key))
        if not todo:
            return
        jobs = [(text, self.lark_cache) for _, text, _ in todo]
        workers = self.workers if self.workers is not None else (os.cpu_count() or 1)
        results: list[ast.File | ParseFailure]
        if len(todo) > PARALLEL_THRESHOLD and workers > 1:
            # Built (or loaded from its cache) once here: forked workers inherit it instead of
            # each compiling the grammar, which takes seconds without a grammar cache.
            lark_parser(self.lark_cache)
            pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), initializer=_quiet_worker)
            try:
                results = list(pool.map(_parse_job, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
            except BaseException:
                # Interrupted: drop the queued files at once instead of parsing them all first.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
        else:
            results = [_parse_job(job) for job in jobs]
        PARSE_COUNT += len(todo)
        for (real, _, key), result in zip(todo, results, strict=False):
            if isinstance(result, ParseFailure):
                self.errors.append(ScanError(result.message, self.displays[real], result.line))
                self.files[real] = None
            else:
                self.cache.put(key, result)
                result.path = self.displays[real]
                self.files[real] = result

    def file(self, path: Path) -> ast.File | None:
        real = path.resolve()
        if real not in self.files:
            self.parse_many([path])
        return self.files.get(real)

    # ------------------------------------------------------------------ modules
    def load_dir(self, path: Path, display: str) -> ModuleDef | None:
        real = path.resolve()
        if real not in self._defs:
            tf_files = _tf_files(real)
            if not tf_files:
                self._defs[real] = None
                return None
            shown = [path / f.name for f in tf_files]
            for p in shown:
                self.displays.setdefault(p.resolve(), join_dir(display, p.name))
            self.parse_many(shown)
            parsed = [f for f in (self.files.get(p.resolve()) for p in shown) if f is not None]
            self._defs[real] = ModuleDef.build(display, real, parsed)
        return self._defs[real]

    def module_def(self, parent: ModuleInstance, call_keys: list[str], source: str) -> ModuleDef | None:
        """The definition a module call refers to: a local directory, or one ``terraform init`` fetched.

        Either must lie inside the scanned repository: a ``source = "../../../etc"`` or a committed
        ``modules.json`` whose ``Dir`` says ``/tmp/x`` is warned about and treated as not on disk.
        """
        if len(call_keys) > MAX_MODULE_DEPTH:
            self.capped(
                f"modules nested deeper than {MAX_MODULE_DEPTH} levels are not scanned ({clean(source)})"
            )
            return None
        if source.startswith(("./", "../")):
            directory = parent.definition.path / source
            if not self.inside(directory, f"module {'.'.join(call_keys)} (source {source})"):
                return None
            return self.load_dir(directory, join_dir(parent.definition.dir, source))
        entry_dir = self.manifest_dir(self.root_real, ".".join(call_keys))
        if entry_dir is None:
            return None
        return self.load_dir(self.root_real / entry_dir, join_dir(parent.root_dir, entry_dir))

    def inside(self, directory: Path, what: str) -> bool:
        """Whether ``directory`` (symlinks resolved) lies inside the scanned repository; warns if not."""
        known = self._inside.get(directory)
        if known is None:
            try:
                resolve_inside(directory, self.roots)
                known = ""
            except ConfinementError as exc:
                known = "missing" if "no such file" in str(exc) else str(exc)
            self._inside[directory] = known
        if known and known != "missing":
            self.warn(f"{clean(what)}: {known}; treated as not on disk")
        return not known

    def manifest_dir(self, root: Path, key: str) -> str | None:
        """The ``Dir`` that ``.terraform/modules/modules.json`` under ``root`` gives module ``key``.

        The manifest is repository content like any other: read confined, its shape checked, and a
        ``Dir`` leading outside the repository refused.
        """
        manifest = root / ".terraform" / "modules" / "modules.json"
        if manifest not in self._manifests:
            entries: list[Any] = []
            try:
                data = json.loads(read_confined(manifest, self.roots, MAX_FILE_BYTES).decode("utf-8"))
                found = data.get("Modules") if isinstance(data, dict) else None
                entries = found if isinstance(found, list) else []
            except ConfinementError as exc:
                if "no such file" not in str(exc):
                    self.warn(f"{display_path(manifest)}: {exc}")
            except (ValueError, RecursionError):
                self.warn(
                    f"{display_path(manifest)}: not a valid module manifest; fetched modules are not scanned"
                )
            self._manifests[manifest] = {
                e["Key"]: e["Dir"]
                for e in entries
                if isinstance(e, dict)
                and isinstance(e.get("Key"), str)
                and isinstance(e.get("Dir"), str)
                and e["Dir"]
            }
        directory = self._manifests[manifest].get(key)
        if directory is None:
            return None
        if not self.inside(root / directory, f"module {key} (modules.json Dir {directory})"):
            return None
        return directory

    def functions_for(self, module_dir: str, root_dir: str) -> dict[str, Any]:
        key = f"{root_dir}\0{module_dir}"
        if key not in self._functions:
            self._functions[key] = make_functions(module_dir, self.render_template, root_dir, self.roots)
        return self._functions[key]

    def render_template(self, text: str, variables: dict[str, Any]) -> Any:
        try:
            expr = parse_template(text)
        except ParseFailure as exc:
            raise EvalError(f"templatefile(...): {exc.message}") from None

        def names(name: str) -> Any:
            if name in variables:
                return variables[name]
            raise EvalError(f"templatefile(...): no variable {name!r}")

        return self.evaluator.eval(expr, Scope(names, self.literal_scope.functions))


def _find_roots(session: Session, given: Path) -> list[tuple[Path, str]]:
    """Root module directories for one path argument (see ``load_config``)."""
    if not given.exists():
        raise ConfigError(f"{given}: no such file or directory")
    if given.is_file():
        if given.suffix != ".tf":
            raise ConfigError(f"{given}: not a Terraform file (.tf)")
        return [(given.parent, display_path(given.parent))]
    if _tf_files(given):
        return [(given, display_path(given))]
    candidates: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(given):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if any(f.endswith(".tf") for f in filenames):
            candidates.append(Path(dirpath))
    if not candidates:
        raise ConfigError(f"{given}: no Terraform files (.tf) found")
    all_files = [f for d in candidates for f in _tf_files(d)]
    session.parse_many(all_files)
    called: set[Path] = set()
    for directory in candidates:
        definition = session.load_dir(directory, display_path(directory))
        if definition is None:
            continue
        for source in definition.local_module_sources():
            called.add((directory / source).resolve())
    return [(d, display_path(d)) for d in candidates if d.resolve() not in called]


def _prefetch(session: Session, roots: list[Path]) -> None:
    """Parse every file the roots will need, one batch per level of local module calls.

    Only the roots, the local modules their calls name (transitively) and the modules
    ``terraform init`` fetched are parsed: a module repository's ``examples/`` and
    ``wrappers/`` are not part of its root module's configuration, so they are
    neither parsed nor reported.
    """
    files: list[Path] = []
    for root in roots:
        files.extend(_tf_files(root))
        modules_dir = root / ".terraform" / "modules"
        if modules_dir.is_dir():
            for dirpath, dirnames, filenames in os.walk(modules_dir):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                files.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".tf"))
    session.parse_many(files)
    seen = {root.resolve() for root in roots}
    frontier = list(seen)
    for _ in range(MAX_MODULE_DEPTH):
        called: list[Path] = []
        for directory in frontier:
            for path in _tf_files(directory):
                parsed = session.files.get(path.resolve())
                for source in _local_sources(parsed) if parsed is not None else ():
                    target = (directory / source).resolve()
                    if (
                        target not in seen
                        and target.is_dir()
                        and session.inside(target, f"module source {source}")
                    ):
                        seen.add(target)
                        called.append(target)
        if not called:
            return
        session.parse_many([f for d in called for f in _tf_files(d)])
        frontier = called


def _local_sources(parsed: ast.File) -> list[str]:
    """Literal ``source = "./..."`` / ``"../..."`` of the module calls in one file."""
    out = []
    for block in parsed.body.blocks:
        if block.type != "module":
            continue
        src = block.body.attributes.get("source")
        value = src.expr.value if src is not None and isinstance(src.expr, ast.Lit) else None
        if isinstance(value, str) and value.startswith(("./", "../")):
            out.append(value)
    return out


# Resource and module instances evaluated per root module, and over every root of a scan. Far
# above real roots (a few hundred to a few thousand); a hostile fan-out (modules calling the
# next layer twice, 22 layers deep: four million instances) stops here, in seconds.
MAX_EMITTED = 5_000
MAX_EMITTED_TOTAL = 20_000


def _emit(instance: ModuleInstance, config: TfConfig, root: str, count: list[int]) -> None:
    """Append ``instance``'s resource instances, then its children's, to ``config``.

    ``count`` is [emitted so far in this root, limit]: past it (modules that fan out at every
    level multiply their instances) the rest is not evaluated and the scan says it was capped.
    """
    if count[0] >= count[1]:
        instance.session.capped(
            f"more than {count[1]} resource and module instances under {clean(root)}; the rest are not scanned"
        )
        return
    count[0] += 1
    constraints = config.aws_versions.setdefault(root, [])
    constraints.extend(c for c in instance.definition.aws_versions if c not in constraints)
    for decl in instance.definition.resources:
        for res in instance.resource_instances(decl):
            if count[0] >= count[1]:
                instance.session.capped(
                    f"more than {count[1]} resource and module instances under {clean(root)}; the rest are not scanned"
                )
                return
            count[0] += 1
            try:
                attrs = res.attrs()
            except EvalError as exc:
                attrs = {"__error__": Unknown(str(exc), ref=res.address)}
            config.blocks.append(
                TfBlock(
                    address=res.address,
                    mode=decl.mode,
                    type=decl.type,
                    name=decl.name,
                    attrs=attrs,
                    file=decl.file,
                    line=decl.block.line,
                    lines=dict(res.lines),
                    module=instance.path,
                    index=res.key,
                    region=instance.region_of(decl),
                    root=root,
                )
            )
    for name in instance.definition.calls:
        for child in instance.child_instances(name):
            _emit(child, config, root, count)


def load_config(
    paths: list[Path],
    var_files: list[Path] = (),  # type: ignore[assignment]
    cli_vars: dict[str, str] = {},  # noqa: B006 - read only; the signature others code against
    env: Mapping[str, str] | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    typed_values: Mapping[str, Any] | None = None,
) -> TfConfig:
    """Evaluate the Terraform configurations at ``paths``.

    ``typed_values`` give root variables already-typed values that win over
    every other source (the plan source passes the values a plan recorded).

    A directory holding ``.tf`` files is one root module; a directory holding
    none but with sub-directories that do gives one root per such directory
    that no other one calls as a local module; a ``.tf`` file stands for its
    directory. Raises :class:`ConfigError` for a path that does not exist or
    holds no Terraform; files that do not parse are reported in
    ``TfConfig.errors`` while everything else is still evaluated.
    """
    problem = check_hcl2()
    if problem:
        raise ConfigError(problem)
    env = dict(os.environ) if env is None else env
    session = Session(env, use_cache, workers, repository_roots([Path(p) for p in paths]))
    roots: list[tuple[Path, str]] = []
    for given in paths:
        for root in _find_roots(session, Path(given)):
            if root[0].resolve() not in {r[0].resolve() for r in roots}:
                roots.append(root)
    _prefetch(session, [r for r, _ in roots])
    config = TfConfig()
    for root, shown in roots:
        definition = session.load_dir(root, shown)
        if definition is None:
            continue
        session.root_real = root.resolve()

        def parse_file_strict(p: Path) -> ast.File:
            # tfvars files go through the AST cache too: on a warm run, loading the
            # grammar only for them would cost more than the rest of the scan.
            try:
                data = session.read(p)
                text = data.decode("utf-8")
            except ConfinementError as exc:
                raise ParseFailure(f"not read: {exc}", None) from None
            except UnicodeDecodeError:
                raise ParseFailure("the file is not valid UTF-8", None) from None
            key = content_key(data, session.hcl2_version)
            cached = session.cache.get(key)
            if cached is not None:
                return cached
            parsed = parse_text(text, session.lark_cache)
            session.cache.put(key, parsed)
            return parsed

        values = root_values(
            definition.variables,
            root,
            lambda p: display_path(p),
            [Path(p) for p in var_files],
            cli_vars,
            env,
            parse_file_strict,
            session.read,
            lambda text: parse_expression(text, session.lark_cache),
            session.errors,
            typed_values,
        )
        inputs = {name: (lambda v=value: v) for name, value in values.items()}
        instance = ModuleInstance(session, definition, "", [], inputs, {}, shown)
        # "infra", "infra/" and "./infra" are one root: fingerprints key on it.
        limit = min(MAX_EMITTED, MAX_EMITTED_TOTAL - len(config.blocks))
        _emit(instance, config, PurePosixPath(shown.replace("\\", "/")).as_posix(), [0, limit])
    config.errors.extend(session.errors)
    config.warnings.extend(session.warnings)
    return config
