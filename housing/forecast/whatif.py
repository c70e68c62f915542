"""Policy what-if: a draft tried on the current queue, beside the policy in force.

Nothing is written but the run's own row: the draft's points are computed in memory from
each application's facts (`housing.policy.compute_points`, the same function publishing
uses), both previews are solved by the real engine on the units vacant now, and the
expected waits come from the same model as the applicants' (`housing.forecast.model`).
Publishing the draft is `housing.policy.publish_policy`, the policy page's own operation.
Runs go outside the request like round previews (see docs/forecast.md).
"""

import hashlib
import json
import statistics
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from allocation import parse_instance, solve
from housing import audit
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.forecast.history import build_table, engine_order, queue_entries
from housing.forecast.operations import waits_for
from housing.jobs import scheduler_alive
from housing.models import QUEUED, AllocationRound, Application, PolicyVersion, User, WhatIfRun
from housing.models._base import utcnow
from housing.policy import compute_points, current_policy, points_input, publish_policy
from housing.rounds.input import SCHEMA, pool_query, round_seed, unit_entry

#: Settings that change points, hence who is served; the others (offer deadlines, notice,
#: retention) change what happens after a round, which a preview cannot show.
POINTS_SETTINGS = ("category_points", "points_per_month", "key_industry_bonus",
                   "children_bonus", "decline_penalty")  # fmt: skip
#: Settings that are bookkeeping, not policy.
_NOT_POLICY = {"id", "version", "effective_from", "created_by_id", "created_at", "note"}
#: A queued run that no scheduler claimed within this time is run by a web worker.
GRACE = timedelta(seconds=60)
FINAL = ("done", "failed")


def get_run(run_id: int) -> WhatIfRun:
    run = db.session.get(WhatIfRun, run_id)
    if run is None:
        raise NotFoundError(_("No such what-if."))
    return run


def recent_runs(limit: int = 20) -> list[WhatIfRun]:
    return db.session.scalars(sa.select(WhatIfRun).order_by(WhatIfRun.id.desc()).limit(limit)).all()


def check_changes(changes: dict) -> dict:
    columns = {c.key for c in PolicyVersion.__table__.columns} - _NOT_POLICY
    if unknown := sorted(set(changes) - columns):
        raise ValidationError(
            _("Unknown policy settings."), {name: _("not a policy setting") for name in unknown}
        )
    return changes


def changed_settings(base: PolicyVersion, changes: dict) -> list[dict]:
    """The draft's settings that differ from the base version, one line each."""
    lines = []
    for name in sorted(changes):
        old, new = getattr(base, name), changes[name]
        if name == "category_points":
            for category in sorted(new):
                if old.get(category) != new[category]:
                    name_ = f"category_points.{category}"
                    lines.append({"name": name_, "published": old.get(category),
                                  "draft": new[category]})  # fmt: skip
        elif old != new:
            lines.append({"name": name, "published": old, "draft": new})
    return lines


def start_what_if(officer: User | None, changes: dict, background: bool | None = None) -> WhatIfRun:
    """Record a queued what-if and have it computed outside the request (like a preview)."""
    check_changes(changes)
    _fail_abandoned()
    run = WhatIfRun(
        base_policy_version_id=current_policy().id,
        changes=changes,
        stage="queued",
        started_by_id=officer.id if officer else None,
    )
    db.session.add(run)
    db.session.flush()
    audit.record(officer, "policy.what_if", run, changes=sorted(changes))
    db.session.commit()
    if background is None:
        background = not current_app.config.get("ROUNDS_INLINE", False)
    if not background:
        run_what_if(run.id)
        db.session.refresh(run)
    elif not scheduler_alive():
        _start_worker(run.id)
    return run


def _start_worker(run_id: int) -> None:
    app = current_app._get_current_object()
    threading.Thread(target=_run_in_app, args=(app, run_id), daemon=True).start()


def _run_in_app(app: Flask, run_id: int) -> None:
    with app.app_context():
        try:
            run_what_if(run_id)
        finally:
            db.session.remove()


def nudge(run: WhatIfRun) -> None:
    """A run still queued after the grace period (no scheduler took it) runs here."""
    if run.stage == "queued" and utcnow() - run.created_at > GRACE:
        _start_worker(run.id)


def run_queued_what_ifs() -> dict:
    """Part of the scheduler's `previews` job: every queued what-if, each claimed once."""
    queued = db.session.scalars(sa.select(WhatIfRun.id).where(WhatIfRun.stage == "queued")).all()
    for run_id in queued:
        run_what_if(run_id)
    return {"what_ifs": len(queued)}


