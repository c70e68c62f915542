"""One page of a query, for the pages and the API alike: the rows, the page and the total."""

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from housing.extensions import db

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
