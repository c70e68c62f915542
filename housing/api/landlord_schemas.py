"""Schemas of the landlord resources: buildings, units and the spreadsheet import.

They check JSON types and describe the API; the rules themselves (location, rent cap,
layout sizes) are the same functions the pages use, in housing/landlords/rules.py.
"""

from marshmallow import Schema, fields, validate

from housing.api.schemas import page_of
from housing.models import LANDLORD_STATUSES, Category, Layout, Street, UnitStatus

_STREETS = validate.OneOf([s.value for s in Street])
_LAYOUTS = validate.OneOf([x.value for x in Layout])
_CATEGORIES = validate.OneOf([c.value for c in Category])


class BuildingIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(required=True, validate=validate.Length(min=1, max=300))
    street = fields.String(required=True, validate=_STREETS)
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
    building_id = fields.Integer(required=True, strict=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    layout = fields.String(required=True, validate=_LAYOUTS)
    bedrooms = fields.Integer(
        strict=True, allow_none=True, load_default=None, metadata={"description": "as layout"}
    )
    area_m2 = fields.Float(required=True, allow_nan=False)
    max_occupants = fields.Integer(required=True, strict=True)
    floor = fields.Integer(strict=True, allow_none=True, load_default=None)
    rent = fields.Integer(
        required=True, strict=True, metadata={"description": "yuan a month, <= 90% of market"}
    )
    market_rent = fields.Integer(required=True, strict=True)
    accessible = fields.Boolean(load_default=False)
    reserved_for_employers = fields.List(fields.String(), load_default=list)
    reserved_for_categories = fields.List(fields.String(validate=_CATEGORIES), load_default=list)


class UnitPatch(Schema):
    """Any unit field; `status` only to vacant, maintenance or withdrawn."""

    building_id = fields.Integer(strict=True)
    code = fields.String(validate=validate.Length(min=1, max=40))
    layout = fields.String(validate=_LAYOUTS)
    bedrooms = fields.Integer(strict=True, allow_none=True)
    area_m2 = fields.Float(allow_nan=False)
    max_occupants = fields.Integer(strict=True)
    floor = fields.Integer(strict=True, allow_none=True)
    rent = fields.Integer(strict=True)
    market_rent = fields.Integer(strict=True)
    accessible = fields.Boolean()
    reserved_for_employers = fields.List(fields.String())
    reserved_for_categories = fields.List(fields.String(validate=_CATEGORIES))
    status = fields.String(validate=validate.OneOf([s.value for s in LANDLORD_STATUSES]))


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
