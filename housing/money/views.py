"""Money pages: the talent's subsidy, officers' claims, runs, statements and ledger,
landlords' statements. Each view parses a form, calls one operation, flashes and redirects."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.auth.session import role_required
from housing.errors import NotFoundError, OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.models import EntryKind, GrantStatus, MoneyRun, Role, RunKind
from housing.money import exports, ledger, runs, statements, subsidies
from housing.money.forms import (
    ApproveForm,
    ClaimForm,
    CorrectionForm,
    MonthForm,
    ReasonForm,
    StopForm,
)
from housing.pagination import enum_filter, page_number, paginate
from housing.tenancies.dates import month_of, today

bp = Blueprint("money", __name__)

PAGE = 50


# --- Talents ------------------------------------------------------------------------------


@bp.route("/me/subsidy", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def my_subsidy():
    form = ClaimForm()
    if form.validate_on_submit():
        upload = form.lease.data
        try:
            subsidies.claim(
                current_user,
                upload.filename if upload else None,
                upload.stream if upload else None,
                form.first_month.data or None,
            )
        except OperationError as exc:
            if not show_errors(form, exc, {"file": "lease"}):
                form.form_errors.append(exc.message)
        else:
            flash(_("Your claim is sent; a housing officer will decide on it."), "success")
            return redirect(url_for(".my_subsidy"))
    grant = subsidies.my_grant(current_user)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("money/my_subsidy.html", grant=grant, form=form), status


# --- Officers -----------------------------------------------------------------------------


def _subsidies_page(status_code=200, failed=None, **forms):
    status = enum_filter(request.args, "status", GrantStatus, GrantStatus.REQUESTED)
    pagination = paginate(subsidies.officer_grants(status), page_number(request.args), PAGE)
    return render_template(
        "money/officer_subsidies.html",
        pagination=pagination,
        status=status.value,
        statuses=[s.value for s in GrantStatus],
        approve_form=ApproveForm(),
        reject_form=forms.get("reject_form") or ReasonForm(prefix="reject"),
        stop_form=forms.get("stop_form") or StopForm(prefix="stop"),
        failed=failed,
    ), status_code


@bp.get("/officer/subsidies/")
@role_required(Role.OFFICER)
def officer_subsidies():
    return _subsidies_page()


@bp.post("/officer/subsidies/<int:grant_id>/approve")
@role_required(Role.OFFICER)
def approve(grant_id: int):
    if ApproveForm().validate_on_submit():
        try:
            subsidies.approve(current_user, grant_id)
        except OperationError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The claim is approved."), "success")
    return redirect(url_for(".officer_subsidies"))


@bp.post("/officer/subsidies/<int:grant_id>/reject")
@role_required(Role.OFFICER)
def reject(grant_id: int):
    form = ReasonForm(prefix="reject")
    if form.validate_on_submit():
        try:
            subsidies.reject(current_user, grant_id, form.reason.data)
        except OperationError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The claim is rejected."), "success")
            return redirect(url_for(".officer_subsidies"))
    return _subsidies_page(422, failed=grant_id, reject_form=form)


@bp.post("/officer/subsidies/<int:grant_id>/stop")
@role_required(Role.OFFICER)
def stop(grant_id: int):
    form = StopForm(prefix="stop")
    if form.validate_on_submit():
        try:
            subsidies.stop(current_user, grant_id, form.date.data)
        except OperationError as exc:
            if not show_errors(form, exc, {"date": "date"}):
                flash(exc.message, "error")
        else:
            flash(_("The grant stops after that day."), "success")
            return redirect(url_for(".officer_subsidies", status="approved"))
    return _subsidies_page(422, failed=grant_id, stop_form=form)


def _runs_page(status_code=200, **forms):
    recent = db.session.scalars(
        sa.select(MoneyRun).order_by(MoneyRun.month.desc(), MoneyRun.id.desc()).limit(48)
    ).all()
    month = month_of(today())
    pay_form = forms.get("pay_form") or MonthForm(prefix="pay", month=month)
    inc_form = forms.get("inc_form") or MonthForm(prefix="inc", month=month)
    return render_template(
        "money/officer_runs.html", runs=recent, pay_form=pay_form, inc_form=inc_form
    ), status_code


@bp.get("/officer/runs/")
@role_required(Role.OFFICER)
def officer_runs():
    return _runs_page()


@bp.post("/officer/runs/<kind>")
@role_required(Role.OFFICER)
def start_run(kind: str):
    if kind not in ("pay", "inc"):
        raise NotFoundError(_("No such run."))
    form = MonthForm(prefix=kind)
    if form.validate_on_submit():
        operation = runs.pay_subsidies if kind == "pay" else runs.incentive_statements
        try:
            run, created = operation(form.month.data, current_user)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            if created:
                flash(_("The run for %(month)s is done: %(n)d entries, %(yuan)s yuan.",
                        month=run.month, n=run.entries, yuan=exports.yuan(run.total_fen)),
                      "success")  # fmt: skip
            else:
                flash(_("%(month)s has run already; nothing was added.", month=run.month), "info")
            return redirect(url_for(".officer_runs"))
    return _runs_page(422, **{f"{kind}_form": form})


@bp.get("/officer/runs/<int:run_id>/bank-file")
@role_required(Role.OFFICER)
def bank_file(run_id: int):
    run = db.session.get(MoneyRun, run_id)
    if run is None or run.kind != RunKind.SUBSIDY:
        raise NotFoundError(_("No such run."))
    return exports.csv_response(ledger.bank_file(run), f"bank-{run.month}-run{run.id}.csv")


@bp.get("/officer/statements/")
@role_required(Role.OFFICER)
def officer_statements():
    month = request.args.get("month") or None
    pagination = paginate(statements.query(month=month), page_number(request.args), PAGE)
    return render_template(
        "money/statements.html",
        pagination=pagination,
        month=month,
        officer=True,
        approve_form=ApproveForm(),
        as_dict=statements.as_dict,
    )


@bp.post("/officer/statements/<int:statement_id>/approve")
@role_required(Role.OFFICER)
def approve_statement(statement_id: int):
    if ApproveForm().validate_on_submit():
        try:
            ledger.approve_statement(current_user, statement_id)
        except OperationError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The statement is approved and entered in the ledger."), "success")
    return redirect(url_for(".officer_statements", month=request.args.get("month")))


@bp.get("/statements/<int:statement_id>.<fmt>")
@role_required(Role.OFFICER, Role.LANDLORD)
def statement_file(statement_id: int, fmt: str):
    return exports.statement_file(statements.for_user(current_user, statement_id), fmt)


@bp.get("/landlord/statements/")
@role_required(Role.LANDLORD)
def landlord_statements():
    query = statements.query(landlord_id=current_user.landlord_id)
    pagination = paginate(query, page_number(request.args), PAGE)
    return render_template(
        "money/statements.html",
        pagination=pagination,
        month=None,
        officer=False,
        as_dict=statements.as_dict,
    )


def _ledger_page(status_code=200, failed=None, form=None):
    month = request.args.get("month") or None
    kind = enum_filter(request.args, "kind", EntryKind)
    pagination = paginate(ledger.entries_query(month, kind), page_number(request.args), PAGE)
    return render_template(
        "money/ledger.html",
        pagination=pagination,
        month=month,
        kind=kind.value if kind else "",
        kinds=[k.value for k in EntryKind],
        form=form or CorrectionForm(),
        failed=failed,
        check=ledger.reconcile(),
    ), status_code


@bp.get("/officer/ledger/")
@role_required(Role.OFFICER)
def officer_ledger():
    return _ledger_page()


@bp.post("/officer/ledger/<int:entry_id>/correct")
@role_required(Role.OFFICER)
def correct(entry_id: int):
    form = CorrectionForm()
    if form.validate_on_submit():
        try:
            ledger.correct(current_user, entry_id, form.amount_fen.data, form.note.data)
        except OperationError as exc:
            if not show_errors(form, exc):
                flash(exc.message, "error")
        else:
            flash(_("The correction is entered."), "success")
            return redirect(url_for(".officer_ledger"))
    return _ledger_page(422, failed=entry_id, form=form)


@bp.get("/officer/ledger/export.<fmt>")
@role_required(Role.OFFICER)
def ledger_export(fmt: str):
    return exports.ledger_export(fmt, request.args.get("month") or None)
