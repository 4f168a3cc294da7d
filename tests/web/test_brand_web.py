"""The consultant's brand through the web: the profile page, the logo route, participants' pages, the reports."""

from __future__ import annotations

import hashlib
from html import unescape
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import EnvironBuilder

from assessment.storage.models import Consultant
from brand_files import CLEAN_SVG, FIRM, noisy_png, png, svg
from pages import csrf_token, text_spaces
from workshop_steps import FIRST, add_consultant, join, login, new_workshop

EMAIL = "alice@conseil.example"


@pytest.fixture
def consultant(app, client):
    """A signed-in consultant with one workshop: (client, workshop id, join code)."""
    add_consultant(app, EMAIL)
    assert login(client, EMAIL).status_code == 303
    workshop_id = new_workshop(client)
    code = re.search(r'class="code big-code">([A-Z0-9-]+)<', client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    return client, workshop_id, code.group(1)


def save_brand(client, firm: str = FIRM, logo: tuple[bytes, str] | None = None, accent: str | None = None,
               remove_logo: bool = False):
    """Submit the profile form as a browser does (multipart, with its CSRF token)."""
    page = client.get("/profile").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "firm": firm}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[0]), logo[1])
    if accent is not None:
        data.update(use_accent="y", accent=accent)
    if remove_logo:
        data["remove_logo"] = "y"
    return post_multipart(client, "/profile", data)


def post_multipart(client, path: str, data: dict):
    """A multipart POST; the test client's body of a large upload (a temporary file) is closed afterwards."""
    environ = EnvironBuilder(path=path, method="POST", data=data, content_type="multipart/form-data").get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


def stored(app) -> tuple:
    """The consultant's brand columns as stored."""
    with Session(app.extensions["database"].engine) as session:
        row = session.scalar(select(Consultant).where(Consultant.email == EMAIL))
        return row.firm, row.logo, row.logo_type, row.logo_digest, row.accent


def test_the_profile_needs_a_signed_in_consultant(client):
    response = client.get("/profile")
    assert response.status_code == 302 and "/login?next=/profile" in response.headers["Location"]
    assert client.post("/profile", data={"firm": "x"}).status_code in (302, 400)


def test_profile_round_trip_with_a_png_logo_and_a_colour(app, consultant):
    client, _, _ = consultant
    page = client.get("/profile").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'type="color"' in page and "Votre marque" in page
    assert "Pas encore de marque" in text_spaces(page)
    logo = png()
    saved = save_brand(client, logo=(logo, "logo.png"), accent="#1A4D8F")
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/profile?saved=1")
    digest = hashlib.sha256(logo).hexdigest()
    assert stored(app) == (FIRM, logo, "image/png", digest, "#1a4d8f")
    page = client.get("/profile?saved=1").get_data(as_text=True)
    assert "Votre marque a été enregistrée." in page
    assert f'<img class="workshop-brand-logo" src="/brand/logo/{digest}" alt="Cabinet Dupont &amp; Associés">' in page
    assert 'fill="#1a4d8f"' in page and 'value="Cabinet Dupont &amp; Associés"' in page
    assert re.search(r'<input checked id="use_accent"', page) and 'value="#1a4d8f"' in page
    served = client.get(f"/brand/logo/{digest}")
    assert served.status_code == 200 and served.data == logo and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]

    # Saving again without a file keeps the logo; ticking "remove" removes it; an empty firm removes the brand.
    assert save_brand(client, firm="Dupont Conseil", accent="#000000").status_code == 303
    assert stored(app) == ("Dupont Conseil", logo, "image/png", digest, "#000000")
    assert save_brand(client, firm="Dupont Conseil", remove_logo=True).status_code == 303
    assert stored(app) == ("Dupont Conseil", None, None, None, None)
    assert client.get(f"/brand/logo/{digest}").status_code == 404
    assert save_brand(client, firm="", accent="#000000").status_code == 303
    assert stored(app) == (None, None, None, None, None)


def test_an_svg_logo_is_served_with_a_csp_that_lets_it_run_and_load_nothing(app, consultant):
    client, _, _ = consultant
    assert save_brand(client, logo=(CLEAN_SVG, "logo.svg")).status_code == 303
    served = client.get(f"/brand/logo/{hashlib.sha256(CLEAN_SVG).hexdigest()}")
    assert served.data == CLEAN_SVG and served.mimetype == "image/svg+xml"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/brand/logo/" + "0" * 64).status_code == 404
    assert client.get("/brand/logo/not-a-digest").status_code == 404


