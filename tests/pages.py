"""Reading what a page carries: the CSRF token and hidden fields a browser would post back."""

import re


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def form_value(html: str, name: str) -> str:
    """The value of a hidden input."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)



def text_spaces(html: str) -> str:
    """A French page with its narrow no-break spaces (before : ; ? !, inside « ») read as plain spaces."""
    return html.replace("\u202f", " ")
