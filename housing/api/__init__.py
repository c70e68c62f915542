"""The JSON API, /api/v1: the same operations as the pages, for mobile and landlord systems."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from housing.api import auth, landlords, spec  # noqa: E402,F401  (routes register on import)
