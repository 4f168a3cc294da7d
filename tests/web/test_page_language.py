"""Every form, submitted empty and malformed, answers in the page's language and names fields by their label.

The forms are found by walking every subclass of SafeForm defined in the web package: a new form
class fails `test_every_form_is_submitted_here` until its bad submissions are added below.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import tinyhtml5
from sqlalchemy.orm import Session
from wtforms.i18n import get_translations, messages_path

import assessment.web
from assessment.i18n import translator
from assessment.settings import LANGUAGES
from assessment.loading import bundled_questionnaire
from assessment.storage import accounts
from pages import csrf_token, form_value
from questionnaire_files import small_yaml

Q = bundled_questionnaire()
PASSWORD = "correct horse battery"
HTML = "{http://www.w3.org/1999/xhtml}"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def form_classes() -> dict[str, type]:
    """Every form class the web package defines (by name), its modules all imported first."""
    for module in pkgutil.iter_modules(assessment.web.__path__):
        importlib.import_module(f"assessment.web.{module.name}")
    from assessment.web.forms import SafeForm

    found, pending = {}, [SafeForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if getattr(sys.modules[cls.__module__], cls.__name__, None) is cls:  # not a per-page class built at run time
            found[cls.__name__] = cls
    return found


def _wtforms_english() -> list[str]:
    """Every message WTForms can show, in English (the msgids of its catalogue template)."""
    template = (Path(messages_path()) / "wtforms.pot").read_text(encoding="utf-8")
    messages, current = [], None
    for line in template.splitlines():
        start = re.match(r'msgid(?:_plural)? "(.*)"$', line)
        if start:
            current = start.group(1)
            messages.append(current)
        elif line.startswith('"') and current is not None:
            messages[-1] += line[1:-1]
        else:
            current = None
    return [m.replace('\\"', '"') for m in messages if m]


def catalogue(lang: str) -> set[str]:
    """Every message the app may show in `lang`: our interface texts and WTForms' own messages."""
    texts: set[str] = set()
    for text in translator(lang)._messages._catalog.values():  # every message of our catalogue, plural forms too
        texts.add(text.replace("%%", "%"))
    english = _wtforms_english()
    if lang == "en":
        texts.update(english)
    else:
        translations = get_translations([lang])
        texts.update(text for key, text in translations._catalog.items() if key)  # (msgid, n) keys for plurals
    return texts


