"""Landlord forms: they check types; the rules live in rules.py and operations.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from housing import labels
from housing.landlords import rules
from housing.models import LANDLORD_STATUSES, Category, Street
from housing.places.picker import CoordinateField
from housing.policy import RENT_CAP_CEILING_PCT


def _street_choices():
    return [SelectChoice(s.value, labels.STREETS[s.value]) for s in Street]


def _category_choices():
    return [SelectChoice(c.value, labels.CATEGORIES[c.value]) for c in Category]


LAYOUT_LABELS = {
    "studio": _l("Studio"),
    "1BR": _l("1 bedroom"),
    "2BR": _l("2 bedrooms"),
    "3BR": _l("3 bedrooms"),
}


class BuildingForm(FlaskForm):
    name = StringField(_l("Building name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=300)])
    street = SelectField(_l("Street or town"), choices=_street_choices)
    # Filled by the place picker (housing/places/picker.py): required, and said so.
    lat = CoordinateField(
        _l("Location"),
        validators=[DataRequired(_l("Find the building by search, or click it on the map."))],
    )
    lon = CoordinateField(_l("Longitude"))


class UnitForm(FlaskForm):
    building_id = SelectField(_l("Building"), coerce=int, validate_choice=False)
    code = StringField(
        _l("Unit code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Your own code, unique in your organisation, e.g. B01-1203."),
    )
    layout = SelectField(
        _l("Layout"), choices=[SelectChoice(k, v) for k, v in LAYOUT_LABELS.items()]
    )
    bedrooms = IntegerField(_l("Bedrooms"), validators=[Optional()])
    area_m2 = FloatField(_l("Area (m²)"), validators=[Optional()])
    max_occupants = IntegerField(_l("Maximum occupants"), validators=[Optional()])
    floor = IntegerField(_l("Floor"), validators=[Optional()])
    rent = IntegerField(
        _l("Rent (yuan a month)"),
        validators=[Optional()],
        description=_l("At most %(pct)d%% of the market rent.", pct=RENT_CAP_CEILING_PCT),
    )
    market_rent = IntegerField(_l("Market rent (yuan a month)"), validators=[Optional()])
    accessible = BooleanField(_l("Accessible (barrier-free)"))
    reserved_for_employers = StringField(
        _l("Reserved for employers"),
        validators=[Optional(), Length(max=500)],
        description=rules.EMPLOYER_CODES_HINT,
    )
    reserved_for_categories = SelectMultipleField(
        _l("Reserved for talent categories"),
        choices=_category_choices,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )


class StatusForm(FlaskForm):
    """The unit page sends one of the moves the status machine allows, as a button's value."""

    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s.value, labels.STATUSES[s.value]) for s in LANDLORD_STATUSES],
    )


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token."""


class ImportForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("At most 20 MB. The first row holds the column names."),
    )


class PartnerForm(FlaskForm):
    """An officer registers a landlord organisation and invites its first staff member."""

    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("district_soe", _l("District-owned enterprise")),
            SelectChoice("private_firm", _l("Private rental firm")),
        ],
    )
    credit_code = StringField(
        _l("Unified social credit code"), validators=[Optional(), Length(min=18, max=18)]
    )
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=100)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=30)])
    email = EmailField(
        _l("Invite (e-mail)"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("The staff member who receives the invitation link."),
    )


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
