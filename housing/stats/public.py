"""The public statistics: the same figures as the officers', with small counts hidden.

Nothing personal goes out: a count from 1 to 4 is shown as "<5" (`small`), and a figure
computed from fewer than five people (an average wait) is not shown at all. Zero stays
zero: it says no one, which names no one.
"""

import sqlalchemy as sa

from housing.extensions import db
from housing.models import AllocationRound, Application, RoundAssignment, Unit
from housing.models._base import utcnow
from housing.models.housing import Layout
from housing.models.waitlist import Category
from housing.rounds.queries import PUBLIC
from housing.stats import figures

#: Below this, a count could point at a person.
SMALL = 5


def small(n: int) -> int | str:
    """A count as it may be published: "<5" for 1 to 4, the number otherwise."""
    return "<5" if 0 < n < SMALL else n


def _hide(counts: dict[str, int]) -> dict[str, int | str]:
    return {k: small(v) for k, v in counts.items()}


def committed_rounds() -> list[dict]:
    """Each published round with its served applicants by category and by layout."""
    rounds = db.session.execute(
        sa.select(
            AllocationRound.id,
            AllocationRound.month,
            AllocationRound.committed_at,
            AllocationRound.input_sha256,
        )
        .where(AllocationRound.status.in_(PUBLIC))
        .order_by(AllocationRound.month.desc())
    ).all()
    ids = [r.id for r in rounds]
    by_category = {i: dict.fromkeys((c.value for c in Category), 0) for i in ids}
    by_layout = {i: dict.fromkeys((x.value for x in Layout), 0) for i in ids}
    if ids:
        for round_id, category, n in db.session.execute(
            sa.select(RoundAssignment.round_id, Application.category, sa.func.count())
            .join(Application, Application.id == RoundAssignment.application_id)
            .where(RoundAssignment.round_id.in_(ids), Application.category.is_not(None))
            .group_by(RoundAssignment.round_id, Application.category)
        ):
            by_category[round_id][category.value] = n
        for round_id, layout, n in db.session.execute(
            sa.select(RoundAssignment.round_id, Unit.layout, sa.func.count())
            .join(Unit, Unit.id == RoundAssignment.unit_id)
            .where(RoundAssignment.round_id.in_(ids))
            .group_by(RoundAssignment.round_id, Unit.layout)
        ):
            by_layout[round_id][layout.value] = n
    return [
        {
            "id": r.id,
            "month": r.month,
            "committed_at": r.committed_at,
            "input_sha256": r.input_sha256,
            "served": sum(by_layout[r.id].values()),
            "by_category": by_category[r.id],
            "by_layout": by_layout[r.id],
        }
        for r in rounds
    ]


def raw() -> dict:
    """The public figures before small counts are hidden (what the tests compare)."""
    pool = figures.pool()
    housed = figures.housed_shares()
    return {
        "pool": {
            "held": pool["held"],
            "target": pool["target"],
            "progress": pool["progress"],
            "by_landlord_kind": pool["by_landlord_kind"],
            "by_street": pool["by_street"],
            "by_layout": pool["by_layout"],
            "vacancy_rate": pool["vacancy_rate"],
            "occupancy_rate": pool["occupancy_rate"],
        },
        "queue": figures.queue(),
        "waits": figures.waits(),
        "targets": {
            "pool_held": pool["held"],
            "pool_target": pool["target"],
            "housed": housed["housed"],
            "overseas_share": housed["overseas_share"],
            "overseas_target": housed["overseas_target"],
            "key_industry_share": housed["key_industry_share"],
            "key_industry_target": housed["key_industry_target"],
        },
        "rounds": committed_rounds(),
    }


def public_stats() -> dict:
    """`raw()` made safe to publish: every count of people through `small`."""
    data = raw()
    waits = data["waits"]
    layouts = {}
    for layout, w in waits["by_layout"].items():
        shown = w["n"] >= SMALL
        layouts[layout] = {
            "n": small(w["n"]),
            "mean_months": w["mean_months"] if shown else None,
            "median_months": w["median_months"] if shown else None,
        }
    enough = waits["n"] >= SMALL
    targets = dict(data["targets"])
    if targets["housed"] < SMALL:
        targets["overseas_share"] = targets["key_industry_share"] = None
    targets["housed"] = small(targets["housed"])
    return {
        "as_of": utcnow(),
        "pool": data["pool"],  # units, not people: nothing to hide
        "queue": {
            "total": small(data["queue"]["total"]),
            "by_category": _hide(data["queue"]["by_category"]),
        },
        "waits": {
            "n": small(waits["n"]),
            "mean_months": waits["mean_months"] if enough else None,
            "median_months": waits["median_months"] if enough else None,
            "p90_months": waits["p90_months"] if enough else None,
            "by_layout": layouts,
        },
        "targets": targets,
        "rounds": [
            {
                **r,
                "served": small(r["served"]),
                "by_category": _hide(r["by_category"]),
                "by_layout": _hide(r["by_layout"]),
            }
            for r in data["rounds"]
        ],
    }
