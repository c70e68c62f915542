"""The OpenAPI document, generated from the routes' docstrings and the marshmallow schemas."""

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.yaml_utils import load_operations_from_docstring
from flask import current_app

from housing.api import (
    applicant_schemas,
    bp,
    employer_schemas,
    landlord_schemas,
    money_schemas,
    round_schemas,
    schemas,
)

_RULE_ARG = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": "Error"}}}


def build_spec() -> dict:
    spec = APISpec(
        title="Changning talent apartments API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "Applications, waitlist, units and rounds. See API conventions."},
        servers=[{"url": "/"}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module in (
        schemas,
        landlord_schemas,
        applicant_schemas,
        round_schemas,
        money_schemas,
        employer_schemas,
    ):
        for name in dir(module):
            obj = getattr(module, name)
            is_schema = isinstance(obj, type) and issubclass(obj, schemas.Schema)
            # Nested schemas register themselves with their parent; skip those already there.
            if is_schema and obj is not schemas.Schema and name not in spec.components.schemas:
                spec.components.schema(name, schema=obj)
    spec.components.parameter(
        "page", "query", {"schema": {"type": "integer", "minimum": 1, "maximum": 100_000}}
    )
    spec.components.parameter(
        "per_page", "query", {"schema": {"type": "integer", "minimum": 1, "maximum": 200}}
    )
    for name, text in {
        "Malformed": "The body is not JSON",
        "Unauthorized": "No token, or an unknown, expired or revoked one",
        "Forbidden": "Not yours, or the wrong role",
        "NotFound": "No such resource",
        "Conflict": "Conflicts with the current state",
        "Invalid": "Valid JSON that breaks a rule; `fields` names each field",
        "TooMany": "Too many attempts",
    }.items():
        spec.components.response(name, _error_response(text))
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        view = current_app.view_functions[rule.endpoint]
        operations = load_operations_from_docstring(view.__doc__ or "")
        if not operations:
            continue
        path = _RULE_ARG.sub(r"{\1}", rule.rule)
        parameters = [
            {"name": arg, "in": "path", "required": True, "schema": {"type": "string"}}
            for arg in sorted(rule.arguments)
        ]
        spec.path(path=path, operations=operations, parameters=parameters or None)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi():
    """The machine-readable description of this API."""
    return build_spec()
