"""Format additions for method 2.0: country conditions, `not`, dated facts, catalogue owners and qualifications."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assessment.answers import AnswersError, AnswerSheet, parse_document
from assessment.loading import InvalidFile, parse_catalogue, parse_questionnaire
from assessment.questionnaire import EU_EEA_COUNTRIES, Question, Questionnaire
from assessment.recommendations import recommend
from assessment.scoring import ruled_out_by_country, score, visible_questions

DATA = Path(__file__).parents[1] / "data"
MINI = (DATA / "mini.yaml").read_text()
CATALOGUE = (DATA / "catalogue.yaml").read_text()

# The mini questionnaire using every addition: a question asked only in France and Germany, a
# critical rule that fires everywhere except in France, a recommendation for non-French
# organisations, and dated facts referred to from a question, an option, a rule and a recommendation.
FACTS = """facts:
  - id: hds-law
    statement: "French law requires health data hosts to hold the HDS certification."
    sources: ["Code de la santé publique, art. L.1111-8"]
    verified: 2026-11-20
    review_by: 2027-05-20
  - id: dpf-decision
    statement: "The EU-US Data Privacy Framework decision is in force."
    sources: ["EU-US Data Privacy Framework decision Art. 1"]
    verified: 2026-11-20
"""
EXTENDED = (
    MINI.replace('languages: [fr, en]\n', 'languages: [fr, en]\n' + FACTS, 1)
    .replace("        depends_on: {question: data-provider, in: [non-eu, eu]}\n",
             "        depends_on: {all: [{question: data-provider, in: [non-eu, eu]}, {country: [FR, DE]}]}\n"
             "        facts: [hds-law]\n", 1)
    .replace("{id: non-eu, label: {fr: \"Oui, hors UE\", en: \"Yes, non-EU\"}, score: 0}",
             "{id: non-eu, label: {fr: \"Oui, hors UE\", en: \"Yes, non-EU\"}, score: 0, facts: [dpf-decision]}", 1)
    .replace("            when: [closed-api]\n",
             "            when: [closed-api]\n            also: {not: {country: [FR]}}\n            facts: [hds-law]\n", 1)
    .replace("    when: {critical: foreign-provider-keys}\n",
             "    when: {any: [{critical: foreign-provider-keys}, {not: {country: [FR, other]}}]}\n"
             "    facts: [dpf-decision]\n", 1)
)


def problems_of(text: str, catalogue) -> list[str]:
    """The error lines for a questionnaire text (fails if it is valid)."""
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(text, "x.yaml", catalogue)
    return [str(p) for p in caught.value.problems]


def line_of(fragment: str, text: str) -> int:
    """The 1-based line of a fragment's first occurrence."""
    return text[:text.index(fragment)].count("\n") + 1


@pytest.fixture(scope="module")
def extended(mini_catalogue) -> Questionnaire:
    """The mini questionnaire with country conditions and dated facts."""
    return parse_questionnaire(EXTENDED, "extended.yaml", mini_catalogue)


def sheet(questionnaire: Questionnaire, answers: dict, country: str | None = None) -> AnswerSheet:
    """A validated answer sheet, with the organisation's country when given."""
    document = {"questionnaire": questionnaire.id, "answers": answers}
    if country:
        document["organisation"] = {"country": country}
    return parse_document(document, lambda _: questionnaire)[0]


def test_the_additions_load(extended):
    assert [fact.id for fact in extended.facts] == ["hds-law", "dpf-decision"]
    assert extended.facts_by_id["hds-law"].review_by == dt.date(2027, 5, 20)
    assert extended.facts_by_id["dpf-decision"].review_by is None
    assert extended.question("data-keys").facts == ["hds-law"]
    assert extended.question("data-provider").option("non-eu").facts == ["dpf-decision"]


