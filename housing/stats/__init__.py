"""The district in figures: the officers' and landlords' dashboards, the public statistics and
the officers' exports. `figures` computes, `tables` labels, `public` hides small counts,
`exports` writes files; the views only choose which to show (see docs/dashboard.md).
"""

from flask import Blueprint

bp = Blueprint("stats", __name__)

from housing.stats import views  # noqa: E402,F401  (routes register on import)
