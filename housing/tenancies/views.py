"""Lease pages: the tenant's lease and review, landlords' move-ins and move-outs, officers'
reviews. Each view parses a form, calls one operation, flashes and redirects."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.auth.session import role_required
from housing.errors import NotFoundError, OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.models import Employer, ReviewStatus, Role, TenancyStatus
from housing.pagination import enum_filter, page_number, paginate
from housing.tenancies import operations, reviews
from housing.tenancies.forms import DateForm, RefuseForm, RenewForm, ReviewForm
from housing.tenancies.lease_pdf import lease_pdf

bp = Blueprint("tenancies", __name__)

PAGE = 50


def _employer_choices(form: ReviewForm) -> None:
    employers = db.session.execute(
        db.select(Employer.id, Employer.name).order_by(Employer.name).limit(2000)
    ).all()
    form.employer_id.choices = [(0, _("No longer with a district enterprise"))] + [
        (e.id, e.name) for e in employers
    ]


# --- Tenants ------------------------------------------------------------------------------


@bp.route("/me/tenancy", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def my_tenancy():
    tenancy = operations.current_tenancy(current_user)
    review = reviews.my_review(current_user)
    form = ReviewForm()
    _employer_choices(form)
    if form.validate_on_submit():
        try:
            reviews.answer(
                current_user,
                form.employer_id.data or None,
                form.household_size.data,
                form.owns_housing_in_shanghai.data,
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("Thank you: your answers go to the housing officers."), "success")
            return redirect(url_for(".my_tenancy"))
    elif not form.is_submitted() and tenancy is not None:
        application = tenancy.application
        form.employer_id.data = application.employer_id or 0
        form.household_size.data = application.household_size
        form.owns_housing_in_shanghai.data = application.owns_housing_in_shanghai
    status = 422 if form.errors else 200
    return render_template(
        "tenancies/my_tenancy.html", tenancy=tenancy, review=review, form=form
    ), status


@bp.get("/me/tenancy/lease.pdf")
@role_required(Role.APPLICANT)
def my_lease_pdf():
    tenancy = operations.current_tenancy(current_user)
    if tenancy is None:
        raise NotFoundError(_("You have no lease."))
    return Response(
        lease_pdf(tenancy),
        mimetype="application/pdf",
        headers={"Content-Disposition": f"inline; filename=lease-{tenancy.id}.pdf"},
    )


# --- Landlords ----------------------------------------------------------------------------


def _landlord_page(status_code: int = 200, failed: int | None = None, form=None):
    status = enum_filter(request.args, "status", TenancyStatus)
    query = operations.landlord_tenancies(current_user.landlord_id, status)
    pagination = paginate(query, page_number(request.args), PAGE)
    return render_template(
        "tenancies/landlord_tenancies.html",
        pagination=pagination,
        status=status.value if status else "",
        statuses=[s.value for s in TenancyStatus],
        form=form or DateForm(),
        failed=failed,
    ), status_code


@bp.get("/landlord/tenancies/")
@role_required(Role.LANDLORD)
def landlord_tenancies():
    return _landlord_page()


def _confirm(tenancy_id: int, operation, done: str):
    form = DateForm()
    if form.validate_on_submit():
        try:
            operation(current_user, tenancy_id, form.date.data)
        except NotFoundError:
            raise  # not this landlord's tenancy: the 404 page, not a message on their own list
        except OperationError as exc:
            if not show_errors(form, exc):
                flash(exc.message, "error")
                return redirect(url_for(".landlord_tenancies"))
        else:
            flash(done, "success")
            return redirect(url_for(".landlord_tenancies"))
    return _landlord_page(422, failed=tenancy_id, form=form)


@bp.post("/landlord/tenancies/<int:tenancy_id>/move-in")
@role_required(Role.LANDLORD)
def move_in(tenancy_id: int):
    return _confirm(tenancy_id, operations.confirm_move_in, _("The move-in is confirmed."))


@bp.post("/landlord/tenancies/<int:tenancy_id>/move-out")
@role_required(Role.LANDLORD)
def move_out(tenancy_id: int):
    return _confirm(tenancy_id, operations.confirm_move_out, _("The move-out is confirmed."))


# --- Officers -----------------------------------------------------------------------------


def _reviews_page(status_code: int = 200, failed: int | None = None, **forms):
    status = enum_filter(request.args, "status", ReviewStatus)
    pagination = paginate(reviews.officer_reviews(None, status), page_number(request.args), PAGE)
    problems = {r.id: reviews.problems(r) for r in pagination.items}
    ids = {r.employer_id for r in pagination.items if r.employer_id}
    employers = dict(
        db.session.execute(db.select(Employer.id, Employer.name).where(Employer.id.in_(ids))).all()
    )
    return render_template(
        "tenancies/officer_reviews.html",
        pagination=pagination,
        problems=problems,
        employers=employers,
        status=status.value if status else "",
        statuses=[s.value for s in ReviewStatus],
        renew_form=forms.get("renew_form") or RenewForm(prefix="renew"),
        refuse_form=forms.get("refuse_form") or RefuseForm(prefix="refuse"),
        failed=failed,
    ), status_code


@bp.get("/officer/reviews/")
@role_required(Role.OFFICER)
def officer_reviews():
    return _reviews_page()


@bp.post("/officer/reviews/<int:review_id>/renew")
@role_required(Role.OFFICER)
def renew(review_id: int):
    form = RenewForm(prefix="renew")
    if form.validate_on_submit():
        try:
            reviews.renew(current_user, review_id, form.years.data, form.rent.data)
        except OperationError as exc:
            if not show_errors(form, exc):
                flash(exc.message, "error")
        else:
            flash(_("The lease is renewed."), "success")
            return redirect(url_for(".officer_reviews"))
    return _reviews_page(422, failed=review_id, renew_form=form)


@bp.post("/officer/reviews/<int:review_id>/refuse")
@role_required(Role.OFFICER)
def refuse(review_id: int):
    form = RefuseForm(prefix="refuse")
    if form.validate_on_submit():
        try:
            reviews.refuse(current_user, review_id, form.reason.data, form.move_out_by.data)
        except OperationError as exc:
            if not show_errors(form, exc):
                flash(exc.message, "error")
        else:
            flash(_("The renewal is refused; the tenant is told the move-out date."), "success")
            return redirect(url_for(".officer_reviews"))
    return _reviews_page(422, failed=review_id, refuse_form=form)
