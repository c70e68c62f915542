"""Landlord pages: thin views over operations.py, imports.py and invitations.py."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from housing.auth.session import role_required
from housing.auth.views import invitation_page
from housing.errors import OperationError
from housing.extensions import db
from housing.forms import show_errors
from housing.landlords import imports, invitations, operations
from housing.landlords.forms import (
    BuildingForm,
    ConfirmForm,
    ImportForm,
    StatusForm,
    UnitForm,
)
from housing.landlords.sheets import template_csv, template_xlsx
from housing.models import LANDLORD_MOVES, Role, UnitStatus
from housing.pagination import enum_filter, page_number, paginate
from housing.parsing import as_id
from housing.places import picker
from housing.stats import tables as stats_tables
from housing.stats.views import table_download

bp = Blueprint("landlords", __name__, url_prefix="/landlord")

UNITS_PER_PAGE = 50


def _org() -> int:
    return current_user.landlord_id


@bp.route("/")
@role_required(Role.LANDLORD)
def home():
    data = stats_tables.landlord_data(_org())
    return render_template(
        "landlords/home.html",
        landlord=current_user.landlord,
        summary=operations.unit_summary(_org()),
        moves=operations.upcoming_moves(_org(), date.today()),
        figures=data,
        tables=stats_tables.landlord_tables(data),
    )


@bp.route("/dashboard/<name>.csv")
@role_required(Role.LANDLORD)
def dashboard_csv(name: str):
    """A figure of the landlord's dashboard as CSV: their own units only."""
    return table_download(stats_tables.landlord_tables(stats_tables.landlord_data(_org())), name)


# --- Buildings ---------------------------------------------------------------------------


@bp.route("/buildings")
@role_required(Role.LANDLORD)
def buildings():
    return render_template(
        "landlords/buildings.html", rows=operations.buildings_with_counts(_org())
    )


@bp.route("/buildings/new", methods=["GET", "POST"])
@role_required(Role.LANDLORD)
def building_new():
    form = BuildingForm()
    searching = picker.searching()
    if request.method == "POST" and not searching:
        picker.apply_pick(form, "lat", "lon", "address")
    if not searching and form.validate_on_submit():
        try:
            building = operations.create_building(_org(), current_user, form.data)
        except OperationError as exc:
            show_errors(form, exc, {"location": "lat"})
        else:
            flash(_("Building %(name)s added.", name=building.name), "success")
            return redirect(url_for(".buildings"))
    return render_template(
        "landlords/building_form.html", form=form, found=picker.results()
    ), 422 if form.errors else 200


@bp.route("/buildings/<int:building_id>/edit", methods=["GET", "POST"])
@role_required(Role.LANDLORD)
def building_edit(building_id: int):
    """The same form and rules as adding a building, filled from the building."""
    building = operations.get_building(_org(), building_id)
    form = BuildingForm(obj=building)
    if not form.is_submitted():
        form.street.data = building.street.value
    searching = picker.searching()
    if request.method == "POST" and not searching:
        picker.apply_pick(form, "lat", "lon", "address")
    if not searching and form.validate_on_submit():
        try:
            operations.update_building(building, current_user, form.data)
        except OperationError as exc:
            db.session.rollback()
            show_errors(form, exc, {"location": "lat"})
        else:
            flash(_("Building %(name)s saved.", name=building.name), "success")
            return redirect(url_for(".buildings"))
    return render_template(
        "landlords/building_form.html", form=form, building=building, found=picker.results()
    ), (422 if form.errors else 200)


# --- Units -------------------------------------------------------------------------------


def _unit_form(obj=None) -> UnitForm:
    form = UnitForm(obj=obj)
    form.building_id.choices = [
        SelectChoice(b.id, b.name) for b in db.session.scalars(operations.list_buildings(_org()))
    ]
    if obj is not None and request.method == "GET":
        form.reserved_for_employers.data = ", ".join(obj.reserved_for_employers or [])
        form.layout.data = obj.layout.value
    return form


@bp.route("/units")
@role_required(Role.LANDLORD)
def units():
    status = enum_filter(request.args, "status", UnitStatus)
    building_id = request.args.get("building", type=as_id)
    q = request.args.get("q", "").strip()
    pagination = paginate(
        operations.list_units(_org(), status, building_id, q),
        page_number(request.args),
        UNITS_PER_PAGE,
    )
    return render_template(
        "landlords/units.html",
        pagination=pagination,
        status=status,
        building_id=building_id,
        q=q,
        buildings=db.session.scalars(operations.list_buildings(_org())).all(),
    )


