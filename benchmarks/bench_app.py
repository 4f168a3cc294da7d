"""The app plus a one-line view, so that benchmarks compare both under the same gunicorn."""

from assessment import create_app


def create():
    """The application with /floor, a view that does nothing."""
    app = create_app()
    app.add_url_rule("/floor", "floor", lambda: "ok")
    return app
