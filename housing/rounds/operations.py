"""Monthly rounds: preview (a dry run), compare, commit, and objections during the notice.

A preview stores the engine's input and result byte for byte with a report; committing
re-derives the input from the database and refuses when its digest moved, so what was
reviewed is exactly what is published. See docs/rounds.md.
"""

import json
import re
import threading
import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from allocation import parse_instance, result_json, solve
from housing import audit
from housing.applicants.operations import transition
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.jobs import scheduler_alive
from housing.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    Landlord,
    Role,
    RoundAssignment,
    RoundExclusion,
    RoundObjection,
    RoundStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify, notify_many
from housing.policy import current_policy
from housing.rounds import offers
from housing.rounds.input import build_input, round_seed, unit_id_of
from housing.rounds.queries import reason_words
from housing.rounds.report import build_report

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: Statuses of a committed round (one per month).
COMMITTED = (RoundStatus.NOTICE, RoundStatus.OFFERS, RoundStatus.CLOSED)


def check_month(month: str | None) -> str:
    month = (month or "").strip()
    if not MONTH.match(month):
        raise ValidationError(_("Give the month as YYYY-MM."), {"month": _("Use YYYY-MM.")})
    return month


def get_round(round_id: int) -> AllocationRound:
    round_ = db.session.get(AllocationRound, round_id)
    if round_ is None:
        raise NotFoundError(_("No such round."))
    return round_


def rounds_query(month: str | None = None) -> sa.Select:
    query = sa.select(AllocationRound).order_by(AllocationRound.id.desc())
    if month:
        query = query.where(AllocationRound.month == month)
    return query


# --- Preview ------------------------------------------------------------------------------


#: A queued preview that no scheduler claimed within this time is run by a web worker.
SCHEDULER_GRACE = timedelta(seconds=60)


def start_preview(
    month: str, officer: User | None, background: bool | None = None
) -> AllocationRound:
    """Record a queued preview and have it computed outside the request.

    When a scheduler process is alive its `previews` job claims the round within seconds;
    otherwise a worker thread of this process runs it. `background=False` (the monthly job,
    the command, tests) computes it here.
    """
    month = check_month(month)
    _fail_abandoned()
    round_ = AllocationRound(
        month=month,
        status=RoundStatus.RUNNING,
        policy_version_id=current_policy().id,
        seed=round_seed(month),
        started_by_id=officer.id if officer else None,
        stage="queued",
        metrics={},
    )
    db.session.add(round_)
    db.session.commit()
    if background is None:
        background = not current_app.config.get("ROUNDS_INLINE", False)
    if not background:
        run_preview(round_.id)
        db.session.refresh(round_)
    elif not scheduler_alive():
        _start_worker(round_.id)
    return round_


def _start_worker(round_id: int) -> None:
    app = current_app._get_current_object()
    threading.Thread(target=_run_in_app, args=(app, round_id), daemon=True).start()


def nudge(round_: AllocationRound) -> None:
    """A preview still queued after the grace period (no scheduler took it) runs here."""
    if (
        round_.status == RoundStatus.RUNNING
        and round_.stage == "queued"
        and utcnow() - round_.created_at > SCHEDULER_GRACE
    ):
        _start_worker(round_.id)


def run_queued_previews() -> dict:
    """The scheduler's `previews` job: compute every queued preview (each claimed once)."""
    queued = db.session.scalars(
        sa.select(AllocationRound.id).where(
            AllocationRound.status == RoundStatus.RUNNING, AllocationRound.stage == "queued"
        )
    ).all()
    for round_id in queued:
        run_preview(round_id)
    return {"previews": len(queued)}


def _fail_abandoned() -> None:
    """A preview whose worker died with its process would show "running" forever."""
    minutes = current_app.config.get("JOB_LOCK_TIMEOUT_MINUTES", 30)
    db.session.execute(
        sa.update(AllocationRound)
        .where(
            AllocationRound.status == RoundStatus.RUNNING,
            AllocationRound.created_at < utcnow() - timedelta(minutes=minutes),
        )
        .values(status=RoundStatus.FAILED, error="interrupted: the worker stopped before the end")
    )


def _run_in_app(app: Flask, round_id: int) -> None:
    with app.app_context():
        try:
            run_preview(round_id)
        finally:
            db.session.remove()


def _stage(round_id: int, stage: str) -> None:
    db.session.execute(
        sa.update(AllocationRound).where(AllocationRound.id == round_id).values(stage=stage)
    )
    db.session.commit()


