"""Every row of every table, ordered: what a test compares to prove nothing changed."""

import json

import sqlalchemy as sa


def _plain(value):
    """Rows of JSON columns hold lists and dicts; make every value comparable and sortable."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


_SCHEMAS: dict[str, list[sa.Table]] = {}


def _tables(engine: sa.Engine) -> list[sa.Table]:
    """The database's own tables, reflected once per database (the schema does not change)."""
    key = engine.url.render_as_string()
    if key not in _SCHEMAS:
        meta = sa.MetaData()
        meta.reflect(engine)
        _SCHEMAS[key] = meta.sorted_tables
    return _SCHEMAS[key]


def dump_tables(engine: sa.Engine) -> dict[str, list[tuple]]:
    """All committed rows, read on a connection of their own, by table, in primary-key order.

    Tables come from the database itself, not the models, so a table no model maps is
    compared too (alembic_version included).
    """
    dump = {}
    with engine.connect() as conn:
        for table in _tables(engine):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(sa.select(table).order_by(*order))
            dump[table.name] = [tuple(_plain(v) for v in row) for row in rows]
    return dump


def differences(before: dict, after: dict) -> list[str]:
    """Readable lines naming each table whose rows changed, for an assertion message."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if old != new:
            gone = [r for r in old if r not in new]
            added = [r for r in new if r not in old]
            lines.append(f"{name}: {len(gone)} rows gone or changed, {len(added)} new: {added[:3]}")
    return lines
