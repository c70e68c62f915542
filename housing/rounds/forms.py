"""Forms of the round pages: preview, commit, objections, and the applicant's answer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp


class PreviewForm(FlaskForm):
    month = StringField(
        _l("Month"),
        validators=[DataRequired(), Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Use YYYY-MM."))],
        description=_l("For example 2027-01"),
    )


class CommitForm(FlaskForm):
    """Only the CSRF token: committing takes no input."""


class ObjectionForm(FlaskForm):
    application_id = IntegerField(_l("Application number"), validators=[InputRequired()])
    note = TextAreaField(_l("The objection"), validators=[DataRequired(), Length(max=2000)])
    upheld = BooleanField(_l("Upheld: remove this assignment and pass the unit on"))


class AcceptForm(FlaskForm):
    """Only the CSRF token."""


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why you decline"), validators=[DataRequired(), Length(max=2000)])
