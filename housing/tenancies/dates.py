"""Calendar arithmetic of leases and months (Shanghai dates), shared by tenancies and money."""

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from housing.errors import ValidationError
from housing.models._base import utcnow

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today(now: datetime | None = None) -> date:
    """The date in Shanghai: a lease day starts at midnight there, not in UTC."""
    return (now or utcnow()).astimezone(SHANGHAI).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a 'YYYY-MM' month; a 422 naming `month` when malformed."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (ValueError, AttributeError):
        message = _("Give the month as YYYY-MM, e.g. 2027-01.")
        raise ValidationError(message, {"month": message}) from None
    if len(month) != 7 or not 2000 <= year <= 2100:
        message = _("Give the month as YYYY-MM, e.g. 2027-01.")
        raise ValidationError(message, {"month": message})
    return first, date(year, number, calendar.monthrange(year, number)[1])


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"


def next_month(month: str) -> str:
    _first, last = month_bounds(month)
    return month_of(last + timedelta(days=1))


def overlap_days(first: date, last: date, start: date, end: date | None) -> tuple[date, date, int]:
    """Days of [start, end) that fall in [first, last]: (from, to, count), count 0 if none."""
    lo = max(first, start)
    hi = last if end is None else min(last, end - timedelta(days=1))
    return lo, hi, max(0, (hi - lo).days + 1)
