"""Back-test of the expected wait on the demo district's round history.

Seeds the demo (two rounds), then extends its history month by month through the real
round code: each month some units come vacant (released from a held-back stock, a
deterministic number between --low and --high), some submitted applications are verified
and join the queue, points are recomputed, the round is previewed, committed, offered and
answered (most accept, some decline, some let the offer expire). At the start of every month,
before that month's units come vacant, every queued applicant's expected wait is computed
from the history so far (`housing.forecast`), exactly as the nightly job does; at the end each
prediction is compared with the round in which the applicant actually got an offer.

    .venv/bin/python bench/backtest_wait.py --months 12
    .venv/bin/python bench/backtest_wait.py --database-url postgresql+psycopg://.../<empty db>

Prints, per prediction month and pooled: applicants predicted, served within the horizon,
median absolute error of p50 in months (served ones; and counting the unserved whose p50
has passed as at least the months they have waited beyond it), the median signed error, and
the coverage of p90 (an outcome is known when the applicant was served, or was not served
and p90 has passed).
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from config import TestingConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--applicants", type=int, default=20000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--low", type=int, default=120)
    parser.add_argument("--high", type=int, default=320)
    parser.add_argument("--arrivals", type=int, default=110, help="verified a month")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "backtest_wait.json"))
    parser.add_argument("--evaluate", help="only evaluate a file written by an earlier run")
    args = parser.parse_args()
    if args.evaluate:
        saved = json.loads(Path(args.evaluate).read_text())
        evaluate(saved["months"], saved["raw"], saved["offered"])
        return

    scratch = Path(tempfile.gettempdir()) / "bench_backtest.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url:
        scratch.unlink(missing_ok=True)

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        UPLOAD_FOLDER = tempfile.mkdtemp(prefix="bench-uploads-")
        MAIL_FOLDER = tempfile.mkdtemp(prefix="bench-mail-")

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from housing import create_app
    from housing.demo import _answer_all, seed_demo
    from housing.extensions import db
    from housing.forecast.history import build_table, engine_order, queue_entries
    from housing.forecast.operations import lead_of, waits_for
    from housing.models import (
        AllocationRound,
        Application,
        ApplicationStatus,
        Offer,
        OfferStatus,
        Unit,
        UnitStatus,
    )
    from housing.policy import recompute_priorities
    from housing.rounds import offers as round_offers
    from housing.rounds import operations as rounds

    app = create_app(BenchConfig)
    rng = random.Random(args.seed)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        counts = seed_demo(units=args.units, applicants=args.applicants)
        print(f"seeded {counts} in {time.perf_counter() - started:.1f} s", flush=True)
        today = date.today()
        # The stock that comes vacant month by month: the units the seed left vacant.
        pending = sa.select(Offer.unit_id).where(Offer.status == OfferStatus.PENDING)
        stock = list(
            db.session.scalars(
                sa.select(Unit.id)
                .where(Unit.status == UnitStatus.VACANT, Unit.id.not_in(pending))
                .order_by(Unit.id)
            )
        )
        rng.shuffle(stock)
        db.session.execute(
            sa.update(Unit).where(Unit.id.in_(stock)).values(status=UnitStatus.MAINTENANCE)
        )
        db.session.commit()
        waiting_room = list(
            db.session.scalars(
                sa.select(Application.id)
                .where(Application.status == ApplicationStatus.SUBMITTED)
                .order_by(Application.id)
            )
        )
        rng.shuffle(waiting_room)
        current = db.session.scalar(
            sa.select(AllocationRound.id).where(AllocationRound.committed_month.is_not(None))
            .order_by(AllocationRound.committed_month.desc()).limit(1)
        )  # fmt: skip
        raw: dict[str, dict] = {}
        months = []
        for k in range(1, args.months + 1):
            tick = time.perf_counter()
            index = today.year * 12 + today.month - 1 + k
            first = date(index // 12, index % 12 + 1, 1)
            previous = date((index - 1) // 12, (index - 1) % 12 + 1, 1)
            month = f"{first:%Y-%m}"
            months.append(month)
            at = datetime.combine(first, datetime.min.time(), UTC) + timedelta(hours=1)
            # Last month's offers are answered and expire; their cascades too.
            _answer_all(current, at - timedelta(days=20), rng, 0.08)
            round_offers.expire_offers(at - timedelta(days=12))
            _answer_all(current, at - timedelta(days=11), rng, 0.0)
            round_offers.expire_offers(at - timedelta(days=1))
            # New applicants join the queue; points move with the months waited.
            joining, waiting_room = waiting_room[: args.arrivals], waiting_room[args.arrivals :]
            if joining:
                db.session.execute(
                    sa.update(Application)
                    .where(Application.id.in_(joining))
                    .values(status=ApplicationStatus.VERIFIED, waiting_since=first, verified_at=at)
                )
                db.session.commit()
            recompute_priorities(today=first)
            # The prediction, the day after the last round: this month's round is next.
            entries, skipped = queue_entries()
            told = previous + timedelta(days=1)
            table = build_table(told, entries, skipped)
            waits = waits_for(table, engine_order(table.instance), told)
            raw[month] = {
                "extra_var": table.supply.extra_var,
                "lead": lead_of(told),
                "rows": [
                    [aid, float(waits.ahead[i]), float(waits.vacant_now[i]),
                     float(waits.monthly[i]), bool(waits.matches[i])]
                    for i, aid in enumerate(table.application_ids)
                ],
            }  # fmt: skip
            # This month's vacancies, then the round.
            batch = rng.randint(args.low, args.high)
            released, stock = stock[:batch], stock[batch:]
            db.session.execute(
                sa.update(Unit).where(Unit.id.in_(released)).values(status=UnitStatus.VACANT)
            )
            db.session.commit()
            round_ = rounds.start_preview(month, None, background=False)
            assert round_.error is None, round_.error
            rounds.commit(round_.id, None, now=at)
            round_offers.issue_offers(at + timedelta(days=6))
            current = round_.id
            print(
                f"{month}: {len(raw[month]['rows'])} queued, history {table.supply.history_months}"
                f" months, {batch} units released, served {round_.metrics.get('served')},"
                f" {time.perf_counter() - tick:.1f} s",
                flush=True,
            )
        offered = outcomes(months)
    Path(args.out).write_text(json.dumps({"months": months, "raw": raw, "offered": offered}))
    print(f"raw predictions and outcomes written to {args.out}")
    evaluate(months, raw, offered)


def outcomes(months: list[str]) -> dict[int, str]:
    """The month of each applicant's first offer: an assignment of a round or, when someone
    ahead declined or let the offer expire, an offer cascaded down the round's order."""
    import sqlalchemy as sa

    from housing.extensions import db
    from housing.models import AllocationRound, Offer, RoundAssignment

    offered: dict[int, str] = {}
    for query in (
        sa.select(RoundAssignment.application_id, AllocationRound.committed_month).join(
            AllocationRound, AllocationRound.id == RoundAssignment.round_id
        ),
        sa.select(Offer.application_id, AllocationRound.committed_month).join(
            AllocationRound, AllocationRound.id == Offer.round_id
        ),
    ):
        for application_id, month in db.session.execute(
            query.where(AllocationRound.committed_month.in_(months))
        ):
            if month < offered.get(application_id, "9999-99"):
                offered[application_id] = month
    return offered


