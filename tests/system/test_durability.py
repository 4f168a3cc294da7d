"""Nothing lost: 200 participants write through the API, gunicorn is SIGKILLed halfway and restarted.

Every write that was acknowledged must be there afterwards, and no request may get a 5xx.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from assessment.loading import bundled_questionnaire
from assessment.storage import workshops
from assessment.storage import accounts
from assessment.storage.database import normalise_url, upgrade
from assessment.storage.models import Assessment
from servers import Gunicorn

Q = bundled_questionnaire()
PARTICIPANTS = 200


class Client:
    """JSON requests that retry while the server is down, and remember every status seen."""

    def __init__(self, base: str):
        self.base = base
        self.statuses: list[int] = []
        self.lock = threading.Lock()

    def send(self, method: str, path: str, body: dict, token: str | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        deadline = time.monotonic() + 60
        while True:
            request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), headers=headers,
                                             method=method)
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    status, payload = response.status, json.loads(response.read())
            except urllib.error.HTTPError as exc:
                status, payload = exc.code, {}
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
                # no answer (the server is being killed or restarted): not acknowledged, try again
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
                continue
            with self.lock:
                self.statuses.append(status)
            return status, payload


def server_errors(log) -> str:
    """The error lines and tracebacks of gunicorn's log, to say why a request failed."""
    lines = log.read_text(errors="replace").splitlines()
    return "\n".join(line for line in lines if not line.startswith("127.0.0.1"))[-6000:]


@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill(database_url, tmp_path):
    upgrade(database_url)
    engine = create_engine(normalise_url(database_url))
    try:
        _write_kill_and_check(database_url, tmp_path, engine)
    finally:
        engine.dispose()


def _write_kill_and_check(database_url, tmp_path, engine) -> None:
    with Session(engine) as session:
        consultant = accounts.add_consultant(session, "durable@example.org", "a long enough password")
        code = workshops.create_workshop(session, consultant, Q, organisation="C", title="T", date=dt.date.today(),
                                   language="fr").code
        session.commit()
    log = tmp_path / "gunicorn.log"
    server = Gunicorn(database_url, tmp_path, log=log, JOIN_RATE_LIMIT="10000 per minute").start()
    client = Client(server.base)
    acknowledged: dict[str, dict[str, str]] = {}  # assessment id -> answers acknowledged
    progress = threading.Semaphore(0)

    def participant(n: int) -> None:
        rng = random.Random(n)
        answers = {q.id: rng.choice([o.id for o in q.options if not o.exclusive]) for q in Q.pillars[0].questions}
        status, body = client.send("POST", f"/api/v1/workshops/{code}/responses", {"answers": answers})
        if status != 201:
            return
        acknowledged[body["id"]] = dict(answers)
        progress.release()
        for pillar in Q.pillars[1:]:
            answers = {q.id: rng.choice([o.id for o in q.options if not o.exclusive]) for q in pillar.questions}
            status, _ = client.send("PATCH", f"/api/v1/assessments/{body['id']}/answers", {"answers": answers},
                                    body["token"])
            if status == 200:
                acknowledged[body["id"]].update(answers)
            progress.release()

    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(participant, n) for n in range(PARTICIPANTS)]
        for _ in range(PARTICIPANTS * 4 // 2):  # halfway through the writes
            progress.acquire()
        server.kill()
        server = Gunicorn(database_url, tmp_path, port=server.port, log=log, JOIN_RATE_LIMIT="10000 per minute").start()
        for future in futures:
            future.result()
    server.stop()

    assert not [s for s in client.statuses if s >= 500], "a request got a 5xx:\n" + server_errors(log)
    assert len(acknowledged) >= PARTICIPANTS * 0.9
    with Session(engine) as session:
        for assessment_id, answers in acknowledged.items():
            stored = session.get(Assessment, assessment_id)
            assert stored is not None, f"acknowledged assessment {assessment_id} lost"
            kept = {qid: (value if isinstance(value, list) else value["answer"])
                    for qid, value in stored.answers.items()}
            for question_id, option in answers.items():
                assert kept.get(question_id) == [option], (assessment_id, question_id)
