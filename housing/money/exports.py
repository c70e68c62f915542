"""Files out of the money: the ledger (CSV, XLSX, streamed), a statement (CSV, PDF).

Every text cell goes through `safe_cell`: a value a spreadsheet would run as a formula
(=, +, -, @ first) is written with a leading quote, so a payee name cannot attack the
officer who opens the file.
"""

import csv
import io
import tempfile
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Response, stream_with_context
from flask_babel import gettext as _

from housing.errors import MalformedRequest
from housing.extensions import db
from housing.models import IncentiveStatement, LedgerEntry
from housing.money.statements import as_dict
from housing.pdf import Document

LEDGER_COLUMNS = ["id", "kind", "month", "amount_fen", "amount_yuan", "grant_id",
                  "statement_id", "run_id", "corrects", "payee", "note", "created_at"]  # fmt: skip


def safe_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def csv_response(text: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def _ledger_rows(month: str | None) -> Iterator[list]:
    query = sa.select(LedgerEntry).order_by(LedgerEntry.id).execution_options(yield_per=1000)
    if month:
        query = query.where(LedgerEntry.month == month)
    for e in db.session.scalars(query):
        yield [e.id, e.kind.value, e.month, e.amount_fen, yuan(e.amount_fen), e.grant_id,
               e.statement_id, e.run_id, e.corrects_id, safe_cell(e.payee),
               safe_cell(e.note or ""), e.created_at.isoformat()]  # fmt: skip


def ledger_export(fmt: str, month: str | None) -> Response:
    return table_export(fmt, f"ledger-{month or 'all'}", LEDGER_COLUMNS, _ledger_rows(month))


TENANCY_COLUMNS = [
    "id", "landlord", "building", "unit", "tenant", "status", "start_date", "end_date",
    "rent_yuan", "move_in_on", "move_out_on", "renewed_from",
]  # fmt: skip


def _tenancy_rows() -> Iterator[list]:
    from housing.models import Application, Building, Landlord, Tenancy, Unit, User

    query = (
        sa.select(Tenancy, Landlord.name, Building.name, Unit.code, User.name)
        .join(Unit, Unit.id == Tenancy.unit_id)
        .join(Building, Building.id == Unit.building_id)
        .join(Landlord, Landlord.id == Unit.landlord_id)
        .join(Application, Application.id == Tenancy.application_id)
        .join(User, User.id == Application.user_id)
        .order_by(Tenancy.id)
        .execution_options(yield_per=1000)
    )
    for t, landlord, building, unit, tenant in db.session.execute(query):
        yield [t.id, safe_cell(landlord), safe_cell(building), safe_cell(unit), safe_cell(tenant),
               t.status.value, t.start_date.isoformat(), t.end_date.isoformat(), t.rent,
               t.move_in_on.isoformat() if t.move_in_on else "",
               t.move_out_on.isoformat() if t.move_out_on else "",
               t.renewed_from_id or ""]  # fmt: skip


def tenancies_export(fmt: str) -> Response:
    return table_export(fmt, "tenancies", TENANCY_COLUMNS, _tenancy_rows())


def table_export(fmt: str, name: str, columns: list[str], rows: Iterator[list]) -> Response:
    """CSV streamed as it is read, or XLSX (write-only workbook); cells already made safe."""
    if fmt == "csv":

        def generate():
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\r\n")
            out.write("\ufeff")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row)
                if out.tell() > 64_000:
                    yield out.getvalue()
                    out.seek(0)
                    out.truncate()
            yield out.getvalue()

        return Response(
            stream_with_context(generate()),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={name}.csv"},
        )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
        # The workbook goes to a temporary file and out in blocks: memory stays flat.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (the generator closes it once sent)
        book.save(spool)
        spool.seek(0)

        def blocks():
            with spool:
                while block := spool.read(64_000):
                    yield block

        return Response(
            blocks(),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename={name}.xlsx"},
        )
    message = _("Unknown format: use csv or xlsx.")
    raise MalformedRequest(message, {"format": message})


STATEMENT_COLUMNS = ["tenancy_id", "unit", "first_day", "last_day", "days", "amount_fen",
                     "amount_yuan"]  # fmt: skip


def statement_csv(statement: IncentiveStatement) -> str:
    data = as_dict(statement)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["landlord", safe_cell(data["landlord"]), "month", data["month"],
              "rate_yuan_per_unit_month", data["rate"], "status", data["status"]]  # fmt: skip
    writer.writerow(header)
    writer.writerow(STATEMENT_COLUMNS)
    for line in data["lines"]:
        writer.writerow([line["tenancy_id"], safe_cell(line["unit"]), line["first_day"],
                         line["last_day"], line["days"], line["amount_fen"],
                         yuan(line["amount_fen"])])  # fmt: skip
    writer.writerow(["total", "", "", "", data["unit_days"], data["amount_fen"],
                     yuan(data["amount_fen"])])  # fmt: skip
    return out.getvalue()


def statement_pdf(statement: IncentiveStatement) -> bytes:
    data = as_dict(statement)
    doc = Document("人才租赁激励结算单", "Landlord incentive statement")
    doc.row("出租方", "Landlord", data["landlord"])
    doc.row("月份", "Month", data["month"])
    doc.row("标准", "Rate", f"{data['rate']} 元/套·月 / yuan per unit-month")
    doc.row("入住套·天", "Occupied unit-days", str(data["unit_days"]))
    doc.row("金额", "Amount", f"{yuan(data['amount_fen'])} 元 / yuan")
    status = {"draft": "待审核 / awaiting approval", "approved": "已审核 / approved"}
    doc.row("状态", "Status", status[data["status"]])
    doc.heading("明细", "Lines")
    doc.table(
        ["租约 Lease", "房屋 Unit", "起 From", "止 To", "天 Days", "金额 Yuan"],
        [[line["tenancy_id"], line["unit"][:30], line["first_day"].isoformat(),
          line["last_day"].isoformat(), line["days"], yuan(line["amount_fen"])]
         for line in data["lines"]],
        [22, 62, 26, 26, 18, 26],
    )  # fmt: skip
    return doc.bytes()


def statement_file(statement: IncentiveStatement, fmt: str) -> Response:
    filename = f"statement-{statement.month}-{statement.landlord_id}"
    if fmt == "csv":
        return csv_response(statement_csv(statement), f"{filename}.csv")
    if fmt == "pdf":
        return Response(
            statement_pdf(statement),
            mimetype="application/pdf",
            headers={"Content-Disposition": f"attachment; filename={filename}.pdf"},
        )
    message = _("Unknown format: use csv or pdf.")
    raise MalformedRequest(message, {"format": message})
