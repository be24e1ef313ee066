"""Run the real command line in-process, as ``privacy-scan`` would, and capture code and output."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scanner.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


def run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Run:
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["privacy-scan", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    return Run(int(exc.value.code or 0), out, err)


def app_copy(tmp_path: Path) -> Path:
    """A writable copy of the test module (log groups, a variable default of 0, a local module)."""
    dest = tmp_path / "app"
    shutil.copytree(FIXTURES / "app", dest)
    (tmp_path / ".git").mkdir(exist_ok=True)  # stops the configuration search at the "repository"
    return dest


def insert_before(path: Path, marker: str, text: str) -> None:
    """Insert ``text`` before the first line containing ``marker``."""
    lines = path.read_text().splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if marker in line)
    lines.insert(i, text)
    path.write_text("".join(lines))
