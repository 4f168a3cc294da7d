"""The PDF report, rendered by WeasyPrint from `templates/report/` and plain data.

Safety: a URL fetcher serves only the bundled fonts and the report's own stylesheet, by path, and
images embedded in the document as base64 `data:` URIs (a consultant's logo), and refuses everything
else (network, redirects, data from elsewhere on disk); user text is escaped by Jinja's autoescape. Quality: tagged PDF/UA-1, fonts shipped with the project and embedded as subsets.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Sequence
from pathlib import Path
from urllib.request import url2pathname

import jinja2
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import i18n, resources
from .model import Report

DATA_IMAGES = ("data:image/png;base64,", "data:image/svg+xml;base64,", "data:image/jpeg;base64,")


class BundleFetcher(URLFetcher):
    """Serves files under the allowed folders by `file://` path; refuses every other URL."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []
        self.fetched: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """The bundled file behind a file:// URL inside the roots, else an error (nothing fetched)."""
        if url.startswith(DATA_IMAGES):  # the consultant's logo, embedded by the report itself (brand.py checks it)
            kind, _, payload = url.removeprefix("data:").partition(";base64,")
            self.fetched.append(f"data:{kind}")
            return URLFetcherResponse(url, body=base64.b64decode(payload), headers={"Content-Type": kind})
        path = None
        if url.startswith("file://"):
            path = Path(url2pathname(url.removeprefix("file://").split("?")[0].split("#")[0])).resolve()
        if path is None or not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url!r}: the report only loads its bundled files")
        self.fetched.append(url)
        return URLFetcherResponse(url, body=path.read_bytes(),
                                  headers={"Content-Type": _content_type(path)})


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".otf": "font/otf", ".ttf": "font/ttf", ".svg": "image/svg+xml"}.get(
        path.suffix, "application/octet-stream")


def report_dir() -> Path:
    """The folder of the report's template and stylesheet."""
    return resources.templates_dir() / "report"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the report, with autoescape on (user text is never markup) and gettext
    in the report's language (its `lang`)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    i18n.install(env)
    return env


def fonts_css() -> Path:
    """The @font-face rules of the bundled fonts (relative URLs), shared with the web pages."""
    return resources.static_dir() / "css" / "fonts.css"


def render_html(report: Report, *, stylesheets: Sequence[str] = ("report.css",), site_name: str | None = None) -> str:
    """The report as an HTML document (also the HTML view on screen), linking to `stylesheets`; `site_name`
    (SITE_NAME, default the product's name) is its metadata's author and generator."""
    lang = report.lang
    html = environment().get_template("report/report.html").render(
        report=report, stylesheets=stylesheets, lang=lang, site_name=i18n.site_name(lang, site_name))
    return i18n.typography(html, lang)


@functools.cache
def _stylesheets() -> tuple[FontConfiguration, list[CSS]]:
    """The fonts and stylesheets, parsed once per process and shared by every render."""
    fetcher = BundleFetcher([report_dir(), resources.static_dir() / "fonts"])
    fonts = FontConfiguration()
    return fonts, [CSS(filename=str(fonts_css()), font_config=fonts, url_fetcher=fetcher),
                   CSS(filename=str(report_dir() / "report.css"), font_config=fonts, url_fetcher=fetcher)]


def write_pdf(report: Report, *, fetcher: BundleFetcher | None = None, site_name: str | None = None) -> bytes:
    """Render the report to PDF bytes (tagged PDF/UA-1, fonts embedded); `site_name` as in `render_html`."""
    fetcher = fetcher or BundleFetcher([report_dir(), resources.static_dir() / "fonts"])
    fonts, stylesheets = _stylesheets()
    html = HTML(string=render_html(report, stylesheets=(), site_name=site_name), base_url=report_dir().as_uri() + "/",
                url_fetcher=fetcher)
    return html.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1",
                          finisher=scope_table_headers)


def scope_table_headers(document, _pdf) -> None:
    """Give every tagged header cell the /Scope its `scope` attribute says (PDF/UA-1 §7.5).

    WeasyPrint tags <th> as /TH and links data cells to it by /Headers and /IDs, but writes no /Scope;
    checkers and some screen readers look for it. The cell's structure element is kept on its box
    (`mark`) until the PDF is written, so it is completed here.
    """
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "mark", None)
            if box.element_tag == "th" and isinstance(element, dict) and "A" in element:
                element["A"]["Scope"] = "/Row" if box.element.attrib.get("scope") == "row" else "/Column"
