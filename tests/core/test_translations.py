"""The interface catalogues are complete and current: every message used is in every catalogue, translated,
not fuzzy, with the same placeholders, and the compiled .mo files the wheel carries match their .po."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import assessment
from assessment.settings import LANGUAGES

ROOT = Path(assessment.__file__).parent.parent
TRANSLATIONS = ROOT / "assessment" / "translations"
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def used_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message the code and templates use, extracted as `make translations` does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
                "npgettext": ((1, "c"), 2, 3), "N_": None}
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_every_interface_language_has_a_catalogue():
    assert {path.parent.parent.name for path in CATALOGUES} >= set(LANGUAGES)


def test_every_message_used_is_in_every_catalogue_and_nothing_else():
    used = used_messages()
    assert len(used) > 250
    for path in CATALOGUES:
        known = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in read(path) if m.id}
        assert used - known == set(), f"{path}: missing, run `make translations`"
        assert known - used == set(), f"{path}: no longer used, run `make translations`"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated_and_none_is_fuzzy(path):
    catalogue = read(path)
    assert not catalogue.fuzzy, "the header is marked fuzzy"
    for message in catalogue:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        problems = message.check(catalogue)  # the same named placeholders as the msgid
        assert not problems, f"{message.id!r}: {problems}"
        # Jinja's gettext takes a translation as markup (its placeholders are escaped, not the text itself):
        # a message holds no HTML; a URL or code with < > & goes in a placeholder.
        assert not any(character in text for text in (*strings, message.id if isinstance(message.id, str) else "")
                       for character in "<>&"), f"markup in {message.id!r}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalogue_matches_its_source(path):
    compiled = io.BytesIO()
    write_mo(compiled, read(path))
    compiled.seek(0)
    mo = path.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run `make translations`"
    with mo.open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    assert shipped._catalog == gettext.GNUTranslations(compiled)._catalog, f"{mo} is stale: run `make translations`"
