"""Requests changing one assessment at the same moment: no 5xx, nothing acknowledged is lost.

Runs on SQLite and again on PostgreSQL (`make test`), whose locking differs: PostgreSQL makes
concurrent API writes wait on a row lock; SQLite's later writer meets a stale revision and merges again.
"""

from __future__ import annotations

import re
import threading

from sqlalchemy import create_engine, delete, event, update
from sqlalchemy.orm import Session

from assessment.loading import bundled_questionnaire
from assessment.storage.database import normalise_url
from assessment.storage.models import Assessment

from pages import csrf_token, form_value

Q = bundled_questionnaire()
QUESTIONS = [question for _, question in Q.questions() if question.depends_on is None]
THREADS, PATCHES = 6, 6


def test_concurrent_api_merges_of_one_assessment_all_count(app):
    created = app.test_client().post("/api/v1/assessments", json={"questionnaire": Q.id, "answers": {}})
    assessment_id, token = created.get_json()["id"], created.get_json()["token"]
    statuses: dict[str, int] = {}  # question id -> status of the PATCH that set it
    start = threading.Barrier(THREADS)

    def writer(n: int) -> None:
        client = app.test_client()
        start.wait()
        for k in range(PATCHES):
            question = QUESTIONS[n * PATCHES + k]
            response = client.patch(f"/api/v1/assessments/{assessment_id}/answers",
                                    json={"answers": {question.id: question.options[0].id}},
                                    headers={"Authorization": f"Bearer {token}"})
            statuses[question.id] = response.status_code

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(statuses.values()) == {200}, statuses  # merges commute: each one is applied, none refused
    final = app.test_client().get(f"/api/v1/assessments/{assessment_id}", headers={"Authorization": f"Bearer {token}"})
    assert set(final.get_json()["answers"]) == set(statuses), "an acknowledged merge was lost"
    assert final.headers["ETag"] == f'"{1 + THREADS * PATCHES}"'  # one revision per merge


def test_erasure_while_answers_are_merged(app):
    created = app.test_client().post("/api/v1/assessments", json={"questionnaire": Q.id, "answers": {}})
    assessment_id, token = created.get_json()["id"], created.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    statuses: list[int] = []
    halfway = threading.Event()

    def writer(n: int) -> None:  # merges until told the assessment is gone
        client = app.test_client()
        for k in range(200):
            question = QUESTIONS[(n * PATCHES + k) % len(QUESTIONS)]
            statuses.append(client.patch(f"/api/v1/assessments/{assessment_id}/answers", headers=headers,
                                         json={"answers": {question.id: question.options[k % 2].id}}).status_code)
            if k == PATCHES:
                halfway.set()
            if statuses[-1] == 404:
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    halfway.wait()
    erased = app.test_client().delete(f"/api/v1/assessments/{assessment_id}", headers=headers)
    for thread in threads:
        thread.join()
    assert erased.status_code == 204
    assert set(statuses) <= {200, 404} and 404 in statuses, statuses  # merged before, or told it is gone
    assert app.test_client().get(f"/api/v1/assessments/{assessment_id}", headers=headers).status_code == 404


def post_meeting_a_write(client, url: str, data: dict, database_url: str, statement) -> tuple[object, str]:
    """POST a page; just before it writes, `statement(assessment_id)` runs and commits on another connection.

    Returns the response and the assessment's id.
    """
    other = create_engine(normalise_url(database_url))
    done: list[str] = []

    def interleave(session, _context, _instances) -> None:
        if done:
            return
        assessment = next(obj for obj in session.dirty if isinstance(obj, Assessment))
        with other.begin() as connection:
            connection.execute(statement(assessment.id))
        done.append(assessment.id)

    event.listen(Session, "before_flush", interleave)
    try:
        response = client.post(url, data=data)
    finally:
        event.remove(Session, "before_flush", interleave)
        other.dispose()
    assert done, "the concurrent write did not happen"
    return response, done[0]


def _page(client, token: str):
    """The first pillar's page: (url, its hidden fields, the pillar)."""
    pillar = Q.pillars[0]
    url = f"/a/{token}/p/{pillar.id}"
    html = client.get(url).get_data(as_text=True)
    return url, {"csrf_token": csrf_token(html), "revision": form_value(html, "revision")}, pillar


def test_a_page_saved_while_another_request_writes_is_stale_not_a_500(app, client, started, database_url):
    """Another request writes between this page's read and its write: 409, the typed answer shown, nothing stored."""
    url, hidden, pillar = _page(client, started[0])
    mine, theirs = pillar.questions[0], pillar.questions[1]
    response, assessment_id = post_meeting_a_write(
        client, url, {**hidden, mine.id: mine.options[1].id}, database_url,
        lambda id_: update(Assessment).where(Assessment.id == id_).values(
            answers={theirs.id: [theirs.options[0].id]}, revision=Assessment.revision + 1))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "modifiées ailleurs" in html
    assert _checked(html, mine.id, mine.options[1].id), "the typed answer is not shown again"
    with Session(app.extensions["database"].engine) as session:
        stored = session.get(Assessment, assessment_id)
        assert stored.answers == {theirs.id: [theirs.options[0].id]}  # theirs kept, mine not stored
        assert form_value(html, "revision") == str(stored.revision)  # the page can now be sent again


def _checked(html: str, name: str, value: str) -> bool:
    """Whether the radio or checkbox `name=value` is checked in the page."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


def test_a_page_saved_while_the_assessment_is_erased_says_so(client, started, database_url):
    url, hidden, pillar = _page(client, started[0])
    question = pillar.questions[0]
    response, _ = post_meeting_a_write(client, url, {**hidden, question.id: question.options[1].id}, database_url,
                                       lambda id_: delete(Assessment).where(Assessment.id == id_))
    assert response.status_code == 404
    assert "ont été effacées du serveur" in response.get_data(as_text=True)
    assert client.get(url).status_code == 404
