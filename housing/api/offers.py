"""The public notice and the applicant's offers over the API: the same operations as the pages."""

from housing.api import bp
from housing.api.round_schemas import DeclineIn, MyOfferOut, PublicRoundOut
from housing.api.rounds import offer_out, stored
from housing.api.util import current_api_user, json_body, token_required
from housing.extensions import db
from housing.models import Role
from housing.rounds import offers, queries


@bp.get("/public/rounds/<int:round_id>")
def public_round(round_id: int):
    """The public notice of a committed round: ranks, masked names and ID numbers, units.
    ---
    get:
      tags: [public]
      summary: A round's public notice
      responses:
        200:
          description: The notice
          content:
            application/json:
              schema: PublicRoundOut
        404: {$ref: '#/components/responses/NotFound'}
    """
    round_ = queries.public_round(round_id)
    entries = [
        queries.notice_entry(a) for a in db.session.scalars(queries.assignments_query(round_id))
    ]
    return PublicRoundOut().dump(
        {
            "id": round_.id,
            "month": round_.month,
            "status": round_.status.value,
            "committed_at": round_.committed_at,
            "notice_until": round_.notice_until,
            "input_sha256": round_.input_sha256,
            "served": len(entries),
            "results": entries,
            "rerun": queries.RERUN,
        }
    )


@bp.get("/public/rounds/<int:round_id>/input")
def public_round_input(round_id: int):
    """The committed round's published input.
    ---
    get:
      tags: [public]
      summary: A round's published input
      responses:
        200: {description: allocation-instance@1, content: {application/json: {}}}
        404: {$ref: '#/components/responses/NotFound'}
    """
    return stored(queries.public_round(round_id).input_json)


@bp.get("/public/rounds/<int:round_id>/result")
def public_round_result(round_id: int):
    """The committed round's published result.
    ---
    get:
      tags: [public]
      summary: A round's published result
      responses:
        200: {description: allocation-result@1, content: {application/json: {}}}
        404: {$ref: '#/components/responses/NotFound'}
    """
    return stored(queries.public_round(round_id).result_json)


@bp.get("/me/offers")
@token_required(Role.APPLICANT)
def my_offers():
    """The own offers, newest first, with the unit, its commute and the deadline.
    ---
    get:
      tags: [applicant]
      summary: My offers
      security: [{bearer: []}]
      responses:
        200:
          description: The offers
          content:
            application/json:
              schema: MyOffers
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    items = queries.my_offers(current_api_user())
    return {"items": [offer_out(o, MyOfferOut) for o in items]}


@bp.post("/me/offers/<int:offer_id>/accept")
@token_required(Role.APPLICANT)
def my_offer_accept(offer_id: int):
    """Accept an offer before its deadline.
    ---
    post:
      tags: [applicant]
      summary: Accept an offer
      security: [{bearer: []}]
      responses:
        200:
          description: The accepted offer
          content:
            application/json:
              schema: MyOfferOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    return offer_out(offers.accept(current_api_user(), offer_id), MyOfferOut)


@bp.post("/me/offers/<int:offer_id>/decline")
@token_required(Role.APPLICANT)
def my_offer_decline(offer_id: int):
    """Decline an offer, with a reason; the unit goes to the next in the round's order.
    ---
    post:
      tags: [applicant]
      summary: Decline an offer
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: DeclineIn
      responses:
        200:
          description: The declined offer
          content:
            application/json:
              schema: MyOfferOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    body = json_body(DeclineIn())
    return offer_out(offers.decline(current_api_user(), offer_id, body["reason"]), MyOfferOut)
