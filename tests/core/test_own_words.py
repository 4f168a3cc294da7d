"""A questionnaire owns its words (#16 §1): its pillar ids, its report title, its level names, and no
sovereignty wording in what it produces unless it says so itself."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from documents import text_of
from pypdf import PdfReader
from strategies import sheet_for

from assessment.evaluation import evaluate
from assessment.loading import InvalidFile, bundled_catalogue, bundled_questionnaire, load_questionnaire, parse_questionnaire
from assessment.report import model, pdf
from assessment.report.charts import Axis, bars, pillar_chart
from assessment.scoring import LEVELS, level_description, level_name

CUSTOM = Path(__file__).parents[1] / "data" / "custom" / "hr-ai-act.yaml"
MINI = Path(__file__).parents[1] / "data" / "mini.yaml"
SVG = "{http://www.w3.org/2000/svg}"
# What a questionnaire of its own must not be made to say (case-insensitive): the product's former subject.
SOVEREIGNTY_WORDS = re.compile(r"souverain|sovereign|quatre piliers|four pillars", re.IGNORECASE)
ANSWERS = {"inv-register": "partial", "inv-classification": "vendor-says", "inv-emotion": "in-use", "inv-role": "some",
           "inv-vendor-information": "asked", "gov-literacy": "plan", "gov-oversight": "reviewed",
           "gov-monitoring": "logs-only", "gov-dpia": "some", "gov-fria": "not-concerned",
           "wk-representatives": "before", "wk-information": "general", "wk-explanation": "unknown",
           "wk-bias": "tested-once"}


@pytest.fixture(scope="module")
def hr():
    return load_questionnaire(CUSTOM, bundled_catalogue())


def _evaluation(questionnaire, answers, lang="fr"):
    sheet = dataclasses.replace(sheet_for(questionnaire, answers), language=lang,
                                organisation={"name": "Exemple Intérim"})
    return evaluate(questionnaire, sheet, bundled_catalogue())


def test_the_fixture_validates_with_its_own_ids_title_and_levels(hr):
    assert [p.id for p in hr.pillars] == ["inventory", "governance", "workers"]
    assert len(list(hr.questions())) == 14
    assert hr.report_title["en"] == "AI Act readiness report: HR uses of AI"
    assert [level_name(entry.level, "en", hr) for entry in LEVELS] == [
        "Unmapped uses", "Obligations identified", "Compliance under way", "Compliance organised",
        "Demonstrable compliance"]
    assert level_name(4, "fr", hr) == "Conformité démontrable"
    assert level_description(0, "en", hr).startswith("The organisation does not know which HR processes use AI")
    assert not SOVEREIGNTY_WORDS.search(json.dumps(hr.model_dump(mode="json"), ensure_ascii=False))


def test_the_fixture_scores_under_its_own_pillar_ids(hr):
    evaluation = _evaluation(hr, ANSWERS)
    scores = evaluation.as_json()
    assert list(scores["pillars"]) == ["inventory", "governance", "workers"]
    # the emotion-recognition finding caps its pillar at 0 and, through also_caps, the workers' pillar
    assert [(f["id"], f["caps"]) for f in scores["critical"]] == [
        ("emotion-recognition-at-work", [{"pillar": "inventory", "cap": 0}, {"pillar": "workers", "cap": 0}])]
    assert scores["pillars"]["inventory"]["level"] == scores["pillars"]["workers"]["level"] == 0
    assert scores["pillars"]["governance"]["level"] == 2
    assert "gov-fria" in scores["pillars"]["governance"]["not_applicable"]
    recommended = [r["id"] for r in scores["recommendations"]]
    assert recommended[0] == "rec-stop-emotion-recognition"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_its_pdf_report_speaks_its_words_and_never_of_sovereignty(hr, lang):
    report = model.build(_evaluation(hr, ANSWERS, lang), lang)
    data = pdf.write_pdf(report, site_name="Cabinet Martin — diagnostics")
    text = text_of(data)
    assert hr.report_title[lang] in text
    assert level_name(0, lang, hr) in text and level_name(2, lang, hr) in text  # the result and the method's table
    assert level_description(4, lang, hr) in text
    assert not SOVEREIGNTY_WORDS.search(text), SOVEREIGNTY_WORDS.findall(text)
    metadata = PdfReader(io.BytesIO(data)).metadata
    assert re.sub(r"[\u202f\xa0]", " ", metadata.title).startswith(hr.report_title[lang])  # French spacing aside
    assert metadata.author == "Cabinet Martin — diagnostics"


def test_its_report_without_a_site_name_says_nothing_of_sovereignty_either(hr):
    report = model.build(_evaluation(hr, ANSWERS, "fr"), "fr")
    html = pdf.render_html(report)
    visible = re.sub(r"<head>.*</head>", "", html, flags=re.DOTALL)  # the metadata names the site (SITE_NAME)
    assert not SOVEREIGNTY_WORDS.search(visible), SOVEREIGNTY_WORDS.findall(visible)
    assert '<meta name="author" content="Autodiagnostic IA souveraine">' in html  # the default site name


def test_the_bundled_questionnaire_keeps_its_sovereignty_words():
    questionnaire = bundled_questionnaire()
    report = model.build(evaluate(questionnaire, sheet_for(questionnaire, {}), bundled_catalogue()), "fr")
    assert report.questionnaire.report_title == "Rapport de préparation à l'IA souveraine"
    assert [band.name for band in report.levels] == [
        "Dépendance subie", "Prise de conscience", "Maîtrise partielle", "Maîtrise établie", "Souveraineté opérationnelle"]
    assert report.levels[4].description.startswith("L'entreprise peut changer de modèle")


def test_a_questionnaire_without_levels_gets_neutral_names_and_its_title():
    questionnaire = parse_questionnaire(MINI.read_text(encoding="utf-8"), "mini.yaml")
    report = model.build(evaluate(questionnaire, sheet_for(questionnaire, {"tech-models": "mixed"}),
                                  bundled_catalogue()), "en")
    assert report.questionnaire.report_title == "Mini assessment"
    assert [band.name for band in report.levels] == ["Initial", "Emerging", "Developing", "Established", "Advanced"]
    assert all(band.description for band in report.levels)
    assert report.overall.level_name == "Initial"


def _with_pillars(count: int) -> dict:
    """The HR fixture cut or grown to `count` pillars (copies of its last pillar, renamed)."""
    data = yaml.safe_load(CUSTOM.read_text(encoding="utf-8"))
    data["recommendations"] = []
    pillars = data["pillars"]
    for pillar in pillars:
        for question in pillar["questions"]:
            for rule in question.get("critical", []):
                rule.pop("also_caps", None)
    while len(pillars) < count:
        extra = copy.deepcopy(pillars[-1])
        extra["id"] = f"extra-{len(pillars)}"
        extra.pop("proof", None)
        for question in extra["questions"]:
            question["id"] = f"{extra['id']}-{question['id']}"
            question.pop("depends_on", None)
            for rule in question.get("critical", []):
                rule["id"] = f"{extra['id']}-{rule['id']}"
        pillars.append(extra)
    del pillars[count:]
    return data


def _chart(count: int) -> ElementTree.Element:
    questionnaire = parse_questionnaire(yaml.safe_dump(_with_pillars(count), allow_unicode=True), f"{count}.yaml")
    report = model.build(evaluate(questionnaire, sheet_for(questionnaire, {}), bundled_catalogue()), "en")
    return ElementTree.fromstring(report.radar)


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_pillars_are_drawn_as_bars(count):
    chart = _chart(count)
    assert chart.get("class") == "radar bars" and chart.get("role") == "img"
    assert len(chart.findall(f"{SVG}rect[@class='score']")) == count
    assert chart.find(f"{SVG}polygon") is None


@pytest.mark.parametrize("count", [3, 8])
def test_three_to_eight_pillars_are_drawn_as_a_radar(count):
    chart = _chart(count)
    assert chart.get("class") == "radar"
    assert len(chart.findall(f"{SVG}line[@class='spoke']")) == count
    assert chart.find(f"{SVG}polygon[@class='score']") is not None


def test_bars_are_accessible_and_show_the_baseline():
    svg = bars([Axis("Gouvernance <&>", 62.5, 40), Axis("Salariés", None)], "Scores", "Gouvernance : 62,5/100",
               baseline_label="référence", lang="fr")
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Scores" and root.find(f"{SVG}desc").text == "Gouvernance : 62,5/100"
    assert "<style" not in svg
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Gouvernance <&>" in texts and "62,5/100" in texts and "—" in texts
    assert len(root.findall(f"{SVG}line[@class='baseline']")) == 1  # only the pillar with a baseline
    assert pillar_chart([Axis("A", 1)], "t", "d").startswith(bars([Axis("A", 1)], "t", "d")[:60])


def _problems(data: dict) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "q.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_nine_pillars_are_refused_on_the_pillars_line():
    data = _with_pillars(9)
    line = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).splitlines().index("pillars:") + 1
    assert _problems(data) == [f"q.yaml:{line}: pillars: a questionnaire has 1 to 8 pillars, not 9"]


@pytest.mark.parametrize("bad", ["Inventory", "1-inventory", "inventory_x", "a" * 33, "inventaire-é"])
def test_a_pillar_id_of_the_wrong_shape_is_refused_where_it_is(bad):
    data = _with_pillars(3)
    data["pillars"][1]["id"] = bad
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    line = text.splitlines().index(f"- id: {bad}") + 1 if f"- id: {bad}" in text.splitlines() else None
    problems = _problems(data)
    assert problems[0].startswith(f"q.yaml:{line}: pillars[1].id: a pillar id is a lowercase letter followed by up "
                                  "to 31 lowercase letters, digits or hyphens")


def test_levels_must_be_five_and_in_every_language():
    data = yaml.safe_load(CUSTOM.read_text(encoding="utf-8"))
    data["levels"] = data["levels"][:4]
    assert [p.split(": ", 1)[1] for p in _problems(data)] == [
        "levels: exactly five levels are named (0 to 4, in order), not 4"]
    data = yaml.safe_load(CUSTOM.read_text(encoding="utf-8"))
    del data["levels"][2]["description"]["en"]
    data["report_title"]["de"] = "Bericht"
    assert [p.split(": ", 1)[1] for p in _problems(data)] == [
        "report_title.de: language 'de' is not declared in 'languages'",
        "levels[2].description: missing language 'en'"]
