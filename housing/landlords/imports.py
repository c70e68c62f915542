"""Units by spreadsheet: read a CSV or XLSX, validate every row, then write all or nothing.

The whole file is validated before anything is written, so a landlord sees every bad row at
once (line, column, reason) and a bad file leaves the pool exactly as it was. Writing uses
bulk statements against one preloaded map of the organisation's units: a 5,000-row file
costs a handful of queries, not thousands.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from housing import audit
from housing.errors import ValidationError
from housing.extensions import db
from housing.landlords import rules
from housing.landlords.operations import known_employer_codes
from housing.models import Building, Landlord, Unit, UnitStatus, User
from housing.models._base import utcnow
from housing.policy import RENT_CAP_CEILING_PCT, rent_cap_pct

MAX_BYTES = 20 * 1024 * 1024
#: Rows after the header: a district's whole pool fits several times over.
MAX_ROWS = 20_000
#: Columns read from each row; the template has 12, the rest are ignored unread.
MAX_COLUMNS = 40
#: An XLSX is a zip: its unpacked parts may not exceed this (a tiny file can unpack to GBs).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

#: field: (English header, Chinese header, required, what goes in it). The template and the
#: import page are generated from this table, so documentation and parser cannot drift apart.
COLUMNS = {
    "building": ("building", "楼栋", True, _l("The building's name, as registered here.")),
    "code": ("code", "房源编号", True, _l("Your unit code; the key: a re-import updates it.")),
    "layout": ("layout", "户型", True, _l("studio, 1BR, 2BR or 3BR (开间, 一室一厅 …).")),
    "bedrooms": ("bedrooms", "卧室数", False, _l("0 to 3; empty means as the layout says.")),
    "area_m2": ("area_m2", "面积（平方米）", True, _l("Floor area in m², e.g. 45.5.")),
    "max_occupants": ("max_occupants", "最多入住人数", True, _l("1 to 8.")),
    "floor": ("floor", "楼层", False, _l("Whole number; may be empty.")),
    "rent": (
        "rent",
        "租金（元/月）",
        True,
        _l("Yuan a month, at most %(pct)d%% of market rent.", pct=RENT_CAP_CEILING_PCT),
    ),
    "market_rent": ("market_rent", "市场租金（元/月）", True, _l("Yuan a month.")),
    "accessible": ("accessible", "无障碍", False, _l("yes/no (是/否); empty means no.")),
    "reserved_for_employers": (
        "reserved_for_employers",
        "定向企业",
        False,
        rules.EMPLOYER_CODES_HINT,
    ),
    "reserved_for_categories": (
        "reserved_for_categories",
        "定向人才类别",
        False,
        rules.CATEGORIES_HINT,
    ),
}
_ALIASES = {
    "building": ["building_name", "楼栋名称", "楼宇", "楼宇名称"],
    "code": ["unit_code", "房号", "房间号", "编号"],
    "bedrooms": ["卧室"],
    "area_m2": ["area", "面积", "建筑面积", "使用面积"],
    "max_occupants": ["可住人数", "入住人数"],
    "floor": ["所在楼层"],
    "rent": ["月租金"],
    "market_rent": ["市场参考租金"],
    "accessible": ["无障碍设施"],
    "reserved_for_employers": ["定向企业代码", "预留企业"],
    "reserved_for_categories": ["人才类别", "预留人才类别"],
}


def _norm(header) -> str:
    text = str(header or "").strip().lstrip("\ufeff").lower()
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # units in brackets: 面积（㎡）, rent (yuan)
    return re.sub(r"[\s\-]+", "_", text).strip("_")


HEADERS = {
    _norm(name): field
    for field, (en, zh, _req, _doc) in COLUMNS.items()
    for name in (en, zh, *_ALIASES.get(field, []))
}


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


class ImportRefused(ValidationError):
    """The file or some of its rows are wrong; `rows` lists each problem."""


def _refuse(message: str) -> ImportRefused:
    return ImportRefused(message, {"file": message}, rows=[])


# --- Reading -----------------------------------------------------------------------------


def _too_many_rows() -> ImportRefused:
    return _refuse(_("The file has more than %(n)d rows; split it into smaller files.", n=MAX_ROWS))


def _read_xlsx(data: bytes, names: list[zipfile.ZipInfo]) -> list[tuple[int, list]]:
    """Stream the first sheet, at most MAX_COLUMNS wide and MAX_ROWS deep.

    The sheet's declared size is not trusted: `A1:XFD1048576` with one far cell would otherwise
    make the reader pad a billion empty cells.
    """
    from openpyxl import load_workbook

    if sum(info.file_size for info in names) > MAX_UNPACKED_BYTES:
        raise _refuse(_("This XLSX file unpacks to more than 200 MB; save it again from Excel."))
    rows: list[tuple[int, list]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            for line, row in enumerate(cells, start=1):
                if line > MAX_ROWS + 1:
                    raise _too_many_rows()
                rows.append((line, list(row)))
        finally:
            book.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise _refuse(_("This XLSX file could not be read; save it again from Excel.")) from None
    return rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, which Excel on Chinese Windows writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(_("This file is neither CSV (UTF-8 or GBK text) nor XLSX."))


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    text = _decode(data)
    sample = text[:8192]
    if any(ord(c) < 32 and c not in "\t\r\n" for c in sample):
        raise _refuse(_("This file is neither CSV (UTF-8 or GBK text) nor XLSX."))
    first = sample.splitlines()[0] if sample else ""
    delimiter = max(",\t;", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list]] = []
    try:
        for line, row in enumerate(reader, start=1):
            if line > MAX_ROWS + 1:
                raise _too_many_rows()
            rows.append((line, row[:MAX_COLUMNS]))
    except csv.Error:
        message = _("Line %(line)d could not be read: a cell is too long or a quote is not closed.",
                    line=reader.line_num)  # fmt: skip
        raise ImportRefused(
            message, {"file": message}, rows=[_problem(reader.line_num, "file", "", message)]
        ) from None
    return rows


def read_rows(data: bytes) -> list[tuple[int, list]]:
    """(line, cells) of a CSV or XLSX file, judged by its content, not by its name."""
    if len(data) > MAX_BYTES:
        raise _refuse(_("The file is larger than 20 MB."))
    if not data.strip():
        raise _refuse(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        try:
            parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile:
            parts = []
        if "xl/workbook.xml" not in {part.filename for part in parts}:
            raise _refuse(_("This file is neither CSV nor XLSX."))
        return _read_xlsx(data, parts)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(_("Old Excel files (.xls) are not accepted: save as XLSX or CSV."))
    if b"\x00" in data[:8192]:
        raise _refuse(_("This file is neither CSV nor XLSX."))
    return _read_csv(data)


# --- Validating --------------------------------------------------------------------------


def _blank_row(cells: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _problem(line: int, field: str, column: str, message: str) -> dict:
    return {"line": line, "field": field, "column": column, "message": message}


def _map_header(line: int, cells: list) -> tuple[dict[str, tuple[int, str]], list[dict]]:
    columns: dict[str, tuple[int, str]] = {}
    problems = []
    for index, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        written = str(cell).strip()
        field = HEADERS.get(_norm(written))
        if field is None:
            problems.append(_problem(line, written, written, _("Unknown column.")))
        elif field in columns:
            problems.append(_problem(line, field, written, _("This column appears twice.")))
        else:
            columns[field] = (index, written)
    for field, (en, zh, required, _doc) in COLUMNS.items():
        if required and field not in columns:
            problems.append(_problem(line, field, f"{en} / {zh}", _("This column is missing.")))
    return columns, problems


def validate_rows(rows: list[tuple[int, list]], landlord_id: int) -> tuple[list[dict], list[dict]]:
    """Every row cleaned, or every problem found: the file is judged as a whole."""
    rows = [(line, cells) for line, cells in rows if not _blank_row(cells)]
    if not rows:
        raise _refuse(_("The file is empty."))
    header_line, header = rows[0]
    columns, problems = _map_header(header_line, header)
    if problems:
        raise ImportRefused(_("The column names are not right."), rows=problems)
    if len(rows) == 1:
        raise _refuse(_("The file has no units below its header."))
    buildings = dict(
        db.session.execute(
            sa.select(Building.name, Building.id).where(Building.landlord_id == landlord_id)
        ).all()
    )
    ctx = rules.UnitContext(
        rent_cap_pct=rent_cap_pct(),
        building_ids=set(buildings.values()),
        employer_codes=known_employer_codes(),
    )
    clean_rows: list[dict] = []
    first_line: dict[str, int] = {}
    for line, cells in rows[1:]:
        raw = {f: (cells[i] if i < len(cells) else None) for f, (i, _w) in columns.items()}
        name = "" if raw.get("building") is None else str(raw.pop("building")).strip()
        raw["building_id"] = buildings.get(name, -1)
        clean, errors = rules.clean_unit(raw, ctx)
        if "building_id" in errors:
            errors["building"] = (
                _("Required.") if not name else _("No building of this name: add it first.")
            )
            del errors["building_id"]
        code = clean.get("code")
        if code is not None and code in first_line:
            errors["code"] = _("Duplicate code: also on line %(line)d.", line=first_line[code])
        elif code is not None:
            first_line[code] = line
        for field, message in errors.items():
            column = columns.get(field, (0, COLUMNS.get(field, (field,))[0]))[1]
            problems.append(_problem(line, field, column, message))
        if not errors:
            clean_rows.append(clean)
    return clean_rows, problems


# --- Writing -----------------------------------------------------------------------------


def _write(landlord_id: int, actor: User | None, clean_rows: list[dict]) -> ImportResult:
    fields = rules.UNIT_FIELDS
    existing = {
        row.code: row
        for row in db.session.execute(
            sa.select(Unit.id, *(getattr(Unit, f) for f in fields)).where(
                Unit.landlord_id == landlord_id
            )
        )
    }
    now = utcnow()
    inserts, updates, audits = [], [], []
    for clean in clean_rows:
        old = existing.get(clean["code"])
        if old is None:
            inserts.append(
                {
                    **clean,
                    "landlord_id": landlord_id,
                    "status": UnitStatus.VACANT,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            continue
        changes = {f: [getattr(old, f), v] for f, v in clean.items() if getattr(old, f) != v}
        if changes:
            updates.append({**clean, "id": old.id, "updated_at": now})
            audits.append(audit.entry(actor, "unit.updated", ("unit", old.id), changes, now))
    table = Unit.__table__
    if inserts:
        statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
        new_ids = db.session.execute(statement, inserts).scalars().all()
        audits += [
            audit.entry(
                actor, "unit.created", ("unit", uid), {"code": row["code"], "import": True}, now
            )
            for uid, row in zip(new_ids, inserts, strict=True)
        ]
    if updates:
        db.session.execute(sa.update(Unit), updates)  # ORM bulk update by primary key
    result = ImportResult(len(inserts), len(updates), len(clean_rows) - len(inserts) - len(updates))
    audits.append(
        audit.entry(actor, "units.imported", ("landlord", landlord_id), dict(result.__dict__), now)
    )
    audit.record_all(audits)
    return result


def import_units(landlord_id: int, actor: User | None, data: bytes) -> ImportResult:
    """Import a spreadsheet of units in one transaction: all rows, or none and every reason."""
    clean_rows, problems = validate_rows(read_rows(data), landlord_id)
    if problems:
        problems.sort(key=lambda p: p["line"])
        raise ImportRefused(
            _(
                "%(n)d problems in %(rows)d rows; nothing was imported.",
                n=len(problems),
                rows=len({p["line"] for p in problems}),
            ),
            rows=problems,
        )
    try:
        return _write_locked(landlord_id, actor, clean_rows)
    except sa.exc.IntegrityError:
        # The same file sent twice at once on SQLite (PostgreSQL waits on the lock instead):
        # the other import won the codes, and writing again finds them and updates in place.
        return _write_locked(landlord_id, actor, clean_rows)


def _write_locked(landlord_id: int, actor: User | None, clean_rows: list[dict]) -> ImportResult:
    """One transaction; imports of one organisation run one after another."""
    try:
        db.session.execute(
            sa.select(Landlord.id).where(Landlord.id == landlord_id).with_for_update()
        )
        result = _write(landlord_id, actor, clean_rows)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result
