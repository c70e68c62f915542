"""Marshmallow schemas: they validate API input and describe it in the OpenAPI document."""

from marshmallow import Schema, fields, validate

from housing.auth.operations import MIN_PASSWORD
from housing.identity import IdType
from housing.parsing import MAX_ID


def id_field(**kw) -> fields.Integer:
    """An id sent in a body: one no table can hold is a 422 naming the field, not a 500."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kw)


class TokenRequest(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=128))


class TokenResponse(Schema):
    token = fields.String(required=True)
    role = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


class ApplicantRegistration(Schema):
    """Shapes only: register_applicant checks every value, as for the registration page."""

    email = fields.String(required=True, metadata={"format": "email"})
    password = fields.String(
        required=True, validate=validate.Length(max=128), metadata={"minLength": MIN_PASSWORD}
    )
    name = fields.String(required=True, validate=validate.Length(max=100))
    id_type = fields.String(
        load_default="resident_id",
        metadata={
            "enum": [t.value for t in IdType],
            "description": "the identity document; resident_id when left out",
        },
    )
    id_number = fields.String(
        required=True, metadata={"description": "the document's number, checked by its type"}
    )
    phone = fields.String(validate=validate.Length(max=30), load_default=None)


class PasswordResetRequest(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The shape of every API list (docs/api.md): a page of items and the total."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item)),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            "total": fields.Integer(),
        },
        name=name,
    )


class UserOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    id_type = fields.String()
    id_number_masked = fields.String(allow_none=True)


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.String())


class Error(Schema):
    error = fields.Nested(ErrorBody, required=True)


def user_out(user) -> dict:
    return UserOut().dump(
        {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "id_type": user.id_type.value,
            "id_number_masked": user.id_number_masked,
        }
    )
