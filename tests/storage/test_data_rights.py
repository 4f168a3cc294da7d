"""The user's data is theirs: export, erasure (UI, API, CLI), retention purge, a privacy page."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assessment.loading import bundled_questionnaire
from assessment.storage.models import Assessment, Workshop
from pages import csrf_token

Q = bundled_questionnaire()
QUESTION = Q.pillars[0].questions[0]


def create(client, comment: str = "notre contexte"):
    """An assessment through the API."""
    body = {"questionnaire": Q.id, "organisation": {"name": "ACME"},
            "answers": {QUESTION.id: {"answer": QUESTION.options[0].id, "comment": comment}}}
    return client.post("/api/v1/assessments", json=body).get_json()


def count(app) -> int:
    """Assessments in the database."""
    with Session(app.extensions["database"].engine) as session:
        return session.scalar(select(func.count()).select_from(Assessment))


def test_export_in_the_ui_has_everything(client):
    created = create(client)
    response = client.get(f"/a/{created['token']}/export.json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["id"] == created["id"]
    assert data["document"]["organisation"] == {"name": "ACME"}
    assert data["document"]["answers"] == {QUESTION.id: {"answer": QUESTION.options[0].id, "comment": "notre contexte"}}
    assert {"overall", "pillars", "critical", "recommendations"} <= set(data["scores"])
    assert created["token"] not in json.dumps(data)  # the secret is not stored, so not exported


def test_erasure_in_the_ui(app, client):
    created = create(client)
    page = client.get(f"/a/{created['token']}/delete")
    assert page.status_code == 200 and "définitivement" in page.get_data(as_text=True)
    assert client.post(f"/a/{created['token']}/delete").status_code == 400  # no CSRF token: nothing erased
    assert count(app) == 1
    done = client.post(f"/a/{created['token']}/delete", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert done.status_code == 200
    assert count(app) == 0
    assert client.get(f"/a/{created['token']}/").status_code == 404


def test_erasure_and_export_in_the_cli(app, cli, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    created = create(app.test_client())
    code, out, _ = cli("export", created["id"])
    assert code == 0 and json.loads(out)["document"]["answers"][QUESTION.id]["comment"] == "notre contexte"
    code, out, _ = cli("erase", created["id"])
    assert code == 0 and "erased" in out
    assert count(app) == 0
    code, _, err = cli("erase", created["id"])
    assert code == 1 and "no assessment or workshop" in err


def test_purge_erases_only_what_is_old(app, cli, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    client = app.test_client()
    old, recent = create(client), create(client)
    with Session(app.extensions["database"].engine) as session:
        long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
        session.execute(update(Assessment).where(Assessment.id == old["id"]).values(updated_at=long_ago))
        session.commit()
    code, out, _ = cli("purge", "--older-than", "365")
    assert code == 0 and "erased 1 assessment(s)" in out
    assert client.get(f"/api/v1/assessments/{old['id']}", headers={"Authorization": f"Bearer {old['token']}"}).status_code == 404
    assert client.get(f"/api/v1/assessments/{recent['id']}",
                      headers={"Authorization": f"Bearer {recent['token']}"}).status_code == 200
    code, _, err = cli("purge", "--older-than", "0")
    assert code == 1 and "at least 1" in err


def test_workshop_erasure_removes_participants(app, client):
    from sqlalchemy.orm import Session as S

    from assessment.storage import workshops
    from assessment.storage import accounts

    with S(app.extensions["database"].engine) as session:
        consultant = accounts.add_consultant(session, "eve@conseil.example", "a long enough password")
        workshop = workshops.create_workshop(session, consultant, Q, organisation="C", title="T", date=dt.date.today(),
                                       language="fr")
        workshops.join(session, workshop, name="Paul")
        session.commit()
        workshop_id = workshop.id
    login = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"csrf_token": csrf_token(login), "email": "eve@conseil.example",
                                "password": "a long enough password"})
    page = client.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert client.post(f"/workshops/{workshop_id}/delete", data={"csrf_token": csrf_token(page)}).status_code == 303
    with S(app.extensions["database"].engine) as session:
        assert session.get(Workshop, workshop_id) is None
        assert session.scalar(select(func.count()).select_from(Assessment)) == 0


def test_privacy_page(client):
    page = client.get("/privacy")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "SHA-256" in text and "purge" in text
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)


def test_public_ids_are_safe_command_line_arguments():
    from assessment.storage.assessments import new_public_id

    ids = [new_public_id() for _ in range(2000)]
    assert all(i.isalnum() and len(i) == 20 for i in ids) and len(set(ids)) == 2000
