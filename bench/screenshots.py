"""The screenshot tour: every main page for every role, in Chinese and English, desktop and phone.

Seeds a small demo district into a scratch SQLite database, serves it on a local port, logs in
through the login form as each demo account (and as a new applicant with a draft, for the
wizard), and writes one full-page PNG per page, language and width:

    screenshots/<role>/<page>.<lang>.<width>.png

It also lists every page that scrolls sideways at phone width (the layout's first test).
Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM), driven by Playwright.

    make screenshots            # or: .venv/bin/python bench/screenshots.py --out screenshots
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestingConfig

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {1280: 900, 390: 844}
NEW_APPLICANT = (
    "new.applicant@demo.changning.gov.cn",
    "Newcomer-2026",
    "周新",
    "11010519491231002X",
)

#: Pages of each tour: (name, path). The ids come from the seeded district (see `_ids`).
TOURS = {
    "public": [
        ("home", "/"),
        ("eligibility", "/eligibility"),
        ("login", "/auth/login"),
        ("register", "/auth/register"),
        ("forgot-password", "/auth/forgot"),
        ("statistics", "/stats"),
    ],
    "applicant": [
        ("home", "/me/"),
        ("waitlist", "/me/waitlist"),
        ("offers", "/my/offers"),
        ("lease", "/me/tenancy"),
        ("subsidy", "/me/subsidy"),
        ("change", "/me/application/change"),
        ("withdraw", "/me/application/withdraw"),
        ("eligibility", "/eligibility"),
    ],
    "queued_applicant": [
        ("home", "/me/"),
        ("waitlist", "/me/waitlist"),
        ("change", "/me/application/change"),
        ("subsidy", "/me/subsidy"),
    ],
    "new_applicant": [
        ("home", "/me/"),
        *[
            (f"wizard-{step}", f"/me/application/{step}")
            for step in ("identity", "category", "employer", "workplace", "household")
        ],
        ("wizard-preferences", "/me/application/preferences"),
        ("wizard-documents", "/me/application/documents"),
        ("wizard-review", "/me/application/review"),
    ],
    "landlord": [
        ("home", "/landlord/"),
        ("buildings", "/landlord/buildings"),
        ("building-new", "/landlord/buildings/new"),
        ("building-edit", "/landlord/buildings/{building_id}/edit"),
        ("units", "/landlord/units"),
        ("unit-new", "/landlord/units/new"),
        ("unit-edit", "/landlord/units/{unit_id}"),
        ("import", "/landlord/units/import"),
        ("offers", "/landlord/offers"),
        ("tenancies", "/landlord/tenancies/"),
        ("statements", "/landlord/statements/"),
    ],
    "officer": [
        ("home", "/officer/"),
        ("queue", "/officer/applications"),
        ("application", "/officer/applications/{application_id}"),
        ("rounds", "/officer/rounds/"),
        ("round", "/officer/rounds/{round_id}"),
        ("reviews", "/officer/reviews/"),
        ("subsidies", "/officer/subsidies/"),
        ("runs", "/officer/runs/"),
        ("statements", "/officer/statements/"),
        ("ledger", "/officer/ledger/"),
        ("partners", "/officer/partners"),
        ("policy", "/officer/policy"),
        ("policy-history", "/officer/policy/history"),
        ("what-if", "/officer/policy/what-if"),
        ("employers", "/officer/employers"),
        ("notice", "/rounds/{round_id}"),
    ],
    "admin": [
        ("home", "/officer/admin"),
        ("staff", "/officer/admin/staff"),
        ("audit", "/officer/admin/audit"),
        ("partners", "/officer/partners"),
    ],
    "employer": [
        ("home", "/employer/"),
        ("staff", "/employer/staff"),
    ],
}


def _seed(app, units: int, applicants: int) -> dict:
    """The demo district, a new applicant with a draft, and the ids the tours need."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from housing.applicants.operations import ensure_draft
    from housing.auth.operations import register_applicant
    from housing.demo import DEMO_ACCOUNTS, seed_demo
    from housing.extensions import db
    from housing.models import (
        AllocationRound,
        Application,
        ApplicationStatus,
        Building,
        Unit,
        User,
    )

    with app.app_context():
        upgrade()
        seed_demo(units=units, applicants=applicants)
        email, password, name, id_number = NEW_APPLICANT
        ensure_draft(register_applicant(email, password, name, id_number))
        db.session.commit()
        landlord = db.session.scalar(
            sa.select(User).where(User.email == DEMO_ACCOUNTS["landlord"][0])
        )
        queued = sa.select(Application.id).where(Application.status == ApplicationStatus.SUBMITTED)
        waiting = db.session.scalar(
            sa.select(User.email)
            .join(Application, Application.user_id == User.id)
            .where(Application.status == ApplicationStatus.WAITING)
            .order_by(Application.id)
            .limit(1)
        )
        return {
            "queued_email": waiting,
            "building_id": db.session.scalar(
                sa.select(Building.id).where(Building.landlord_id == landlord.landlord_id).limit(1)
            ),
            "unit_id": db.session.scalar(
                sa.select(Unit.id).where(Unit.landlord_id == landlord.landlord_id).limit(1)
            ),
            "application_id": db.session.scalar(queued.limit(1))
            or db.session.scalar(sa.select(Application.id).limit(1)),
            "round_id": db.session.scalar(
                sa.select(AllocationRound.id).order_by(AllocationRound.id.desc())
            ),
        }


