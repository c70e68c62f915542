"""Schemas of the applicant and verification resources (see docs/api.md).

They check JSON shapes and describe the API; the rules are the operations' own (in
housing/applicants/rules.py), so the API accepts what the pages accept and an error names
the same fields. The enums below only document those rules.
"""

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from housing.api.schemas import id_field, page_of
from housing.applicants import rules
from housing.forecast.operations import headline, how
from housing.identity import IdType
from housing.models import ApplicationStatus, Category, Degree, Layout

_CATEGORIES = {"enum": [c.value for c in Category]}
_LAYOUTS = {"enum": [x.value for x in Layout]}
_DEGREES = {"enum": [d.value for d in Degree]}
_LOCATION = {"description": "[lat, lon] WGS84"}


class Workplace(Schema):
    address = fields.String(allow_none=True)
    location = fields.List(
        fields.Float(allow_nan=False),
        validate=validate.Length(equal=2),
        allow_none=True,
        metadata=_LOCATION,
    )


class MemberIn(Schema):
    name = fields.String(required=True)
    relation = fields.String(required=True, metadata={"enum": list(rules.RELATIONS)})
    birth_date = fields.Date(load_default=None, allow_none=True)
    id_type = fields.String(
        load_default="resident_id", metadata={"enum": [t.value for t in IdType]}
    )
    id_number = fields.String(
        required=True, metadata={"description": "the document's number, checked by its type"}
    )


class MemberOut(Schema):
    id = fields.Integer()
    name = fields.String()
    relation = fields.String()
    birth_date = fields.Date(allow_none=True)
    id_type = fields.String()
    id_number_masked = fields.String(allow_none=True)


class ApplicationIn(Schema):
    """Every field is optional: a PUT saves what it carries into the draft."""

    category = fields.String(metadata=_CATEGORIES)
    degree = fields.String(allow_none=True, metadata=_DEGREES)
    employer_id = id_field(allow_none=True)
    returnee = fields.Boolean()
    returned_on = fields.Date(allow_none=True)
    workplace = fields.Nested(Workplace)
    household_size = fields.Integer(
        metadata={
            "description": "Must equal 1 + the number of members",
            "maximum": rules.MAX_HOUSEHOLD,
        },
    )
    members = fields.List(fields.Nested(MemberIn), metadata={"maxItems": rules.MAX_MEMBERS})
    layouts = fields.List(fields.String(metadata=_LAYOUTS))
    max_commute_min = fields.Integer()
    max_rent = fields.Integer(allow_none=True, metadata={"description": "yuan a month"})
    needs_accessible = fields.Boolean()
    owns_housing_in_shanghai = fields.Boolean()
    owned_area_per_person_m2 = fields.Float(allow_none=True, allow_nan=False)
    other_housing_benefit = fields.Boolean()
    social_insurance_in_shanghai = fields.Boolean()
    consent = fields.Boolean()
    phone = fields.String(allow_none=True)


class DocumentOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    uploaded_at = fields.DateTime()


class DocumentUpload(Schema):
    kind = fields.String(required=True)
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ApplicationOut(Schema):
    id = fields.Integer()
    status = fields.String(validate=validate.OneOf([s.value for s in ApplicationStatus]))
    category = fields.String(allow_none=True)
    degree = fields.String(allow_none=True)
    employer_id = fields.Integer(allow_none=True)
    returnee = fields.Boolean()
    returned_on = fields.Date(allow_none=True)
    workplace = fields.Nested(Workplace)
    household_size = fields.Integer()
    has_children = fields.Boolean()
    members = fields.List(fields.Nested(MemberOut))
    layouts = fields.List(fields.String())
    max_commute_min = fields.Integer()
    max_rent = fields.Integer(allow_none=True)
    needs_accessible = fields.Boolean()
    owns_housing_in_shanghai = fields.Boolean()
    owned_area_per_person_m2 = fields.Float(allow_none=True)
    other_housing_benefit = fields.Boolean()
    social_insurance_in_shanghai = fields.Boolean()
    consent = fields.Boolean()
    documents = fields.List(fields.Nested(DocumentOut))
    decision_reason = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    verified_at = fields.DateTime(allow_none=True)
    waiting_since = fields.Date(allow_none=True)
    priority = fields.Float(allow_none=True)
    missing = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "What still stops submission, by field (drafts only)"},
    )


