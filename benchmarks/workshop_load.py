"""A 200-participant workshop against gunicorn: every write's latency, and zero errors.

Run: .venv/bin/python benchmarks/workshop_load.py [--participants 200] [--database-url URL]
         [--paced --ramp 20 --think 5 15]   or   [--concurrency 20]   (capacity: no pauses)
Each participant joins through the API with the first pillar's answers, then saves the three other
pillars with PATCH, as the web pages do page by page. Paced: participants arrive over --ramp
seconds and pause --think seconds between pages (a compressed workshop: people take minutes per
page); capacity: --concurrency clients write without pause. Goal: p95 write latency <= 100 ms, no error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from serve import Gunicorn, machine


def call(method: str, url: str, body: dict, token: str | None = None) -> tuple[int, float, dict]:
    """One JSON request: status, latency in ms, body."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method=method)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, payload = response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, {}
    return status, (time.perf_counter() - start) * 1000, payload


def main() -> int:
    """Prepare the workshop, run the participants, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--paced", action="store_true", help="all participants at once, with arrivals and pauses")
    parser.add_argument("--ramp", type=float, default=20.0, help="paced: arrivals spread over this many seconds")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), help="paced: pause between pages (s)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from assessment.loading import bundled_questionnaire
    from assessment.storage import workshops
    from assessment.storage import accounts
    from assessment.storage.database import normalise_url, upgrade

    if args.database_url:  # start from an empty schema
        engine = create_engine(normalise_url(url))
        with engine.begin() as conn:
            for table in ("assessment", "workshop", "consultant", "questionnaire_snapshot", "alembic_version"):
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
        engine.dispose()
    upgrade(url)
    questionnaire = bundled_questionnaire()
    engine = create_engine(normalise_url(url))
    with Session(engine) as session:
        consultant = accounts.add_consultant(session, "bench@example.org", "benchmark password")
        code = workshops.create_workshop(session, consultant, questionnaire, organisation="Bench", title="Bench",
                                   date=dt.date.today(), language="fr").code
        session.commit()
    engine.dispose()

    def pillar_answers(rng: random.Random, pillar) -> dict:
        return {q.id: rng.choice([o.id for o in q.options if not (o.exclusive or o.kind == "not-applicable")])
                for q in pillar.questions}

    def pause(rng: random.Random, low: float, high: float) -> None:
        if args.paced:
            time.sleep(rng.uniform(low, high))

    def participant(n: int) -> list[tuple[int, float]]:
        rng = random.Random(n)
        pillars = questionnaire.pillars
        pause(rng, 0, args.ramp)
        status, ms, body = call("POST", f"{server.base}/api/v1/workshops/{code}/responses",
                                {"participant": {"name": f"P{n}"}, "answers": pillar_answers(rng, pillars[0])})
        writes = [(status, ms)]
        if status != 201:
            return writes
        for pillar in pillars[1:]:
            pause(rng, *args.think)
            status, ms, _ = call("PATCH", f"{server.base}/api/v1/assessments/{body['id']}/answers",
                                 {"answers": pillar_answers(rng, pillar)}, body["token"])
            writes.append((status, ms))
        return writes

    with Gunicorn(url, folder) as server:
        start = time.perf_counter()
        with ThreadPoolExecutor(args.participants if args.paced else args.concurrency) as pool:
            writes = [w for result in pool.map(participant, range(args.participants)) for w in result]
        elapsed = time.perf_counter() - start
    latencies = sorted(ms for _, ms in writes)
    errors = sum(1 for status, _ in writes if status >= 400)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(machine())
    mode = (f"paced: arrivals over {args.ramp:g} s, {args.think[0]:g}-{args.think[1]:g} s between pages"
            if args.paced else f"capacity: {args.concurrency} clients without pause")
    print(f"database {url.split('://')[0]}; {args.participants} participants ({mode}), "
          f"{len(writes)} writes in {elapsed:.1f} s ({len(writes) / elapsed:.0f} writes/s)")
    print(f"write latency: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms (goal <= 100 ms), "
          f"max {latencies[-1]:.1f} ms; errors: {errors} (goal 0)")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
