"""Benchmark: a workshop's end. N distinct reports asked by C concurrent clients while one client saves answers.

Run: .venv/bin/python benchmarks/report_burst.py [-n 40] [-c 20] [--database-url URL] [--queue-url URL]
      [--batch 20]
gunicorn runs with the project's gunicorn.conf.py and `sovereign-ai worker` beside it (one process per
core). Each client asks for its report through the API and follows 202 + Retry-After until the PDF
arrives. Targets (issue 15, this machine, N=40, C=20): every report delivered, no error, saves p95
<= 250 ms during the burst; a pre-rendered report's download p95 <= 100 ms. With --batch K, also
K reports through one `sovereign-ai report` call against K separate calls (target <= 0.6x).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from serve import free_port, machine  # noqa: E402

BIN = Path(sys.executable).parent
EXAMPLES = sorted((ROOT / "questionnaires" / "examples").glob("*.json"))
STOPPING = threading.Event()  # set on SIGTERM or Ctrl-C: every client loop ends, gunicorn and the worker stop


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def call(base: str, method: str, path: str, token: str | None = None, body: dict | None = None):
    """One HTTP request: (status, headers, body bytes)."""
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


class Stack:
    """gunicorn (the project's config) and `sovereign-ai worker` on one database and one queue."""

    def __init__(self, database_url: str, queue_url: str, folder: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "benchmark-" + "x" * 40,
                    "SESSION_COOKIE_SECURE": "false", "DATABASE_URL": database_url, "TASK_QUEUE_URL": queue_url,
                    "INSTANCE_PATH": str(folder / "instance"), "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                    "GUNICORN_ACCESS_LOG": "/dev/null"}
        self.processes: list[subprocess.Popen] = []
        self.logs = folder

    def __enter__(self) -> Stack:
        subprocess.run([str(BIN / "sovereign-ai"), "db", "upgrade"], env=self.env, check=True,
                       stdout=subprocess.DEVNULL)
        for command in ([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "assessment:create_app()"],
                        [str(BIN / "sovereign-ai"), "worker"]):
            log = open(self.logs / f"{Path(command[0]).name}.log", "wb")  # read when a run stalls
            self.processes.append(subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log,
                                                   stderr=subprocess.STDOUT, start_new_session=True))
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def create(base: str, index: int) -> tuple[str, str]:
    """A new assessment from one of the personas, with a distinct organisation name: (id, token)."""
    document = json.loads(EXAMPLES[index % len(EXAMPLES)].read_text())
    document["organisation"] = {**(document.get("organisation") or {}), "name": f"Participant {index}"}
    status, _, body = call(base, "POST", "/api/v1/assessments", body=document)
    assert status == 201, body
    created = json.loads(body)
    return created["id"], created["token"]


def fetch_report(base: str, assessment: tuple[str, str], deadline: float = float("inf"),
                 delivered: list | None = None) -> tuple[float, int, bool]:
    """Ask for a report until it arrives or the deadline passes: (seconds, requests made, delivered as a PDF).

    The first request is always made: with a deadline already passed, one request and its time.
    """
    assessment_id, token = assessment
    start = time.perf_counter()
    attempt = 0
    while (attempt == 0 or time.monotonic() < deadline) and not STOPPING.is_set():
        attempt += 1
        status, headers, body = call(base, "GET", f"/api/v1/assessments/{assessment_id}/report.pdf", token)
        if status == 200:
            if delivered is not None:
                delivered.append(assessment_id)
            return time.perf_counter() - start, attempt, body.startswith(b"%PDF")
        if status != 202:
            print(f"  report of {assessment_id}: HTTP {status} {body[:200]!r}", flush=True)
            return time.perf_counter() - start, attempt, False
        time.sleep(float(headers.get("Retry-After", 1)))
    return time.perf_counter() - start, attempt, False


class Progress(threading.Thread):
    """A line every `every` seconds while the burst runs: reports delivered, saves, the queue and the store.

    When a run stalls, the last lines say where: tasks waiting in the queue and none rendering (no worker
    consuming), rows left "rendering" (a worker stuck), or a queue that grows faster than it drains.
    """

    def __init__(self, database_url: str, queue_url: str, folder: Path, delivered: list, saves: list,
                 every: float = 10):
        super().__init__(daemon=True)
        from assessment.storage.database import make_engine
        from assessment.web.render_queue import make_queue

        self.engine = make_engine(database_url)
        self.queue = make_queue(queue_url, folder / "instance")
        self.delivered, self.saves, self.every = delivered, saves, every
        self.stop = threading.Event()
        self.start_time = time.perf_counter()

    def line(self) -> str:
        """The state now, in one line."""
        from sqlalchemy import text

        with self.engine.connect() as connection:
            rows = dict(connection.execute(text("SELECT status, count(*) FROM rendered_report GROUP BY status")).all())
        return (f"  [{time.perf_counter() - self.start_time:5.0f} s] delivered {len(self.delivered)}, "
                f"saves {len(self.saves)}, tasks in the queue {self.queue.pending_count()}, "
                f"stored reports {dict(sorted(rows.items()))}")

    def run(self) -> None:
        while not self.stop.wait(self.every):
            print(self.line(), flush=True)

    def __enter__(self) -> Progress:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.join()
        self.engine.dispose()


def saver(base: str, assessment: tuple[str, str], question: str, options: list[str], stop: threading.Event,
          times: list[float]) -> None:
    """Save one answer after another (alternating options) until told to stop."""
    assessment_id, token = assessment
    index = 0
    while not stop.is_set() and not STOPPING.is_set():
        start = time.perf_counter()
        status, _, body = call(base, "PATCH", f"/api/v1/assessments/{assessment_id}/answers", token,
                               {"answers": {question: options[index % len(options)]}})
        times.append(time.perf_counter() - start)
        assert status == 200, body
        index += 1
        time.sleep(0.05)


def save_stats(label: str, times: list[float]) -> str:
    """p50, p95 and worst of save times, in ms."""
    return (f"{label}: {len(times)} saves, p50 {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms")


def burst(args: argparse.Namespace, folder: Path) -> None:
    """The burst under gunicorn: reports asked at once while saves go on; then the downloads of ready reports."""
    from assessment.loading import bundled_questionnaire

    question = bundled_questionnaire().pillars[0].questions[0]
    options = [option.id for option in question.options[:2]]
    database_url = args.database_url or f"sqlite:///{folder / 'burst.sqlite3'}"
    queue_url = args.queue_url or f"sqlite:///{folder / 'tasks.sqlite3'}"
    if queue_url.startswith("redis"):
        import redis

        redis.Redis.from_url(queue_url).flushdb()
    with Stack(database_url, queue_url, folder) as stack:
        assessments = [create(stack.base, index) for index in range(args.n)]
        saving = create(stack.base, args.n)
        stop, before, during = threading.Event(), [], []
        thread = threading.Thread(target=saver, args=(stack.base, saving, question.id, options, stop, before),
                                  daemon=True)
        thread.start()
        time.sleep(3)
        stop.set()
        thread.join()
        stop = threading.Event()
        thread = threading.Thread(target=saver, args=(stack.base, saving, question.id, options, stop, during),
                                  daemon=True)
        thread.start()
        start, delivered_ids = time.perf_counter(), []
        deadline = time.monotonic() + args.timeout
        with (Progress(database_url, queue_url, folder, delivered_ids, during) as progress,
              concurrent.futures.ThreadPoolExecutor(args.c) as pool):
            results = list(pool.map(lambda a: fetch_report(stack.base, a, deadline, delivered_ids), assessments))
            if time.monotonic() >= deadline:
                print(f"  stopped after {args.timeout} s:", progress.line().strip(), flush=True)
        total = time.perf_counter() - start
        stop.set()
        thread.join()
        delivered = sum(ok for _, _, ok in results)
        waits = [seconds for seconds, _, _ in results]
        print(f"burst: N={args.n} reports, C={args.c} clients, database {database_url.split(':')[0]}, "
              f"queue {queue_url.split(':')[0]}")
        print(f"  delivered {delivered}/{args.n}, errors {args.n - delivered}, all in {total:.1f} s; "
              f"per report median {statistics.median(waits):.1f} s, p95 {percentile(waits, 0.95):.1f} s")
        print("  " + save_stats("saves before the burst", before))
        print("  " + save_stats("saves during the burst", during) + "   (target p95 <= 250 ms)")
        delivered_ones = [a for a, (_, _, ok) in zip(assessments, results, strict=True) if ok]
        with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
            ready = list(pool.map(lambda a: fetch_report(stack.base, a, time.monotonic()), delivered_ones * 2))
        times = [seconds for seconds, attempts, ok in ready if ok and attempts == 1]
        print(f"  downloads of ready reports: {len(times)}/{len(ready)} at once, p50 "
              f"{statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms "
              f"(target p95 <= 100 ms)")

        def floor(_) -> float:
            start = time.perf_counter()
            call(stack.base, "GET", "/healthz")
            return time.perf_counter() - start

        with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
            floors = list(pool.map(floor, range(len(ready))))
        print(f"  floor, /healthz as many times at once: p50 {statistics.median(floors) * 1000:.0f} ms, "
              f"p95 {percentile(floors, 0.95) * 1000:.0f} ms (how busy the machine is)")


def batch(count: int, folder: Path) -> None:
    """`count` reports through one `sovereign-ai report` call against `count` separate calls."""
    files = []
    for index in range(count):
        path = folder / f"answers-{index:02}.json"
        path.write_text(EXAMPLES[index % len(EXAMPLES)].read_text())
        files.append(str(path))
    start = time.perf_counter()
    for path in files:
        subprocess.run([str(BIN / "sovereign-ai"), "report", path, "-o", str(folder / "one.pdf")], check=True,
                       stdout=subprocess.DEVNULL)
    separate = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([str(BIN / "sovereign-ai"), "report", *files, "-o", str(folder / "batch") + "/"], check=True,
                   stdout=subprocess.DEVNULL)
    together = time.perf_counter() - start
    print(f"batch: {count} reports in one call {together:.1f} s, in {count} calls {separate:.1f} s: "
          f"{together / separate:.2f}x (target <= 0.6x)")


def main() -> None:
    """Parse the options, run the burst (and the batch comparison), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40, help="reports asked for")
    parser.add_argument("-c", type=int, default=20, help="concurrent clients")
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--queue-url", help="TASK_QUEUE_URL (default: a new SQLite file); redis://… for Redis")
    parser.add_argument("--timeout", type=float, default=600, metavar="S",
                        help="stop asking for reports after S seconds (default 600) and print what was left")
    parser.add_argument("--batch", type=int, default=0, metavar="K", help="also compare K reports in one CLI call")
    parser.add_argument("--no-burst", action="store_true", help="only the batch comparison")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep it (gunicorn.log, sovereign-ai.log: the worker's)")
    args = parser.parse_args()

    def stopped(signum, _frame):
        STOPPING.set()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stopped)  # `timeout` or kill: gunicorn and the worker are stopped too
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not args.no_burst:
            burst(args, folder)
        if args.batch:
            batch(args.batch, folder)


if __name__ == "__main__":
    main()