def patterns(texts: set[str]) -> list[re.Pattern]:
    """Each message as a regular expression, its placeholders matching anything."""
    return [re.compile(".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)), re.S) for text in texts]


KNOWN = {lang: catalogue(lang) for lang in LANGUAGES}
SHARED = KNOWN["fr"] & KNOWN["en"]  # the same words in both languages ("Score", "Date") prove nothing
OWN = {lang: patterns(KNOWN[lang]) for lang in LANGUAGES}
# A message with no words of its own ("%(field)s: %(message)s") says nothing about its language either.
WORDLESS = {text for texts in KNOWN.values() for text in texts if not re.search(r"[^\W\d_]", PLACEHOLDER.sub("", text))}
FOREIGN = {lang: patterns(KNOWN[other] - SHARED - WORDLESS) for lang in LANGUAGES for other in LANGUAGES if other != lang}


def text_of(element) -> str:
    """An element's text, spaces normalised."""
    return " ".join("".join(element.itertext()).split())


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def shown_messages(html: str) -> list[str]:
    """What a page says is wrong: the error summary's items, the fields' errors, the error page's alert."""
    root = tinyhtml5.parse(html)
    shown = []
    for element in root.iter():
        if element.tag == f"{HTML}div" and "error-summary" in classes(element):
            shown += [text_of(item) for item in element.iter(f"{HTML}li")]
        elif "field-error" in classes(element) or (element.tag == f"{HTML}p" and element.get("role") == "alert"):
            shown.append(text_of(element))
    return shown


def summary_links(html: str) -> list[tuple[str, str]]:
    """(label the error summary gives, visible label of the field it links to) for each field error."""
    root = tinyhtml5.parse(html)
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    pairs = []
    for summary in (e for e in root.iter(f"{HTML}div") if "error-summary" in classes(e)):
        for link in summary.iter(f"{HTML}a"):
            target = by_id.get(link.get("href", "").lstrip("#"))
            assert target is not None, f"the error summary links to {link.get('href')}, which is not on the page"
            label = next((e for e in target.iter() if e.tag in (f"{HTML}label", f"{HTML}legend")), None)
            assert label is not None, f"{link.get('href')} has no visible label"
            for number in label.iter(f"{HTML}span"):
                if "qnum" in classes(number):
                    number.text = ""
            pairs.append((text_of(link), text_of(label)))
    return pairs


class Site:
    """A signed-in consultant's browser with one workshop, a participant and a single assessment, in `lang`."""

    def __init__(self, app, lang: str):
        self.lang = lang
        self.app = app
        with Session(app.extensions["database"].engine) as session:
            accounts.add_consultant(session, "lea@conseil.example", PASSWORD)
            session.commit()
        self.client = app.test_client()
        page = self.client.get(f"/login?lang={lang}").get_data(as_text=True)
        signed_in = self.client.post("/login", data={"csrf_token": csrf_token(page), "email": "lea@conseil.example",
                                                     "password": PASSWORD})
        assert signed_in.status_code == 303
        page = self.client.get("/workshops/new").get_data(as_text=True)
        created = self.client.post("/workshops/new", data={
            "csrf_token": csrf_token(page), "organisation": "Client SA", "title": "Atelier", "date": "2026-12-01",
            "language": lang, "questionnaire": Q.id})
        self.workshop = created.headers["Location"].rsplit("/", 1)[1]
        live = self.client.get(f"/workshops/{self.workshop}").get_data(as_text=True)
        self.code = re.search(r'class="code big-code">([A-Z0-9-]+)<', live).group(1)
        home = self.client.get("/").get_data(as_text=True)
        started = self.client.post("/start", data={"csrf_token": csrf_token(home)})
        self.token = started.headers["Location"].split("/a/")[1].split("/")[0]

    def page(self, url: str) -> tuple[str, dict]:
        """A page's HTML and the hidden fields a browser posts back with it."""
        html = self.client.get(url).get_data(as_text=True)
        hidden = {"csrf_token": csrf_token(html)}
        if 'name="revision"' in html:
            hidden["revision"] = form_value(html, "revision")
        return html, hidden


# Form class name -> the bad submissions of that form, each giving a response that must explain itself.
SUBMISSIONS: dict[str, Callable[[Site], list]] = {}


def submits(*names: str):
    """Register the bad submissions of these form classes."""
    def register(function):
        for name in names:
            SUBMISSIONS[name] = function
        return function
    return register


@submits("LoginForm")
def _login(site: Site) -> list:
    anonymous = site.app.test_client()
    hidden = {"csrf_token": csrf_token(anonymous.get(f"/login?lang={site.lang}").get_data(as_text=True))}
    return [anonymous.post("/login", data={**hidden, "email": "", "password": ""}),
            anonymous.post("/login", data={**hidden, "email": "x" * 300, "password": "p" * 600}),
            anonymous.post("/login", data={"email": "lea@conseil.example", "password": PASSWORD})]  # no CSRF token


@submits("WorkshopForm")
def _workshop(site: Site) -> list:
    _, hidden = site.page("/workshops/new")
    empty = {"organisation": "", "title": "", "date": "", "language": "", "questionnaire": "", "baseline": ""}
    malformed = {"organisation": "o" * 300, "title": "t\x00", "date": "31/02/2026", "language": "xx",
                 "questionnaire": "nope", "baseline": "nope"}
    return [site.client.post("/workshops/new", data={**hidden, **empty}),
            site.client.post("/workshops/new", data={**hidden, **malformed})]


@submits("JoinForm")
def _join(site: Site) -> list:
    participant = site.app.test_client()
    participant.get(f"/?lang={site.lang}")
    html = participant.get(f"/join/{site.code}").get_data(as_text=True)
    return [participant.post(f"/join/{site.code}", data={"csrf_token": csrf_token(html), "name": "n" * 150,
                                                          "role": "r\x00"}),
            participant.post(f"/join/{site.code}", data={"name": "Chloé"}),
            participant.get("/join/ZZZZ-ZZZZ")]  # a code no workshop has


@submits("OrganisationForm")
def _organisation(site: Site) -> list:
    url = f"/a/{site.token}/organisation"
    _, hidden = site.page(url)
    return [site.client.post(url, data={**hidden, "name": "x" * 300, "sector": "s\x00", "size": "huge"}),
            site.client.post(url, data={**hidden, "revision": "-1"})]  # changed elsewhere meanwhile


@submits("PageForm")
def _questions(site: Site) -> list:
    responses = []
    for pillar in Q.pillars:
        url = f"/a/{site.token}/p/{pillar.id}"
        _, hidden = site.page(url)
        bad = {}
        for question in pillar.questions:
            exclusive = [o.id for o in question.options if o.kind or o.exclusive]
            if question.type == "multiple" and exclusive:
                bad[question.id] = [exclusive[0], next(o.id for o in question.options if o.id != exclusive[0])]
            else:
                bad[question.id] = "tampered"
            bad[question.id + "__comment"] = "c" * 6000
        responses.append(site.client.post(url, data={**hidden, **bad}))
    url = f"/workshops/{site.workshop}/consensus"
    _, hidden = site.page(url)
    first = Q.pillars[0].questions[0]
    responses.append(site.client.post(url, data={**hidden, first.id: "tampered", first.id + "__comment": "c" * 6000}))
    return responses


@submits("BaselineForm")
def _baseline(site: Site) -> list:
    _, hidden = site.page(f"/a/{site.token}/")
    url = f"/a/{site.token}/baseline"
    return [site.client.post(url, data={**hidden, "link": ""}),
            site.client.post(url, data={**hidden, "link": "l" * 600}),
            site.client.post(url, data={"link": ""})]


@submits("ProfileForm")
def _profile(site: Site) -> list:
    _, hidden = site.page("/profile")
    hostile = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    return [site.client.post("/profile", data={**hidden, "firm": "f" * 300, "use_accent": "y", "accent": "blue"}),
            site.client.post("/profile", data={**hidden, "firm": "Dupont", "use_accent": "y", "accent": "blue"}),
            site.client.post("/profile", data={**hidden, "firm": "Dupont", "logo": (io.BytesIO(hostile), "logo.svg")},
                             content_type="multipart/form-data"),
            site.client.post("/profile", data={"firm": "Dupont"})]  # no CSRF token


@submits("StartForm", "SafeForm")
def _buttons(site: Site) -> list:
    # SafeForm's own fields are the CSRF token only, as the start and erase buttons' forms
    _, hidden = site.page("/")
    return [site.client.post("/start"), site.client.post("/start", data={**hidden, "questionnaire": "nope"}),
            site.client.post("/start", data={**hidden, "questionnaire": "n" * 300}),
            site.client.post(f"/a/{site.token}/delete"),
            site.client.post(f"/workshops/{site.workshop}/delete")]


@submits("UploadForm")
def _upload(site: Site) -> list:
    _, hidden = site.page("/questionnaires")
    invalid = small_yaml().replace("weight: 2", "weight: -2")

    def send(fields: dict):
        return site.client.post("/questionnaires", data=fields, content_type="multipart/form-data")

    return [send({**hidden}),  # no file
            send({"file": (io.BytesIO(small_yaml().encode()), "hr.yaml")}),  # no CSRF token
            send({**hidden, "file": (io.BytesIO(small_yaml().encode()), "hr.txt")}),
            send({**hidden, "file": (io.BytesIO(invalid.encode()), "hr.yaml")}),
            send({**hidden, "file": (io.BytesIO(small_yaml(Q.id, "9.0").encode()), "hr.yaml")})]


@submits("ConfirmForm")
def _confirm(site: Site) -> list:
    _, hidden = site.page("/questionnaires")
    uploaded = site.client.post("/questionnaires", content_type="multipart/form-data", data={
        **hidden, "file": (io.BytesIO(small_yaml(f"hr-{site.lang}").encode()), "hr.yaml")})
    url = uploaded.headers["Location"]
    _, hidden = site.page(url)
    return [site.client.post(url, data={"replaces": ""}),  # no CSRF token
            site.client.post(url, data={**hidden, "replaces": "0.9"})]  # not what the preview said


def test_every_form_is_submitted_here():
    assert set(form_classes()) == set(SUBMISSIONS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_form_speaks_the_page_language(app, lang):
    site = Site(app, lang)
    field_colon = translator(lang).gettext("%(field)s: %(message)s", field="", message="")  # " : " (fr), ": " (en)
    checked = 0
    for name, submit in SUBMISSIONS.items():
        for response in submit(site):
            where = f"{name}: {response.request.method} {response.request.path}"
            assert 400 <= response.status_code < 500, where
            html = response.get_data(as_text=True)
            assert f'<html lang="{lang}">' in html, where
            messages = shown_messages(html)
            assert messages, f"{where} says nothing about what is wrong"
            for message in messages:
                # a field's error in the summary reads "Label : message" (fr), "Label: message" (en)
                said = ([message, message.split(field_colon, 1)[1]] if field_colon in message else [message])
                assert any(p.fullmatch(text) for p in OWN[lang] for text in said), f"{where}: not {lang}: {message}"
                assert not any(p.fullmatch(text) for p in FOREIGN[lang] for text in said), \
                    f"{where}: another language in a {lang} page: {message}"
                checked += 1
            for given, visible in summary_links(html):
                assert given.startswith(visible + field_colon), f"{where}: {given!r} does not name {visible!r}"
    assert checked > 20


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_field_has_a_label_in_the_page_language(app, lang):
    """No field falls back to WTForms' label made from its code name ("Email", "Title")."""
    with app.test_request_context(f"/?lang={lang}"):
        from flask import g

        g.lang = lang
        for name, cls in form_classes().items():
            form = cls(formdata=None)
            for field in form:
                if field.type in ("HiddenField", "CSRFTokenField"):
                    continue
                unbound = getattr(cls, field.name)
                given = field.name in cls.labels or unbound.args or "label" in unbound.kwargs
                assert given, f"{name}.{field.name} has no label but its code name"
                assert field.label.text in KNOWN[lang], f"{name}.{field.name}: {field.label.text!r} is not {lang}"
