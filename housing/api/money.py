"""Subsidies, incentive statements, the monthly runs and the ledger over the API."""

from flask import request

from housing.api import bp
from housing.api.money_schemas import (
    CorrectionIn,
    EntryOut,
    GrantOut,
    MonthIn,
    ReasonIn,
    RunOut,
    StatementOut,
    StopIn,
)
from housing.api.oas import documented
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.errors import NotFoundError
from housing.extensions import db
from housing.models import EntryKind, GrantStatus, LedgerEntry, MoneyRun, Role
from housing.money import exports, ledger, runs, statements, subsidies
from housing.pagination import enum_filter


def grant_out(grant) -> dict:
    data = {k: getattr(grant, k) for k in GrantOut().fields if hasattr(grant, k)}
    data["status"] = grant.status.value
    return GrantOut().dump(data)


def run_out(run: MoneyRun, created: bool) -> dict:
    return RunOut().dump(
        {"id": run.id, "kind": run.kind.value, "month": run.month, "entries": run.entries,
         "total_fen": run.total_fen, "created": created}
    )  # fmt: skip


def statement_out(statement) -> dict:
    return StatementOut().dump(statements.as_dict(statement))


def entry_out(entry: LedgerEntry) -> dict:
    data = {k: getattr(entry, k) for k in EntryOut().fields if hasattr(entry, k)}
    data.update(kind=entry.kind.value, corrects=entry.corrects_id)
    return EntryOut().dump(data)


@bp.get("/me/subsidy")
@token_required(Role.APPLICANT)
@documented("get", "applicant", "My rent subsidy", out="GrantOut", errors=(404,))
def my_subsidy():
    """The latest rent-subsidy claim or grant."""
    grant = subsidies.my_grant(current_api_user())
    if grant is None:
        raise NotFoundError("You have no rent subsidy.")
    return grant_out(grant)


@bp.post("/me/subsidy")
@token_required(Role.APPLICANT)
@documented(
    "post", "applicant", "Claim a rent subsidy", out="GrantOut",
    body="multipart/form-data:SubsidyClaimIn", errors=(409, 422), status=201,
)  # fmt: skip
def my_subsidy_claim():
    """With the market lease; 409 when housed or already granted."""
    upload = request.files.get("lease")
    grant = subsidies.claim(
        current_api_user(),
        upload.filename if upload else None,
        upload.stream if upload else None,
        request.form.get("first_month") or None,
    )
    return grant_out(grant), 201


@bp.get("/officer/subsidies")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "Subsidy claims and grants", out="GrantList", errors=(400,),
    params=("status", "page", "per_page"),
)  # fmt: skip
def officer_subsidies():
    """Newest first."""
    status = enum_filter(request.args, "status", GrantStatus)
    return paginate(subsidies.officer_grants(status), grant_out)


@bp.post("/officer/subsidies/<int:grant_id>/approve")
@token_required(Role.OFFICER)
@documented("post", "officer", "Approve a claim", out="GrantOut", errors=(404, 409))
def officer_subsidy_approve(grant_id: int):
    """Paid from its first month by the monthly run."""
    return grant_out(subsidies.approve(current_api_user(), grant_id))


@bp.post("/officer/subsidies/<int:grant_id>/reject")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Reject a claim", out="GrantOut", body="ReasonIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def officer_subsidy_reject(grant_id: int):
    """With a reason."""
    reason = json_body(ReasonIn())["reason"]
    return grant_out(subsidies.reject(current_api_user(), grant_id, reason))


@bp.post("/officer/subsidies/<int:grant_id>/stop")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Stop a grant (eligibility lost)", out="GrantOut", body="StopIn",
    errors=(400, 404, 409, 422),
)  # fmt: skip
def officer_subsidy_stop(grant_id: int):
    """Nothing is paid for the days after `date`."""
    data = json_body(StopIn())
    return grant_out(subsidies.stop(current_api_user(), grant_id, data["date"], data["reason"]))


@bp.post("/officer/payment-runs")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Pay a month's subsidies", out="RunOut", body="MonthIn",
    errors=(400, 422),
)  # fmt: skip
def officer_payment_run():
    """One transaction keyed by the month: a second run adds nothing."""
    month = json_body(MonthIn())["month"]
    return run_out(*runs.pay_subsidies(month, current_api_user()))


