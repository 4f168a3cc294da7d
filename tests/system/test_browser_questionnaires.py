"""A questionnaire installed from the browser (issue #16 §2), then started from the home page, under gunicorn with
two workers: whichever worker serves the next page offers it, with no restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from test_browser import Visit, answer_visible_questions, axe_problems, browser, ensure_consultant, shot  # noqa: F401

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "custom" / "hr-ai-act.yaml"
HR = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app under gunicorn (two workers) on its own database and instance folder (so its own questionnaires)."""
    from assessment.storage.database import upgrade
    from servers import Gunicorn

    folder = tmp_path_factory.mktemp("installing")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder / 'live.sqlite3'}"
    upgrade(url)
    with Gunicorn(url, folder) as running:
        running.database = url
        yield running


def test_a_consultant_installs_a_questionnaire_and_a_respondent_starts_it_from_the_home_page(browser, server):  # noqa: F811
    base = server.base
    ensure_consultant(server.database, "ines@conseil.example", "un mot de passe solide")
    consultant = Visit(browser, base)
    page = consultant.page
    page.goto(base + "/")
    assert page.get_by_role("button", name="Commencer").count() == 1  # one questionnaire: the single button
    page.goto(base + "/login?next=/questionnaires")
    page.get_by_label("Adresse e-mail").fill("ines@conseil.example")
    page.get_by_label("Mot de passe").fill("un mot de passe solide")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("heading", name="Questionnaires", exact=True).is_visible()
    assert axe_problems(page) == []
    page.get_by_label("Fichier du questionnaire (YAML ou XLSX, 1 Mio au plus)").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Vérifier et prévisualiser").click()
    assert "/questionnaires/pending/" in page.url
    content = page.content().replace("\u202f", " ")
    assert "3 piliers, 14 questions" in content
    assert page.locator("section.preview-page fieldset.question").count() > 0  # the first page, as it is answered
    assert axe_problems(page) == []
    shot(page, "questionnaire-preview")
    page.get_by_role("button", name="Installer ce questionnaire").click()
    assert "est installé" in page.content()
    assert consultant.outside == []
    consultant.close()

    respondent = Visit(browser, base)
    page = respondent.page
    page.goto(base + "/")
    starts = page.get_by_role("button", name="Commencer")
    assert starts.count() == 2  # one "Commencer" per questionnaire
    assert axe_problems(page) == []
    shot(page, "home-two-questionnaires")
    assert page.locator(".questionnaire-choice h3").nth(1).inner_text() == HR["title"]["fr"]
    page.locator(".questionnaire-choice").nth(1).get_by_role("button", name="Commencer").click()
    page.get_by_label("Nom de l'organisation").fill("Entreprise Témoin")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "Pilier 1 sur 3" in page.content()
    assert page.locator("h1").inner_text() == HR["pillars"][0]["title"]["fr"]
    answer_visible_questions(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "Pilier 2 sur 3" in page.content()
    assert respondent.outside == []
    respondent.close()
