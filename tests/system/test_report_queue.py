"""Reports rendered off the request path: a real `sovereign-ai worker` process renders them from the queue.

The web app here runs as in production (TASK_QUEUE_IMMEDIATE off): a download never renders in the
request; it queues the report and answers 202 until a worker has stored it. TEST_TASK_QUEUE_URL
(e.g. redis://127.0.0.1:6379/8) runs the same tests on Redis instead of the SQLite queue file.
"""

from __future__ import annotations

import json
import os
import re
import time

import pytest
from sqlalchemy import select

from assessment.storage.models import RenderedReport
from servers import STRONG_KEY, Worker
from documents import Q, document, text_of

WAIT = 300  # seconds before giving up on a worker (a busy shared machine), not a timing assertion


@pytest.fixture
def queue_url(tmp_path):
    """The queue shared by the app and the worker: Redis when TEST_TASK_QUEUE_URL says so, else a SQLite file."""
    url = os.environ.get("TEST_TASK_QUEUE_URL") or f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def queued_app(database_url, tmp_path, monkeypatch, queue_url):
    """The app as in production: reports go to the queue, none is rendered in a request."""
    from assessment import create_app
    from assessment.storage.database import upgrade

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    upgrade(database_url)
    application = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                              "TASK_QUEUE_URL": queue_url, "TASK_QUEUE_IMMEDIATE": False})
    yield application
    application.extensions["database"].engine.dispose()