class ApplicantSummary(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    phone = fields.String(allow_none=True)
    id_type = fields.String()
    id_number_masked = fields.String(allow_none=True)


class OfficerApplicationOut(ApplicationOut):
    applicant = fields.Nested(ApplicantSummary)
    duplicate_of_id = fields.Integer(allow_none=True)
    employment = fields.Dict(
        allow_none=True,
        metadata={"description": "the named employer's answer (status, start_date, note, "
                  "answered_at, left_on); on the single application only"},
    )  # fmt: skip


OfficerApplicationList = page_of(OfficerApplicationOut, "OfficerApplicationList")


class EmployerOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String(allow_none=True)
    industry = fields.String()
    key_industry = fields.Boolean()
    address = fields.String(allow_none=True)
    location = fields.List(fields.Float(), allow_none=True, metadata=_LOCATION)


EmployerList = page_of(EmployerOut, "EmployerList")


class PointItem(Schema):
    rule = fields.String(required=True)
    points = fields.Float(required=True)
    months = fields.Integer()
    count = fields.Integer()


class WaitlistOut(Schema):
    status = fields.String()
    priority = fields.Float(allow_none=True)
    points = fields.List(fields.Nested(PointItem))
    position = fields.Integer(allow_none=True, metadata={"description": "1 is next in line"})
    waiting = fields.Integer(
        allow_none=True, metadata={"description": "Queued applicants ahead in the same layouts"}
    )
    queued = fields.Integer(metadata={"description": "All applicants in the queue"})
    expected_wait_months = fields.Method(
        "_expected",
        metadata={"description": "Months until an offer: {p50, p90} (p90 null beyond 10 years),"
                  " or null when unknown (see expected_wait_note)"},
    )  # fmt: skip
    expected_wait_note = fields.Method(
        "_note", metadata={"description": "The estimate in words, or why there is none"}
    )
    expected_wait_how = fields.Method(
        "_how", metadata={"description": "How the estimate was computed, in plain words"}
    )

    def _expected(self, standing):
        e = standing.expected
        return {"p50": e.p50, "p90": e.p90} if e is not None and e.known else None

    def _note(self, standing):
        if standing.expected is None:
            return _("No estimate yet: it is computed every night for verified applications.")
        return headline(standing.expected)

    def _how(self, standing):
        return how(standing.expected) if standing.expected is not None else None


class EligibilityIn(Schema):
    employer_in_district = fields.Boolean(required=True)
    returnee = fields.Boolean(load_default=False)
    returned_on = fields.Date(load_default=None, allow_none=True)
    owns_housing_in_shanghai = fields.Boolean(load_default=False)
    owned_area_per_person_m2 = fields.Float(load_default=None, allow_none=True, allow_nan=False)
    other_housing_benefit = fields.Boolean(load_default=False)
    social_insurance_in_shanghai = fields.Boolean(required=True)
    category = fields.String(required=True, validate=validate.OneOf(_CATEGORIES["enum"]))


class EligibilityOut(Schema):
    eligible = fields.Boolean()
    reasons = fields.Dict(keys=fields.String(), values=fields.String())
    policy_version = fields.Integer()


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class NoteIn(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class BulkRequestIn(Schema):
    """Several applications sent back with one note (the officer queue's bulk action)."""

    ids = fields.List(
        fields.Integer(strict=True), required=True, validate=validate.Length(min=1, max=200)
    )
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class BulkSkipped(Schema):
    id = fields.Integer()
    status = fields.String(allow_none=True, metadata={"description": "null: no such application"})


class BulkRequestOut(Schema):
    returned = fields.List(fields.Integer())
    skipped = fields.List(fields.Nested(BulkSkipped))


class WithdrawIn(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ChangeIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["job", "household"]))
    employer_id = id_field(allow_none=True)
    returnee = fields.Boolean()
    returned_on = fields.Date(allow_none=True)
    social_insurance_in_shanghai = fields.Boolean()
    workplace = fields.Nested(Workplace)
    household_size = fields.Integer()
    has_children = fields.Boolean()
    owns_housing_in_shanghai = fields.Boolean()
    owned_area_per_person_m2 = fields.Float(allow_none=True, allow_nan=False)
    other_housing_benefit = fields.Boolean()
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ChangeOut(Schema):
    returned_to_verification = fields.Boolean()
    application = fields.Nested(ApplicationOut)


class NotificationOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    subject = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class NotificationList(Schema):
    items = fields.List(fields.Nested(NotificationOut))


class RecomputeOut(Schema):
    applications = fields.Integer()
    snapshots = fields.Integer()
    policy = fields.Integer()


def _location(lat, lon) -> list[float] | None:
    return [lat, lon] if lat is not None and lon is not None else None


def application_out(application, officer: bool = False) -> dict:
    from housing.applicants.operations import missing_for_submit

    data = {
        c: getattr(application, c)
        for c in (
            "id",
            "employer_id",
            "returnee",
            "returned_on",
            "household_size",
            "has_children",
            "layouts",
            "max_commute_min",
            "max_rent",
            "needs_accessible",
            "owns_housing_in_shanghai",
            "owned_area_per_person_m2",
            "other_housing_benefit",
            "social_insurance_in_shanghai",
            "consent",
            "decision_reason",
            "submitted_at",
            "verified_at",
            "waiting_since",
            "priority",
            "members",
            "documents",
        )
    }
    data["status"] = application.status.value
    data["category"] = application.category.value if application.category else None
    data["degree"] = application.degree.value if application.degree else None
    data["workplace"] = {
        "address": application.workplace_address,
        "location": _location(application.workplace_lat, application.workplace_lon),
    }
    data["missing"] = missing_for_submit(application) if application.is_draft else {}
    if officer:
        user = application.user
        data["applicant"] = {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "phone": user.phone,
            "id_type": user.id_type.value,
            "id_number_masked": user.id_number_masked,
        }
        data["duplicate_of_id"] = application.duplicate_of_id
        return OfficerApplicationOut().dump(data)
    return ApplicationOut().dump(data)


def employer_out(employer) -> dict:
    data = {
        c: getattr(employer, c)
        for c in ("id", "code", "name", "name_en", "industry", "key_industry", "address")
    }
    data["location"] = _location(employer.lat, employer.lon)
    return EmployerOut().dump(data)


class PlaceOut(Schema):
    name = fields.String()
    kind = fields.String(metadata={"enum": ["point", "address", "station", "employer", "building"]})
    address = fields.String()
    location = fields.List(fields.Float(), metadata=_LOCATION)
    detail = fields.String(metadata={"description": "metro lines, or the datum a point came in"})


PlaceList = Schema.from_dict(
    {
        "items": fields.List(fields.Nested(PlaceOut)),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "total": fields.Integer(),
        "notice": fields.String(
            allow_none=True, metadata={"description": "set when the geocoder did not answer"}
        ),
    },
    name="PlaceList",
)
