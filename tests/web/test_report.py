"""The PDF report, read back: text, pages, fonts, tags; hostile comments stay inert."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from assessment import resources
from assessment.answers import parse_document, read_document
from assessment.i18n import french_typography
from assessment.loading import bundled_catalogue
from assessment.report import model, pdf
from assessment.evaluation import evaluate
from documents import Q, document, text_of

def render(lang: str) -> tuple[bytes, pdf.BundleFetcher]:
    """Render the hostile document to PDF with a fetcher we can inspect."""
    sheet, questionnaire = parse_document(document(lang), lambda _id: Q)
    report = model.build(evaluate(questionnaire, sheet, bundled_catalogue()), lang)
    fetcher = pdf.BundleFetcher([pdf.report_dir(), resources.static_dir() / "fonts"])
    return pdf.write_pdf(report, fetcher=fetcher), fetcher


@pytest.fixture(scope="module", params=["fr", "en"])
def rendered(request):
    """The report rendered once per language."""
    data, fetcher = render(request.param)
    return request.param, data, fetcher


def test_report_text_is_complete(rendered):
    lang, data, _ = rendered
    text = text_of(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 8
    assert "ACME <b>SA</b>" in text
    for pillar in Q.pillars:
        assert pillar.title[lang] in text
    words = {"fr": ["Synthèse", "Plan d'action", "Annexe : méthode", "Sommaire"],
             "en": ["Executive summary", "Action plan", "Appendix: method", "Contents"]}[lang]
    for word in words:
        assert word in text
    assert Q.version in text


def test_hostile_comment_is_printed_literally_and_nothing_is_fetched(rendered):
    _, data, fetcher = rendered
    text = text_of(data)
    assert "<script>alert(1)</script>" in text
    assert 'src="http://169.254.169.254/"' in text
    assert fetcher.refused == []
    assert all(url.startswith("file://") for url in fetcher.fetched)
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in data


def test_pdf_is_tagged_with_language_title_and_embedded_subset_fonts(rendered):
    lang, data, _ = rendered
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith(lang)
    assert reader.metadata.title.startswith({"fr": "Rapport", "en": "Sovereign AI readiness report"}[lang])
    fonts, embedded = set(), set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/")
            fonts.add(name)
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor):
                embedded.add(name)
    assert fonts and all("Bundled-Inter" in name for name in fonts), fonts  # never a system font
    assert embedded == fonts
    assert all(len(name.split("+")[0]) == 6 and name.split("+")[0].isupper() for name in fonts)  # subset tags


def test_fetcher_serves_only_the_bundle(tmp_path):
    fonts = resources.static_dir() / "fonts"
    fetcher = pdf.BundleFetcher([fonts])
    inside = (fonts / "Inter-Regular.otf").as_uri()
    assert fetcher.fetch(inside).read()[:4] == b"OTTO"
    for url in ["http://169.254.169.254/", "https://example.org/x.css", "file:///etc/hostname",
                inside.replace("Inter-Regular.otf", "../../../../../../etc/passwd"), "data:text/plain,hi",
                "ftp://example.org/x"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_cli_report_both_languages(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(document("fr")))
    out = tmp_path / "r.pdf"
    code, stdout, err = cli("report", str(answers), "-o", str(out))
    assert code == 0, err
    assert "Synthèse" in text_of(out.read_bytes())
    code, _, _ = cli("report", str(answers), "-o", str(out), "--lang", "en")
    assert code == 0 and "Executive summary" in text_of(out.read_bytes())
    code, _, err = cli("report", str(answers), "-o", str(tmp_path / "no" / "dir.pdf"))
    assert code == 1 and "cannot write" in err


def test_web_button_html_view_and_api_give_the_same_report(client):
    created = client.post("/api/v1/assessments", json=document("fr")).get_json()
    token, assessment_id = created["token"], created["id"]
    web = client.get(f"/a/{token}/report.pdf")
    assert web.status_code == 200 and web.mimetype == "application/pdf"
    assert "attachment" in web.headers["Content-Disposition"]
    api = client.get(f"/api/v1/assessments/{assessment_id}/report.pdf", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    web_text, api_text = text_of(web.data), text_of(api.data)
    assert web_text == api_text and "ACME <b>SA</b>" in web_text
    english = client.get(f"/a/{token}/report.pdf?lang=en")
    assert "Executive summary" in text_of(english.data)
    html = client.get(f"/a/{token}/report")
    assert html.status_code == 200
    page = html.get_data(as_text=True)
    assert "ACME &lt;b&gt;SA&lt;/b&gt;" in page and "&lt;script&gt;" in page
    css = client.get("/report.css")
    assert css.status_code == 200 and "@page" in css.get_data(as_text=True)
    assert client.get(f"/api/v1/assessments/{assessment_id}/report.pdf").status_code == 404


@pytest.fixture(scope="module")
def startup_report():
    """The report of the persona with the most recommendations, as plain data and as PDF pages."""
    document = json.loads((resources.examples_dir() / "startup-us-stack.json").read_text())
    sheet, questionnaire = parse_document(document, lambda _id: Q)
    report = model.build(evaluate(questionnaire, sheet, bundled_catalogue()), "fr")
    reader = PdfReader(io.BytesIO(pdf.write_pdf(report)))
    pages = [fold(page.extract_text() or "") for page in reader.pages]
    return report, pages


def fold(text: str) -> str:
    """Text as extracted, whitespace folded (French no-break spaces too) and lines broken after a hyphen joined."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split()).replace("- ", "-")


