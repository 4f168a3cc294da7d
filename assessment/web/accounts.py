"""Consultant sign-in: /login and /logout, rate-limited, with an idle timeout."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..i18n import N_, translator
from ..storage import accounts
from .extensions import database, limiter
from .forms import SafeForm

bp = Blueprint("accounts", __name__)


class LoginForm(SafeForm):
    """Email and password."""

    labels = {"email": N_("Email address"), "password": N_("Password")}
    email = EmailField(validators=[DataRequired(), Length(max=254)])
    password = PasswordField(validators=[DataRequired(), Length(max=500)])


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("workshops.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Sign in with email and password."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        consultant = accounts.authenticate(database.session, form.email.data, form.password.data)
        if consultant is not None:
            session.clear()
            session["consultant_id"] = consultant.id
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")), code=303)
        form.form_errors.append(translator(g.lang).gettext("Wrong email address or password."))
        status = 401
    elif request.method == "POST":
        status = 400 if form.csrf_token.errors else 422
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out (a POST with the CSRF token)."""
    session.clear()
    return redirect(url_for("main.home"), code=303)
