"""WTForms built from the questionnaire: a field-type registry and one form class per page.

As in Indico's survey module, each question type knows its WTForms field; `pillar_form` builds a
form class for one pillar, one answer field and one comment field per question.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import g
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import get_translations
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..answers import CONTROL_CHARACTERS, DECLARED, MAX_COMMENT, MAX_ORGANISATION_FIELD, Answer
from ..documents import EVIDENCE_HINTS, EVIDENCE_NAMES
from ..i18n import DEFAULT_LANGUAGE, N_, organisation_countries, translator
from ..questionnaire import EVIDENCE_LEVELS, ORGANISATION_COUNTRIES, Pillar, Question

COMMENT_SUFFIX = "__comment"
EVIDENCE_SUFFIX = "__evidence"
NOTE_SUFFIX = "__evidence_note"
ORGANISATION_SIZES = ("1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+")


class CheckboxesField(SelectMultipleField):
    """Several options as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(question: Question, lang: str) -> list[SelectChoice]:
    return [SelectChoice(option.id, option.label[lang]) for option in question.options]


def _exclusive(question: Question, lang: str) -> Callable:
    exclusive = {o.id for o in question.options if o.kind or o.exclusive}

    def check(_form, field) -> None:
        chosen = field.data or []
        if len(chosen) > 1 and exclusive & set(chosen):
            label = next(o.label[lang] for o in question.options if o.id in exclusive & set(chosen))
            raise ValidationError(translator(lang).gettext("“%(option)s” cannot be combined with other answers.",
                                                           option=label))

    return check


def _single(question: Question, lang: str) -> Field:
    return RadioField(question.text[lang], choices=_choices(question, lang), validators=[Optional()],
                      validate_choice=True)


def _multiple(question: Question, lang: str) -> Field:
    return CheckboxesField(question.text[lang], choices=_choices(question, lang),
                           validators=[Optional(), _exclusive(question, lang)])


# The registry: question type -> builder of its WTForms field.
FIELD_TYPES: dict[str, Callable[[Question, str], Field]] = {
    "single": _single,
    "scale": _single,
    "multiple": _multiple,
}


@functools.cache
def wtforms_messages(lang: str):
    """WTForms' own messages ("This field is required.", "Not a valid choice."…) in `lang`."""
    return get_translations([lang])


class SafeForm(FlaskForm):
    """Every form: messages and labels in the page's language; control characters (a NUL byte, say) refused.

    `labels` names each field's visible label by its message (English, marked N_), so that the error summary
    names a field the way the page shows it, not by its code name.
    """

    labels: dict[str, str] = {}

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages in the page's language (Flask-WTF would need Flask-Babel for that)."""
            return wtforms_messages(g.get("lang", DEFAULT_LANGUAGE))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = g.get("lang", DEFAULT_LANGUAGE)
        for name, label in self.labels.items():
            self[name].label.text = translator(lang).gettext(label)

    def validate(self, extra_validators=None) -> bool:
        """The fields' own validation, then no control characters in any submitted value."""
        valid = super().validate(extra_validators)
        for field in self:
            if any(isinstance(value, str) and CONTROL_CHARACTERS.search(value) for value in field.raw_data or ()):
                field.errors = [*field.errors, translator(g.get("lang", DEFAULT_LANGUAGE)).gettext(
                    "This text holds an invisible control character (a NUL byte or another): remove it.")]
                valid = False
        return valid


class PageForm(SafeForm):
    """Fields shared by every page: the revision the page was loaded at (optimistic locking)."""

    revision = HiddenField()


class EvidenceField(RadioField):
    """How an answer is backed: one of the evidence levels, declared when the page sends none.

    The radios offer only the levels, so another value was not chosen on the page: `tampered` says so, and
    the view answers 400 rather than a correctable 422.
    """

    tampered = False

    def pre_validate(self, form) -> None:
        if self.data not in EVIDENCE_LEVELS:
            self.tampered = True
            raise ValidationError(translator(g.get("lang", DEFAULT_LANGUAGE)).gettext(
                "“%(value)s” is not an evidence level; expected one of %(levels)s.",
                value=str(self.data)[:40], levels=", ".join(EVIDENCE_LEVELS)))


def evidence_choices(lang: str) -> list[SelectChoice]:
    """The evidence radios: each level's name and what it means, weakest first."""
    text = translator(lang)
    return [SelectChoice(level, text.gettext("%(name)s: %(hint)s", name=text.gettext(EVIDENCE_NAMES[level]),
                                             hint=text.gettext(EVIDENCE_HINTS[level])))
            for level in EVIDENCE_LEVELS]


