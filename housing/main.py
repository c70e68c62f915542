"""Public pages: the landing page and the language switch."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_login import current_user

from housing.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/lang/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    target = request.args.get("next", "/")
    if urlsplit(target).netloc or not target.startswith("/"):
        target = "/"
    return redirect(target)


@bp.route("/healthz")
def healthz():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
