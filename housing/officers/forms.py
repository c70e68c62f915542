"""Officers' decision forms: every decision that the applicant reads carries a reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class VerifyForm(FlaskForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason the applicant will read"), validators=[DataRequired(), Length(max=2000)]
    )


class RequestDocumentsForm(FlaskForm):
    note = TextAreaField(
        _l("What is missing (the applicant will read this)"),
        validators=[DataRequired(), Length(max=2000)],
    )


class RecomputeForm(FlaskForm):
    """Only the CSRF token: recomputing takes no input."""
