"""Errors that operations raise, and how pages and the API show them."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


class OperationError(Exception):
    """A rule refused the request; `fields` names the inputs at fault."""

    status = 422
    code = "rule_violation"

    def __init__(self, message: str, fields: dict[str, str] | None = None, **extra) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.extra = extra


class MalformedRequest(OperationError):
    """The request itself is malformed: a body that is not JSON, an unknown filter value."""

    status = 400
    code = "bad_request"


class ValidationError(OperationError):
    status = 422
    code = "validation_error"


class ConflictError(OperationError):
    status = 409
    code = "conflict"


class NotFoundError(OperationError):
    status = 404
    code = "not_found"


class PermissionError_(OperationError):
    status = 403
    code = "forbidden"


class AuthError(OperationError):
    status = 401
    code = "unauthorized"


class TooManyAttempts(OperationError):
    status = 429
    code = "too_many_attempts"


def json_error(status: int, code: str, message: str, fields: dict | None = None, **extra):
    body = {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}
    return jsonify(body), status


def _is_api() -> bool:
    return request.path.startswith("/api/")


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_error",
    429: "too_many_attempts",
    500: "server_error",
}


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters() -> None:
    """No field may hold a NUL character: PostgreSQL text cannot store one, so it is refused
    here as a malformed request (400) before any query meets it and fails with a 500."""
    fields = {}
    pairs = [*request.args.items(multi=True), *request.form.items(multi=True)]
    for name, value in pairs:
        if _has_nul(name) or _has_nul(value):
            fields[name.replace("\x00", "")] = _("contains a NUL character")
    if _has_nul(request.path):
        fields["path"] = _("contains a NUL character")
    if request.is_json and _has_nul(request.get_json(silent=True)):
        fields["body"] = _("contains a NUL character")
    if fields:
        raise MalformedRequest(_("The request contains a NUL character."), fields)


def register_error_handlers(app: Flask) -> None:
    app.before_request(refuse_nul_characters)

    @app.errorhandler(OperationError)
    def _operation_error(exc: OperationError):
        if _is_api():
            return json_error(exc.status, exc.code, exc.message, exc.fields, **exc.extra)
        return render_template("errors/error.html", status=exc.status, message=exc.message), (
            exc.status
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if _is_api():
            return json_error(status, _HTTP_CODES.get(status, "error"), exc.description)
        messages = {
            403: _("You do not have access to this page."),
            404: _("This page does not exist."),
            413: _("The upload is too large."),
        }
        message = messages.get(status, exc.description)
        return render_template("errors/error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        from housing.extensions import db

        db.session.rollback()
        if _is_api():
            return json_error(500, "server_error", "internal error")
        return render_template(
            "errors/error.html", status=500, message=_("Something went wrong on our side.")
        ), 500
