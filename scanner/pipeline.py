"""The scan as a function: promises + source → state → checks → report. Commands are thin over this."""

from __future__ import annotations

from pathlib import Path

from scanner.engine.catalogue import load_catalogue
from scanner.engine.runner import run_checks
from scanner.promises import PromiseSet, default_promise_set, load_promises_file
from scanner.report import Report
from scanner.state import State
from scanner.util.yamlfile import InputError


def resolve_promises(statement: Path | None, promises: Path | None) -> PromiseSet:
    """Promises from a statement (extracted now), a reviewed promises file, or the default set."""
    if statement and promises:
        raise InputError("give either --statement or --promises, not both")
    if promises:
        return load_promises_file(promises)
    if statement:
        from scanner.extract import extract_statement

        return extract_statement(statement)
    return default_promise_set()


def evaluate_state(
    state: State,
    promise_set: PromiseSet,
    check_dirs: list[Path] = (),
    only: set[str] | None = None,
    skip: set[str] | None = None,
    target: str = "",
) -> Report:
    checks = load_catalogue(list(check_dirs))
    if only:
        checks = [c for c in checks if c.id in only]
    if skip:
        checks = [c for c in checks if c.id not in skip]
    findings = run_checks(state, checks, promise_set)
    return Report(
        promise_set=promise_set,
        findings=findings,
        errors=list(state.errors),
        warnings=[*promise_set.warnings, *state.warnings],
        not_covered=list(state.not_covered),
        target=target,
        checks=checks,
    )


def load_iac_state(
    paths: list[Path],
    var_files: list[Path] = (),
    cli_vars: dict[str, str] | None = None,
    use_cache: bool = True,
) -> State:
    """Terraform HCL directories, or a plan JSON file, into the state."""
    from scanner.sources.terraform.adapters import to_state
    from scanner.sources.terraform.errors import ConfigError
    from scanner.sources.terraform.plan import is_plan_file, load_plan

    try:
        plans = [p for p in paths if is_plan_file(p)]
        if plans:
            if len(paths) > 1:
                raise InputError("give one plan JSON file, or Terraform directories, not both")
            return to_state(load_plan(plans[0], use_cache=use_cache), origin="plan")
        from scanner.sources.terraform.loader import load_config

        config = load_config(list(paths), list(var_files), cli_vars or {}, use_cache=use_cache)
    except ConfigError as exc:
        raise InputError(str(exc)) from None
    return to_state(config)


def scan_iac(
    paths: list[Path],
    promise_set: PromiseSet,
    var_files: list[Path] = (),
    cli_vars: dict[str, str] | None = None,
    use_cache: bool = True,
    check_dirs: list[Path] = (),
) -> Report:
    state = load_iac_state(paths, var_files, cli_vars, use_cache)
    return evaluate_state(state, promise_set, check_dirs, target=" ".join(map(str, paths)))
