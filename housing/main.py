"""Public pages: the landing page and the language switch."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_login import current_user

from housing.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.post("/lang/<code>")
def set_language(code: str):
    """A POST with the page's CSRF token: another site cannot switch someone's language."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    target = request.form.get("next", "/")
    if urlsplit(target).netloc or not target.startswith("/"):
        target = "/"
    return redirect(target)


@bp.route("/healthz")
def healthz():
    """Liveness: the process answers. A load balancer restarts an instance that does not."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz():
    """Readiness: 503 while the database, the schema or the upload folder is not usable."""
    from housing.health import ready, run_checks

    results = run_checks()
    ok = ready(results)
    return {"status": "ready" if ok else "not ready", "checks": results}, 200 if ok else 503


@bp.route("/eligibility", methods=["GET", "POST"])
def precheck():
    """The public eligibility pre-check: no account needed, nothing stored."""
    from housing.applicants.eligibility import EligibilityFacts
    from housing.applicants.forms import PrecheckForm
    from housing.applicants.operations import precheck as check

    form = PrecheckForm()
    reasons = None
    if form.validate_on_submit():
        reasons = check(
            EligibilityFacts(
                employer_in_district=form.route.data == "employer",
                returnee=form.route.data == "returnee",
                returned_on=form.returned_on.data,
                owns_housing_in_shanghai=form.owns_housing_in_shanghai.data == "yes",
                owned_area_per_person_m2=form.owned_area_per_person_m2.data,
                other_housing_benefit=form.other_housing_benefit.data == "yes",
                social_insurance_in_shanghai=form.social_insurance_in_shanghai.data == "yes",
                category=form.category.data,
            )
        )
    return render_template("main/precheck.html", form=form, reasons=reasons), (
        422 if form.errors else 200
    )
