"""Logos for the brand tests: a real PNG, made here, and SVG files clean or hostile."""

from __future__ import annotations

import io

from PIL import Image

FIRM = "Cabinet Dupont & Associés"
CLEAN_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 60"
     width="200" height="60">
  <title>Cabinet Dupont</title>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#00aa66"/><stop offset="1" stop-color="#006644"/></linearGradient></defs>
  <style>.mark { fill: url(#g); }</style>
  <rect class="mark" width="200" height="60"/>
  <circle cx="30" cy="30" r="20" fill="#ffffff"/>
  <use xlink:href="#g"/>
</svg>
"""


def png(width: int = 300, height: int = 100, colour=(200, 30, 30)) -> bytes:
    """A real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def noisy_png(side: int) -> bytes:
    """A PNG that does not compress (random pixels): about side² × 3 bytes."""
    import os

    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def svg(body: str, root_attributes: str = "") -> bytes:
    """An SVG document around `body`."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 10 10" {root_attributes}>\n{body}\n</svg>').encode()