def test_files_without_the_additions_keep_their_content_hash(mini):
    # The hash of tests/data/mini.yaml computed before the additions existed: stored snapshots keep matching.
    assert mini.content_hash() == "b531a5611e5257d382f52cb75f9c3cf40c288797ae0fe4b7b62ca24e791256b7"
    dumped = mini.model_dump(mode="json", by_alias=True)
    assert "facts" not in dumped and "facts" not in dumped["pillars"][0]["questions"][0]


def test_a_snapshot_with_the_additions_round_trips(extended):
    again = Questionnaire.model_validate(extended.model_dump(mode="json", by_alias=True))
    assert again.content_hash() == extended.content_hash()
    assert again.question("data-keys").depends_on == extended.question("data-keys").depends_on
    assert again.facts == extended.facts


def test_country_condition_on_depends_on(extended):
    answers = {"data-provider": "eu"}
    assert "data-keys" in visible_questions(extended, sheet(extended, answers, "DE"))
    assert "data-keys" not in visible_questions(extended, sheet(extended, answers, "IT"))
    assert "data-keys" not in visible_questions(extended, sheet(extended, answers, "other"))
    # no country given: a country test is false
    assert "data-keys" not in visible_questions(extended, sheet(extended, answers))


def test_not_country_in_a_critical_rule(extended):
    answers = {"tech-models": "closed-api"}
    fired = {country: [f.rule.id for f in score(extended, sheet(extended, answers, country)).findings]
             for country in ("FR", "DE", None)}
    assert fired == {"FR": [], "DE": ["closed-only"], None: ["closed-only"]}


def test_not_in_a_recommendation_trigger(extended, mini_catalogue):
    def ids(country):
        answers = sheet(extended, {"tech-models": "open-weight", "tech-skills": "team"}, country)
        return [advice.recommendation.id for advice in recommend(extended, answers, score(extended, answers),
                                                                 mini_catalogue)]
    assert "rec-keys" in ids("ES")
    assert "rec-keys" not in ids("FR")
    assert "rec-keys" not in ids("other")
    assert "rec-keys" in ids(None)  # not (a false country test) holds


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        ("{country: [FR, DE]}", "{country: [FR, XX]}", "{country: [FR, XX]}",
         "pillars[1].questions[1].depends_on.all[1].country[1]: unknown country code 'XX'"),
        ("{country: [FR, DE]}", "{country: [fr]}", "{country: [fr]}",
         "pillars[1].questions[1].depends_on.all[1].country[0]: String should match pattern"),
        ("also: {not: {country: [FR]}}", "also: {not: {country: [UK]}}", "also: {not",
         "pillars[0].questions[0].critical[0].also.not.country[0]: unknown country code 'UK'"),
        ("{not: {country: [FR, other]}}", "{not: {country: [EL]}}", "{not: {country: [EL]}}",
         "recommendations[1].when.any[1].not.country[0]: unknown country code 'EL'"),
        ("{not: {country: [FR, other]}}", "{not: {pillar: data, level_below: 2}}", "{not: {pillar",
         None),
        ("{country: [FR, DE]}]}\n        facts: [hds-law]\n", "{country: [FR, DE]}]}\n        facts: [hds-lawe]\n",
         "facts: [hds-lawe]",
         "pillars[1].questions[1].facts[0]: no fact 'hds-lawe' in the questionnaire's 'facts'"),
        ("score: 0, facts: [dpf-decision]", "score: 0, facts: [dpf]", "facts: [dpf]",
         "pillars[1].questions[0].options[0].facts[0]: no fact 'dpf' in the questionnaire's 'facts'"),
        ("            facts: [hds-law]\n", "            facts: [hds]\n", "            facts: [hds]",
         "pillars[0].questions[0].critical[0].facts[0]: no fact 'hds' in the questionnaire's 'facts'"),
        ("    facts: [dpf-decision]\n", "    facts: [dpf-decision, nope]\n", "    facts: [dpf-decision, nope]",
         "recommendations[1].facts[1]: no fact 'nope' in the questionnaire's 'facts'"),
        ("  - id: dpf-decision\n", "  - id: hds-law\n", "  - id: hds-law\n    statement: \"The EU",
         "facts[1].id: duplicate fact id 'hds-law'"),
        ("    review_by: 2027-05-20\n", "    review_by: 2026-01-01\n", "review_by: 2026-01-01",
         "facts[0].review_by: review_by 2026-01-01 is before verified 2026-11-20"),
        ("    verified: 2026-11-20\n    review_by", "    verified: someday\n    review_by", "verified: someday",
         "facts[0].verified: Input should be a valid date"),
        ("    statement: \"The EU-US", "    statment: \"The EU-US", "statment:",
         "facts[1]: unknown key 'statment'"),
    ],
)
def test_errors_in_the_additions_are_located(mini_catalogue, old, new, fragment, expected):
    assert old in EXTENDED
    text = EXTENDED.replace(old, new, 1)
    if expected is None:  # a trigger may negate any trigger, not only a condition
        parse_questionnaire(text, "x.yaml", mini_catalogue)
        return
    lines = problems_of(text, mini_catalogue)
    prefix = f"x.yaml:{line_of(fragment, text)}: {expected}"
    assert any(line.startswith(prefix) for line in lines), lines


