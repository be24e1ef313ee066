"""bench/real_world.py on a made-up corpus: which roots it finds, what a scan records, sampling, summary."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("real_world", REPO / "bench" / "real_world.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rw = _load()

BUCKET = 'resource "aws_s3_bucket" "b" {}\n'


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A module repository (top + examples/*), an application (terraform/*) and a repository with no code."""
    module = tmp_path / "acme+module"
    (module / "examples" / "complete").mkdir(parents=True)
    (module / "examples" / "docs-only").mkdir()
    (module / "main.tf").write_text(BUCKET)
    (module / "examples" / "complete" / "main.tf").write_text(BUCKET)
    (module / "examples" / "docs-only" / "README.md").write_text("no code")
    app = tmp_path / "acme+app" / "terraform"
    (app / "aws").mkdir(parents=True)
    (app / "aws" / "main.tf").write_text(BUCKET)
    (tmp_path / "acme+empty").mkdir()
    (tmp_path / "notes.txt").write_text("a file, not a checkout")
    return tmp_path


def test_roots_are_top_examples_or_terraform_dirs(corpus: Path) -> None:
    found = [(repo, root.relative_to(corpus).as_posix()) for repo, root in rw.find_roots(corpus)]
    assert found == [
        ("acme+app", "acme+app/terraform/aws"),
        ("acme+module", "acme+module"),
        ("acme+module", "acme+module/examples/complete"),
    ]


# Stands in for privacy-scan (a real scan costs seconds of start-up): it answers with what it was
# asked, so the test sees the command line and the working directory the script uses.
ECHO = """
import json, os, sys
args = sys.argv[1:]
status = "fail" if "--no-cache" in args and args[2:4] == ["--format", "json"] else "unknown"
finding = {"check_id": "echo", "status": status, "file": args[1] + "/main.tf", "line": 1,
           "message": os.getcwd()}
print(json.dumps({"findings": [finding], "errors": [], "warnings": ["w"]}))
sys.exit(1)
"""


def test_scan_runs_each_root_cold_from_the_corpus(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    echo = tmp_path / "echo.py"
    echo.write_text(ECHO)
    assert rw.main(["scan", str(corpus), "--out", str(out), "--scanner", f"{sys.executable} {echo}"]) == 0
    results = json.loads(out.read_text())
    assert [(r["root"], r["exit"], r["crash"]) for r in results] == [
        ("acme+app/terraform/aws", 1, False),
        ("acme+module", 1, False),
        ("acme+module/examples/complete", 1, False),
    ]
    finding = results[1]["findings"][0]
    assert (finding["status"], finding["file"], finding["message"]) == (
        "fail",
        "acme+module/main.tf",
        str(corpus),
    )
    assert results[1]["warnings"] == ["w"]


def test_a_scanner_that_dies_is_a_crash_with_its_stderr(corpus: Path) -> None:
    dying = [sys.executable, "-c", "import sys; print('Traceback (most recent call last):', file=sys.stderr)"]
    result = rw.scan_root(corpus, "acme+app", corpus / "acme+app" / "terraform" / "aws", dying)
    assert result["crash"] is True
    assert result["findings"] == []
    assert "Traceback" in result["stderr"]


def _finding(status: str, n: int, message: str = "m") -> dict[str, object]:
    return {
        "check_id": f"c{n}",
        "resource": f"r.{n}",
        "status": status,
        "file": "f.tf",
        "line": n,
        "message": message,
    }


def test_sample_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings = [_finding("pass", i) for i in range(5)] + [_finding("fail", i) for i in range(2)]
    findings += [
        _finding("unknown", 7, 'cannot tell: var.a has no value; "x"'),
        _finding("unknown", 8, 'cannot tell: var.b has no value; "y"'),
    ]
    results = [{"repo": "acme+m", "root": "acme+m", "exit": 1, "crash": False, "findings": findings}]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results))

    first = rw.pick(results, seed=2026, per_status=3)
    assert [f["status"] for _, f in first] == ["pass"] * 3 + ["fail"] * 2 + ["unknown"] * 2
    assert first == rw.pick(results, seed=2026, per_status=3)

    out = tmp_path / "sample.md"
    assert rw.main(["sample", str(path), "--seed", "2026", "--per-status", "3", "--out", str(out)]) == 0
    assert out.read_text().count("\n   ") == 7

    summary = rw.summarise(results)
    assert summary["status"] == {"pass": 5, "fail": 2, "unknown": 2}
    assert summary["unknown_share"] == 22.2
    assert summary["unknown_reasons"] == [("X has no value; X", 2)]
    assert rw.main(["summary", str(path)]) == 0
    assert "unknown share 22.2 %" in capsys.readouterr().out
