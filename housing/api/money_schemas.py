"""Schemas of the tenancy, review, subsidy, statement, run and ledger resources."""

from marshmallow import Schema, fields, validate

from housing.api.schemas import page_of

_MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Use YYYY-MM.")


class TenancyOut(Schema):
    id = fields.Integer()
    unit_id = fields.Integer()
    unit = fields.String(metadata={"description": "building and unit code"})
    status = fields.String(metadata={"description": "upcoming, active, ending, ended"})
    start_date = fields.Date()
    end_date = fields.Date()
    rent = fields.Integer(metadata={"description": "yuan a month"})
    move_in_on = fields.Date(allow_none=True)
    move_out_on = fields.Date(allow_none=True)
    renewed_from_id = fields.Integer(allow_none=True)
    review_due_on = fields.Date(allow_none=True)
    lease_pdf = fields.String(metadata={"description": "URL of the lease PDF"})


TenancyList = page_of(TenancyOut, "TenancyList")


class DateIn(Schema):
    date = fields.Date(required=True, metadata={"example": "2027-01-15"})


class ReviewIn(Schema):
    employer_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "null: no district employer"}
    )
    household_size = fields.Integer(required=True)
    owns_housing_in_shanghai = fields.Boolean(required=True)


class ReviewOut(Schema):
    id = fields.Integer()
    tenancy_id = fields.Integer()
    due_on = fields.Date()
    at_lease_end = fields.Boolean()
    status = fields.String(
        metadata={"description": "due, answered, escalated, renewed, continued, refused"}
    )
    employer_id = fields.Integer(allow_none=True)
    household_size = fields.Integer(allow_none=True)
    owns_housing_in_shanghai = fields.Boolean(allow_none=True)
    reminded_at = fields.DateTime(allow_none=True)
    problems = fields.Dict(metadata={"description": "why the tenant no longer qualifies"})
    reason = fields.String(allow_none=True)
    renewal_id = fields.Integer(allow_none=True)


ReviewList = page_of(ReviewOut, "ReviewList")


class RenewIn(Schema):
    years = fields.Integer(load_default=None)
    rent = fields.Integer(load_default=None, metadata={"description": "yuan a month"})


class RefuseIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(max=2000))
    move_out_by = fields.Date(load_default=None)


class GrantOut(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    status = fields.String(metadata={"description": "requested, approved, rejected, ended"})
    first_month = fields.String()
    months = fields.Integer()
    monthly_amounts = fields.List(fields.Integer(), metadata={"description": "yuan"})
    months_paid = fields.Integer()
    paid_fen = fields.Integer()
    cap_fen = fields.Integer()
    ends_on = fields.Date(allow_none=True)
    end_reason = fields.String(allow_none=True)
    decision_reason = fields.String(allow_none=True)


GrantList = page_of(GrantOut, "GrantList")


class ReasonIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(max=2000))


class StopIn(Schema):
    date = fields.Date(required=True, metadata={"description": "the last day paid for"})
    reason = fields.String(load_default="eligibility_lost", validate=validate.Length(max=64))


class MonthIn(Schema):
    month = fields.String(required=True, validate=_MONTH, metadata={"example": "2027-01"})


class RunOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    month = fields.String()
    entries = fields.Integer()
    total_fen = fields.Integer()
    created = fields.Boolean(metadata={"description": "false when the month had run already"})


class LineOut(Schema):
    tenancy_id = fields.Integer()
    unit_id = fields.Integer()
    unit = fields.String()
    first_day = fields.Date()
    last_day = fields.Date()
    days = fields.Integer()
    amount_fen = fields.Integer()


class StatementOut(Schema):
    id = fields.Integer()
    landlord_id = fields.Integer()
    landlord = fields.String()
    month = fields.String()
    unit_days = fields.Integer()
    rate = fields.Integer(metadata={"description": "yuan per unit-month"})
    amount_fen = fields.Integer()
    status = fields.String(metadata={"description": "draft, approved"})
    lines = fields.List(fields.Nested(LineOut))


StatementList = page_of(StatementOut, "StatementList")


class EntryOut(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "subsidy, incentive"})
    month = fields.String()
    amount_fen = fields.Integer()
    grant_id = fields.Integer(allow_none=True)
    statement_id = fields.Integer(allow_none=True)
    run_id = fields.Integer(allow_none=True)
    corrects = fields.Integer(allow_none=True)
    payee = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


EntryList = page_of(EntryOut, "EntryList")


class CorrectionIn(Schema):
    amount_fen = fields.Integer(required=True, strict=True)
    note = fields.String(required=True, validate=validate.Length(max=2000))


class SubsidyClaimIn(Schema):
    lease = fields.Raw(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "PDF/JPEG/PNG"},
    )
    first_month = fields.String(validate=_MONTH, metadata={"description": "default: next month"})
