from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from housing.auth.operations import MIN_PASSWORD
from housing.identity import IdType, id_number_problem
from housing.labels import ID_TYPES


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me logged in"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    id_type = SelectField(
        _l("Identity document"),
        choices=[SelectChoice(k, v) for k, v in ID_TYPES.items()],
        default=IdType.RESIDENT_ID.value,
        description=_l(
            "Overseas talents: a passport or a Foreign Permanent Resident ID Card. Residents of "
            "Hong Kong, Macao and Taiwan: the residence permit, or a passport."
        ),
    )
    id_number = StringField(
        _l("Document number"),
        validators=[DataRequired(), Length(max=40)],
        description=_l(
            "As printed on the document. Stored only in masked and hashed form, never in full."
        ),
    )
    phone = TelField(_l("Mobile phone"), validators=[Optional(), Length(max=30)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=128)]
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )

    def validate_id_number(self, field):
        if problem := id_number_problem(self.id_type.data, field.data or ""):
            raise ValidationError(problem)


class ActivateForm(FlaskForm):
    """Only the CSRF token: pressing the button is the consent."""


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=128)]
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )


class InvitationAcceptForm(FlaskForm):
    """Staff of a landlord or an enterprise set their name and password from an invitation."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=128)]
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )
