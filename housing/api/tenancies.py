"""Tenancies over the API: the tenant's lease and review, landlords' move-ins and move-outs,
officers' reviews. The same operations as the pages."""

from flask import Response, request, url_for

from housing.api import bp
from housing.api.money_schemas import (
    DateIn,
    RefuseIn,
    RenewIn,
    ReviewIn,
    ReviewOut,
    TenancyOut,
)
from housing.api.oas import documented
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.errors import MalformedRequest, NotFoundError
from housing.extensions import db
from housing.models import ReviewStatus, Role, Tenancy, TenancyReview, TenancyStatus
from housing.pagination import enum_filter
from housing.tenancies import operations, reviews
from housing.tenancies.lease_pdf import lease_pdf


def next_review_on(tenancy: Tenancy):
    """The next review day of the lease (an anniversary or its end), once it is active."""
    if tenancy.status != TenancyStatus.ACTIVE:
        return None
    from housing.tenancies.dates import today

    upcoming = [day for day, _end in reviews.review_days(tenancy) if day > today()]
    return upcoming[0] if upcoming else None


def tenancy_out(tenancy: Tenancy) -> dict:
    return TenancyOut().dump(
        {
            **{k: getattr(tenancy, k) for k in TenancyOut().fields if hasattr(tenancy, k)},
            "status": tenancy.status.value,
            "unit": f"{tenancy.unit.building.name} {tenancy.unit.code}",
            "review_due_on": next_review_on(tenancy),
            "lease_pdf": url_for("api.my_lease_pdf", _external=False) if tenancy.id else None,
        }
    )


def review_out(review: TenancyReview) -> dict:
    data = {k: getattr(review, k) for k in ReviewOut().fields if hasattr(review, k)}
    data.update(status=review.status.value, problems=reviews.problems(review))
    return ReviewOut().dump(data)


def _my_tenancy() -> Tenancy:
    tenancy = operations.current_tenancy(current_api_user())
    if tenancy is None:
        raise NotFoundError("You have no lease.")
    return tenancy


@bp.get("/me/tenancy")
@token_required(Role.APPLICANT)
@documented("get", "tenant", "My current lease", out="TenancyOut", errors=(404,))
def my_tenancy():
    """The tenant's current lease, with the next review day and the PDF's address."""
    return tenancy_out(_my_tenancy())


@bp.get("/me/tenancy/lease.pdf")
@token_required(Role.APPLICANT)
@documented("get", "tenant", "My lease as PDF", errors=(404,), media="application/pdf")
def my_lease_pdf():
    """The lease in Chinese and English."""
    tenancy = _my_tenancy()
    return Response(
        lease_pdf(tenancy),
        mimetype="application/pdf",
        headers={"Content-Disposition": f"inline; filename=lease-{tenancy.id}.pdf"},
    )


@bp.get("/me/tenancy/review")
@token_required(Role.APPLICANT)
@documented("get", "tenant", "My open annual review", out="ReviewOut", errors=(404,))
def my_review():
    """The open review, if any."""
    review = reviews.my_review(current_api_user())
    if review is None:
        raise NotFoundError("You have no open review.")
    return review_out(review)


@bp.post("/me/tenancy/review")
@token_required(Role.APPLICANT)
@documented(
    "post", "tenant", "Answer the annual review", out="ReviewOut", body="ReviewIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def my_review_answer():
    """Confirm employer, household and housing."""
    data = json_body(ReviewIn())
    review = reviews.answer(
        current_api_user(),
        data["employer_id"],
        data["household_size"],
        data["owns_housing_in_shanghai"],
        review_id=request.args.get("id", type=int),
    )
    return review_out(review)


@bp.get("/landlord/tenancies")
@token_required(Role.LANDLORD)
@documented(
    "get", "landlord", "The own tenancies", out="TenancyList", errors=(400,),
    params=("status", "page", "per_page"),
)  # fmt: skip
def landlord_tenancies():
    """Tenancies on the landlord's units, newest first."""
    status = enum_filter(request.args, "status", TenancyStatus)
    query = operations.landlord_tenancies(current_api_user().landlord_id, status)
    return paginate(query, tenancy_out)


def _date() -> object:
    return json_body(DateIn())["date"]


@bp.post("/landlord/tenancies/<int:tenancy_id>/move-in")
@token_required(Role.LANDLORD)
@documented(
    "post", "landlord", "Confirm a move-in", out="TenancyOut", body="DateIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def landlord_move_in(tenancy_id: int):
    """The tenant has moved in on that day: the unit is occupied."""
    return tenancy_out(operations.confirm_move_in(current_api_user(), tenancy_id, _date()))


@bp.post("/landlord/tenancies/<int:tenancy_id>/move-out")
@token_required(Role.LANDLORD)
@documented(
    "post", "landlord", "Confirm a move-out", out="TenancyOut", body="DateIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def landlord_move_out(tenancy_id: int):
    """The unit is handed back that day (today or later) and is vacant again from then."""
    return tenancy_out(operations.confirm_move_out(current_api_user(), tenancy_id, _date()))


@bp.get("/officer/reviews")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "Annual reviews", out="ReviewList", errors=(400,),
    params=("due_before", "status", "page", "per_page"),
)  # fmt: skip
def officer_reviews():
    """Open reviews (or those of a status), by due day."""
    from datetime import date

    raw = request.args.get("due_before")
    try:
        due_before = date.fromisoformat(raw) if raw else None
    except ValueError:
        raise MalformedRequest("due_before: use YYYY-MM-DD", {"due_before": "YYYY-MM-DD"}) from None
    status = enum_filter(request.args, "status", ReviewStatus)
    return paginate(reviews.officer_reviews(due_before, status), review_out)


@bp.post("/officer/reviews/<int:review_id>/renew")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Renew after a review", out="ReviewOut", body="RenewIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def officer_renew(review_id: int):
    """A new lease at a lease's end (rent rise and stay capped), or the lease goes on."""
    data = json_body(RenewIn())
    return review_out(reviews.renew(current_api_user(), review_id, data["years"], data["rent"]))


@bp.post("/officer/reviews/<int:review_id>/refuse")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Refuse a renewal", out="ReviewOut", body="RefuseIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def officer_refuse(review_id: int):
    """With a reason; the tenant moves out within the grace period."""
    data = json_body(RefuseIn())
    review = reviews.refuse(current_api_user(), review_id, data["reason"], data["move_out_by"])
    db.session.refresh(review)
    return review_out(review)
