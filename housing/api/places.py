"""The map picker's search on the API: the same `housing.places.search` as the pages."""

from flask import request
from flask_babel import gettext as _

from housing import places
from housing.api import bp
from housing.api.util import page_args
from housing.errors import MalformedRequest

MAX_QUERY = 100


@bp.get("/places")
def search_places():
    """Search places for the map picker (public): stations, employers, buildings, addresses.
    ---
    get:
      tags: [places]
      summary: Place search
      description: >
        Metro stations (Chinese and English names), the district's employers and buildings,
        and the configured geocoder's answer; a pasted "lat, lon" comes back as GPS (WGS84)
        and as a Chinese map app's GCJ-02 point converted to WGS84. `location` is [lat, lon]
        WGS84. `notice` says when the geocoder did not answer and only the offline list did.
      parameters:
        - {in: query, name: q, required: true, schema: {type: string, maxLength: 100}}
        - page
        - per_page
      responses:
        200:
          description: A page of places, in a stable order
          content:
            application/json:
              schema: PlaceList
        400: {$ref: '#/components/responses/Malformed'}
    """
    q = (request.args.get("q") or "").strip()
    if not q:
        message = _("Type a place to search for.")
        raise MalformedRequest(message, {"q": message})
    if len(q) > MAX_QUERY:
        message = _("At most %(n)d characters.", n=MAX_QUERY)
        raise MalformedRequest(message, {"q": message})
    page, per_page = page_args()
    found = places.search(q)
    start = (page - 1) * per_page
    return {
        "items": [p.as_dict() for p in found.places[start : start + per_page]],
        "page": page,
        "per_page": per_page,
        "total": len(found.places),
        "notice": found.notice,
    }