def _fail_abandoned() -> None:
    minutes = current_app.config.get("JOB_LOCK_TIMEOUT_MINUTES", 30)
    db.session.execute(
        sa.update(WhatIfRun)
        .where(
            WhatIfRun.stage.not_in(FINAL),
            WhatIfRun.created_at < utcnow() - timedelta(minutes=minutes),
        )
        .values(stage="failed", error="interrupted: the worker stopped before the end")
    )


def _stage(run_id: int, stage: str, **values) -> None:
    db.session.execute(
        sa.update(WhatIfRun).where(WhatIfRun.id == run_id).values(stage=stage, **values)
    )
    db.session.commit()


def sandbox_points(policies: list, today) -> list[dict[int, float]]:
    """Every queued application's points under each policy, in memory (nothing is written)."""
    applications = db.session.scalars(
        sa.select(Application)
        .where(Application.status.in_(QUEUED), Application.priority.is_not(None))
        .options(selectinload(Application.employer))
    ).all()
    out: list[dict[int, float]] = [{} for _p in policies]
    for application in applications:
        facts = points_input(application)
        for i, policy in enumerate(policies):
            out[i][application.id] = compute_points(facts, policy, today)[0]
    db.session.rollback()  # nothing was changed; release the read
    return out


def _side(instance, result) -> dict:
    categories = {a.id: a.category or "none" for a in instance.applicants}
    served = {a.applicant for a in result.assignments}
    by_category: dict[str, dict] = {}
    for aid, category in categories.items():
        row = by_category.setdefault(category, {"queued": 0, "served": 0})
        row["queued"] += 1
        row["served"] += aid in served
    return {
        "served": result.stats.served,
        "mean_commute_min": result.stats.mean_commute_min,
        "p95_commute_min": result.stats.p95_commute_min,
        "by_category": by_category,
    }


def _waits_by_category(categories: list[str], waits) -> dict:
    out: dict[str, dict] = {}
    for category in sorted(set(categories)):
        rows = [i for i, c in enumerate(categories) if c == category]
        p50 = [int(waits.p50[i]) for i in rows if waits.p50[i] > 0]
        p90 = [int(waits.p90[i]) for i in rows if waits.p90[i] > 0]
        out[category or "none"] = {
            "applicants": len(rows),
            "p50": statistics.median(p50) if p50 else None,
            "p90": statistics.median(p90) if p90 else None,
            "unknown": len(rows) - len(p50),
        }
    return out


def _published_before(key: str) -> dict | None:
    """The policy in force's side from an earlier run on the very same queue, pool and day."""
    for result in db.session.scalars(
        sa.select(WhatIfRun.result).where(WhatIfRun.stage == "done")
        .order_by(WhatIfRun.id.desc()).limit(10)
    ):  # fmt: skip
        if result and result.get("published_key") == key and "published_served" in result:
            return result
    return None


def _instance(entries: list[dict], points: dict[int, float], units: list[dict], month: str):
    rows = [dict(e, priority=float(points[int(e["id"][1:])])) for e in entries]
    return parse_instance({"schema": SCHEMA, "round": month, "seed": round_seed(month),
                           "applicants": rows, "units": units, "policy": {}})  # fmt: skip


