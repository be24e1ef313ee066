"""Measure the HTML report of a 300-resource scan (size, browser load time) and draw docs/report.png.

    python -m tests.formats.report_bench measure [--modules 15 --resources 20]
    python -m tests.formats.report_bench screenshot docs/report.png

``measure`` generates Terraform with ``bench/bench.py``'s generator (modules x resources),
scans it against the shipped statement, renders ``--format html`` and opens the file in
headless Chromium, printing the file size, the browser's own load time
(``loadEventEnd``) and the wall time from navigation to the load event.
``screenshot`` renders the shipped example (fixtures/terraform/webshop against
fixtures/statements/symbis.nl.txt) and saves the top of the page as a PNG.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WEBSHOP = Path("fixtures/terraform/webshop")
SYMBIS = Path("fixtures/statements/symbis.nl.txt")


def scan_html(paths: list[Path], statement: Path) -> tuple[str, int, int]:
    """(the report, resources scanned, findings) for ``paths`` against ``statement``."""
    from scanner.formats import renderer
    from scanner.pipeline import resolve_promises, scan_iac

    report = scan_iac(paths, resolve_promises(statement, None), use_cache=False)
    return renderer("html")(report), len({f.resource for f in report.findings}), len(report.findings)


def generated_report(tmp: Path, modules: int, resources: int) -> tuple[str, int, int]:
    sys.path.insert(0, str(REPO / "bench"))
    from bench import generate  # the benchmark's own generator

    generate(tmp / "tf", modules, resources)
    return scan_html([tmp / "tf"], SYMBIS)


def measure(modules: int, resources: int) -> None:
    from tests.formats.browser import find_chromium, open_page

    with tempfile.TemporaryDirectory(prefix="privacy-scan-report-") as name:
        tmp = Path(name)
        start = time.perf_counter()
        html, n_resources, n_findings = generated_report(tmp, modules, resources)
        render_s = time.perf_counter() - start
        out = tmp / "report.html"
        out.write_text(html, encoding="utf-8")
        size = out.stat().st_size
        print(
            f"{n_resources} resources, {n_findings} findings: report {size / 1e6:.2f} MB (scan+render {render_s:.1f} s)"
        )
        chromium = find_chromium()
        if chromium is None:
            print("no chromium binary: browser load time not measured")
            return
        runs = [open_page(chromium, out, screenshot=False) for _ in range(3)]
        for r in runs:
            assert not r.errors, r.errors
        load = sorted(r.load_ms for r in runs)[1]
        wall = sorted(r.wall_s for r in runs)[1]
        print(
            f"browser: loadEventEnd {load:.0f} ms, navigate→load {wall:.2f} s (median of 3), page {runs[0].height} px tall"
        )
        print(f"load average {os.getloadavg()[0]:.1f}")


def screenshot(out: Path, height: int) -> None:
    from tests.formats.browser import find_chromium, open_page

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no chromium binary found")
    html, _, _ = scan_html([WEBSHOP], SYMBIS)
    with tempfile.TemporaryDirectory(prefix="privacy-scan-report-") as name:
        page = Path(name) / "report.html"
        page.write_text(html, encoding="utf-8")
        result = open_page(chromium, page, width=1100, shot_height=height)
    if result.errors:
        raise SystemExit(f"console errors: {result.errors}")
    out.write_bytes(result.png)
    print(f"{out}: {len(result.png)} bytes, the top {height} px of a {result.height} px page")


def main() -> None:
    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("PRIVACY_SCAN_CACHE_DIR", tempfile.mkdtemp(prefix="privacy-scan-cache-"))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--modules", type=int, default=15)
    m.add_argument("--resources", type=int, default=20)
    s = sub.add_parser("screenshot")
    s.add_argument("out", type=Path)
    s.add_argument("--height", type=int, default=1600)
    args = parser.parse_args()
    if args.cmd == "measure":
        measure(args.modules, args.resources)
    else:
        screenshot(args.out, args.height)


if __name__ == "__main__":
    main()
