"""Round pages: officers preview, compare and commit; anyone reads the notice; applicants answer.

Each view parses a form, calls one operation, flashes and redirects.
"""

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.applicants.operations import current_application
from housing.auth.session import role_required
from housing.errors import ConflictError, NotFoundError, OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.models import AllocationRound, Role, RoundExclusion, RoundStatus
from housing.models._base import utcnow
from housing.pagination import page_number, paginate
from housing.parsing import as_id
from housing.rounds import offers, operations, queries
from housing.rounds.explain import explain_applicant
from housing.rounds.forms import AcceptForm, CommitForm, DeclineForm, ObjectionForm, PreviewForm
from housing.security import mask_name

bp = Blueprint("rounds", __name__)

PAGE = 50


def _page(query: sa.Select) -> dict:
    return {"pagination": paginate(query, page_number(request.args), PAGE)}


# --- Officers -----------------------------------------------------------------------------


@bp.route("/officer/rounds/", methods=["GET", "POST"])
@role_required(Role.OFFICER)
def index():
    form = PreviewForm()
    if form.validate_on_submit():
        try:
            round_ = operations.start_preview(form.month.data, current_user)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("The preview of %(month)s is running.", month=round_.month), "success")
            return redirect(url_for(".detail", round_id=round_.id))
    elif not form.is_submitted():
        form.month.data = f"{utcnow():%Y-%m}"
    rounds = db.session.scalars(operations.rounds_query().limit(50)).all()
    status = 422 if form.errors else 200
    return render_template("rounds/index.html", form=form, rounds=rounds), status


def _detail(round_: AllocationRound, status: int = 200, **forms):
    forms = {"commit_form": CommitForm(), "objection_form": ObjectionForm(prefix="objection"),
             **forms}  # fmt: skip
    elapsed = (utcnow() - round_.created_at).total_seconds()
    return render_template("rounds/detail.html", round=round_, elapsed=elapsed, **forms), status


@bp.get("/officer/rounds/<int:round_id>")
@role_required(Role.OFFICER)
def detail(round_id: int):
    round_ = operations.get_round(round_id)
    operations.nudge(round_)
    return _detail(round_)


@bp.post("/officer/rounds/<int:round_id>/commit")
@role_required(Role.OFFICER)
def commit(round_id: int):
    round_ = operations.get_round(round_id)
    form = CommitForm()
    if form.validate_on_submit():
        try:
            operations.commit(round_id, current_user)
        except ConflictError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Round %(month)s is committed and published.", month=round_.month), "success")
    return redirect(url_for(".detail", round_id=round_id))


@bp.post("/officer/rounds/<int:round_id>/objections")
@role_required(Role.OFFICER)
def objection(round_id: int):
    round_ = operations.get_round(round_id)
    form = ObjectionForm(prefix="objection")
    if form.validate_on_submit():
        try:
            operations.record_objection(round_id, form.application_id.data, form.note.data,
                                        form.upheld.data, current_user)  # fmt: skip
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("The objection is recorded."), "success")
            return redirect(url_for(".detail", round_id=round_id))
    return _detail(round_, 422, objection_form=form)


@bp.get("/officer/rounds/<int:round_id>/assignments")
@role_required(Role.OFFICER)
def assignments(round_id: int):
    round_ = operations.get_round(round_id)
    page = _page(queries.assignments_query(round_id))
    rows = page["pagination"].items
    statuses = queries.offer_statuses(round_id, [a.application_id for a in rows])
    return render_template("rounds/assignments.html", round=round_, statuses=statuses, **page)


@bp.get("/officer/rounds/<int:round_id>/unassigned")
@role_required(Role.OFFICER)
def unassigned(round_id: int):
    round_ = operations.get_round(round_id)
    page = _page(queries.exclusions_query(round_id))
    return render_template("rounds/unassigned.html", round=round_, words=queries.reason_words,
                           **page)  # fmt: skip


@bp.get("/officer/rounds/<int:round_id>/<any(input, result):kind>.json")
@role_required(Role.OFFICER)
def officer_file(round_id: int, kind: str):
    return _file(operations.get_round(round_id), kind)


