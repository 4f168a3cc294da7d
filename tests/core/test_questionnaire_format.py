"""The questionnaire format: valid files load; each kind of error names file, line and path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assessment import resources
from assessment.loading import InvalidFile, bundled_catalogue, bundled_questionnaire, parse_catalogue, parse_questionnaire
from assessment.questionnaire import json_schema

MINI = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text()


def problems_of(text: str, catalogue) -> list[str]:
    """The error lines for a questionnaire text (fails if it is valid)."""
    with pytest.raises(InvalidFile) as caught:
        parse_questionnaire(text, "x.yaml", catalogue)
    return [str(p) for p in caught.value.problems]


def line_of(fragment: str, text: str = MINI, nth: int = 1) -> int:
    """The 1-based line of the nth occurrence of a fragment."""
    index = -1
    for _ in range(nth):
        index = text.index(fragment, index + 1)
    return text[:index].count("\n") + 1


def test_mini_questionnaire_is_valid(mini):
    assert mini.id == "mini"
    assert [p.id for p in mini.pillars] == ["technology", "data"]
    assert mini.question("data-keys").depends_on is not None


def test_unknown_key_is_located_like_the_contract(mini_catalogue):
    text = MINI.replace("{id: mixed, label: {fr: \"Les deux\", en: \"Both\"}, score: 50}",
                        "{id: mixed, label: {fr: \"Les deux\", en: \"Both\"}, scroe: 50}")
    lines = problems_of(text, mini_catalogue)
    line = line_of("scroe: 50", text)
    assert f"x.yaml:{line}: pillars[0].questions[0].options[1]: unknown key 'scroe'" in lines


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("type: scale", "type: slider",
         "pillars[0].questions[1].type: Input should be 'single', 'multiple' or 'scale'"),
        ("weight: 2\n", "weight: -1\n", "pillars[0].questions[1].weight: Input should be greater than 0"),
        ("{id: dpa, label: {fr: \"DPA\", en: \"DPA\"}, score: 40}",
         "{id: dpa, label: {fr: \"DPA\"}, score: 40}",
         "pillars[1].questions[2].options[0].label: missing language 'en'"),
        ("{id: none, label: {fr: \"Non\", en: \"No\"}, score: 100}",
         "{id: none, label: {fr: \"Non\", en: \"No\", de: \"Nein\"}, score: 100}",
         "pillars[1].questions[0].options[2].label.de: language 'de' is not declared in 'languages'"),
        ("depends_on: {question: data-provider, in: [non-eu, eu]}",
         "depends_on: {question: data-safeguards, in: [dpa]}",
         "pillars[1].questions[1].depends_on.question: depends_on refers to 'data-safeguards', "
         "which is not an earlier question"),
        ("depends_on: {question: data-provider, in: [non-eu, eu]}",
         "depends_on: {question: data-provider, in: [non-eu, mars]}",
         "pillars[1].questions[1].depends_on.in: question 'data-provider' has no option 'mars'"),
        ("tools: [tool-b]", "tools: [tool-z]", "recommendations[1].tools[0]: 'tool-z' is not in the tool catalogue"),
        ("id: tech-skills", "id: tech-models", "pillars[0].questions[1].id: duplicate question id 'tech-models'"),
        ("{id: some, label", "{id: none, label", "pillars[0].questions[1].options[1].id: duplicate option id 'none'"),
        ("when: [closed-api]", "when: [closed]", "pillars[0].questions[0].critical[0].when: question 'tech-models' "
                                                 "has no option 'closed'"),
        ("{id: some, label: {fr: \"Quelques-unes\", en: \"Some\"}, score: 50}",
         "{id: some, label: {fr: \"Quelques-unes\", en: \"Some\"}, score: 150}",
         "pillars[0].questions[1].options[1].score: Input should be less than or equal to 100"),
        ("score: null, kind: not-applicable", "score: null",
         "pillars[0].questions[1].options[4]: an option with score null needs kind: unknown or not-applicable"),
        ("{critical: foreign-provider-keys}", "{critical: no-such-rule}",
         "recommendations[1].when.critical: no critical rule 'no-such-rule'"),
        ("{pillar: technology, level_below: 2}", "{pillar: technology, level_below: 9}",
         "recommendations[0].when.any[1].level_below: Input should be less than or equal to 4"),
        ("{pillar: technology, level_below: 2}", "{pilar: technology, level_below: 2}",
         "recommendations[0].when.any[1]: a condition needs one of the keys question, country, pillar, critical, not, "
         "all, any"),
    ],
)
def test_errors_name_line_and_path(mini_catalogue, old, new, expected):
    assert old in MINI
    text = MINI.replace(old, new, 1)
    lines = problems_of(text, mini_catalogue)
    line = next(n for n, (a, b) in enumerate(zip(MINI.splitlines(), text.splitlines(), strict=False), 1) if a != b)
    assert f"x.yaml:{line}: {expected}" in lines, lines


def test_scale_scores_must_rise(mini_catalogue):
    text = MINI.replace("{id: none, label: {fr: \"Aucune\", en: \"None\"}, score: 0}",
                        "{id: none, label: {fr: \"Aucune\", en: \"None\"}, score: 80}")
    assert any("a scale's scores must rise" in p for p in problems_of(text, mini_catalogue))


def test_question_scores_must_span_0_to_100(mini_catalogue):
    text = MINI.replace("{id: open-weight, label: {fr: \"Poids ouverts\", en: \"Open weights\"}, score: 100}",
                        "{id: open-weight, label: {fr: \"Poids ouverts\", en: \"Open weights\"}, score: 90}")
    assert any("pillars[0].questions[0].options: the best answer must score 100" in p
               for p in problems_of(text, mini_catalogue))


def test_other_schema_versions_are_refused(mini_catalogue):
    lines = problems_of(MINI.replace("schema: 1", "schema: 2"), mini_catalogue)
    assert lines == ["x.yaml:1: schema: unsupported format version 2; this version of sovereign-ai reads schema 1"]


def test_duplicate_yaml_keys_are_refused(mini_catalogue):
    text = MINI.replace('version: "1.0"', 'version: "1.0"\nversion: "2.0"')
    assert problems_of(text, mini_catalogue) == ["x.yaml:4: duplicate key 'version'"]


def test_yaml_syntax_error_has_a_line(mini_catalogue):
    text = MINI.replace("languages: [fr, en]", "languages: [fr, en")
    (line,) = problems_of(text, mini_catalogue)
    assert line.startswith("x.yaml:") and "YAML syntax error" in line


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    weight: 1\n", "\tweight: 1\n"),  # libyaml: "found character that cannot start any token"
        ("        type: single\n", "        \ttype: single\n"),  # "a tab character that violates indentation"
        ("          - {id: mixed", "\t  - {id: mixed"),
    ],
)
def test_a_tab_in_the_indentation_is_named(mini_catalogue, old, new):
    text = MINI.replace(old, new, 1)
    (line,) = problems_of(text, mini_catalogue)
    tab_line = line_of(new.strip("\n"), text)
    assert line.startswith(f"x.yaml:{tab_line}: YAML syntax error: ")
    column = new.index("\t") + 1
    assert line.endswith(f"(a tab character at column {column}: YAML indents with spaces only, never tabs)")


@pytest.mark.parametrize(
    ("old", "new", "path", "word"),
    [  # YAML 1.1 reads no, yes, on, off (any case) as booleans wherever the format expects a text
        ("{id: mixed, label:", "{id: no, label:", "pillars[0].questions[0].options[1].id", "no"),
        ("- id: tech-models", "- id: yes", "pillars[0].questions[0].id", "yes"),
        ('{id: mixed, label: {fr: "Les deux", en: "Both"}', '{id: mixed, label: {fr: Off, en: "Both"}',
         "pillars[0].questions[0].options[1].label.fr", "Off"),
        ('{id: mixed, label: {fr: "Les deux", en: "Both"}', '{id: mixed, label: {fr: "Les deux", no: "Both"}',
         "pillars[0].questions[0].options[1].label.no", "no"),  # Norwegian, as a language key
        ("when: [closed-api]", "when: [no]", "pillars[0].questions[0].critical[0].when[0]", "no"),
        ("languages: [fr, en]", "languages: [fr, NO]", "languages[1]", "NO"),
        ("{question: tech-models, in: [closed-api, unknown]}", "{question: tech-models, in: [closed-api, off]}",
         "recommendations[0].when.any[0].in[1]", "off"),
        ("depends_on: {question: data-provider, in: [non-eu, eu]}",
         "depends_on: {question: on, in: [non-eu, eu]}", "pillars[1].questions[1].depends_on.question", "on"),
        ("{id: mixed, label:", "{id: mixed, on: 1, label:", "pillars[0].questions[0].options[1].on", "on"),
    ],
)
def test_a_bare_yaml_boolean_where_a_text_belongs_says_to_quote_it(mini_catalogue, old, new, path, word):
    text = MINI.replace(old, new, 1)
    value = "true" if word.lower() in ("yes", "on") else "false"
    assert problems_of(text, mini_catalogue) == [
        f"x.yaml:{line_of(new, text)}: {path}: YAML reads the bare word {word} as a boolean ({value}), "
        f'not as text; write it in quotes: "{word}"']
    quoted = re.sub(rf"(?<![\w-]){word}(?![\w-])", f'"{word}"', new)
    try:
        parse_questionnaire(MINI.replace(old, quoted, 1), "x.yaml", mini_catalogue)
    except InvalidFile as exc:  # quoted, the word is a text: any error left is about something else
        assert "YAML reads" not in str(exc)


def test_the_yaml_traps_are_documented_as_validate_reports_them(mini_catalogue):
    guide = (Path(__file__).parents[2] / "docs" / "questionnaire-format.md").read_text()
    (boolean,) = problems_of(MINI.replace("{id: mixed, label:", "{id: no, label:", 1), mini_catalogue)
    assert boolean.replace("x.yaml:", "questionnaires/x.yaml:") in guide
    (tab,) = problems_of(MINI.replace("    weight: 1\n", "\tweight: 1\n", 1), mini_catalogue)
    assert tab[tab.index("("):] in guide


def test_a_bare_yaml_boolean_in_the_catalogue_says_to_quote_it():
    text = (Path(__file__).parents[1] / "data" / "catalogue.yaml").read_text().replace("country: DE", "country: NO")
    with pytest.raises(InvalidFile) as caught:
        parse_catalogue(text, "c.yaml")
    assert [str(p) for p in caught.value.problems] == [
        f"c.yaml:{line_of('country: NO', text)}: tools[1].country: YAML reads the bare word NO as a boolean (false), "
        'not as text; write it in quotes: "NO"']


def test_not_a_mapping(mini_catalogue):
    assert problems_of("- a\n- b\n", mini_catalogue) == ["x.yaml:1: a questionnaire file must be a YAML mapping"]


def test_catalogue_errors_are_located():
    text = (Path(__file__).parents[1] / "data" / "catalogue.yaml").read_text().replace("country: DE", "country: Germany")
    with pytest.raises(InvalidFile) as caught:
        parse_catalogue(text, "c.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"c.yaml:{line_of('country: Germany', text)}: tools[1].country: String should match")


def test_json_schema_describes_the_format():
    schema = json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"schema", "id", "version", "languages", "pillars"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    json.dumps(schema)  # serialisable as is


def test_bundled_files_are_found():
    assert resources.catalogue_file().is_file()
    assert resources.questionnaire_files(), "no bundled questionnaire"
    assert all(p.name != "catalogue.yaml" for p in resources.questionnaire_files())


# Citation style of `sources` (docs/questionnaire-format.md, "Citation style"): the short name of
# the text, then the pinpoint. Each entry: short name, full reference (the doc's table gives the
# same two columns) and a pattern for what follows the short name.
_PROVISION = r"\d+[a-z]?(\(\d+[a-z]?\))*(\([a-z]+\))*"
_PROVISIONS = rf"{_PROVISION}(-{_PROVISION})?"
_ARTICLES = rf" (Art\. {_PROVISIONS}((, {_PROVISIONS})* and {_PROVISIONS})?( and Annex [IVX]+)?|Annex [IVX]+)"
_GLOSS = r"( \([^()]+\))?"
CITATION_STYLE: dict[str, tuple[str, str]] = {
    "GDPR": ("Regulation (EU) 2016/679 (General Data Protection Regulation)", _ARTICLES),
    "AI Act": ("Regulation (EU) 2024/1689 (Artificial Intelligence Act)", _ARTICLES),
    "DORA": ("Regulation (EU) 2022/2554 on digital operational resilience for the financial sector", _ARTICLES),
    "NIS2": ("Directive (EU) 2022/2555 on measures for a high common level of cybersecurity across the Union",
             _ARTICLES),
    "Data Act": ("Regulation (EU) 2023/2854 on harmonised rules on fair access to and use of data", _ARTICLES),
    "Directive (EU) 2019/790": ("Directive (EU) 2019/790 on copyright and related rights in the Digital Single "
                                "Market", _ARTICLES),
    "EU-US Data Privacy Framework decision": (
        "Commission Implementing Decision (EU) 2023/1795 of 10 July 2023 on the adequate level of protection of "
        "personal data under the EU-US Data Privacy Framework", _ARTICLES),
    "General Court": ("General Court of the European Union; T-553/23, Latombe v Commission, judgment of 3 September "
                      "2025, ECLI:EU:T:2025:831 (appeal C-703/25 P brought on 31 October 2025)",
                      r" T-\d+/\d+ \([^()]+\), \d{1,2} [A-Z][a-z]+ \d{4}"),
    "Energy Efficiency Directive": ("Directive (EU) 2023/1791 on energy efficiency (recast)", _ARTICLES),
    "Charter of Fundamental Rights": ("Charter of Fundamental Rights of the European Union (2012/C 326/02)",
                                      _ARTICLES),
    "CJEU": ("Court of Justice of the European Union; C-311/18 (Schrems II): Data Protection Commissioner v "
             "Facebook Ireland and Maximillian Schrems, judgment of 16 July 2020, ECLI:EU:C:2020:559",
             r" C-\d+/\d+ \([^()]+\), \d{1,2} [A-Z][a-z]+ \d{4}"),
    "Commission Guidelines on prohibited AI practices": (
        "Commission Guidelines on prohibited artificial intelligence practices established by Regulation (EU) "
        "2024/1689 (AI Act), published 4 February 2025", ""),
    "EU Cloud Sovereignty Framework v1.2.1": (
        "European Commission (DG DIGIT), Cloud Sovereignty Framework, version 1.2.1, October 2025; sovereignty "
        "objectives SOV-1 to SOV-8", r", SOV-[1-8]( and SOV-[1-8]| to SOV-[1-8])?"),
    "EU Cloud Sovereignty Framework implementation guidance (June 2026)": (
        "European Commission (DG DIGIT), Cloud Sovereignty Framework – Implementation guidance, published 1 June "
        "2026 (https://commission.europa.eu/document/download/2ad80a48-166f-4c77-a513-80c53ca2a128_en)", r"(, p\. \d+(-\d+)?)?"),
    "EU Cloud Sovereignty Framework calculator (June 2026)": (
        "European Commission (DG DIGIT), Annex – Sovereignty assessment calculator (XLSX), published 1 June 2026 "
        "with the implementation guidance; 48 criteria SOV-1.1 to SOV-8.4 (https://commission.europa.eu/document/download/3acb8fe8-8a4a-4339-ae74-f56138d913d1_en)",
        r"(, SOV-[1-8]\.[1-9])?"),
    "HLEG Ethics Guidelines for Trustworthy AI / ALTAI": (
        "High-Level Expert Group on Artificial Intelligence, Ethics Guidelines for Trustworthy AI (8 April 2019), "
        "and Assessment List for Trustworthy Artificial Intelligence, ALTAI (17 July 2020); requirements 1 to 7",
        r", (requirement [1-7] \([^()]+\)|requirements [1-7] \([^()]+\)( and [1-7] \([^()]+\))+)"),
    "ISO/IEC 42001:2023": ("ISO/IEC 42001:2023, Information technology — Artificial intelligence — Management "
                           "system", _GLOSS),
    "ANSSI SecNumCloud 3.2": ("ANSSI, Prestataires de services d'informatique en nuage (SecNumCloud), "
                              "référentiel d'exigences, version 3.2", r", §\d+(\.\d+)*"),
    "US CLOUD Act": ("Clarifying Lawful Overseas Use of Data Act, 2018 (Pub. L. 115-141, div. V)",
                     r", 18 U\.S\.C\. §\d+[a-z]?"),
    "FISA Section 702": ("Foreign Intelligence Surveillance Act of 1978, Section 702, added by the FISA "
                         "Amendments Act of 2008", r", 50 U\.S\.C\. §\d+[a-z]?"),
    "Code de la santé publique": ("Code de la santé publique (French Public Health Code)",
                                  r", art\. [LRD]\.\d+(-\d+)*"),
    "Code du travail": ("Code du travail (French Labour Code)", r", art\. [LRD]\.\d+(-\d+)*"),
    "Loi SREN": ("Loi n° 2024-449 du 21 mai 2024 visant à sécuriser et à réguler l'espace numérique",
                 r", art\. \d+"),
    "Arrêté du 26 avril 2024": ("Arrêté du 26 avril 2024 on the certification framework for health data hosts "
                                "(HDS)", _GLOSS),
    "Circulaire 6404/SG": ("Circulaire n° 6404/SG du 31 mai 2023 (doctrine d'utilisation de l'informatique en "
                           "nuage par l'État, « cloud au centre »)", r" du \d{1,2} [a-zéû]+ \d{4}" + _GLOSS),
    "Tribunal judiciaire de Nanterre": ("Tribunal judiciaire de Nanterre (French first-instance court)",
                                        _GLOSS + r", \d{1,2} [a-zéû]+ \d{4}, RG n° \d{2}/\d+"),    "Regulation (EU) 2026/1744": ("Regulation (EU) 2026/1744 amending Regulation (EU) 2024/1689 (Digital Omnibus "
                                  "on AI), published in the Official Journal on 24 July 2026, in force since 27 July "
                                  "2026", _ARTICLES),
    "BSI C5:2026": ("Bundesamt für Sicherheit in der Informationstechnik (BSI), Cloud Computing Compliance Criteria "
                    "Catalogue (C5), version 2026", _GLOSS),
    "BSI C3A": ("Bundesamt für Sicherheit in der Informationstechnik (BSI), Criteria enabling Cloud Computing Autonomy "
                "(C3A), version 1, 27 April 2026", _GLOSS),
    "Regolamento ACN cloud PA": ("Agenzia per la cybersicurezza nazionale, decreto direttoriale n. 21007 del 27 giugno "
                                 "2024, Regolamento per le infrastrutture digitali e per i servizi cloud per la "
                                 "pubblica amministrazione", _GLOSS),
    "SGB V": ("Sozialgesetzbuch, Fünftes Buch (German Social Code, Book V: statutory health insurance)",
              r", § \d+[a-z]?"),
    "Real Decreto 311/2022": ("Real Decreto 311/2022, de 3 de mayo, por el que se regula el Esquema Nacional de "
                              "Seguridad (ENS)", _GLOSS),
}


def _cited_sources(questionnaire) -> list[tuple[str, list[str]]]:
    """(where, sources) of every question, critical rule and recommendation."""
    entries = []
    for pillar in questionnaire.pillars:
        for question in pillar.questions:
            entries.append((question.id, list(question.sources)))
            entries += [(f"{question.id}/{rule.id}", list(rule.sources)) for rule in question.critical]
    entries += [(r.id, list(r.sources)) for r in questionnaire.recommendations]
    entries += [(f"facts/{fact.id}", list(fact.sources)) for fact in questionnaire.facts]
    return entries


def _style_problem(source: str) -> str | None:
    """Why a source string breaks the citation style, or None."""
    names = [n for n in CITATION_STYLE if source == n or source.startswith((n + " ", n + ","))]
    if not names:
        return "does not start with a known short name"
    name = max(names, key=len)
    if not re.fullmatch(re.escape(name) + CITATION_STYLE[name][1], source):
        return f"does not follow the style of '{name}' citations"
    return None


def _punctuation_blind(source: str) -> str:
    return re.sub(r"[\W_]+", "", source.casefold())


@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_sources_follow_one_citation_style(which, mini):
    entries = _cited_sources(bundled_questionnaire() if which == "bundled" else mini)
    distinct = {s for _, sources in entries for s in sources}
    problems = sorted(f"{s!r}: {why}" for s in distinct if (why := _style_problem(s)))
    assert not problems, "\n".join(problems)

    spellings: dict[str, set[str]] = {}
    for source in distinct:
        spellings.setdefault(_punctuation_blind(source), set()).add(source)
    near_duplicates = sorted(sorted(group) for group in spellings.values() if len(group) > 1)
    assert not near_duplicates, near_duplicates

    repeated = [(where, s) for where, sources in entries for s in set(sources) if sources.count(s) > 1]
    assert not repeated, repeated


def test_citation_style_table_is_documented():
    text = (Path(__file__).parents[2] / "docs" / "questionnaire-format.md").read_text()
    section = text.split("## Citation style", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.startswith("| `")]
    assert {row[0].strip("`"): row[1] for row in rows} == {n: full for n, (full, _) in CITATION_STYLE.items()}
    for row in rows:  # the examples of the table follow the style they illustrate
        examples = re.findall(r"`([^`]+)`", row[2])
        assert examples and all(_style_problem(e) is None for e in examples), row


def test_tool_caveats_are_sentences_not_a_second_label():
    """The report prints caveats after « Réserves : » / "Caveats:": one opening with its own label
    ("Non vérifié : …") would read as two labels in a row."""
    labelled = [(tool.id, lang, text[:40]) for tool in bundled_catalogue().tools
                for lang, text in (tool.caveats or {}).items() if re.match(r"^[^.:;]{1,30}\s?:", text)]
    assert not labelled, labelled
