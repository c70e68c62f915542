"""Command-line administration: staff accounts and the demo district."""

import pytest
import sqlalchemy as sa

from housing.models import (
    Application,
    ApplicationStatus,
    Building,
    Category,
    Landlord,
    LandlordKind,
    Role,
    Street,
    Unit,
    User,
)


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_create_user_for_each_staff_role(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "housing",
            "create-user",
            "--role",
            "landlord",
            "--email",
            "L@Example.cn",
            "--password",
            "long-enough-1",
            "--landlord-org",
            "新泾置业",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "l@example.cn"))
    assert user.role == Role.LANDLORD
    assert user.landlord.name == "新泾置业"
    for role in ("officer", "admin"):
        result = runner.invoke(
            args=[
                "housing",
                "create-user",
                "--role",
                role,
                "--email",
                f"{role}@example.cn",
                "--password",
                "long-enough-1",
            ]
        )
        assert result.exit_code == 0, result.output


def test_create_user_refuses_bad_input(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "housing",
            "create-user",
            "--role",
            "landlord",
            "--email",
            "x@example.cn",
            "--password",
            "short",
        ]
    )
    assert result.exit_code != 0
    assert "password" in result.output
    assert "landlord_org" in result.output
    assert count(db, User) == 0


@pytest.mark.slow
def test_seed_demo_builds_a_district_once(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["housing", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "officer@demo.changning.gov.cn" in result.output
    assert count(db, Unit) >= 5000
    assert count(db, Building) >= 200
    assert count(db, Landlord) >= 12
    assert count(db, Landlord, Landlord.kind == LandlordKind.DISTRICT_SOE) >= 4
    assert count(db, Application) >= 20000
    streets = db.session.scalars(sa.select(Building.street).distinct()).all()
    assert set(streets) == set(Street)
    categories = db.session.scalars(sa.select(Application.category).distinct()).all()
    assert set(categories) == set(Category)
    statuses = db.session.scalars(sa.select(Application.status).distinct()).all()
    assert set(statuses) == set(ApplicationStatus)
    for role in Role:
        assert count(db, User, User.role == role) >= 1

    before = count(db, Unit), count(db, User)
    again = runner.invoke(args=["housing", "seed-demo"])
    assert again.exit_code == 0
    assert "nothing changed" in again.output
    assert (count(db, Unit), count(db, User)) == before


def test_demo_logins_work(app, db, client):
    app.test_cli_runner().invoke(
        args=["housing", "seed-demo", "--units", "300", "--applicants", "400"]
    )
    for email, password in [
        ("officer@demo.changning.gov.cn", "Officer-2026"),
        ("talent00001@demo.changning.gov.cn", "Talent-2026"),
        ("hr@demo.changning.gov.cn", "Employer-2026"),
    ]:
        response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200
    # The demo HR see the staff of their enterprise, the demo applicant among them.
    token = response.json["token"]
    staff = client.get(
        "/api/v1/employer/applications?per_page=200", headers={"Authorization": f"Bearer {token}"}
    ).json
    assert "陈思远" in {item["name"] for item in staff["items"]} or staff["total"] > 200
