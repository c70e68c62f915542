"""Officers' rounds and offers over the API: the same operations as the pages."""

from flask import Response, request
from flask_babel import gettext as _

from housing.api import bp
from housing.api.round_schemas import (
    MyOfferOut,
    ObjectionIn,
    ObjectionOut,
    OfferOut,
    RoundIn,
    RoundOut,
)
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.errors import ConflictError, MalformedRequest
from housing.models import OfferStatus, Role, RoundStatus
from housing.pagination import enum_filter
from housing.parsing import as_id
from housing.rounds import operations, queries


def round_out(round_) -> dict:
    return RoundOut().dump(
        {
            "id": round_.id,
            "month": round_.month,
            "status": round_.status.value,
            "stage": round_.stage,
            "error": round_.error,
            "seed": round_.seed,
            "mechanism": round_.mechanism,
            "policy_version": round_.policy_version.version,
            "input_sha256": round_.input_sha256,
            "metrics": round_.metrics or {},
            "created_at": round_.created_at,
            "committed_at": round_.committed_at,
            "notice_until": round_.notice_until,
        }
    )


def offer_out(offer, schema=OfferOut) -> dict:
    data = {
        "id": offer.id,
        "round_id": offer.round_id,
        "application_id": offer.application_id,
        "unit_id": offer.unit_id,
        "status": offer.status.value,
        "sent_at": offer.sent_at,
        "deadline_at": offer.deadline_at,
        "answered_at": offer.answered_at,
        "cascade_of": offer.cascade_of_id,
    }
    if schema is MyOfferOut:
        unit = offer.unit
        data.update(
            commute_min=offer.commute_min,
            decline_reason=offer.decline_reason,
            unit={
                "id": unit.id,
                "building": unit.building.name,
                "address": unit.building.address,
                "layout": unit.layout.value,
                "area_m2": unit.area_m2,
                "floor": unit.floor,
                "rent": unit.rent,
                "landlord": unit.landlord.name,
            },
        )
    return schema().dump(data)


def stored(text: str | None) -> Response:
    if text is None:
        raise ConflictError(_("This round has no stored file yet."))
    return Response(text, mimetype="application/json")


@bp.post("/officer/rounds")
@token_required(Role.OFFICER)
def officer_round_create():
    """Preview a month's round (a dry run), computed outside the request.
    ---
    post:
      tags: [rounds]
      summary: Run a preview
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: RoundIn
      responses:
        201:
          description: Done already (or previewed and committed when dry_run is false)
          content:
            application/json:
              schema: RoundOut
        202:
          description: Running; GET the round until its status is preview or failed
          content:
            application/json:
              schema: RoundOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    body = json_body(RoundIn())
    officer = current_api_user()
    if not body["dry_run"]:
        round_ = operations.start_preview(body["month"], officer, background=False)
        return round_out(operations.commit(round_.id, officer)), 201
    round_ = operations.start_preview(body["month"], officer)
    return round_out(round_), 202 if round_.status == RoundStatus.RUNNING else 201


@bp.get("/officer/rounds")
@token_required(Role.OFFICER)
def officer_rounds():
    """The rounds, newest first.
    ---
    get:
      tags: [rounds]
      summary: List rounds
      security: [{bearer: []}]
      parameters:
        - {in: query, name: month, schema: {type: string, example: "2027-01"}}
        - page
        - per_page
      responses:
        200:
          description: A page of rounds
          content:
            application/json:
              schema: RoundList
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    return paginate(operations.rounds_query(request.args.get("month")), round_out)


@bp.get("/officer/rounds/<int:round_id>")
@token_required(Role.OFFICER)
def officer_round(round_id: int):
    """One round with its report.
    ---
    get:
      tags: [rounds]
      summary: Read a round
      security: [{bearer: []}]
      responses:
        200:
          description: The round
          content:
            application/json:
              schema: RoundOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    return round_out(operations.get_round(round_id))


@bp.get("/officer/rounds/<int:round_id>/assignments")
@token_required(Role.OFFICER)
def officer_round_assignments(round_id: int):
    """Who the round houses where, in the round's order.
    ---
    get:
      tags: [rounds]
      summary: A round's assignments
      security: [{bearer: []}]
      parameters: [page, per_page]
      responses:
        200:
          description: A page of assignments
          content:
            application/json:
              schema: AssignmentList
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    operations.get_round(round_id)
    page = paginate(queries.assignments_query(round_id), lambda a: a)
    statuses = queries.offer_statuses(round_id, [a.application_id for a in page["items"]])
    page["items"] = [
        {
            "application_id": a.application_id,
            "unit_id": a.unit_id,
            "rank": a.rank,
            "commute_min": a.commute_min,
            "cost": a.cost,
            "offer_status": statuses.get(a.application_id),
        }
        for a in page["items"]
    ]
    return page