def questions_form(pillars: list[Pillar], lang: str, name: str = "QuestionsForm",
                   comment_label: str = N_("Comment (optional)")) -> type[PageForm]:
    """A form class with, per question, one answer field, one comment field (labelled `comment_label`),
    its evidence level and an evidence note."""
    attributes: dict[str, Field] = {}
    text = translator(lang)
    choices = evidence_choices(lang)
    for pillar in pillars:
        for question in pillar.questions:
            attributes[question.id] = FIELD_TYPES[question.type](question, lang)
            attributes[question.id + COMMENT_SUFFIX] = TextAreaField(
                text.gettext(comment_label), validators=[Optional(), Length(max=MAX_COMMENT)])
            attributes[question.id + EVIDENCE_SUFFIX] = EvidenceField(
                text.gettext("How is this answer backed?"), choices=choices, default=DECLARED, validate_choice=False)
            attributes[question.id + NOTE_SUFFIX] = TextAreaField(
                text.gettext("Evidence note (optional): which document, audit or test"),
                validators=[Optional(), Length(max=MAX_COMMENT)])
    return type(name, (PageForm,), attributes)


def tampered(form: PageForm) -> bool:
    """Whether a submitted form carries a value its page could not have sent (an unknown evidence level)."""
    return any(isinstance(field, EvidenceField) and field.tampered for field in form)


def pillar_form(pillar: Pillar, lang: str) -> type[PageForm]:
    """The form of one pillar's page."""
    return questions_form([pillar], lang, f"{pillar.id.title()}Form")


def answers_from(form: PageForm, pillar: Pillar) -> dict[str, Answer | None]:
    """The answers a submitted page carries (None clears a question left blank)."""
    changes: dict[str, Answer | None] = {}
    for question in pillar.questions:
        data = form[question.id].data
        options = tuple(data) if isinstance(data, list) else ((data,) if data else ())
        comment = (form[question.id + COMMENT_SUFFIX].data or "").strip()
        evidence = form[question.id + EVIDENCE_SUFFIX].data or DECLARED
        note = (form[question.id + NOTE_SUFFIX].data or "").strip()
        changes[question.id] = Answer(options, comment, evidence, note) if options or comment or note else None
    return changes


def fill(form: PageForm, pillar: Pillar, answers: dict[str, Answer]) -> None:
    """Put stored answers into a freshly built (not submitted) form."""
    for question in pillar.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        form[question.id].data = list(answer.options) if question.type == "multiple" else (
            answer.options[0] if answer.options else None)
        form[question.id + COMMENT_SUFFIX].data = answer.comment
        form[question.id + EVIDENCE_SUFFIX].data = answer.evidence
        form[question.id + NOTE_SUFFIX].data = answer.evidence_note


def known_country(_form, field) -> None:
    """An organisation's country is an EU/EEA code or 'other', said in the page's language otherwise."""
    if field.data not in ORGANISATION_COUNTRIES:
        raise ValidationError(translator(g.get("lang", DEFAULT_LANGUAGE)).gettext("Choose a country from the list."))


def country_choices(lang: str) -> list[SelectChoice]:
    """The country select's options: 'not given', the EU/EEA countries by name, then 'other'."""
    return [SelectChoice("", translator(lang).gettext("— Not given —"))] + [
        SelectChoice(code, name) for code, name in organisation_countries(lang)]


class OrganisationForm(PageForm):
    """The optional first page: who is answering."""

    labels = {"name": N_("Organisation name"), "sector": N_("Sector"), "size": N_("Number of employees"),
              "country": N_("Country of establishment")}
    name = StringField(validators=[Optional(), Length(max=MAX_ORGANISATION_FIELD)])
    sector = StringField(validators=[Optional(), Length(max=MAX_ORGANISATION_FIELD)])
    size = RadioField(choices=[SelectChoice(size, size) for size in ORGANISATION_SIZES], validators=[Optional()])
    country = SelectField(validators=[Optional(), known_country], validate_choice=False)

    def __init__(self, *args, **kwargs):
        """The form, with the country names in the page's language."""
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(g.get("lang", DEFAULT_LANGUAGE))


class StartForm(SafeForm):
    """The start button: a POST with its CSRF token creates the assessment (of the questionnaire named, else the
    default one)."""

    questionnaire = HiddenField(validators=[Optional(), Length(max=100)])


class BaselineForm(SafeForm):
    """The secret link of an earlier assessment to compare with (or clear the comparison)."""

    labels = {"link": N_("Secret link of the baseline assessment")}
    link = StringField(validators=[Optional(), Length(max=500)])
    clear = HiddenField()
