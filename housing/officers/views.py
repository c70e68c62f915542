"""Officers' pages: dashboard, verification queue and decisions; the admin overview.

Each view parses a form, calls one operation, flashes and redirects.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing import labels
from housing.applicants.documents import KINDS, document_for
from housing.auth.operations import log_out_everywhere as log_out_user_everywhere
from housing.auth.session import role_required
from housing.errors import OperationError
from housing.forms import show_errors
from housing.headers import uploaded_file
from housing.models import ApplicationStatus, Category, Role
from housing.officers import operations
from housing.officers import queue as queue_ops
from housing.officers.forms import (
    BulkRequestForm,
    LogOutEverywhereForm,
    RecomputeForm,
    RejectForm,
    RequestDocumentsForm,
    VerifyForm,
)
from housing.pagination import page_number, paginate
from housing.parsing import as_id
from housing.stats.views import officer_dashboard

PAGE = 50


@role_required(Role.OFFICER)
def home():
    return render_template(
        "officers/home.html",
        stats=operations.dashboard(),
        recompute_form=RecomputeForm(),
        **officer_dashboard(),
    )


@role_required(Role.ADMIN)
def admin_home(form: LogOutEverywhereForm | None = None):
    return render_template(
        "officers/admin.html",
        overview=operations.admin_overview(),
        logout_form=form or LogOutEverywhereForm(),
    ), 422 if form and form.errors else 200


@role_required(Role.ADMIN)
def log_out_everywhere():
    form = LogOutEverywhereForm()
    if form.validate_on_submit():
        try:
            user = log_out_user_everywhere(current_user, form.email.data)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("%(email)s is logged out everywhere.", email=user.email), "success")
            return redirect(url_for(".admin_home"))
    return admin_home(form)


def _queue_page(bulk_form: BulkRequestForm | None = None, status: int = 200):
    filters = queue_ops.queue_filters(request.args)
    pagination = paginate(queue_ops.queue_query(filters), page_number(request.args), PAGE)
    return render_template(
        "officers/queue.html",
        pagination=pagination,
        filters=filters,
        statuses=list(ApplicationStatus),
        categories=list(Category),
        bulk_form=bulk_form or BulkRequestForm(),
        bulk_allowed=filters.status == ApplicationStatus.SUBMITTED,
        max_bulk=queue_ops.MAX_BULK,
    ), status


@role_required(Role.OFFICER)
def queue():
    return _queue_page()


@role_required(Role.OFFICER)
def bulk_request_documents():
    """The ticked applications go back with one note; those changed meanwhile are named."""
    form = BulkRequestForm()
    ids = [i for i in (_as_id(v) for v in request.form.getlist("ids")) if i]
    if form.validate_on_submit():
        try:
            result = queue_ops.bulk_request_documents(ids, current_user, form.note.data)
        except OperationError as exc:
            show_errors(form, exc)
            if "ids" in exc.fields:
                form.note.errors = [*form.note.errors, exc.fields["ids"]]
        else:
            if result.returned:
                message = _(
                    "%(n)d applications returned to their applicants: %(ids)s.",
                    n=len(result.returned),
                    ids=_numbers(result.returned),
                )
                flash(message, "success")
            for application_id, now in result.skipped:
                flash(_skipped(application_id, now), "error")
            return redirect(url_for(".queue", **queue_ops.queue_filters(request.args).args()))
    return _queue_page(form, 422)


def _as_id(value: str) -> int | None:
    try:
        return as_id(value)
    except ValueError:
        return None


def _numbers(ids: list[int]) -> str:
    return ", ".join(f"#{i}" for i in ids)


def _skipped(application_id: int, now: str | None) -> str:
    if now is None:
        return _("Application #%(id)d was skipped: it does not exist.", id=application_id)
    return _(
        "Application #%(id)d was skipped: it is now %(status)s, so nothing was changed.",
        id=application_id,
        status=labels.label(labels.STATUSES, now),
    )


def _detail(application, status: int = 200, **forms):
    forms = {
        "verify_form": VerifyForm(prefix="verify"),
        "reject_form": RejectForm(prefix="reject"),
        "request_form": RequestDocumentsForm(prefix="request"),
        **forms,
    }
    return render_template(
        "officers/application.html", application=application, kinds=KINDS, **forms
    ), status


@role_required(Role.OFFICER)
def application_detail(application_id: int):
    return _detail(operations.application_for_officer(application_id))


def _decide(application_id: int, form_cls, prefix: str, decide, done: str):
    """Verify, reject or send back: the same form round trip, a different operation."""
    application = operations.application_for_officer(application_id)
    form = form_cls(prefix=prefix)
    if form.validate_on_submit():
        text = form.reason.data if hasattr(form, "reason") else form.note.data
        try:
            decide(application, current_user, text)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(done % {"id": application.id}, "success")
            return redirect(url_for(".queue"))
    return _detail(application, 422, **{f"{prefix}_form": form})


@role_required(Role.OFFICER)
def verify(application_id: int):
    return _decide(application_id, VerifyForm, "verify", operations.verify,
                   _("Application %(id)d verified."))  # fmt: skip


@role_required(Role.OFFICER)
def reject(application_id: int):
    return _decide(application_id, RejectForm, "reject", operations.reject,
                   _("Application %(id)d rejected."))  # fmt: skip


@role_required(Role.OFFICER)
def request_documents(application_id: int):
    return _decide(application_id, RequestDocumentsForm, "request", operations.request_documents,
                   _("Application %(id)d returned to the applicant."))  # fmt: skip


@role_required(Role.OFFICER)
def document_file(document_id: int):
    document, path = document_for(current_user, document_id)
    return uploaded_file(path, document.content_type, document.filename)


@role_required(Role.OFFICER)
def recompute():
    if RecomputeForm().validate_on_submit():
        result = operations.trigger_recompute(current_user)
        flash(
            _(
                "Points recomputed for %(n)d applications (%(s)d changed).",
                n=result["applications"],
                s=result["snapshots"],
            ),
            "success",
        )
    return redirect(url_for(".home"))


#: (rule, view, methods), registered by housing/officers/blueprint.py.
ROUTES = [
    ("/", home, ["GET"]),
    ("/admin", admin_home, ["GET"]),
    ("/admin/log-out-everywhere", log_out_everywhere, ["POST"]),
    ("/applications", queue, ["GET"]),
    ("/applications/request-documents", bulk_request_documents, ["POST"]),
    ("/applications/<int:application_id>", application_detail, ["GET"]),
    ("/applications/<int:application_id>/verify", verify, ["POST"]),
    ("/applications/<int:application_id>/reject", reject, ["POST"]),
    ("/applications/<int:application_id>/request-documents", request_documents, ["POST"]),
    ("/documents/<int:document_id>", document_file, ["GET"]),
    ("/priorities/recompute", recompute, ["POST"]),
]
