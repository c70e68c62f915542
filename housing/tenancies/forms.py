"""Forms of the lease pages: move-in and move-out, the tenant's review, the officer's decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class DateForm(FlaskForm):
    date = DateField(_l("Date"), validators=[InputRequired(message=_l("Choose the date."))])


class ReviewForm(FlaskForm):
    employer_id = SelectField(_l("Your employer"), coerce=int, validate_choice=True)
    household_size = IntegerField(
        _l("People in your household"), validators=[InputRequired(), NumberRange(1, 8)]
    )
    owns_housing_in_shanghai = BooleanField(_l("You or your spouse own a home in Shanghai"))


class RenewForm(FlaskForm):
    years = IntegerField(_l("Years of the new lease"), validators=[Optional(), NumberRange(1, 3)])
    rent = IntegerField(_l("Monthly rent (yuan)"), validators=[Optional(), NumberRange(1)])


class RefuseForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    move_out_by = DateField(_l("Move out by"), validators=[Optional()])
