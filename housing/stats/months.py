"""Calendar months in Shanghai time, and monthly counts that work on both databases.

A trend is one GROUP BY on `month_of(column)`, an SQL function compiled for each dialect
(SQLite's strftime, PostgreSQL's to_char) that takes timestamps in Shanghai time, where the
district's months begin.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.types import TypeDecorator

from housing.extensions import db

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: How far back the trends reach.
TREND_MONTHS = 24


@dataclass(frozen=True)
class Month:
    key: str  # "2026-11"
    first: date  # its first day
    next_first: date  # the first day of the month after

    @property
    def start(self) -> datetime:
        """Shanghai midnight of the first day, in UTC (for timestamp columns)."""
        return datetime.combine(self.first, time(), SHANGHAI).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.next_first, time(), SHANGHAI).astimezone(UTC)


def _add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


def last_months(n: int = TREND_MONTHS, today: date | None = None) -> list[Month]:
    """The `n` months ending with the current one, oldest first."""
    first = (today or shanghai_today()).replace(day=1)
    starts = [_add(first, -i) for i in range(n - 1, -1, -1)]
    return [Month(f"{s:%Y-%m}", s, _add(s, 1)) for s in starts]


class month_of(sa.sql.functions.FunctionElement):
    """The "YYYY-MM" of a DATE or timestamp column, timestamps taken in Shanghai time."""

    type = sa.String()
    inherit_cache = True


def _is_date(column) -> bool:
    kind = column.type
    return isinstance(kind, sa.Date) and not isinstance(kind, sa.DateTime | TypeDecorator)


@compiles(month_of, "sqlite")
def _month_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    shift = "" if _is_date(column) else ", '+8 hours'"  # Shanghai has no daylight saving
    return f"strftime('%Y-%m', {compiler.process(column, **kw)}{shift})"


@compiles(month_of, "postgresql")
def _month_postgresql(element, compiler, **kw):
    (column,) = element.clauses
    value = compiler.process(column, **kw)
    if not _is_date(column):
        value = f"({value} AT TIME ZONE 'Asia/Shanghai')"
    return f"to_char({value}, 'YYYY-MM')"


def monthly_sums(
    column, months: Sequence[Month], *where, value=None, select_from=None
) -> list[int]:
    """Per month, the count (or the sum of `value`) of rows whose `column` falls in it.

    One GROUP BY on the column's month, from the first month's start on.
    """
    lo = months[0].first if _is_date(column) else months[0].start
    key = month_of(column)
    amount = sa.func.sum(value) if value is not None else sa.func.count()
    query = sa.select(key, amount).where(column >= lo, *where).group_by(key)
    if select_from is not None:
        query = query.select_from(select_from)
    found = {k: int(n or 0) for k, n in db.session.execute(query)}
    return [found.get(m.key, 0) for m in months]


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (the value below which `p` of the values lie); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 1))  # ceil(n * p), at least 1
    return ordered[int(rank) - 1]
