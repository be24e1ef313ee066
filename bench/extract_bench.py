"""Benchmark of the statement extractor: quality on the development corpus, and speed.

    python bench/extract_bench.py [--corpus DIR] [--speed-only | --quality-only] [--runs 7]

Quality: runs the corpus's own scorer (``score.py`` in the corpus folder) with this checkout's
``python -m scanner`` and prints its tables (file- and promise-level precision and recall per
control, retention periods, applies_to, transfer countries, trap hits), for the corpus and for
each held-out set in ``bench/heldout/<set>/``: statements the team wrote without running the
extractor, annotated in the corpus's format, which show how it reads text it was not built on. The corpus is not part
of the project (its texts belong to their authors); by default it is looked for in
``../shared/corpus`` next to the repository. When it is not there, the script says so and exits 0.

Speed: times ``extract_text`` in this process (warm: the lemmatiser and vocabulary are loaded
by a first call that is not counted) on synthetic statements of 5, 20, 80 and 320 KB built from
sentences written for this benchmark, and prints the medians and the time per KB, so a
non-linear cost shows as a growing ms/KB. A benchmark, not a test: the machine's load skews it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
# statements the team wrote without running the extractor, annotated in the corpus's format: they
# show how the extractor does on text it was not built on (scored with the corpus's scorer)
HELDOUT = REPO / "bench" / "heldout"

# Sentences written for this benchmark (not taken from any statement).
_PARAGRAPHS = [
    "## Security\n\n- All traffic to our API uses TLS 1.2 or higher.\n"
    "- Databases and backups are encrypted at rest.\n"
    "- Only two engineers have access to production, with two-factor login.\n",
    "## Retention\n\n| Data | Period |\n|---|---|\n| Server logs | 30 days |\n| Invoices | 7 years |\n",
    "We use Stripe for card payments and Mailchimp for newsletters. Our servers are in Amsterdam.\n",
    "Wij bewaren je gegevens niet langer dan nodig. Het IP-adres wordt geanonimiseerd opgeslagen.\n",
    "We respond to requests within 30 days. You have the right of access to your data.\n",
]


def _statement(size: int) -> str:
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        para = _PARAGRAPHS[i % len(_PARAGRAPHS)]
        out.append(para)
        total += len(para.encode("utf-8")) + 1
        i += 1
    return "# Privacy notice\n\n" + "\n".join(out)


def speed(runs: int) -> None:
    sys.path.insert(0, str(REPO))
    from scanner.extract import extract_text

    extract_text(_statement(2_000), "warm-up.md", language="en")
    print(f"extraction time, warm, median of {runs} runs (extract_text in one process);")
    print(
        f"CPU time is the process's own, wall time includes waiting on a loaded machine (load {os.getloadavg()[0]:.1f}):"
    )
    print(f"{'size':>8s} {'CPU ms':>8s} {'CPU ms/KB':>10s} {'wall ms':>8s}")
    for kb in (5, 20, 80, 320):
        text = _statement(kb * 1024)
        cpu, wall = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            extract_text(text, "bench.md", language="en")
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
        med = statistics.median(cpu) * 1000
        print(f"{kb:>6d}KB {med:>8.1f} {med / kb:>10.2f} {statistics.median(wall) * 1000:>8.1f}")


def quality(corpus: Path) -> int:
    """The corpus's tables, then the same tables for each held-out set in bench/heldout/."""
    score = corpus / "score.py"
    if not score.exists():
        print(f"no corpus scorer at {score}; skipping the quality tables")
        return 0
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    cli = f"{sys.executable} -m scanner"
    sets = [("the development corpus", [])]
    for folder in sorted(HELDOUT.iterdir()) if HELDOUT.is_dir() else []:
        if (folder / "annotations.yaml").is_file() and (folder / "statements").is_dir():
            where = [
                "--corpus",
                str(folder / "statements"),
                "--annotations",
                str(folder / "annotations.yaml"),
            ]
            sets.append((f"held-out set {folder.name} (written by the team, blind)", where))
    worst = 0
    for title, where in sets:
        print(
            f"quality on {title} (python {score.name} --cli '{cli}' --quiet {' '.join(where)}):\n", flush=True
        )
        code = subprocess.run(
            [sys.executable, str(score), "--cli", cli, "--quiet", *where], env=env, check=False
        ).returncode
        worst = max(worst, code)
        print()
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--speed-only", action="store_true")
    group.add_argument("--quality-only", action="store_true")
    args = parser.parse_args()
    if not args.quality_only:
        speed(args.runs)
        print()
    if args.speed_only:
        return 0
    if not args.corpus.is_dir():
        print(f"the development corpus is not at {args.corpus}; nothing to score (this is fine)")
        return 0
    return quality(args.corpus)


if __name__ == "__main__":
    sys.exit(main())
