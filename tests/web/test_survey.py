"""The questionnaire in the browser's shoes: pages save, nothing is lost, errors are clear."""

from __future__ import annotations

import html as html_lib
import json
import re

from assessment import resources
from assessment.answers import parse_document
from assessment.evaluation import evaluate
from assessment.loading import bundled_catalogue, bundled_questionnaire

from pages import csrf_token, form_value, text_spaces

QUESTIONNAIRE = bundled_questionnaire()
FIRST = QUESTIONNAIRE.pillars[0]


def page_form(client, url: str) -> tuple[str, dict]:
    """A page's HTML and the hidden fields to post back."""
    html = client.get(url).get_data(as_text=True)
    return html, {"csrf_token": csrf_token(html), "revision": form_value(html, "revision")}


def test_start_needs_csrf(client):
    assert client.post("/start").status_code == 400


def test_start_gives_a_256_bit_secret_link(client, started):
    token, location = started
    assert len(token) >= 43  # 32 bytes in URL-safe base64
    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"/a/{token}/" in html  # the secret link is shown
    overview = client.get(f"/a/{token}/").get_data(as_text=True)
    assert re.search(r"<title>[^<]*</title>", overview), "the page title must be plain text"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_unknown_token_is_404(client):
    assert client.get("/a/not-a-token/").status_code == 404
    assert client.get("/a/" + "x" * 43 + "/results").status_code == 404


