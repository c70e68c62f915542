"""The officers' queue: search, filters and the one bulk action the rules allow.

The page and the API read the same filters from the query string (`queue_filters`) and list
the same rows (`queue_query`). ID numbers are never stored in clear, so a search by ID number
compares the keyed hash of what was typed, normalised as at registration.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from housing import audit
from housing.applicants.operations import move_if
from housing.errors import MalformedRequest, ValidationError
from housing.extensions import db
from housing.identity import id_number_hashes
from housing.models import Application, ApplicationStatus, Category, User
from housing.notify import notify
from housing.pagination import enum_filter
from housing.parsing import MAX_ID

#: The `status` value that lists every status (the queue's default is "submitted").
ALL = "all"
#: Longest search text read; anything longer names nobody.
MAX_Q = 100
#: Up to this many people found by a search are passed on by id; more, by a subquery.
MAX_PEOPLE = 1000
#: At most this many applications in one bulk action (one page of the queue and some).
MAX_BULK = 200

_APPLICATION_NO = re.compile(r"^(?:#|no\.?\s*|№\s*)?(\d{1,10})$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s\-()]{4,}$")
_NUMBER = re.compile(r"^[#+\d\s\-()]+$")
_ID_LIKE = re.compile(r"^[0-9A-Z()]{6,30}$")


@dataclass(frozen=True)
class QueueFilters:
    status: ApplicationStatus | None = ApplicationStatus.SUBMITTED
    category: Category | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    q: str = ""

    def args(self) -> dict:
        """The filters as query-string arguments, for the pager and the links."""
        args = {
            "status": self.status.value if self.status else ALL,
            "category": self.category.value if self.category else None,
            "submitted_from": self.submitted_from.isoformat() if self.submitted_from else None,
            "submitted_to": self.submitted_to.isoformat() if self.submitted_to else None,
            "q": self.q or None,
        }
        return {k: v for k, v in args.items() if v is not None}


def _date(args: Mapping, name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        message = _("Give the date as YYYY-MM-DD.")
        raise MalformedRequest(message, {name: message}) from None


def queue_filters(args: Mapping) -> QueueFilters:
    """The filters of a query string; an unknown value is a 400 naming the parameter."""
    if args.get("status") == ALL:
        status = None
    else:
        status = enum_filter(args, "status", ApplicationStatus, ApplicationStatus.SUBMITTED)
    start, end = _date(args, "submitted_from"), _date(args, "submitted_to")
    if start and end and start > end:
        message = _("The first date is after the second.")
        raise MalformedRequest(message, {"submitted_from": message})
    return QueueFilters(
        status=status,
        category=enum_filter(args, "category", Category),
        submitted_from=start,
        submitted_to=end,
        q=" ".join((args.get("q") or "").split())[:MAX_Q],
    )


def _local_midnight(day: date) -> datetime:
    """Dates are the officer's (Shanghai) days; times are stored in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(), zone)


def search_condition(q: str) -> sa.ColumnElement[bool] | None:
    """Who `q` may name: part of a name or e-mail, a whole ID number, a phone number, or an
    application number. Every reading that fits is tried (a run of digits may be any).

    The people are found first, in one pass over the users, and then their applications by
    the indexed `user_id`, instead of joining every application with its user.
    """
    q = q.strip()
    if not q:
        return None
    people: list[sa.ColumnElement[bool]] = []
    compact = re.sub(r"[\s\-]", "", q).upper()
    id_like = bool(_ID_LIKE.match(compact)) and any(c.isdigit() for c in compact)
    # A whole resident ID or a run of digits names nobody by name or e-mail: skip that pass.
    whole_id = id_like and len(compact) >= 15 and not re.search(r"[a-z@.]", q)
    if not (_NUMBER.match(q) or whole_id):
        people += [
            User.name.icontains(q, autoescape=True),
            User.email.icontains(q, autoescape=True),
        ]
    hashes = id_number_hashes(compact) if id_like else []
    if hashes:
        # Matched by the keyed hash under every document type the number is valid for.
        people.append(User.id_number_hash.in_(hashes))
    digits = re.sub(r"\D", "", q)
    if _PHONE.match(q) and 4 <= len(digits) <= 13:
        if q.startswith("+86") or (len(digits) == 13 and digits.startswith("86")):
            digits = digits[2:]
        # Phones are stored as typed: "+86 138-0013-8000" holds "13800138000" once spaces and
        # dashes are gone (the two signs people type).
        stored = sa.func.replace(sa.func.replace(User.phone, " ", ""), "-", "")
        people.append(stored.contains(digits, autoescape=True))
    found: list[sa.ColumnElement[bool]] = []
    if people:
        matching = sa.select(User.id).where(sa.or_(*people))
        user_ids = db.session.scalars(matching.limit(MAX_PEOPLE + 1)).all()
        # Few people (the usual answer): their ids, so the applications come by index. Many
        # (a search for "a"): the same question as a subquery, which no parameter limit bounds.
        found.append(Application.user_id.in_(user_ids if len(user_ids) <= MAX_PEOPLE else matching))
    if match := _APPLICATION_NO.match(q):
        number = int(match.group(1))
        if 1 <= number <= MAX_ID:
            found.append(Application.id == number)
    return sa.or_(*found) if found else sa.false()


