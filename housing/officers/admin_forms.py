"""The administrator's forms: staff accounts and the audit log's filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from housing.auth.operations import MIN_PASSWORD
from housing.auth.staff import CHANGEABLE_ROLES
from housing.labels import AUDIT_ACTIONS, ROLES
from housing.models import Role


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


#: Roles an administrator creates accounts for (applicants register themselves).
NEW_STAFF_ROLES = (Role.OFFICER, Role.LANDLORD, Role.ADMIN)


def _password(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=128)],
        description=_l("Give it to the person in person or by phone, never by e-mail."),
    )


class NewStaffForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=_choices(
            [("", _l("Choose a role")), *((r.value, ROLES[r]) for r in NEW_STAFF_ROLES)]
        ),
    )
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    landlord_org = StringField(
        _l("Landlord organisation"),
        validators=[Optional(), Length(max=200)],
        description=_l("Landlords only: an organisation not yet registered is created."),
    )
    password = _password(_l("First password"))

    def validate_role(self, field):
        if field.data not in {r.value for r in NEW_STAFF_ROLES}:
            raise ValidationError(_l("Choose a role."))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=_choices((r.value, ROLES[r]) for r in CHANGEABLE_ROLES))


class PasswordForm(FlaskForm):
    password = _password(_l("New password"))


class ActiveForm(FlaskForm):
    """Only the CSRF token: the button says whether it disables or enables."""


class AuditFilterForm(FlaskForm):
    """The audit log's filters, sent as a GET query (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    actor = StringField(_l("Who (name or e-mail)"), validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(AUDIT_ACTIONS.items(), key=lambda item: str(item[1]))
        self.action.choices = _choices([("", _l("Any action")), *actions])


class StaffSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"),
        choices=_choices([("", _l("Any role")), *((r.value, ROLES[r]) for r in NEW_STAFF_ROLES)]),
        validators=[Optional()],
    )
