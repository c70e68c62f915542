from flask import Blueprint, render_template
from flask_login import current_user

from housing.applicants import operations
from housing.auth.session import role_required
from housing.models import Role

bp = Blueprint("applicants", __name__, url_prefix="/me")


@bp.route("/")
@role_required(Role.APPLICANT)
def home():
    return render_template(
        "applicants/home.html",
        application=operations.current_application(current_user),
        notifications=operations.recent_notifications(current_user),
    )
