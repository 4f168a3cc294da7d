"""Benchmark of the PDF report: time and memory, against a one-page WeasyPrint document as the floor.

Run: .venv/bin/python benchmarks/report.py [--renders 200] [--runs 5]
Everything is measured in one run on this machine and printed with the ratios; the README records
the figures. Targets (issue 5): the whole `sovereign-ai report` command within 2x the one-page
WeasyPrint process; a warm in-process render of the standard report <= 0.5 s median; peak RSS
<= 200 MiB; memory growth <= 10% over 200 renders in one process.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "questionnaires" / "examples"
STANDARD = EXAMPLES / "hospital-hds.json"     # a mid-maturity organisation with gaps
WORST = EXAMPLES / "startup-us-stack.json"    # the most findings and recommendations
BIN = Path(sys.executable).parent

FLOOR = """
import sys, weasyprint
weasyprint.HTML(string="<html lang=en><title>x</title><p>One page.</p>").write_pdf(sys.argv[1])
"""

RENDERS = """
import gc, json, resource, sys, time
from assessment.answers import parse_document, read_document
from assessment.loading import bundled_catalogue, bundled_questionnaire
from assessment.evaluation import evaluate
from assessment.report import model, pdf

def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024

path, count, collect = sys.argv[1], int(sys.argv[2]), sys.argv[3:] == ["collect"]
sheet, questionnaire = parse_document(read_document(path), bundled_questionnaire)
catalogue = bundled_catalogue()
times, rss = [], []
for i in range(count):
    start = time.perf_counter()
    report = model.build(evaluate(questionnaire, sheet, catalogue), "fr")
    pdf.write_pdf(report)
    times.append(time.perf_counter() - start)
    if collect:  # outside the timing: what a render leaves behind once its cyclic garbage is freed
        gc.collect()
    rss.append(rss_kib())
print(json.dumps({"times": times, "rss": rss, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run_child(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def median_child(command: list[str], runs: int) -> tuple[float, int]:
    """Median wall time and the highest peak RSS over several runs."""
    results = [run_child(command) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(r for _, r in results)


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="process runs per command (median)")
    parser.add_argument("--renders", type=int, default=200, help="in-process renders for the memory growth")
    args = parser.parse_args()
    import json

    out = Path(tempfile.mkdtemp()) / "out.pdf"
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    floor_t, floor_rss = median_child([sys.executable, "-c", FLOOR, str(out)], args.runs)
    print(f"one-page WeasyPrint process:        median {floor_t:6.2f} s, peak RSS {floor_rss / 1024:6.1f} MiB")
    results = {}
    for name, path in (("standard", STANDARD), ("worst", WORST)):
        cli_t, cli_rss = median_child([str(BIN / "sovereign-ai"), "report", str(path), "-o", str(out)], args.runs)
        pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?")
        print(f"sovereign-ai report ({name:8}):    median {cli_t:6.2f} s, peak RSS {cli_rss / 1024:6.1f} MiB, "
              f"{pages} pages, ratio to floor {cli_t / floor_t:4.2f}x (target <= 2x)")
        results[name] = (cli_t, cli_rss)
    for name, path, count in (("standard", STANDARD, 20), ("worst", WORST, 10)):
        child = subprocess.run([sys.executable, "-c", RENDERS, str(path), str(count)], capture_output=True, text=True,
                               check=True)
        data = json.loads(child.stdout)
        warm = statistics.median(data["times"][1:])
        print(f"warm in-process render ({name:8}): median {warm:6.2f} s over {count - 1} renders"
              + (" (target <= 0.5 s)" if name == "standard" else ""))
    # Memory: a render leaves ~36,000 objects in reference cycles (WeasyPrint's boxes), which Python's
    # cyclic collector frees when its thresholds say so. The retained memory is measured after a full
    # collection following each render; the RSS as the process runs, without forcing any, is printed too.
    for mode, label in (("collect", "retained (full collection after each render)"),
                        ("", "as it runs (no forced collection)")):
        child = subprocess.run([sys.executable, "-c", RENDERS, str(STANDARD), str(args.renders), mode],
                               capture_output=True, text=True, check=True)
        data = json.loads(child.stdout)
        early, late = data["rss"][min(9, len(data["rss"]) - 1)], data["rss"][-1]
        growth = (late - early) / early * 100
        print(f"memory over {args.renders} renders, {label}: RSS {early / 1024:.1f} MiB after 10, "
              f"{late / 1024:.1f} MiB after {args.renders}: growth {growth:+.1f}% (target <= 10%); "
              f"peak {data['peak'] / 1024:.1f} MiB (target <= 200 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
