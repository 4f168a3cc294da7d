"""The JSON API's bodies as pydantic models: what it takes, what it gives back, its problem details.

The OpenAPI document (openapi.py) is generated from these models, and the views check the shape of
what they receive with them; the checks against the questionnaire (its ids, options, versions,
languages, the country rules) stay a second step, in `assessment.answers`. The answers document
itself (`AnswersDocument`, `AnswerValue`) is core, shared with the CLI.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, WithJsonSchema

from ..answers import MAX_COMMENT, MAX_ORGANISATION_FIELD, AnswersDocument, AnswerValue, omittable
from ..questionnaire import ORGANISATION_COUNTRIES, EvidenceLevel, Language

MAX_PARTICIPANT_FIELD = 100
# Text a participant gives: no control character (line breaks and tabs included); lone surrogates
# are refused by pydantic as not Unicode.
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _organisation_country(code: str) -> str:
    if code not in ORGANISATION_COUNTRIES:
        raise ValueError(f"Input should be one of {', '.join(ORGANISATION_COUNTRIES)}")
    return code


# An organisation's country: an EU/EEA code or 'other' (an enum in the document).
OrganisationCountry = Annotated[str, AfterValidator(_organisation_country),
                                WithJsonSchema({"type": "string", "enum": list(ORGANISATION_COUNTRIES)})]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- requests ---------------------------------------------------------------------------------------

class Baseline(_Request):
    """An earlier assessment of the same questionnaire to compare with: its id and token."""

    id: str
    token: str


class NewAssessment(AnswersDocument):
    """POST /assessments: an answers document (partial allowed), perhaps with a baseline."""

    baseline: Baseline | None = Field(None, description="an earlier assessment to compare with (its id and token)")


ParticipantText = Annotated[str, Field(max_length=MAX_PARTICIPANT_FIELD, pattern=NO_CONTROL_CHARACTERS)]


class Participant(_Request):
    """Who answers in a workshop; both optional."""

    name: ParticipantText = omittable()
    role: ParticipantText = omittable()


class WorkshopResponse(AnswersDocument):
    """POST /workshops/{code}/responses: an answers document; the questionnaire is the workshop's."""

    questionnaire: str = omittable(min_length=1, description="the workshop's questionnaire (the default)")
    participant: Participant | None = None


class AnswersPatch(_Request):
    """PATCH /assessments/{id}/answers: answers to merge; null removes one."""

    answers: dict[str, AnswerValue]


def refused(model: type[BaseModel] | TypeAdapter, data: Any, *, deeper: bool = True) -> bool:
    """Whether `data` does not have the model's shape (with `deeper=False`: only its top level counts)."""
    try:
        model.validate_python(data) if isinstance(model, TypeAdapter) else model.model_validate(data)
    except ValidationError as exc:
        return deeper or any(len(error["loc"]) <= 1 for error in exc.errors())
    return False


# --- responses --------------------------------------------------------------------------------------

class Links(_Response):
    html: str = Field(description="the secret link to the web page")
    report: str = Field(description="the PDF report (bearer token required)")


class Created(_Response):
    """A new assessment (or a workshop participant's response)."""

    id: str
    token: str = Field(description="the secret; shown once")
    links: Links


class Problem(_Response):
    """Problem details (RFC 9457); `errors` names each fault of an invalid document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[str] = omittable(description="each fault, when there are several")


class ReportPending(Problem):
    """202: the report is being prepared by a worker; ask again after Retry-After seconds."""

    state: Literal["queued", "rendering"]


class QuestionnaireSummary(_Response):
    id: str
    version: str
    title: dict[str, str] = Field(description="a text per language")
    languages: list[str]


class OrganisationRead(_Response):
    """The organisation's fields given; {} when none."""

    name: str = omittable(max_length=MAX_ORGANISATION_FIELD)
    sector: str = omittable(max_length=MAX_ORGANISATION_FIELD)
    size: str = omittable(max_length=MAX_ORGANISATION_FIELD)
    country: OrganisationCountry = omittable(description="ISO 3166-1 alpha-2 code, or 'other'")


class CommentedRead(_Response):
    """An answer with a comment or its evidence; the keys without a value are left out."""

    answer: str | list[str] | None = Field(description="null (single, scale) or [] (multiple) if none chosen")
    comment: str = omittable(min_length=1, max_length=MAX_COMMENT)
    evidence: EvidenceLevel = omittable(description="how the answer is backed; declared when absent")
    evidence_note: str = omittable(min_length=1, max_length=MAX_COMMENT,
                                   description="what the evidence is: a document, an audit, a test")


