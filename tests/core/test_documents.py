"""The documents to prepare (issue #17 §1): per question what to show, in questionnaire order, for the questions
asked of this organisation, with how each answer is backed so far."""

from __future__ import annotations

import csv
import io

from assessment.answers import Answer, AnswerSheet
from assessment.documents import documents_csv, documents_to_prepare, evidence_name
from assessment.loading import bundled_questionnaire

Q = bundled_questionnaire()
ORDER = [q.id for _, q in Q.questions()]


def sheet(answers: dict[str, Answer] | None = None, country: str | None = None) -> AnswerSheet:
    return AnswerSheet(Q.id, Q.version, "en", {"country": country} if country else {}, answers or {})


def test_before_any_answer_every_question_that_may_be_asked_is_listed_in_order():
    items = documents_to_prepare(Q, sheet(), "en")
    ids = [item.question_id for item in items]
    assert ids == [qid for qid in ORDER if qid != "data-health-hosting"]  # asked only in France and Germany
    assert [item.number for item in items] == [ORDER.index(qid) + 1 for qid in ids]
    licences = next(item for item in items if item.question_id == "tech-licences")
    assert licences.conditional and licences.answer == () and licences.evidence == "declared" and not licences.shown
    assert licences.what_to_show == Q.questions_by_id["tech-licences"].evidence["en"]
    assert "data-health-hosting" in [i.question_id for i in documents_to_prepare(Q, sheet(country="FR"), "en")]


def test_only_questions_asked_are_listed_with_the_chosen_options_own_text_and_the_evidence_so_far():
    answers = {
        "tech-models": Answer(("closed-api",)),  # hides tech-licences and tech-model-provenance
        "tech-portability": Answer(("tested-fallback",), evidence="documented", evidence_note="architecture v3"),
        "tech-hosting": Answer(("not-applicable",)),  # nothing to show for it
    }
    items = {item.question_id: item for item in documents_to_prepare(Q, sheet(answers), "fr")}
    assert "tech-licences" not in items and "tech-model-provenance" not in items and "tech-hosting" not in items
    portability = items["tech-portability"]
    option = Q.questions_by_id["tech-portability"].options_by_id["tested-fallback"]
    assert portability.option_evidence == (option.evidence["fr"],)
    assert portability.answer == (option.label["fr"],)
    assert portability.evidence == "documented" and portability.shown and portability.evidence_note == "architecture v3"
    assert portability.evidence_name == evidence_name("documented", "fr") == "Documenté"
    assert not items["tech-models"].shown and items["tech-models"].option_evidence == ()


def test_a_questionnaire_without_evidence_texts_has_no_list(mini):
    assert documents_to_prepare(mini, AnswerSheet(mini.id, mini.version), "fr") is None


def test_the_csv_has_one_row_per_question_and_neutralises_formulas():
    answers = {"tech-inventory": Answer(("central",), evidence="tested", evidence_note="=HYPERLINK(1)")}
    items = documents_to_prepare(Q, sheet(answers), "en")
    rows = list(csv.reader(io.StringIO(documents_csv(items).decode("utf-8-sig"))))
    assert rows[0] == ["number", "pillar", "question_id", "question", "answer", "what_to_show", "option_evidence",
                       "evidence", "evidence_note", "shown"]
    assert len(rows) == 1 + len(items)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["question_id"] == "tech-inventory" and first["evidence"] == "tested" and first["shown"] == "yes"
    assert first["evidence_note"] == "'=HYPERLINK(1)"
    assert first["what_to_show"] == Q.questions_by_id["tech-inventory"].evidence["en"]
