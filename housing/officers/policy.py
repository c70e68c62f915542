"""The policy page: officers read the version in force and publish the next one."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.auth.session import role_required
from housing.errors import OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.models import PolicyVersion, Role
from housing.officers.forms import PolicyForm
from housing.policy import current_policy, publish_policy


@role_required(Role.OFFICER)
def policy():
    form = PolicyForm()
    current = current_policy()
    if form.validate_on_submit():
        try:
            version = publish_policy(current_user, form.changes(), form.note.data)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(
                _("Policy version %(v)d is in force; everyone's points were recomputed.",
                  v=version.version),
                "success",
            )  # fmt: skip
            return redirect(url_for(".policy"))
    elif not form.is_submitted():
        form.load(current)
    history = db.session.scalars(
        sa.select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(20)
    ).all()
    status = 422 if form.errors else 200
    return render_template("officers/policy.html", form=form, current=current,
                           history=history), status  # fmt: skip


#: (rule, view, methods), registered by housing/officers/blueprint.py.
ROUTES = [
    ("/policy", policy, ["GET", "POST"]),
]
