"""Shared helpers: load a construct fixture from the repository root with a shared cache dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.sources.terraform.loader import load_config
from scanner.sources.terraform.model import TfConfig

REPO = Path(__file__).resolve().parents[2]
CONSTRUCTS = "fixtures/terraform/constructs"


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("privacy-scan-cache")


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    # File paths in TfBlock are relative to the working directory, as a user typed them.
    monkeypatch.chdir(REPO)


@pytest.fixture
def load(cache_root: Path):
    def _load(name: str, **kwargs) -> TfConfig:
        env = {"PRIVACY_SCAN_CACHE_DIR": str(cache_root), **kwargs.pop("env", {})}
        return load_config([Path(CONSTRUCTS) / name], env=env, **kwargs)

    return _load
