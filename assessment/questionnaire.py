"""The questionnaire format: pydantic models and the cross-checks pydantic cannot express.

A questionnaire is data (YAML under ``questionnaires/``); this module says what a valid one is.
It imports nothing from Flask so the CLI, the web app and the tests share it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, PrivateAttr, SerializerFunctionWrapHandler, Tag,
                      WithJsonSchema, model_serializer, model_validator)

from . import settings
from .settings import LANGUAGES

SCHEMA_VERSION = 1
# A pillar (a section of the questionnaire): any short lowercase id the questionnaire declares; it shows
# in URLs, JSON keys and CLI output.
PillarId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,31}$")]
MAX_PILLARS = 8  # the radar stays readable up to eight axes
# How an answer is backed, weakest first (docs/method.md): a claim, a document seen, an audit, a test run.
EvidenceLevel = Literal["declared", "documented", "audited", "tested"]
EVIDENCE_LEVELS: tuple[str, ...] = ("declared", "documented", "audited", "tested")
# Criteria of the EU Cloud Sovereignty Framework's calculator (objective.row) and of BSI C3A v1.0 (group ids).
CsfCriterion = Annotated[str, Field(pattern=r"^SOV-[1-8]\.[1-9]$")]
C3aCriterion = Annotated[str, Field(pattern=r"^SOV-[1-6]-\d{2}(-A?C\d?)?$")]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
# The countries whose national rules the method knows: the 27 EU members, then Iceland, Liechtenstein
# and Norway (EEA). ISO 3166-1 alpha-2 codes; Greece is GR (not the EU's own abbreviation EL).
EU_EEA_COUNTRIES = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
                    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO")
OTHER_COUNTRY = "other"  # an organisation established outside the EU/EEA
ORGANISATION_COUNTRIES = EU_EEA_COUNTRIES + (OTHER_COUNTRY,)
UNQUOTED_NORWAY = 'write "NO" (Norway) in quotes: YAML reads an unquoted NO as false'


def _norway_unquoted(value: Any) -> Any:
    """YAML 1.1 reads an unquoted NO as false: say so rather than "not a string"."""
    if value is False:
        raise ValueError(UNQUOTED_NORWAY)
    return value


CountryCode = Annotated[str, BeforeValidator(_norway_unquoted), Field(pattern=r"^([A-Z]{2}|other)$")]

def _interface_language(code: str) -> str:
    """A language the product speaks (settings.LANGUAGES, read when a file is validated)."""
    if code not in settings.LANGUAGES:
        raise ValueError(f"Input should be one of the interface languages: {', '.join(settings.LANGUAGES)}")
    return code


# A language code among the declared interface languages (the schema lists those of this installation).
Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}$"), AfterValidator(_interface_language),
                     WithJsonSchema({"enum": list(LANGUAGES), "type": "string"})]

# A translated text: one entry per declared language, e.g. {"fr": "...", "en": "..."}.
Text = dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], Annotated[str, Field(min_length=1)]]


class Strict(BaseModel):
    """Base model: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # Keys added to format 1 after files were stored: left out of dumps while empty, so a file that
    # does not use them keeps its content hash and old snapshots keep matching.
    _omitted_when_empty: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _omit_empty_additions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        for key in self._omitted_when_empty:
            if data.get(key) in (None, []):
                data.pop(key, None)
        return data


class AnswerIs(Strict):
    """True when the answer to `question` includes one of the options `in`."""

    question: Identifier
    in_: list[Identifier] = Field(alias="in", min_length=1)


class CountryIs(Strict):
    """True when the organisation's country is one of `country`; false when no country is given."""

    country: list[CountryCode] = Field(min_length=1)


class Not(Strict):
    """True when the condition does not hold."""

    not_: Condition = Field(alias="not")


