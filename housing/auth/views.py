from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from housing.auth import operations, passwords
from housing.auth.forms import (
    ActivateForm,
    ForgotPasswordForm,
    InvitationAcceptForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from housing.auth.session import HOME_ENDPOINTS
from housing.errors import OperationError
from housing.extensions import db
from housing.forms import show_errors

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _home():
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


def _safe_next() -> str | None:
    target = request.args.get("next")
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return _home()
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data, form.password.data, request.remote_addr)
        except OperationError as exc:
            form.password.errors.append(exc.message)
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next() or url_for(HOME_ENDPOINTS[user.role]))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return _home()
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            operations.request_registration(
                form.email.data,
                form.password.data,
                form.name.data,
                form.id_number.data,
                form.phone.data,
                link_for=activation_link,
                locale=str(get_locale()),
                id_type=form.id_type.data,
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            return render_template("auth/check_email.html", email=form.email.data.strip())
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


def activation_link(token: str) -> str:
    return url_for("auth.activate", token=token, _external=True)


@bp.route("/activate/<token>", methods=["GET", "POST"])
def activate(token: str):
    """The e-mailed link opens a page; only its button activates, so a mail scanner that
    follows links changes nothing."""
    form = ActivateForm()
    if not form.validate_on_submit():
        return render_template("auth/activate.html", form=form)
    user = operations.activate(token)
    login_user(user)
    flash(_("Welcome! Your account is ready."), "success")
    return redirect(url_for("applicants.home"))


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        operations.log_out(current_user)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.index"))


def reset_link(token: str) -> str:
    return url_for("auth.reset_password", token=token, _external=True)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link: the same answer whether or not the e-mail has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            passwords.request_reset(
                form.email.data, request.remote_addr, reset_link, str(get_locale())
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            return render_template("auth/reset_sent.html", email=form.email.data.strip())
    return render_template("auth/forgot.html", form=form), 200 if not form.errors else 422


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """The e-mailed link: a form for the new password; the link works once."""
    form = ResetPasswordForm()
    try:
        passwords.check_reset_token(token)
    except OperationError as exc:
        return render_template("auth/reset_invalid.html", message=exc.message)
    if form.validate_on_submit():
        try:
            passwords.reset_password(token, form.password.data)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your new password is set. Log in with it."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 200 if not form.errors else 422


def invitation_page(token: str, invitations, org_of):
    """The page behind an invitation link, for landlords' and employers' staff alike:
    `invitations` is the module with `open_invitation`/`accept_invitation`, `org_of` names
    the organisation of an invitation in the reader's language."""
    invitation = invitations.open_invitation(token)
    form = InvitationAcceptForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept_invitation(token, form.name.data, form.password.data)
        except OperationError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for(HOME_ENDPOINTS[user.role]))
    return render_template(
        "auth/invitation.html", form=form, invitation=invitation, org=org_of(invitation)
    ), (422 if form.errors else 200)
