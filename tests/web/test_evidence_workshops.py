"""Evidence in workshops (issue #17 §1): each participant's own, the consensus's proposed as the lowest among
those who gave the answer, the exports' columns and reading them back."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import Workbook, load_workbook

from pages import csrf_token, form_value
from workshop_steps import FIRST, add_consultant, login, new_workshop

QUESTION = FIRST.questions[0]
SCORED = [o.id for o in QUESTION.options if o.score is not None]


@pytest.fixture
def workshop(app, client):
    """A signed-in consultant's workshop: (client, workshop id, join code)."""
    add_consultant(app, "alice@conseil.example")
    assert login(client, "alice@conseil.example").status_code == 303
    workshop_id = new_workshop(client)
    code = re.search(r'class="code big-code">([A-Z0-9-]+)<', client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    return client, workshop_id, code.group(1)


def take_part(app, code: str, option: str, evidence: str, note: str = "", name: str = "") -> None:
    """A participant joins and answers the first question, backed at `evidence`, on the first page."""
    browser = app.test_client()
    page = browser.get(f"/join/{code}").get_data(as_text=True)
    joined = browser.post(f"/join/{code}", data={"csrf_token": csrf_token(page), "name": name})
    url = joined.headers["Location"].split("?")[0]
    html = browser.get(url).get_data(as_text=True)
    assert f'name="{QUESTION.id}__evidence"' in html  # the participant's page offers the choice
    saved = browser.post(url, data={"csrf_token": csrf_token(html), "revision": form_value(html, "revision"),
                                    QUESTION.id: option, f"{QUESTION.id}__evidence": evidence,
                                    f"{QUESTION.id}__evidence_note": note})
    assert saved.status_code == 303


def checked(html: str, name: str) -> str:
    match = re.search(rf'<input checked id="[^"]+" name="{name}" type="radio" value="([^"]+)">', html)
    assert match, f"no checked radio {name}"
    return match.group(1)


def test_consensus_proposes_the_lowest_evidence_of_those_who_gave_the_answer(app, workshop):
    client, workshop_id, code = workshop
    take_part(app, code, SCORED[-1], "tested", "bascule du 3 mars")
    take_part(app, code, SCORED[-1], "documented")
    take_part(app, code, SCORED[0], "declared")  # another answer: its evidence does not count
    page = client.get(f"/workshops/{workshop_id}/consensus?lang=en").get_data(as_text=True)
    assert checked(page, QUESTION.id) == SCORED[-1]
    assert checked(page, f"{QUESTION.id}__evidence") == "documented"  # not tested: the lowest of the two
    assert "Evidence proposed: the lowest level among the participants who gave the most common answer." in page
    label = QUESTION.options_by_id[SCORED[-1]].label["en"]
    assert re.search(rf"{re.escape(label)} — 2 participants \(Documented: 1, Tested: 1\)",
                     page.replace("&#39;", "'"))
    # The facilitator confirms with a note of their own; the consensus carries it, the export too.
    data = {"csrf_token": csrf_token(page), QUESTION.id: SCORED[-1], f"{QUESTION.id}__evidence": "documented",
            f"{QUESTION.id}__evidence_note": "procédure vue en séance"}
    assert client.post(f"/workshops/{workshop_id}/consensus", data=data).status_code == 303
    again = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    assert checked(again, f"{QUESTION.id}__evidence") == "documented" and "procédure vue en séance" in again
    body = client.get(f"/workshops/{workshop_id}/export.json").get_json()
    assert body["workshop"]["consensus"][QUESTION.id]["evidence"] == "documented"
    assert body["participants"][0]["answers"][QUESTION.id] == {"answer": SCORED[-1], "evidence": "tested",
                                                               "evidence_note": "bascule du 3 mars"}


def test_a_tampered_consensus_evidence_is_refused(app, workshop):
    client, workshop_id, code = workshop
    take_part(app, code, SCORED[0], "documented")
    page = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    refused = client.post(f"/workshops/{workshop_id}/consensus?lang=en", data={
        "csrf_token": csrf_token(page), QUESTION.id: SCORED[0], f"{QUESTION.id}__evidence": "sworn"})
    assert refused.status_code == 400 and "“sworn”" in refused.get_data(as_text=True)
    assert client.get(f"/workshops/{workshop_id}/export.json").get_json()["workshop"]["consensus"] == {}


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_exports_carry_evidence_and_read_back(app, workshop, cli, tmp_path):
    client, workshop_id, code = workshop
    take_part(app, code, SCORED[-1], "audited", "=audit interne 2026", name="Inès")
    take_part(app, code, SCORED[0], "declared")
    page = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    client.post(f"/workshops/{workshop_id}/consensus", data={
        "csrf_token": csrf_token(page), QUESTION.id: SCORED[0], f"{QUESTION.id}__comment": "pas d'accord",
        f"{QUESTION.id}__evidence": "documented"})
    exported = client.get(f"/workshops/{workshop_id}/export.csv").data
    rows = _csv_rows(exported)
    assert rows[0][6:] == ["comment", "evidence", "evidence_note"]
    assert rows[1][:2] == ["1", "Inès"] and rows[1][4:] == [QUESTION.id, SCORED[-1], "", "audited",
                                                          "'=audit interne 2026"]
    assert rows[2][0] == "2" and rows[2][7] == "declared"
    assert rows[3][0] == "consensus" and rows[3][6:] == ["pas d'accord", "documented", ""]
    book = load_workbook(io.BytesIO(client.get(f"/workshops/{workshop_id}/export.xlsx").data))
    assert [c.value for c in book["answers"][2]][7:] == ["audited", "'=audit interne 2026"]

    for name, content in (("answers.csv", exported),
                          ("answers.xlsx", client.get(f"/workshops/{workshop_id}/export.xlsx").data)):
        (tmp_path / name).write_bytes(content)
        out = tmp_path / name.replace(".", "-")
        code_, printed, err = cli("answers", "import", str(tmp_path / name), "-o", str(out))
        assert code_ == 0, err
        assert "participant-1.json (1 answers)" in printed and "consensus.json" in printed
        first = json.loads((out / "participant-1.json").read_text())
        assert first["answers"][QUESTION.id] == {"answer": SCORED[-1], "evidence": "audited",
                                                 "evidence_note": "=audit interne 2026"}
        consensus = json.loads((out / "consensus.json").read_text())
        assert consensus["answers"][QUESTION.id] == {"answer": SCORED[0], "comment": "pas d'accord",
                                                     "evidence": "documented"}
        assert cli("score", str(out / "participant-1.json"))[0] == 0  # an ordinary answers document


def test_the_import_names_each_fault_with_its_place(cli, tmp_path):
    header = ["participant", "name", "role", "joined", "question", "answer", "comment", "evidence", "evidence_note"]
    bad = [header, ["1", "", "", "", QUESTION.id, SCORED[0], "", "proven", ""],
           ["1", "", "", "", "nope", SCORED[0], "", "", ""],
           ["2", "", "", "", QUESTION.id, "maybe", "", "tested", ""]]
    text = io.StringIO()
    csv.writer(text).writerows(bad)
    (tmp_path / "bad.csv").write_text(text.getvalue(), encoding="utf-8")
    code, _, err = cli("answers", "import", str(tmp_path / "bad.csv"), "-o", str(tmp_path / "out"))
    assert code == 1
    assert ("bad.csv: row 2, evidence: unknown evidence level 'proven'; expected one of declared, documented, "
            "audited, tested") in err
    assert "bad.csv: row 3, question: unknown question 'nope'" in err
    assert f"bad.csv: row 4, answer: {QUESTION.id}: unknown option(s) 'maybe'" in err
    assert not (tmp_path / "out").exists()  # nothing written

    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(header)
    sheet.append(["1", "", "", "", QUESTION.id, SCORED[0], "", "Tested", ""])
    sheet.append(["1", "", "", "", QUESTION.id, SCORED[0], "", "", ""])
    sheet["I3"] = "=1+1"
    book.save(tmp_path / "bad.xlsx")
    code, _, err = cli("answers", "import", str(tmp_path / "bad.xlsx"), "-o", str(tmp_path / "out"))
    assert code == 1 and "bad.xlsx: answers!I3: a formula; write the value itself" in err
    sheet["I3"] = ""
    book.save(tmp_path / "bad.xlsx")
    code, _, err = cli("answers", "import", str(tmp_path / "bad.xlsx"), "-o", str(tmp_path / "out"))
    assert "bad.xlsx: answers!H2: unknown evidence level 'Tested'" in err

    (tmp_path / "cols.csv").write_text("participant,question,answer\n1,x,y\n", encoding="utf-8")
    code, _, err = cli("answers", "import", str(tmp_path / "cols.csv"), "-o", str(tmp_path / "out"))
    assert code == 1 and "cols.csv: row 1: the columns must be participant, name, role" in err
    assert "missing name, role, joined, comment, evidence, evidence_note" in err


def test_a_response_posted_to_the_workshop_api_carries_its_evidence(app, workshop):
    client, workshop_id, code = workshop
    posted = app.test_client().post(f"/api/v1/workshops/{code}/responses", json={"answers": {
        QUESTION.id: {"answer": SCORED[1], "evidence": "audited", "evidence_note": "audit interne"}}})
    assert posted.status_code == 201
    refused = app.test_client().post(f"/api/v1/workshops/{code}/responses", json={"answers": {
        QUESTION.id: {"answer": SCORED[1], "evidence": "sure"}}})
    assert refused.status_code == 422 and "unknown evidence level 'sure'" in " ".join(refused.get_json()["errors"])
    body = client.get(f"/workshops/{workshop_id}/export.json").get_json()
    assert len(body["participants"]) == 1
    assert body["participants"][0]["answers"][QUESTION.id]["evidence"] == "audited"
