"""The district's figures over the API: the officers' dashboard, the public statistics, and
the officers' exports of the queue, the rounds and the offers (tenancies and the ledger are
in api/money.py). The same functions as the pages (housing.stats).
"""

from flask import request

from housing.api import bp
from housing.api.oas import documented
from housing.api.util import token_required
from housing.models import Role
from housing.stats import exports, figures, public
from housing.stats.cache import cached


def _iso_rounds(data: dict) -> dict:
    """A copy with the rounds' times as ISO 8601 (the cached figures stay as they are)."""
    rounds = [
        {**r, "committed_at": r["committed_at"].isoformat() if r["committed_at"] else None}
        for r in data["rounds"]
    ]
    return {**data, "as_of": data["as_of"].isoformat(), "rounds": rounds}


@bp.get("/officer/dashboard")
@token_required(Role.OFFICER)
@documented("get", "officer", "The district's figures with the plan's targets")
def officer_dashboard():
    """Pool, use, queue, waits, offers, housed shares and 24-month trends (money in fen)."""
    data = cached("dashboard", figures.dashboard)
    return {**data, "as_of": data["as_of"].isoformat()}


@bp.get("/public/stats")
def public_stats():
    """Counts of people from 1 to 4 are "<5"; averages over fewer than five are null.
    ---
    get:
      tags: [public]
      summary: Public statistics
      responses:
        200:
          description: Pool, queue, waits by layout, targets and committed rounds
          content: {application/json: {}}
    """
    return _iso_rounds(cached("public", public.public_stats))


def _export(name: str):
    return exports.officer_export(name, request.args.get("format", "csv"))


@bp.get("/officer/exports/queue")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "The queue as CSV or XLSX", errors=(400,), params=("format",),
    media="text/csv",
)  # fmt: skip
def officer_export_queue():
    """Verified and waiting applications, highest points first; formula-safe cells."""
    return _export("queue")


@bp.get("/officer/exports/rounds")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "The rounds as CSV or XLSX", errors=(400,), params=("format",),
    media="text/csv",
)  # fmt: skip
def officer_export_rounds():
    """Every round with its status, policy version, served and not served."""
    return _export("rounds")


@bp.get("/officer/exports/offers")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "The offers as CSV or XLSX", errors=(400,), params=("format",),
    media="text/csv",
)  # fmt: skip
def officer_export_offers():
    """Every offer with its round, applicant, unit, dates and decline reason."""
    return _export("offers")