def test_a_condition_cannot_negate_a_trigger(mini_catalogue):
    # depends_on is a condition on answers and country: pillar levels are not known yet
    text = EXTENDED.replace("{country: [FR, DE]}", "{not: {pillar: data, level_below: 2}}", 1)
    lines = problems_of(text, mini_catalogue)
    assert any("pillars[1].questions[1].depends_on.all[1].not" in line and "a condition needs one of the keys "
               "question, country, not, all, any" in line for line in lines), lines


def test_every_eu_eea_country_and_other_is_a_valid_condition(mini_catalogue):
    codes = ", ".join(f'"{code}"' if code == "NO" else code for code in EU_EEA_COUNTRIES + ("other",))
    questionnaire = parse_questionnaire(EXTENDED.replace("{country: [FR, DE]}", f"{{country: [{codes}]}}"),
                                        "x.yaml", mini_catalogue)
    assert len(EU_EEA_COUNTRIES) == 30 and "GR" in EU_EEA_COUNTRIES and "GB" not in EU_EEA_COUNTRIES
    assert questionnaire.question("data-keys").depends_on.all[1].country[-1] == "other"


def test_unquoted_norway_is_explained(mini_catalogue, extended):
    text = EXTENDED.replace("{country: [FR, DE]}", "{country: [FR, NO]}", 1)
    (line,) = problems_of(text, mini_catalogue)
    assert line.startswith(f"x.yaml:{line_of('[FR, NO]', text)}: pillars[1].questions[1].depends_on.all[1].country[1]: "
                           'write "NO" (Norway) in quotes')
    with pytest.raises(AnswersError) as caught:
        parse_document(yaml.safe_load("questionnaire: mini\norganisation: {country: NO}\n"), lambda _: extended)
    assert caught.value.problems == ['organisation.country: write "NO" (Norway) in quotes: YAML reads an unquoted NO '
                                     "as false"]


def test_organisation_country_is_checked(extended):
    assert sheet(extended, {}, "IS").country == "IS"
    assert sheet(extended, {}).country is None
    for wrong in ("XX", "fr", "France", "GB", "EU"):
        with pytest.raises(AnswersError) as caught:
            sheet(extended, {}, wrong)
        (problem,) = caught.value.problems
        assert problem.startswith(f"organisation.country: unknown country '{wrong}'") and "'other'" in problem


def test_organisation_country_round_trips(extended):
    answers = sheet(extended, {"tech-models": "mixed"}, "PL")
    assert answers.as_document(extended)["organisation"] == {"country": "PL"}
    assert parse_document(answers.as_document(extended), lambda _: extended)[0] == answers


