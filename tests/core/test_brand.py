"""The consultant's brand (assessment/brand.py): what is accepted, what is refused and why, and the report's cover."""

from __future__ import annotations

import dataclasses
import io
import zlib

import pikepdf
import pytest
from PIL import Image
from pdfua import validate
from pypdf import PdfReader

from assessment.brand import (MAX_LOGO_BYTES, PNG, SVG, Brand, BrandError, check_accent, check_firm, check_logo,
                              load_brand_file, make_brand)
from assessment.loading import InvalidFile
from assessment.report import pdf as _pdf  # noqa: F401 (WeasyPrint, imported, makes Pillow lenient: checked with it)
from brand_files import CLEAN_SVG, FIRM, noisy_png, png, svg


def refused(data: bytes) -> BrandError:
    with pytest.raises(BrandError) as caught:
        check_logo(data)
    assert caught.value.field == "logo"
    return caught.value


# The logo: PNG


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "L", "LA", "1", "I;16"])
def test_a_real_png_is_accepted_as_png(mode):
    buffer = io.BytesIO()
    Image.new(mode, (301, 77)).save(buffer, "PNG")
    data = buffer.getvalue()
    assert check_logo(data) == (data, PNG)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def test_an_interlaced_png_is_decoded_pass_by_pass():
    from assessment.brand import PNG_SIGNATURE, _raw_size

    header = (5).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes([8, 2, 0, 0, 1])  # 5×3 RGB, Adam7
    size = _raw_size(5, 3, 24, 1)
    assert size == 4 + 4 + 0 + 4 + 10 + 14 + 16  # the seven passes' rows: a filter byte each, 3 bytes a pixel
    made = [PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(n))) + _chunk(b"IEND", b"")
            for n in (size, size - 1)]
    assert check_logo(made[0])[1] == PNG
    assert "cannot be decoded" in str(refused(made[1]))


def test_a_png_over_512_kib_is_refused_with_its_size():
    data = noisy_png(460)  # random pixels do not compress: about 620 KiB
    assert len(data) > MAX_LOGO_BYTES
    error = refused(data)
    assert "KiB" in str(error) and "at most 512 KiB" in str(error)
    assert "512 Kio au plus" in error.text("fr")


def test_a_png_too_large_in_pixels_is_refused_before_it_is_decoded():
    error = refused(png(4001, 10))
    assert "4001 × 10 pixels" in str(error)
    error = refused(png(2500, 2000))  # 5 megapixels
    assert "megapixels" in str(error)


@pytest.mark.parametrize(("data", "reason"), [
    (b"this is not an image, whatever its name says", "neither a PNG nor an SVG"),
    (b"GIF89a\x01\x00\x01\x00", "neither a PNG nor an SVG"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 5, "cut short"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "a chunk is damaged"),
    (b"\x89PNG\r\n\x1b\n" + b"\x00" * 20, "signature is damaged"),
])
def test_a_fake_png_is_refused_naming_why(data, reason):
    assert reason in str(refused(data))


def test_a_png_with_a_damaged_chunk_or_undecodable_data_is_refused():
    data = bytearray(png())
    data[40] ^= 0xFF  # inside the first IDAT: its CRC no longer matches
    assert "chunk is damaged" in str(refused(bytes(data)))
    # A well-formed file whose compressed pixels are garbage (the CRC recomputed to match).
    good = png()
    start = good.index(b"IDAT") - 4
    length = int.from_bytes(good[start:start + 4], "big")
    body = b"\x78\x9c" + b"\xff" * (length - 2)
    chunk = length.to_bytes(4, "big") + b"IDAT" + body + zlib.crc32(b"IDAT" + body).to_bytes(4, "big")
    broken = good[:start] + chunk + good[start + 12 + length:]
    assert "cannot be decoded" in str(refused(broken))


def test_an_empty_logo_is_refused():
    assert "empty" in str(refused(b""))


# The logo: SVG


def test_a_clean_svg_is_accepted_as_svg():
    assert check_logo(CLEAN_SVG) == (CLEAN_SVG, SVG)
    # Embedded raster images are allowed (drawing tools write them so), nothing else from elsewhere.
    assert check_logo(svg('<image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>'))[1] == SVG


@pytest.mark.parametrize(("data", "reason"), [
    (svg("<script>alert(1)</script>"), "“script” element, line 2"),
    (svg('<script xlink:href="http://evil.example/x.js"/>'), "“script” element"),
    (svg("<foreignObject><p>hi</p></foreignObject>"), "“foreignObject” element"),
    (svg('<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p>'), "“p” element"),
    (svg("", 'onload="alert(1)"'), "event attribute onload, line 1"),
    (svg('<rect width="1" height="1" onclick="x()"/>'), "event attribute onclick, line 2"),
    (svg('<image xlink:href="https://tracker.example/pixel.png"/>'), "links to “https://tracker.example/pixel.png” (xlink:href"),
    (svg('<use href="other.svg#logo"/>'), "links to “other.svg#logo” (href"),
    (svg('<a href="javascript:alert(1)"><rect/></a>'), "javascript: value in href"),
    (svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), "data: URI that is not a PNG or JPEG"),
    (svg('<set attributeName="href" to="#x"/>'), "animates a link"),
    (svg("<style>@import url(https://fonts.example/a.css);</style>"), "@import in <style>"),
    (svg("<style>rect { fill: url(https://x.example/p.svg#g) }</style>"), "url(https://x.example/p.svg#g) in <style>"),
    (svg('<rect style="fill: url(  \'http://x.example/\'  )"/>'), "url(http://x.example/) in style"),
    (svg('<rect filter="url(file:///etc/passwd)"/>'), "url(file:///etc/passwd) in filter"),
    (svg("<style>rect { fill: \\75 rl(http://x) }</style>"), "CSS escape"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "document type (DOCTYPE), line 2"),
    (b'<!DOCTYPE svg SYSTEM "http://evil.example/svg.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
    (b'<?xml-stylesheet href="http://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
     "processing instruction (xml-stylesheet)"),
    (b"<svg><rect/></svg>", "not an SVG “svg” element"),  # no SVG namespace: not an SVG document
    (b'<html><svg xmlns="http://www.w3.org/2000/svg"/></html>', "not an SVG “svg” element"),
    (svg("<rect>"), "not well-formed XML"),
])
def test_a_hostile_or_broken_svg_is_refused_naming_why(data, reason):
    assert reason in str(refused(data))


def test_svg_reasons_are_translated():
    assert "ligne 2" in refused(svg("<script>alert(1)</script>")).text("fr")


def test_an_svg_over_512_kib_is_refused():
    data = svg("<!--" + "x" * MAX_LOGO_BYTES + "-->")
    assert "at most 512 KiB" in str(refused(data))


# Firm and colour


@pytest.mark.parametrize(("text", "expected"), [("  Cabinet Dupont ", "Cabinet Dupont"), ("Ä" * 200, "Ä" * 200)])
def test_firm_names_are_trimmed(text, expected):
    assert check_firm(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"), ("   ", "empty"), ("x" * 201, "201 characters; at most 200"),
    ("Dupont\nSA", "one line"), ("Dupont\x00", "control characters"), ("Dupont\u202eAS", "control characters"),
])
def test_bad_firm_names_are_refused(text, reason):
    with pytest.raises(BrandError) as caught:
        check_firm(text)
    assert caught.value.field == "firm" and reason in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("#1A4D8F", "#1a4d8f"), ("#1a4d8f", "#1a4d8f"), (" #14f ", "#1144ff"), ("", None), (None, None),
])
def test_colours_are_normalised(text, expected):
    assert check_accent(text) == expected


@pytest.mark.parametrize("text", ["red", "1a4d8f", "#1a4d8", "#1a4d8f00", "rgb(0, 0, 0)", "#ggg", "#1a4d8f;x"])
def test_other_colour_formats_are_refused(text):
    with pytest.raises(BrandError) as caught:
        check_accent(text)
    assert caught.value.field == "colour" and "not a hexadecimal colour such as #1a4d8f" in str(caught.value)


def test_a_brand_does_not_print_its_logo():
    brand = make_brand(FIRM, png(), "#abc")
    assert brand == Brand(FIRM, brand.logo, PNG, "#aabbcc")
    assert "bytes" in repr(brand) and "\\x89" not in repr(brand)
    assert brand.logo_data_uri is not None and brand.logo_data_uri.startswith("data:image/png;base64,iVBOR")
    assert brand.stamp != dataclasses.replace(brand, accent="#000000").stamp
    for unchecked in ({"accent": "red; background: url(http://x)"}, {"logo_type": None}, {"logo_type": "text/html"}):
        with pytest.raises(ValueError):
            dataclasses.replace(brand, **unchecked)  # a Brand made by hand cannot put anything in a style or a URI


# brand.yaml


def write(tmp_path, text: str, logo: bytes | None = png(), name: str = "logo.png"):
    (tmp_path / "assets").mkdir(exist_ok=True)
    if logo is not None:
        (tmp_path / "assets" / name).write_bytes(logo)
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_brand_file_is_read_with_its_logo_relative_to_it(tmp_path):
    path = write(tmp_path, f'firm: "{FIRM}"\nlogo: assets/logo.png\ncolour: "#1A4D8F"\n')
    brand = load_brand_file(path)
    assert (brand.firm, brand.logo_type, brand.accent) == (FIRM, PNG, "#1a4d8f")
    assert load_brand_file(write(tmp_path, "firm: Dupont\ncolor: '#000'\n")).accent == "#000000"  # US spelling too


