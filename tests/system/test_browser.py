"""Real browser tests: Debian's Chromium driven by Playwright, axe-core for accessibility.

In CI a missing browser is a failure, not a skip (.ci/run installs chromium).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "")) if os.environ.get("SCREENSHOT_DIR") else None
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class LiveServer(str):
    """The server's base URL, which also knows its database URL."""

    def __new__(cls, base: str, database: str):
        server = super().__new__(cls, base)
        server.database = database
        return server


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app under gunicorn (the production server) on 127.0.0.1, on its own database."""
    from assessment.storage.database import upgrade
    from servers import Gunicorn, Worker

    folder = tmp_path_factory.mktemp("live")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder / 'live.sqlite3'}"
    upgrade(url)
    # Every test of this module signs in from 127.0.0.1 on this one server: the default login limit (5 per
    # minute) would refuse the later ones with a 429 (test_production.py tests the limit itself).
    with Gunicorn(url, folder, LOGIN_RATE_LIMIT="60 per minute; 600 per hour") as server, \
            Worker(server.env):  # PDF reports are rendered by the worker
        yield LiveServer(server.base, url)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser context that records every request leaving 127.0.0.1 (and blocks it)."""

    def __init__(self, browser, base: str, **options):
        self.base = base
        self.outside: list[str] = []
        self.context = browser.new_context(locale="fr-FR", **options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def close(self) -> None:
        """Close the context."""
        self.context.close()


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"],
                                       "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                             "wcag21aa", "wcag22aa", "best-practice"]}})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def answer_visible_questions(page, choice: str = "first") -> None:
    """Tick one option in every visible question of the page."""
    for fieldset in page.locator("fieldset.question").all():
        if not fieldset.is_visible():
            continue
        options = fieldset.locator("input[type=radio], input[type=checkbox]")
        (options.first if choice == "first" else options.nth(1)).check()


def shot(page, name: str) -> None:
    """Keep a screenshot when SCREENSHOT_DIR is set (for people to look at)."""
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_complete_questionnaire_accessible_and_sovereign(browser, live_server):
    visit = Visit(browser, live_server)
    page = visit.page
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_problems(page) == []
    shot(page, "home")
    page.get_by_role("button", name="Commencer l'autodiagnostic").click()
    page.get_by_label("Nom de l'organisation").fill("Entreprise Témoin")
    secret_link = page.locator("#secret-link").input_value()
    assert "/a/" in secret_link
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "Pilier 1 sur 4" in page.content()
    assert axe_problems(page) == []
    shot(page, "pillar")
    for _ in range(3):
        answer_visible_questions(page)
        page.get_by_role("button", name="Enregistrer et continuer").click()
    answer_visible_questions(page, choice="second")
    page.get_by_role("button", name="Enregistrer et voir les résultats").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Résultats")
    assert page.locator("svg.radar").count() == 1
    # styled under the CSP (an inline <style> would be blocked and the chart drawn solid black)
    assert page.locator("svg.radar polygon.score").evaluate("e => getComputedStyle(e).fillOpacity") == "0.22"
    assert axe_problems(page) == []
    shot(page, "results")
    assert visit.outside == []
    visit.close()

    # The secret link reopens the same assessment in a fresh browser (no cookies).
    fresh = Visit(browser, live_server)
    fresh.page.goto(secret_link)
    assert "Entreprise Témoin" in fresh.page.content()
    fresh.page.goto(secret_link + "results")
    assert "Résultats — Entreprise Témoin" in fresh.page.get_by_role("heading", level=1).inner_text()
    assert fresh.outside == []
    fresh.close()


def test_english_switch(browser, live_server):
    visit = Visit(browser, live_server)
    visit.page.goto(live_server + "/")
    visit.page.get_by_role("link", name="English").click()
    assert visit.page.locator("html").get_attribute("lang") == "en"
    assert visit.page.get_by_role("button", name="Start the self-assessment").is_visible()
    visit.page.get_by_role("button", name="Start the self-assessment").click()
    assert visit.page.get_by_role("heading", level=1).inner_text() == "Your organisation"
    visit.close()


def test_works_without_javascript(browser, live_server):
    visit = Visit(browser, live_server, java_script_enabled=False)
    page = visit.page
    page.goto(live_server + "/")
    page.get_by_role("button", name="Commencer l'autodiagnostic").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    answer_visible_questions(page)
    page.locator("details.help").first.locator("summary").click()
    assert page.locator("details.help").first.locator("p").first.is_visible()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "Pilier 2 sur 4" in page.content()
    page.get_by_role("button", name="Enregistrer et revenir").click()
    assert page.locator("fieldset.question input:checked").count() >= 5
    visit.close()


def test_errors_are_announced(browser, live_server):
    visit = Visit(browser, live_server)
    page = visit.page
    page.goto(live_server + "/")
    page.get_by_role("button", name="Commencer l'autodiagnostic").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    # a tampered value, as a broken client would send
    page.locator("fieldset.question input[type=radio]").first.evaluate("el => { el.value = 'tampered'; el.checked = true; }")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    summary = page.get_by_role("alert")
    assert summary.is_visible() and "n'a pas été enregistrée" in summary.inner_text()
    assert page.title().startswith("Erreur")
    assert axe_problems(page) == []
    visit.close()


def test_consultant_runs_a_workshop(browser, live_server):
    """Log in, create a workshop, participants join by the link and the API, live view, PDF and CSV."""
    import json
    import urllib.request

    ensure_consultant(live_server.database, "anna@conseil.example", "un mot de passe solide")

    facilitator = Visit(browser, live_server, accept_downloads=True)
    page = facilitator.page
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("anna@conseil.example")
    page.get_by_label("Mot de passe").fill("un mot de passe solide")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Nouvel atelier").click()
    page.get_by_label("Organisation cliente").fill("Banque Exemple")
    page.get_by_label("Titre").fill("Atelier comité de direction")
    page.get_by_role("button", name="Créer l'atelier").click()
    join_url = page.locator("#join-link").input_value()
    code = page.locator(".big-code").inner_text()
    assert page.locator(".qr svg").count() == 1
    assert axe_problems(page) == []

    participant = Visit(browser, live_server)
    participant.page.goto(join_url)
    participant.page.get_by_label("Votre nom (facultatif)").fill("Inès")
    participant.page.get_by_role("button", name="Rejoindre").click()
    # straight to the first questions, the secret link in a notice that can be copied
    assert "Pilier 1 sur 4" in participant.page.content()
    assert "/a/" in participant.page.locator("#secret-link").input_value()
    assert axe_problems(participant.page) == []
    answer_visible_questions(participant.page)
    participant.page.get_by_role("button", name="Enregistrer et continuer").click()
    assert participant.outside == []
    participant.close()

    request = urllib.request.Request(f"{live_server}/api/v1/workshops/{code}/responses", method="POST",
                                     data=json.dumps({"answers": {}}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201

    page.reload()
    assert "2 participants ont rejoint" in page.content()
    assert "Inès" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].endswith(",comment,evidence,evidence_note")  # one row per participant and answer
    assert len(exported) > 2 and all(row.startswith("1,Inès,") for row in exported[1:])
    # The "Préparation de votre rapport…" page reloads itself until the worker has rendered it.
    with page.expect_download(timeout=300_000) as download:
        page.get_by_role("link", name="Rapport de groupe (PDF)").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert facilitator.outside == []
    facilitator.close()

    stranger = Visit(browser, live_server)
    workshop_path = page.url.removeprefix(live_server)
    response = stranger.page.goto(live_server + workshop_path)
    assert response.status == 404 and "Inès" not in stranger.page.content()
    stranger.close()


PROJECTOR = {"width": 1920, "height": 1080}
# Every piece of visible text outside the charts: its computed size in CSS pixels.
HTML_TEXT_SIZES = """(() => {
  const found = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || element.closest('svg, .visually-hidden')) continue;
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height) continue;  // inside a closed <details>
    found.push([parseFloat(getComputedStyle(element).fontSize), node.textContent.trim().slice(0, 40)]);
  }
  return found;
})()"""
# Every text of the charts: its size as drawn (font-size times the chart's scale), and whether it stays inside.
SVG_TEXT_SIZES = """[...document.querySelectorAll('svg[role=img]:not(.qr svg) text')].map(t => {
  const svg = t.ownerSVGElement, box = svg.getBoundingClientRect(), own = t.getBoundingClientRect();
  return [parseFloat(t.getAttribute('font-size')) * box.width / svg.viewBox.baseVal.width, t.textContent.slice(0, 40),
          own.left >= box.left - 1 && own.right <= box.right + 1];
})"""


def test_projector_mode_reads_from_the_back_of_the_room(browser, live_server):
    """`?present=1` at 1920x1080: large type, no sideways scroll, no names, accessible, refreshing itself."""
    import json
    import urllib.request

    from workshop_steps import Q

    ensure_consultant(live_server.database, "projector@conseil.example", "un mot de passe solide")
    visit = Visit(browser, live_server, viewport=PROJECTOR)
    page = visit.page
    page.goto(live_server + "/login")
    page.locator("#email").fill("projector@conseil.example")
    page.locator("#password").fill("un mot de passe solide")
    page.locator("button[type=submit].button").click()
    page.goto(f"{live_server}/workshops/new")
    page.locator("#organisation").fill("Banque Exemple")
    page.locator("#title").fill("Comité de direction")
    page.locator("button[type=submit].button").click()
    code = page.locator(".big-code").inner_text()
    workshop_url = page.url
    questions = [q for _, q in Q.questions() if q.depends_on is None]
    for n, name in enumerate(["Inès Dupont", "Karim", "", "Zoé", ""]):  # answers spread across the options
        answers = {q.id: q.options[(n * 2 + i) % len(q.options)].id for i, q in enumerate(questions)
                   if q.type != "multiple"}
        request = urllib.request.Request(f"{live_server}/api/v1/workshops/{code}/responses", method="POST",
                                         data=json.dumps({"participant": {"name": name}, "answers": answers}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 201

    page.get_by_role("link", name="Afficher sur un projecteur").click()
    assert page.url == workshop_url + "?present=1"
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "15"
    page.goto(workshop_url + "?present=1&refresh=300")  # measured at leisure, without a reload under our feet
    shot(page, "projector-1920")
    assert page.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"]
    html_sizes = page.evaluate(HTML_TEXT_SIZES)
    smallest = min(html_sizes)
    assert smallest[0] >= 24, f"text smaller than 24 px: {[s for s in html_sizes if s[0] < 24][:5]}"
    svg_sizes = page.evaluate(SVG_TEXT_SIZES)
    assert len(svg_sizes) > 50
    assert min(size for size, _, _ in svg_sizes) >= 17, sorted(svg_sizes)[:5]
    assert all(inside for _, _, inside in svg_sizes), [text for _, text, inside in svg_sizes if not inside][:5]
    content = page.content()
    assert "Inès" not in content and "Karim" not in content and "Zoé" not in content
    assert page.locator("form, button, input, script").count() == 0
    # axe flags any <meta http-equiv="refresh"> (WCAG 2.2.1, failure F41) whatever the page offers: the
    # projector mode reloads on purpose (a live display, without JavaScript) and its first link stops it.
    # The refreshing page has that one finding and nothing else; the paused page has none.
    assert [problem.split(" ")[0] for problem in axe_problems(page)] == ["meta-refresh"]
    assert page.locator("a").first.inner_text() == "Suspendre l'actualisation"
    page.get_by_role("link", name="Suspendre l'actualisation").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert axe_problems(page) == []
    page.get_by_role("link", name="Quitter le mode projection").click()
    assert page.url == workshop_url and "Inès Dupont" in page.content()
    assert visit.outside == []
    visit.close()


def ensure_consultant(database_url: str, email: str, password: str) -> None:
    """A consultant account in the live server's database (created once per module)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from assessment.storage import accounts
    from assessment.storage.database import normalise_url
    from assessment.storage.models import Consultant

    engine = create_engine(normalise_url(database_url))
    with Session(engine) as session:
        if not session.scalar(select(Consultant).where(Consultant.email == email)):
            accounts.add_consultant(session, email, password)
            session.commit()
    engine.dispose()


PHONE = {"width": 360, "height": 740}
# The innermost elements that stick out on the right: what to fix when a page is too wide.
SIDEWAYS = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className : '')
                     + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')"""


def open_every_details(page) -> None:
    """Unfold every <details> of the page (help, comments, steps), as a curious reader would."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def test_every_page_fits_a_360px_phone(browser, live_server):
    """No page scrolls sideways at 360 px, in French and in English, errors and long texts included."""
    ensure_consultant(live_server.database, "phone@conseil.example", "un mot de passe solide")
    wide: dict[str, tuple] = {}

    def check(page, name: str) -> None:
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = (width, page.evaluate(SIDEWAYS))
        shot(page, f"phone-{name}")

    for lang in ("fr", "en"):
        visit = Visit(browser, live_server, viewport=PHONE)
        page = visit.page
        # a facilitator on a phone: sign in (first with errors), create a workshop with a long title
        page.goto(f"{live_server}/login?lang={lang}")
        check(page, f"login-{lang}")
        page.locator("button[type=submit].button").click()
        check(page, f"login-errors-{lang}")
        page.locator("#email").fill("phone@conseil.example")
        page.locator("#password").fill("un mot de passe solide")
        page.locator("button[type=submit].button").click()
        check(page, f"workshops-{lang}")
        page.goto(f"{live_server}/workshops/new")
        page.locator("button[type=submit].button").click()
        check(page, f"workshop-new-errors-{lang}")
        # words longer than a phone is wide, as people do type them
        page.locator("#organisation").fill("Établissementpublicdecoopérationintercommunaledugrandouest")
        page.locator("#title").fill("Atelier_gouvernance_des_données_et_souveraineté_numérique_2027")
        page.locator("button[type=submit].button").click()
        check(page, f"live-{lang}")
        join_url = page.locator("#join-link").input_value()
        workshop_url = page.url
        page.goto(f"{live_server}/workshops")
        check(page, f"workshops-list-{lang}")

        # a participant joins on a phone and answers every page
        participant = Visit(browser, live_server, viewport=PHONE)
        phone = participant.page
        phone.goto(f"{live_server}/join?lang={lang}")
        check(phone, f"join-code-{lang}")
        phone.goto(f"{live_server}/join/ZZZZ-ZZZZ")
        check(phone, f"join-unknown-{lang}")
        phone.goto(join_url)
        check(phone, f"join-{lang}")
        phone.locator("#name").fill("Marie-Christine_de_La_Tour_dAuvergne_Lauraguais")
        phone.locator("button[type=submit].button").click()
        check(phone, f"participant-first-page-{lang}")
        pillars = phone.locator("nav.progress a").evaluate_all("links => links.map(a => a.href)")
        token_url = phone.url.split("/p/")[0] if "/p/" in phone.url else phone.url.rsplit("/", 1)[0]
        for number, url in enumerate(pillars):
            phone.goto(url)
            answer_visible_questions(phone)
            open_every_details(phone)  # help and comment opened, as a curious reader would
            check(phone, f"page-{number}-{lang}")
        phone.goto(token_url + "/")
        check(phone, f"overview-{lang}")
        phone.goto(token_url + "/results")
        check(phone, f"results-{lang}")
        open_every_details(phone)
        check(phone, f"results-open-{lang}")
        phone.goto(token_url + "/report")
        check(phone, f"report-{lang}")
        phone.goto(token_url + "/documents")
        check(phone, f"documents-{lang}")
        phone.goto(token_url + "/delete")
        check(phone, f"delete-{lang}")
        phone.locator("button[type=submit].button-danger").click()
        check(phone, f"deleted-{lang}")
        phone.goto(f"{live_server}/privacy")
        check(phone, f"privacy-{lang}")
        phone.goto(f"{live_server}/")
        check(phone, f"home-{lang}")
        phone.goto(f"{live_server}/nowhere")
        check(phone, f"error-{lang}")
        participant.close()

        page.goto(workshop_url)
        open_every_details(page)
        check(page, f"live-joined-{lang}")
        page.goto(workshop_url + "?present=1&refresh=0")
        open_every_details(page)
        check(page, f"live-present-{lang}")
        page.goto(workshop_url + "/consensus")
        open_every_details(page)
        check(page, f"consensus-{lang}")
        page.goto(workshop_url + "/documents")
        check(page, f"workshop-documents-{lang}")
        visit.close()
    assert not wide, "\n".join(f"{name}: {width} px, sticking out: {parts}" for name, (width, parts) in wide.items())


def test_a_consultant_brands_their_workshop_and_participants_see_it(browser, live_server, tmp_path):
    """The profile form in a real browser (file upload, colour picker), then the participant's header at 360 px."""
    from brand_files import CLEAN_SVG, png

    ensure_consultant(live_server.database, "brand@conseil.example", "un mot de passe solide")
    (tmp_path / "logo.png").write_bytes(png(240, 80))
    (tmp_path / "logo.svg").write_bytes(CLEAN_SVG)
    consultant = Visit(browser, live_server)
    page = consultant.page
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("brand@conseil.example")
    page.get_by_label("Mot de passe").fill("un mot de passe solide")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Votre marque").click()
    assert axe_problems(page) == []
    page.get_by_label("Nom du cabinet").fill("Cabinet Dupont & Associés")
    page.get_by_label("Logo (PNG ou SVG, 512 Kio au plus)").set_input_files(str(tmp_path / "logo.png"))
    page.get_by_label("Afficher une couleur d'accent").check()
    page.locator("#accent").fill("#c0392b")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Votre marque a été enregistrée." in page.content()
    logo = page.get_by_role("img", name="Cabinet Dupont & Associés")
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 240  # served by our own route, and shown
    assert axe_problems(page) == []
    shot(page, "brand-profile")
    # An SVG logo instead: shown through <img>, under its own restrictive CSP.
    page.get_by_label("Logo (PNG ou SVG, 512 Kio au plus)").set_input_files(str(tmp_path / "logo.svg"))
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("img", name="Cabinet Dupont & Associés").evaluate("img => img.naturalWidth") == 200

    page.goto(live_server + "/workshops/new")
    page.get_by_label("Organisation cliente").fill("Banque Exemple")
    page.get_by_label("Titre").fill("Atelier marque")
    page.get_by_role("button", name="Créer l'atelier").click()
    join_url = page.locator("#join-link").input_value()
    consultant.close()

    participant = Visit(browser, live_server, viewport=PHONE)
    phone = participant.page
    phone.goto(join_url)
    assert "Atelier animé par Cabinet Dupont & Associés" in phone.locator("header").inner_text()
    assert phone.get_by_role("img", name="Cabinet Dupont & Associés").evaluate("img => img.naturalWidth") == 200
    assert axe_problems(phone) == []
    phone.get_by_role("button", name="Rejoindre").click()
    assert "Atelier animé par Cabinet Dupont & Associés" in phone.locator("header").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_problems(phone) == []
    shot(phone, "brand-participant")
    assert participant.outside == []
    participant.close()
