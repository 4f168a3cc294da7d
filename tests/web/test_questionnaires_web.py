"""Installed questionnaires on the web (issue #16 §2): the home page, POST /start, workshops, the API, and the
/questionnaires upload with its preview and confirmation."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from assessment.spreadsheet import workbook_bytes
from assessment.loading import parse_questionnaire
from assessment.storage.models import Assessment, Workshop
from pages import csrf_token
from questionnaire_files import small_yaml
from workshop_steps import add_consultant, login

EMAIL = "alice@conseil.example"


@pytest.fixture
def folder(app):
    return Path(app.config["QUESTIONNAIRES_DIR"])


@pytest.fixture
def signed_in(app, client):
    add_consultant(app, EMAIL)
    assert login(client, EMAIL).status_code == 303
    return client


def install_file(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def start_forms(html: str) -> list[str]:
    """The questionnaire id of every start form on the home page."""
    return re.findall(r'<input type="hidden" name="questionnaire" value="([^"]*)">', html)


def multipart(client, url: str, fields: dict):
    """A multipart POST, its body built here: the test client's own spools a large body to a file it never closes."""
    boundary, body = encode_multipart({key: FileStorage(value[0], value[1]) if isinstance(value, tuple) else value
                                       for key, value in fields.items()})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, name: str, content: bytes):
    page = client.get("/questionnaires").get_data(as_text=True)
    return multipart(client, "/questionnaires", {"csrf_token": csrf_token(page), "file": (io.BytesIO(content), name)})


def stored(app, model, ident):
    with Session(app.extensions["database"].engine) as session:
        row = session.get(model, ident)
        return row.questionnaire_id, row.questionnaire_version


# Offering


def test_an_invalid_file_in_the_folder_is_logged_and_skipped_and_the_app_starts(database_url, tmp_path, monkeypatch,
                                                                               caplog):
    from assessment import create_app
    from assessment.storage.database import upgrade

    instance = tmp_path / "instance"
    install_file(instance / "questionnaires", "broken.yaml", small_yaml("broken").replace("weight: 2", "weight: -2"))
    install_file(instance / "questionnaires", "hr-small.yaml", small_yaml())
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    upgrade(database_url)
    with caplog.at_level(logging.WARNING, logger="assessment.questionnaires"):
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret"})
    try:
        logged = "\n".join(record.getMessage() for record in caplog.records)
        assert "questionnaire file skipped, not offered" in logged
        assert f"{instance / 'questionnaires' / 'broken.yaml'}:" in logged and "weight: Input should be greater than 0" in logged
        home = app.test_client().get("/").get_data(as_text=True)
        assert start_forms(home) == ["sovereign-ai", "hr-small"]
    finally:
        app.extensions["database"].engine.dispose()


def test_one_questionnaire_keeps_the_single_start_button(client):
    home = client.get("/").get_data(as_text=True)
    assert start_forms(home) == []
    assert home.count('action="/start"') == 1


def test_home_lists_the_questionnaires_and_starts_the_one_chosen(app, client, folder):
    install_file(folder, "hr-small.yaml", small_yaml())
    home = client.get("/").get_data(as_text=True)
    assert start_forms(home) == ["sovereign-ai", "hr-small"]
    assert home.count('action="/start"') == 2
    assert "RH et IA" in home and home.count(">Commencer<") == 2
    response = client.post("/start", data={"csrf_token": csrf_token(home), "questionnaire": "hr-small"})
    assert response.status_code == 303
    token = response.headers["Location"].split("/a/")[1].split("/")[0]
    page = client.get(f"/a/{token}/p/technology").get_data(as_text=True)
    assert "Quels modèles utilisez-vous" in page  # the installed questionnaire's first question
    with Session(app.extensions["database"].engine) as session:
        assert session.query(Assessment).one().questionnaire_id == "hr-small"
    # Without an id, the default questionnaire, as before.
    assert client.post("/start", data={"csrf_token": csrf_token(home)}).status_code == 303


