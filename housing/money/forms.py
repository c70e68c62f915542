"""Forms of the money pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

_MONTH = Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Use YYYY-MM."))


class ClaimForm(FlaskForm):
    lease = FileField(_l("Your market lease"), description=_l("PDF, JPEG or PNG, at most 10 MB"))
    first_month = StringField(
        _l("First month"), validators=[Optional(), _MONTH], description=_l("For example 2027-01")
    )


class MonthForm(FlaskForm):
    month = StringField(_l("Month"), validators=[DataRequired(), _MONTH])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class StopForm(FlaskForm):
    date = DateField(_l("Last day paid"), validators=[InputRequired()])


class CorrectionForm(FlaskForm):
    amount_fen = IntegerField(
        _l("Amount in fen"),
        validators=[InputRequired()],
        description=_l("Negative to take money back; 100 fen = 1 yuan"),
    )
    note = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=2000)])


class ApproveForm(FlaskForm):
    """Only the CSRF token."""
