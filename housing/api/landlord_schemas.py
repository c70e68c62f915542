"""Schemas of the landlord resources: buildings, units and the spreadsheet import.

They check JSON shapes and describe the API; the rules themselves (streets, layouts,
location, rent cap, layout sizes) are the same functions the pages and the import use, in
housing/landlords/rules.py, so the API accepts the same values (a street's Chinese name,
a layout written 一室一厅). The enums below only document the canonical values.
"""

from marshmallow import Schema, fields, validate

from housing.api.schemas import id_field, page_of
from housing.models import LANDLORD_STATUSES, Layout, Street, UnitStatus
from housing.policy import RENT_CAP_CEILING_PCT

_STREET = {
    "description": "A street's code or its Chinese name (天山路街道, or 天山路)",
    "example": Street.TIANSHAN.value,
}
_LAYOUT = {
    "description": "studio, 1BR, 2BR or 3BR; Chinese names (一室一厅 …) are accepted too",
    "example": Layout.ONE_BR.value,
}
_CATEGORY = {"description": "A talent category's code or Chinese name (青年人才 …)"}
_STATUS = {"enum": [s.value for s in LANDLORD_STATUSES]}
_RENT = {
    "description": f"yuan a month, at most {RENT_CAP_CEILING_PCT}% of market (the policy's cap)"
}


class BuildingIn(Schema):
    name = fields.String(required=True)
    address = fields.String(required=True)
    street = fields.String(required=True, metadata=_STREET)
    location = fields.List(
        fields.Float(allow_nan=False),
        required=True,
        validate=validate.Length(equal=2),
        metadata={"description": "[lat, lon] WGS84, in or next to Changning"},
    )


class BuildingOut(Schema):
    id = fields.Integer()
    name = fields.String()
    address = fields.String()
    street = fields.String()
    location = fields.List(fields.Float())
    created_at = fields.DateTime()


BuildingList = page_of(BuildingOut, "BuildingList")


class UnitIn(Schema):
    building_id = id_field(required=True, strict=True)
    code = fields.String(required=True)
    layout = fields.String(required=True, metadata=_LAYOUT)
    bedrooms = fields.Integer(
        strict=True, allow_none=True, load_default=None, metadata={"description": "as layout"}
    )
    area_m2 = fields.Float(required=True, allow_nan=False)
    max_occupants = fields.Integer(required=True, strict=True)
    floor = fields.Integer(strict=True, allow_none=True, load_default=None)
    rent = fields.Integer(required=True, strict=True, metadata=_RENT)
    market_rent = fields.Integer(required=True, strict=True)
    accessible = fields.Boolean(load_default=False)
    reserved_for_employers = fields.List(fields.String(), load_default=list)
    reserved_for_categories = fields.List(fields.String(metadata=_CATEGORY), load_default=list)


class UnitPatch(Schema):
    """Any unit field; `status` only to vacant, maintenance or withdrawn."""

    building_id = id_field(strict=True)
    code = fields.String()
    layout = fields.String(metadata=_LAYOUT)
    bedrooms = fields.Integer(strict=True, allow_none=True)
    area_m2 = fields.Float(allow_nan=False)
    max_occupants = fields.Integer(strict=True)
    floor = fields.Integer(strict=True, allow_none=True)
    rent = fields.Integer(strict=True, metadata=_RENT)
    market_rent = fields.Integer(strict=True)
    accessible = fields.Boolean()
    reserved_for_employers = fields.List(fields.String())
    reserved_for_categories = fields.List(fields.String(metadata=_CATEGORY))
    status = fields.String(metadata=_STATUS)


class UnitOut(Schema):
    id = fields.Integer()
    building_id = fields.Integer()
    code = fields.String()
    layout = fields.String()
    bedrooms = fields.Integer()
    area_m2 = fields.Float()
    max_occupants = fields.Integer()
    floor = fields.Integer(allow_none=True)
    rent = fields.Integer()
    market_rent = fields.Integer()
    accessible = fields.Boolean()
    reserved_for_employers = fields.List(fields.String())
    reserved_for_categories = fields.List(fields.String())
    status = fields.String(validate=validate.OneOf([s.value for s in UnitStatus]))
    updated_at = fields.DateTime()


UnitList = page_of(UnitOut, "UnitList")


class ImportResultOut(Schema):
    imported = fields.Integer(required=True)
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()


class ImportProblem(Schema):
    line = fields.Integer(required=True, metadata={"description": "1 is the header row"})
    field = fields.String(required=True)
    column = fields.String(metadata={"description": "the column name as written in the file"})
    message = fields.String(required=True)


class ImportErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.String())
    rows = fields.List(fields.Nested(ImportProblem), required=True)


class ImportRefusal(Schema):
    error = fields.Nested(ImportErrorBody, required=True)


def building_out(building) -> dict:
    return BuildingOut().dump(
        {
            "id": building.id,
            "name": building.name,
            "address": building.address,
            "street": building.street.value,
            "location": [building.lat, building.lon],
            "created_at": building.created_at,
        }
    )


def unit_out(unit) -> dict:
    return UnitOut().dump(
        {
            **{name: getattr(unit, name) for name in UnitOut._declared_fields},
            "layout": unit.layout.value,
            "status": unit.status.value,
        }
    )