def test_every_page_submission_saves_and_reopens_in_a_fresh_browser(app, client, started):
    token, _ = started
    url = f"/a/{token}/p/{FIRST.id}"
    html, hidden = page_form(client, url)
    assert "Pilier 1 sur 4" in html
    first, second = FIRST.questions[0], FIRST.questions[1]
    chosen = first.options[0].id
    response = client.post(url, data={**hidden, first.id: chosen, first.id + "__comment": "notre contexte",
                                      "go": "next"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/p/{QUESTIONNAIRE.pillars[1].id}")
    fresh = app.test_client()  # another browser: no cookie, only the link
    again = fresh.get(url).get_data(as_text=True)
    assert re.search(rf'value="{chosen}"[^>]*checked|checked[^>]*value="{chosen}"', again)
    assert "notre contexte" in again
    assert second.id in again


def test_back_button_saves_too(client, started):
    token, _ = started
    second_pillar = QUESTIONNAIRE.pillars[1]
    url = f"/a/{token}/p/{second_pillar.id}"
    _, hidden = page_form(client, url)
    question = second_pillar.questions[0]
    response = client.post(url, data={**hidden, question.id: question.options[0].id, "go": "prev"})
    assert response.headers["Location"].endswith(f"/p/{FIRST.id}")
    assert 'checked' in client.get(url).get_data(as_text=True)


def test_tampered_option_is_refused_inline_and_nothing_changes(client, started):
    token, _ = started
    url = f"/a/{token}/p/{FIRST.id}"
    _, hidden = page_form(client, url)
    good, bad = FIRST.questions[0], FIRST.questions[1]
    response = client.post(url, data={**hidden, good.id: good.options[0].id, bad.id: "no-such-option"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and "Erreur" in html
    assert f'id="{bad.id}-error"' in html
    # what the person chose is still on the page...
    assert re.search(rf'value="{good.options[0].id}"[^>]*checked|checked[^>]*value="{good.options[0].id}"', html)
    # ...but nothing was stored
    results = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Aucune réponse" in results


def test_stale_page_is_refused_not_overwritten(client, started):
    token, _ = started
    url = f"/a/{token}/p/{FIRST.id}"
    _, hidden = page_form(client, url)
    question = FIRST.questions[0]
    assert client.post(url, data={**hidden, question.id: question.options[-2].id}).status_code == 303
    stale = client.post(url, data={**hidden, question.id: question.options[0].id})  # old revision
    assert stale.status_code == 409
    assert "modifiées ailleurs" in stale.get_data(as_text=True)


def test_oversized_comment_is_refused(client, started):
    token, _ = started
    url = f"/a/{token}/p/{FIRST.id}"
    _, hidden = page_form(client, url)
    question = FIRST.questions[0]
    response = client.post(url, data={**hidden, question.id + "__comment": "x" * 5001})
    assert response.status_code == 422


def test_organisation_page(client, started):
    token, location = started
    html, hidden = page_form(client, location)
    response = client.post(location, data={**hidden, "name": "Société <Test>", "sector": "Banque", "size": "250-999"})
    assert response.status_code == 303
    overview = client.get(f"/a/{token}/").get_data(as_text=True)
    assert "Société &lt;Test&gt;" in overview


def test_results_page_shows_scores_chart_findings_gaps(client, started):
    token, _ = started
    url = f"/a/{token}/p/{FIRST.id}"
    _, hidden = page_form(client, url)
    answers = {q.id: "unknown" for q in FIRST.questions if q.depends_on is None}
    client.post(url, data={**hidden, **answers})
    page = client.get(f"/a/{token}/results")
    assert page.status_code == 200
    html = text_spaces(page.get_data(as_text=True))
    assert "<svg" in html and 'role="img"' in html
    assert "Questions à instruire" in html
    assert FIRST.questions[0].text["fr"].replace("'", "&#39;") in html
    assert "Télécharger le rapport (PDF)" in html
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_results_page_gives_every_recommendation_with_its_steps(client):
    document = json.loads((resources.examples_dir() / "startup-us-stack.json").read_text())
    token = client.post("/api/v1/assessments", json=document).get_json()["token"]
    page = text_spaces(html_lib.unescape(client.get(f"/a/{token}/results").get_data(as_text=True)))
    sheet, questionnaire = parse_document(document, lambda _id: QUESTIONNAIRE)
    items = evaluate(questionnaire, sheet, bundled_catalogue()).advice
    assert len(items) > 8  # more than the report details
    for item in items:
        assert item.recommendation.title["fr"] in page
        for step in item.recommendation.steps:
            assert step["fr"] in page


def test_english_pages(client, started):
    token, _ = started
    html = client.get(f"/a/{token}/p/{FIRST.id}?lang=en").get_data(as_text=True)
    assert "Pillar 1 of 4" in html and FIRST.title["en"] in html
    assert 'hreflang="fr"' in html


def test_expired_csrf_token_keeps_the_answers_on_the_page(app, client, started):
    token, _ = started
    url = f"/a/{token}/p/{FIRST.id}"
    _, hidden = page_form(client, url)
    question = FIRST.questions[0]
    chosen = question.options[1].id
    other_browser = app.test_client()  # a session that expired: the token no longer matches any session
    response = other_browser.post(url, data={"csrf_token": hidden["csrf_token"], "revision": hidden["revision"],
                                             question.id: chosen, question.id + "__comment": "à garder"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vos réponses sont conservées" in html
    assert re.search(rf'value="{chosen}"[^>]*checked|checked[^>]*value="{chosen}"', html)
    assert "à garder" in html
    # the page carries a fresh token: submitting again saves
    again = other_browser.post(url, data={"csrf_token": csrf_token(html), "revision": form_value(html, "revision"),
                                          question.id: chosen})
    assert again.status_code == 303


def test_baseline_shows_the_change_per_pillar(client):
    best = {q.id: max((o for o in q.options if o.score is not None and not o.exclusive), key=lambda o: o.score).id
            for q in FIRST.questions if q.depends_on is None and q.type != "multiple"}
    worst = {q.id: next(o.id for o in q.options if o.score == 0) for q in FIRST.questions if q.depends_on is None}
    before = client.post("/api/v1/assessments", json={"questionnaire": QUESTIONNAIRE.id, "answers": worst}).get_json()
    after = client.post("/api/v1/assessments", json={"questionnaire": QUESTIONNAIRE.id, "answers": best}).get_json()
    token = after["token"]
    overview = client.get(f"/a/{token}/").get_data(as_text=True)
    response = client.post(f"/a/{token}/baseline", data={"csrf_token": csrf_token(overview), "link": before["links"]["html"]})
    assert response.status_code == 303
    results = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Évolution depuis l&#39;évaluation de référence" in results
    assert re.search(r"<td>\+\d+,\d</td>", results)  # French decimals
    assert 'stroke-dasharray="6 4"' in results  # the baseline drawn on the radar
    # an unknown link is refused with a message, and changes nothing
    refused = client.post(f"/a/{token}/baseline", data={"csrf_token": csrf_token(overview), "link": "/a/" + "x" * 43 + "/"})
    assert refused.status_code == 422 and "aucune évaluation" in refused.get_data(as_text=True)
    assert "Évolution" in client.get(f"/a/{token}/results").get_data(as_text=True)


def test_baseline_through_the_api(client):
    first = client.post("/api/v1/assessments", json={"questionnaire": QUESTIONNAIRE.id}).get_json()
    second = client.post("/api/v1/assessments", json={"questionnaire": QUESTIONNAIRE.id,
                                                      "baseline": {"id": first["id"], "token": first["token"]}})
    assert second.status_code == 201
    wrong = client.post("/api/v1/assessments", json={"questionnaire": QUESTIONNAIRE.id,
                                                     "baseline": {"id": first["id"], "token": "guess"}})
    assert wrong.status_code == 422 and "baseline" in wrong.get_json()["detail"]


def test_control_characters_in_form_text_are_refused(client, started):
    token, location = started
    html, hidden = page_form(client, location)
    response = client.post(location, data={**hidden, "name": "ACME\x00SA"})
    assert response.status_code == 422
    assert "caractère de contrôle" in response.get_data(as_text=True)
    url = f"/a/{token}/p/{FIRST.id}"
    _, hidden = page_form(client, url)
    question = FIRST.questions[0]
    response = client.post(url, data={**hidden, question.id + "__comment": "bad\x07bell"})
    assert response.status_code == 422