class AllOf(Strict):
    """True when every condition holds."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    """True when at least one condition holds."""

    any: list[Condition] = Field(min_length=1)


def _shape(*keys: str):
    """A discriminator that picks a union member by which key the mapping has."""

    def pick(value) -> str | None:
        if isinstance(value, dict):
            return next((key for key in keys if key in value), None)
        # a model instance: `not` is stored as `not_`, a Python keyword
        return next((key for key in keys if hasattr(value, key) or hasattr(value, key + "_")), None)

    return Discriminator(pick, custom_error_type="condition",
                         custom_error_message=f"a condition needs one of the keys {', '.join(keys)}")


Condition = Annotated[
    Union[Annotated[AnswerIs, Tag("question")], Annotated[CountryIs, Tag("country")], Annotated[Not, Tag("not")],
          Annotated[AllOf, Tag("all")], Annotated[AnyOf, Tag("any")]],
    _shape("question", "country", "not", "all", "any"),
]
Not.model_rebuild()
AllOf.model_rebuild()
AnyOf.model_rebuild()


def condition_questions(condition: Condition) -> Iterator[AnswerIs]:
    """Yield the answer tests a condition asks to hold (country tests and negated tests are left out:
    "asked when you answered X" would misread `not X`)."""
    if isinstance(condition, AnswerIs):
        yield condition
    elif isinstance(condition, (AllOf, AnyOf)):
        for child in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from condition_questions(child)


class Fact(Strict):
    """A dated fact the questionnaire's texts rely on: a law's date, a certification, an owner, a licence."""

    id: Identifier
    statement: Annotated[str, Field(min_length=1, description="one plain English sentence: the fact as verified")]
    sources: list[str] = Field(min_length=1)
    verified: dt.date
    review_by: dt.date | None = Field(None, description="when the fact may have changed and must be checked again")
    _omitted_when_empty = ("review_by",)


FactIds = Annotated[list[Identifier], Field(description="ids of the `facts` this text relies on")]


class Option(Strict):
    """One answer a person can choose; `score` 0-100, or null with a `kind` saying why."""

    id: Identifier
    label: Text
    score: Annotated[int, Field(ge=0, le=100)] | None
    kind: Literal["unknown", "not-applicable"] | None = None
    exclusive: bool = Field(False, description="in a multiple question, cannot be combined with other options")
    facts: FactIds = []
    seal: Annotated[int, Field(ge=0, le=4)] | None = Field(
        None, description="the EU Cloud Sovereignty Framework SEAL (0-4) this answer reads as on the question's `csf`")
    evidence: Text | None = Field(None, description="what to show for this option, when more specific than the question's")
    evidence_min: Literal["none", "documented", "tested"] | None = Field(
        None, description="evidence needed for the option to count in the evidenced score "
                          "(default: none for score 0 and kind options, documented otherwise)")
    fallback: Identifier | None = Field(
        None, description="with evidence_min tested: the option credited when the evidence is only documented or audited")
    _omitted_when_empty = ("facts", "seal", "evidence", "evidence_min", "fallback")

    @model_validator(mode="after")
    def _score_or_kind(self) -> Option:
        if self.score is None and self.kind is None:
            raise ValueError("an option with score null needs kind: unknown or not-applicable")
        if self.score is not None and self.kind is not None:
            raise ValueError(f"an option of kind '{self.kind}' must have score: null")
        return self


class FurtherCap(Strict):
    """A further cap set by the same finding: on another pillar, or on its own pillar under a condition."""

    pillar: PillarId
    cap: Annotated[int, Field(ge=0, le=3)] = Field(description="the highest maturity level that pillar may reach")
    when: Condition | None = Field(None, description="the cap applies only when this condition holds")


class CriticalRule(Strict):
    """An answer that caps its pillar's maturity level: the weakest-link gate."""

    id: Identifier
    when: list[Identifier] = Field(min_length=1, description="options of this question that trigger the rule")
    also: Condition | None = Field(None, description="a further condition on other answers, all must hold")
    cap: Annotated[int, Field(ge=0, le=3)] = Field(description="the highest maturity level the pillar may reach")
    also_caps: list[FurtherCap] = Field([], description="one finding, several pillars: further caps it sets")
    finding: Text
    sources: list[str] = []
    facts: FactIds = []
    _omitted_when_empty = ("facts", "also_caps")


class WeightWhen(Strict):
    """A question weight that applies when a condition on other answers holds."""

    when: Condition
    weight: Annotated[float, Field(gt=0, le=10)]


class Question(Strict):
    """One question: `single` and `scale` take one option, `multiple` takes several."""

    id: Identifier
    type: Literal["single", "multiple", "scale"]
    text: Text
    help: Text
    options: list[Option] = Field(min_length=2)
    weight: Annotated[float, Field(gt=0, le=10)] = 1
    sources: list[str] = Field(min_length=1)
    depends_on: Condition | None = None
    weight_when: list[WeightWhen] = Field([], description="the first entry whose condition holds replaces `weight`")
    critical: list[CriticalRule] = []
    facts: FactIds = []
    evidence: Text | None = Field(None, description="what to show for the question's better options")
    csf: list[CsfCriterion] = Field([], description="EU Cloud Sovereignty Framework criteria the question follows")
    c3a: list[C3aCriterion] = Field([], description="BSI C3A criteria the question covers")
    _omitted_when_empty = ("facts", "weight_when", "evidence", "csf", "c3a")

    @functools.cached_property
    def options_by_id(self) -> dict[str, Option]:
        """The options by id (computed once: scoring looks options up for every answer)."""
        return {o.id: o for o in self.options}

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return self.options_by_id.get(option_id)

    @property
    def best_score(self) -> int:
        """The highest score any answer to this question can reach (0-100)."""
        scores = [o.score for o in self.options if o.score is not None]
        if self.type == "multiple":
            return min(100, sum(scores))
        return max(scores, default=0)


class Pillar(Strict):
    """A pillar: a section of the questionnaire with its own score and maturity level."""

    id: PillarId
    title: Text
    description: Text
    weight: Annotated[float, Field(gt=0, le=10)] = 1
    proof: Condition | None = Field(None, description="what must be proven (tested) for the pillar to reach the top level")
    questions: list[Question] = Field(min_length=1)
    _omitted_when_empty = ("proof",)


