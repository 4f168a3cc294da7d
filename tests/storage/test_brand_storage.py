"""The consultant's brand in the database: migration 0005 on SQLite and PostgreSQL, storing, erasing."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from assessment.brand import PNG, SVG, make_brand
from assessment.storage import accounts
from assessment.storage.database import (alembic_config, display_url, head_revision, make_engine, open_database,
                                         upgrade)
from assessment.storage.models import Consultant
from brand_files import CLEAN_SVG, FIRM, png

BRAND_COLUMNS = {"firm", "logo", "logo_type", "logo_digest", "accent"}


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {column["name"] for column in inspect(engine).get_columns("consultant")}
    finally:
        engine.dispose()


def _add_consultant_at_0004(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO consultant (email, password_hash, created_at) "
                                    "VALUES ('old@example.org', 'x', CURRENT_TIMESTAMP)"))
    finally:
        engine.dispose()


def test_migration_0005_adds_the_brand_to_existing_consultants_and_goes_back(database_url):
    assert head_revision() == "0005"
    upgrade(database_url, "0004")
    assert not BRAND_COLUMNS & _columns(database_url)
    _add_consultant_at_0004(database_url)
    upgrade(database_url)
    assert _columns(database_url) >= BRAND_COLUMNS
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            old = session.scalar(select(Consultant).where(Consultant.email == "old@example.org"))
            assert old is not None and accounts.brand_of(old) is None  # no brand, as before
            accounts.set_brand(session, old, make_brand(FIRM, png(), "#1a4d8f"))
            session.commit()
        with Session(engine) as session:
            old = session.scalar(select(Consultant).where(Consultant.email == "old@example.org"))
            brand = accounts.brand_of(old)
            assert brand == make_brand(FIRM, png(), "#1a4d8f") and brand.logo_type == PNG
            assert accounts.logo_by_digest(session, brand.logo_digest) == (brand.logo, PNG)
    finally:
        engine.dispose()
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(database_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        engine.dispose()
    assert not BRAND_COLUMNS & _columns(database_url)
    upgrade(database_url)
    assert _columns(database_url) >= BRAND_COLUMNS


def test_an_older_database_is_migrated_or_refused_naming_0005(database_url, cli, tmp_path, monkeypatch):
    upgrade(database_url, "0004")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    if database_url.startswith("sqlite"):
        assert cli("consultant", "list") == (0, "", "")  # the embedded default migrates itself
        assert _columns(database_url) >= BRAND_COLUMNS
        return
    assert cli("consultant", "list") == (1, "", f"error: the database at {display_url(database_url)} is at revision "
                                                "0004, the code needs 0005: run 'sovereign-ai db upgrade'\n")


def test_a_brand_is_replaced_removed_and_erased_with_its_consultant(database_url):
    upgrade(database_url)
    engine = open_database(database_url)
    try:
        with Session(engine) as session:
            consultant = accounts.add_consultant(session, "brand@example.org", "a long password")
            accounts.set_brand(session, consultant, make_brand(FIRM, CLEAN_SVG))
            digest = accounts.brand_of(consultant).logo_digest
            assert accounts.logo_by_digest(session, digest) == (CLEAN_SVG, SVG)
            accounts.set_brand(session, consultant, make_brand("Dupont"))  # a brand without a logo
            assert accounts.logo_by_digest(session, digest) is None
            assert (consultant.firm, consultant.logo, consultant.logo_type, consultant.logo_digest) == (
                "Dupont", None, None, None)
            accounts.set_brand(session, consultant, make_brand(FIRM, png()))
            digest = accounts.brand_of(consultant).logo_digest
            accounts.set_brand(session, consultant, None)
            assert accounts.brand_of(consultant) is None and consultant.firm is None
            accounts.set_brand(session, consultant, make_brand(FIRM, png()))
            session.commit()
            accounts.remove_consultant(session, "brand@example.org")  # erasure takes the brand with the account
            session.commit()
            assert accounts.logo_by_digest(session, digest) is None
    finally:
        engine.dispose()
