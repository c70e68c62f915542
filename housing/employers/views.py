"""Employer pages (HR), the officers' invitations of enterprises, the applicant's choice of
benefit. Each view parses a form, calls one operation, flashes and redirects."""

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing import labels
from housing.applicants.operations import current_application
from housing.auth.session import role_required
from housing.auth.views import invitation_page
from housing.employers import invitations, operations, reminders
from housing.employers.forms import (
    ActionForm,
    BenefitForm,
    ConfirmForm,
    DenyForm,
    DepartureForm,
    InviteEmployerForm,
    RecommendForm,
)
from housing.errors import NotFoundError, OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.models import ApplicationStatus, Role
from housing.money.choice import choose_benefit
from housing.pagination import enum_filter, page_number, paginate

bp = Blueprint("employers", __name__)

PAGE = 50

bp.add_app_template_global(partial(labels.label, labels.BENEFITS), "benefit_label")
bp.add_app_template_global(partial(labels.label, labels.EMPLOYMENT), "employment_label")


@bp.app_template_global()
def employment_answers(applications) -> dict:
    """The named enterprises' answers about these applications, by id (one query a page)."""
    return operations.named_answers([a.id for a in applications])


@bp.app_template_global()
def recommendation_for(application_id: int):
    return operations.recommendation_of(application_id)


# --- HR -----------------------------------------------------------------------------------


@bp.route("/employer/")
@role_required(Role.EMPLOYER)
def home():
    return render_template(
        "employers/home.html", d=reminders.dashboard(current_user), form=ActionForm()
    )


@bp.route("/employer/staff")
@role_required(Role.EMPLOYER)
def staff():
    employer = operations.employer_of(current_user)
    status = enum_filter(request.args, "status", ApplicationStatus, None)
    pagination = paginate(operations.staff_query(employer, status), page_number(request.args), PAGE)
    ids = [a.id for a in pagination.items]
    return render_template(
        "employers/staff.html",
        pagination=pagination,
        status=status,
        statuses=operations.VISIBLE,
        answers=operations.answers_for(employer.id, ids),
        employer=employer,
    )


def _detail(application_id: int, status: int = 200, **forms):
    application = operations.application_for(current_user, application_id)
    answer = operations.answer_of(application)
    forms = {
        "confirm_form": ConfirmForm(prefix="confirm"),
        "deny_form": DenyForm(prefix="deny"),
        "recommend_form": RecommendForm(prefix="recommend"),
        "departure_form": DepartureForm(prefix="departure"),
        "withdraw_form": ActionForm(prefix="withdraw"),
        **forms,
    }
    return render_template(
        "employers/person.html",
        application=application,
        answer=answer,
        recommendation=operations.recommendation_of(application.id),
        recommendable=application.status in operations.RECOMMENDABLE,
        **forms,
    ), status


@bp.route("/employer/staff/<int:application_id>")
@role_required(Role.EMPLOYER)
def person(application_id: int):
    return _detail(application_id)


def _act(application_id: int, form_cls, prefix: str, act, done: str):
    """Confirm, deny, recommend, withdraw or report a departure: one form round trip."""
    operations.application_for(current_user, application_id)  # a stranger's is a 404 first
    form = form_cls(prefix=prefix)
    if form.validate_on_submit():
        try:
            act(form)
        except OperationError as exc:
            db.session.rollback()
            show_errors(form, exc, {"quota": "benefit"})
        else:
            flash(done, "success")
            return redirect(url_for(".person", application_id=application_id))
    return _detail(application_id, 422, **{f"{prefix}_form": form})


@bp.route("/employer/staff/<int:application_id>/confirm", methods=["POST"])
@role_required(Role.EMPLOYER)
def confirm(application_id: int):
    return _act(application_id, ConfirmForm, "confirm",
                lambda f: operations.confirm(current_user, application_id, f.start_date.data),
                _("Employment confirmed."))  # fmt: skip


@bp.route("/employer/staff/<int:application_id>/deny", methods=["POST"])
@role_required(Role.EMPLOYER)
def deny(application_id: int):
    return _act(application_id, DenyForm, "deny",
                lambda f: operations.deny(current_user, application_id, f.note.data),
                _("Employment denied; the housing officers have your note."))  # fmt: skip


@bp.route("/employer/staff/<int:application_id>/recommend", methods=["POST"])
@role_required(Role.EMPLOYER)
def recommend(application_id: int):
    return _act(application_id, RecommendForm, "recommend",
                lambda f: operations.recommend(current_user, application_id, f.benefit.data),
                _("Recommended."))  # fmt: skip


@bp.route("/employer/staff/<int:application_id>/withdraw", methods=["POST"])
@role_required(Role.EMPLOYER)
def withdraw(application_id: int):
    return _act(application_id, ActionForm, "withdraw",
                lambda f: operations.withdraw_recommendation(current_user, application_id),
                _("Recommendation withdrawn."))  # fmt: skip


@bp.route("/employer/staff/<int:application_id>/departure", methods=["POST"])
@role_required(Role.EMPLOYER)
def departure(application_id: int):
    return _act(application_id, DepartureForm, "departure",
                lambda f: operations.report_departure(current_user, application_id,
                                                      f.left_on.data),
                _("Departure reported; the person and the housing officers are told."))  # fmt: skip


@bp.route("/employer/reminders/confirm", methods=["POST"])
@role_required(Role.EMPLOYER)
def confirm_staff_list():
    form = ActionForm()
    if form.validate_on_submit():
        try:
            reminders.confirm_staff_list(current_user)
        except OperationError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Thank you: your list of housed staff is confirmed."), "success")
    return redirect(url_for(".home"))


# --- Invitations (public: the link is the credential) ------------------------------------


@bp.route("/employer/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return invitation_page(token, invitations, lambda i: labels.employer_name(i.employer))


# --- Officers -----------------------------------------------------------------------------


def _link_for(token: str) -> str:
    return url_for("employers.accept_invitation", token=token, _external=True)


@bp.route("/officer/employers", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def officer_employers():
    form = InviteEmployerForm()
    if form.validate_on_submit():
        try:
            raw, invitation = invitations.invite(
                form.credit_code.data, form.email.data, current_user, _link_for
            )
        except OperationError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            return render_template(
                "employers/invited.html", invitation=invitation, link=_link_for(raw)
            )
    return render_template(
        "employers/officer_list.html", form=form, rows=invitations.list_enterprises()
    ), (422 if form.errors else 200)


# --- Applicants: apartment or subsidy -----------------------------------------------------


@bp.route("/me/benefit", methods=["POST"])
@role_required(Role.APPLICANT)
def choose():
    application = current_application(current_user)
    if application is None:
        raise NotFoundError(_("You have no application."))
    form = BenefitForm()
    if form.validate_on_submit():
        try:
            choose_benefit(application, current_user, form.benefit.data)
        except OperationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(_("Your choice is saved."), "success")
    return redirect(url_for("applicants.waitlist_page"))
