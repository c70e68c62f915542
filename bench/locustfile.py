"""The load mix of issue 9, for Locust in headless mode (bench/load.py starts everything).

Applicants read their waitlist and offers, landlords list their units, officers work the
verification queue (reading it and deciding some applications), and one round officer keeps a
round preview of the whole district running. Every user acts as a person would, with a pause
between clicks. Credentials come from the file bench/load.py writes (LOAD_CREDENTIALS): API
tokens and signed session cookies made beforehand, so logging in (a deliberately slow password
hash) is not what is measured.
"""

import json
import os
import random
import time
from itertools import count
from pathlib import Path

from locust import HttpUser, between, events, task

CREDENTIALS = json.loads(Path(os.environ["LOAD_CREDENTIALS"]).read_text(encoding="utf-8"))
_next = count()


def _take(kind: str) -> dict:
    people = CREDENTIALS[kind]
    return people[next(_next) % len(people)]


class Person(HttpUser):
    abstract = True
    #: A person reads a page before the next click: 5 to 15 s (200 people, about 20 requests/s).
    wait_time = between(5, 15)
    kind = ""

    def on_start(self) -> None:
        self.me = _take(self.kind)
        self.api = {"Authorization": f"Bearer {self.me['token']}"}
        self.page = {"Cookie": f"session={self.me['cookie']}"}

    def get_page(self, url: str, name: str | None = None) -> None:
        with self.client.get(url, headers=self.page, name=name, catch_response=True) as r:
            # A lost session shows as a redirect to the login page: that is an error here.
            if r.status_code != 200 or "/auth/login" in r.url:
                r.failure(f"{r.status_code} at {r.url}")

    def get_api(self, url: str, name: str | None = None) -> dict:
        with self.client.get(url, headers=self.api, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
                return {}
            return r.json()


class Applicant(Person):
    weight = 150
    kind = "applicants"

    @task(3)
    def waitlist_page(self) -> None:
        self.get_page("/me/waitlist")

    @task(2)
    def offers_page(self) -> None:
        self.get_page("/my/offers")

    @task(2)
    def waitlist_api(self) -> None:
        self.get_api("/api/v1/me/waitlist")

    @task(2)
    def offers_api(self) -> None:
        self.get_api("/api/v1/me/offers")

    @task(1)
    def home(self) -> None:
        self.get_page("/me/")


class Landlord(Person):
    weight = 25
    kind = "landlords"

    @task(3)
    def units_api(self) -> None:
        page = random.randint(1, 10)
        self.get_api(f"/api/v1/landlord/units?page={page}&per_page=50", "/api/v1/landlord/units")

    @task(2)
    def units_page(self) -> None:
        self.get_page(f"/landlord/units?page={random.randint(1, 5)}", "/landlord/units")

    @task(1)
    def offers_page(self) -> None:
        self.get_page("/landlord/offers")


class Officer(Person):
    weight = 24
    kind = "officers"

    @task(3)
    def queue_page(self) -> None:
        self.get_page("/officer/applications")

    @task(3)
    def queue_api(self) -> None:
        found = self.get_api(
            "/api/v1/officer/applications?per_page=20", "/api/v1/officer/applications"
        )
        self.seen = [item["id"] for item in found.get("items", [])]

    @task(2)
    def one_application(self) -> None:
        if getattr(self, "seen", None):
            application_id = random.choice(self.seen)
            self.get_page(f"/officer/applications/{application_id}", "/officer/applications/[id]")

    @task(1)
    def decide(self) -> None:
        """Verify one application of the queue; another officer may have decided it (409)."""
        application_id = CREDENTIALS["to_verify"].pop() if CREDENTIALS["to_verify"] else None
        if application_id is None:
            return
        url = f"/api/v1/officer/applications/{application_id}/verify"
        with self.client.post(
            url,
            json={"note": "load test"},
            headers=self.api,
            name="/api/v1/officer/applications/[id]/verify",
            catch_response=True,
        ) as r:
            if r.status_code not in (200, 409):
                r.failure(f"{r.status_code}")


class RoundOfficer(Person):
    """One officer previewing next month's round over and over, and watching it run."""

    fixed_count = 1
    kind = "officers"
    wait_time = between(2, 4)

    def on_start(self) -> None:
        super().on_start()
        self.round_id = None
        self.started = 0.0

    @task
    def preview(self) -> None:
        if self.round_id is not None:
            found = self.get_api(
                f"/api/v1/officer/rounds/{self.round_id}", "/api/v1/officer/rounds/[id]"
            )
            if found.get("status") == "running":
                return
            if found:
                PREVIEWS.append((found.get("status"), round(time.monotonic() - self.started, 1)))
        with self.client.post(
            "/api/v1/officer/rounds",
            json={"month": CREDENTIALS["month"]},
            headers=self.api,
            catch_response=True,
        ) as r:
            if r.status_code not in (200, 201, 202):
                r.failure(f"{r.status_code}")
                return
            self.round_id = r.json()["id"]
            self.started = time.monotonic()


PREVIEWS: list[tuple] = []


@events.quitting.add_listener
def _report(environment, **_kw) -> None:
    print(f"round previews finished during the run (status, seconds): {PREVIEWS}")
