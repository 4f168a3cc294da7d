"""The SEAL estimate against the Commission's Cloud Sovereignty Framework (assessment/csf.py): the rule on the
personas, computed again here from the questionnaire data; "don't know" and silence read as SEAL-0; not
applicable and hidden questions left out; the format's checks; no CSF reading without `csf` keys."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from assessment import csf, resources
from assessment.answers import parse_document
from assessment.evaluation import evaluate
from assessment.loading import InvalidFile, bundled_catalogue, bundled_questionnaire, parse_questionnaire
from assessment.report import model, pdf
from assessment.scoring import score

DATA = Path(__file__).parents[1] / "data"
Q = bundled_questionnaire()
PERSONAS = sorted(resources.examples_dir().glob("*.json"))
OBJECTIVES = [f"SOV-{n}" for n in range(1, 9)]


def persona(name: str) -> dict:
    return json.loads((resources.examples_dir() / f"{name}.json").read_text())


def sheet_of(document: dict, questionnaire=Q):
    return parse_document(document, lambda _id: questionnaire)[0]


def readings_by_hand(questionnaire, sheet) -> dict[str, list[tuple[int, str]]]:
    """(seal, question) per objective, from the questionnaire's data alone: every visible question with seals
    whose finished answer is not "not applicable" reads as the lowest seal among its chosen options."""
    result = score(questionnaire, sheet)  # its sheet is the finished one: silence reads as "don't know"
    per: dict[str, list[tuple[int, str]]] = {objective: [] for objective in OBJECTIVES}
    for _, question in questionnaire.questions():
        seals = {o.id: o.seal for o in question.options if o.seal is not None}
        if not seals or question.id not in result.visible:
            continue
        chosen = result.sheet.selected(question.id)
        if any(question.option(o).kind == "not-applicable" for o in chosen):
            continue
        values = [seals[o] for o in chosen if o in seals]
        if values:
            for objective in {criterion.split(".")[0] for criterion in question.csf}:
                per[objective].append((min(values), question.id))
    return per


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_an_objectives_seal_is_the_minimum_of_its_mapped_answers(path):
    sheet = sheet_of(json.loads(path.read_text()))
    estimate = csf.estimate(Q, sheet)
    expected = readings_by_hand(Q, sheet)
    for objective in estimate.objectives:
        rows = expected[objective.id]
        low = min((seal for seal, _ in rows), default=None)
        assert objective.seal == low, objective.id
        assert objective.estimated is (low is not None)
        assert {b.question for b in objective.binding} == {qid for seal, qid in rows if seal == low}, objective.id
        assert all(b.seal == low for b in objective.binding)
    estimated = [o.seal for o in estimate.objectives if o.seal is not None]
    assert estimate.seal == min(estimated, default=None)


# Written from docs/research/csf-2026-11-30/csf-mapping.md §6 (the prototype's output), objective SEALs 1 to 8.
RESEARCH = {
    "bank-nl-credit": (1, "1 1 2 3 3 2 4 1"), "bank-secnumcloud": (1, "1 1 3 3 3 2 4 1"),
    "best-practice": (3, "3 3 3 3 3 4 4 3"), "hospital-de-university": (0, "1 1 1 0 1 0 1 1"),
    "hospital-hds": (0, "0 0 0 0 1 0 0 1"), "industrial-sme-onprem": (0, "1 1 1 1 1 2 4 0"),
    "logistics-pl-routing": (0, "1 0 0 0 0 0 1 1"), "manufacturer-it-inspection": (1, "1 1 3 3 3 4 4 3"),
    "retailer-es-chatbot": (0, "1 1 0 0 1 0 1 1"), "startup-us-stack": (0, "0 0 0 0 1 0 1 1"),
}


def test_the_personas_read_as_the_research_found():
    assert set(RESEARCH) == {p.stem for p in PERSONAS}
    for name, (overall, objectives) in RESEARCH.items():
        estimate = csf.estimate(Q, sheet_of(persona(name)))
        assert estimate.seal == overall, name
        assert " ".join(str(o.seal) for o in estimate.objectives) == objectives, name
        assert len(estimate.estimated) == 8


def test_dont_know_and_silence_read_as_seal_0_ours_not_the_calculators():
    best = persona("best-practice")
    assert csf.estimate(Q, sheet_of(best)).objectives[0].seal == 3
    unknown = copy.deepcopy(best)
    unknown["answers"]["tech-hosting"] = "unknown"
    silent = copy.deepcopy(best)
    del silent["answers"]["tech-hosting"]
    for document, unanswered in ((unknown, False), (silent, True)):
        estimate = csf.estimate(Q, sheet_of(document))
        sov1 = estimate.objectives[0]
        assert sov1.seal == 0 and estimate.seal == 0
        assert [(b.question, b.options, b.unanswered) for b in sov1.binding] == [("tech-hosting", ("unknown",),
                                                                                  unanswered)]
        assert sov1.seal_known == 3 and estimate.seal_known == 3  # the calculator's reading skips it
    assert csf.estimate(Q, sheet_of(unknown)).as_json()["policy"]["unknown"] == 0


def test_not_applicable_and_hidden_questions_are_not_read():
    document = copy.deepcopy(persona("best-practice"))
    document["answers"]["tech-models"] = "not-applicable"
    document["answers"]["data-disclosure-requests"] = "no-clause"  # hidden: every provider is EU-controlled
    sheet = sheet_of(document)
    assert "data-disclosure-requests" not in score(Q, sheet).visible
    estimate = csf.estimate(Q, sheet)
    read = {b.question for o in estimate.objectives for b in o.readings}
    assert "tech-models" not in read and "data-disclosure-requests" not in read
    assert {"tech-models", "data-disclosure-requests"} <= set(estimate.excluded)
    sov3 = estimate.objectives[2]
    assert sov3.estimated and "SOV-3.5" not in sov3.criteria_read  # tech-models was SOV-3.5's only reader


# The mini questionnaire with a mapping: two objectives read, one multiple question that follows a criterion
# without seals, one option without a seal.
def mapped_mini() -> dict:
    data = yaml.safe_load((DATA / "mini.yaml").read_text())
    questions = {q["id"]: q for pillar in data["pillars"] for q in pillar["questions"]}
    seals = {"tech-models": {"closed-api": 2, "open-weight": 3, "unknown": 0},  # `mixed` sets nothing
             "tech-skills": {"none": 1, "some": 3, "team": 4, "unknown": 0},
             "data-provider": {"non-eu": 1, "eu": 3, "none": 4, "unknown": 0},
             "data-keys": {"provider": 0, "customer": 3, "unknown": 0}}
    criteria = {"tech-models": ["SOV-3.5"], "tech-skills": ["SOV-4.3"], "data-provider": ["SOV-1.1", "SOV-2.2"],
                "data-keys": ["SOV-3.1"], "data-safeguards": ["SOV-2.3"]}
    for qid, listed in criteria.items():
        questions[qid]["csf"] = listed
        for option in questions[qid]["options"]:
            if option["id"] in seals.get(qid, {}):
                option["seal"] = seals[qid][option["id"]]
    questions["data-provider"]["c3a"] = ["SOV-1-01", "SOV-2-01"]
    return data


def parse(data: dict, catalogue):
    return parse_questionnaire(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "x.yaml", catalogue)


def test_objectives_without_a_reading_are_not_estimated_and_the_json_is_the_contract(mini_catalogue):
    questionnaire = parse(mapped_mini(), mini_catalogue)
    sheet = sheet_of({"questionnaire": "mini", "answers": {
        "tech-models": "mixed", "tech-skills": "some", "data-provider": "eu", "data-keys": "customer",
        "data-safeguards": ["dpa"]}}, questionnaire)
    evaluation = evaluate(questionnaire, sheet, bundled_catalogue())
    data = evaluation.as_json()["csf"]
    assert set(data) == {"policy", "overall", "objectives"}
    assert data["policy"] == {"unknown": 0, "framework": csf.FRAMEWORK, "verified": "2026-11-30"}
    assert data["overall"] == {"seal": 3, "objectives_estimated": 4}
    by_id = {o["id"]: o for o in data["objectives"]}
    assert [o["id"] for o in data["objectives"]] == OBJECTIVES
    assert by_id["SOV-1"] == {"id": "SOV-1", "seal": 3, "estimated": True, "criteria_read": ["SOV-1.1"],
                              "gating_criteria": 3, "declared_only": True,
                              "binding": [{"question": "data-provider", "options": ["eu"], "seal": 3,
                                           "evidence": "declared"}]}
    # `mixed` carries no seal (tech-models does not bind); the multiple question follows SOV-2.3 without seals
    assert [b["question"] for b in by_id["SOV-3"]["binding"]] == ["data-keys"]
    assert by_id["SOV-3"]["criteria_read"] == ["SOV-3.1"]
    assert by_id["SOV-2"]["criteria_read"] == ["SOV-2.2"]
    assert by_id["SOV-4"]["seal"] == 3
    for objective in ("SOV-5", "SOV-6", "SOV-7", "SOV-8"):
        assert by_id[objective] == {"id": objective, "seal": None, "estimated": False, "criteria_read": [],
                                    "gating_criteria": csf.GATING[objective], "binding": [], "declared_only": False}
    nothing = csf.estimate(questionnaire, sheet_of({"questionnaire": "mini", "answers": {
        "tech-models": "mixed", "tech-skills": "not-applicable", "data-provider": "none"}}, questionnaire))
    assert nothing.seal == 4 and len(nothing.estimated) == 2  # data-keys hidden, SOV-3 not read
    assert csf.estimate(questionnaire, sheet_of({"questionnaire": "mini", "answers": {
        "tech-models": "mixed", "tech-skills": "not-applicable", "data-provider": "none"}}, questionnaire)
    ).objectives[2].seal is None


def test_evidence_of_a_binding_answer_is_shown_and_lifts_the_declared_only_mark(mini_catalogue):
    questionnaire = parse(mapped_mini(), mini_catalogue)
    sheet = sheet_of({"questionnaire": "mini", "answers": {
        "data-provider": {"answer": "eu", "evidence": "audited", "evidence_note": "report 2026"}}}, questionnaire)
    sov1 = csf.estimate(questionnaire, sheet).objectives[0]
    assert [(b.question, b.evidence) for b in sov1.binding] == [("data-provider", "audited")]
    assert not sov1.declared_only


def test_a_questionnaire_without_csf_keys_has_no_csf_reading_nor_page(mini):
    sheet = sheet_of({"questionnaire": "mini", "language": "en", "answers": {"tech-models": "closed-api"}}, mini)
    evaluation = evaluate(mini, sheet, bundled_catalogue())
    assert evaluation.csf is None and "csf" not in evaluation.as_json()
    report = model.build(evaluation, "en")
    assert report.csf is None
    html = pdf.render_html(report)
    assert 'id="csf"' not in html and "SEAL" not in html
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(pdf.write_pdf(report))).pages)
    assert "Executive summary" in text
    assert TITLE["en"] not in text and "Cloud Sovereignty Framework (indicative)" not in text and "SEAL" not in text


def fold(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split()).replace("- ", "-")


TITLE = {"fr": "Lecture indicative selon le cadre de souveraineté cloud de la Commission européenne",
         "en": "Indicative reading against the European Commission's Cloud Sovereignty Framework"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_csf_page_of_the_bundled_questionnaire_read_back(lang):
    # the persona with the most binding answers in one report (15), established in Germany (C3A shown)
    sheet = sheet_of(persona("hospital-de-university"))
    report = model.build(evaluate(Q, sheet, bundled_catalogue()), lang)
    pages = [fold(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf.write_pdf(report))).pages]
    chapter = [page for page in pages if TITLE[lang] in page]
    assert len(chapter) == 1, "the CSF reading holds on one page"
    page = chapter[0]
    label = {"fr": "ce n'est ni le niveau SEAL d'un fournisseur, ni une certification",
             "en": "it is neither a provider's SEAL nor a certification"}[lang]
    prudence = {"fr": "c'est notre règle de prudence, pas celle du calculateur de la Commission",
                "en": "this is our rule of prudence, not the Commission's calculator's"}[lang]
    assert label in page and prudence in page
    assert re.search({"fr": r"SEAL global estimé : SEAL-0 — Aucune souveraineté", "en":
                      r"Overall SEAL estimate: SEAL-0 — No Sovereignty"}[lang], page)
    assert {"fr": "8 objectifs estimés sur 8", "en": "8 of 8 objectives estimated"}[lang] in page
    for objective in report.csf.objectives:
        assert f"{objective.id} " in page
    assert page.count({"fr": "(indicatif)", "en": "(indicative)"}[lang]) == 2  # SOV-7 and SOV-8
    for answer in report.csf.answers:
        assert f"[{answer.number}]" in page
        assert fold(answer.question)[:40] in page
    assert {"fr": "preuve : déclaré", "en": "evidence: declared"}[lang] in page
    assert "BSI C3A" in page and "SOV-1-01" in page
    assert {"fr": "Vérifié le 30 novembre 2026", "en": "Verified on 30 November 2026"}[lang] in page
    assert "Cloud Sovereignty Framework v1.2.1" in page
    toc = next(p for p in pages if {"fr": "Sommaire", "en": "Contents"}[lang] in p)
    assert {"fr": "Cadre de souveraineté cloud (lecture indicative)",
            "en": "Cloud Sovereignty Framework (indicative)"}[lang] in toc


def test_c3a_groups_are_shown_only_to_organisations_established_in_germany():
    document = persona("hospital-de-university")
    assert document["organisation"]["country"] == "DE"
    german = model.build(evaluate(Q, sheet_of(document), bundled_catalogue()), "en").csf
    assert german.show_c3a and german.objectives[0].c3a
    document["organisation"]["country"] = "FR"
    french = model.build(evaluate(Q, sheet_of(document), bundled_catalogue()), "en").csf
    assert not french.show_c3a and not any(o.c3a for o in french.objectives)


def problems(data: dict, catalogue) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        parse(data, catalogue)
    return [str(p) for p in caught.value.problems]


def question(data: dict, qid: str) -> dict:
    return next(q for pillar in data["pillars"] for q in pillar["questions"] if q["id"] == qid)


def option(data: dict, qid: str, oid: str) -> dict:
    return next(o for o in question(data, qid)["options"] if o["id"] == oid)


def _row_too_far(d):
    question(d, "data-provider")["csf"] = ["SOV-1.1", "SOV-8.5"]


def _twice(d):
    question(d, "data-provider")["csf"] = ["SOV-1.1", "SOV-2.2", "SOV-1.1"]


def _c3a_twice(d):
    question(d, "data-provider")["c3a"] = ["SOV-1-01", "SOV-1-01"]


def _seal_without_csf(d):
    del question(d, "tech-skills")["csf"]


def _seal_on_multiple(d):
    option(d, "data-safeguards", "dpa")["seal"] = 2


def _seal_on_not_applicable(d):
    option(d, "tech-skills", "not-applicable")["seal"] = 0


def _unknown_without_seal(d):
    del option(d, "data-keys", "unknown")["seal"]


def _unknown_not_zero(d):
    option(d, "data-keys", "unknown")["seal"] = 1


def _scale_falls(d):
    option(d, "tech-skills", "team")["seal"] = 2


@pytest.mark.parametrize(("change", "expected"), [
    (_row_too_far, r"pillars\[1\]\.questions\[0\]\.csf\[1\]: 'SOV-8\.5' does not exist: the calculator has 4 criteria in "
                   r"SOV-8"),
    (_twice, r"pillars\[1\]\.questions\[0\]\.csf\[2\]: 'SOV-1\.1' is listed twice"),
    (_c3a_twice, r"pillars\[1\]\.questions\[0\]\.c3a\[1\]: 'SOV-1-01' is listed twice"),
    (_seal_without_csf, r"pillars\[0\]\.questions\[1\]\.options\[0\]\.seal: a seal needs the question to list the "
                        r"criteria it follows"),
    (_seal_on_multiple, r"pillars\[1\]\.questions\[2\]\.options\[0\]\.seal: a multiple-choice question cannot carry "
                        r"seals"),
    (_seal_on_not_applicable, r"pillars\[0\]\.questions\[1\]\.options\[4\]\.seal: a 'not applicable' option has no "
                              r"seal"),
    (_unknown_without_seal, r"pillars\[1\]\.questions\[1\]\.options\[2\]: the 'don't know' option of a question "
                            r"with seals must carry seal: 0"),
    (_unknown_not_zero, r"pillars\[1\]\.questions\[1\]\.options\[2\]\.seal: the 'don't know' option of a question "
                        r"with seals must carry seal: 0"),
    (_scale_falls, r"pillars\[0\]\.questions\[1\]\.options: a scale's seals must not fall from first to last option "
                   r"\(they read 1, 3, 2\)"),
])
def test_mapping_errors_are_located_and_explained(mini_catalogue, change, expected):
    data = mapped_mini()
    parse(data, mini_catalogue)  # valid as written
    change(data)
    lines = problems(data, mini_catalogue)
    assert any(re.fullmatch(r"x\.yaml:\d+: " + expected + ".*", line) for line in lines), lines


def test_the_bundled_mapping_is_valid_and_complete():
    mapped = [q for _, q in Q.questions() if q.csf]
    assert len(mapped) == 33
    assert sum(1 for q in mapped if any(o.seal is not None for o in q.options)) == 20
    for q in mapped:  # every mapped question relies on the two dated facts of the framework
        assert {"eu-csf-framework", "eu-csf-calculator"} <= set(q.facts), q.id
    assert csf.GATING == {"SOV-1": 3, "SOV-2": 5, "SOV-3": 5, "SOV-4": 6, "SOV-5": 6, "SOV-6": 5, "SOV-7": 6,
                          "SOV-8": 3}
    assert sum(csf.CRITERIA.values()) == 48