def run_preview(round_id: int) -> None:
    """Build the input, solve with both mechanisms, store results and report; or record why not.

    The first step claims the queued round, so a scheduler and a web worker never both run it.
    """
    started = time.perf_counter()
    claimed = db.session.execute(
        sa.update(AllocationRound)
        .where(
            AllocationRound.id == round_id,
            AllocationRound.status == RoundStatus.RUNNING,
            AllocationRound.stage == "queued",
        )
        .values(stage="input")
    ).rowcount
    db.session.commit()
    if claimed != 1:
        return
    try:
        round_ = get_round(round_id)
        month = round_.month
        built = build_input(month)
        _stage(round_id, "solve")
        instance = parse_instance(json.loads(built.text))
        result = solve(instance)
        serial = solve(instance, "serial-dictatorship")
        _stage(round_id, "report")
        names = {f"L{i}": n for i, n in db.session.execute(sa.select(Landlord.id, Landlord.name))}
        report = build_report(instance, result, serial, names, built.skipped)
        report["seconds"]["total"] = round(time.perf_counter() - started, 2)
        rank = {a: i + 1 for i, a in enumerate(result.order)}
        ids = built.pseudonyms
        if result.assignments:
            db.session.execute(
                sa.insert(RoundAssignment),
                [
                    {
                        "round_id": round_id,
                        "application_id": ids[a.applicant],
                        "unit_id": unit_id_of(a.unit),
                        "rank": rank[a.applicant],
                        "commute_min": a.commute_min,
                        "cost": a.cost,
                    }
                    for a in result.assignments
                ],
            )
        if result.unassigned:
            db.session.execute(
                sa.insert(RoundExclusion),
                [
                    {
                        "round_id": round_id,
                        "application_id": ids[u.applicant],
                        "reason": u.reason,
                        "detail": u.detail,
                    }
                    for u in result.unassigned
                ],
            )
        db.session.execute(
            sa.update(AllocationRound)
            .where(AllocationRound.id == round_id, AllocationRound.status == RoundStatus.RUNNING)
            .values(
                status=RoundStatus.PREVIEW,
                stage=None,
                input_json=built.text,
                input_sha256=built.sha256,
                result_json=result_json(result),
                pseudonyms=ids,
                metrics=report,
                finished_at=utcnow(),
            )
        )
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        current_app.logger.exception("round %s preview failed", round_id)
        db.session.execute(
            sa.update(AllocationRound)
            .where(AllocationRound.id == round_id)
            .values(
                status=RoundStatus.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:2000],
                finished_at=utcnow(),
            )
        )
        db.session.commit()


def preview_and_tell(month: str) -> dict:
    """The scheduled preview: computed here, then every officer is asked to review it."""
    round_ = start_preview(month, None, background=False)
    officers = db.session.scalars(
        sa.select(User).where(User.role == Role.OFFICER, User.active.is_(True))
    ).all()
    for officer in officers:
        notify(officer, "round.preview_ready", id=round_.id, month=month)
    db.session.commit()
    return {
        "round": round_.id,
        "status": round_.status.value,
        "served": round_.metrics.get("served", 0),
        "error": round_.error,
    }


# --- Compare ------------------------------------------------------------------------------


def compare(a_id: int, b_id: int) -> dict:
    """Two previews side by side: their figures, and who gains or loses a unit from a to b."""
    a, b = get_round(a_id), get_round(b_id)
    for r in (a, b):
        if r.status in (RoundStatus.RUNNING, RoundStatus.FAILED):
            raise ConflictError(_("Round %(id)d has no result to compare.", id=r.id))

    def served(r: AllocationRound) -> dict[int, int]:
        rows = db.session.execute(
            sa.select(RoundAssignment.application_id, RoundAssignment.unit_id).where(
                RoundAssignment.round_id == r.id
            )
        )
        return dict(rows.all())

    sa_, sb = served(a), served(b)
    return {
        "a": a,
        "b": b,
        "gains": sorted(set(sb) - set(sa_)),
        "losses": sorted(set(sa_) - set(sb)),
        "moves": sorted(k for k in set(sa_) & set(sb) if sa_[k] != sb[k]),
    }


# --- Commit -------------------------------------------------------------------------------


