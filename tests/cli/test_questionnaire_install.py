"""`sovereign-ai questionnaire install|list` and `validate` of the installed folder (issue #16 §2)."""

from __future__ import annotations

import json

import pytest

from questionnaire_files import small_yaml, write_small


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """QUESTIONNAIRES_DIR, empty (not created yet: install creates it)."""
    installed = tmp_path / "instance" / "questionnaires"
    monkeypatch.setenv("QUESTIONNAIRES_DIR", str(installed))
    return installed


def test_install_then_list_and_show(cli, folder, tmp_path):
    code, out, err = cli("questionnaire", "install", str(write_small(tmp_path / "hr.yaml")))
    assert (code, err) == (0, "")
    assert out.startswith(f"installed {folder / 'hr-small.yaml'} (hr-small 1.0: 2 pillars, 5 questions, ")
    assert (folder / "hr-small.yaml").is_file()
    code, out, _ = cli("questionnaire", "list")
    assert code == 0
    assert out.splitlines()[0].startswith("sovereign-ai\t") and out.splitlines()[0].endswith("\tfr,en\tbundled")
    assert f"hr-small\t1.0\tfr,en\tinstalled {folder / 'hr-small.yaml'}" in out.splitlines()
    code, out, _ = cli("questionnaire", "list", "--json")
    listed = {entry["id"]: entry for entry in json.loads(out)}
    assert listed["hr-small"]["origin"] == "installed" and listed["hr-small"]["languages"] == ["fr", "en"]
    assert listed["sovereign-ai"]["origin"] == "bundled"
    code, out, _ = cli("show", "--questionnaire", "hr-small", "--lang", "en")
    assert code == 0 and out.startswith("HR and AI — hr-small 1.0")


def test_refusals_exit_2_and_install_nothing(cli, folder, tmp_path):
    assert cli("questionnaire", "install", str(write_small(tmp_path / "hr.yaml")))[0] == 0
    before = (folder / "hr-small.yaml").read_bytes()

    code, _, err = cli("questionnaire", "install", str(tmp_path / "hr.yaml"))
    assert code == 2
    assert "'hr-small' version 1.0 is already installed; to install a new version, replace it (--replace)" in err

    code, _, err = cli("questionnaire", "install", str(write_small(tmp_path / "same.yaml", title="Autre")), "--replace")
    assert code == 2
    assert "'hr-small' version 1.0 is already installed: a replacement must have another version" in err

    bundled = tmp_path / "bundled.yaml"
    bundled.write_text(small_yaml("sovereign-ai", "9.0"), encoding="utf-8")
    code, _, err = cli("questionnaire", "install", str(bundled), "--replace")
    assert code == 2 and "'sovereign-ai' is the id of a bundled questionnaire: give yours another id" in err

    big = tmp_path / "big.yaml"
    big.write_text(small_yaml("big") + "#" * (1024 * 1024), encoding="utf-8")
    code, _, err = cli("questionnaire", "install", str(big))
    assert code == 2 and "a questionnaire to install may be at most 1024 KiB" in err

    text = tmp_path / "hr.txt"
    text.write_text(small_yaml("txt"), encoding="utf-8")
    code, _, err = cli("questionnaire", "install", str(text))
    assert code == 2 and "a questionnaire is a YAML file (.yaml) or an XLSX workbook (.xlsx)" in err

    invalid = tmp_path / "invalid.yaml"
    invalid.write_text(small_yaml("invalid").replace("weight: 2", "weight: -2", 1), encoding="utf-8")
    code, _, err = cli("questionnaire", "install", str(invalid))
    assert code == 2
    assert f"{invalid}:" in err and "weight: Input should be greater than 0" in err
    assert f"error: {invalid} was not installed" in err

    french = tmp_path / "french.yaml"
    french.write_text(small_yaml("french", languages=("fr",)), encoding="utf-8")
    code, _, err = cli("questionnaire", "install", str(french))
    assert code == 2 and "languages: the web pages are in fr, en" in err and "(missing: en)" in err

    bomb = tmp_path / "alias.yaml"
    bomb.write_text(small_yaml("alias").replace("title:", "title: &t", 1) + "description: *t\n", encoding="utf-8")
    code, _, err = cli("questionnaire", "install", str(bomb))
    assert code == 2 and "an alias (*name)" in err

    assert sorted(p.name for p in folder.iterdir()) == ["hr-small.yaml"]
    assert (folder / "hr-small.yaml").read_bytes() == before


def test_replace_installs_a_new_version_and_says_what_happens_to_old_assessments(cli, folder, tmp_path):
    assert cli("questionnaire", "install", str(write_small(tmp_path / "hr.yaml")))[0] == 0
    code, out, err = cli("questionnaire", "install", str(write_small(tmp_path / "hr2.yaml", version="1.1")), "--replace")
    assert (code, err) == (0, "")
    assert ("version 1.0 is replaced by 1.1: new assessments and workshops use 1.1; those started with 1.0 keep it"
            in out)
    assert sorted(p.name for p in folder.iterdir()) == ["hr-small.yaml"]
    assert cli("show", "--questionnaire", "hr-small", "--json")[1].count('"version": "1.1"') == 1


def test_a_workbook_is_installed_as_yaml_with_the_same_content(cli, folder, tmp_path):
    source = write_small(tmp_path / "hr.yaml")
    assert cli("questionnaire", "export", str(source), "--xlsx", str(tmp_path / "hr.xlsx"))[0] == 0
    code, out, err = cli("questionnaire", "install", str(tmp_path / "hr.xlsx"))
    assert (code, err) == (0, "")
    installed = folder / "hr-small.yaml"
    assert installed.read_text(encoding="utf-8").startswith("# Imported from hr.xlsx")
    shown_installed = json.loads(cli("show", "--questionnaire", "hr-small", "--json")[1])
    shown_source = json.loads(cli("show", "--questionnaire-file", str(source), "--json")[1])
    assert shown_installed == shown_source  # content hash included


def test_validate_checks_the_installed_folder(cli, folder, tmp_path):
    assert cli("questionnaire", "install", str(write_small(tmp_path / "hr.yaml")))[0] == 0
    code, out, _ = cli("validate")
    assert code == 0
    assert f"OK {folder / 'hr-small.yaml'} (hr-small 1.0:" in out and "; installed)" in out
    (folder / "broken.yaml").write_text(small_yaml("broken").replace("type: scale", "type: slider", 1),
                                        encoding="utf-8")
    (folder / "clash.yaml").write_text(small_yaml("hr-small", "2.0"), encoding="utf-8")
    code, out, err = cli("validate")
    assert code == 1
    assert f"{folder / 'broken.yaml'}:" in err and "type" in err
    assert f"{folder / 'clash.yaml'}: id: 'hr-small' is the id of a questionnaire already installed" in err
    code, out, err = cli("questionnaire", "list")
    assert code == 0 and "hr-small\t1.0" in out
    assert f"not offered: {folder / 'broken.yaml'}" in err
