"""What applicants do with their own application: draft it, submit it, change or withdraw it.

Every function takes models and plain values and never touches the request, so the pages,
the API and the CLI share them. Field errors are keyed by the API's field names, which are
also the wizard forms' field names.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm.attributes import set_committed_value

from housing.applicants import rules
from housing.applicants.eligibility import EligibilityFacts, check_eligibility
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.identity import IdType
from housing.models import (
    LIVE,
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Employer,
    HouseholdMember,
    Notification,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify
from housing.policy import current_policy
from housing.security import id_number_hash, id_number_is_valid, mask_id_number

S = ApplicationStatus


def current_application(user: User) -> Application | None:
    """The person's live application, or their latest one if none is live."""
    apps = db.session.scalars(
        sa.select(Application).where(Application.user_id == user.id).order_by(Application.id.desc())
    ).all()
    for app in apps:
        if app.status in LIVE:
            return app
    return apps[0] if apps else None


def recent_notifications(user: User, limit: int = 10) -> list[Notification]:
    return db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(limit)
    ).all()


def move_if(
    application: Application, to: ApplicationStatus, actor: User | None, note: str | None = None
) -> bool:
    """Take the move if the status is still the one this request saw, recording the event;
    False (nothing changed, nothing rolled back) otherwise, for callers that move many.

    The move is one conditional UPDATE from the status this request saw: when two requests
    race (an officer verifies while another rejects), the second finds no row.
    """
    seen = application.status
    if to not in TRANSITIONS[seen]:
        return False
    moved = db.session.execute(
        sa.update(Application)
        .where(Application.id == application.id, Application.status == seen)
        .values(status=to)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        return False
    set_committed_value(application, "status", to)
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            from_status=seen.value,
            to_status=to.value,
            actor_id=actor.id if actor else None,
            note=note,
        )
    )
    return True


def transition(
    application: Application, to: ApplicationStatus, actor: User | None, note: str | None = None
) -> None:
    """Move along the status machine, recording the event; anything else is a 409."""
    if not move_if(application, to, actor, note):
        db.session.rollback()
        raise ConflictError(
            _("An application in this state cannot be changed that way."),
            current_status=db.session.get(Application, application.id).status.value,
        )


def ensure_draft(user: User) -> Application:
    """The live application, or a new draft (one live application per person)."""
    application = current_application(user)
    if application is not None and application.status in LIVE:
        return application
    application = Application(user_id=user.id, status=S.DRAFT, layouts=[])
    db.session.add(application)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # Another request made this person's draft a moment ago: the unique index said so.
        db.session.rollback()
        return current_application(user)
    db.session.add(
        ApplicationEvent(application_id=application.id, to_status=S.DRAFT.value, actor_id=user.id)
    )
    db.session.commit()
    return application


def _must_be_draft(application: Application) -> None:
    if not application.is_draft:
        raise ConflictError(
            _("A submitted application can only be changed by reporting a change."),
            current_status=application.status.value,
        )


def _context(values: dict) -> rules.ApplicantContext:
    """Which of the employers named in `values` are registered in the district; today."""
    ids: set[int] = set()
    try:
        wanted = rules.employer_id(values.get("employer_id"))
    except rules.Bad:
        wanted = None
    if wanted is not None:
        ids = set(
            db.session.scalars(
                sa.select(Employer.id).where(
                    Employer.id == wanted, Employer.registered_in_district.is_(True)
                )
            )
        )
    return rules.ApplicantContext(today=utcnow().date(), district_employer_ids=ids)


def clean_values(values: dict) -> tuple[dict, dict]:
    """The applicant rules over `values`, with what they need loaded: (clean, field errors)."""
    return rules.clean_application(values, _context(values))


def update_draft(
    application: Application,
    values: dict,
    step: str | None = None,
    members: list[dict] | None = None,
    household_size: int | None = None,
) -> Application:
    """Save part of a draft (one wizard step, or an API PUT that may replace the household
    members); nothing is saved on any error.

    The household size is derived from the members; a client that states it must agree.
    """
    _must_be_draft(application)
    clean, errors = clean_values(values)
    if members is not None:
        errors.update(_members_errors(application, members))
    expected = 1 + len(members if members is not None else application.members)
    if household_size is not None and household_size != expected:
        errors["household_size"] = _("The household is you and your %(n)d members.", n=expected - 1)
    if step == "employer":  # the wizard's step is saved only with a route that is complete
        errors.update(_route_errors(clean, errors))
    if errors:
        raise ValidationError(_("Some fields need attention."), errors)
    if members is not None:
        application.members[:] = [_new_member(m) for m in members]
        _refresh_household(application)
    if "phone" in clean:  # the account's, kept in one place
        application.user.phone = clean.pop("phone")
    for key, value in clean.items():
        setattr(application, key, value)
    if clean.get("returnee") is False:
        application.returned_on = None
    if step:
        application.wizard_step = step
    db.session.commit()
    return application