def test_start_with_an_unknown_questionnaire_is_a_clear_400(app, client):
    home = client.get("/").get_data(as_text=True)
    response = client.post("/start", data={"csrf_token": csrf_token(home), "questionnaire": "nope"})
    assert response.status_code == 400
    assert "Aucun questionnaire « nope » n’est proposé ici" in response.get_data(as_text=True).replace("\u202f", " ")
    response = client.post("/start?lang=en", data={"csrf_token": csrf_token(home), "questionnaire": "x" * 300})
    assert response.status_code == 400
    with Session(app.extensions["database"].engine) as session:
        assert session.query(Assessment).count() == 0


def test_an_install_by_another_process_is_offered_without_a_restart(app, client, folder, tmp_path):
    assert start_forms(client.get("/").get_data(as_text=True)) == []
    source = tmp_path / "hr.yaml"
    source.write_text(small_yaml(), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "assessment", "questionnaire", "install", str(source)], check=True,
                   env={"QUESTIONNAIRES_DIR": str(folder), "PATH": "/usr/bin:/bin"}, capture_output=True)
    assert start_forms(client.get("/").get_data(as_text=True)) == ["sovereign-ai", "hr-small"]
    assert [q["id"] for q in client.get("/api/v1/questionnaires").get_json()] == ["sovereign-ai", "hr-small"]
    # A new version replaces it for new assessments; removing the file stops offering it.
    (folder / "hr-small.yaml").write_text(small_yaml(version="1.1"), encoding="utf-8")
    assert client.get("/api/v1/questionnaires/hr-small").get_json()["version"] == "1.1"
    (folder / "hr-small.yaml").unlink()
    assert client.get("/api/v1/questionnaires/hr-small").status_code == 404


def test_the_api_takes_an_installed_questionnaire(app, client, folder):
    install_file(folder, "hr-small.yaml", small_yaml())
    created = client.post("/api/v1/assessments", json={"questionnaire": "hr-small", "language": "en",
                                                       "answers": {"tech-models": "open-weight"}})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    read = client.get(f"/api/v1/assessments/{body['id']}", headers={"Authorization": f"Bearer {body['token']}"})
    assert read.get_json()["questionnaire"] == {"id": "hr-small", "version": "1.0"}
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "hr-small" in str(schema)


def test_a_new_workshop_chooses_its_questionnaire(app, signed_in, folder):
    install_file(folder, "hr-small.yaml", small_yaml())
    page = signed_in.get("/workshops/new").get_data(as_text=True)
    assert '<option value="hr-small">RH et IA (1.0)</option>' in page
    response = signed_in.post("/workshops/new", data={"csrf_token": csrf_token(page), "organisation": "Client SA",
                                                      "title": "Atelier RH", "date": "2026-12-01", "language": "fr",
                                                      "questionnaire": "hr-small"})
    assert response.status_code == 303
    workshop_id = response.headers["Location"].rsplit("/", 1)[1]
    assert stored(app, Workshop, workshop_id) == ("hr-small", "1.0")
    assert "Maîtrise technologique" in signed_in.get(f"/workshops/{workshop_id}").get_data(as_text=True)


def test_old_assessments_keep_their_version_when_a_new_one_is_installed(app, client, folder):
    install_file(folder, "hr-small.yaml", small_yaml())
    home = client.get("/").get_data(as_text=True)
    token = client.post("/start", data={"csrf_token": csrf_token(home), "questionnaire": "hr-small"}
                        ).headers["Location"].split("/a/")[1].split("/")[0]
    new = small_yaml(version="1.1").replace("Quels modèles utilisez-vous ?", "Quels modèles d'IA utilisez-vous ?")
    (folder / "hr-small.yaml").write_text(new, encoding="utf-8")
    old_page = client.get(f"/a/{token}/p/technology").get_data(as_text=True)
    assert "Quels modèles utilisez-vous" in old_page
    assert client.get(f"/a/{token}/results").status_code == 200
    home = client.get("/").get_data(as_text=True)
    token2 = client.post("/start", data={"csrf_token": csrf_token(home), "questionnaire": "hr-small"}
                         ).headers["Location"].split("/a/")[1].split("/")[0]
    assert "Quels modèles d&#39;IA utilisez-vous" in client.get(f"/a/{token2}/p/technology").get_data(as_text=True)
    with Session(app.extensions["database"].engine) as session:
        assert sorted(a.questionnaire_version for a in session.query(Assessment)) == ["1.0", "1.1"]


