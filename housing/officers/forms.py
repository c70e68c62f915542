"""Officers' decision forms: every decision that the applicant reads carries a reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from housing.labels import CATEGORIES


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


def _points(label) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=0, max=2000)])


class PolicyForm(FlaskForm):
    """The points table and offer rules of a new policy version (the rest is carried over)."""

    points_leading = _points(CATEGORIES["leading"])
    points_high_level = _points(CATEGORIES["high_level"])
    points_key_industry = _points(CATEGORIES["key_industry"])
    points_overseas = _points(CATEGORIES["overseas"])
    points_skilled = _points(CATEGORIES["skilled"])
    points_young = _points(CATEGORIES["young"])
    points_social_governance = _points(CATEGORIES["social_governance"])
    points_per_month = IntegerField(
        _l("Points per month waited"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    key_industry_bonus = IntegerField(
        _l("Bonus for key-industry employers"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    children_bonus = IntegerField(
        _l("Bonus for households with children"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    decline_penalty = IntegerField(
        _l("Penalty per declined offer"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    offer_days = IntegerField(
        _l("Days to answer an offer"), validators=[InputRequired(), NumberRange(min=1, max=30)]
    )
    declines_to_back_of_queue = IntegerField(
        _l("Declines in a row that move an applicant to the back of the queue"),
        validators=[InputRequired(), NumberRange(min=1, max=5)],
    )
    notice_days = IntegerField(
        _l("Days of public notice"), validators=[InputRequired(), NumberRange(min=0, max=30)]
    )
    retention_months = IntegerField(
        _l("Months to keep a closed application's documents and personal details"),
        validators=[InputRequired(), NumberRange(min=1, max=120)],
    )
    note = TextAreaField(
        _l("Why the policy changes (kept with the version)"),
        validators=[DataRequired(), Length(max=2000)],
    )

    SCALARS = (
        "points_per_month",
        "key_industry_bonus",
        "children_bonus",
        "decline_penalty",
        "offer_days",
        "declines_to_back_of_queue",
        "notice_days",
        "retention_months",
    )

    def load(self, policy) -> None:
        for category, points in policy.category_points.items():
            field = getattr(self, f"points_{category}", None)
            if field is not None:
                field.data = points
        for name in self.SCALARS:
            getattr(self, name).data = getattr(policy, name)

    def changes(self) -> dict:
        points = {c: getattr(self, f"points_{c}").data for c in CATEGORIES}
        return {"category_points": points} | {n: getattr(self, n).data for n in self.SCALARS}


class WhatIfForm(PolicyForm):
    """The policy form as a draft: nothing is published, so no note is needed yet."""

    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class PublishDraftForm(FlaskForm):
    note = TextAreaField(
        _l("Why the policy changes (kept with the version)"),
        validators=[DataRequired(), Length(max=2000)],
    )


class LogOutEverywhereForm(FlaskForm):
    """An administrator ends every session and API token of an account (a lost phone)."""

    email = EmailField(_l("E-mail of the account"), validators=[DataRequired(), Length(max=254)])
