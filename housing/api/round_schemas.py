"""Schemas of the round, offer and public-notice resources (docs/api.md, docs/rounds.md)."""

from marshmallow import Schema, fields, validate

from housing.api.schemas import id_field, page_of

_MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Use YYYY-MM.")


class RoundIn(Schema):
    month = fields.String(required=True, validate=_MONTH, metadata={"example": "2027-01"})
    dry_run = fields.Boolean(
        load_default=True,
        metadata={"description": "false previews and commits in one call (201 or 409)"},
    )


class RoundOut(Schema):
    id = fields.Integer()
    month = fields.String()
    status = fields.String(
        metadata={"description": "running, failed, preview, notice, offers, closed"}
    )
    stage = fields.String(allow_none=True, metadata={"description": "progress while running"})
    error = fields.String(allow_none=True, metadata={"description": "why a preview failed"})
    seed = fields.Integer()
    mechanism = fields.String()
    policy_version = fields.Integer()
    input_sha256 = fields.String(allow_none=True)
    metrics = fields.Dict(metadata={"description": "the preview's report"})
    created_at = fields.DateTime()
    committed_at = fields.DateTime(allow_none=True)
    notice_until = fields.DateTime(allow_none=True)


RoundList = page_of(RoundOut, "RoundList")


class AssignmentOut(Schema):
    application_id = fields.Integer()
    unit_id = fields.Integer()
    rank = fields.Integer()
    commute_min = fields.Float()
    cost = fields.Integer()
    offer_status = fields.String(allow_none=True)


AssignmentList = page_of(AssignmentOut, "AssignmentList")


class ExclusionOut(Schema):
    application_id = fields.Integer()
    reason = fields.String(metadata={"description": "outranked or no_eligible_unit"})
    detail = fields.String(allow_none=True)
    explanation = fields.String(metadata={"description": "the reason in words"})


ExclusionList = page_of(ExclusionOut, "ExclusionList")


class CompareOut(Schema):
    a = fields.Nested(RoundOut)
    b = fields.Nested(RoundOut)
    gains = fields.List(fields.Integer(), metadata={"description": "served in b, not in a"})
    losses = fields.List(fields.Integer(), metadata={"description": "served in a, not in b"})
    moves = fields.List(fields.Integer(), metadata={"description": "served in both, other unit"})


class ObjectionIn(Schema):
    application_id = id_field(required=True)
    note = fields.String(required=True, validate=validate.Length(max=2000))
    upheld = fields.Boolean(required=True)


class ObjectionOut(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    application_id = fields.Integer()
    note = fields.String()
    upheld = fields.Boolean()
    created_at = fields.DateTime()


class OfferOut(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    application_id = fields.Integer()
    unit_id = fields.Integer()
    status = fields.String()
    sent_at = fields.DateTime()
    deadline_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    cascade_of = fields.Integer(allow_none=True)


OfferList = page_of(OfferOut, "OfferList")


class OfferedUnit(Schema):
    id = fields.Integer()
    building = fields.String()
    address = fields.String()
    layout = fields.String()
    area_m2 = fields.Float()
    floor = fields.Integer(allow_none=True)
    rent = fields.Integer(metadata={"description": "yuan a month"})
    landlord = fields.String()


class MyOfferOut(OfferOut):
    unit = fields.Nested(OfferedUnit)
    commute_min = fields.Float(allow_none=True)
    decline_reason = fields.String(allow_none=True)


class MyOffers(Schema):
    items = fields.List(fields.Nested(MyOfferOut))


class DeclineIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class NoticeEntry(Schema):
    rank = fields.Integer()
    name = fields.String(metadata={"description": "masked: 王*明"})
    id_number = fields.String(metadata={"description": "masked"})
    building = fields.String()
    layout = fields.String()


class PublicRoundOut(Schema):
    id = fields.Integer()
    month = fields.String()
    status = fields.String()
    committed_at = fields.DateTime()
    notice_until = fields.DateTime(allow_none=True)
    input_sha256 = fields.String()
    served = fields.Integer()
    results = fields.List(fields.Nested(NoticeEntry))
    rerun = fields.String(metadata={"description": "how to re-run the round"})