# Uploading


def test_uploading_needs_a_signed_in_consultant(app, client, folder):
    assert client.get("/questionnaires").status_code == 302
    response = multipart(client, "/questionnaires", {"file": (io.BytesIO(small_yaml().encode()), "hr.yaml")})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/questionnaires/pending/" + "0" * 64).status_code == 302
    assert not folder.exists()


def test_upload_yaml_preview_then_confirm_installs(app, signed_in, folder):
    response = upload(signed_in, "hr.yaml", small_yaml().encode())
    assert response.status_code == 303
    preview_url = response.headers["Location"]
    assert not folder.exists()  # nothing installed before the confirmation
    pending = list((Path(app.instance_path) / "uploads").glob("*.yaml"))
    assert len(pending) == 1 and preview_url.endswith(pending[0].stem)
    preview = signed_in.get(preview_url).get_data(as_text=True).replace("\u202f", " ")
    assert "Aperçu : RH et IA" in preview
    assert "2 piliers, 5 questions, " in preview and " recommandations" in preview
    assert "<th scope=\"row\">Maîtrise technologique</th>" in preview and "<th scope=\"row\">Données</th>" in preview
    assert "Quels modèles utilisez-vous ?" in preview and "Poids ouverts" in preview  # the first page
    assert "disabled" in preview
    confirm = signed_in.post(preview_url, data={"csrf_token": csrf_token(preview), "replaces": ""})
    assert confirm.status_code == 303
    assert (folder / "hr-small.yaml").read_text(encoding="utf-8") == small_yaml()
    assert not pending[0].exists()
    listing = signed_in.get(confirm.headers["Location"]).get_data(as_text=True)
    assert "Le questionnaire « hr-small » est installé" in listing.replace("\u202f", " ")
    assert start_forms(signed_in.get("/").get_data(as_text=True)) == ["sovereign-ai", "hr-small"]


def test_upload_xlsx_is_installed_as_yaml(app, signed_in, folder):
    content = workbook_bytes(parse_questionnaire(small_yaml()))
    response = upload(signed_in, "hr.xlsx", content)
    assert response.status_code == 303, response.get_data(as_text=True)
    preview = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Quels modèles utilisez-vous" in preview
    assert signed_in.post(response.headers["Location"], data={"csrf_token": csrf_token(preview)}).status_code == 303
    installed = (folder / "hr-small.yaml").read_text(encoding="utf-8")
    assert installed.startswith("# Imported from hr.xlsx")
    assert parse_questionnaire(installed).content_hash() == parse_questionnaire(small_yaml()).content_hash()