@bp.get("/officer/rounds/<int:round_id>/unassigned")
@token_required(Role.OFFICER)
def officer_round_unassigned(round_id: int):
    """Everyone the round left out, with the engine's reason and the reason in words.
    ---
    get:
      tags: [rounds]
      summary: A round's unassigned applicants
      security: [{bearer: []}]
      parameters: [page, per_page]
      responses:
        200:
          description: A page of applicants left out
          content:
            application/json:
              schema: ExclusionList
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    operations.get_round(round_id)
    return paginate(
        queries.exclusions_query(round_id),
        lambda e: {
            "application_id": e.application_id,
            "reason": e.reason,
            "detail": e.detail,
            "explanation": queries.reason_words(e.reason, e.detail),
        },
    )


@bp.get("/officer/rounds/<int:round_id>/input")
@token_required(Role.OFFICER)
def officer_round_input(round_id: int):
    """The allocation-instance@1 the engine was given, byte for byte as stored.
    ---
    get:
      tags: [rounds]
      summary: A round's input
      security: [{bearer: []}]
      responses:
        200: {description: The input JSON, content: {application/json: {}}}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    return stored(operations.get_round(round_id).input_json)


@bp.get("/officer/rounds/<int:round_id>/result")
@token_required(Role.OFFICER)
def officer_round_result(round_id: int):
    """The allocation-result@1 the engine returned, byte for byte as stored.
    ---
    get:
      tags: [rounds]
      summary: A round's result
      security: [{bearer: []}]
      responses:
        200: {description: The result JSON, content: {application/json: {}}}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    return stored(operations.get_round(round_id).result_json)


@bp.get("/officer/rounds/compare")
@token_required(Role.OFFICER)
def officer_rounds_compare():
    """Two previews side by side: figures, and who gains or loses a unit from a to b.
    ---
    get:
      tags: [rounds]
      summary: Compare two rounds
      security: [{bearer: []}]
      parameters:
        - {in: query, name: a, required: true, schema: {type: integer}}
        - {in: query, name: b, required: true, schema: {type: integer}}
      responses:
        200:
          description: Both rounds and the differences, as application ids
          content:
            application/json:
              schema: CompareOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    a, b = request.args.get("a", type=as_id), request.args.get("b", type=as_id)
    if a is None or b is None:
        missing = {k: _("Give a round id.") for k, v in (("a", a), ("b", b)) if v is None}
        raise MalformedRequest(_("Name two rounds to compare."), missing)
    result = operations.compare(a, b)
    return {**result, "a": round_out(result["a"]), "b": round_out(result["b"])}


@bp.post("/officer/rounds/<int:round_id>/commit")
@token_required(Role.OFFICER)
def officer_round_commit(round_id: int):
    """Commit a preview: the month's round, under public notice (or offers at once).
    ---
    post:
      tags: [rounds]
      summary: Commit a preview
      security: [{bearer: []}]
      responses:
        200:
          description: The committed round, status notice (or offers when the notice is 0 days)
          content:
            application/json:
              schema: RoundOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    return round_out(operations.commit(round_id, current_api_user()))


@bp.post("/officer/rounds/<int:round_id>/objections")
@token_required(Role.OFFICER)
def officer_round_objection(round_id: int):
    """Record an objection; upheld removes the assignment and cascades its unit.
    ---
    post:
      tags: [rounds]
      summary: Record an objection
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: ObjectionIn
      responses:
        201:
          description: The recorded objection
          content:
            application/json:
              schema: ObjectionOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    body = json_body(ObjectionIn())
    objection = operations.record_objection(
        round_id, body["application_id"], body["note"], body["upheld"], current_api_user()
    )
    return ObjectionOut().dump(objection), 201


@bp.get("/officer/offers")
@token_required(Role.OFFICER)
def officer_offers():
    """Offers, newest first, by round and status.
    ---
    get:
      tags: [rounds]
      summary: List offers
      security: [{bearer: []}]
      parameters:
        - {in: query, name: round_id, schema: {type: integer}}
        - {in: query, name: status, schema: {type: string}}
        - page
        - per_page
      responses:
        200:
          description: A page of offers
          content:
            application/json:
              schema: OfferList
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    status = enum_filter(request.args, "status", OfferStatus)
    query = queries.offers_query(request.args.get("round_id", type=as_id), status)
    return paginate(query, offer_out)