@pytest.mark.parametrize(("text", "located"), [
    ('firm: Dupont\nlogo: assets/logo.png\ncolour: #1a4d8f\n', ":3: colour: empty: in YAML, # starts a comment"),
    ("logo: assets/logo.png\n", ": firm: missing"),
    ("firm: Dupont\nfont: Inter\n", ":2: font: unknown key; a brand file has firm, logo, colour"),
    ("firm: yes\n", ":1: firm: must be text"),
    ("firm: Dupont\nlogo: assets/missing.png\n", ":2: logo: cannot read"),
    ("firm: Dupont\nlogo: assets/evil.svg\n", ":2: logo: assets/evil.svg: The SVG logo has a “script” element"),
    ("firm: Dupont\ncolour: 'blue'\n", ":2: colour: The colour “blue” is not a hexadecimal colour"),
    ("firm: [Dupont\n", ": not valid YAML"),
    ("- Dupont\n", ":1: a brand file is a mapping"),
    ("firm: A\nfirm: B\n", ":2: firm: this key is given twice"),
])
def test_a_bad_brand_file_is_refused_with_the_file_line_and_key(tmp_path, text, located):
    path = write(tmp_path, text)
    (tmp_path / "assets" / "evil.svg").write_bytes(svg("<script>alert(1)</script>"))
    with pytest.raises(InvalidFile) as caught:
        load_brand_file(path)
    message = "\n".join(str(p) for p in caught.value.problems)
    assert message.startswith(str(path)) and located in message, message


# The report's cover


def _report(lang: str, brand: Brand | None):
    from assessment.evaluation import evaluate
    from assessment.answers import parse_document
    from assessment.loading import bundled_catalogue, bundled_questionnaire
    from assessment.report import model
    from documents import document

    sheet, questionnaire = parse_document(document(lang), bundled_questionnaire)
    return dataclasses.replace(model.build(evaluate(questionnaire, sheet, bundled_catalogue()), lang), brand=brand)


def _images(page) -> list:
    """The image XObjects drawn on a page, those inside form XObjects included."""
    found = []

    def walk(resources):
        for obj in (resources.get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append(obj)
            elif obj.get("/Subtype") == "/Form" and "/Resources" in obj:
                walk(obj["/Resources"])

    walk(page["/Resources"])
    return found


def _figure_alts(data: bytes) -> list[str]:
    """The /Alt text of every /Figure in the PDF's structure tree."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(obj.get("/Alt")) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure" and "/Alt" in obj]


def test_a_branded_report_says_prepared_by_with_the_png_logo_on_its_cover(tmp_path):
    from assessment.report import pdf

    brand = make_brand(FIRM, png(), "#c0392b")
    fetcher = pdf.BundleFetcher([pdf.report_dir(), pdf.resources.static_dir() / "fonts"])
    data = pdf.write_pdf(_report("fr", brand), fetcher=fetcher)
    reader = PdfReader(io.BytesIO(data))
    cover = " ".join((reader.pages[0].extract_text() or "").split())
    assert f"Préparé par {FIRM}" in cover
    images = _images(reader.pages[0])
    assert [(image["/Width"], image["/Height"]) for image in images] == [(300, 100)]
    assert FIRM in _figure_alts(data)
    assert fetcher.refused == [] and "data:image/png" in fetcher.fetched
    path = tmp_path / "branded.pdf"
    path.write_bytes(data)
    assert [(f.rule_id, f.message) for f in validate(str(path)).findings] == []  # PDF/UA-1, as every report
    unbranded = pdf.render_html(_report("fr", None))  # (the HTML the PDF is made from: faster than a PDF)
    assert "Préparé par" not in unbranded and "cover-brand" not in unbranded and "<img" not in unbranded


def test_an_svg_logo_is_drawn_on_the_cover_in_english():
    from assessment.report import pdf

    data = pdf.write_pdf(_report("en", make_brand(FIRM, CLEAN_SVG)))
    reader = PdfReader(io.BytesIO(data))
    assert f"Prepared by {FIRM}" in " ".join((reader.pages[0].extract_text() or "").split())
    # The SVG is drawn as vectors: its white circle is filled on the cover (1 1 1 rg), in a form XObject.
    streams = [reader.pages[0].get_contents().get_data()]
    for obj in (reader.pages[0]["/Resources"].get("/XObject") or {}).values():
        streams.append(obj.get_object().get_data())
    drawn = b"\n".join(streams)
    assert b" c\n" in drawn or b" c " in drawn  # the circle's Bézier curves
    assert FIRM in _figure_alts(data)