@bp.route("/units/new", methods=["GET", "POST"])
@role_required(Role.LANDLORD)
def unit_new():
    form = _unit_form()
    if not form.building_id.choices:
        flash(_("Add a building first: every unit belongs to one."), "info")
        return redirect(url_for(".building_new"))
    if form.validate_on_submit():
        try:
            unit = operations.create_unit(_org(), current_user, form.data)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            flash(_("Unit %(code)s added.", code=unit.code), "success")
            return redirect(url_for(".units"))
    return render_template("landlords/unit_form.html", form=form, unit=None), (
        422 if form.errors else 200
    )


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@role_required(Role.LANDLORD)
def unit_edit(unit_id: int):
    unit = operations.get_unit(_org(), unit_id)
    form = _unit_form(unit)
    if form.validate_on_submit():
        try:
            operations.update_unit(unit, current_user, form.data)
        except OperationError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            flash(_("Unit %(code)s saved.", code=unit.code), "success")
            return redirect(url_for(".unit_edit", unit_id=unit.id))
    return render_template(
        "landlords/unit_form.html",
        form=form,
        unit=unit,
        status_form=StatusForm(formdata=None),
        moves=LANDLORD_MOVES[unit.status],
    ), (422 if form.errors else 200)


@bp.route("/units/<int:unit_id>/status", methods=["POST"])
@role_required(Role.LANDLORD)
def unit_status(unit_id: int):
    unit = operations.get_unit(_org(), unit_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            operations.set_unit_status(unit, current_user, form.status.data)
        except OperationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(_("Status changed."), "success")
    else:
        flash(_("Choose vacant, maintenance or withdrawn."), "error")
    return redirect(url_for(".unit_edit", unit_id=unit_id))


@bp.route("/units/<int:unit_id>/delete", methods=["GET", "POST"])
@role_required(Role.LANDLORD)
def unit_delete(unit_id: int):
    """A page that says what will be deleted (or why it cannot be) before the POST does it."""
    unit = operations.get_unit(_org(), unit_id)
    form = ConfirmForm()
    refusal = operations.deletion_refusal(unit)
    if form.validate_on_submit() and refusal is None:
        code = unit.code
        try:
            operations.delete_unit(unit, current_user)
        except OperationError as exc:
            refusal = exc.message
        else:
            flash(_("Unit %(code)s deleted.", code=code), "success")
            return redirect(url_for(".units"))
    return render_template(
        "landlords/unit_delete.html",
        unit=unit,
        form=form,
        refusal=refusal,
        can_withdraw=UnitStatus.WITHDRAWN in LANDLORD_MOVES[unit.status],
    ), (409 if refusal and form.is_submitted() else 200)


# --- Import ------------------------------------------------------------------------------


@bp.route("/units/import", methods=["GET", "POST"])
@role_required(Role.LANDLORD)
def unit_import():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        data = form.file.data.read(imports.MAX_BYTES + 1)
        try:
            result = imports.import_units(_org(), current_user, data)
        except imports.ImportRefused as exc:
            form.file.errors.append(exc.message)
            problems = exc.extra.get("rows", [])
        else:
            flash(
                _(
                    "%(n)d units imported: %(created)d new, %(updated)d updated, "
                    "%(unchanged)d unchanged.",
                    n=result.imported,
                    created=result.created,
                    updated=result.updated,
                    unchanged=result.unchanged,
                ),
                "success",
            )
            return redirect(url_for(".units"))
    return render_template(
        "landlords/import.html", form=form, problems=problems, columns=imports.COLUMNS
    ), (422 if form.errors else 200)


def _template(make, mimetype: str, filename: str):
    """The import template for this landlord: it names their own buildings."""
    if not operations.building_ids(_org()):
        flash(_("Add a building first: the template's example rows name your buildings."), "info")
        return redirect(url_for(".building_new"))
    return Response(
        make(_org()),
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


@bp.route("/units/import/template.csv")
@role_required(Role.LANDLORD)
def import_template_csv():
    return _template(template_csv, "text/csv", "unit-import-template.csv")


@bp.route("/units/import/template.xlsx")
@role_required(Role.LANDLORD)
def import_template_xlsx():
    return _template(
        template_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "unit-import-template.xlsx",
    )


# --- Invitations (public: the link is the credential) ------------------------------------


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return invitation_page(token, invitations, lambda i: i.landlord.name)