@bp.get("/officer/payment-runs/<int:run_id>/bank-file")
@token_required(Role.OFFICER)
@documented("get", "officer", "A run's bank file", errors=(404,), media="text/csv")
def officer_bank_file(run_id: int):
    """The transfer file, CSV in the layout of docs/bank-file.md."""
    run = db.session.get(MoneyRun, run_id)
    if run is None:
        raise NotFoundError("No such run.")
    return exports.csv_response(ledger.bank_file(run), f"bank-{run.month}-run{run.id}.csv")


@bp.post("/officer/incentive-runs")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Draw a month's landlord statements", out="RunOut", body="MonthIn",
    errors=(400, 422),
)  # fmt: skip
def officer_incentive_run():
    """Idempotent like payment runs."""
    month = json_body(MonthIn())["month"]
    return run_out(*runs.incentive_statements(month, current_api_user()))


@bp.get("/officer/statements")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "Incentive statements", out="StatementList",
    params=("month", "page", "per_page"),
)  # fmt: skip
def officer_statements():
    """Of a month, or all."""
    return paginate(statements.query(month=request.args.get("month")), statement_out)


@bp.post("/officer/statements/<int:statement_id>/approve")
@token_required(Role.OFFICER)
@documented("post", "officer", "Approve a statement", out="StatementOut", errors=(404, 409))
def officer_statement_approve(statement_id: int):
    """Approved, it is paid: a ledger entry for its amount."""
    return statement_out(ledger.approve_statement(current_api_user(), statement_id))


@bp.get("/landlord/statements")
@token_required(Role.LANDLORD)
@documented(
    "get", "landlord", "The own incentive statements", out="StatementList",
    params=("page", "per_page"),
)  # fmt: skip
def landlord_statements():
    """Each with the tenancies behind its lines."""
    landlord_id = current_api_user().landlord_id
    return paginate(statements.query(landlord_id=landlord_id), statement_out)


@bp.get("/landlord/statements/<int:statement_id>.<fmt>")
@bp.get("/officer/statements/<int:statement_id>.<fmt>")
@token_required(Role.LANDLORD, Role.OFFICER)
@documented("get", "landlord", "A statement as CSV or PDF", errors=(404,), media="text/csv")
def statement_file(statement_id: int, fmt: str):
    """`.csv` or `.pdf`."""
    statement = statements.for_user(current_api_user(), statement_id)
    return exports.statement_file(statement, fmt)


@bp.get("/officer/ledger")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "Ledger entries", out="EntryList", errors=(400,),
    params=("month", "kind", "page", "per_page"),
)  # fmt: skip
def officer_ledger():
    """In order of entry."""
    kind = enum_filter(request.args, "kind", EntryKind)
    return paginate(ledger.entries_query(request.args.get("month"), kind), entry_out)


@bp.post("/officer/ledger/<int:entry_id>/corrections")
@token_required(Role.OFFICER)
@documented(
    "post", "officer", "Correct an entry", out="EntryOut", body="CorrectionIn",
    errors=(400, 404, 422), status=201,
)  # fmt: skip
def officer_ledger_correct(entry_id: int):
    """A new entry naming the one it corrects; never beyond a grant's cap."""
    data = json_body(CorrectionIn())
    return entry_out(ledger.correct(current_api_user(), entry_id, **data)), 201


@bp.get("/officer/exports/ledger")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "The ledger as CSV or XLSX", errors=(400,), params=("format", "month"),
    media="text/csv",
)  # fmt: skip
def officer_export_ledger():
    """Streamed; cells that would run as formulas are quoted."""
    return exports.ledger_export(request.args.get("format", "csv"), request.args.get("month"))


@bp.get("/officer/exports/tenancies")
@token_required(Role.OFFICER)
@documented(
    "get", "officer", "The tenancies as CSV or XLSX", errors=(400,), params=("format",),
    media="text/csv",
)  # fmt: skip
def officer_export_tenancies():
    """Every lease with its landlord, unit, tenant, dates and rent; formula-safe cells."""
    return exports.tenancies_export(request.args.get("format", "csv"))


@bp.get("/officer/ledger/reconciliation")
@token_required(Role.OFFICER)
@documented("get", "officer", "The ledger reconciled")
def officer_reconciliation():
    """The ledger's sums beside grants, payments, runs and statements."""
    return ledger.reconcile()