def queue_query(filters: QueueFilters) -> sa.Select:
    """Applications matching `filters`, oldest submission first (the order officers work in)."""
    query = (
        sa.select(Application)
        .options(
            selectinload(Application.user),
            selectinload(Application.employer),
            # The API's list shows each application's members and documents: one query each,
            # not two per application.
            selectinload(Application.members),
            selectinload(Application.documents),
        )
        .order_by(Application.submitted_at.asc().nulls_last(), Application.id)
    )
    if filters.status is not None:
        query = query.where(Application.status == filters.status)
    if filters.category is not None:
        query = query.where(Application.category == filters.category)
    if filters.submitted_from:
        query = query.where(Application.submitted_at >= _local_midnight(filters.submitted_from))
    if filters.submitted_to:
        end = _local_midnight(filters.submitted_to + timedelta(days=1))
        query = query.where(Application.submitted_at < end)
    if (condition := search_condition(filters.q)) is not None:
        query = query.where(condition)
    return query


# --- Bulk: request documents ------------------------------------------------------------


@dataclass
class BulkResult:
    returned: list[int]
    #: (application id, its status now, or None when there is no such application)
    skipped: list[tuple[int, str | None]]


def bulk_request_documents(ids: list[int], officer: User, note: str | None) -> BulkResult:
    """Send several submitted applications back with one note (what is missing).

    Asking for documents is the one decision the rules let an officer make for many at once:
    verifying and rejecting need each file read. Each application moves by its own conditional
    UPDATE, so one that another officer decided meanwhile is skipped and reported, never
    overwritten; each that moves gets its own event, notification and audit entry.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Give a reason the applicant can act on."), {"note": _("Required.")}
        )
    wanted = list(dict.fromkeys(i for i in ids if 1 <= i <= MAX_ID))
    if not wanted:
        raise ValidationError(
            _("Choose at least one application."), {"ids": _("Choose at least one.")}
        )
    if len(wanted) > MAX_BULK:
        message = _("At most %(n)d applications at once.", n=MAX_BULK)
        raise ValidationError(message, {"ids": message})
    note = note[:2000]
    applications = {
        a.id: a
        for a in db.session.scalars(
            sa.select(Application)
            .where(Application.id.in_(wanted))
            .options(selectinload(Application.user))
        )
    }
    result = BulkResult([], [])
    for application_id in wanted:
        application = applications.get(application_id)
        if application is None:
            result.skipped.append((application_id, None))
            continue
        # Only a submitted application may be sent back (a rejected one reopens by itself).
        submitted = application.status == ApplicationStatus.SUBMITTED
        if not (submitted and move_if(application, ApplicationStatus.DRAFT, officer, note)):
            now = db.session.scalar(
                sa.select(Application.status).where(Application.id == application_id)
            )
            result.skipped.append((application_id, now.value))
            continue
        application.decision_reason = note
        audit.record(officer, "application.documents_requested", application, note=note, bulk=True)
        notify(application.user, "application.documents_requested", id=application.id, note=note)
        result.returned.append(application_id)
    db.session.commit()
    return result
