"""The figures as tables people read: a title, a header, labelled rows, and the chart drawn
from them. The page shows the chart with its table beneath, and the same table downloads
as CSV, so every chart has its numbers behind it.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from housing import labels
from housing.stats import figures
from housing.stats.months import last_months


@dataclass
class Table:
    name: str  # the CSV's name in the URL
    title: str
    header: list[str]
    rows: list[list]
    chart: dict | None = field(default=None)
    note: str | None = None

    @property
    def empty(self) -> bool:
        """A chart with nothing but zeros and gaps: the page says so instead of a blank."""
        if not self.chart:
            return False
        return not any(v for d in self.chart["datasets"] for v in d["data"])


def _chart(kind: str, table_rows: list[list], series: dict[int, str], **options) -> dict:
    """A Chart.js description: labels from column 0, one dataset per column in `series`."""
    datasets = [
        {"label": str(name), "data": [_number(r[i]) for r in table_rows]}
        for i, name in series.items()
    ]
    return {"type": kind, "labels": [str(r[0]) for r in table_rows], "datasets": datasets,
            **options}  # fmt: skip


def _number(value) -> int | float | None:
    """A chart plots numbers; "<5" and "—" are gaps (the table beneath shows them)."""
    return value if isinstance(value, int | float) else None


def _counts(name, title, table, counts: dict, what: str, kind: str = "bar") -> "Table":
    rows = [[labels.label(table, key), n] for key, n in counts.items()]
    return Table(name, title, [_("Group"), what], rows, _chart(kind, rows, {1: what}))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)


def pool_tables(pool: dict) -> list[Table]:
    units = _("Units")
    status = [
        _counts("units-by-status", _("Units by status"), labels.STATUSES, pool["by_status"],
                units, "doughnut"),
    ] if "by_status" in pool else []  # fmt: skip
    return [
        *status,
        _counts("pool-by-landlord-type", _("Units held by landlord type"), labels.LANDLORD_KINDS,
                pool["by_landlord_kind"], units, "doughnut"),
        _counts("pool-by-street", _("Units held by street"), labels.STREETS,
                pool["by_street"], units),
        _counts("pool-by-layout", _("Units held by layout"), labels.LAYOUTS,
                pool["by_layout"], units),
    ]  # fmt: skip


def queue_table(queue: dict) -> Table:
    return _counts("queue-by-category", _("Queue by talent category"), labels.CATEGORIES,
                   queue["by_category"], _("Applicants"))  # fmt: skip


def waits_table(waits: dict) -> Table:
    rows = [
        [labels.label(labels.LAYOUTS, layout), w["n"], w["mean_months"], w["median_months"]]
        for layout, w in waits["by_layout"].items()
    ]
    header = [_("Layout"), _("First offers"), _("Average wait (months)"),
              _("Median wait (months)")]  # fmt: skip
    return Table("waits-by-layout", _("Wait until the first offer, by layout"), header, rows,
                 _chart("bar", rows, {2: header[2], 3: header[3]}),
                 _("From joining the queue (verification) to the first offer."))  # fmt: skip


def offers_tables(offers: dict) -> list[Table]:
    n = _("Offers")
    reasons = [[r["reason"] or _("No reason given"), r["n"]] for r in offers["decline_reasons"]]
    return [
        _counts("offers-by-status", _("Offers by status"), labels.STATUSES, offers["by_status"],
                n, "doughnut"),
        Table("decline-reasons", _("Reasons for declining"), [_("Reason"), n], reasons,
              _chart("bar", reasons, {1: n}, horizontal=True)),
    ]  # fmt: skip


def housed_table(housed: dict) -> Table:
    total = housed["housed"]
    rows = [
        [labels.label(labels.CATEGORIES, c), n, _pct(n / total if total else None)]
        for c, n in housed["by_category"].items()
    ]
    return Table("housed-by-category", _("Talents housed now, by category"),
                 [_("Category"), _("Housed"), _("Share")], rows,
                 _chart("bar", rows, {1: _("Housed")}))  # fmt: skip


def trend_tables(trends: dict) -> list[Table]:
    months = trends["months"]
    use = [[m, p, o] for m, p, o in zip(months, trends["pool"], trends["occupied"], strict=True)]
    service = [
        [m, s, sent, acc, _pct(rate), wait]
        for m, s, sent, acc, rate, wait in zip(
            months, trends["served"], trends["offers_sent"], trends["offers_accepted"],
            trends["acceptance_rate"], trends["median_wait_months"], strict=True,
        )
    ]  # fmt: skip
    money = [
        [m, _yuan(s), _yuan(i)]
        for m, s, i in zip(months, trends["subsidies_fen"], trends["incentives_fen"], strict=True)
    ]
    service_header = [_("Month"), _("New leases"), _("Offers sent"), _("Offers accepted"),
                      _("Acceptance rate"), _("Median wait (months)")]  # fmt: skip
    money_header = [_("Month"), _("Rent subsidies (yuan)"), _("Landlord incentives (yuan)")]
    return [
        Table("trend-pool", _("Pool and occupation, last 24 months"),
              [_("Month"), _("Units held"), _("Units occupied")], use,
              _chart("line", use, {1: _("Units held"), 2: _("Units occupied")})),
        Table("trend-service", _("Units served and offers, per month"), service_header,
              service, _chart("line", service, {1: service_header[1], 2: service_header[2],
                                                 3: service_header[3]}),
              _("New leases count leases starting that month, renewals left out.")),
        Table("trend-wait", _("Median wait of the month's first offers"),
              [_("Month"), service_header[5]], [[r[0], r[5]] for r in service],
              _chart("line", [[r[0], r[5]] for r in service], {1: service_header[5]})),
        Table("trend-money", _("Subsidies and incentives paid per month"), money_header, money,
              _chart("bar", money, {1: money_header[1], 2: money_header[2]}, stacked=True)),
    ]  # fmt: skip


def dashboard_tables(data: dict) -> list[Table]:
    return [
        *pool_tables(data["pool"]),
        queue_table(data["queue"]),
        waits_table(data["waits"]),
        *offers_tables(data["offers"]),
        housed_table(data["housed"]),
        *trend_tables(data["trends"]),
    ]


# --- The landlord's own -------------------------------------------------------------------


def landlord_data(landlord_id: int) -> dict:
    months = last_months()
    pool = figures.pool(landlord_id)
    return {
        "pool": pool,
        "months": [m.key for m in months],
        "occupied": figures.occupied_by_month(months, landlord_id),
        "incentive_fen": figures.incentive_by_month(months, landlord_id),
        "offers": figures.offers(landlord_id)["by_status"],
    }


def landlord_tables(data: dict) -> list[Table]:
    occupied = [[m, n] for m, n in zip(data["months"], data["occupied"], strict=True)]
    incentive = [[m, _yuan(f)] for m, f in zip(data["months"], data["incentive_fen"], strict=True)]
    return [
        _counts("units-by-status", _("Units by status"), labels.STATUSES,
                data["pool"]["by_status"], _("Units"), "doughnut"),
        Table("occupancy", _("Units occupied at each month's end"), [_("Month"),
              _("Units occupied")], occupied, _chart("line", occupied, {1: _("Units occupied")})),
        Table("incentive", _("Incentive earned per month"),
              [_("Month"), _("Incentive (yuan)")], incentive,
              _chart("bar", incentive, {1: _("Incentive (yuan)")})),
    ]  # fmt: skip


# --- The public's -------------------------------------------------------------------------


def public_tables(data: dict) -> list[Table]:
    """Tables of `public.public_stats()`: counts of people already through `small`."""
    targets = data["targets"]
    target_rows = [
        [_("Talent apartments held"), targets["pool_held"], targets["pool_target"]],
        [_("Overseas talents among those housed"), _pct(targets["overseas_share"]),
         _pct(targets["overseas_target"])],
        [_("Key-industry talents among those housed"), _pct(targets["key_industry_share"]),
         _pct(targets["key_industry_target"])],
    ]  # fmt: skip
    rounds = data["rounds"]
    category_keys = list(labels.CATEGORIES)
    layout_keys = list(labels.LAYOUTS)
    round_header = [
        _("Round"), _("Served"),
        *(labels.label(labels.CATEGORIES, c) for c in category_keys),
        *(labels.label(labels.LAYOUTS, x) for x in layout_keys),
    ]  # fmt: skip
    round_rows = [
        [r["month"], r["served"], *(r["by_category"][c] for c in category_keys),
         *(r["by_layout"][x] for x in layout_keys)]
        for r in reversed(rounds)
    ]  # fmt: skip
    by_category = {i + 2: round_header[i + 2] for i in range(len(category_keys))}
    waits = data["waits"]
    return [
        *pool_tables(data["pool"]),
        queue_table(data["queue"]),
        waits_table(waits),
        Table("targets", _("Progress against the plan's targets"),
              [_("Figure"), _("Now"), _("Target")], target_rows),
        Table("rounds", _("Each round's results: served by category and layout"), round_header,
              round_rows, _chart("bar", round_rows, by_category, stacked=True),
              _("Counts from 1 to 4 are shown as <5.")),
    ]  # fmt: skip