@pytest.fixture
def worker(database_url, tmp_path, queue_url):
    """A `sovereign-ai worker` process (one rendering process unless told); started on demand, stopped with SIGTERM."""
    started = []

    def start(workers: int = 1) -> Worker:
        env = {**os.environ, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "instance"),
               "TASK_QUEUE_URL": queue_url, "SECRET_KEY": STRONG_KEY}
        started.append(Worker(env, log=tmp_path / "worker.log", workers=workers).start())
        return started[-1]

    yield start
    for each in started:
        each.stop()


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _until_pdf(client, url: str, **kwargs):
    """Ask again, as the progress page does, until the PDF arrives."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        response = client.get(url, **kwargs)
        if response.status_code == 200:
            return response
        assert response.status_code == 202, response.get_data(as_text=True)[:300]
        time.sleep(0.3)
    raise AssertionError(f"no PDF from {url} within {WAIT} s; see worker.log")


def _rows(app, **where) -> list[RenderedReport]:
    with app.app_context():
        from assessment.web.extensions import database

        query = select(RenderedReport).filter_by(**where)
        return list(database.session.scalars(query))


def test_downloads_are_queued_rendered_by_a_worker_and_saves_are_served_meanwhile(queued_app, worker):
    client = queued_app.test_client()
    made = [client.post("/api/v1/assessments", json=document(lang)).get_json() for lang in ("fr", "en", "fr")]
    # No worker yet: nothing can be rendered, so every answer is "not ready", and asking twice queues once.
    first = client.get(f"/a/{made[0]['token']}/report.pdf")
    assert first.status_code == 202 and first.mimetype == "text/html"
    page = first.get_data(as_text=True)
    assert "Préparation de votre rapport…" in page and '<meta http-equiv="refresh" content="2">' in page
    assert first.headers["Retry-After"] == "2" and first.headers["Refresh"] == "2"
    assert client.get(f"/a/{made[0]['token']}/report.pdf").status_code == 202
    api = client.get(f"/api/v1/assessments/{made[1]['id']}/report.pdf", headers=_auth(made[1]["token"]))
    assert api.status_code == 202 and api.mimetype == "application/problem+json"
    assert api.headers["Retry-After"] == "2"
    assert api.get_json()["status"] == 202 and api.get_json()["title"] == "Accepted"
    for item in made[1:]:
        client.get(f"/a/{item['token']}/report.pdf?lang=en")
    # One row per report: the same report asked twice (the API's default language is the answers', en) is one row.
    assert len(_rows(queued_app, status="queued")) == 3
    second_page = client.get(f"/a/{made[2]['token']}/report.pdf?lang=en").get_data(as_text=True)
    assert "Queued: 2 reports to prepare before yours." in second_page  # progress: its place in the queue

    worker()
    # Renders run in the worker: a save is served while reports are still being prepared.
    question = Q.pillars[0].questions[0]
    saver = client.post("/api/v1/assessments", json=document("fr")).get_json()
    saved = client.patch(f"/api/v1/assessments/{saver['id']}/answers", headers=_auth(saver["token"]),
                         json={"answers": {question.id: question.options[-1].id}})
    assert saved.status_code == 200
    assert len(_rows(queued_app, status="ready")) < 3

    web = _until_pdf(client, f"/a/{made[0]['token']}/report.pdf?lang=fr")
    assert web.mimetype == "application/pdf" and "attachment" in web.headers["Content-Disposition"]
    assert "Synthèse" in text_of(web.data)
    api = _until_pdf(client, f"/api/v1/assessments/{made[1]['id']}/report.pdf", headers=_auth(made[1]["token"]))
    assert "Executive summary" in text_of(api.data)
    for item in made[1:]:
        assert "Executive summary" in text_of(_until_pdf(client, f"/a/{item['token']}/report.pdf?lang=en").data)

    # A new revision renders anew; the older revision's PDF is purged once the new one is stored.
    changed = client.patch(f"/api/v1/assessments/{made[0]['id']}/answers", headers=_auth(made[0]["token"]),
                           json={"answers": {question.id: question.options[-1].id}})
    assert changed.status_code == 200
    assert client.get(f"/a/{made[0]['token']}/report.pdf").status_code == 202
    _until_pdf(client, f"/a/{made[0]['token']}/report.pdf")
    assert len(_rows(queued_app, assessment_id=made[0]["id"])) == 1
    # Erasing the assessment erases its rendered reports.
    assert client.delete(f"/api/v1/assessments/{made[1]['id']}", headers=_auth(made[1]["token"])).status_code == 204
    assert _rows(queued_app, assessment_id=made[1]["id"]) == []


def test_results_page_prepares_the_report_before_it_is_asked_for(queued_app, worker):
    client = queued_app.test_client()
    made = client.post("/api/v1/assessments", json=document("fr")).get_json()
    assert _rows(queued_app, assessment_id=made["id"]) == []
    assert client.get(f"/a/{made['token']}/results").status_code == 200
    assert [row.status for row in _rows(queued_app, assessment_id=made["id"])] == ["queued"]
    worker()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not _rows(queued_app, assessment_id=made["id"], status="ready"):
        time.sleep(0.3)
    download = client.get(f"/a/{made['token']}/report.pdf")  # nobody asked before: it is ready at once
    assert download.status_code == 200 and download.mimetype == "application/pdf"


def test_openapi_documents_the_202(client):
    document_ = client.get("/api/v1/openapi.json").get_json()
    responses = document_["paths"]["/assessments/{assessment_id}/report.pdf"]["get"]["responses"]
    assert "Retry-After" in responses["202"]["headers"]
    assert "application/problem+json" in responses["202"]["content"]


def test_batch_report_renders_many_answers_documents_in_one_call(cli, tmp_path):
    paths = []
    for name, lang in (("alpha", "fr"), ("beta", "en"), ("gamma", "fr")):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document(lang)))
        paths.append(str(path))
    code, out, err = cli("report", *paths, "-o", str(tmp_path / "out") + "/")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["alpha.pdf", "beta.pdf", "gamma.pdf"]
    assert "Executive summary" in text_of((tmp_path / "out" / "beta.pdf").read_bytes())
    assert len(out.splitlines()) == 3
    broken = tmp_path / "broken.json"
    broken.write_text('{"questionnaire": "nope"')
    code, out, err = cli("report", paths[0], str(broken), "-o", str(tmp_path / "again"))
    assert code == 1 and "broken.json" in err and (tmp_path / "again" / "alpha.pdf").exists()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "alpha.json").write_text(json.dumps(document("fr")))
    code, _, err = cli("report", paths[0], str(tmp_path / "other" / "alpha.json"), "-o", str(tmp_path / "x"))
    assert code == 1 and "alpha.pdf" in err and not (tmp_path / "x").exists()


def test_saving_the_consensus_prepares_the_group_report(queued_app, worker):
    from pages import csrf_token
    from workshop_steps import FIRST, add_consultant, join, login, new_workshop

    add_consultant(queued_app, "consultante@example.eu")
    client = queued_app.test_client()
    login(client, "consultante@example.eu")
    workshop_id = new_workshop(client)
    code = re.search(r'class="code big-code">([A-Z0-9-]+)<',
                     client.get(f"/workshops/{workshop_id}").get_data(as_text=True)).group(1)
    join(queued_app, code)
    assert _rows(queued_app, workshop_id=workshop_id) == []
    page = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    first = FIRST.questions[0]
    data = {"csrf_token": csrf_token(page), first.id: first.options[0].id}
    assert client.post(f"/workshops/{workshop_id}/consensus", data=data).status_code == 303
    assert [row.status for row in _rows(queued_app, workshop_id=workshop_id)] == ["queued"]
    worker()
    report = _until_pdf(client, f"/workshops/{workshop_id}/report.pdf")
    assert report.mimetype == "application/pdf" and "Atelier DSI" in text_of(report.data)


def test_a_complete_assessment_has_its_report_prepared_before_anyone_asks(queued_app, worker):
    from assessment import resources

    client = queued_app.test_client()
    complete = json.loads((resources.examples_dir() / "hospital-hds.json").read_text())
    partial = client.post("/api/v1/assessments", json=document("fr")).get_json()
    made = client.post("/api/v1/assessments", json=complete).get_json()
    assert [row.assessment_id for row in _rows(queued_app)] == [made["id"]]  # queued at once; the partial one is not
    worker()
    deadline = time.monotonic() + WAIT
    while not _rows(queued_app, assessment_id=made["id"], status="ready") and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _rows(queued_app, assessment_id=made["id"], status="ready"), "the worker did not prepare it"
    assert not _rows(queued_app, assessment_id=partial["id"])
    # Completing the partial one through the API queues its report too.
    answers = {k: v for k, v in complete["answers"].items()}
    patched = client.patch(f"/api/v1/assessments/{partial['id']}/answers", headers=_auth(partial["token"]),
                           json={"answers": answers})
    assert patched.status_code == 200 and _rows(queued_app, assessment_id=partial["id"])


def test_saves_of_a_complete_assessment_wait_in_one_task_that_renders_the_latest_revision(queued_app):
    """Each save of a complete assessment asks for its report; while one task waits, no other is queued.

    Otherwise one participant saving again and again makes a task per save, each rendering a revision
    nobody will ask for, and everyone else's report waits behind them (the queue grew without end).
    """
    from assessment import resources
    from assessment.web import render_queue

    client = queued_app.test_client()
    complete = json.loads((resources.examples_dir() / "hospital-hds.json").read_text())
    made = client.post("/api/v1/assessments", json=complete).get_json()
    question = next(q for p in Q.pillars for q in p.questions if q.id in complete["answers"] and len(q.options) > 2)
    given = complete["answers"][question.id]
    given = given["answer"] if isinstance(given, dict) else given
    others = [o.id for o in question.options if o.id != given]

    def save(option: str) -> None:
        saved = client.patch(f"/api/v1/assessments/{made['id']}/answers", headers=_auth(made["token"]),
                             json={"answers": {question.id: option}})
        assert saved.status_code == 200

    for option in others[:2]:  # two more revisions, each complete
        save(option)
    queue = render_queue.queue_of(queued_app)
    assert queue.pending_count() == 1
    assert [row.status for row in _rows(queued_app, assessment_id=made["id"])] == ["queued"] * 3
    with queued_app.app_context():
        queue.dequeue().execute()  # as a worker runs it: the latest revision, once, for all three
    assert [row.status for row in _rows(queued_app, assessment_id=made["id"])] == ["ready"]
    assert queue.pending_count() == 0
    download = client.get(f"/api/v1/assessments/{made['id']}/report.pdf", headers=_auth(made["token"]))
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    save(given)  # a save once nothing waits: a task again
    assert queue.pending_count() == 1


def test_the_progress_page_counts_reports_ahead_not_the_revisions_they_wait_for(queued_app):
    """Three saves of one complete assessment leave three queued rows but one report to render: a
    report asked for after them has 1 report ahead of it, not 3."""
    from assessment import resources

    client = queued_app.test_client()
    complete = json.loads((resources.examples_dir() / "hospital-hds.json").read_text())
    first = client.post("/api/v1/assessments", json=complete).get_json()
    question = next(q for p in Q.pillars for q in p.questions if q.id in complete["answers"] and len(q.options) > 2)
    for option in [o.id for o in question.options][:2]:  # two more complete revisions
        saved = client.patch(f"/api/v1/assessments/{first['id']}/answers", headers=_auth(first["token"]),
                             json={"answers": {question.id: option}})
        assert saved.status_code == 200
    assert len(_rows(queued_app, assessment_id=first["id"])) == 3
    second = client.post("/api/v1/assessments", json=document("fr")).get_json()  # not complete: asked for below
    page = client.get(f"/a/{second['token']}/report.pdf")
    assert page.status_code == 202, page.status_code
    text = " ".join(page.get_data(as_text=True).split())
    assert "1 rapport à préparer avant le vôtre" in text.replace("\u202f", " ").replace("\xa0", " "), text[:2000]


def test_rendering_processes_share_no_database_connection(queued_app, worker):
    """Two rendering processes forked by `sovereign-ai worker`: each opens its own connections.

    With the start-up check's connection inherited by both, on PostgreSQL their statements met on one
    socket ("prepared statement _pg3_0 already exists", or both waiting for ever).
    """
    from assessment import resources

    client = queued_app.test_client()
    made = [client.post("/api/v1/assessments", json=json.loads(path.read_text())).get_json()
            for path in sorted(resources.examples_dir().glob("*.json"))[:6]]
    started = worker(workers=2)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and len(_rows(queued_app, status="ready")) < len(made) \
            and started.process.poll() is None:
        time.sleep(0.3)
    log = started.log.read_text()
    assert "Traceback" not in log, [line for line in log.splitlines() if "Error" in line]
    for item in made:
        download = client.get(f"/api/v1/assessments/{item['id']}/report.pdf", headers=_auth(item["token"]))
        assert download.status_code == 200, item
