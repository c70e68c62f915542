"""The applicant's forms: the pre-check, one form per wizard step, documents, changes.

Field names are the operations' (and the API's) field names, so `show_errors` can put an
operation's complaint next to the right field.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from housing.applicants.documents import KINDS
from housing.labels import CATEGORIES, ID_TYPES
from housing.places.picker import CoordinateField


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


CATEGORY_CHOICES = _choices(CATEGORIES.items())
DEGREE_CHOICES = _choices(
    [
        ("bachelor", _l("Bachelor's degree")),
        ("master", _l("Master's degree")),
        ("phd", _l("Doctorate")),
        ("none", _l("Other or none")),
    ]
)
LAYOUT_CHOICES = _choices(
    [
        ("studio", _l("Studio (25–35 m²)")),
        ("1BR", _l("One bedroom (40–55 m²)")),
        ("2BR", _l("Two bedrooms (60–85 m²)")),
        ("3BR", _l("Three bedrooms (90–120 m²)")),
    ]
)
RELATION_CHOICES = _choices(
    [
        ("spouse", _l("Spouse")),
        ("child", _l("Child")),
        ("parent", _l("Parent")),
        ("other", _l("Other")),
    ]
)
ROUTE_CHOICES = _choices(
    [
        ("employer", _l("I work for an enterprise registered in Changning")),
        ("returnee", _l("I returned from overseas study within the last year")),
    ]
)
YES_NO = _choices([("no", _l("No")), ("yes", _l("Yes"))])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PrecheckForm(FlaskForm):
    route = RadioField(_l("Your situation"), choices=ROUTE_CHOICES, validators=[InputRequired()])
    returned_on = DateField(_l("Date you returned to China"), validators=[Optional()])
    owns_housing_in_shanghai = RadioField(
        _l("Do you or your spouse own housing in Shanghai?"),
        choices=YES_NO,
        default="no",
        validators=[InputRequired()],
    )
    owned_area_per_person_m2 = FloatField(
        _l("Owned floor area per household member (m²)"),
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )
    other_housing_benefit = RadioField(
        _l("Do you receive another housing benefit?"),
        choices=YES_NO,
        default="no",
        validators=[InputRequired()],
    )
    social_insurance_in_shanghai = RadioField(
        _l("Is your social insurance paid in Shanghai?"),
        choices=YES_NO,
        default="yes",
        validators=[InputRequired()],
    )
    category = SelectField(_l("Talent category"), choices=CATEGORY_CHOICES)


class IdentityForm(FlaskForm):
    phone = TelField(_l("Mobile phone"), validators=[Optional(), Length(max=30)])
    degree = SelectField(_l("Highest degree"), choices=DEGREE_CHOICES)


class CategoryForm(FlaskForm):
    category = RadioField(_l("Talent category"), choices=CATEGORY_CHOICES)


class EmployerForm(FlaskForm):
    route = RadioField(_l("Route"), choices=ROUTE_CHOICES, default="employer")
    employer_id = RadioField(_l("Employer"), coerce=int, validate_choice=False)
    returned_on = DateField(_l("Date you returned to China"), validators=[Optional()])
    social_insurance_in_shanghai = BooleanField(_l("My social insurance is paid in Shanghai"))


class WorkplaceForm(FlaskForm):
    workplace_address = StringField(
        _l("Workplace address"), validators=[DataRequired(), Length(max=300)]
    )
    # Filled by the place picker (housing/places/picker.py); shown only as a detail.
    workplace_lat = CoordinateField(
        _l("Latitude"),
        validators=[DataRequired(_l("Find your workplace by search, or click it on the map."))],
    )
    workplace_lon = CoordinateField(_l("Longitude"))


class HouseholdForm(FlaskForm):
    owns_housing_in_shanghai = BooleanField(_l("I or my spouse own housing in Shanghai"))
    owned_area_per_person_m2 = FloatField(
        _l("Owned floor area per household member (m²)"), validators=[Optional()]
    )
    other_housing_benefit = BooleanField(_l("I receive another housing benefit"))


class MemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    relation = SelectField(_l("Relation"), choices=RELATION_CHOICES)
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    id_type = SelectField(
        _l("Identity document"), choices=_choices(ID_TYPES.items()), default="resident_id"
    )
    id_number = StringField(
        _l("Document number"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Stored only in masked and hashed form."),
    )


class PreferencesForm(FlaskForm):
    layouts = MultiCheckboxField(_l("Apartment layouts"), choices=LAYOUT_CHOICES)
    max_commute_min = IntegerField(
        _l("Longest acceptable commute (minutes)"), default=45, validators=[InputRequired()]
    )
    max_rent = IntegerField(_l("Highest monthly rent (yuan)"), validators=[Optional()])
    needs_accessible = BooleanField(_l("I need an accessible apartment"))


class DocumentForm(FlaskForm):
    # No kind is chosen for the person: a file filed under the wrong kind is a file missing.
    kind = SelectField(
        _l("Kind of document"),
        choices=_choices([("", _l("Choose the kind of document")), *KINDS.items()]),
        validators=[DataRequired(message=_l("Choose the kind of document."))],
    )
    file = FileField(
        _l("File"),
        validators=[FileRequired()],
        description=_l("PDF, JPEG or PNG, at most 10 MB."),
    )


class SubmitForm(FlaskForm):
    consent = BooleanField(
        _l(
            "I agree that the district checks my data with the social insurance, housing "
            "and enterprise registers."
        )
    )


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (remove, reopen ...)."""

    target = HiddenField()


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=2000)])