def _serve(app) -> str:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def _accounts(ids: dict) -> dict:
    from housing.demo import APPLICANT_PASSWORD, DEMO_ACCOUNTS

    accounts = {role: DEMO_ACCOUNTS[role][:2] for role in ("applicant", "landlord", "officer")}
    accounts["admin"] = DEMO_ACCOUNTS["admin"][:2]
    accounts["employer"] = DEMO_ACCOUNTS["employer"][:2]
    accounts["new_applicant"] = NEW_APPLICANT[:2]
    accounts["queued_applicant"] = (ids["queued_email"], APPLICANT_PASSWORD)
    accounts["public"] = None
    return accounts


def _log_in(page, email: str, password: str) -> None:
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form:has(#password) button[type=submit]").click()
    page.wait_for_load_state()


def _language(page, lang: str) -> None:
    """Press the header's button for `lang`, unless the page already speaks it (a logged-in
    person's choice is remembered on their account)."""
    page.goto("/")
    button = page.locator(f'button[lang="{lang}"]')
    if button.count():
        button.click()
        page.wait_for_load_state()


def tour(base: str, out: Path, ids: dict, roles: list[str]) -> list[str]:
    """Every page of every tour; returns the pages that scroll sideways on a phone."""
    from playwright.sync_api import sync_playwright

    wide: list[str] = []
    accounts = _accounts(ids)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for role in roles:
            (out / role).mkdir(parents=True, exist_ok=True)
            for lang in ("zh", "en"):
                for width, height in WIDTHS.items():
                    context = browser.new_context(
                        base_url=base, viewport={"width": width, "height": height}
                    )
                    page = context.new_page()
                    page.set_default_timeout(15_000)
                    if accounts[role]:
                        _log_in(page, *accounts[role])
                    _language(page, lang)
                    for name, path in TOURS[role]:
                        page.goto(path.format(**ids))
                        page.wait_for_load_state()
                        page.screenshot(
                            path=out / role / f"{name}.{lang}.{width}.png", full_page=True
                        )
                        if width < 600 and page.evaluate(
                            "document.documentElement.scrollWidth > window.innerWidth"
                        ):
                            wide.append(f"{role} {path.format(**ids)} ({lang})")
                    context.close()
            print(f"{role}: {len(TOURS[role])} pages × 2 languages × 2 widths")
        browser.close()
    return wide


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--applicants", type=int, default=600)
    parser.add_argument("--roles", nargs="*", default=list(TOURS))
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="tour-")

    class TourConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{scratch}/tour.sqlite"
        UPLOAD_FOLDER = f"{scratch}/uploads"
        MAIL_FOLDER = f"{scratch}/mail"

    import logging

    from housing import create_app

    app = create_app(TourConfig)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    started = time.perf_counter()
    ids = _seed(app, args.units, args.applicants)
    print(f"seeded a demo of {args.units} units in {time.perf_counter() - started:.1f} s")
    out = Path(args.out)
    wide = tour(_serve(app), out, ids, args.roles)
    print(f"screenshots in {out}/")
    if wide:
        print("pages wider than a 390 px phone:\n  " + "\n  ".join(wide))


if __name__ == "__main__":
    main()
