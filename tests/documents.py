"""Answers documents and PDF text for report tests (web and system)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from assessment.loading import bundled_questionnaire

Q = bundled_questionnaire()
HOSTILE = ('<script>alert(1)</script> <img src="http://169.254.169.254/"> '
           '<link rel="attachment" href="file:///etc/hostname">')


def document(lang: str = "fr") -> dict:
    """An answers document with a hostile organisation name and comment."""
    first = Q.pillars[0].questions[0]
    answers = {first.id: {"answer": first.options[0].id, "comment": HOSTILE}}
    for pillar in Q.pillars:
        for question in pillar.questions[1:4]:
            if question.depends_on is None:
                answers[question.id] = "unknown"
    return {"questionnaire": Q.id, "language": lang, "organisation": {"name": "ACME <b>SA</b>", "sector": "Industrie"},
            "answers": answers}


def text_of(data: bytes) -> str:
    """All the text of a PDF, whitespace folded."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
