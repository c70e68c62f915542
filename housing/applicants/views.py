"""The applicant's pages: the wizard, documents, submission, waitlist, changes, withdrawal.

Each view parses a form, calls one operation, flashes and redirects.
"""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from housing import labels, pagination
from housing.applicants import changes, documents, operations, waitlist
from housing.applicants.checklist import checklist
from housing.applicants.forms import (
    ActionForm,
    CategoryForm,
    ChangeForm,
    DocumentForm,
    EmployerForm,
    HouseholdForm,
    IdentityForm,
    MemberForm,
    PreferencesForm,
    SubmitForm,
    WithdrawForm,
    WorkplaceForm,
)
from housing.auth.session import role_required
from housing.employers.operations import employment_confirmed
from housing.errors import OperationError
from housing.extensions import db
from housing.forecast import operations as forecast
from housing.forms import show_errors
from housing.headers import uploaded_file
from housing.models import Employer, Role
from housing.places import commute, picker
from housing.places.gazetteer import zh_locale

bp = Blueprint("applicants", __name__, url_prefix="/me")

STEPS = ["identity", "category", "employer", "workplace", "household", "preferences"]
NEXT = {**dict(zip(STEPS, [*STEPS[1:], "documents"], strict=True))}


def _employer_values(form) -> dict:
    returnee = form.route.data == "returnee"
    return {
        "returnee": returnee,
        "employer_id": None if returnee else form.employer_id.data,
        "returned_on": form.returned_on.data if returnee else None,
        "social_insurance_in_shanghai": form.social_insurance_in_shanghai.data,
    }


# step -> (form class, values from the form, form data from the application)
WIZARD = {
    "identity": (
        IdentityForm,
        lambda f: {"phone": f.phone.data, "degree": f.degree.data},
        lambda a: {"phone": a.user.phone, "degree": a.degree.value if a.degree else "master"},
    ),
    "category": (
        CategoryForm,
        lambda f: {"category": f.category.data},
        lambda a: {"category": a.category.value if a.category else None},
    ),
    "employer": (
        EmployerForm,
        _employer_values,
        lambda a: {
            "route": "returnee" if a.returnee else "employer",
            "employer_id": a.employer_id,
            "returned_on": a.returned_on,
            "social_insurance_in_shanghai": a.social_insurance_in_shanghai,
        },
    ),
    "workplace": (
        WorkplaceForm,
        lambda f: {
            "workplace_address": f.workplace_address.data,
            "workplace_lat": f.workplace_lat.data,
            "workplace_lon": f.workplace_lon.data,
        },
        lambda a: {
            "workplace_address": a.workplace_address
            or (a.employer.address if a.employer else None),
            "workplace_lat": a.workplace_lat or (a.employer.lat if a.employer else None),
            "workplace_lon": a.workplace_lon or (a.employer.lon if a.employer else None),
        },
    ),
    "household": (
        HouseholdForm,
        lambda f: {
            "owns_housing_in_shanghai": f.owns_housing_in_shanghai.data,
            "owned_area_per_person_m2": f.owned_area_per_person_m2.data,
            "other_housing_benefit": f.other_housing_benefit.data,
        },
        lambda a: {
            "owns_housing_in_shanghai": a.owns_housing_in_shanghai,
            "owned_area_per_person_m2": a.owned_area_per_person_m2,
            "other_housing_benefit": a.other_housing_benefit,
        },
    ),
    "preferences": (
        PreferencesForm,
        lambda f: {
            "layouts": f.layouts.data,
            "max_commute_min": f.max_commute_min.data,
            "max_rent": f.max_rent.data,
            "needs_accessible": f.needs_accessible.data,
        },
        lambda a: {
            "layouts": a.layouts,
            "max_commute_min": a.max_commute_min,
            "max_rent": a.max_rent,
            "needs_accessible": a.needs_accessible,
        },
    ),
}


