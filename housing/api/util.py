"""Conventions of the API: bearer auth, JSON bodies, error bodies, pagination."""

from collections.abc import Callable
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, request
from flask_babel import gettext as _
from marshmallow import Schema
from marshmallow import ValidationError as SchemaError

from housing import pagination
from housing.auth.operations import user_for_token
from housing.errors import AuthError, MalformedRequest, PermissionError_
from housing.errors import ValidationError as RuleError
from housing.models import Role, User
from housing.pagination import MAX_PAGE


def _flatten(messages: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value)
        else:
            flat[name] = str(value)
    return flat


def json_body(schema: Schema, partial: bool = False) -> dict:
    """The request's JSON, validated: 400 if it is not JSON, 422 naming each bad field."""
    data = request.get_json(silent=True)
    if data is None:
        raise MalformedRequest(_("The body must be a JSON object."), {"body": _("not JSON")})
    if not isinstance(data, dict):
        raise MalformedRequest(_("The body must be a JSON object."), {"body": _("not an object")})
    try:
        return schema.load(data, partial=partial)
    except SchemaError as exc:
        raise RuleError(_("Some fields are invalid."), _flatten(exc.messages)) from None


def current_api_user() -> User:
    return g.api_user


def token_required(*roles: Role) -> Callable:
    """A valid bearer token (401 otherwise) of one of `roles` (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _sep, raw = header.partition(" ")
            if scheme.lower() != "bearer" or not raw:
                raise AuthError(_("Send a bearer token in the Authorization header."))
            user = user_for_token(raw.strip())
            if user is None:
                raise AuthError(_("The token is unknown, expired or revoked."))
            if roles and user.role not in roles:
                raise PermissionError_(_("Your role may not use this resource."))
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator


def page_args() -> tuple[int, int]:
    fields = {}
    try:
        page = int(request.args.get("page", 1))
        if not 1 <= page <= MAX_PAGE:
            raise ValueError
    except ValueError:
        fields["page"] = _("must be between 1 and %(max)d", max=MAX_PAGE)
        page = 1
    maximum = current_app.config["API_MAX_PER_PAGE"]
    try:
        per_page = int(request.args.get("per_page", current_app.config["API_PER_PAGE"]))
        if not 1 <= per_page <= maximum:
            raise ValueError
    except ValueError:
        fields["per_page"] = _("must be between 1 and %(max)d", max=maximum)
        per_page = 1
    if fields:
        raise MalformedRequest(_("Bad pagination parameters."), fields)
    return page, per_page


def paginate(query: sa.Select, dump: Callable) -> dict:
    """`{"items", "page", "per_page", "total"}` for a select, as docs/api.md describes."""
    page = pagination.paginate(query, *page_args())
    return {
        "items": [dump(r) for r in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }
