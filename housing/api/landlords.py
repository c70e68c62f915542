"""The landlord resources, for landlords' own property systems: the page rules, over JSON."""

from flask import request

from housing.api import bp
from housing.api.landlord_schemas import (
    BuildingIn,
    UnitIn,
    UnitPatch,
    building_out,
    unit_out,
)
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.landlords import imports, operations
from housing.models import Role, UnitStatus
from housing.pagination import enum_filter
from housing.parsing import as_id


def _org() -> int:
    return current_api_user().landlord_id


@bp.get("/landlord/buildings")
@token_required(Role.LANDLORD)
def list_buildings():
    """The own organisation's buildings.
    ---
    get:
      tags: [landlord]
      summary: List the own buildings
      security: [{bearer: []}]
      parameters:
        - page
        - per_page
      responses:
        200:
          description: A page of buildings
          content:
            application/json:
              schema: BuildingList
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    return paginate(operations.list_buildings(_org()), building_out)


@bp.post("/landlord/buildings")
@token_required(Role.LANDLORD)
def create_building():
    """Register a building.
    ---
    post:
      tags: [landlord]
      summary: Add a building in or next to Changning
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: BuildingIn
      responses:
        201:
          description: The new building
          content:
            application/json:
              schema: BuildingOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    data = json_body(BuildingIn())
    lat, lon = data.pop("location")
    building = operations.create_building(
        _org(), current_api_user(), {**data, "lat": lat, "lon": lon}
    )
    return building_out(building), 201


@bp.patch("/landlord/buildings/<int:building_id>")
@token_required(Role.LANDLORD)
def patch_building(building_id: int):
    """Correct an own building: the fields sent change, by the same rules as adding one.
    ---
    patch:
      tags: [landlord]
      summary: Edit an own building
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: BuildingIn
      responses:
        200:
          description: The building
          content:
            application/json:
              schema: BuildingOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    building = operations.get_building(_org(), building_id)
    data = json_body(BuildingIn(), partial=True)
    values = {k: getattr(building, k) for k in ("name", "address", "street", "lat", "lon")}
    if "location" in data:
        values["lat"], values["lon"] = data.pop("location")
    values.update(data)
    return building_out(operations.update_building(building, current_api_user(), values))


@bp.get("/landlord/units")
@token_required(Role.LANDLORD)
def list_units():
    """The own organisation's units.
    ---
    get:
      tags: [landlord]
      summary: List the own units
      security: [{bearer: []}]
      parameters:
        - in: query
          name: status
          schema: {type: string, enum: [vacant, offered, occupied, maintenance, withdrawn]}
        - {in: query, name: building_id, schema: {type: integer}}
        - page
        - per_page
      responses:
        200:
          description: A page of units
          content:
            application/json:
              schema: UnitList
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    status = enum_filter(request.args, "status", UnitStatus)
    building_id = request.args.get("building_id", type=as_id)
    query = operations.list_units(_org(), status, building_id)
    return paginate(query, unit_out)


@bp.post("/landlord/units")
@token_required(Role.LANDLORD)
def create_unit():
    """Add a unit.
    ---
    post:
      tags: [landlord]
      summary: Add a vacant unit to one of the own buildings
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: UnitIn
      responses:
        201:
          description: The new unit
          content:
            application/json:
              schema: UnitOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    unit = operations.create_unit(_org(), current_api_user(), json_body(UnitIn()))
    return unit_out(unit), 201


@bp.get("/landlord/units/<int:unit_id>")
@token_required(Role.LANDLORD)
def get_unit(unit_id: int):
    """One unit.
    ---
    get:
      tags: [landlord]
      summary: Read one of the own units
      security: [{bearer: []}]
      responses:
        200:
          description: The unit
          content:
            application/json:
              schema: UnitOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    return unit_out(operations.get_unit(_org(), unit_id))


@bp.patch("/landlord/units/<int:unit_id>")
@token_required(Role.LANDLORD)
def patch_unit(unit_id: int):
    """Change a unit.
    ---
    patch:
      tags: [landlord]
      summary: Change fields of a unit, or its status (vacant, maintenance, withdrawn)
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: UnitPatch
      responses:
        200:
          description: The changed unit
          content:
            application/json:
              schema: UnitOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    unit = operations.get_unit(_org(), unit_id)
    values = json_body(UnitPatch(), partial=True)
    return unit_out(operations.update_unit(unit, current_api_user(), values))


@bp.delete("/landlord/units/<int:unit_id>")
@token_required(Role.LANDLORD)
def delete_unit(unit_id: int):
    """Delete a unit that never had an offer or tenancy.
    ---
    delete:
      tags: [landlord]
      summary: Delete a unit (others are withdrawn instead)
      security: [{bearer: []}]
      responses:
        204: {description: Deleted}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    operations.delete_unit(operations.get_unit(_org(), unit_id), current_api_user())
    return "", 204


@bp.post("/landlord/units/import")
@token_required(Role.LANDLORD)
def import_units():
    """Import units from a CSV or XLSX file: all rows or none.
    ---
    post:
      tags: [landlord]
      summary: Import a spreadsheet of units (unit code is the key; re-imports update)
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
          text/csv:
            schema: {type: string}
          application/vnd.openxmlformats-officedocument.spreadsheetml.sheet:
            schema: {type: string, format: binary}
      responses:
        200:
          description: Every row imported
          content:
            application/json:
              schema: ImportResultOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        422:
          description: Nothing imported; each bad row with its line, field and reason
          content:
            application/json:
              schema: ImportRefusal
    """
    upload = request.files.get("file")
    data = upload.read(imports.MAX_BYTES + 1) if upload else request.get_data()
    result = imports.import_units(_org(), current_api_user(), data)
    return {
        "imported": result.imported,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