def _draft():
    """The own application for editing: a new draft if there is none; 409 page if submitted."""
    application = operations.ensure_draft(current_user)
    if not application.is_draft:
        flash(_("A submitted application can only be changed by reporting a change."), "info")
        return None
    return application


#: Employers a page of the search shows.
EMPLOYERS_PER_PAGE = 10


def _employer_page(form, saved_id: int | None) -> dict:
    """A page of the employer search, with the choice made kept on top across searches.

    The search and the pager are buttons of the page's own form, so searching never loses
    what was chosen or typed; the order is the search's (name, then id): stable.
    """
    q = (request.form.get("q") if request.method == "POST" else None) or request.args.get("q")
    page = pagination.page_number(
        {"page": request.form.get("employer_page") or request.args.get("page") or 1}
    )
    found = pagination.paginate(operations.search_employers(q), page, EMPLOYERS_PER_PAGE)
    chosen_id = form.employer_id.data or saved_id
    chosen = db.session.get(Employer, chosen_id) if chosen_id else None
    if chosen is not None and not chosen.registered_in_district:
        chosen = None
    options = ([chosen] if chosen is not None and chosen not in found.items else []) + found.items
    form.employer_id.choices = [SelectChoice(e.id, labels.employer_name(e)) for e in options]
    if chosen is not None:
        form.employer_id.data = chosen.id
    return {"page": found, "options": options, "chosen": chosen, "q": q or ""}


def _route_notice(form) -> str | None:
    """Say what a route choice leaves out, instead of dropping it silently."""
    if form.route.data == "returnee" and form.employer_id.data:
        employer = db.session.get(Employer, form.employer_id.data)
        if employer is not None:
            return _(
                "You chose the returnee route, so %(name)s is not kept as your employer.",
                name=labels.employer_name(employer),
            )
    if form.route.data == "employer" and form.returned_on.data:
        return _("You chose the employer route, so the date you returned is not kept.")
    return None


def _picker_context(form, lat: str, lon: str) -> dict:
    """The picker's server-side results and the commute sentence for the current point."""
    return {
        "found": picker.results(),
        "commute": commute.describe(getattr(form, lat).data, getattr(form, lon).data, zh_locale()),
    }


@bp.route("/")
@role_required(Role.APPLICANT)
def home():
    return render_template(
        "applicants/home.html",
        application=operations.current_application(current_user),
        notifications=operations.recent_notifications(current_user),
    )


@bp.get("/application/")
@role_required(Role.APPLICANT)
def start():
    """Resume the wizard after the last saved step."""
    application = _draft()
    if application is None:
        return redirect(url_for(".home"))
    if application.wizard_step in NEXT:
        return redirect(_next_url(application.wizard_step))
    return redirect(url_for(".wizard", step=STEPS[0]))


