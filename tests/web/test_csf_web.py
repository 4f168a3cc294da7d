"""The CSF reading on the web: a compact section of the results page linking to the report's chapter, and the
API's `csf` as its contract describes it."""

from __future__ import annotations

import html as html_lib
import json

from assessment import resources
from assessment.answers import parse_document
from assessment.evaluation import evaluate
from assessment.loading import bundled_catalogue, bundled_questionnaire
from assessment.web import contract
from pages import text_spaces

Q = bundled_questionnaire()


def test_results_page_sums_up_the_csf_reading_and_links_to_the_report(client):
    document = json.loads((resources.examples_dir() / "bank-nl-credit.json").read_text())
    created = client.post("/api/v1/assessments", json=document)
    assert created.status_code == 201
    body = created.get_json()
    token = body["token"]
    page = text_spaces(html_lib.unescape(client.get(f"/a/{token}/results").get_data(as_text=True)))
    assert "Lecture indicative selon le cadre de souveraineté cloud de la Commission européenne" in page
    assert "ce n'est ni le niveau SEAL d'un fournisseur, ni une certification" in page
    assert "SEAL global estimé : SEAL-1 — Souveraineté juridictionnelle" in page
    assert "SOV-7 Souveraineté en matière de sécurité et de conformité (indicatif)" in page
    assert f'href="/a/{token}/report?lang=fr#csf"' in page or f'href="/a/{token}/report#csf"' in page
    report = client.get(f"/a/{token}/report").get_data(as_text=True)
    assert 'id="csf"' in report and 'id="csf-answer-1"' in report
    english = text_spaces(html_lib.unescape(client.get(f"/a/{token}/results?lang=en").get_data(as_text=True)))
    assert "Overall SEAL estimate: SEAL-1 — Jurisdictional Sovereignty" in english


def test_the_api_gives_the_csf_reading_as_its_contract_says():
    document = json.loads((resources.examples_dir() / "startup-us-stack.json").read_text())
    sheet, questionnaire = parse_document(document, lambda _id: Q)
    data = evaluate(questionnaire, sheet, bundled_catalogue()).as_json()["csf"]
    parsed = contract.Csf.model_validate(data)
    assert parsed.overall.seal == 0 and parsed.overall.objectives_estimated == 8
    assert "csf" in contract.Assessment.model_fields