def compute(changes: dict, run_id: int | None = None) -> dict:
    """The comparison itself: draft against the policy in force, on today's queue and pool.

    The policy in force's side depends only on the queue, the pool, the rounds and the day,
    so a second draft tried on the same state reuses it from the earlier run.
    """
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    today = utcnow().date()
    base = current_policy(create=False)
    values = {c.key: getattr(base, c.key) for c in PolicyVersion.__table__.columns}
    draft = SimpleNamespace(**{**values, **changes})
    published_points, draft_points = sandbox_points([base, draft], today)
    seconds["points"] = round(time.perf_counter() - clock, 2)
    if run_id is not None:
        _stage(run_id, "solve")
    clock = time.perf_counter()
    entries, skipped = queue_entries(published_points)
    units = [unit_entry(u) for u in db.session.scalars(pool_query())]
    month = f"{today:%Y-%m}"
    latest_round = db.session.scalar(sa.select(sa.func.max(AllocationRound.id)))
    state = [today.isoformat(), base.id, latest_round, entries, units]
    key = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
    earlier = _published_before(key)
    same_points = all(published_points[i] == draft_points[i] for i in published_points)
    results, sides = {}, {}
    if earlier is None:
        instance = _instance(entries, published_points, units, month)
        results["published"] = solve(instance)
        sides["published"] = _side(instance, results["published"])
    else:
        sides["published"] = earlier["published"]
    if same_points and "published" in results:
        results["draft"], sides["draft"] = results["published"], sides["published"]
    else:
        instance = _instance(entries, draft_points, units, month)
        results["draft"] = solve(instance)
        sides["draft"] = _side(instance, results["draft"])
    served = {name: {int(a.applicant[1:]) for a in result.assignments}
              for name, result in results.items()}  # fmt: skip
    if earlier is not None:
        served["published"] = set(earlier["published_served"])
    seconds["solve"] = round(time.perf_counter() - clock, 2)
    if run_id is not None:
        _stage(run_id, "waits")
    clock = time.perf_counter()
    table = build_table(today, entries, [int(s) for s in skipped])
    categories = [a.category for a in table.instance.applicants]
    waits = {"published": earlier["waits"]["published"]} if earlier is not None else {}
    for name, points in (("published", published_points), ("draft", draft_points)):
        if name not in waits:
            order = engine_order(table.instance, [points[i] for i in table.application_ids])
            waits[name] = _waits_by_category(categories, waits_for(table, order, today))
    seconds["waits"] = round(time.perf_counter() - clock, 2)
    categories_by_id = dict(zip(table.application_ids, categories, strict=True))
    gains, losses = served["draft"] - served["published"], served["published"] - served["draft"]
    return {
        "month": month,
        "base_version": base.version,
        "settings": changed_settings(base, changes),
        "points_changed": sum(published_points[i] != draft_points[i] for i in published_points),
        "applicants": len(entries),
        "skipped_no_workplace": len(skipped),
        "units": len(units),
        "published": sides["published"],
        "draft": sides["draft"],
        "gains": sorted(gains),
        "losses": sorted(losses),
        "gain_categories": _count(categories_by_id, gains),
        "loss_categories": _count(categories_by_id, losses),
        "waits": waits,
        "history_months": table.supply.history_months,
        "published_key": key,
        "published_served": sorted(served["published"]),
        "published_reused": earlier is not None,
        "seconds": seconds,
    }


def _count(categories: dict[int, str], ids: set[int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in ids:
        key = categories.get(i) or "none"
        out[key] = out.get(key, 0) + 1
    return out


def run_what_if(run_id: int) -> None:
    """Compute a queued run and store its comparison, or why it failed; claims it first."""
    started = time.perf_counter()
    claimed = db.session.execute(
        sa.update(WhatIfRun)
        .where(WhatIfRun.id == run_id, WhatIfRun.stage == "queued")
        .values(stage="points")
    ).rowcount
    db.session.commit()
    if claimed != 1:
        return
    try:
        run = get_run(run_id)
        result = compute(dict(run.changes), run_id)
        result["seconds"]["total"] = round(time.perf_counter() - started, 2)
        _stage(run_id, "done", result=result, finished_at=utcnow())
    except Exception as exc:
        db.session.rollback()
        current_app.logger.exception("what-if %s failed", run_id)
        _stage(run_id, "failed", error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=utcnow())


def publish_draft(run_id: int, officer: User, note: str | None) -> PolicyVersion:
    """The draft becomes the policy in force, through the policy page's own operation.

    Refused when the policy in force moved since the what-if (its comparison would no longer
    describe what is published) or when this draft was already published.
    """
    run = get_run(run_id)
    if not (note or "").strip():
        raise ValidationError(_("Say why the policy changes."), {"note": _("Required.")})
    if run.stage != "done":
        raise ConflictError(_("Only a finished what-if can be published."))
    if current_policy().id != run.base_policy_version_id:
        raise ConflictError(
            _("The policy in force changed since this what-if. Run the what-if again first.")
        )
    taken = db.session.execute(
        sa.update(WhatIfRun)
        .where(WhatIfRun.id == run_id, WhatIfRun.published_version.is_(None))
        .values(published_version=0)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise ConflictError(_("This draft was already published."))
    policy = publish_policy(officer, dict(run.changes), note.strip())
    run.published_version = policy.version
    db.session.commit()
    return policy


def seconds_since(run: WhatIfRun) -> float:
    return (utcnow() - run.created_at).total_seconds()
