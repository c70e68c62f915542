"""The JSON API, /api/v1: the same operations as the pages, for mobile and landlord systems."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Routes register on import.
from housing.api import (  # noqa: E402,F401
    applicants,
    auth,
    employers,
    landlords,
    money,
    offers,
    officers,
    places,
    policy,
    rounds,
    spec,
    stats,
    tenancies,
)
