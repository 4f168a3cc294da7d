"""A consultant's and a participant's steps through the workshop pages, shared by web and system tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessment.loading import bundled_questionnaire
from assessment.storage import accounts
from pages import csrf_token, form_value

Q = bundled_questionnaire()
FIRST = Q.pillars[0]
PASSWORD = "correct horse battery"


def add_consultant(app, email: str) -> None:
    """A consultant account in the app's database."""
    with Session(app.extensions["database"].engine) as session:
        accounts.add_consultant(session, email, PASSWORD)
        session.commit()


def login(client, email: str, password: str = PASSWORD):
    """Sign in through the form."""
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"csrf_token": csrf_token(page), "email": email, "password": password})


def new_workshop(client, title: str = "Atelier DSI") -> str:
    """Create a workshop through the form; returns its id."""
    page = client.get("/workshops/new").get_data(as_text=True)
    response = client.post("/workshops/new", data={"csrf_token": csrf_token(page), "organisation": "Client SA",
                                                   "title": title, "date": "2026-12-01", "language": "fr",
                                                   "questionnaire": Q.id})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def join(app, code: str, name: str = "", role: str = "", choice: int = 0) -> str:
    """A participant joins in a browser of their own and answers the first pillar; returns their token."""
    browser = app.test_client()
    page = browser.get(f"/join/{code}").get_data(as_text=True)
    response = browser.post(f"/join/{code}", data={"csrf_token": csrf_token(page), "name": name, "role": role})
    assert response.status_code == 303
    token = response.headers["Location"].split("/a/")[1].split("/")[0]
    url = f"/a/{token}/p/{FIRST.id}"
    html = browser.get(url).get_data(as_text=True)
    answers = {q.id: [o.id for o in q.options if o.score is not None][choice] for q in FIRST.questions
               if q.depends_on is None}
    saved = browser.post(url, data={"csrf_token": csrf_token(html), "revision": form_value(html, "revision"), **answers})
    assert saved.status_code == 303
    return token