@pytest.mark.parametrize(("submission", "field", "message"), [
    ({"logo": (svg("<script>alert(1)</script>"), "logo.svg")}, "logo", "Le logo SVG contient un élément « script », ligne 2"),
    ({"logo": (svg('<image href="https://x.example/a.png"/>'), "logo.svg")}, "logo", "renvoie à « https://x.example/a.png »"),
    ({"logo": (b"GIF89a not really a png", "logo.png")}, "logo", "Le logo n'est ni une image PNG ni une image SVG."),
    ({"logo": (noisy_png(460), "big.png")}, "logo", "Kio au plus sont permis"),
    ({"accent": "bleu"}, "accent", "La couleur « bleu » n'est pas une couleur hexadécimale"),
    ({"firm": "x" * 201}, "firm", "Le champ ne peut pas contenir plus de 200 caractères."),
    ({"firm": "", "logo": (png(), "logo.png")}, "firm", "Indiquez le nom du cabinet"),
])
def test_bad_input_is_refused_with_a_message_and_changes_nothing(app, consultant, submission, field, message):
    client, _, _ = consultant
    assert save_brand(client, firm="Avant", accent="#123456").status_code == 303
    before = stored(app)
    arguments = {"firm": FIRM, **submission}
    response = save_brand(client, **arguments)
    html = text_spaces(unescape(response.get_data(as_text=True)))
    assert response.status_code == 400
    assert message in html, html[html.find("error-summary"):][:800]
    assert f'id="{field}-error"' in html and f'href="#{field}-group"' in html
    assert stored(app) == before


def test_a_request_over_the_upload_limit_is_refused_with_a_message(app, consultant):
    client, _, _ = consultant
    page = client.get("/profile").get_data(as_text=True)
    response = post_multipart(client, "/profile", {"csrf_token": csrf_token(page), "firm": FIRM,
                                                   "logo": (io.BytesIO(b"\x89PNG" + b"\0" * (1100 * 1024)), "huge.png")})
    assert response.status_code == 413
    assert "un logo 512 Kio" in text_spaces(response.get_data(as_text=True))
    assert stored(app) == (None, None, None, None, None)
    assert client.post("/profile", data={"firm": FIRM}).status_code == 400  # no CSRF token
    assert stored(app) == (None, None, None, None, None)


def test_participants_pages_show_the_firm_and_logo_in_the_header(app, consultant):
    client, _, code = consultant
    logo = png()
    assert save_brand(client, logo=(logo, "logo.png"), accent="#c0392b").status_code == 303
    img = f'<img class="workshop-brand-logo" src="/brand/logo/{hashlib.sha256(logo).hexdigest()}" alt="Cabinet Dupont &amp; Associés">'
    banner = "Atelier animé par Cabinet Dupont &amp; Associés"
    browser = app.test_client()
    join_page = browser.get(f"/join/{code}").get_data(as_text=True)
    assert banner in join_page and img in join_page and 'fill="#c0392b"' in join_page
    english = app.test_client().get(f"/join/{code}?lang=en").get_data(as_text=True)
    assert "Workshop run by Cabinet Dupont &amp; Associés" in english
    token = join(app, code)
    for path in ("", f"p/{FIRST.id}", "results", "organisation"):
        page = browser.get(f"/a/{token}/{path}").get_data(as_text=True)
        assert banner in page and img in page, path
    # The HTML report of a participant carries "Prepared by" and the logo, embedded (data:).
    report = browser.get(f"/a/{token}/report").get_data(as_text=True)
    assert "Préparé par Cabinet Dupont &amp; Associés" in text_spaces(report)
    assert 'src="data:image/png;base64,' in report and 'alt="Cabinet Dupont &amp; Associés"' in report

    # A new brand shows at once, on the cached results page too.
    assert save_brand(client, firm="Nouveau Cabinet", remove_logo=True).status_code == 303
    results = browser.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Atelier animé par Nouveau Cabinet" in results and "workshop-brand-logo" not in results
    assert "Préparé par Nouveau Cabinet" in text_spaces(browser.get(f"/a/{token}/report").get_data(as_text=True))

    # Nobody else's pages show it: a self-assessment started from the home page.
    home = browser.get("/").get_data(as_text=True)
    own = browser.post("/start", data={"csrf_token": csrf_token(home)}).headers["Location"]
    assert "workshop-brand" not in browser.get(own).get_data(as_text=True)


def test_a_branded_workshops_group_pdf_shows_the_firm_and_logo(app, consultant):
    client, workshop_id, code = consultant
    join(app, code)
    assert save_brand(client, logo=(png(), "logo.png"), accent="#c0392b").status_code == 303
    page = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    first = FIRST.questions[0]
    option = [o.id for o in first.options if o.score is not None][0]
    assert client.post(f"/workshops/{workshop_id}/consensus",
                       data={"csrf_token": csrf_token(page), first.id: option}).status_code == 303
    report = client.get(f"/workshops/{workshop_id}/report.pdf")
    assert report.mimetype == "application/pdf"
    cover = PdfReader(io.BytesIO(report.data)).pages[0]
    assert f"Préparé par {FIRM}" in " ".join((cover.extract_text() or "").split())
    images = [x.get_object() for x in (cover["/Resources"].get("/XObject") or {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert [(image["/Width"], image["/Height"]) for image in images] == [(300, 100)]

    # The report's key follows the brand: a new brand is a new render, not the stored PDF.
    from assessment.web.extensions import database
    from assessment.web.report_jobs import workshop_job
    from assessment.storage.models import Workshop

    with app.test_request_context():
        before = workshop_job(database.session.get(Workshop, workshop_id), "fr").key
    assert save_brand(client, firm="Nouveau Cabinet").status_code == 303
    with app.test_request_context():
        assert workshop_job(database.session.get(Workshop, workshop_id), "fr").key != before
