"""Consultants: sign-in (/login, /logout, rate-limited, with an idle timeout) and the profile with their brand
(/profile), whose logo is served by its SHA-256 (/brand/logo/<digest>) to the pages of their workshops."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..brand import MAX_FIRM, SVG, Brand, BrandError, check_accent, check_firm, check_logo
from ..i18n import N_, translator
from ..storage import accounts
from ..storage.models import Consultant
from .access import current_consultant_id, login_required
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


# The profile: the consultant's brand

DEFAULT_ACCENT = "#1d4ed8"  # the site's own accent, offered in the colour field when none is set
FIELDS = {"firm": "firm", "logo": "logo", "colour": "accent"}  # BrandError.field -> the form's field
DIGEST = re.compile(r"^[0-9a-f]{64}$")


class ProfileForm(SafeForm):
    """The brand: firm name, logo (PNG or SVG upload, or removal), accent colour."""

    labels = {"firm": N_("Firm name"), "logo": N_("Logo (PNG or SVG, at most 512 KiB)"),
              "remove_logo": N_("Remove the logo"), "use_accent": N_("Show an accent colour"),
              "accent": N_("Accent colour")}
    firm = StringField(validators=[Optional(), Length(max=MAX_FIRM)])
    logo = FileField()
    remove_logo = BooleanField()
    use_accent = BooleanField()
    accent = StringField(validators=[Optional(), Length(max=20)])


def _new_brand(form: ProfileForm, current: Brand | None) -> Brand | None:
    """The brand the submitted form asks for (None: no brand); BrandError naming the field that is wrong."""
    upload = form.logo.data
    data = upload.read() if upload and upload.filename else None  # MAX_CONTENT_LENGTH bounds it (1 MiB)
    firm = (form.firm.data or "").strip()
    if not firm:
        if data is not None:
            raise BrandError("firm", N_("Give the firm's name: the logo is shown with it (it is the logo's text "
                                        "alternative)."))
        return None
    firm = check_firm(firm)
    logo: bytes | None = None
    logo_type: str | None = None
    if data is not None:
        logo, logo_type = check_logo(data)
    elif current is not None and current.logo is not None and not form.remove_logo.data:
        logo, logo_type = current.logo, current.logo_type
    accent = check_accent(form.accent.data) if form.use_accent.data else None
    return Brand(firm=firm, logo=logo, logo_type=logo_type, accent=accent)


def _profile_view(consultant: Consultant, form: ProfileForm, saved: bool = False) -> str:
    brand = accounts.brand_of(consultant)
    return render_template("accounts/profile.html", form=form, saved=saved, email=consultant.email, brand=None if brand
                           is None else {"firm": brand.firm, "accent": brand.accent,
                                         "logo_url": url_for("accounts.logo", digest=brand.logo_digest)
                                         if brand.logo_digest else None,
                                         "logo_type": "SVG" if brand.logo_type == SVG else "PNG"})


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The signed-in consultant's brand, shown to their workshops' participants and on their reports."""
    consultant = database.session.get(Consultant, current_consultant_id())
    if consultant is None:  # the account was removed meanwhile
        session.clear()
        return redirect(url_for("accounts.login", next=request.path))
    form = ProfileForm()
    current = accounts.brand_of(consultant)
    if request.method == "GET":
        form.firm.data = consultant.firm or ""
        form.use_accent.data = bool(consultant.accent)
        form.accent.data = consultant.accent or DEFAULT_ACCENT
        return _profile_view(consultant, form, saved=request.args.get("saved") == "1")
    if not form.validate_on_submit():
        return _profile_view(consultant, form), 400
    try:
        brand = _new_brand(form, current)
    except BrandError as exc:
        form[FIELDS[exc.field]].errors.append(exc.text(g.lang))
        return _profile_view(consultant, form), 400
    accounts.set_brand(database.session, consultant, brand)
    database.session.commit()
    return redirect(url_for("accounts.profile", saved=1), code=303)


@bp.get("/brand/logo/<digest>")
def logo(digest: str):
    """A consultant's logo by its SHA-256: the pages of their workshops show it with <img> (never inline).

    Content-addressed, so it is cached for ever; an SVG gets a CSP that lets it run and load nothing.
    """
    found = accounts.logo_by_digest(database.session, digest) if DIGEST.match(digest) else None
    if found is None:
        abort(404)
    data, media_type = found
    response = Response(data, mimetype=media_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    if media_type == SVG:
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.app_context_processor
def _participant_brand() -> dict:
    """The workshop's brand for base.html's header, when the view set one (access.show_brand)."""
    return {"participant_brand": g.get("participant_brand")}
