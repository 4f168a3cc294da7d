"""Settings shared by the two doors, the web app and the CLI.

The interface languages are declared here once; everything else that lists languages (pydantic
types, argparse choices, OpenAPI enums, the language switch) derives from this tuple.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