@bp.route("/application/<step>", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def wizard(step: str):
    if step not in WIZARD:
        abort(404)
    application = _draft()
    if application is None:
        return redirect(url_for(".home"))
    form_cls, values_of, data_of = WIZARD[step]
    form = form_cls(data=data_of(application)) if request.method == "GET" else form_cls()
    employers, extra = None, {}
    if step == "employer":
        employers = _employer_page(form, application.employer_id)
    searching = picker.searching()
    if step == "workplace" and request.method == "POST" and not searching:
        picker.apply_pick(form, "workplace_lat", "workplace_lon", "workplace_address")
    if not searching and form.validate_on_submit():
        notice = _route_notice(form) if step == "employer" else None
        try:
            operations.update_draft(application, values_of(form), step)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            if notice:
                flash(notice, "info")
            flash(_("Saved."), "success")
            return redirect(_next_url(step))
    if step == "workplace":
        extra = _picker_context(form, "workplace_lat", "workplace_lon")
    return render_template(
        f"applicants/wizard/{step}.html",
        form=form,
        step=step,
        steps=STEPS,
        application=application,
        employers=employers,
        member_form=MemberForm(prefix="member") if step == "household" else None,
        action_form=ActionForm(),
        **extra,
    ), 200 if not form.errors else 422


def _next_url(step: str) -> str:
    following = NEXT[step]
    if following == "documents":
        return url_for(".documents_page")
    return url_for(".wizard", step=following)


@bp.post("/application/household/members")
@role_required(Role.APPLICANT)
def add_member():
    application = _draft()
    if application is None:
        return redirect(url_for(".home"))
    member_form = MemberForm(prefix="member")
    if member_form.validate_on_submit():
        try:
            operations.add_member(
                application,
                {
                    "name": member_form.name.data,
                    "relation": member_form.relation.data,
                    "birth_date": member_form.birth_date.data,
                    "id_number": member_form.id_number.data,
                    "id_type": member_form.id_type.data,
                },
            )
        except OperationError as exc:
            show_errors(member_form, exc)
        else:
            flash(_("Household member added."), "success")
            return redirect(url_for(".wizard", step="household"))
    _form_cls, _values_of, data_of = WIZARD["household"]
    return render_template(
        "applicants/wizard/household.html",
        form=HouseholdForm(data=data_of(application)),
        member_form=member_form,
        step="household",
        steps=STEPS,
        application=application,
        action_form=ActionForm(),
    ), 422


@bp.post("/application/household/members/<int:member_id>/remove")
@role_required(Role.APPLICANT)
def remove_member(member_id: int):
    application = _draft()
    if application is not None and ActionForm().validate_on_submit():
        operations.remove_member(application, member_id)
        flash(_("Household member removed."), "success")
    return redirect(url_for(".wizard", step="household"))


@bp.route("/application/documents", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def documents_page():
    application = _draft()
    if application is None:
        return redirect(url_for(".home"))
    form = DocumentForm()
    if request.method == "GET" and request.args.get("kind") in documents.KINDS:
        form.kind.data = request.args["kind"]  # the checklist's "upload" link for one kind
    if form.validate_on_submit():
        try:
            documents.add_document(
                application, form.kind.data, form.file.data.filename, form.file.data.stream
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("Document uploaded."), "success")
            return redirect(url_for(".documents_page"))
    return render_template(
        "applicants/wizard/documents.html",
        form=form,
        step="documents",
        steps=STEPS,
        application=application,
        kinds=documents.KINDS,
        checklist=checklist(application, employment_confirmed(application)),
        action_form=ActionForm(),
    ), 200 if not form.errors else 422


@bp.post("/application/documents/<int:document_id>/remove")
@role_required(Role.APPLICANT)
def remove_document(document_id: int):
    application = _draft()
    if application is not None and ActionForm().validate_on_submit():
        documents.delete_document(application, document_id)
        flash(_("Document removed."), "success")
    return redirect(url_for(".documents_page"))


@bp.get("/documents/<int:document_id>")
@role_required(Role.APPLICANT, Role.OFFICER)
def document_file(document_id: int):
    document, path = documents.document_for(current_user, document_id)
    return uploaded_file(path, document.content_type, document.filename)


@bp.route("/application/review", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def review():
    application = _draft()
    if application is None:
        return redirect(url_for(".home"))
    form = SubmitForm(data={"consent": application.consent})
    problems: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            operations.submit(application, current_user, consent=form.consent.data)
        except OperationError as exc:
            show_errors(form, exc)
            problems = exc.fields
        else:
            flash(
                _("Your application was submitted. We will tell you when it is checked."), "success"
            )
            return redirect(url_for(".home"))
    return render_template(
        "applicants/wizard/review.html",
        form=form,
        step="review",
        steps=STEPS,
        application=application,
        # Consent is the form's own checkbox below, not something to fetch elsewhere.
        missing={
            k: v for k, v in operations.missing_for_submit(application).items() if k != "consent"
        },
        problems=problems,
        kinds=documents.KINDS,
    ), 200 if not form.errors else 422


@bp.get("/waitlist")
@role_required(Role.APPLICANT)
def waitlist_page():
    application = operations.current_application(current_user)
    if application is None:
        return redirect(url_for(".home"))
    return render_template(
        "applicants/waitlist.html",
        application=application,
        standing=waitlist.standing(application),
        wait_headline=forecast.headline,
        wait_how=forecast.how,
    )


@bp.route("/application/withdraw", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def withdraw():
    application = operations.current_application(current_user)
    if application is None:
        return redirect(url_for(".home"))
    form = WithdrawForm()
    if form.validate_on_submit():
        operations.withdraw(application, current_user, form.reason.data)
        flash(_("Your application was withdrawn."), "success")
        return redirect(url_for(".home"))
    return render_template("applicants/withdraw.html", form=form, application=application)


@bp.post("/application/reopen")
@role_required(Role.APPLICANT)
def reopen():
    application = operations.current_application(current_user)
    if application is not None and ActionForm().validate_on_submit():
        operations.reopen(application, current_user)
        flash(_("Your application is a draft again: correct it and submit it."), "success")
    return redirect(url_for(".start"))


@bp.route("/application/change", methods=["GET", "POST"])
@role_required(Role.APPLICANT)
def change():
    application = operations.current_application(current_user)
    if application is None or not application.can_report_change:
        flash(_("Changes can be reported only while the application is active."), "info")
        return redirect(url_for(".home"))
    form = ChangeForm(
        data={
            "owns_housing_in_shanghai": application.owns_housing_in_shanghai,
            "owned_area_per_person_m2": application.owned_area_per_person_m2,
            "other_housing_benefit": application.other_housing_benefit,
            "social_insurance_in_shanghai": application.social_insurance_in_shanghai,
            # The job as it stands: a change starts from it, so nothing is lost unseen.
            "route": "returnee" if application.returnee else "employer",
            "employer_id": application.employer_id,
            "returned_on": application.returned_on,
            "workplace_address": application.workplace_address,
            "workplace_lat": application.workplace_lat,
            "workplace_lon": application.workplace_lon,
        }
        if request.method == "GET"
        else None
    )
    form.remove_members.choices = [(m.id, m.name) for m in application.members]
    employers = _employer_page(form, None)
    searching = picker.searching()
    if request.method == "POST" and not searching:
        picker.apply_pick(form, "workplace_lat", "workplace_lon", "workplace_address")
    if not searching and form.validate_on_submit():
        notice = _route_notice(form) if form.kind.data == "job" else None
        values = {**_employer_values(form)} if form.kind.data == "job" else {}
        household = changes.CHANGE_FIELDS["household"] - {"household_size", "has_children"}
        values.update({name: getattr(form, name).data for name in household})
        if form.kind.data == "household":
            values["new_member"] = form.new_member()
            values["remove_members"] = form.remove_members.data
        values.update(
            {
                "workplace_address": form.workplace_address.data,
                "workplace_lat": form.workplace_lat.data,
                "workplace_lon": form.workplace_lon.data,
            }
            if form.kind.data == "job"
            and (form.workplace_address.data or form.workplace_lat.data is not None)
            else {}
        )
        try:
            back = changes.report_change(
                application, current_user, form.kind.data, values, form.note.data
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            if notice:
                flash(notice, "info")
            flash(
                _(
                    "Thank you. Because the change affects your eligibility or points, your "
                    "application goes back to the officers for re-verification. Until an officer "
                    "has checked it you are out of the queue and no round can offer you an "
                    "apartment; then you return with your new points and the months you have "
                    "already waited."
                )
                if back
                else _("Thank you. Your change was recorded."),
                "success",
            )
            return redirect(url_for(".home"))
    return render_template(
        "applicants/change.html",
        form=form,
        application=application,
        employers=employers,
        **_picker_context(form, "workplace_lat", "workplace_lon"),
    ), 200 if not form.errors else 422
