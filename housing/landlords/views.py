from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from housing.auth.session import role_required
from housing.landlords import operations
from housing.models import Role

bp = Blueprint("landlords", __name__, url_prefix="/landlord")


@bp.route("/")
@role_required(Role.LANDLORD)
def home():
    return render_template(
        "landlords/home.html",
        landlord=current_user.landlord,
        summary=operations.unit_summary(current_user.landlord_id),
        moves=operations.upcoming_moves(current_user.landlord_id, date.today()),
    )