def commit(round_id: int, officer: User | None, now: datetime | None = None) -> AllocationRound:
    """Turn a preview into the month's round, in one transaction; 409 when anything moved."""
    now = now or utcnow()
    round_ = get_round(round_id)
    policy = current_policy()
    if round_.status != RoundStatus.PREVIEW:
        raise ConflictError(_("Only a finished preview can be committed."))
    try:
        taken = db.session.execute(
            sa.update(AllocationRound)
            .where(AllocationRound.id == round_id, AllocationRound.status == RoundStatus.PREVIEW)
            .values(
                status=RoundStatus.NOTICE,
                committed_month=round_.month,
                committed_at=now,
                notice_until=now + timedelta(days=policy.notice_days),
            )
        ).rowcount
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(
            _("A round for %(month)s is already committed.", month=round_.month)
        ) from None
    if taken != 1:
        db.session.rollback()
        raise ConflictError(_("Only a finished preview can be committed."))
    if policy.id != round_.policy_version_id or build_input(round_.month).sha256 != (
        round_.input_sha256
    ):
        db.session.rollback()
        raise ConflictError(
            _(
                "The queue, the vacant units or the policy changed since this preview. "
                "Run a new preview and commit that one."
            )
        )
    rows = db.session.execute(
        sa.select(RoundAssignment.application_id, RoundAssignment.unit_id).where(
            RoundAssignment.round_id == round_id
        )
    ).all()
    _allocate([a for a, _u in rows], [u for _a, u in rows], officer, round_.month)
    audit.record(officer, "round.committed", round_, month=round_.month, served=len(rows))
    db.session.flush()
    db.session.refresh(round_)
    _notify_result(round_)
    if policy.notice_days == 0:
        offers.start_offers(round_, now, policy)
    db.session.commit()
    return round_


def _allocate(app_ids: list[int], unit_ids: list[int], actor: User | None, month: str) -> None:
    """Assigned applications become `offered` and their units leave the pool, all or none."""
    if not app_ids:
        return
    note = _("Allocated in round %(month)s", month=month)
    apps = db.session.scalars(
        sa.select(Application).where(Application.id.in_(app_ids)).with_for_update()
    ).all()
    if len(apps) != len(app_ids):
        raise ConflictError(_("An application in this round no longer exists."))
    for application in apps:
        if application.status == ApplicationStatus.VERIFIED:
            transition(application, ApplicationStatus.WAITING, actor, note)
        transition(application, ApplicationStatus.OFFERED, actor, note)
    moved = db.session.execute(
        sa.update(Unit)
        .where(Unit.id.in_(unit_ids), Unit.status == UnitStatus.VACANT)
        .values(status=UnitStatus.OFFERED)
    ).rowcount
    if moved != len(unit_ids):
        raise ConflictError(_("A unit in this round is no longer vacant."))


def _notify_result(round_: AllocationRound) -> None:
    """Everyone in the round hears the result: served, or not and where to read why."""
    served = db.session.execute(
        sa.select(User.id, User.email, User.locale, Application.id.label("application_id"))
        .join(Application, Application.user_id == User.id)
        .join(RoundAssignment, RoundAssignment.application_id == Application.id)
        .where(RoundAssignment.round_id == round_.id)
    ).all()
    values = {"month": round_.month}
    notify_many([(r, {"id": r.application_id, **values}) for r in served], "round.served")
    left = db.session.execute(
        sa.select(User.id, User.email, User.locale, Application.id.label("application_id"),
                  RoundExclusion.reason, RoundExclusion.detail)
        .join(Application, Application.user_id == User.id)
        .join(RoundExclusion, RoundExclusion.application_id == Application.id)
        .where(RoundExclusion.round_id == round_.id)
    ).all()  # fmt: skip

    def why(row):
        return lambda: reason_words(row.reason, row.detail)

    notify_many(
        [(r, {"id": r.application_id, "why": why(r), **values}) for r in left], "round.not_served"
    )


# --- Objections ---------------------------------------------------------------------------


def record_objection(
    round_id: int,
    application_id: int,
    note: str,
    upheld: bool,
    officer: User | None,
    now: datetime | None = None,
) -> RoundObjection:
    """An officer's finding on an objection; upheld removes the assignment and cascades."""
    now = now or utcnow()
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what the objection is."), {"note": _("Required.")})
    round_ = get_round(round_id)
    if round_.status not in (RoundStatus.NOTICE, RoundStatus.OFFERS):
        raise ConflictError(_("Objections are recorded while a round is under notice or offer."))
    assignment = db.session.scalar(
        sa.select(RoundAssignment).where(
            RoundAssignment.round_id == round_id, RoundAssignment.application_id == application_id
        )
    )
    if assignment is None:
        raise NotFoundError(
            _("This application holds no assignment in the round."),
            {"application_id": _("Not assigned in this round.")},
        )
    objection = RoundObjection(
        round_id=round_id,
        application_id=application_id,
        note=note[:2000],
        upheld=upheld,
        officer_id=officer.id if officer else None,
    )
    db.session.add(objection)
    if upheld:
        offers.remove_assignment(round_, assignment, officer, note, now)
    audit.record(officer, "round.objection", round_, application_id=application_id, upheld=upheld)
    db.session.commit()
    return objection
