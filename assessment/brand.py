"""A consultant's brand on what the client receives: firm name, logo, accent colour.

Pure core: the web profile page, the database and `sovereign-ai report --brand brand.yaml` all go
through the checks below, so a brand that reaches a page or a PDF has passed them.

- **Firm**: 1 to 200 characters on one line (no control characters).
- **Logo**: a PNG or an SVG file of at most 512 KiB, recognised by its content (never its name).
  A PNG must have a sound structure (signature, IHDR first, every chunk's CRC, IEND last), at most
  4000 pixels a side and 4 megapixels, and its pixels must inflate to the size its header says. An SVG is parsed without a document type (DOCTYPE
  and entities are refused, so nothing expands or is read from elsewhere) and refused when it holds
  anything that could run or fetch: `<script>`, `<foreignObject>`, elements of the XHTML namespace,
  an `on…` event attribute, a `javascript:` value, a link (`href`, `xlink:href`) that is not to the
  same document (`#id`), `url(…)` that is not `url(#id)` in an attribute or a `<style>`, `@import`,
  processing instructions (`<?xml-stylesheet?>`). The one exception to "nothing from elsewhere":
  raster images embedded as `data:image/png;base64,…` or `data:image/jpeg;base64,…` (drawing tools
  write logos that way; they hold no script). A `data:` URI of any other type, SVG included, is refused.
- **Accent colour**: `#rrggbb` (or `#rgb`), kept as lowercase `#rrggbb`. It is only ever used for a
  decorative rule beside the firm's name, never for text or behind text, so any colour is accepted:
  the text keeps the site's and the report's own colours, whose contrast is checked.

Pages and reports show the logo with the firm's name as its text alternative, through `<img>` only
(an SVG shown by `<img>` runs no script and loads nothing, even if a check missed something).
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

import yaml

from .i18n import N_, translator
from .loading import InvalidFile, Problem

MAX_FIRM = 200
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 4000  # pixels
MAX_LOGO_PIXELS = 4_000_000
PNG = "image/png"
SVG = "image/svg+xml"
LOGO_TYPES = (PNG, SVG)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
# Elements that run code or embed another document; refused in any namespace.
REFUSED_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
DATA_IMAGES = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/jpg;base64,")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # could reorder the text around
# PNG colour types and the bit depths each allows (PNG specification, 11.2.2).
PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


class BrandError(ValueError):
    """A brand field that cannot be used: `field` (firm, logo or colour) and a message in any language.

    `str()` is the English message; `text(lang)` the message in an interface language.
    """

    def __init__(self, field: str, message: str, **values: Any):
        self.field = field
        self.message = message
        self.values = values
        super().__init__(message % values)

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return translator(lang).gettext(self.message, **self.values)


@dataclass(frozen=True)
class Brand:
    """A consultant's brand as pages and reports show it (already checked; see `make_brand`)."""

    firm: str
    logo: bytes | None = None
    logo_type: str | None = None  # image/png or image/svg+xml when there is a logo
    accent: str | None = None  # '#rrggbb'

    def __post_init__(self) -> None:
        """What templates put in attributes and CSS is of its form, however the brand was made."""
        if self.accent is not None and not re.fullmatch(r"#[0-9a-f]{6}", self.accent):
            raise ValueError(f"not a #rrggbb colour: {self.accent!r}")
        if (self.logo is None) != (self.logo_type is None) or self.logo_type not in (None, *LOGO_TYPES):
            raise ValueError(f"a logo needs its type, image/png or image/svg+xml: {self.logo_type!r}")

    @property
    def logo_data_uri(self) -> str | None:
        """The logo as a `data:` URI (the report embeds it: WeasyPrint fetches nothing)."""
        if self.logo is None or self.logo_type is None:
            return None
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"

    @property
    def logo_digest(self) -> str | None:
        """The SHA-256 of the logo: its address on the web app (content-addressed, cached for ever)."""
        return logo_digest(self.logo)

    @property
    def stamp(self) -> str:
        """A digest of everything the brand shows, for the keys of reports and pages derived from it."""
        return brand_stamp(self.firm, self.logo_digest, self.logo_type, self.accent)

    def __repr__(self) -> str:  # not the logo's bytes
        return (f"Brand(firm={self.firm!r}, logo_type={self.logo_type!r}, "
                f"logo={len(self.logo) if self.logo else 0} bytes, accent={self.accent!r})")


def brand_stamp(firm: str, digest: str | None, logo_type: str | None, accent: str | None) -> str:
    """A digest of what a brand shows (`Brand.stamp`, computed from stored columns without the logo's bytes)."""
    return hashlib.sha256("\n".join([firm, digest or "", logo_type or "", accent or ""]).encode()).hexdigest()


