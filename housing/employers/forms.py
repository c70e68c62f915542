"""Forms of the employer pages: answers about staff, recommendations, departures, invitations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length

from housing import labels


def _benefits() -> list[SelectChoice]:
    return [SelectChoice(k, v) for k, v in labels.BENEFITS.items()]


class ConfirmForm(FlaskForm):
    start_date = DateField(
        _l("Employed since"), validators=[InputRequired(message=_l("Choose the date."))]
    )


class DenyForm(FlaskForm):
    note = TextAreaField(
        _l("Note for the housing officers"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("For example: nobody of this name works here, or they left in 2025."),
    )


class RecommendForm(FlaskForm):
    benefit = SelectField(_l("Recommend for"), choices=_benefits())


class DepartureForm(FlaskForm):
    left_on = DateField(
        _l("Left on"),
        validators=[InputRequired(message=_l("Choose the date."))],
        description=_l("At most a month ahead."),
    )


class ActionForm(FlaskForm):
    """A button with only the CSRF token: withdraw a recommendation, confirm the staff list."""


class BenefitForm(FlaskForm):
    benefit = SelectField(_l("I would like"), choices=_benefits())


class InviteEmployerForm(FlaskForm):
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[DataRequired(), Length(min=6, max=18)],
        description=_l("The enterprise must be in the district's register of employers."),
    )
    email = EmailField(
        _l("HR staff member's e-mail"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("They receive the invitation link."),
    )
