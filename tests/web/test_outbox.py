"""The mail outbox: each mail sent once even by overlapping senders; a bad mail never blocks."""

import threading
import time

import sqlalchemy as sa

from housing import notify
from housing.models import OutboxMail


def _queue(db, count: int, **fields) -> None:
    for i in range(count):
        values = {"to": f"t{i}@example.cn", "subject": f"Mail {i}", "body": "Hello", **fields}
        db.session.add(OutboxMail(**values))
    db.session.commit()


def test_overlapping_senders_deliver_each_mail_once(app, db, monkeypatch):
    _queue(db, 30)
    delivered: list[int] = []
    lock = threading.Lock()

    def slow_deliver(message, mail):
        time.sleep(0.01)  # long enough that the two senders overlap on every mail
        with lock:
            delivered.append(mail.id)

    monkeypatch.setattr(notify, "_deliver", slow_deliver)
    results = []

    def sender():
        with app.app_context():
            results.append(notify.send_outbox())

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(delivered) == sorted(set(delivered)) and len(delivered) == 30
    assert sum(r["sent"] for r in results) == 30
    assert db.session.scalar(sa.select(sa.func.count()).where(OutboxMail.sent_at.is_(None))) == 0


def test_a_line_break_in_a_name_cannot_add_a_header(app, db):
    _queue(db, 1, subject="Welcome, ACME Ltd\r\nBcc: everyone@example.org")
    assert notify.send_outbox() == {"sent": 1, "failed": 0, "dead": 0}
    mail = db.session.scalar(sa.select(OutboxMail))
    message = notify._message(mail)
    assert message["Bcc"] is None and "\n" not in message["Subject"]


def test_a_bad_mail_is_counted_and_dead_lettered_while_the_rest_go(app, db, monkeypatch):
    _queue(db, 1, to="broken@example.cn")
    _queue(db, 2)
    real = notify._deliver

    def deliver(message, mail):
        if mail.to == "broken@example.cn":
            raise ValueError("unencodable")
        real(message, mail)

    monkeypatch.setattr(notify, "_deliver", deliver)
    first = notify.send_outbox()
    assert first == {"sent": 2, "failed": 1, "dead": 0}
    for _ in range(notify.MAX_ATTEMPTS - 1):
        notify.send_outbox()
    broken = db.session.scalar(sa.select(OutboxMail).where(OutboxMail.to == "broken@example.cn"))
    db.session.refresh(broken)
    assert broken.attempts == notify.MAX_ATTEMPTS and broken.dead_at is not None
    assert "unencodable" in broken.last_error
    assert notify.send_outbox() == {"sent": 0, "failed": 0, "dead": 0}  # dead mail is left alone


def test_a_mail_claimed_by_a_sender_that_died_is_retried_later(app, db, monkeypatch):
    _queue(db, 1)
    mail_id = db.session.scalar(sa.select(OutboxMail.id))
    assert notify._claim(mail_id)  # a sender took it, then died before sending
    assert notify.send_outbox()["sent"] == 0
    later = notify.utcnow() + notify.CLAIM + notify.timedelta(seconds=1)
    monkeypatch.setattr(notify, "utcnow", lambda: later)
    assert notify.send_outbox()["sent"] == 1
