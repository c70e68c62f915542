from flask import Blueprint, render_template

from housing.auth.session import role_required
from housing.models import Role
from housing.officers import operations

bp = Blueprint("officers", __name__, url_prefix="/officer")


@bp.route("/")
@role_required(Role.OFFICER)
def home():
    return render_template("officers/home.html", stats=operations.dashboard())


@bp.route("/admin")
@role_required(Role.ADMIN)
def admin_home():
    return render_template("officers/admin.html", overview=operations.admin_overview())
