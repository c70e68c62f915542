"""Officers' decision forms: every decision that the applicant reads carries a reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from housing.labels import CATEGORIES, POLICY_SETTINGS


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


class BulkRequestForm(FlaskForm):
    """One note for every application ticked on the queue page."""

    note = TextAreaField(
        _l("What is missing (each applicant will read this)"),
        validators=[DataRequired(), Length(max=2000)],
    )


class RecomputeForm(FlaskForm):
    """Only the CSRF token: recomputing takes no input."""


def _points(label) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=0, max=2000)])


def _setting(name: str, low: int, high: int) -> IntegerField:
    return IntegerField(
        POLICY_SETTINGS[name], validators=[InputRequired(), NumberRange(min=low, max=high)]
    )


class PolicyForm(FlaskForm):
    """The points table and offer rules of a new policy version (the rest is carried over)."""

    points_leading = _points(CATEGORIES["leading"])
    points_high_level = _points(CATEGORIES["high_level"])
    points_key_industry = _points(CATEGORIES["key_industry"])
    points_overseas = _points(CATEGORIES["overseas"])
    points_skilled = _points(CATEGORIES["skilled"])
    points_young = _points(CATEGORIES["young"])
    points_social_governance = _points(CATEGORIES["social_governance"])
    points_per_month = _setting("points_per_month", 0, 100)
    key_industry_bonus = _setting("key_industry_bonus", 0, 1000)
    children_bonus = _setting("children_bonus", 0, 1000)
    decline_penalty = _setting("decline_penalty", 0, 1000)
    offer_days = _setting("offer_days", 1, 30)
    declines_to_back_of_queue = _setting("declines_to_back_of_queue", 1, 5)
    notice_days = _setting("notice_days", 0, 30)
    retention_months = _setting("retention_months", 1, 120)
    # Employers' recommendations (housing/employers/): optional, kept when left empty.
    recommendation_points = IntegerField(
        _l("Points for a recommendation by the employer"),
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )
    recommendation_quota_key_industry = IntegerField(
        _l("Recommendations a year per key-industry enterprise"),
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )
    recommendation_quota_other = IntegerField(
        _l("Recommendations a year per other enterprise"),
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )
    note = TextAreaField(
        _l("Why the policy changes (kept with the version)"),
        validators=[DataRequired(), Length(max=2000)],
    )
    #: The version the officer started from: publishing refuses if another came meanwhile.
    base_version = HiddenField(validators=[Optional()])

    SCALARS = (
        "points_per_month",
        "key_industry_bonus",
        "children_bonus",
        "decline_penalty",
        "offer_days",
        "declines_to_back_of_queue",
        "notice_days",
        "retention_months",
        "recommendation_points",
        "recommendation_quota_key_industry",
        "recommendation_quota_other",
    )
    #: Settings that keep the current value when the form leaves them empty.
    OPTIONAL = (
        "recommendation_points",
        "recommendation_quota_key_industry",
        "recommendation_quota_other",
    )

    def load(self, policy) -> None:
        for category, points in policy.category_points.items():
            field = getattr(self, f"points_{category}", None)
            if field is not None:
                field.data = points
        for name in self.SCALARS:
            getattr(self, name).data = getattr(policy, name)
        self.base_version.data = str(policy.version)

    def changes(self) -> dict:
        points = {c: getattr(self, f"points_{c}").data for c in CATEGORIES}
        scalars = {n: getattr(self, n).data for n in self.SCALARS}
        kept = {n for n in self.OPTIONAL if scalars[n] is None}
        return {"category_points": points} | {n: v for n, v in scalars.items() if n not in kept}

    def seen_version(self) -> int | None:
        raw = (self.base_version.data or "").strip()
        return int(raw) if raw.isdigit() else None


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