class Recommendation(Strict):
    """Advice given when its condition holds on a scored result."""

    id: Identifier
    when: Trigger
    title: Text
    rationale: Text
    steps: list[Text] = Field(min_length=1)
    priority: Literal["high", "medium", "low"]
    horizon: Literal["quick-win", "medium", "strategic"]
    effort: Literal["low", "medium", "high"]
    pillars: list[PillarId] = Field(min_length=1)
    tools: list[Identifier] = []
    sources: list[str] = []
    facts: FactIds = []
    _omitted_when_empty = ("facts",)


class LevelBelow(Strict):
    """True when a pillar's maturity level before caps is below `level_below` (or it is not assessed)."""

    pillar: PillarId
    level_below: Annotated[int, Field(ge=1, le=4)]


class CriticalFired(Strict):
    """True when the named critical rule fired."""

    critical: Identifier


class TriggerNot(Strict):
    """True when the trigger does not hold."""

    not_: Trigger = Field(alias="not")


class TriggerAll(Strict):
    """True when every trigger holds."""

    all: list[Trigger] = Field(min_length=1)


class TriggerAny(Strict):
    """True when at least one trigger holds."""

    any: list[Trigger] = Field(min_length=1)


Trigger = Annotated[
    Union[
        Annotated[AnswerIs, Tag("question")],
        Annotated[CountryIs, Tag("country")],
        Annotated[LevelBelow, Tag("pillar")],
        Annotated[CriticalFired, Tag("critical")],
        Annotated[TriggerNot, Tag("not")],
        Annotated[TriggerAll, Tag("all")],
        Annotated[TriggerAny, Tag("any")],
    ],
    _shape("question", "country", "pillar", "critical", "not", "all", "any"),
]
TriggerNot.model_rebuild()
TriggerAll.model_rebuild()
TriggerAny.model_rebuild()
Recommendation.model_rebuild()


class LevelText(Strict):
    """The name and description a questionnaire gives one maturity level."""

    name: Text
    description: Text


class Questionnaire(Strict):
    """A whole questionnaire file, as consultants write it."""

    schema_: Literal[1] = Field(alias="schema", description="format version; only 1 exists")
    id: Identifier
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")]
    published: dt.date | None = None
    languages: list[Language] = Field(min_length=1)
    title: Text
    report_title: Text | None = Field(None, description="the report's cover and page headers; default: title")
    description: Text | None = None
    levels: list[LevelText] | None = Field(
        None, min_length=5, max_length=5, description="names and descriptions of maturity levels 0 to 4")
    pillars: list[Pillar] = Field(min_length=1, max_length=MAX_PILLARS)
    recommendations: list[Recommendation] = []
    facts: list[Fact] = Field([], description="dated facts the texts rely on, referred to by id")
    _hash: str | None = PrivateAttr(None)
    # (file name, line of every YAML path) when read from a file, so warnings can name the line
    _source: tuple[str, dict] | None = PrivateAttr(None)
    _omitted_when_empty = ("facts", "report_title", "levels")

    def questions(self) -> Iterator[tuple[Pillar, Question]]:
        """Every question with its pillar, in questionnaire order."""
        for pillar in self.pillars:
            for question in pillar.questions:
                yield pillar, question

    @functools.cached_property
    def questions_by_id(self) -> dict[str, Question]:
        """The questions by id (computed once)."""
        return {q.id: q for _, q in self.questions()}

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return self.questions_by_id.get(question_id)

    def critical_rules(self) -> Iterator[tuple[Pillar, Question, CriticalRule]]:
        """Every critical rule with its pillar and question."""
        for pillar, question in self.questions():
            for rule in question.critical:
                yield pillar, question, rule

    @functools.cached_property
    def facts_by_id(self) -> dict[str, Fact]:
        """The dated facts by id (computed once)."""
        return {fact.id: fact for fact in self.facts}

    def content_hash(self) -> str:
        """A stable SHA-256 of the content, stored with assessments so old ones render as answered."""
        if self._hash is None:
            canonical = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
            self._hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return self._hash


def json_schema() -> dict:
    """The JSON Schema of the questionnaire format, for editors' autocompletion."""
    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sovereign-ai-readiness questionnaire, format version 1"
    return schema


def questionnaire_json(questionnaire: Questionnaire) -> dict:
    """The questionnaire as plain JSON, the contract of `sovereign-ai show --json` and the API."""
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "languages": list(questionnaire.languages),
        "title": dict(questionnaire.title),
        "hash": questionnaire.content_hash(),
        "pillars": [
            {
                "id": pillar.id,
                "title": dict(pillar.title),
                "description": dict(pillar.description),
                "weight": pillar.weight,
                "questions": [
                    {
                        "id": question.id,
                        "type": question.type,
                        "text": dict(question.text),
                        "help": dict(question.help),
                        "weight": question.weight,
                        "sources": list(question.sources),
                        "depends_on": question.depends_on.model_dump(by_alias=True) if question.depends_on else None,
                        "options": [
                            {"id": o.id, "label": dict(o.label), "score": o.score, "kind": o.kind,
                             "exclusive": o.exclusive or o.kind is not None}
                            for o in question.options
                        ],
                    }
                    for question in pillar.questions
                ],
            }
            for pillar in questionnaire.pillars
        ],
    }
