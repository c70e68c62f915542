"""The officers' and admins' blueprint: every page module's routes, registered in one list."""

from flask import Blueprint

from housing.officers import partners, policy, views, whatif

bp = Blueprint("officers", __name__, url_prefix="/officer")

for module in (views, partners, policy, whatif):
    for rule, view, methods in module.ROUTES:
        bp.add_url_rule(rule, view_func=view, methods=methods)
