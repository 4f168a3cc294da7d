"""Benchmark of the facilitator's live view with 200 complete responses (target: p95 <= 250 ms).

Run: .venv/bin/python benchmarks/workshop_live.py [--participants 200] [--requests 60] [--database-url URL]
The page is requested in-process through Flask's test client (database read of every response,
aggregation, template); a one-line view on the same app is timed in the same run as the floor.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
import uuid

from sqlalchemy.orm import Session


def complete_sheet(questionnaire, rng):
    """A complete, random but valid answer sheet."""
    from assessment.answers import Answer, AnswerSheet

    answers = {}
    for _, question in questionnaire.questions():
        options = [o for o in question.options if not (o.kind == "not-applicable" or o.exclusive)]
        answers[question.id] = Answer((rng.choice(options).id,))
    return AnswerSheet(questionnaire.id, questionnaire.version, "fr", {}, answers)


def percentile(values, share):
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1)]


def main() -> int:
    """Build the workshop, then time the live view."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()

    folder = tempfile.mkdtemp()
    os.environ["INSTANCE_PATH"] = os.path.join(folder, "instance")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    from assessment import create_app
    from assessment.loading import bundled_questionnaire
    from assessment.storage import workshops
    from assessment.storage import accounts
    from assessment.storage.database import upgrade

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    app.add_url_rule("/floor", "floor", lambda: "ok")
    questionnaire = bundled_questionnaire()
    rng = random.Random(7)
    with Session(app.extensions["database"].engine) as session:
        consultant = accounts.add_consultant(session, f"bench-{uuid.uuid4().hex}@example.org", "benchmark password")
        workshop = workshops.create_workshop(session, consultant, questionnaire, organisation="Bench", title="Bench",
                                       date=__import__("datetime").date.today(), language="fr")
        for n in range(args.participants):
            workshops.join(session, workshop, name=f"P{n}" if n % 2 else "", sheet=complete_sheet(questionnaire, rng))
        session.commit()
        workshop_id, consultant_id = workshop.id, consultant.id

    client = app.test_client()
    with client.session_transaction() as browser_session:
        browser_session["consultant_id"] = consultant_id
    from assessment.answers import Answer
    from assessment.storage import assessments

    def write_one() -> None:
        """A participant saves an answer: the next live view must recompute everything."""
        with Session(app.extensions["database"].engine) as session:
            person = workshops.participants(session, session.get(workshops.Workshop, workshop_id))[rng.randrange(args.participants)]
            question = questionnaire.pillars[0].questions[0]
            assessments.save(session, person, {question.id: Answer((rng.choice(question.options).id,))})
            session.commit()

    timings = {"live": [], "changed": [], "floor": []}
    for path, key, before in ((f"/workshops/{workshop_id}", "live", None),
                              (f"/workshops/{workshop_id}", "changed", write_one), ("/floor", "floor", None)):
        client.get(path)  # warm up
        for _ in range(args.requests):
            if before:
                before()
            start = time.perf_counter()
            response = client.get(path)
            timings[key].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    live, changed, floor = timings["live"], timings["changed"], timings["floor"]
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {url.split('://')[0]}; {args.participants} complete responses of {sum(1 for _ in questionnaire.questions())} questions")
    print(f"live view, nothing changed since the last refresh: median {statistics.median(live):6.1f} ms, "
          f"p95 {percentile(live, .95):6.1f} ms over {args.requests} requests")
    print(f"live view, a participant saved just before: median {statistics.median(changed):6.1f} ms, "
          f"p95 {percentile(changed, .95):6.1f} ms (target p95 <= 250 ms) over {args.requests} requests")
    print(f"one-line view: median {statistics.median(floor):6.2f} ms; ratio live/floor "
          f"{statistics.median(live) / statistics.median(floor):.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
