from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from housing.auth.operations import MIN_PASSWORD
from housing.security import id_number_is_valid


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me logged in"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    id_number = StringField(
        _l("Resident ID number"),
        validators=[DataRequired(), Length(min=18, max=18)],
        description=_l("18 characters; stored only in masked and hashed form."),
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
        if not id_number_is_valid(field.data or ""):
            raise ValidationError(_l("This is not a valid resident ID number."))


class ActivateForm(FlaskForm):
    """Only the CSRF token: pressing the button is the consent."""
