"""Workshops end to end: consultant accounts, joining, the live view, consensus, deliverables, access."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pages import csrf_token, form_value, text_spaces
from workshop_steps import FIRST, PASSWORD, Q, add_consultant, join, login, new_workshop

@pytest.fixture
def consultant(app, client):
    """A signed-in consultant with one workshop: (client, workshop id, join code)."""
    add_consultant(app, "alice@conseil.example")
    assert login(client, "alice@conseil.example").status_code == 303
    workshop_id = new_workshop(client)
    code = re.search(r'class="code big-code">([A-Z0-9-]+)<', client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    return client, workshop_id, code.group(1)


def test_consultant_cli(cli, app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])  # the CLI reads the same database
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = cli("consultant", "add", "Bob@Conseil.example")
    assert code == 0, err
    assert "bob@conseil.example added" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _, err = cli("consultant", "add", "bob@conseil.example")
    assert code == 1 and "already exists" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = cli("consultant", "add", "carol@conseil.example")
    assert code == 1 and "at least 12 characters" in err
    code, out, _ = cli("consultant", "list")
    assert "bob@conseil.example\t0 workshop(s)" in out
    code, out, _ = cli("consultant", "remove", "bob@conseil.example")
    assert code == 0 and "removed" in out
    code, out, _ = cli("consultant", "list")
    assert "bob@" not in out


def test_login_refuses_wrong_password_and_is_rate_limited(app, client):
    add_consultant(app, "alice@conseil.example")
    assert login(client, "alice@conseil.example", "wrong password!").status_code == 401
    assert login(client, "nobody@conseil.example").status_code == 401
    statuses = [login(client, "alice@conseil.example", "wrong again").status_code for _ in range(4)]
    assert statuses[-1] == 429


def test_workshop_list_needs_login(client):
    response = client.get("/workshops")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_workshop_page_shows_code_link_and_qr(consultant):
    client, workshop_id, code = consultant
    page = text_spaces(client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert f"/join/{code}" in page
    assert "<svg" in page and "QR" in page
    qr = client.get(f"/workshops/{workshop_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert "Atelier DSI" in client.get("/workshops").get_data(as_text=True)


def test_participants_join_and_the_live_view_aggregates(app, consultant):
    client, workshop_id, code = consultant
    join(app, code, name="Chloé", role="DSI", choice=0)
    join(app, code.lower().replace("-", ""), choice=-1)  # typed without the dash, in lower case
    api = app.test_client().post(f"/api/v1/workshops/{code}/responses",
                                 json={"participant": {"name": "Équipe data"}, "answers": {FIRST.questions[0].id: "unknown"}})
    assert api.status_code == 201 and {"id", "token", "links"} <= set(api.get_json())
    page = text_spaces(client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    assert "3 participants ont rejoint" in page
    assert "Chloé (DSI)" in page and "Équipe data" in page and "1 sans nom" in page
    assert "Questions où les avis divergent le plus" in page
    assert FIRST.questions[0].text["fr"].replace("'", "&#39;") in page


def test_api_response_validation(app, consultant):
    _, _, code = consultant
    api = app.test_client()
    bad = api.post(f"/api/v1/workshops/{code}/responses", json={"answers": {"nope": "x"}})
    assert bad.status_code == 422 and "unknown question 'nope'" in bad.get_json()["errors"]
    assert api.post("/api/v1/workshops/ZZZZ-ZZZZ/responses", json={}).status_code == 404


def test_unknown_join_code_gives_the_code_form_again(client):
    response = client.get("/join/ABCD-EFGH")
    assert response.status_code == 404
    page = text_spaces(response.get_data(as_text=True))
    assert re.search(r'<input id="code" name="code"[^>]*value="ABCD-EFGH"', page)  # kept, to correct it
    assert "Aucun atelier ouvert n&#39;a ce code : vérifiez-le auprès de l&#39;animateur." in page
    assert 'aria-invalid="true" aria-describedby="code-error"' in page
    english = client.get("/join/ABCD-EFGH?lang=en").get_data(as_text=True)
    assert "No open workshop has this code: check it with the facilitator." in english
    assert client.get("/join?code=abcd-efgh").headers["Location"].endswith("/join/ABCD-EFGH")
    assert 'value="ABCDEFGH"' in client.get("/join/AB%00CDEFGH").get_data(as_text=True)  # control characters dropped


def test_participant_goes_straight_to_the_first_questions(app, consultant):
    _, _, code = consultant
    browser = app.test_client()
    page = browser.get(f"/join/{code}").get_data(as_text=True)
    joined = browser.post(f"/join/{code}", data={"csrf_token": csrf_token(page), "name": "Inès"})
    token = joined.headers["Location"].split("/a/")[1].split("/")[0]
    assert joined.status_code == 303 and joined.headers["Location"].endswith(f"/a/{token}/p/{FIRST.id}?new=1")
    first = browser.get(joined.headers["Location"]).get_data(as_text=True)
    assert "Pilier 1 sur 4" in first
    link = re.search(r'<input id="secret-link"[^>]*readonly value="([^"]+)"', first).group(1)
    assert link == f"http://localhost/a/{token}/"  # shown once, to keep: the participant's only way back
    assert "Votre lien secret" in first
    assert "Votre lien secret" not in browser.get(f"/a/{token}/p/{FIRST.id}").get_data(as_text=True)

    overview = browser.get(f"/a/{token}/").get_data(as_text=True)
    assert "Commencer le questionnaire" in overview and "Reprendre le questionnaire" not in overview
    assert f'href="/a/{token}/p/{FIRST.id}">Commencer' in overview  # the workshop chose the organisation
    assert "Comparer à une évaluation précédente" not in overview and "/baseline" not in overview
    html = browser.get(f"/a/{token}/p/{FIRST.id}").get_data(as_text=True)
    question = FIRST.questions[0]
    saved = browser.post(f"/a/{token}/p/{FIRST.id}", data={"csrf_token": csrf_token(html), "revision": form_value(
        html, "revision"), question.id: question.options[0].id})
    assert saved.status_code == 303
    overview = browser.get(f"/a/{token}/").get_data(as_text=True)
    assert "Reprendre le questionnaire" in overview and "Commencer le questionnaire" not in overview


def test_a_participant_cannot_set_a_baseline_by_posting_the_form_anyway(app, consultant):
    """The participant's page offers no comparison; a hand-made POST is refused, and nothing changes."""
    _, _, code = consultant
    token = join(app, code)
    earlier = app.test_client().post("/api/v1/assessments", json={"questionnaire": Q.id}).get_json()
    browser = app.test_client()
    html = browser.get(f"/a/{token}/p/{FIRST.id}").get_data(as_text=True)
    refused = browser.post(f"/a/{token}/baseline", data={"csrf_token": csrf_token(html), "link": earlier["links"]["html"]})
    assert refused.status_code == 403
    assert "la comparaison avec une évaluation antérieure est faite par l'animateur" in text_spaces(
        refused.get_data(as_text=True)).replace("&#39;", "'")
    results = browser.get(f"/a/{token}/results").get_data(as_text=True)
    assert 'stroke-dasharray="6 4"' not in results  # no baseline drawn on the radar


def test_single_assessment_overview_keeps_the_comparison(client, started):
    token, _ = started
    overview = client.get(f"/a/{token}/").get_data(as_text=True)
    assert "Comparer à une évaluation précédente" in overview and f"/a/{token}/baseline" in overview
    assert f'href="/a/{token}/organisation">Commencer le questionnaire' in overview


def test_workshop_page_erases_the_workshop_not_an_assessment(consultant):
    client, workshop_id, _ = consultant
    page = text_spaces(client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    assert '<h2 id="erase-h">Supprimer cet atelier</h2>' in page and "Supprimer cette évaluation" not in page
    assert '<h2 id="erase-h">Delete this workshop</h2>' in client.get(f"/workshops/{workshop_id}?lang=en").get_data(
        as_text=True)


def test_consensus_prefilled_scored_and_reported(app, consultant):
    client, workshop_id, code = consultant
    for choice in (0, 0, -1):
        join(app, code, choice=choice)
    page = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    first = FIRST.questions[0]
    majority = [o.id for o in first.options if o.score is not None][0]
    assert re.search(rf'value="{majority}"[^>]*checked|checked[^>]*value="{majority}"', page)
    data = {"csrf_token": csrf_token(page), first.id: majority, first.id + "__comment": "La DSI n'est pas d'accord"}
    assert client.post(f"/workshops/{workshop_id}/consensus", data=data).status_code == 303
    report = client.get(f"/workshops/{workshop_id}/report.pdf")
    assert report.mimetype == "application/pdf"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(report.data)).pages)
    assert "Atelier DSI" in text and "Dispersion des scores individuels" in text
    assert "La DSI n'est pas d'accord" in text


