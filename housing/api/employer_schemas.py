"""Schemas of the employer resources: staff applications, answers, recommendations."""

from marshmallow import Schema, fields, validate

from housing.api.schemas import id_field, page_of


class EmploymentOut(Schema):
    status = fields.String(metadata={"description": "confirmed, denied, left"})
    start_date = fields.String(allow_none=True, metadata={"format": "date"})
    note = fields.String(allow_none=True)
    answered_at = fields.String(metadata={"format": "date-time"})
    left_on = fields.String(allow_none=True, metadata={"format": "date"})


class StaffOut(Schema):
    id = fields.Integer()
    name = fields.String()
    id_number = fields.String(allow_none=True, metadata={"description": "masked"})
    status = fields.String()
    category = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    employment = fields.Nested(EmploymentOut, allow_none=True)
    recommendation = fields.String(
        allow_none=True, metadata={"description": "apartment or subsidy, while active"}
    )


StaffList = page_of(StaffOut, "StaffList")


class ConfirmIn(Schema):
    start_date = fields.Date(required=True, metadata={"example": "2025-03-01"})


class DenyIn(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class RecommendIn(Schema):
    benefit = fields.String(
        load_default="apartment", validate=validate.OneOf(["apartment", "subsidy"])
    )


class DepartureIn(Schema):
    application_id = id_field(required=True)
    left_on = fields.Date(required=True, metadata={"example": "2027-03-31"})


class DepartureOut(Schema):
    employment = fields.Nested(EmploymentOut)
    tenancy_id = fields.Integer(allow_none=True)
    move_out_by = fields.String(allow_none=True)
    grant_id = fields.Integer(allow_none=True)
    subsidy_ends_on = fields.String(allow_none=True)


class EmployerDashboardOut(Schema):
    to_answer = fields.Integer()
    submitted = fields.Integer()
    queue = fields.Integer()
    offered = fields.Integer()
    housed = fields.Integer()
    subsidy = fields.Integer()
    year = fields.Integer()
    quota = fields.Integer()
    quota_used = fields.Integer()
    reminders_due = fields.List(fields.String(), metadata={"description": "months, YYYY-MM"})


class BenefitIn(Schema):
    benefit = fields.String(required=True, validate=validate.OneOf(["apartment", "subsidy"]))