class ChangeForm(FlaskForm):
    kind = RadioField(
        _l("What changed?"),
        choices=_choices([("job", _l("My job")), ("household", _l("My household"))]),
        default="job",
    )
    route = RadioField(_l("Route"), choices=ROUTE_CHOICES, default="employer")
    employer_id = RadioField(_l("New employer"), coerce=int, validate_choice=False)
    returned_on = DateField(_l("Date you returned to China"), validators=[Optional()])
    social_insurance_in_shanghai = BooleanField(_l("My social insurance is paid in Shanghai"))
    workplace_address = StringField(_l("Workplace address"), validators=[Optional()])
    workplace_lat = CoordinateField(_l("Latitude"), validators=[Optional()])
    workplace_lon = CoordinateField(_l("Longitude"), validators=[Optional()])
    # The household as the wizard shows it: members who left, and one who joined (a birth).
    remove_members = MultiCheckboxField(
        _l("Members who no longer live with me"), coerce=int, validate_choice=False
    )
    new_member_name = StringField(_l("Name"), validators=[Optional(), Length(max=100)])
    new_member_relation = SelectField(_l("Relation"), choices=RELATION_CHOICES, default="child")
    new_member_birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    new_member_id_number = StringField(
        _l("Resident ID number"),
        validators=[Optional(), Length(min=18, max=18)],
        description=_l("Stored only in masked and hashed form."),
    )
    owns_housing_in_shanghai = BooleanField(_l("I or my spouse own housing in Shanghai"))
    owned_area_per_person_m2 = FloatField(
        _l("Owned floor area per household member (m²)"), validators=[Optional()]
    )
    other_housing_benefit = BooleanField(_l("I receive another housing benefit"))
    note = TextAreaField(_l("What happened"), validators=[Optional(), Length(max=2000)])

    def new_member(self) -> dict | None:
        """The joining member's fields, or None when the applicant added nobody."""
        if not (self.new_member_name.data or self.new_member_id_number.data):
            return None
        return {
            "name": self.new_member_name.data or "",
            "relation": self.new_member_relation.data,
            "birth_date": self.new_member_birth_date.data,
            "id_number": self.new_member_id_number.data or "",
        }