def logo_digest(logo: bytes | None) -> str | None:
    """The SHA-256 of a logo, None without one."""
    return hashlib.sha256(logo).hexdigest() if logo else None


# The firm


def check_firm(text: str | None) -> str:
    """The firm's name, trimmed; BrandError when empty, too long or with control characters."""
    firm = (text or "").strip()
    if not firm:
        raise BrandError("firm", N_("The firm's name is empty."))
    if len(firm) > MAX_FIRM:
        raise BrandError("firm", N_("The firm's name has %(count)s characters; at most %(max)s are allowed."),
                         count=len(firm), max=MAX_FIRM)
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in BIDI_CONTROLS for c in firm):
        raise BrandError("firm", N_("The firm's name must be one line of text, without control characters."))
    return firm


# The accent colour


def check_accent(text: str | None) -> str | None:
    """'#1A4D8F' or '#14f' -> '#1a4d8f'; '' or None -> None; BrandError for anything else."""
    colour = (text or "").strip()
    if not colour:
        return None
    if not COLOUR.match(colour):
        raise BrandError("colour", N_("The colour “%(colour)s” is not a hexadecimal colour such as #1a4d8f."),
                         colour=colour[:20])
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour.lower()


# The logo


def check_logo(data: bytes) -> tuple[bytes, str]:
    """The logo and its media type (image/png or image/svg+xml), recognised by its content; BrandError
    naming what is wrong otherwise."""
    if not data:
        raise BrandError("logo", N_("The logo file is empty."))
    if len(data) > MAX_LOGO_BYTES:
        raise BrandError("logo", N_("The logo is %(size)s KiB; at most %(max)s KiB are allowed."),
                         size=-(-len(data) // 1024), max=MAX_LOGO_BYTES // 1024)
    if data.startswith(PNG_SIGNATURE):
        check_png(data)
        return data, PNG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in data[:MAX_LOGO_BYTES]:
        check_svg(data)
        return data, SVG
    if data[1:4] == b"PNG":
        raise BrandError("logo", N_("The logo is not a valid PNG image: its signature is damaged."))
    raise BrandError("logo", N_("The logo is neither a PNG nor an SVG image."))


def _png_chunks(data: bytes):
    """(type, body) of every chunk, checking lengths and CRCs; BrandError on a damaged file."""
    position = len(PNG_SIGNATURE)
    while position < len(data):
        if position + 12 > len(data):
            raise BrandError("logo", N_("The logo is not a valid PNG image: it is cut short."))
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 8 + length
        if end + 4 > len(data):
            raise BrandError("logo", N_("The logo is not a valid PNG image: it is cut short."))
        body = data[position + 8:end]
        (crc,) = struct.unpack(">I", data[end:end + 4])
        if not kind.isalpha() or zlib.crc32(kind + body) != crc:
            raise BrandError("logo", N_("The logo is not a valid PNG image: a chunk is damaged."))
        yield kind, body
        position = end + 4
        if kind == b"IEND":
            return
    raise BrandError("logo", N_("The logo is not a valid PNG image: it is cut short."))


def _raw_size(width: int, height: int, bits: int, interlace: int) -> int:
    """The bytes a PNG's pixels inflate to: each row's filter byte and pixels, per Adam7 pass if interlaced."""
    def size(w: int, h: int) -> int:
        return h * (1 + (w * bits + 7) // 8) if w and h else 0

    if not interlace:
        return size(width, height)
    return sum(size((width - x + dx - 1) // dx, (height - y + dy - 1) // dy) for x, y, dx, dy in ADAM7)


def check_png(data: bytes) -> tuple[int, int]:
    """Check a PNG's structure, size and that it decodes; its (width, height)."""
    chunks = list(_png_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise BrandError("logo", N_("The logo is not a valid PNG image: it does not start with its header."))
    width, height, depth, colour_type, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if (colour_type not in PNG_DEPTHS or depth not in PNG_DEPTHS[colour_type] or not width or not height
            or compression or filtering or interlace not in (0, 1)):
        raise BrandError("logo", N_("The logo is not a valid PNG image: its header is damaged."))
    if max(width, height) > MAX_LOGO_SIDE or width * height > MAX_LOGO_PIXELS:
        raise BrandError("logo", N_("The logo is %(width)s × %(height)s pixels; at most %(side)s pixels a side "
                                    "and %(pixels)s megapixels are allowed."),
                         width=width, height=height, side=MAX_LOGO_SIDE, pixels=MAX_LOGO_PIXELS // 1_000_000)
    kinds = [kind for kind, _ in chunks]
    if b"IDAT" not in kinds or (colour_type == 3 and b"PLTE" not in kinds):
        raise BrandError("logo", N_("The logo is not a valid PNG image: it has no image data."))
    # Decode the compressed pixels (bounded: the header says how many bytes they make) and check each row's
    # filter. Not with Pillow: WeasyPrint, once imported, makes it accept truncated images for the process.
    expected = _raw_size(width, height, depth * PNG_CHANNELS[colour_type], interlace)
    inflater = zlib.decompressobj()
    try:
        pixels = inflater.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"), expected + 1)
    except zlib.error:
        pixels = b""
    row = 1 + (width * depth * PNG_CHANNELS[colour_type] + 7) // 8
    if (len(pixels) != expected or not inflater.eof
            or (not interlace and any(pixels[start] > 4 for start in range(0, expected, row)))):
        raise BrandError("logo", N_("The logo is not a valid PNG image: its image data cannot be decoded."))
    return width, height


class _SvgCheck:
    """Expat handlers refusing, with the line, anything in an SVG that could run code or fetch a resource."""

    def __init__(self, parser: expat.XMLParserType):
        self.parser = parser
        self.depth = 0
        self.in_style = 0
        self.style = ""

    def refuse(self, message: str, **values: Any) -> None:
        raise BrandError("logo", message, line=self.parser.CurrentLineNumber, **values)

    def doctype(self, *_args: Any) -> None:
        self.refuse(N_("The SVG logo has a document type (DOCTYPE), line %(line)s: remove it (it could read "
                       "other files or expand without end)."))

    def entity(self, *_args: Any) -> None:
        self.refuse(N_("The SVG logo declares an entity, line %(line)s: remove it."))

    def instruction(self, target: str, _data: str) -> None:
        self.refuse(N_("The SVG logo has a processing instruction (%(target)s), line %(line)s: remove it."),
                    target=target[:40])

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if self.depth == 0 and (namespace, local) != (SVG_NAMESPACE, "svg"):
            self.refuse(N_("The logo's root element is not an SVG “svg” element (line %(line)s)."))
        self.depth += 1
        if local.lower() in REFUSED_ELEMENTS or namespace == XHTML_NAMESPACE:
            self.refuse(N_("The SVG logo has a “%(element)s” element, line %(line)s: scripts and embedded "
                           "documents are refused."), element=local[:40])
        for attribute, value in attributes.items():
            space, _, attribute_name = attribute.rpartition(" ")
            shown = f"xlink:{attribute_name}" if space == XLINK_NAMESPACE else attribute_name
            self.attribute(local.lower(), shown, value, attributes)
        if local == "style":
            self.in_style += 1

    def attribute(self, element: str, name: str, value: str, attributes: dict[str, str]) -> None:
        lowered = name.rpartition(":")[2].lower()
        if lowered.startswith("on"):
            self.refuse(N_("The SVG logo has an event attribute %(attribute)s, line %(line)s: scripts are refused."),
                        attribute=name[:40])
        if "javascript:" in re.sub(r"\s", "", value).lower():
            self.refuse(N_("The SVG logo has a javascript: value in %(attribute)s, line %(line)s."),
                        attribute=name[:40])
        if lowered == "href":
            self.link(value, name)
        if element in ANIMATIONS and attributes.get("attributeName", "").rpartition(":")[2].lower() in ("href", "style"):
            self.refuse(N_("The SVG logo animates a link, line %(line)s: remove the “%(element)s” element."),
                        element=element)
        self.css(value, name)

    def link(self, value: str, name: str) -> None:
        target = value.strip()
        if target.startswith("#"):
            return
        if target.lower().startswith("data:"):
            if not target.lower().startswith(DATA_IMAGES):
                self.refuse(N_("The SVG logo embeds a data: URI that is not a PNG or JPEG image (%(attribute)s, "
                               "line %(line)s)."), attribute=name[:40])
            return
        self.refuse(N_("The SVG logo links to “%(target)s” (%(attribute)s, line %(line)s): only links inside the "
                       "file (#id) are allowed, nothing is fetched from elsewhere."),
                    target=target[:80], attribute=name[:40])

    def css(self, text: str, where: str) -> None:
        if "\\" in text and where in ("style", "<style>"):
            self.refuse(N_("The SVG logo has a CSS escape (\\) in %(where)s, line %(line)s: write the CSS without "
                           "escapes."), where=where)
        if "@import" in text.lower():
            self.refuse(N_("The SVG logo has an @import in %(where)s, line %(line)s: nothing is fetched from "
                           "elsewhere."), where=where[:40])
        for match in CSS_URL.finditer(text):
            target = match.group(2).strip()
            if not target.startswith("#") and not target.lower().startswith(DATA_IMAGES):
                self.refuse(N_("The SVG logo refers to url(%(target)s) in %(where)s, line %(line)s: only url(#id) "
                               "is allowed, nothing is fetched from elsewhere."), target=target[:80], where=where[:40])

    def text(self, data: str) -> None:
        if self.in_style:
            self.style += data

    def end(self, name: str) -> None:
        self.depth -= 1
        if name.rpartition(" ")[2] == "style":
            self.in_style -= 1
            if not self.in_style:
                self.css(self.style, "<style>")
                self.style = ""


def check_svg(data: bytes) -> None:
    """Check an SVG logo (see the module's documentation); BrandError naming the first problem and its line."""
    parser = expat.ParserCreate(namespace_separator=" ")
    check = _SvgCheck(parser)
    parser.StartDoctypeDeclHandler = check.doctype
    parser.EntityDeclHandler = check.entity
    parser.UnparsedEntityDeclHandler = check.entity
    parser.ProcessingInstructionHandler = check.instruction
    parser.StartElementHandler = check.start
    parser.EndElementHandler = check.end
    parser.CharacterDataHandler = check.text
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise BrandError("logo", N_("The SVG logo is not well-formed XML: %(error)s."),
                         error=expat.ErrorString(exc.code) + f" (line {exc.lineno})") from None


# A whole brand


def make_brand(firm: str | None, logo: bytes | None = None, accent: str | None = None) -> Brand:
    """A checked brand; BrandError for the first field that is wrong."""
    checked_firm = check_firm(firm)
    logo_type = None
    if logo is not None:
        logo, logo_type = check_logo(logo)
    return Brand(firm=checked_firm, logo=logo, logo_type=logo_type, accent=check_accent(accent))


BRAND_KEYS = ("firm", "logo", "colour")


def _brand_mapping(text: str, name: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The YAML mapping of a brand file and each key's line; InvalidFile when it is not one."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidFile([Problem(name, mark.line + 1 if mark else None, "",
                                   f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
    if node is None:
        raise InvalidFile([Problem(name, None, "", "the brand file is empty; it needs at least firm")])
    if not isinstance(node, yaml.MappingNode):
        raise InvalidFile([Problem(name, node.start_mark.line + 1 if node else None, "",
                                   "a brand file is a mapping with the keys firm, logo and colour")])
    lines = {}
    values: dict[str, Any] = {}
    for key, value in node.value:
        if key.value in lines:
            raise InvalidFile([Problem(name, key.start_mark.line + 1, key.value, "this key is given twice")])
        lines[key.value] = value.start_mark.line + 1
        values[key.value] = None if value.tag.endswith(":null") else (
            value.value if isinstance(value, yaml.ScalarNode) and not value.tag.endswith(":bool") else value)
    return values, lines


def load_brand_file(path: str | Path) -> Brand:
    """A brand file (YAML: `firm`, `logo` as a path relative to the file, `colour`), checked; InvalidFile
    whose problems name the file, the line and the key."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidFile([Problem(name, None, "", f"cannot read the brand file: {getattr(exc, 'strerror', exc)}")]) \
            from None
    values, lines = _brand_mapping(text, name)
    if "color" in values and "colour" not in values:
        values["colour"], lines["colour"] = values.pop("color"), lines.pop("color")
    problems = [Problem(name, lines[key], key, f"unknown key; a brand file has {', '.join(BRAND_KEYS)}")
                for key in values if key not in BRAND_KEYS]
    for key in BRAND_KEYS:
        if values.get(key) is not None and not isinstance(values[key], str):
            problems.append(Problem(name, lines[key], key, "must be text (write it in quotes)"))
    if "colour" in lines and values.get("colour") is None:
        problems.append(Problem(name, lines["colour"], "colour", "empty: in YAML, # starts a comment, so write "
                                "the colour in quotes (colour: \"#1a4d8f\")"))
    if "firm" not in values:
        problems.append(Problem(name, None, "firm", "missing: the firm's name is required"))
    if problems:
        raise InvalidFile(problems)
    logo = None
    if values.get("logo"):
        logo_path = path.parent / values["logo"]
        try:
            logo = logo_path.read_bytes()
        except OSError as exc:
            raise InvalidFile([Problem(name, lines["logo"], "logo", f"cannot read {logo_path}: {exc.strerror}")]) \
                from None
    try:
        return make_brand(values.get("firm"), logo, values.get("colour"))
    except BrandError as exc:
        detail = f"{values['logo']}: {exc}" if exc.field == "logo" else str(exc)
        raise InvalidFile([Problem(name, lines.get(exc.field), exc.field, detail)]) from None