# An answered question as a client writes it (unanswered ones are left out): an option id (single,
# scale), the option ids (multiple), or either with its comment and evidence.
AnswerRead = str | Annotated[list[str], Field(min_length=1)] | CommentedRead


class QuestionnaireRef(_Response):
    id: str
    version: str


class Overall(_Response):
    score: float | None
    level: int | None
    confidence: float
    raw_score: float | None = Field(description="the weighted mean before the caps")
    assessed: bool


class PillarScore(_Response):
    score: float | None = Field(description="the raw score clamped into the band of the (capped) level")
    level: int | None
    confidence: float
    unknown: list[str] = Field(description="questions answered \"don't know\"")
    unanswered: list[str]
    not_applicable: list[str]
    raw_score: float | None = Field(description="the weighted mean before the caps")
    uncapped_level: int | None
    assessed: bool = Field(description="whether an applicable question has an informed answer")
    proven: bool | None = Field(description="null when the pillar asks for no proof")
    hidden_answers: list[str] = Field(description="answers to questions a condition hides, not counted")


class Cap(_Response):
    pillar: str
    cap: int


class Finding(_Response):
    """A critical finding: an answer that caps its pillar's level (and perhaps others')."""

    id: str
    pillar: str
    question: str
    cap: int
    level_before: int | None
    finding: dict[str, str] = Field(description="a text per language")
    sources: list[str]
    caps: list[Cap]


class Recommendation(_Response):
    id: str
    title: dict[str, str] = Field(description="a text per language")
    priority: str
    horizon: str
    effort: str
    pillars: list[str]
    tools: list[str] = Field(description="ids of the catalogue's tools")


class EvidencedOverall(_Response):
    score: float
    level: int
    raw_score: float = Field(description="the weighted mean before the caps")


class EvidencedPillar(_Response):
    score: float | None = Field(description="null when the pillar is not assessed in the evidenced view")
    level: int | None
    assessed: bool = Field(description="whether an informed answer of the pillar has evidence documented or better")
    share_evidenced: float | None = Field(description="the share (0-1) of the claimed score resting on evidence; "
                                                      "null when the claimed score is 0")


class Evidenced(_Response):
    """The evidenced score (docs/method.md): each answer counts only with the evidence its option needs."""

    overall: EvidencedOverall | None = Field(description="null when no pillar is assessed in the evidenced view")
    pillars: dict[str, EvidencedPillar]
    not_shown: list[Finding] = Field(description="critical findings fired only in the evidenced view")


class CsfPolicy(_Response):
    unknown: int = Field(description="the SEAL a \"don't know\" (or silence) reads as: our rule, not the calculator's")
    framework: str
    verified: str = Field(description="when the framework's facts were last checked (ISO date)")


class CsfOverall(_Response):
    seal: int | None = Field(description="the lowest estimated objective; null when none is estimated")
    objectives_estimated: int


class CsfBinding(_Response):
    question: str
    options: list[str]
    seal: int
    evidence: str


class CsfObjective(_Response):
    id: str
    seal: int | None = Field(description="null: not estimated (no answer gives a reading)")
    estimated: bool
    criteria_read: list[str]
    gating_criteria: int
    binding: list[CsfBinding] = Field(description="the answers at the objective's SEAL")
    declared_only: bool = Field(description="every binding answer is declared, none evidenced")


class Csf(_Response):
    """An estimate against the Commission's Cloud Sovereignty Framework, not a provider's SEAL nor a
    certification; only for a questionnaire with `csf` keys."""

    policy: CsfPolicy
    overall: CsfOverall
    objectives: list[CsfObjective]


class Assessment(_Response):
    """An assessment: `language`, `organisation` and `answers` as a client posts them (each answer in the
    shape a POST or PATCH takes, so it can be sent back unchanged), then the scores as `sovereign-ai
    score --json` gives them. (`answers` used to hold the whole answers document, with single-choice
    answers as one-element lists.)"""

    id: str
    revision: int
    created_at: str
    updated_at: str
    language: Language
    organisation: OrganisationRead
    answers: dict[str, AnswerRead] = Field(
        description="the answers as posted: send them back unchanged in a POST or PATCH")
    questionnaire: QuestionnaireRef
    overall: Overall
    pillars: dict[str, PillarScore]
    critical: list[Finding]
    recommendations: list[Recommendation]
    evidenced: Evidenced
    csf: Csf | None = Field(None, description="the SEAL estimate (assessment/csf.py), when the questionnaire maps to the CSF")


REQUESTS = (NewAssessment, WorkshopResponse, AnswersPatch)
RESPONSES = (Created, Problem, ReportPending, QuestionnaireSummary, Assessment)
