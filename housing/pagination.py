"""One page of a query, for the pages and the API alike: the rows, the page and the total."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from housing.errors import MalformedRequest
from housing.extensions import db

E = TypeVar("E", bound=enum.Enum)

E = TypeVar("E", bound=enum.Enum)

#: Deeper pages than this hold nothing at district scale; the bound keeps OFFSET in range.
MAX_PAGE = 100_000


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def enum_filter(args: Mapping, name: str, kind: type[E], default: E | None = None) -> E | None:
    """A list's filter by an enum value, the same on the pages and the API.

    An unknown value is a 400 naming the parameter, never silently a different list.
    """
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        return kind(raw)
    except ValueError:
        message = _("Unknown %(name)s filter: %(value)s.", name=name, value=str(raw)[:40])
        raise MalformedRequest(message, {name: message}) from None


def page_number(args: Mapping) -> int:
    """The `page` a link asks for; the pages forgive a bad one and show the first."""
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def paginate(query: sa.Select, page: int, per_page: int) -> Page:
    """Rows of `query` on page `page` (from 1) and the total over all pages."""
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(rows), page, per_page, total)