QUALIFIED = CATALOGUE.replace(
    "    verified: 2026-11-25\n  - id: tool-b",
    "    verified: 2026-11-25\n"
    "    review_by: 2027-05-25\n"
    "    owner: \"Vendor A's founders (FR)\"\n"
    "    qualifications:\n"
    "      - scheme: SecNumCloud 3.2\n"
    "        country: FR\n"
    "        status: qualified\n"
    "        scope: {fr: \"L'offre IaaS.\", en: \"The IaaS offer.\"}\n"
    "        verified: 2026-11-25\n"
    "        review_by: 2027-11-25\n"
    "        source: {title: \"ANSSI list\", url: \"https://example.org/anssi\"}\n"
    "      - scheme: BSI C5\n"
    "        country: DE\n"
    "        status: in-progress\n"
    "        scope: {fr: \"L'offre IaaS.\", en: \"The IaaS offer.\"}\n"
    "        verified: 2026-11-25\n"
    "        source: {title: \"BSI list\", url: \"https://example.org/bsi\"}\n"
    "  - id: tool-b", 1)


def test_catalogue_owner_review_by_and_qualifications():
    catalogue = parse_catalogue(QUALIFIED, "c.yaml")
    tool = catalogue.tool("tool-a")
    assert tool.owner == "Vendor A's founders (FR)" and tool.review_by == dt.date(2027, 5, 25)
    assert [(q.scheme, q.country, q.status, q.holds) for q in tool.qualifications] == [
        ("SecNumCloud 3.2", "FR", "qualified", True), ("BSI C5", "DE", "in-progress", False)]
    # tool-a is French; tool-b is German; an in-progress qualification does not make tool-a fit Germany
    assert [t.id for t in catalogue.tools if t.fits("DE")] == ["tool-b"]
    assert [t.id for t in catalogue.tools if t.fits("FR")] == ["tool-a"]
    assert not any(t.fits(None) or t.fits("other") for t in catalogue.tools)


def test_catalogue_without_the_additions_dumps_as_before(mini_catalogue):
    assert set(mini_catalogue.tool("tool-a").model_dump(mode="json")) == {
        "id", "name", "vendor", "country", "category", "description", "deployment", "license", "certifications",
        "sovereignty_notes", "caveats", "url", "sources", "verified"}


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        ("status: in-progress", "status: pending", "status: pending",
         "tools[0].qualifications[1].status: Input should be 'qualified', 'certified', 'in-progress' or 'expired'"),
        ("        scope: {fr: \"L'offre IaaS.\", en: \"The IaaS offer.\"}\n        verified: 2026-11-25\n        source",
         "        scope: {fr: \"L'offre IaaS.\"}\n        verified: 2026-11-25\n        source", "scope: {fr: \"L'offre IaaS.\"}\n        verified: 2026-11-25\n        source",
         "tools[0].qualifications[1].scope: missing language 'en'"),
        ("        review_by: 2027-11-25\n", "        review_by: 2020-11-25\n", "review_by: 2020-11-25",
         "tools[0].qualifications[0].review_by: review_by 2020-11-25 is before verified 2026-11-25"),
        ("    review_by: 2027-05-25\n", "    review_by: 2026-05-25\n", "review_by: 2026-05-25",
         "tools[0].review_by: review_by 2026-05-25 is before verified 2026-11-25"),
        ("        country: DE\n", "        country: Germany\n", "country: Germany",
         "tools[0].qualifications[1].country: String should match pattern"),
        ("        source: {title: \"BSI list\"", "        sources: {title: \"BSI list\"", "sources: {title",
         "tools[0].qualifications[1]: unknown key 'sources'"),
    ],
)
def test_catalogue_errors_in_the_additions_are_located(old, new, fragment, expected):
    assert old in QUALIFIED
    text = QUALIFIED.replace(old, new, 1)
    with pytest.raises(InvalidFile) as caught:
        parse_catalogue(text, "c.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert any(line.startswith(f"c.yaml:{line_of(fragment, text)}: {expected}") for line in lines), lines


@pytest.fixture
def dated_files(tmp_path):
    """The extended questionnaire and the catalogue with dated qualifications, as files."""
    questionnaire, catalogue = tmp_path / "extended.yaml", tmp_path / "catalogue.yaml"
    questionnaire.write_text(EXTENDED, encoding="utf-8")
    catalogue.write_text(QUALIFIED, encoding="utf-8")
    return questionnaire, catalogue


def test_validate_warns_on_facts_past_review_by(cli, dated_files):
    questionnaire, catalogue = dated_files
    code, out, err = cli("validate", str(questionnaire), str(catalogue), "--catalogue-file", str(catalogue),
                         "--today", "2027-06-01")
    assert code == 0, err
    assert f"OK {questionnaire}" in out and f"OK {catalogue}" in out
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {catalogue}:{line_of('review_by: 2027-05-25', QUALIFIED)}: tools[0].review_by: tool 'tool-a' "
        "(Tool A, Vendor A) was due for review on 2027-05-25 (verified 2026-11-25)",
        f"warning: {questionnaire}:{line_of('review_by: 2027-05-20', EXTENDED)}: facts[0].review_by: fact 'hds-law' "
        "was due for review on 2027-05-20 (verified 2026-11-20): French law requires health data hosts to hold the "
        "HDS certification.",
    ]
    assert "2 fact(s) past their review_by date (as of 2027-06-01)" in err


