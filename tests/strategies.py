"""Hypothesis strategies shared by the scoring and workshop tests."""

from __future__ import annotations

from hypothesis import strategies as st

from assessment.answers import Answer, AnswerSheet
from assessment.questionnaire import Questionnaire


def sheet_for(questionnaire: Questionnaire, answers: dict[str, str | list[str]]) -> AnswerSheet:
    """An answer sheet from a plain mapping (no validation: the tests build valid answers)."""
    parsed = {qid: Answer(tuple([value] if isinstance(value, str) else value)) for qid, value in answers.items()}
    return AnswerSheet(questionnaire.id, questionnaire.version, "fr", {}, parsed)


@st.composite
def answer_sheets(draw, questionnaire: Questionnaire):
    """Any valid answer sheet: each question unanswered, or answered with valid options."""
    answers = {}
    for _, question in questionnaire.questions():
        if draw(st.booleans()) and draw(st.booleans()):
            continue  # about a quarter unanswered
        plain = [o.id for o in question.options if not (o.kind or o.exclusive)]
        special = [o.id for o in question.options if o.kind or o.exclusive]
        if question.type == "multiple" and draw(st.booleans()):
            answers[question.id] = draw(st.lists(st.sampled_from(plain), min_size=1, unique=True))
        else:
            answers[question.id] = [draw(st.sampled_from(plain + special))]
    return sheet_for(questionnaire, answers)
