"""Throughput of a saved assessment's results page against a one-line view, both under gunicorn.

Run: .venv/bin/python benchmarks/throughput.py [--seconds 10] [--connections 16] [--database-url URL]
wrk (Debian package `wrk`) sends the load from a second process on 127.0.0.1. Goal: the results
page (database read, scoring, recommendations, template, SVG chart) at >= 35% of the one-line
view's requests per second.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from serve import Gunicorn, machine

ROOT = Path(__file__).resolve().parents[1]


def wrk(url: str, seconds: int, connections: int) -> tuple[float, str]:
    """Requests per second and the latency line wrk reports."""
    done = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                          capture_output=True, text=True, check=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        raise SystemExit(f"{errors.group(1)} error responses from {url}")
    latency = re.search(r"99%\s+(\S+)", done.stdout).group(1)
    return rate, latency


def main() -> int:
    """Prepare an assessment, then measure both pages in one run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    from assessment.storage.database import upgrade

    upgrade(url)
    persona = json.loads((ROOT / "questionnaires/examples/hospital-hds.json").read_text())
    with Gunicorn(url, folder) as server:
        request = urllib.request.Request(server.base + "/api/v1/assessments", data=json.dumps(persona).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        token = json.loads(urllib.request.urlopen(request).read())["token"]
        results = f"{server.base}/a/{token}/results"
        urllib.request.urlopen(results).read()
        floor_rate, floor_p99 = wrk(server.base + "/floor", args.seconds, args.connections)
        page_rate, page_p99 = wrk(results, args.seconds, args.connections)
        workers = server.env.get("GUNICORN_WORKERS", "cores+1")
    print(machine())
    print(f"gunicorn gthread, workers {workers}, 4 threads; wrk 2 threads, {args.connections} connections, "
          f"{args.seconds} s each; database {url.split('://')[0]}")
    print(f"one-line view: {floor_rate:8.1f} req/s (p99 {floor_p99})")
    print(f"results page:  {page_rate:8.1f} req/s (p99 {page_p99})")
    print(f"ratio: {page_rate / floor_rate:.0%} of the one-line view (goal >= 35%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
