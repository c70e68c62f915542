"""Reporting a change of job or household after submission.

A change to a fact that decides eligibility or points sends a queued application back to the
officers (status submitted) while keeping its waiting time: points change only from facts an
officer has verified. Other changes (where the workplace is) are recorded and take effect.
"""

from flask_babel import gettext as _

from housing.applicants import rules
from housing.applicants.operations import (
    _member_errors,
    _new_member,
    _refresh_household,
    clean_values,
    transition,
)
from housing.errors import ConflictError, ValidationError
from housing.extensions import db
from housing.models import QUEUED, Application, ApplicationEvent, ApplicationStatus, User
from housing.models._base import utcnow
from housing.notify import notify

S = ApplicationStatus

#: Facts that decide eligibility or points: a change sends the application back to the officers.
VERIFIED_FIELDS = {
    "employer_id",
    "returnee",
    "returned_on",
    "owns_housing_in_shanghai",
    "owned_area_per_person_m2",
    "other_housing_benefit",
    "social_insurance_in_shanghai",
    "household_size",
    "has_children",
}
CHANGE_FIELDS = {
    "job": {"employer_id", "returnee", "returned_on", "social_insurance_in_shanghai"}
    | {"workplace_address", "workplace_lat", "workplace_lon"},
    "household": {
        "household_size",
        "has_children",
        "owns_housing_in_shanghai",
        "owned_area_per_person_m2",
        "other_housing_benefit",
    },
}


def report_change(
    application: Application, actor: User, kind: str, values: dict, note: str | None = None
) -> bool:
    """A change of job or household after submission; True if it returned to verification."""
    if not application.can_report_change:
        raise ConflictError(_("Changes can be reported only while the application is active."))
    if kind not in CHANGE_FIELDS:
        raise ValidationError(_("Choose what changed."), {"kind": _("Choose what changed.")})
    new_member = values.pop("new_member", None) if kind == "household" else None
    removed = set(values.pop("remove_members", None) or ()) if kind == "household" else set()
    values = {k: v for k, v in values.items() if k in CHANGE_FIELDS[kind]}
    size = values.pop("household_size", None)
    children = values.pop("has_children", None)
    clean, errors = clean_values(values)
    if size is not None and (problem := rules.household_size_error(size, len(application.members))):
        errors["household_size"] = problem
    leaving = [m for m in application.members if m.id in removed]
    if new_member:
        errors.update(_new_member_errors(application, new_member, leaving))
    if kind == "job" and not clean.get("employer_id") and not clean.get("returnee"):
        errors["employer_id"] = _("Choose your employer, or the returnee route.")
    if errors:
        raise ValidationError(_("Some fields need attention."), errors)
    if size is not None:
        clean["household_size"] = size
    if children is not None:
        clean["has_children"] = bool(children)
    changed = {k for k, v in clean.items() if getattr(application, k) != v}
    for key in changed:
        setattr(application, key, clean[key])
    if leaving or new_member:
        changed |= _change_members(application, leaving, new_member)
    note = (note or "").strip()[:2000] or None
    summary = f"change:{kind} " + ",".join(sorted(changed)) + (f" — {note}" if note else "")
    back = bool(changed & VERIFIED_FIELDS) and application.status in QUEUED
    if back:
        transition(application, S.SUBMITTED, actor, summary)
        application.submitted_at = utcnow()
        notify(application.user, "application.change_reported", id=application.id)
    else:
        db.session.add(
            ApplicationEvent(
                application_id=application.id,
                from_status=application.status.value,
                to_status=application.status.value,
                actor_id=actor.id,
                note=summary,
            )
        )
    db.session.commit()
    return back


def _new_member_errors(application: Application, values: dict, leaving: list) -> dict[str, str]:
    """A member joining (a birth, a spouse), checked as the wizard checks one: field names
    carry the change form's `new_member_` prefix."""
    if len(application.members) - len(leaving) >= rules.MAX_MEMBERS:
        return {"new_member_name": _("The household is full.")}
    taken = {application.user.id_number_hash, *(m.id_number_hash for m in application.members)}
    return {f"new_member_{k}": v for k, v in _member_errors(values, taken).items()}


def _change_members(application: Application, leaving: list, new_member: dict | None) -> set:
    """Members leave or join; the household's size and children follow from the list."""
    before = (application.household_size, application.has_children)
    for member in leaving:
        application.members.remove(member)
    if new_member:
        application.members.append(_new_member(new_member))
    _refresh_household(application)
    after = (application.household_size, application.has_children)
    names = ("household_size", "has_children")
    return {"members"} | {n for n, b, a in zip(names, before, after, strict=True) if b != a}
