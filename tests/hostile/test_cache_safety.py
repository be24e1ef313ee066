"""Caches an attacker can write to: no pickle ever, private directories, never a reason to fail.

Every scan here is a real ``python -m scanner`` process (tests/hostile/limits.py). The
attacker's material is built in the test: a pickle that creates a marker file when loaded,
planted at every key a scan reads (the keys are predictable from public content), a cache
directory owned by someone else or writable by everyone, a file where the folder should be.
"""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
from pathlib import Path

import pytest

from tests.hostile.limits import assert_clean_exit, run_limited

REPO = Path(__file__).resolve().parents[2]
# A cold scan compiles the HCL grammar (seconds, more on a loaded machine).
COLD = 180.0


class _Marker:
    """Unpickling this creates ``path``: proof that a pickle was loaded (and code ran)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def _project(root: Path) -> Path:
    project = root / "project"
    (project / "modules" / "logs").mkdir(parents=True)
    (project / "main.tf").write_text(
        'variable "days" {}\n'
        'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n'
        'module "logs" {\n  source = "./modules/logs"\n  days   = var.days\n}\n'
    )
    (project / "terraform.tfvars").write_text("days = 7\n")
    (project / "modules" / "logs" / "main.tf").write_text(
        'variable "days" {}\n'
        'resource "aws_cloudwatch_log_group" "app" {\n  name = "app"\n  retention_in_days = var.days\n}\n'
    )
    return project


def _scan(project: Path, cache: Path, *extra: str, timeout: float = COLD, pythonpath: str | None = None):
    env = {"PRIVACY_SCAN_CACHE_DIR": str(cache)}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    result = run_limited(
        ["iac", str(project), "--format", "json", *extra], cwd=REPO, timeout=timeout, env=env
    )
    assert_clean_exit(result)
    return result


def _verdicts(stdout: str) -> list[tuple[str, str, str, str]]:
    data = json.loads(stdout)
    return sorted((f["resource"], f["check_id"], f["status"], f["message"]) for f in data["findings"])


NO_PICKLE = (
    "import pickle\n"
    "def _no(*a, **k):\n    raise SystemExit('pickle used')\n"
    "for _n in ('load', 'loads', 'dump', 'dumps'):\n"
    "    setattr(pickle, _n, _no)\n"
    "class Unpickler(pickle.Unpickler):\n    __init__ = _no\n"
    "class Pickler(pickle.Pickler):\n    __init__ = _no\n"
    "pickle.Unpickler, pickle.Pickler = Unpickler, Pickler\n"
)


@pytest.fixture(scope="module")
def no_pickle_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PYTHONPATH under which every pickle entry point of the scanning process exits loudly."""
    hooks = tmp_path_factory.mktemp("hooks")
    (hooks / "sitecustomize.py").write_text(NO_PICKLE)
    return f"{hooks}{os.pathsep}{REPO}"


@pytest.fixture(scope="module")
def reference(tmp_path_factory, no_pickle_path) -> tuple[Path, Path, list[tuple[str, str, str, str]], int]:
    """A project, a cache filled by one cold scan (run without pickle), its verdicts and exit code."""
    root = tmp_path_factory.mktemp("cache-ref")
    project = _project(root)
    cache = root / "nested" / "cache"
    first = _scan(project, cache, pythonpath=no_pickle_path)
    assert "pickle used" not in first.stderr
    verdicts = _verdicts(first.stdout)
    # the module's value comes from terraform.tfvars (also parsed through the AST cache)
    assert ("module.logs.aws_cloudwatch_log_group.app", "aws-logs-retention", "pass") in [
        v[:3] for v in verdicts
    ]
    return project, cache, verdicts, first.returncode


def _all_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_cache_is_json_in_private_directories(reference):
    project, cache, verdicts, _ = reference
    files = _all_files(cache)
    kinds = {p.relative_to(cache).parts[0] for p in files}
    assert {"ast", "catalogue"} <= kinds and any(p.name.startswith("grammar-") for p in files)
    for path in files:
        head = path.read_bytes()[:2]
        assert head[:1] != b"\x80", f"{path} starts with a pickle protocol header"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert path.suffix == ".json" and not path.name.startswith(".tmp-"), path
    for folder in [cache, cache.parent, *(p for p in cache.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_scanner_never_imports_or_calls_pickle(reference, no_pickle_path, tmp_path):
    project, cache, verdicts, code = reference
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "scanner").rglob("*.py")
        if any(
            word in p.read_text(encoding="utf-8")
            for word in ("import pickle", "from pickle", "import marshal", "import shelve", "import dill")
        )
    ]
    assert offenders == []
    # At run time: the cold scan of `reference` ran with every pickle entry point raising (Lark
    # imports pickle for its own cache format, which privacy-scan does not use); now a warm one.
    warm = tmp_path / "warm"
    subprocess.run(["cp", "-a", str(cache), str(warm)], check=True)
    result = _scan(project, warm, pythonpath=no_pickle_path)
    assert "pickle used" not in result.stderr
    assert _verdicts(result.stdout) == verdicts and result.returncode == code


def test_planted_pickles_at_every_key_are_ignored_and_run_nothing(reference, tmp_path):
    project, cache, verdicts, code = reference
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Marker(marker), protocol=pickle.HIGHEST_PROTOCOL)
    planted = tmp_path / "planted"
    subprocess.run(["cp", "-a", str(cache), str(planted)], check=True)
    entries = _all_files(planted)
    for path in entries:  # every AST, grammar and catalogue entry
        path.write_bytes(payload)
        # the old pickle names are never even opened
        path.with_suffix(".pickle").write_bytes(payload)
    (planted / "lark-hcl2-8.1.4.bin").write_bytes(payload)
    result = _scan(project, planted)
    assert not marker.exists()
    assert _verdicts(result.stdout) == verdicts and result.returncode == code
    # the planted entries were rewritten as valid JSON entries
    assert all(p.read_bytes()[:1] != b"\x80" for p in entries)


def test_world_writable_cache_is_not_used(reference, tmp_path):
    project, _, verdicts, code = reference
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    result = _scan(project, shared)
    assert _verdicts(result.stdout) == verdicts and result.returncode == code
    assert list(shared.iterdir()) == []
    assert result.stderr.count("warning: cache directory") == 1
    assert f"cache directory {shared} is not used: other users can write to it" in result.stderr


def test_uncreatable_cache_location_still_gives_a_full_scan(reference, tmp_path):
    project, _, verdicts, code = reference
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder's parent should be\n")
    cache = blocker / "privacy-scan"
    result = _scan(project, cache)
    assert _verdicts(result.stdout) == verdicts and result.returncode == code
    assert result.stderr.count("warning: cache directory") == 1
    assert "cannot be created (NotADirectoryError); scanning without a cache" in result.stderr
    assert blocker.read_text() == "a file where the cache folder's parent should be\n"


def test_no_cache_touches_nothing(reference, tmp_path):
    project, _, verdicts, code = reference
    cache = tmp_path / "absent" / "cache"
    result = _scan(project, cache, "--no-cache")
    assert _verdicts(result.stdout) == verdicts and result.returncode == code
    assert not (tmp_path / "absent").exists()
    assert "cache directory" not in result.stderr  # not even looked at
