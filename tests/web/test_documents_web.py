"""The documents to prepare (issue #17 §1): a page and a CSV for an assessment and for a workshop, the PDF annex."""

from __future__ import annotations

import csv
import io
import json
import re

from assessment.answers import AnswerSheet
from assessment.evaluation import evaluate
from assessment.report import model
from documents import text_of
from workshop_steps import Q, add_consultant, login, new_workshop

PORTABILITY = Q.questions_by_id["tech-portability"]
FALLBACK = PORTABILITY.options_by_id["tested-fallback"]
ANSWERS = {"tech-inventory": {"answer": "central", "evidence": "tested", "evidence_note": "registre revu en mars"},
           "tech-portability": {"answer": "tested-fallback", "evidence": "documented"},
           "tech-models": "closed-api"}


def created(client) -> dict:
    response = client.post("/api/v1/assessments", json={"questionnaire": Q.id, "language": "en", "answers": ANSWERS})
    assert response.status_code == 201
    return response.get_json()


def test_the_assessment_page_lists_what_to_show_and_marks_what_was_shown(client):
    token = created(client)["token"]
    assert f"/a/{token}/documents" in client.get(f"/a/{token}/?lang=en").get_data(as_text=True)
    page = client.get(f"/a/{token}/documents?lang=en").get_data(as_text=True).replace("&#39;", "'")
    assert "<h1>Documents to prepare</h1>" in page
    assert Q.questions_by_id["tech-inventory"].evidence["en"] in page
    assert "✓ Already shown: Tested" in page and "registre revu en mars" in page
    assert FALLBACK.evidence["en"] in page  # the chosen option's own text, beside the question's
    assert "tech-licences" not in page and Q.questions_by_id["tech-licences"].text["en"] not in page  # hidden
    assert page.index(Q.questions_by_id["tech-inventory"].text["en"]) < page.index(PORTABILITY.text["en"])
    french = client.get(f"/a/{token}/documents?lang=fr").get_data(as_text=True)
    assert "Documents à préparer" in french and "Déjà montré" in french

    download = client.get(f"/a/{token}/documents.csv")
    assert download.mimetype == "text/csv" and "attachment" in download.headers["Content-Disposition"]
    assert download.headers["Referrer-Policy"] == "no-referrer"
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    by_id = {row["question_id"]: row for row in rows}
    assert by_id["tech-inventory"]["evidence"] == "tested" and by_id["tech-inventory"]["shown"] == "yes"
    assert by_id["tech-portability"]["option_evidence"] == FALLBACK.evidence["fr"]  # the page's language (fr by default)
    assert "tech-licences" not in by_id
    assert client.get("/a/not-a-token/documents").status_code == 404
    assert client.get("/a/not-a-token/documents.csv").status_code == 404


def test_the_workshop_list_is_there_before_anyone_answers_and_only_for_its_consultant(app, client):
    add_consultant(app, "alice@conseil.example")
    assert login(client, "alice@conseil.example").status_code == 303
    workshop_id = new_workshop(client)
    live = client.get(f"/workshops/{workshop_id}?lang=en").get_data(as_text=True)
    assert f"/workshops/{workshop_id}/documents" in live
    page = client.get(f"/workshops/{workshop_id}/documents?lang=en").get_data(as_text=True).replace("&#39;", "'")
    assert "Documents to prepare — Atelier DSI" in page
    assert re.search(r"52 questions listed, 0 already backed by something shown\.", page)  # 53 less the FR/DE one
    assert "(asked depending on earlier answers)" in page and "Not answered yet" in page
    rows = list(csv.reader(io.StringIO(client.get(f"/workshops/{workshop_id}/documents.csv").data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 52
    stranger = app.test_client()
    assert stranger.get(f"/workshops/{workshop_id}/documents").status_code == 404
    assert stranger.get(f"/workshops/{workshop_id}/documents.csv").status_code == 404


def test_the_pdf_report_ends_with_the_annex(cli, tmp_path):
    document = tmp_path / "answers.json"
    document.write_text(json.dumps({"questionnaire": Q.id, "language": "en", "answers": ANSWERS}), encoding="utf-8")
    code, _, err = cli("report", str(document), "-o", str(tmp_path / "report.pdf"), "--lang", "en")
    assert code == 0, err
    text = text_of((tmp_path / "report.pdf").read_bytes())
    annex = text[text.index("Appendix: documents to prepare", text.index("Texts cited in this report")):]
    assert "Appendix: documents to prepare" in text[:3000]  # in the contents too
    assert "Already shown: Tested" in annex and "registre revu en mars" in annex
    assert " ".join(FALLBACK.evidence["en"].split()[:8]) in annex


def test_no_annex_for_a_questionnaire_without_evidence_texts(mini, mini_catalogue):
    report = model.build(evaluate(mini, AnswerSheet(mini.id, mini.version), mini_catalogue), "en")
    assert report.documents is None
