"""How an answer is backed (issue #17 §1): the evidence choice on the pages, in the API and in the export."""

from __future__ import annotations

import re

from pages import csrf_token, form_value
from assessment.loading import bundled_questionnaire

Q = bundled_questionnaire()
FIRST = Q.pillars[0]
QUESTION = FIRST.questions[0]  # tech-inventory: asked of everyone, with an evidence text
SECOND, THIRD = [q for q in FIRST.questions[1:] if q.depends_on is None][:2]


def start(client) -> str:
    """A new assessment through the home page; its token."""
    home = client.get("/").get_data(as_text=True)
    response = client.post("/start", data={"csrf_token": csrf_token(home)})
    return response.headers["Location"].split("/a/")[1].split("/")[0]


def answered(html: str, **extra) -> dict:
    """The first pillar's page as a browser posts it: the first scored option of every unconditional question."""
    data = {"csrf_token": csrf_token(html), "revision": form_value(html, "revision")}
    for q in FIRST.questions:
        if q.depends_on is None:
            data[q.id] = [o.id for o in q.options if o.score is not None][-1]
    data.update(extra)
    return data


def checked(html: str, name: str) -> str:
    """The value of the checked radio named `name`."""
    match = re.search(rf'<input checked id="[^"]+" name="{name}" type="radio" value="([^"]+)">', html)
    assert match, f"no checked radio {name}"
    return match.group(1)


def test_the_page_offers_the_evidence_choice_folded_and_declared(client):
    token = start(client)
    html = client.get(f"/a/{token}/p/{FIRST.id}?lang=en").get_data(as_text=True)
    block = html[html.index(f'id="{QUESTION.id}__evidence-group"'):]
    block = block[:block.index("</details>")]
    assert " open" not in block.split(">")[0]  # folded while declared
    assert "<legend>How is this answer backed?</legend>" in block
    assert "What to show: " + QUESTION.evidence["en"].replace("'", "&#39;") in block
    assert checked(html, f"{QUESTION.id}__evidence") == "declared"
    assert [value for value in re.findall(rf'name="{QUESTION.id}__evidence" type="radio" value="([a-z]+)"', block)] == [
        "declared", "documented", "audited", "tested"]
    assert f'<label for="{QUESTION.id}__evidence_note">' in block


def test_documented_with_a_note_is_saved_shown_and_exported(client):
    token = start(client)
    url = f"/a/{token}/p/{FIRST.id}"
    html = client.get(url).get_data(as_text=True)
    note = "Registre exporté le 12/11, vu par la DSI"
    data = answered(html, **{f"{QUESTION.id}__evidence": "documented", f"{QUESTION.id}__evidence_note": note,
                             f"{SECOND.id}__evidence": "tested"})
    assert client.post(url, data=data).status_code == 303
    again = client.get(url).get_data(as_text=True)
    assert checked(again, f"{QUESTION.id}__evidence") == "documented"
    assert checked(again, f"{SECOND.id}__evidence") == "tested"
    assert checked(again, f"{THIRD.id}__evidence") == "declared"
    assert note in again
    assert f'<details class="evidence" id="{QUESTION.id}__evidence-group" open>' in again
    document = client.get(f"/a/{token}/export.json").get_json()["document"]["answers"]
    assert document[QUESTION.id]["evidence"] == "documented" and document[QUESTION.id]["evidence_note"] == note
    assert document[SECOND.id]["evidence"] == "tested"
    assert isinstance(document[THIRD.id], str)  # declared, no note: the short form
    # Saving the page again without touching the evidence keeps it (the page carries it).
    assert client.post(url, data=answered(again, **{f"{QUESTION.id}__evidence": "documented",
                                                    f"{QUESTION.id}__evidence_note": note})).status_code == 303
    assert client.get(f"/a/{token}/export.json").get_json()["document"]["answers"][QUESTION.id]["evidence"] == "documented"


def test_a_tampered_evidence_level_is_refused_and_nothing_changes(client):
    token = start(client)
    url = f"/a/{token}/p/{FIRST.id}"
    html = client.get(url).get_data(as_text=True)
    response = client.post(url + "?lang=en", data=answered(html, **{f"{QUESTION.id}__evidence": "certified"}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "“certified” is not an evidence level; expected one of declared, documented, audited, tested." in page
    assert client.get(f"/a/{token}/export.json").get_json()["document"]["answers"] == {}


def test_the_api_takes_and_gives_back_evidence(client):
    answer = {"answer": QUESTION.options[2].id, "evidence": "tested", "evidence_note": "restore test of 3 March"}
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "answers": {QUESTION.id: answer}})
    assert created.status_code == 201
    body = created.get_json()
    headers = {"Authorization": f"Bearer {body['token']}"}
    read = client.get(f"/api/v1/assessments/{body['id']}", headers=headers).get_json()
    assert read["answers"][QUESTION.id] == answer
    second = SECOND
    patched = client.patch(f"/api/v1/assessments/{body['id']}/answers", headers=headers, json={"answers": {
        second.id: {"answer": second.options[1].id, "evidence": "audited"}}})
    assert patched.status_code == 200
    assert patched.get_json()["answers"][second.id] == {"answer": second.options[1].id, "evidence": "audited"}
    assert patched.get_json()["answers"][QUESTION.id] == answer
    # Sent back unchanged, nothing changes.
    same = client.patch(f"/api/v1/assessments/{body['id']}/answers", headers=headers,
                        json={"answers": patched.get_json()["answers"]})
    assert same.get_json()["answers"] == patched.get_json()["answers"]


def test_an_unknown_evidence_level_is_named_and_nothing_stored(client):
    created = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "answers": {
        QUESTION.id: {"answer": QUESTION.options[1].id, "evidence": "proven"}}})
    assert created.status_code == 422
    assert created.headers["Content-Type"] == "application/problem+json"
    assert f"{QUESTION.id}.evidence: unknown evidence level 'proven'; expected one of declared, documented, " \
           "audited, tested" in created.get_json()["errors"]
    body = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "answers": {}}).get_json()
    headers = {"Authorization": f"Bearer {body['token']}"}
    patched = client.patch(f"/api/v1/assessments/{body['id']}/answers", headers=headers, json={"answers": {
        QUESTION.id: {"answer": QUESTION.options[1].id, "evidence": "Documented"}}})
    assert patched.status_code == 422 and "'Documented'" in " ".join(patched.get_json()["errors"])
    assert client.get(f"/api/v1/assessments/{body['id']}", headers=headers).get_json()["answers"] == {}


def test_the_openapi_document_describes_evidence(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    answer = schemas["Answers"]["properties"][QUESTION.id]["oneOf"]
    commented = next(branch for branch in answer if branch.get("type") == "object")
    assert set(commented["properties"]) == {"answer", "comment", "evidence", "evidence_note"}
    levels = commented["properties"]["evidence"]["oneOf"][0]["enum"]
    assert levels == ["declared", "documented", "audited", "tested"]
    assert {"evidence", "evidence_note"} <= set(schemas["CommentedRead"]["properties"])
