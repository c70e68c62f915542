"""The administrator's pages: staff accounts and the audit log.

Views parse a form, call one operation (housing/auth/staff.py, auth/operations.py,
audit.search), flash and redirect. The overview and "log out everywhere" are in views.py.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing import audit
from housing.auth import staff
from housing.auth.operations import create_staff_user
from housing.auth.session import role_required
from housing.errors import OperationError
from housing.forms import show_errors
from housing.models import Role
from housing.officers.admin_forms import (
    ActiveForm,
    AuditFilterForm,
    NewStaffForm,
    PasswordForm,
    RoleForm,
    StaffSearchForm,
)
from housing.pagination import page_number, paginate

PAGE = 50


@role_required(Role.ADMIN)
def staff_list():
    form = StaffSearchForm(request.args)
    form.validate()
    role = Role(form.role.data) if form.role.data and not form.role.errors else None
    query = staff.staff_accounts(form.q.data, role)
    pagination = paginate(query, page_number(request.args), PAGE)
    return render_template(
        "officers/admin_staff.html",
        form=form,
        pagination=pagination,
        filters={"q": form.q.data or "", "role": form.role.data or ""},
    )


@role_required(Role.ADMIN)
def staff_new():
    form = NewStaffForm()
    if form.validate_on_submit():
        try:
            user = create_staff_user(
                Role(form.role.data),
                form.email.data,
                form.password.data,
                name=form.name.data,
                landlord_org=form.landlord_org.data,
                actor=current_user,
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("The account of %(email)s is ready.", email=user.email), "success")
            return redirect(url_for(".staff_detail", user_id=user.id))
    return render_template("officers/admin_staff_new.html", form=form), (
        422 if form.errors else 200
    )


def _detail(user, role_form=None, password_form=None, status=200):
    return render_template(
        "officers/admin_staff_detail.html",
        user=user,
        role_form=role_form or RoleForm(data={"role": user.role.value}),
        password_form=password_form or PasswordForm(),
        active_form=ActiveForm(),
        role_changeable=user.role in staff.CHANGEABLE_ROLES,
        events=staff.account_history(user.id),
    ), status


@role_required(Role.ADMIN)
def staff_detail(user_id: int):
    return _detail(staff.staff_account(user_id))


@role_required(Role.ADMIN)
def staff_active(user_id: int):
    user = staff.staff_account(user_id)
    if ActiveForm().validate_on_submit():
        enable = request.form.get("active") == "1"
        try:
            staff.set_active(current_user, user.id, enable)
        except OperationError as exc:
            flash(exc.message, "error")
        else:
            message = _("Account enabled.") if enable else _("Account disabled; logged out.")
            flash(message, "success")
    return redirect(url_for(".staff_detail", user_id=user.id))


@role_required(Role.ADMIN)
def staff_role(user_id: int):
    user = staff.staff_account(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            staff.change_role(current_user, user.id, form.role.data)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("Role changed; the account was logged out."), "success")
            return redirect(url_for(".staff_detail", user_id=user.id))
    return _detail(user, role_form=form, status=422)


@role_required(Role.ADMIN)
def staff_password(user_id: int):
    user = staff.staff_account(user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            staff.set_password(current_user, user.id, form.password.data)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("New password set; the account was logged out everywhere."), "success")
            return redirect(url_for(".staff_detail", user_id=user.id))
    return _detail(user, password_form=form, status=422)


def _utc_start(day) -> datetime:
    """Midnight of a day in Shanghai, in UTC: people filter by the dates they live in."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


@role_required(Role.ADMIN)
def audit_log():
    form = AuditFilterForm(request.args)
    valid = form.validate()
    since = until = None
    if valid:
        since = _utc_start(form.since.data) if form.since.data else None
        until = _utc_start(form.until.data + timedelta(days=1)) if form.until.data else None
    query = audit.search(
        actor=form.actor.data if valid else None,
        action=(form.action.data or None) if valid else None,
        since=since,
        until=until,
    )
    pagination = paginate(query, page_number(request.args), PAGE)
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "officers/admin_audit.html", form=form, pagination=pagination, filters=filters
    ), 200 if valid else 422


#: (rule, view, methods), registered by housing/officers/blueprint.py.
ROUTES = [
    ("/admin/staff", staff_list, ["GET"]),
    ("/admin/staff/new", staff_new, ["GET", "POST"]),
    ("/admin/staff/<int:user_id>", staff_detail, ["GET"]),
    ("/admin/staff/<int:user_id>/active", staff_active, ["POST"]),
    ("/admin/staff/<int:user_id>/role", staff_role, ["POST"]),
    ("/admin/staff/<int:user_id>/password", staff_password, ["POST"]),
    ("/admin/audit", audit_log, ["GET"]),
]
