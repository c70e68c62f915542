"""Telling people what happened: an in-app message and an e-mail in the outbox.

Both rows join the caller's transaction, so a change and its notice commit (or vanish)
together; a job sends the outbox later (see `send_outbox`).
"""

import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from housing.extensions import db
from housing.models import Notification, OutboxMail, User
from housing.models._base import utcnow

#: After this many failed attempts a mail is dead-lettered for a person to look at.
MAX_ATTEMPTS = 5
#: How long a sender owns a claimed mail; longer than any SMTP exchange (its timeout is 30 s).
CLAIM = timedelta(minutes=5)

# kind -> (subject, body); bodies may use %(note)s and %(id)s.
MESSAGES = {
    "application.submitted": (
        _l("Your application was submitted"),
        _l("We received application %(id)s. An officer will check it and its documents."),
    ),
    "application.verified": (
        _l("Your application was verified"),
        _l("Application %(id)s is verified and now holds a place on the waitlist."),
    ),
    "application.rejected": (
        _l("Your application was rejected"),
        _l("Application %(id)s was rejected. Reason: %(note)s"),
    ),
    "application.documents_requested": (
        _l("More documents are needed"),
        _l("Application %(id)s needs more from you before it can be verified: %(note)s"),
    ),
    "application.withdrawn": (
        _l("Your application was withdrawn"),
        _l("Application %(id)s was withdrawn and no longer holds a place on the waitlist."),
    ),
    "application.change_reported": (
        _l("Your change was received"),
        _l("Application %(id)s returns to verification because of the change you reported."),
    ),
    "round.preview_ready": (
        _l("A round preview is ready for review"),
        _l(
            "The preview of round %(month)s (number %(id)s) is ready. Review its report and "
            "commit it on the rounds page."
        ),
    ),
    "round.served": (
        _l("You were allocated an apartment"),
        _l(
            "Round %(month)s allocated you an apartment. The result is under public notice; "
            "your offer follows when the notice ends."
        ),
    ),
    "round.not_served": (
        _l("This month's round did not house you"),
        _l(
            "Round %(month)s did not allocate you an apartment. %(why)s Your page says what "
            "would change it; you keep your place in the queue."
        ),
    ),
    "offer.issued": (
        _l("You have an apartment offer"),
        _l("You are offered %(unit)s. Accept or decline on your page by %(deadline)s."),
    ),
    "offer.cascade": (
        _l("An apartment came down the order to you"),
        _l(
            "Another applicant did not take %(unit)s and it is now offered to you. "
            "Accept or decline on your page by %(deadline)s."
        ),
    ),
    "offer.reminder": (
        _l("Your offer ends tomorrow"),
        _l("Your offer of %(unit)s ends at %(deadline)s. Answer it on your page."),
    ),
    "offer.expired": (
        _l("Your offer has expired"),
        _l("The offer of %(unit)s was not answered in time and has gone to the next applicant."),
    ),
    "account.activate": (
        _l("Confirm your e-mail to open your account"),
        _l(
            "Welcome to the Changning talent apartments. Open this link within 48 hours to "
            "activate your account: %(note)s"
        ),
    ),
    "account.password_reset": (
        _l("Set a new password"),
        _l(
            "Someone asked to set a new password for your Changning talent apartments account. "
            "Open this link within %(minutes)s minutes to choose one; it works once: %(note)s "
            "If it was not you, ignore this mail: your password stays as it is."
        ),
    ),
    "account.email_taken": (
        _l("Someone tried to register with your e-mail"),
        _l(
            "Someone tried to open a new account with this e-mail address, which already has "
            "an account. If it was you, log in instead. If not, you need do nothing."
        ),
    ),
    "account.id_number_taken": (
        _l("Someone tried to register with your ID number"),
        _l(
            "Someone tried to open a new account with the ID number of this account. If it was "
            "not you, please tell the district housing office."
        ),
    ),
    "account.not_opened": (
        _l("We could not open an account with these details"),
        _l(
            "An account was asked for with this e-mail address, but it could not be opened "
            "with the details given. If you already have an account, log in with it; "
            "otherwise please contact the district housing office with your ID card."
        ),
    ),
    "offer.back_of_queue": (
        _l("You moved to the back of the queue"),
        _l(
            "You declined %(n)d offers in a row, so under the policy your waiting time "
            "starts again from today."
        ),
    ),
    "review.opened": (
        _l("Your annual review is open"),
        _l(
            "Confirm your employer, household and housing on your lease page by %(due)s, so "
            "your lease can go on."
        ),
    ),
    "review.reminder": (
        _l("Reminder: your annual review"),
        _l("Your annual review is still unanswered. Answer it on your lease page by %(due)s."),
    ),
    "review.renewed": (
        _l("Your lease is renewed"),
        _l("An officer renewed your lease; the new lease runs until %(end)s."),
    ),
    "review.refused": (
        _l("Your lease will not be renewed"),
        _l("Reason: %(note)s. Please move out by %(date)s."),
    ),
    "review.escalated": (
        _l("Annual reviews without an answer"),
        _l(
            "%(n)s tenants did not answer their annual review after a reminder. They are on "
            "the annual reviews page as escalated."
        ),
    ),
    "subsidy.approved": (
        _l("Your rent subsidy is approved"),
        _l("Your rent subsidy is approved from %(month)s; it is paid monthly."),
    ),
    "subsidy.rejected": (
        _l("Your rent subsidy claim was rejected"),
        _l("Reason: %(note)s"),
    ),
    # Employers (housing/employers/).
    "employment.denied": (
        _l("An employer denied an applicant's employment"),
        _l("%(org)s says the applicant of application %(id)s does not work there: %(note)s"),
    ),
    "employer.recommended": (
        _l("Your employer recommended you"),
        _l("%(org)s recommended you to the talent apartment service."),
    ),
    "employment.departure": (
        _l("Your employer reported that you left"),
        _l(
            "%(org)s reported that you left on %(date)s, which ends your eligibility. Your "
            "talent apartment or rent subsidy runs until %(until)s."
        ),
    ),
    "employment.departure_officers": (
        _l("An employer reported a departure"),
        _l("%(org)s reported that the person of application %(id)s left on %(date)s."),
    ),
    "employer.reminder": (
        _l("Please confirm your housed staff"),
        _l(
            "Please confirm the list of your staff housed or on a rent subsidy for %(month)s, "
            "and report anyone who has left."
        ),
    ),
    "employer.reminders_escalated": (
        _l("Employers did not confirm their housed staff"),
        _l("%(n)s enterprises did not confirm their housed staff: %(names)s."),
    ),
}