def _route_errors(clean: dict, errors: dict) -> dict[str, str]:
    """The employer step needs a chosen employer, or a returnee's date of return."""
    if "employer_id" in errors or "returned_on" in errors:
        return {}
    if clean.get("returnee"):
        if not clean.get("returned_on"):
            return {"returned_on": _("Enter the date you returned to China.")}
    elif not clean.get("employer_id"):
        return {
            "employer_id": _(
                "Choose your employer from the list: search by name, unified social credit "
                "code or address."
            )
        }
    return {}


def _member_errors(values: dict, taken: set[str | None]) -> dict[str, str]:
    """Errors of one member; `taken` holds the ID hashes already in the household."""
    return rules.member_errors(
        values, utcnow().date(), lambda number, kind: id_number_hash(number, kind) in taken
    )


def _new_member(values: dict) -> HouseholdMember:
    number = values["id_number"]
    id_type = IdType(values.get("id_type") or IdType.RESIDENT_ID)
    return HouseholdMember(
        name=values["name"].strip()[:100],
        relation=values["relation"],
        birth_date=values.get("birth_date"),
        id_number_hash=id_number_hash(number, id_type),
        id_number_masked=mask_id_number(number),
        id_type=id_type,
    )


def _refresh_household(application: Application) -> None:
    application.household_size = 1 + len(application.members)
    application.has_children = any(m.relation == "child" for m in application.members)


def add_member(application: Application, values: dict) -> HouseholdMember:
    """A household member with their ID number hashed and masked, never stored in clear."""
    _must_be_draft(application)
    if len(application.members) >= rules.MAX_MEMBERS:
        raise ValidationError(
            _("A household has at most %(n)d people.", n=rules.MAX_HOUSEHOLD),
            {"name": _("The household is full.")},
        )
    taken = {application.user.id_number_hash, *(m.id_number_hash for m in application.members)}
    errors = _member_errors(values, taken)
    if errors:
        raise ValidationError(_("Some fields need attention."), errors)
    member = _new_member(values)
    application.members.append(member)
    _refresh_household(application)
    db.session.commit()
    return member


def remove_member(application: Application, member_id: int) -> None:
    _must_be_draft(application)
    member = next((m for m in application.members if m.id == member_id), None)
    if member is None:
        raise NotFoundError(_("No such household member."))
    application.members.remove(member)
    _refresh_household(application)
    db.session.commit()


def _members_errors(application: Application, members: list[dict]) -> dict[str, str]:
    if len(members) > rules.MAX_MEMBERS:
        return {"members": _("At most %(n)d members.", n=rules.MAX_MEMBERS)}
    taken: set[str | None] = {application.user.id_number_hash}
    errors: dict[str, str] = {}
    for index, values in enumerate(members):
        for key, message in _member_errors(values, taken).items():
            errors[f"members.{index}.{key}"] = message
        id_type = values.get("id_type") or IdType.RESIDENT_ID.value
        if id_type in set(IdType) and id_number_is_valid(values.get("id_number") or "", id_type):
            taken.add(id_number_hash(values["id_number"], id_type))
    return errors


def facts_of(application: Application) -> EligibilityFacts:
    employer = application.employer
    return EligibilityFacts(
        employer_in_district=bool(employer and employer.registered_in_district),
        returnee=application.returnee,
        returned_on=application.returned_on,
        owns_housing_in_shanghai=application.owns_housing_in_shanghai,
        owned_area_per_person_m2=application.owned_area_per_person_m2,
        other_housing_benefit=application.other_housing_benefit,
        social_insurance_in_shanghai=application.social_insurance_in_shanghai,
        category=application.category.value if application.category else None,
    )