def predictions_for(raw, competition, kappa):
    from housing.forecast.model import quantiles

    out = {}
    for month, data in raw.items():
        rows = np.array([r[1:4] for r in data["rows"]], dtype=np.float64).reshape(-1, 3)
        p50, p90 = quantiles(rows[:, 0], rows[:, 1], rows[:, 2], data["extra_var"],
                             data["lead"], competition, kappa)  # fmt: skip
        out[month] = {
            r[0]: (int(a), int(b)) if r[4] else (-1, -1)
            for r, a, b in zip(data["rows"], p50, p90, strict=True)
        }
    return out


def evaluate(months, raw, offered) -> None:
    """Choose COMPETITION and KAPPA on the first half of the months, report on the second."""
    from housing.forecast.history import month_index
    from housing.forecast.model import COMPETITION, KAPPA

    offered = {int(k): v for k, v in offered.items()}
    fit, held = months[: len(months) // 2], months[len(months) // 2 :]
    fitted = {m: raw[m] for m in fit}

    def scored(competition, kappa):
        return score(predictions_for(fitted, competition, kappa), offered, months, month_index)

    # The competition factor that centres the errors, then the spread that covers 90%.
    competition = min((1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3),
                      key=lambda c: abs(scored(c, KAPPA)["signed"]))  # fmt: skip
    kappa = min((0.1, 0.2, 0.3, 0.35, 0.45, 0.6),
                key=lambda k: abs(scored(competition, k)["coverage"] - 0.9))  # fmt: skip
    print(f"chosen on {fit[0]}..{fit[-1]}: COMPETITION={competition}, KAPPA={kappa} "
          f"(in the code: {COMPETITION}, {KAPPA})")  # fmt: skip
    for label, chosen in (("the code's constants", (COMPETITION, KAPPA)),
                          ("the chosen constants", (competition, kappa))):  # fmt: skip
        print(f"\n{label}: COMPETITION={chosen[0]}, KAPPA={chosen[1]}")
        report(predictions_for(raw, *chosen), offered, months, month_index, held)


def score(predictions, offered, months, month_index) -> dict:
    last = month_index(months[-1])
    errors, signed, hits, known = [], [], 0, 0
    for month, rows in predictions.items():
        start = month_index(month)
        horizon = last - start + 1
        for application_id, (p50, p90) in rows.items():
            if p90 <= 0 or p90 > horizon:
                continue  # only predictions whose whole range falls inside the history
            got = offered.get(application_id)
            actual = month_index(got) - start + 1 if got and month_index(got) >= start else None
            errors.append(abs(actual - p50) if actual is not None else horizon + 1 - p50)
            signed.append(actual - p50 if actual is not None else horizon + 1 - p50)
            known += 1
            hits += actual is not None and actual <= p90
    return {"medae": statistics.median(errors) if errors else 99,
            "signed": statistics.median(signed) if signed else 99,
            "coverage": hits / known if known else 0, "n": known}  # fmt: skip


def report(predictions, offered, months, month_index, held) -> None:
    last = month_index(months[-1])
    print(
        "| predicted for the round of | queued | estimate within the history (p90 <= months"
        " left) | of them served | MedAE of p50, months | median actual - p50 | p90 coverage |"
    )
    print("|---|---|---|---|---|---|---|")
    pooled = {"n": 0, "served": 0, "abs": [], "signed": [], "hit": 0}
    for month in months:
        start = month_index(month)
        horizon = last - start + 1
        row = {"n": 0, "served": 0, "abs": [], "signed": [], "hit": 0}
        for application_id, (p50, p90) in predictions[month].items():
            if p90 <= 0 or p90 > horizon:
                continue
            got = offered.get(application_id)
            actual = month_index(got) - start + 1 if got and month_index(got) >= start else None
            row["n"] += 1
            if actual is not None:
                row["served"] += 1
                row["abs"].append(abs(actual - p50))
                row["signed"].append(actual - p50)
                row["hit"] += actual <= p90
            else:  # not served by the end: at least this late
                row["abs"].append(horizon + 1 - p50)
                row["signed"].append(horizon + 1 - p50)
        if month in held:
            for key in pooled:
                pooled[key] += row[key]
        line(month + ("" if month in held else " (fit)"), len(predictions[month]), row)
    line(f"held-out {held[0]}..{held[-1]}", "", pooled)


def line(label, queued, row) -> None:
    def med(values):
        return f"{statistics.median(values):.1f}" if values else "—"

    coverage = f"{row['hit'] / row['n']:.0%}" if row["n"] else "—"
    print(f"| {label} | {queued} | {row['n']} | {row['served']} | {med(row['abs'])} "
          f"| {med(row['signed'])} | {coverage} |")  # fmt: skip


if __name__ == "__main__":
    main()
