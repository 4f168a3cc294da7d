"""The tool catalogue: sourced, dated facts about European (and other) AI and cloud offerings.

Recommendations name catalogue entries by id; the report prints their facts. The catalogue is data
(`questionnaires/catalogue.yaml`) and states facts, not marketing: uncertain facts say so.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, PrivateAttr, model_validator

from .questionnaire import Identifier, Language, Strict, Text

CATEGORIES = (
    "models",
    "genai-platform",
    "data-science-platform",
    "cloud",
    "inference-runtime",
    "evaluation",
    "user-interface",
    "model-hub",
    "data-infrastructure",
    "observability",
)
DEPLOYMENTS = ("saas", "eu-hosted", "on-premise", "air-gapped")


class Source(Strict):
    """Where a fact was read: a title and an address."""

    title: Annotated[str, Field(min_length=3)]
    url: HttpUrl


class Qualification(Strict):
    """A national or European security qualification or certification of an offer, as verified."""

    scheme: Annotated[str, Field(min_length=2, description='e.g. "SecNumCloud 3.2", "HDS", "BSI C5", "ENS"')]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="the issuing country's ISO code, EU for EU-wide")]
    status: Literal["qualified", "certified", "in-progress", "expired"]
    scope: Text = Field(description="which offer, service or region the qualification covers")
    verified: dt.date
    review_by: dt.date | None = None
    source: Source
    _omitted_when_empty = ("review_by",)

    @property
    def holds(self) -> bool:
        """Whether the qualification is in force (not merely applied for, nor expired)."""
        return self.status in ("qualified", "certified")


class Tool(Strict):
    """One catalogue entry."""

    id: Identifier
    name: Annotated[str, Field(min_length=2)]
    vendor: Annotated[str, Field(min_length=2)]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code of the headquarters")]
    category: Literal[CATEGORIES]
    description: Text
    deployment: list[Literal[DEPLOYMENTS]] = Field(min_length=1)
    license: Annotated[str, Field(min_length=2)]
    certifications: list[str] = []
    sovereignty_notes: Text
    caveats: Text | None = Field(None, description="facts that could not be verified, said plainly")
    url: HttpUrl
    sources: list[Source] = Field(min_length=1)
    verified: dt.date
    review_by: dt.date | None = Field(None, description="when the entry's facts must be checked again")
    owner: Annotated[str, Field(min_length=2)] | None = Field(
        None, description="who ultimately controls the vendor, with its country")
    qualifications: list[Qualification] = []
    _omitted_when_empty = ("review_by", "owner", "qualifications")

    def fits(self, country: str | None) -> bool:
        """Whether the offer suits an organisation of this country: based there, or qualified there."""
        if not country:
            return False
        return self.country == country or any(q.country == country and q.holds for q in self.qualifications)


class Catalogue(Strict):
    """The whole catalogue file."""

    schema_: Literal[1] = Field(alias="schema")
    updated: dt.date
    languages: list[Language] = Field(min_length=1)
    neutrality: Text
    tools: list[Tool] = Field(min_length=1)
    # (file name, line of every YAML path) when read from a file, so warnings can name the line
    _source: tuple[str, dict] | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalogue:
        seen: set[str] = set()
        for tool in self.tools:
            if tool.id in seen:
                raise ValueError(f"duplicate tool id '{tool.id}'")
            seen.add(tool.id)
        return self

    @functools.cached_property
    def tools_by_id(self) -> dict[str, Tool]:
        """The entries by id (computed once)."""
        return {t.id: t for t in self.tools}

    def tool(self, tool_id: str) -> Tool | None:
        """The entry with this id, or None."""
        return self.tools_by_id.get(tool_id)
