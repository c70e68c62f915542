"""Staff accounts take one path: checked, unique by e-mail and audited, from the CLI too."""

import pytest
import sqlalchemy as sa

from housing.auth.operations import create_staff_user
from housing.errors import ConflictError, ValidationError
from housing.landlords.invitations import accept_invitation, create_landlord, invite
from housing.models import AuditEvent, Landlord, Role, User


def _events(db, action: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_cli_landlord_account_registers_its_organisation_with_audit(app, db):
    result = app.test_cli_runner().invoke(
        args=["housing", "create-user", "--role", "landlord", "--email", "a@org.cn",
              "--password", "long-enough-1", "--landlord-org", " 新泾置业 "]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.landlord.name == "新泾置业"
    [created] = _events(db, "landlord.created")
    assert created.object_id == user.landlord_id
    [account] = _events(db, "user.created")
    assert (account.object_type, account.object_id) == ("user", user.id)
    assert account.data == {"role": "landlord", "email": "a@org.cn"}


def test_a_refused_account_leaves_no_organisation(db):
    create_staff_user(Role.OFFICER, "taken@example.cn", "long-enough-1")
    with pytest.raises(ConflictError) as caught:
        create_staff_user(Role.LANDLORD, "Taken@example.cn", "long-enough-1", landlord_org="新公司")
    assert set(caught.value.fields) == {"email"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Landlord)) == 0
    assert _events(db, "landlord.created") == []


def test_every_path_refuses_a_taken_email_in_the_same_words(db, make_user):
    officer = make_user("officer", email="taken@example.cn")
    landlord = create_landlord("魔方公寓", "private_firm", officer)
    raw, _invitation = invite(landlord, "staff@mofang.cn", officer, lambda token: token)
    create_staff_user(Role.ADMIN, "staff@mofang.cn", "long-enough-1")
    messages = set()
    for attempt in (
        lambda: invite(landlord, "TAKEN@example.cn", officer, lambda token: token),
        lambda: accept_invitation(raw, "周经理", "long-enough-1"),
        lambda: create_staff_user(Role.OFFICER, "taken@example.cn", "long-enough-1"),
        lambda: make_user("applicant", email="taken@example.cn"),
    ):
        with pytest.raises(ConflictError) as caught:
            attempt()
        messages.add(caught.value.fields["email"])
    assert len(messages) == 1  # one check, one wording


def test_accepting_checks_name_and_password_first(db, make_user):
    officer = make_user("officer")
    landlord = create_landlord("魔方公寓", "private_firm", officer)
    raw, _invitation = invite(landlord, "staff@mofang.cn", officer, lambda token: token)
    with pytest.raises(ValidationError) as caught:
        accept_invitation(raw, " ", "short")
    assert set(caught.value.fields) == {"name", "password"}
    user = accept_invitation(raw, "周经理", "long-enough-1")
    [event] = _events(db, "landlord.invitation_accepted")
    assert event.actor_id == user.id and user.landlord_id == landlord.id