def test_upload_refusals_name_the_problem_and_install_nothing(app, signed_in, folder):
    invalid = small_yaml().replace("weight: 2", "weight: -2")
    response = upload(signed_in, "hr.yaml", invalid.encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "hr.yaml n’est pas un questionnaire valide" in page.replace("\u202f", " ")
    assert re.search(r"hr\.yaml:\d+: pillars\[0\]\.questions\[1\]\.weight: Input should be greater than 0", page)

    broken = workbook_bytes(parse_questionnaire(small_yaml()))
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(broken))
    book["survey"]["A3"] = "slider"
    buffer = io.BytesIO()
    book.save(buffer)
    page = upload(signed_in, "hr.xlsx", buffer.getvalue()).get_data(as_text=True)
    assert "hr.xlsx: survey!A3:" in page

    response = upload(signed_in, "hr.yaml", small_yaml("sovereign-ai", "9.0").encode())
    assert response.status_code == 422
    assert "« sovereign-ai » est l’identifiant d’un questionnaire fourni" in response.get_data(as_text=True).replace("\u202f", " ")

    response = upload(signed_in, "hr.txt", small_yaml().encode())
    assert response.status_code == 422 and "(.yaml)" in response.get_data(as_text=True)

    response = upload(signed_in, "hr.yaml", small_yaml().encode() + b"#" * (1024 * 1024))
    assert response.status_code == 413
    assert "au plus 1024 Kio" in response.get_data(as_text=True).replace("\u202f", " ")
    response = upload(signed_in, "hr.yaml", b"#" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "un questionnaire pèse 1 Mio au plus" in response.get_data(as_text=True).replace("\u202f", " ")

    page = signed_in.get("/questionnaires").get_data(as_text=True)
    response = multipart(signed_in, "/questionnaires", {"file": (io.BytesIO(small_yaml().encode()), "hr.yaml")})
    assert response.status_code == 400  # no CSRF token
    response = multipart(signed_in, "/questionnaires", {"csrf_token": csrf_token(page)})
    assert response.status_code == 422  # no file

    assert not folder.exists()
    assert not list((Path(app.instance_path) / "uploads").glob("*"))


def test_a_new_version_uploaded_says_what_it_replaces(app, signed_in, folder):
    install_file(folder, "hr-small.yaml", small_yaml())
    response = upload(signed_in, "hr.yaml", small_yaml().encode())
    assert response.status_code == 422
    assert "« hr-small » version 1.0 est déjà installé : un remplaçant doit avoir une autre version" in response.get_data(as_text=True).replace("\u202f", " ")
    response = upload(signed_in, "hr.yaml", small_yaml(version="1.1").encode())
    preview = signed_in.get(response.headers["Location"]).get_data(as_text=True).replace("\u202f", " ")
    assert "La version 1.0 de « hr-small » est installée" in preview
    # Installed meanwhile by someone else: the confirmation is refused, nothing changes.
    stale = signed_in.post(response.headers["Location"], data={"csrf_token": csrf_token(preview), "replaces": ""})
    assert stale.status_code == 409
    assert "version: \"1.0\"" in (folder / "hr-small.yaml").read_text(encoding="utf-8") or \
        "version: '1.0'" in (folder / "hr-small.yaml").read_text(encoding="utf-8")
    done = signed_in.post(response.headers["Location"], data={"csrf_token": csrf_token(preview), "replaces": "1.0"})
    assert done.status_code == 303
    assert signed_in.get("/api/v1/questionnaires/hr-small").get_json()["version"] == "1.1"


def test_confirming_an_unknown_upload_is_404(signed_in, folder):
    page = signed_in.get("/questionnaires").get_data(as_text=True)
    assert signed_in.get("/questionnaires/pending/" + "a" * 64).status_code == 404
    assert signed_in.post("/questionnaires/pending/" + "a" * 64, data={"csrf_token": csrf_token(page)}).status_code == 404
    assert signed_in.get("/questionnaires/pending/../../etc").status_code == 404
    assert not folder.exists()


def test_the_hr_fixture_installed_is_answered_from_start_to_report(app, signed_in, folder):
    """tests/data/custom/hr-ai-act.yaml, a questionnaire with pillars of its own, uploaded then answered."""
    fixture = Path(__file__).parent.parent / "data" / "custom" / "hr-ai-act.yaml"
    response = upload(signed_in, "hr-ai-act.yaml", fixture.read_bytes())
    assert response.status_code == 303, response.get_data(as_text=True)
    preview = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    questionnaire = parse_questionnaire(fixture.read_text(encoding="utf-8"))
    for pillar in questionnaire.pillars:
        assert f'<td class="code">{pillar.id}</td>' in preview
    assert signed_in.post(response.headers["Location"], data={"csrf_token": csrf_token(preview)}).status_code == 303
    home = signed_in.get("/").get_data(as_text=True)
    token = signed_in.post("/start", data={"csrf_token": csrf_token(home), "questionnaire": questionnaire.id}
                           ).headers["Location"].split("/a/")[1].split("/")[0]
    for url in [f"/a/{token}/", f"/a/{token}/organisation", *(f"/a/{token}/p/{p.id}" for p in questionnaire.pillars),
                f"/a/{token}/results", f"/a/{token}/report"]:
        assert signed_in.get(url).status_code == 200, url
