"""The talent's choice between a place in the queue and a cash subsidy (the plan's "according
to need"): either, and switchable, but never an apartment and a subsidy at once."""

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.errors import ConflictError, ValidationError
from housing.extensions import db
from housing.models import Application, ApplicationStatus, Benefit, Tenancy, TenancyStatus, User

#: Tenancies that hold a unit: a subsidy cannot be chosen while one exists.
_HOLDING = (TenancyStatus.UPCOMING, TenancyStatus.ACTIVE, TenancyStatus.ENDING)


def choose_benefit(application: Application, actor: User, benefit: str | None) -> Application:
    """Apartment: the rounds may offer a unit (an approved subsidy stops at the move-in, as
    the money rules say). Subsidy: the rounds skip the application; refused while an offer
    is open or a unit is held."""
    try:
        choice = Benefit(benefit or "")
    except ValueError:
        raise ValidationError(
            _("Choose the apartment or the subsidy."), {"benefit": _("apartment or subsidy")}
        ) from None
    if choice == Benefit.SUBSIDY:
        if application.status == ApplicationStatus.OFFERED:
            raise ConflictError(_("Answer your apartment offer first."))
        housed = db.session.scalar(
            sa.select(Tenancy.id).where(
                Tenancy.application_id == application.id, Tenancy.status.in_(_HOLDING)
            )
        )
        if housed or application.status == ApplicationStatus.HOUSED:
            raise ConflictError(
                _("You live in a talent apartment: a subsidy cannot be paid as well.")
            )
    if application.benefit == choice.value:
        return application
    moved = db.session.execute(
        sa.update(Application)
        .where(Application.id == application.id, Application.status == application.status)
        .values(benefit=choice.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("Your application has changed meanwhile; reload and try again."))
    audit.record(actor, "application.benefit_chosen", application, benefit=choice.value)
    db.session.commit()
    db.session.refresh(application)
    return application