def test_validate_strict_fails_on_facts_past_review_by(cli, dated_files):
    questionnaire, catalogue = dated_files
    code, _, err = cli("validate", str(questionnaire), str(catalogue), "--catalogue-file", str(catalogue),
                       "--today", "2027-12-01", "--strict")
    assert code == 1
    assert f"{catalogue}:{line_of('review_by: 2027-11-25', QUALIFIED)}: tools[0].qualifications[0].review_by: " \
           "qualification SecNumCloud 3.2 (FR, qualified) of tool 'tool-a' was due for review on 2027-11-25" in err


def test_validate_strict_passes_before_review_by(cli, dated_files):
    questionnaire, catalogue = dated_files
    code, _, err = cli("validate", str(questionnaire), str(catalogue), "--catalogue-file", str(catalogue),
                       "--today", "2027-05-20", "--strict")
    assert code == 0 and "warning" not in err  # due on that day, not yet past


def test_validate_warns_only_about_the_files_it_checks(cli, dated_files):
    questionnaire, catalogue = dated_files
    code, _, err = cli("validate", str(questionnaire), "--catalogue-file", str(catalogue), "--today", "2028-01-01")
    assert code == 0 and err.count("warning: ") == 1 and "fact 'hds-law'" in err


def test_validate_refuses_a_malformed_today(cli):
    code, _, err = cli("validate", "--today", "tomorrow")
    assert code == 2 and "not a date (YYYY-MM-DD): 'tomorrow'" in err


@pytest.mark.parametrize(
    ("condition", "ruled_out"),
    [
        ({"country": ["FR"]}, {"FR": False, "DE": True, None: True}),
        ({"not": {"country": ["FR"]}}, {"FR": True, "DE": False, None: False}),
        ({"all": [{"question": "tech-models", "in": ["mixed"]}, {"country": ["FR"]}]},
         {"FR": False, "DE": True, None: True}),
        ({"any": [{"question": "tech-models", "in": ["mixed"]}, {"country": ["FR"]}]},
         {"FR": False, "DE": False, None: False}),  # answers may still make it hold
        ({"not": {"any": [{"country": ["FR"]}, {"country": ["DE"]}]}}, {"FR": True, "DE": True, "IT": False}),
        ({"question": "tech-models", "in": ["mixed"]}, {"FR": False, None: False}),
    ],
)
def test_questions_ruled_out_by_country_whatever_the_answers(extended, condition, ruled_out):
    content = extended.question("data-keys").model_dump(mode="json", by_alias=True) | {"depends_on": condition}
    question = Question.model_validate(content)
    assert {country: ruled_out_by_country(question, country) for country in ruled_out} == ruled_out
