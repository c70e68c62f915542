"""The policy pages: officers read the version in force, review what a new version changes,
publish it, and read the history of what changed between versions."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.auth.session import role_required
from housing.errors import ConflictError, OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.models import QUEUED, Application, Role
from housing.officers.forms import PolicyForm
from housing.pagination import page_number
from housing.policy import current_policy, publish_policy
from housing.policy.history import changes_between, history_page, proposed


def _form_page(form: PolicyForm, status: int = 200):
    return render_template(
        "officers/policy.html",
        form=form,
        current=current_policy(),
        history=history_page(1, per_page=3).items,
    ), status


@role_required(Role.OFFICER)
def policy():
    """GET: the form, filled from the version in force. POST: review the changes (a
    confirmation page), go back to edit them, or publish what was reviewed."""
    form = PolicyForm()
    if not form.is_submitted():
        form.load(current_policy())
        return _form_page(form)
    action = request.form.get("action", "review")
    if not form.validate_on_submit():
        return _form_page(form, 422)
    if action == "edit":
        return _form_page(form)
    current = current_policy()
    if action == "publish":
        return _publish(form)
    changes = changes_between(current, proposed(current, form.changes()))
    if not changes:
        form.form_errors.append(_("Nothing differs from the version in force."))
        return _form_page(form, 422)
    queued = db.session.scalar(
        sa.select(sa.func.count()).select_from(Application).where(Application.status.in_(QUEUED))
    )
    return render_template(
        "officers/policy_confirm.html", form=form, current=current, changes=changes, queued=queued
    )


def _publish(form: PolicyForm):
    try:
        # The page always names the version it showed (0: none, so any published one is newer).
        seen = form.seen_version() or 0
        version = publish_policy(current_user, form.changes(), form.note.data, base_version=seen)
    except ConflictError as exc:
        # The officer's values stay; the next review compares them with the version now in force.
        form.form_errors.append(exc.message)
        form.base_version.data = str(current_policy().version)
        return _form_page(form, 409)
    except OperationError as exc:
        show_errors(form, exc)
        return _form_page(form, 422)
    flash(
        _("Policy version %(v)d is in force; everyone's points were recomputed.",
          v=version.version),
        "success",
    )  # fmt: skip
    return redirect(url_for(".policy_history"))


@role_required(Role.OFFICER, Role.ADMIN)
def policy_history():
    return render_template(
        "officers/policy_history.html", pagination=history_page(page_number(request.args))
    )


#: (rule, view, methods), registered by housing/officers/blueprint.py.
ROUTES = [
    ("/policy", policy, ["GET", "POST"]),
    ("/policy/history", policy_history, ["GET"]),
]
