"""Flask-Login wiring and the role gate shared by every blueprint."""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from housing.extensions import db, login_manager
from housing.models import Role, User
from housing.models._base import utcnow


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    login_manager.user_loader(load_session_user)


def load_session_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, unless it was ended or is too old."""
    try:
        user_id, version, issued = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version:
        return None
    lifetime = current_app.config["REMEMBER_COOKIE_DURATION"]
    if utcnow().timestamp() - issued > lifetime.total_seconds():
        return None
    return user


def role_required(*roles: Role) -> Callable:
    """Logged in and of one of `roles`; anyone else gets the 403 page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


HOME_ENDPOINTS = {
    Role.APPLICANT: "applicants.home",
    Role.OFFICER: "officers.home",
    Role.LANDLORD: "landlords.home",
    Role.ADMIN: "officers.admin_home",
    Role.EMPLOYER: "employers.home",
}