def _text(kind: str, **values) -> tuple[str, str]:
    subject, body = MESSAGES[kind]
    return str(subject), str(body) % values


def notify(user: User, kind: str, **values) -> Notification:
    """Queue a message and a mail in the recipient's language; the caller commits."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = _text(kind, **{"note": "", "id": "", **values})
    note = Notification(user_id=user.id, kind=kind, subject=subject, body=body)
    db.session.add(note)
    db.session.add(OutboxMail(to=user.email, subject=subject, body=body))
    return note


def mail_to(address: str, kind: str, locale: str | None = None, **values) -> None:
    """A mail to an address that has no account (yet): no in-app message; the caller commits."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = _text(kind, **{"note": "", "id": "", **values})
    db.session.add(OutboxMail(to=address, subject=subject, body=body))


def notify_many(items: list[tuple], kind: str) -> int:
    """`notify` for many recipients at once (a round's result): one locale switch per language
    and one multi-row insert each for messages and mails; the caller commits.

    Each item is (recipient, values); a recipient has `id`, `email` and `locale` (a `User`, or
    a row of those columns, which is much faster to read in bulk). A value may be a function
    of no arguments: it is called in the recipient's language (a sentence to translate).
    """
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    by_locale: dict[str, list[tuple]] = {}
    for user, values in items:
        by_locale.setdefault(user.locale or default, []).append((user, values))
    notes, mails = [], []
    now = utcnow()
    for locale, group in by_locale.items():
        with force_locale(locale):
            subject, body = MESSAGES[kind]
            subject, body = str(subject), str(body)
            texts = [
                body % {"note": "", "id": "", **{k: v() if callable(v) else v
                                                 for k, v in values.items()}}
                for _user, values in group
            ]  # fmt: skip
        for (user, _values), text in zip(group, texts, strict=True):
            notes.append({"user_id": user.id, "kind": kind, "subject": subject, "body": text,
                          "created_at": now})  # fmt: skip
            mails.append({"to": user.email, "subject": subject, "body": text, "created_at": now,
                          "attempts": 0})  # fmt: skip
    if notes:
        db.session.execute(sa.insert(Notification), notes)
        db.session.execute(sa.insert(OutboxMail), mails)
    return len(notes)


def _one_line(value: str) -> str:
    """Header values are one line: a CR or LF in a name must not start a header of its own."""
    return " ".join(value.splitlines()).strip()


def _message(mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = _one_line(mail.to)
    message["Subject"] = _one_line(mail.subject)
    message["Date"] = formatdate(mail.created_at.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"outbox{mail.id}")
    message.set_content(mail.body)
    return message


def _deliver(message: EmailMessage, mail: OutboxMail) -> None:
    host = current_app.config.get("MAIL_HOST")
    if host:
        with smtplib.SMTP(host, current_app.config["MAIL_PORT"], timeout=30) as smtp:
            smtp.send_message(message)
        return
    folder = Path(current_app.config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{mail.created_at:%Y%m%dT%H%M%S}-{mail.id}.eml").write_bytes(bytes(message))


def _claim(mail_id: int) -> bool:
    """Take one mail for this sender, or learn that another sender has it or it is done.

    One conditional UPDATE, committed before sending: two senders never both send a mail.
    """
    now = utcnow()
    claimed = db.session.execute(
        sa.update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.sent_at.is_(None),
            OutboxMail.dead_at.is_(None),
            sa.or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM, attempts=OutboxMail.attempts + 1)
    ).rowcount
    db.session.commit()
    return claimed == 1


def send_outbox(limit: int = 500) -> dict:
    """Send due mail (SMTP if MAIL_HOST is set, else .eml files), each claimed and committed alone.

    Any error is counted against that mail and the run moves on; after MAX_ATTEMPTS the mail is
    dead-lettered, so one bad mail never stops the ones behind it.
    """
    now = utcnow()
    due = db.session.scalars(
        sa.select(OutboxMail.id)
        .where(
            OutboxMail.sent_at.is_(None),
            OutboxMail.dead_at.is_(None),
            sa.or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
        )
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    counts = {"sent": 0, "failed": 0, "dead": 0}
    for mail_id in due:
        if not _claim(mail_id):
            continue
        mail = db.session.get(OutboxMail, mail_id)
        try:
            _deliver(_message(mail), mail)
        except Exception as exc:  # any failure is this mail's, not the run's
            db.session.rollback()
            mail = db.session.get(OutboxMail, mail_id)
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            mail.claimed_until = None
            if mail.attempts >= MAX_ATTEMPTS:
                mail.dead_at = utcnow()
                counts["dead"] += 1
            counts["failed"] += 1
        else:
            mail.sent_at = utcnow()
            mail.claimed_until = None
            mail.last_error = None
            counts["sent"] += 1
        db.session.commit()
    return counts
