"""Adding a language is a translator's work, not a programmer's: declare "de", give an empty catalogue and
questionnaire texts in German, and every door speaks it (English interface text where nothing is
translated yet, Babel's German dates and numbers), with no code changed and nothing hard-coded to fr/en.

The interface languages are declared once, `assessment.settings.LANGUAGES`; every use reads it when it runs
(pydantic validators, argparse choices, the language switch, the API), so the test sets it with monkeypatch
as an installation would declare it, and restores it after.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from assessment import i18n, loading, resources, settings
from assessment.answers import parse_document
from assessment.loading import load_catalogue, load_questionnaire
from assessment.recommendations import recommend
from assessment.report import model, pdf
from assessment.scoring import score

DATA = Path(__file__).parent.parent / "data"


def with_german(node):
    """A YAML tree with a German text beside every {fr, en} text (the English one, marked)."""
    if isinstance(node, dict):
        node = {key: with_german(value) for key, value in node.items()}
        if set(node) == {"fr", "en"} and all(isinstance(v, str) for v in node.values()):
            node["de"] = "[de] " + node["en"]
        return node
    if isinstance(node, list):
        return [with_german(item) for item in node]
    return node


@pytest.fixture
def german(tmp_path, monkeypatch):
    """German declared, with an empty catalogue, and the test questionnaire and catalogue in three languages."""
    monkeypatch.setattr(settings, "LANGUAGES", (*settings.LANGUAGES, "de"))
    translations = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, translations)
    folder = translations / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, Catalog(locale="de"))
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, Catalog(locale="de"))
    monkeypatch.setattr(i18n, "TRANSLATIONS", translations)
    i18n._catalogue.cache_clear()
    i18n.translator.cache_clear()
    yield {name: german_copy(DATA / name, tmp_path / name) for name in ("mini.yaml", "catalogue.yaml")}
    i18n._catalogue.cache_clear()
    i18n.translator.cache_clear()


def german_copy(source: Path, target: Path) -> Path:
    """A questionnaire or catalogue file with German added (what a translator of the content would write)."""
    data = with_german(yaml.safe_load(source.read_text(encoding="utf-8")))
    data["languages"] = [*data["languages"], "de"]
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def german_bundle(german, tmp_path, monkeypatch):
    """The bundled questionnaires and catalogue with German texts, served by the app."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for path in resources.questionnaires_dir().glob("*.yaml"):
        german_copy(path, folder / path.name)
    monkeypatch.setattr(resources, "questionnaires_dir", lambda: folder)
    loading.bundled_catalogue.cache_clear()
    loading.bundled_questionnaires.cache_clear()
    yield folder
    loading.bundled_catalogue.cache_clear()
    loading.bundled_questionnaires.cache_clear()


def test_a_third_language_runs_through_the_core_and_the_report(german):
    catalogue = load_catalogue(german["catalogue.yaml"])  # pydantic accepts "de" once it is declared
    questionnaire = load_questionnaire(german["mini.yaml"], catalogue)
    assert questionnaire.languages[-1] == "de"
    first = questionnaire.pillars[0].questions[0]
    sheet, _ = parse_document({"questionnaire": questionnaire.id, "language": "de",
                               "organisation": {"name": "Klinik", "country": "DE"},
                               "answers": {first.id: {"answer": first.options[0].id}}}, lambda _id: questionnaire)
    result = score(questionnaire, sheet)
    report = model.build(questionnaire, sheet, result, recommend(questionnaire, sheet, result, catalogue), catalogue,
                         "de")
    html = pdf.render_html(report)
    assert '<html lang="de">' in html
    assert "Deutschland" in html  # the country from Babel's German locale data
    assert "[de] " + questionnaire.title["en"] in html  # the questionnaire's own German texts
    assert "Executive summary" in html  # no German catalogue entry yet: the English message
    assert pdf.write_pdf(report).startswith(b"%PDF")


def test_a_third_language_is_offered_and_served_on_every_page(german_bundle, client):
    home = client.get("/?lang=de").get_data(as_text=True)
    assert '<html lang="de">' in home
    assert 'hreflang="fr"' in home and 'hreflang="en"' in home  # the switch lists the two others
    assert client.get("/?lang=fr").get_data(as_text=True).count("hreflang=") == 2
    client.get("/?lang=de")
    assert client.get("/privacy").status_code == 200  # the cookie remembers de
    assert client.get("/login").status_code == 200
    started = client.post("/start", data={"csrf_token": _csrf(home)})
    assert started.status_code == 303
    token = started.headers["Location"].split("/a/")[1].split("/")[0]
    pillar = loading.bundled_questionnaire().pillars[0].id
    for url in (f"/a/{token}/", f"/a/{token}/organisation", f"/a/{token}/p/{pillar}", f"/a/{token}/results",
                f"/a/{token}/report"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert '<html lang="de">' in page.get_data(as_text=True)


def test_the_cli_accepts_a_third_language(german, cli):
    code, out, _ = cli("catalogue", "--lang", "de", "--catalogue-file", str(german["catalogue.yaml"]))
    assert code == 0
    assert "verified" in out  # English interface text while German has no translation


def _csrf(html: str) -> str:
    from pages import csrf_token

    return csrf_token(html)