def test_plan_lists_every_recommendation_and_details_the_most_urgent(startup_report):
    report, pages = startup_report
    text = " ".join(pages)
    recommendations = report.recommendations
    assert len(recommendations) > model.DETAILED_ACTIONS
    detailed = [r for r in recommendations if r.detailed]
    assert detailed == list(recommendations[:model.DETAILED_ACTIONS])  # the most urgent ones
    for rec in recommendations:
        assert fold(rec.title) in text
        assert rec.priority_label in text
    for rec in detailed:
        assert all(fold(step) in text for step in rec.steps), rec.id
    for rec in recommendations[model.DETAILED_ACTIONS:]:
        assert fold(rec.steps[0]) not in text, rec.id


def test_every_action_of_the_plan_names_its_tools(startup_report):
    report, pages = startup_report
    plan = " ".join(pages[next(i for i, p in enumerate(pages) if p.startswith("Plan d")):])
    beyond_sheets = [r for r in report.recommendations if not r.detailed and r.tools]
    assert beyond_sheets  # the persona has actions outside the detailed sheets that name tools
    for rec in beyond_sheets:
        line = fold(rec.title) + " "
        after = plan[plan.index(line) + len(line):]
        names = ", ".join(t.name for t in rec.tools)
        assert fold(f"Outils possibles : {names}") in after[:len(names) + 400], rec.id  # right after its tags


def test_tools_are_those_named_in_the_plan_with_their_facts(startup_report):
    report, pages = startup_report
    named = list(dict.fromkeys(t.id for r in report.recommendations for t in r.tools))
    assert [t.id for t in report.tools] == named and named
    tools_pages = " ".join(pages[next(i for i, p in enumerate(pages) if p.startswith("Outils cités dans le plan")
                                      and "neutral" not in p):])
    for tool in report.tools:
        assert tool.name in tools_pages and fold(tool.verified_label) in tools_pages
        assert f'({tool.country_name})' in tools_pages
        assert " ".join(tool.sources[0].url.split()) in tools_pages.replace(" ", "") or \
            tool.sources[0].title in tools_pages


def test_table_of_contents_gives_the_real_page_numbers(startup_report):
    report, pages = startup_report
    toc = pages[1]  # after the cover
    assert "Sommaire" in toc
    # The page numbers float right, so they are extracted before the titles, in the same order.
    numbers = [int(n) for n in toc[:toc.index("Sommaire")].split()]
    chapters = ["Synthèse", *[p.title for p in report.pillars], "Plan d'action",
                "Fiches des actions prioritaires", "Cadre de souveraineté cloud", "Outils cités dans les fiches",
                "Annexe : méthode", "Annexe : documents à préparer"]
    assert len(numbers) == len(chapters)
    starts = {"Plan d'action": "recommandations découlent des réponses",
              "Cadre de souveraineté cloud": "Estimation de l'exposition de votre usage de l'IA",
              "Annexe : méthode": "Chaque réponse porte un score",
              "Annexe : documents à préparer": "Question par question, ce qu'il faut montrer",
              "Fiches des actions prioritaires": "1. " + report.recommendations[0].title}
    for chapter, marker in starts.items():
        page = next(i for i, text in enumerate(pages) if marker in text) + 1
        assert numbers[chapters.index(chapter)] == page, chapter


def test_a_downloaded_report_is_reused_until_the_assessment_changes(client):
    created = client.post("/api/v1/assessments", json=document("fr")).get_json()
    token, assessment_id = created["token"], created["id"]
    first = client.get(f"/a/{token}/report.pdf")
    again = client.get(f"/a/{token}/report.pdf")
    assert again.data == first.data and again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    english = client.get(f"/a/{token}/report.pdf?lang=en")
    assert "Executive summary" in text_of(english.data)  # the language is part of the key
    question = Q.pillars[0].questions[0]
    changed = client.patch(f"/api/v1/assessments/{assessment_id}/answers",
                           headers={"Authorization": f"Bearer {token}"},
                           json={"answers": {question.id: {"answer": question.options[0].id,
                                                           "comment": "Nouveau commentaire après révision"}}})
    assert changed.status_code == 200
    after = client.get(f"/a/{token}/report.pdf")
    assert "Nouveau commentaire après révision" in text_of(after.data)
    assert "<script>" not in text_of(after.data)


def test_french_typography_keeps_punctuation_with_its_word_and_leaves_tags_alone():
    html = '<p title="a : b">Sources : « AI Act » ; 86 % de 4 100 salariés ?</p><a href="#x:y">x</a>'
    out = french_typography(html)
    assert out == ('<p title="a : b">Sources\u202f: «\u202fAI Act\u202f»\u202f; 86\u202f% de 4\u202f100 salariés\u202f?</p>'
                   '<a href="#x:y">x</a>')
    assert french_typography(out) == out  # idempotent
    typed = '<textarea name="c">Note : « brouillon » ?</textarea><script>a ? b : c</script>'
    assert french_typography(typed) == typed  # what a user typed comes back as typed


@pytest.mark.parametrize("lang, raw", [("en", "raw score 75.7"), ("fr", "score brut 75,7")])
def test_a_capped_pillar_shows_its_raw_score_beside_the_capped_one(lang, raw):
    """Method 2.0: the cap shows in the score (59.9, the top of level 2), the raw score stays beside it."""
    sheet, questionnaire = parse_document(read_document(resources.examples_dir() / "bank-nl-credit.json"), lambda _id: Q)
    report = model.build(evaluate(questionnaire, sheet, bundled_catalogue()), lang)
    ethics = next(p for p in report.pillars if p.id == "ethics")
    assert ethics.capped and ethics.score == 59.9 and ethics.raw_score == pytest.approx(75.7)
    fetcher = pdf.BundleFetcher([pdf.report_dir(), resources.static_dir() / "fonts"])
    assert raw in text_of(pdf.write_pdf(report, fetcher=fetcher))
