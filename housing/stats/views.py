"""Pages of figures: the public statistics (no login), the officers' dashboard, its CSVs and
the exports. Each view asks `figures`/`public` for data and `tables` for its tables.
"""

from flask import render_template
from flask_babel import gettext as _

from housing.auth.session import role_required
from housing.errors import NotFoundError
from housing.models import Role
from housing.stats import bp, exports, figures, public, tables
from housing.stats.cache import cached
from housing.stats.tables import Table


def _find(all_tables: list[Table], name: str) -> Table:
    for table in all_tables:
        if table.name == name:
            return table
    raise NotFoundError(_("No such table."))


def table_download(all_tables: list[Table], name: str):
    table = _find(all_tables, name)
    return exports.table_csv(name, table.header, table.rows)


@bp.get("/stats")
def public_stats():
    data = cached("public", public.public_stats)
    return render_template("stats/public.html", data=data, tables=tables.public_tables(data))


@bp.get("/stats/<name>.csv")
def public_csv(name: str):
    return table_download(tables.public_tables(cached("public", public.public_stats)), name)


# --- Officers (registered on the officers' blueprint, under /officer) ----------------------


def officer_dashboard() -> dict:
    """What the officers' home shows: the figures, their tables and the export names."""
    data = cached("dashboard", figures.dashboard)
    return {"data": data, "tables": tables.dashboard_tables(data), "exports": exports.EXPORTS}


@role_required(Role.OFFICER)
def officer_csv(name: str):
    return table_download(tables.dashboard_tables(cached("dashboard", figures.dashboard)), name)


@role_required(Role.OFFICER)
def officer_export(name: str, fmt: str):
    return exports.officer_export(name, fmt)


OFFICER_ROUTES = [
    ("/dashboard/<name>.csv", officer_csv, ["GET"]),
    ("/exports/<name>.<any(csv, xlsx):fmt>", officer_export, ["GET"]),
]  # fmt: skip
