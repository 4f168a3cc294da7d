"""The product's own words in every interface language, and figures written as each language writes them.

Interface text lives in gettext catalogues, `assessment/translations/<lang>/LC_MESSAGES/messages.po`
(compiled to `.mo` by `make translations`). The message ids are the English sentences, so a language
without a catalogue, or a message not yet translated, reads in English. Questionnaire and catalogue
texts are not here: they live, translated, in their YAML files.

Numbers, percentages, dates, country and language names come from Babel's locale data (the Unicode
CLDR). French typography (no line break before ; : ! ? », after «, inside 86 % or 4 100) is applied to
rendered HTML, the web pages and the report alike, by `typography()`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
import unicodedata
from pathlib import Path

import babel
import jinja2
import markupsafe
from babel import dates, numbers, support

from .questionnaire import EU_EEA_COUNTRIES, OTHER_COUNTRY
from .settings import DEFAULT_LANGUAGE

TRANSLATIONS = Path(__file__).parent / "translations"

# The English of this product is British ("organisation", "licence"): its dates read 26 November 2026.
# Any other language is written as its CLDR locale says.
FORMAT_LOCALES = {"en": "en_GB"}


def N_(message: str) -> str:
    """Mark a message for extraction, to be translated later (a label in a table)."""
    return message


@functools.cache
def _catalogue(language: str) -> support.NullTranslations:
    """The compiled catalogue of `language`; with none, the English message ids themselves."""
    return support.Translations.load(str(TRANSLATIONS), [language], domain="messages")


class Translator:
    """The interface text in one language. Placeholders are named, `%(count)s`, and always filled in
    (as Jinja's i18n extension does), so a literal percent sign is written `%%` in every message."""

    def __init__(self, language: str):
        self.language = language
        self._messages = _catalogue(language)

    def gettext(self, message: str, /, **values: object) -> str:
        """The translation of `message`, its placeholders filled in."""
        return self._messages.gettext(message) % values

    def ngettext(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form of a message that fits `count` in this language (`%(count)s` is filled in too)."""
        return self._messages.ngettext(singular, plural, count) % {"count": count, **values}

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """The translation of `message` in `context` (two uses of the same English words)."""
        return str(self._messages.pgettext(context, message)) % values


@functools.cache
def translator(language: str) -> Translator:
    """The interface text in `language`."""
    return Translator(language)


# The site's own name when SITE_NAME is not set, translated (its French: « Autodiagnostic IA souveraine »).
DEFAULT_SITE_NAME = N_("Sovereign AI self-assessment")


def site_name(language: str, configured: str | None = None) -> str:
    """The name of this installation: SITE_NAME as written when it is set, else the product's name in
    `language`. Pages, the PDF's metadata and the CLI name the site with it; what a questionnaire measures
    is named by the questionnaire itself."""
    return configured or translator(language).gettext(DEFAULT_SITE_NAME)


@functools.cache
def _locale(language: str) -> babel.Locale:
    return babel.Locale.parse(FORMAT_LOCALES.get(language, language))


def number(value: float | None, language: str, digits: int = 1, sign: bool = False) -> str:
    """A score as written in `language`: 33,8 in French, 33.8 in English (+2,5 with `sign`); a dash for none."""
    if value is None:
        return "—"
    pattern = "0." + "0" * digits if digits else "0"
    # The float's exact value, so that it rounds as Python's own formatting does (0.15 is 0.1499…).
    return numbers.format_decimal(decimal.Decimal(value), format=f"+{pattern};-{pattern}" if sign else pattern,
                                  locale=_locale(language), decimal_quantization=True, group_separator=False)


def percent(ratio: float, language: str) -> str:
    """A ratio as a whole percentage: 86 % in French, 86% in English."""
    return numbers.format_percent(ratio, locale=_locale(language))


def long_date(day: dt.date, language: str) -> str:
    """A date written out: 26 novembre 2026, 26 November 2026."""
    return dates.format_date(day, format="long", locale=_locale(language))


@functools.cache
def language_name(code: str, *, in_sentence: bool = False) -> str:
    """A language's name in that language: as a label (Français, English, Deutsch), or as written
    inside a sentence (français, English, Deutsch)."""
    name = babel.Locale.parse(code).get_display_name(code) or code
    return name if in_sentence else name[:1].upper() + name[1:]


def country(code: str, language: str) -> str:
    """A country's name from its ISO code, from the Unicode CLDR (the code itself when unknown); 'other'
    names an organisation's country outside the EU/EEA."""
    if code == OTHER_COUNTRY:
        return translator(language).gettext("Another country (outside the EU and EEA)")
    return _locale(language).territories.get(code, code)


def organisation_countries(language: str) -> list[tuple[str, str]]:
    """The countries an organisation may choose, (code, name) sorted by name in `language`, 'other' last."""
    names = sorted(((code, country(code, language)) for code in EU_EEA_COUNTRIES),
                   key=lambda item: unicodedata.normalize("NFKD", item[1]).casefold())
    return names + [(OTHER_COUNTRY, country(OTHER_COUNTRY, language))]


# Labels of the values the data files use (questionnaire recommendations, catalogue tools).
PRIORITIES = {"high": N_("High priority"), "medium": N_("Medium priority"), "low": N_("Low priority")}
HORIZONS = {"quick-win": N_("Quick win (≤ 3 months)"), "medium": N_("3 to 12 months"),
            "strategic": N_("Over 12 months")}
EFFORTS = {"low": N_("Low effort"), "medium": N_("Medium effort"), "high": N_("High effort")}
CATEGORIES = {
    "models": N_("Models"), "genai-platform": N_("Generative AI platform"),
    "data-science-platform": N_("Data science platform"), "cloud": N_("Cloud"),
    "inference-runtime": N_("Inference runtime"), "evaluation": N_("Evaluation and testing"),
    "user-interface": N_("User interface"), "model-hub": N_("Model hub"),
    "data-infrastructure": N_("Data infrastructure"), "observability": N_("Observability"),
}
DEPLOYMENTS = {"saas": N_("SaaS"), "eu-hosted": N_("EU-hosted"), "on-premise": N_("On premises"),
               "air-gapped": N_("Air-gapped")}
QUALIFICATION_STATUSES = {"qualified": N_("qualified"), "certified": N_("certified"),
                          "in-progress": N_("in progress"), "expired": N_("expired")}


def label(labels: dict[str, str], value: str, language: str) -> str:
    """The label of a data value in `language` (the value itself if it has none)."""
    return translator(language).gettext(labels[value]) if value in labels else value


# Typography ----------------------------------------------------------------------------------------

# Text between tags; <textarea>, <script> and <style> content is left as is (a textarea holds what the
# user typed and posts it back: it must come back unchanged).
_TAG_OR_TEXT = re.compile(r"(<textarea\b.*?</textarea\s*>|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]*>)",
                          re.S | re.I)
_FRENCH_SPACES = [
    (re.compile(r"[ \u00a0]+([;:!?»])"), "\u202f\\1"),  # narrow no-break space before ; : ! ? »
    (re.compile(r"«[ \u00a0]+"), "«\u202f"),                # and after «
    (re.compile(r"(\d)[ \u00a0](%|€)"), "\\1\u202f\\2"),  # 86 %, 40 €
    (re.compile(r"(\d) (\d{3})\b"), "\\1\u202f\\2"),    # 4 100
]


def french_typography(html: str) -> str:
    """French spacing in the text of a document (never inside tags, nor in a textarea, script or style):
    no line break before ; : ! ? » or after «, nor inside 86 % or 4 100."""
    parts = _TAG_OR_TEXT.split(html)
    for index in range(0, len(parts), 2):  # split() with a group: text at even indices, tags at odd
        for pattern, replacement in _FRENCH_SPACES:
            parts[index] = pattern.sub(replacement, parts[index])
    return "".join(parts)


# A language's typographic rules that Babel does not apply, by language (French only so far).
TYPOGRAPHY = {"fr": french_typography}


def typography(html: str, language: str) -> str:
    """`html` with the typographic rules of `language` applied to its text."""
    rule = TYPOGRAPHY.get(language.split("_")[0])
    return rule(html) if rule else html


# Templates -----------------------------------------------------------------------------------------

def _language(context: jinja2.runtime.Context) -> str:
    return context.get("lang") or DEFAULT_LANGUAGE


def _text(context: jinja2.runtime.Context, translation: str) -> str:
    # Jinja takes a translation as markup and escapes only its placeholders' values: escape it too, so
    # that a message is text like any other (an apostrophe comes out as &#39;, a < as &lt;).
    return markupsafe.escape(translation) if context.eval_ctx.autoescape else translation


@jinja2.pass_context
def _gettext(context, message: str) -> str:
    return _text(context, translator(_language(context))._messages.gettext(message))


@jinja2.pass_context
def _ngettext(context, singular: str, plural: str, count: int) -> str:
    return _text(context, translator(_language(context))._messages.ngettext(singular, plural, count))


@jinja2.pass_context
def _pgettext(context, message_context: str, message: str) -> str:
    return _text(context, str(translator(_language(context))._messages.pgettext(message_context, message)))


@jinja2.pass_context
def _npgettext(context, message_context: str, singular: str, plural: str, count: int) -> str:
    return _text(context, translator(_language(context))._messages.npgettext(message_context, singular, plural,
                                                                             count))


@jinja2.pass_context
def _number(context, value: float | None, sign: bool = False) -> str:
    return number(value, _language(context), sign=sign)


@jinja2.pass_context
def _percent(context, ratio: float) -> str:
    return percent(ratio, _language(context))


def install(env: jinja2.Environment) -> None:
    """Give a Jinja environment gettext (`_`, `gettext`, `ngettext`, `pgettext`), `num()` and `pct()`,
    all in the language of the template's `lang` variable."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True, pgettext=_pgettext,  # type: ignore[attr-defined]
                                  npgettext=_npgettext)
    env.globals.update(num=_number, pct=_percent)
