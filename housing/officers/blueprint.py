"""The officers' and admins' blueprint: every page module's routes, registered in one list."""

from flask import Blueprint

from housing.officers import admin, partners, policy, views, whatif
from housing.stats.views import OFFICER_ROUTES

bp = Blueprint("officers", __name__, url_prefix="/officer")

for module in (views, partners, policy, admin, whatif):
    for rule, view, methods in module.ROUTES:
        bp.add_url_rule(rule, view_func=view, methods=methods)
for rule, view, methods in OFFICER_ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=methods)