def missing_for_submit(application: Application) -> dict[str, str]:
    """Everything that still stops submission, keyed by field (the review page lists them)."""
    missing: dict[str, str] = {}
    if application.user.awaiting_activation:  # the address must be proven before anything goes
        missing["email"] = _("Confirm your e-mail address with the link we sent you first.")
    if application.category is None:
        missing["category"] = _("Choose a talent category.")
    if application.employer_id is None and not application.returnee:
        missing["employer_id"] = _("Choose your employer, or the returnee route.")
    if application.returnee and application.employer_id is None and not application.returned_on:
        missing["returned_on"] = _("Enter the date you returned.")
    if not application.workplace_address or application.workplace_lat is None:
        missing["workplace_address"] = _("Enter your workplace address and location.")
    if not application.layouts:
        missing["layouts"] = _("Choose at least one apartment layout.")
    if not any(d.kind == "category_evidence" for d in application.documents):
        missing["documents"] = _("Upload evidence of your talent category.")
    if not application.consent:
        missing["consent"] = _("You must agree to the data checks.")
    return missing


def find_duplicate(application: Application) -> Application | None:
    """Another live application by the same person: by ID number (as applicant or household
    member) or by the same name and phone under another e-mail."""
    user = application.user
    hashes = {user.id_number_hash, *(m.id_number_hash for m in application.members)}
    hashes.discard(None)
    others = sa.and_(Application.id != application.id, Application.status.in_(LIVE))
    if hashes:
        by_applicant = db.session.scalar(
            sa.select(Application.id)
            .join(User, User.id == Application.user_id)
            .where(others, User.id_number_hash.in_(hashes))
            .limit(1)
        )
        by_member = db.session.scalar(
            sa.select(HouseholdMember.application_id)
            .join(Application, Application.id == HouseholdMember.application_id)
            .where(others, HouseholdMember.id_number_hash.in_(hashes))
            .limit(1)
        )
        found = by_applicant or by_member
        if found:
            return db.session.get(Application, found)
    if user.phone:
        found = db.session.scalar(
            sa.select(Application.id)
            .join(User, User.id == Application.user_id)
            .where(others, User.phone == user.phone, User.name == user.name, User.id != user.id)
            .limit(1)
        )
        if found:
            return db.session.get(Application, found)
    return None


def submit(application: Application, actor: User, consent: bool | None = None) -> Application:
    """Send a complete, eligible draft to the officers; flags a likely duplicate for them."""
    _must_be_draft(application)
    if consent is not None:
        application.consent = consent
    missing = missing_for_submit(application)
    if missing:
        raise ValidationError(_("The application is not complete."), missing)
    reasons = check_eligibility(facts_of(application), current_policy(), utcnow().date())
    if reasons:
        raise ValidationError(_("According to the current policy you may not apply."), reasons)
    duplicate = find_duplicate(application)
    application.duplicate_of_id = duplicate.id if duplicate else None
    transition(application, S.SUBMITTED, actor)
    application.submitted_at = utcnow()
    application.decision_reason = None
    notify(application.user, "application.submitted", id=application.id)
    db.session.commit()
    return application


def withdraw(application: Application, actor: User, reason: str | None = None) -> Application:
    if application.status == S.OFFERED:  # its offer or assignment moves down the round's order
        from housing.rounds.offers import release_for_withdrawal

        release_for_withdrawal(application, actor)
    transition(application, S.WITHDRAWN, actor, (reason or "").strip()[:2000] or None)
    application.priority = None
    notify(application.user, "application.withdrawn", id=application.id)
    db.session.commit()
    return application


def reopen(application: Application, actor: User) -> Application:
    """A rejected application becomes a draft again, to be corrected and resubmitted."""
    if not application.can_reopen:
        raise ConflictError(_("Only a rejected application can be reopened."))
    transition(application, S.DRAFT, actor)
    db.session.commit()
    return application


def search_employers(q: str | None) -> sa.Select:
    """Registered district enterprises whose name, English name, code, unified social credit
    code or address contains `q`; ordered by name, then id, so pages never shift."""
    query = sa.select(Employer).where(Employer.registered_in_district.is_(True))
    q = (q or "").strip()
    if q:
        pattern = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(
            sa.or_(
                Employer.name.ilike(pattern),
                Employer.name_en.ilike(pattern),
                Employer.code.ilike(pattern),
                Employer.credit_code.ilike(pattern),
                Employer.address.ilike(pattern),
            )
        )
    return query.order_by(Employer.name, Employer.id)


def precheck(facts: EligibilityFacts, today: date | None = None) -> dict[str, str]:
    """The public pre-check: reasons against applying under the current policy."""
    return check_eligibility(facts, current_policy(create=False), today or utcnow().date())