def test_exports(app, consultant):
    client, workshop_id, code = consultant
    join(app, code, name="=HYPERLINK(\"http://evil\")", choice=0)
    join(app, code, choice=-1)
    exported = client.get(f"/workshops/{workshop_id}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["participant", "name", "role", "joined", "question", "answer", "comment", "evidence",
                       "evidence_note"]
    asked = [q.id for q in FIRST.questions if q.depends_on is None]
    assert len(rows) == 1 + 2 * len(asked)  # one row per participant and answer
    assert [row[4] for row in rows[1:1 + len(asked)]] == asked  # in questionnaire order
    assert rows[1][1].startswith("'=")  # a formula is neutralised
    assert rows[1][5] != "" and rows[1 + len(asked)][5] != rows[1][5]
    book = load_workbook(io.BytesIO(client.get(f"/workshops/{workshop_id}/export.xlsx").data))
    assert book.active.title == "answers" and book.active.max_row == len(rows)
    assert book.active.cell(2, 5).value == asked[0]
    body = client.get(f"/workshops/{workshop_id}/export.json").get_json()
    assert len(body["participants"]) == 2 and body["workshop"]["questionnaire"] == Q.id


def test_other_consultants_and_strangers_get_nothing(app, consultant):
    _, workshop_id, code = consultant
    join(app, code, name="Chloé")
    add_consultant(app, "mallory@conseil.example")
    other = app.test_client()
    assert login(other, "mallory@conseil.example").status_code == 303
    stranger = app.test_client()
    for who in (other, stranger):
        for path in ("", "/qr.svg", "/consensus", "/report.pdf", "/export.csv", "/export.json"):
            response = who.get(f"/workshops/{workshop_id}{path}")
            assert response.status_code == 404, (path, response.status_code)
            assert b"Chlo" not in response.data
    assert "Atelier DSI" not in other.get("/workshops").get_data(as_text=True)


def test_logout(consultant):
    client, workshop_id, _ = consultant
    page = client.get("/workshops").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_token(page)}).status_code == 303
    assert client.get(f"/workshops/{workshop_id}").status_code == 404


def test_workshop_baseline_shows_change_in_group_report(app, consultant):
    client, first_id, code = consultant
    join(app, code, choice=0)
    page = client.get(f"/workshops/{first_id}/consensus").get_data(as_text=True)
    low = next(o.id for o in FIRST.questions[0].options if o.score == 0)
    assert client.post(f"/workshops/{first_id}/consensus",
                       data={"csrf_token": csrf_token(page), FIRST.questions[0].id: low}).status_code == 303
    form = client.get("/workshops/new").get_data(as_text=True)
    assert f'value="{first_id}"' in form  # earlier workshops are offered as baselines
    response = client.post("/workshops/new", data={"csrf_token": csrf_token(form), "organisation": "Client SA",
                                                   "title": "Atelier 2027", "date": "2027-06-01", "language": "fr",
                                                   "questionnaire": Q.id, "baseline": first_id})
    second_id = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/workshops/{second_id}/consensus").get_data(as_text=True)
    best = FIRST.questions[0]
    top = max((o for o in best.options if o.score is not None), key=lambda o: o.score).id
    client.post(f"/workshops/{second_id}/consensus", data={"csrf_token": csrf_token(page), best.id: top})
    report = client.get(f"/workshops/{second_id}/report.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(report.data)).pages)
    assert "Évolution" in text


def test_hostile_participant_text_and_codes(app, consultant):
    _, _, code = consultant
    api = app.test_client()
    response = api.post(f"/api/v1/workshops/{code}/responses", json={"participant": {"name": "a\u0000"}})
    assert response.status_code == 422
    assert api.get("/join/AB%00D-EFGH").status_code == 404
    assert api.get("/workshops/x%00y").status_code == 404
    page = api.get(f"/join/{code}").get_data(as_text=True)
    refused = api.post(f"/join/{code}", data={"csrf_token": csrf_token(page), "name": "Zo\x00é"})
    assert refused.status_code == 422


def test_live_view_follows_every_save(app, consultant):
    client, workshop_id, code = consultant
    question = FIRST.questions[0]
    first, second = [o for o in question.options if o.score is not None][:2]
    api = app.test_client()
    created = api.post(f"/api/v1/workshops/{code}/responses", json={"answers": {question.id: first.id}}).get_json()

    def count_of(option) -> str:
        page = text_spaces(client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
        # the table beside the question's bar (every option listed, zero counts included)
        match = re.search(r'<th scope="row">' + re.escape(option.label["fr"].replace("'", "&#39;")) + r"</th><td>(\d+)</td>",
                          page)
        return match.group(1) if match else "0"

    assert count_of(first) == "1" and count_of(second) == "0"
    assert f'<th scope="row">{second.label["fr"]}</th><td>0</td>'.replace("'", "&#39;") in text_spaces(
        client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    api.patch(f"/api/v1/assessments/{created['id']}/answers", headers={"Authorization": f"Bearer {created['token']}"},
              json={"answers": {question.id: second.id}})
    assert count_of(first) == "0" and count_of(second) == "1"
