"""The report's PDF/UA-1 structure, checked by machine (the `pdfua` package, built on pikepdf).

`pdfua` decides 16 of the 106 machine-checkable PDF/UA-1 rules; veraPDF, run by hand, checks all of
them (docs/pdf-accessibility.md). What it checks here must find nothing in our reports.
"""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
from pdfua import validate

from assessment import resources
from assessment.answers import parse_document
from assessment.loading import bundled_catalogue, bundled_questionnaire
from assessment.evaluation import evaluate
from assessment.report import model, pdf

# pdfua 0.1.3's empty-heading rule (UA-14-001) raises on any /K array (getattr on a pikepdf Array
# raises ValueError, not AttributeError), so it is skipped on every tagged PDF; the test below checks
# the same thing itself. Any other skipped rule fails the test.
KNOWN_SKIPS = {"UA-14-001": "not a Dictionary or Stream"}


def rendered(persona: str, lang: str, *, with_baseline: bool = False) -> bytes:
    """A persona's report in one language, with itself as baseline when asked (the change column)."""
    document = json.loads((resources.examples_dir() / f"{persona}.json").read_text())
    questionnaire = bundled_questionnaire(document["questionnaire"])
    sheet, questionnaire = parse_document(document, lambda _id: questionnaire)
    evaluation = evaluate(questionnaire, sheet, bundled_catalogue())
    if with_baseline:
        evaluation = evaluate(questionnaire, sheet, bundled_catalogue(), baseline=evaluation.result)
    report = model.build(evaluation, lang)
    return pdf.write_pdf(report)


@pytest.fixture(scope="module", params=[("startup-us-stack", "fr", False), ("hospital-hds", "en", True)],
                ids=["startup-fr", "hospital-en-baseline"])
def report_pdf(request) -> bytes:
    """Two reports: French, and English with the change since a baseline (one more table column)."""
    return rendered(*request.param[:2], with_baseline=request.param[2])


def test_machine_checkable_pdfua_rules_find_nothing(report_pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf)
    report = validate(str(path))
    assert [(f.rule_id, f.location.describe(), f.message) for f in report.findings] == []
    unexpected = {rule: reason for rule, reason in _skipped(report).items()
                  if rule not in KNOWN_SKIPS or KNOWN_SKIPS[rule] not in reason}
    assert not unexpected, f"pdfua could not evaluate: {unexpected}"


def _skipped(report) -> dict[str, str]:
    """The rules pdfua could not evaluate, with the reason it gives."""
    return {outcome.rule_id: outcome.skipped_reason for outcome in report.skipped}


def test_every_heading_and_header_cell_is_complete(report_pdf):
    """What UA-14-001 would check (no empty heading), and a /Scope on every header cell (§7.5)."""
    with pikepdf.open(io.BytesIO(report_pdf)) as document:
        root = document.Root.StructTreeRoot
        headings, empty, header_cells, unscoped = 0, [], 0, 0
        for element in _elements(root):
            role = str(element.get("/S", ""))
            if len(role) == 3 and role.startswith("/H") and role[2].isdigit():
                headings += 1
                if not _marks_content(element):
                    empty.append(role)
            if role == "/TH":
                header_cells += 1
                scope = element.get("/A", {}).get("/Scope") if isinstance(element.get("/A"), pikepdf.Dictionary) else None
                if scope not in (pikepdf.Name.Row, pikepdf.Name.Column):
                    unscoped += 1
    assert headings > 10 and not empty
    assert header_cells > 5 and unscoped == 0


def _elements(node):
    """Every structure element below a node of the structure tree."""
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _marks_content(element) -> bool:
    """True when the element or one below it marks page content (an MCID or a marked-content reference)."""
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, int) and not isinstance(kid, bool):
            return True
        if isinstance(kid, pikepdf.Dictionary) and (kid.get("/Type") == pikepdf.Name.MCR or _marks_content(kid)):
            return True
    return False
