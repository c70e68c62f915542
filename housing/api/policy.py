"""The policy over the API: read the version in force, publish the next one.

A new version is checked by the page's own form (`PolicyForm`), fed the JSON as form data, so
the API and the page accept and refuse exactly the same settings.
"""

from flask import request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from housing.api import bp
from housing.api.util import current_api_user, page_args, token_required
from housing.errors import MalformedRequest, ValidationError
from housing.forecast import whatif
from housing.models import Role
from housing.officers.forms import PolicyForm, WhatIfForm
from housing.policy import current_policy, publish_policy
from housing.policy.history import history_page

_PREFIX = "points_"


def policy_out(policy) -> dict:
    return {
        "version": policy.version,
        "effective_from": policy.effective_from.isoformat(),
        "note": policy.note,
        "category_points": dict(policy.category_points),
        **{name: getattr(policy, name) for name in PolicyForm.SCALARS},
    }


def _form_data(body: dict) -> MultiDict:
    """The current settings with the body's changes, as the page's form would post them."""
    unknown = sorted(set(body) - {"note", "base_version", "category_points", *PolicyForm.SCALARS})
    points = body.get("category_points", {})
    if not isinstance(points, dict):
        unknown.append("category_points")
    current = policy_out(current_policy())
    if isinstance(points, dict):
        unknown += [f"category_points.{k}" for k in sorted(points)
                    if k not in current["category_points"]]  # fmt: skip
    if unknown:
        raise ValidationError(
            _("Unknown policy settings."), {name: _("not a policy setting") for name in unknown}
        )
    data = {f"{_PREFIX}{k}": v for k, v in {**current["category_points"], **points}.items()}
    data.update({name: body.get(name, current[name]) for name in PolicyForm.SCALARS})
    data["note"] = body.get("note", "")
    return MultiDict({k: "" if v is None else str(v) for k, v in data.items()})


def _field_name(name: str) -> str:
    return f"category_points.{name[len(_PREFIX) :]}" if name.startswith(_PREFIX) else name


@bp.get("/officer/policy")
@token_required(Role.OFFICER)
def officer_policy():
    """The policy version in force.
    ---
    get:
      tags: [officer]
      summary: The current policy
      security: [{bearer: []}]
      responses:
        200: {description: "The settings of the version in force", content: {application/json: {}}}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    return policy_out(current_policy())


@bp.post("/officer/policy")
@token_required(Role.OFFICER)
def officer_policy_publish():
    """Publish a new version from the changed settings (and a note); points are recomputed.
    ---
    post:
      tags: [officer]
      summary: Publish a policy version
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [note]
              properties:
                note: {type: string}
                base_version:
                  type: integer
                  description: the version changed; 409 if another was published since
                category_points: {type: object, additionalProperties: {type: integer}}
                points_per_month: {type: integer}
                key_industry_bonus: {type: integer}
                recommendation_points: {type: integer}
                recommendation_quota_key_industry: {type: integer}
                recommendation_quota_other: {type: integer}
                children_bonus: {type: integer}
                decline_penalty: {type: integer}
                offer_days: {type: integer}
                declines_to_back_of_queue: {type: integer}
                notice_days: {type: integer}
                retention_months: {type: integer}
      responses:
        201: {description: "The new version in force", content: {application/json: {}}}
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise MalformedRequest(_("The body must be a JSON object."), {"body": _("not an object")})
    form = PolicyForm(formdata=_form_data(body), meta={"csrf": False})
    if not form.validate():
        fields = {_field_name(k): "; ".join(v) for k, v in form.errors.items()}
        raise ValidationError(_("Some fields are invalid."), fields)
    base_version = body.get("base_version")
    if base_version is not None and (type(base_version) is not int or base_version < 1):
        raise ValidationError(
            _("Some fields are invalid."), {"base_version": _("must be a version number")}
        )
    version = publish_policy(
        current_api_user(), form.changes(), form.note.data, base_version=base_version
    )
    return policy_out(version), 201


@bp.get("/officer/policy/history")
@token_required(Role.OFFICER, Role.ADMIN)
def officer_policy_history():
    """The versions, newest first, each with who published it and what changed, in words.
    ---
    get:
      tags: [officer]
      summary: The policy's history
      security: [{bearer: []}]
      parameters:
        - page
        - per_page
      responses:
        200:
          description: "A page of versions: `{version, effective_from, note, published_by,
            changes: [{setting, label, before, after}]}`"
          content: {application/json: {}}
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    page = history_page(*page_args())
    return {
        "items": [
            {
                "version": row.version.version,
                "effective_from": row.version.effective_from.isoformat(),
                "note": row.version.note,
                "published_by": row.version.created_by.name if row.version.created_by else None,
                "changes": [
                    {"setting": c.key, "label": c.label, "before": c.before, "after": c.after}
                    for c in row.changes
                ],
            }
            for row in page.items
        ],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }


def what_if_out(run) -> dict:
    return {
        "id": run.id,
        "status": run.stage,
        "base_version": run.result["base_version"] if run.result else None,
        "changes": run.changes,
        "created_at": run.created_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "error": run.error,
        "comparison": run.result,
        "published_version": run.published_version,
    }


@bp.post("/officer/what-if")
@token_required(Role.OFFICER)
def officer_what_if():
    """Try a draft policy on the current queue; nothing is published.
    ---
    post:
      tags: [officer]
      summary: Start a policy what-if
      description: >
        `{"policy": {changed settings}}`, the settings as for publishing. 202 with the run in
        status `queued`; `GET /officer/what-if/{id}` shows it `done` with `comparison` (served
        by category, mean commute, who gains or loses a unit, expected waits by category).
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [policy],
                  properties: {policy: {type: object}}}}}
      responses:
        202: {description: "The what-if, running", content: {application/json: {}}}
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("policy"), dict):
        raise MalformedRequest(
            _("The body must be a JSON object with a policy object."),
            {"policy": _("not an object")},
        )
    if unknown := sorted(set(body) - {"policy"}):
        raise ValidationError(_("Unknown fields."), {k: _("not a field") for k in unknown})
    draft = {k: v for k, v in body["policy"].items() if k != "note"}
    try:
        formdata = _form_data(draft)
    except ValidationError as exc:  # name the field as the client sent it, under "policy"
        exc.fields = {f"policy.{k}": v for k, v in exc.fields.items()}
        raise
    form = WhatIfForm(formdata=formdata, meta={"csrf": False})
    if not form.validate():
        fields = {f"policy.{_field_name(k)}": "; ".join(v) for k, v in form.errors.items()}
        raise ValidationError(_("Some fields are invalid."), fields)
    run = whatif.start_what_if(current_api_user(), form.changes())
    return what_if_out(run), 202


@bp.get("/officer/what-if/<int:run_id>")
@token_required(Role.OFFICER)
def officer_what_if_get(run_id: int):
    """A what-if: its status and, when done, the comparison with the policy in force.
    ---
    get:
      tags: [officer]
      summary: A policy what-if
      security: [{bearer: []}]
      parameters: [{name: run_id, in: path, required: true, schema: {type: integer}}]
      responses:
        200: {description: "The what-if", content: {application/json: {}}}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    run = whatif.get_run(run_id)
    whatif.nudge(run)
    return what_if_out(run)
