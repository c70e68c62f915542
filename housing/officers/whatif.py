"""Policy what-if pages: an officer tries a draft on the current queue, then may publish it.

The work is in housing/forecast/whatif.py; these views parse the forms and redirect.
"""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from housing.auth.session import role_required
from housing.errors import ConflictError, OperationError
from housing.extensions import db
from housing.forecast import whatif
from housing.forms import show_errors
from housing.models import Application, Role
from housing.officers.forms import PublishDraftForm, WhatIfForm
from housing.policy import current_policy
from housing.security import mask_name

#: Applications listed by name among those who gain or lose a unit (the rest are counted).
LISTED = 50


@role_required(Role.OFFICER)
def what_if():
    form = WhatIfForm()
    if form.validate_on_submit():
        try:
            run = whatif.start_what_if(current_user, form.changes())
        except OperationError as exc:
            show_errors(form, exc)
        else:
            return redirect(url_for(".what_if_detail", run_id=run.id))
    elif not form.is_submitted():
        form.load(current_policy())
    status = 422 if form.errors else 200
    return render_template("officers/what_if.html", form=form, runs=whatif.recent_runs(),
                           current=current_policy()), status  # fmt: skip


def _people(ids: list[int]) -> list[dict]:
    shown = ids[:LISTED]
    query = sa.select(Application).where(Application.id.in_(shown))
    by_id = {a.id: a for a in db.session.scalars(query.options(selectinload(Application.user)))}
    return [
        {"id": i, "name": mask_name(by_id[i].user.name) if i in by_id else "",
         "category": by_id[i].category.value if i in by_id and by_id[i].category else ""}
        for i in shown
    ]  # fmt: skip


def _detail(run_id: int, form: PublishDraftForm | None = None, status: int = 200):
    run = whatif.get_run(run_id)
    whatif.nudge(run)
    result = run.result or {}
    return render_template(
        "officers/what_if_detail.html",
        run=run,
        result=result,
        elapsed=whatif.seconds_since(run),
        gains=_people(result.get("gains", [])),
        losses=_people(result.get("losses", [])),
        form=form or PublishDraftForm(),
        stale=current_policy().id != run.base_policy_version_id,
    ), status


@role_required(Role.OFFICER)
def what_if_detail(run_id: int):
    return _detail(run_id)


@role_required(Role.OFFICER)
def what_if_publish(run_id: int):
    form = PublishDraftForm()
    if form.validate_on_submit():
        try:
            policy = whatif.publish_draft(run_id, current_user, form.note.data)
        except ConflictError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".what_if_detail", run_id=run_id))
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(
                _("Policy version %(v)d is in force; everyone's points were recomputed.",
                  v=policy.version),
                "success",
            )  # fmt: skip
            return redirect(url_for(".policy"))
    return _detail(run_id, form, 422)


#: (rule, view, methods), registered by housing/officers/blueprint.py.
ROUTES = [
    ("/policy/what-if", what_if, ["GET", "POST"]),
    ("/policy/what-if/<int:run_id>", what_if_detail, ["GET"]),
    ("/policy/what-if/<int:run_id>/publish", what_if_publish, ["POST"]),
]
