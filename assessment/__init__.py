"""sovereign-ai-readiness: measure a company's readiness for sovereign AI and plan the way there.

The core (questionnaire -> scoring -> recommendations -> report) imports nothing from Flask;
`web` and `cli` are two doors onto it. `create_app` is imported lazily so that importing the core
never imports Flask.
"""

__version__ = "0.1.0"


def create_app(test_config=None):
    """The Flask application factory (gunicorn calls `assessment:create_app()`)."""
    from .web import create_app as factory

    return factory(test_config)