@bp.get("/officer/rounds/compare")
@role_required(Role.OFFICER)
def compare():
    previews = db.session.scalars(
        operations.rounds_query()
        .where(AllocationRound.status.not_in([RoundStatus.RUNNING, RoundStatus.FAILED]))
        .limit(50)
    ).all()
    a, b = request.args.get("a", type=as_id), request.args.get("b", type=as_id)
    result = operations.compare(a, b) if a and b else None
    return render_template("rounds/compare.html", previews=previews, result=result, a=a, b=b)


@bp.get("/landlord/offers")
@role_required(Role.LANDLORD)
def landlord_offers():
    """The landlord's units under offer, and who accepted (the future tenant, by name)."""
    page = _page(queries.landlord_offers_query(current_user.landlord_id))
    return render_template("rounds/landlord_offers.html", mask=mask_name, **page)


# --- The public notice --------------------------------------------------------------------


def _file(round_: AllocationRound, kind: str) -> Response:
    text = round_.input_json if kind == "input" else round_.result_json
    if text is None:
        raise ConflictError(_("This round has no stored file yet."))
    name = f"round-{round_.month}-{kind}.json"
    return Response(text, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@bp.get("/rounds/<int:round_id>")
def notice(round_id: int):
    round_ = queries.public_round(round_id)
    page = _page(queries.assignments_query(round_id))
    entries = [queries.notice_entry(a) for a in page["pagination"].items]
    return render_template("rounds/notice.html", round=round_, entries=entries,
                           rerun=queries.RERUN, **page)  # fmt: skip


@bp.get("/rounds/<int:round_id>/<any(input, result):kind>.json")
def public_file(round_id: int, kind: str):
    return _file(queries.public_round(round_id), kind)


# --- Applicants ---------------------------------------------------------------------------


def _my_page(status: int = 200, **forms):
    application = current_application(current_user)
    exclusion = explanation = None
    if application is not None:
        exclusion = db.session.scalar(
            sa.select(RoundExclusion)
            .join(AllocationRound)
            .where(RoundExclusion.application_id == application.id,
                   AllocationRound.status.in_(queries.PUBLIC))
            .order_by(RoundExclusion.id.desc())
            .limit(1)
        )  # fmt: skip
        if exclusion is not None:
            explanation = explain_applicant(exclusion.round, application.id)
    return render_template(
        "rounds/my_offers.html",
        offers=queries.my_offers(current_user),
        exclusion=exclusion,
        explanation=explanation,
        words=queries.reason_words,
        now=utcnow(),
        accept_form=forms.get("accept_form") or AcceptForm(),
        decline_form=forms.get("decline_form") or DeclineForm(),
        failed_offer=forms.get("failed_offer"),
    ), status


@bp.get("/my/offers")
@role_required(Role.APPLICANT)
def my_offers():
    return _my_page()


@bp.post("/my/offers/<int:offer_id>/accept")
@role_required(Role.APPLICANT)
def accept(offer_id: int):
    if AcceptForm().validate_on_submit():
        try:
            offers.accept(current_user, offer_id)
        except ConflictError as exc:
            flash(exc.message, "error")
        else:
            flash(_("You accepted the offer. Your lease is being prepared."), "success")
    return redirect(url_for(".my_offers"))


@bp.post("/my/offers/<int:offer_id>/decline")
@role_required(Role.APPLICANT)
def decline(offer_id: int):
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            offers.decline(current_user, offer_id, form.reason.data)
        except NotFoundError:
            raise  # not the caller's offer: the 404 page, as accepting it gives
        except ConflictError as exc:
            flash(exc.message, "error")
        except OperationError as exc:
            show_errors(form, exc)
            return _my_page(422, decline_form=form, failed_offer=offer_id)
        else:
            flash(_("You declined the offer; it passes to the next applicant."), "success")
        return redirect(url_for(".my_offers"))
    return _my_page(422, decline_form=form, failed_offer=offer_id)
