"""A realistic demo Changning: landlords, buildings, units, employers and a full waitlist.

Deterministic for its seed, bulk-inserted so it takes seconds, and idempotent: a JobRun row
marks it done, so a second run changes nothing. The district is one transaction; its rounds
then run through the real round code (preview, commit, notice, offers, answers, cascades).
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from allocation.synthetic import jitter, pick
from housing.demo_data import (
    APPLICANT_PASSWORD,
    CATEGORY_SHARES,
    DEMO_ACCOUNTS,
    GIVEN,
    HUBS,
    INDUSTRIES,
    INDUSTRIES_EN,
    LANDLORDS,
    LAYOUTS,
    MORE_EMPLOYER_HR,
    STATUS_COUNTS,
    STREET_CENTRES,
    STREET_NAMES,
    SURNAMES,
)
from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Building,
    Category,
    Degree,
    Employer,
    Employment,
    JobRun,
    Landlord,
    Offer,
    OfferStatus,
    OutboxMail,
    PolicyVersion,
    PrioritySnapshot,
    Role,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.models._base import utcnow
from housing.policy import PointsInput, compute_points
from housing.security import hash_password, id_number_hash, mask_id_number

__all__ = ["APPLICANT_PASSWORD", "DEMO_ACCOUNTS", "make_id_number", "seed_demo"]

MARKER = ("seed-demo", "v1")
#: Vacant units released to each demo round (the rest wait under maintenance meanwhile).
ROUND_BATCH = 300
DECLINE_REASONS = ["离工作地点太远", "户型不合适", "家庭情况有变", "已自行租房"]
LAYOUTS_BY_SIZE = {1: ["studio", "1BR"], 2: ["1BR", "2BR"], 3: ["2BR", "3BR"], 4: ["2BR", "3BR"]}
ID_REGIONS = ["310105", "310104", "320102", "110101", "440305"]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def make_id_number(rng: random.Random, birth: date, region: str = "310105") -> str:
    body = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _insert(model, rows: list[dict]) -> list[int]:
    """Bulk insert and return the new ids in the order of `rows` (also sets row["id"])."""
    if not rows:
        return []
    table = model.__table__
    statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = list(db.session.execute(statement, rows).scalars())
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    return ids


def already_seeded() -> bool:
    return (
        db.session.scalar(
            sa.select(JobRun.id).where(JobRun.job == MARKER[0], JobRun.period == MARKER[1])
        )
        is not None
    )


@dataclass
class _Seeder:
    rng: random.Random
    today: date
    policy: PolicyVersion
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    landlord_ids: list[int] = field(default_factory=list)
    employers: list[dict] = field(default_factory=list)
    buildings: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    held_back: list[int] = field(default_factory=list)
    second_batch: list[int] = field(default_factory=list)

    def partners(self, n_employers: int) -> None:
        rng = self.rng
        self.landlord_ids = _insert(Landlord, [
            {"name": name, "kind": kind.value, "contact_name": "联系人", "created_at": self.now,
             "contact_phone": f"021-6{rng.randrange(10**6, 10**7)}"}
            for name, kind in LANDLORDS
        ])  # fmt: skip
        for i in range(n_employers):
            hub = pick(rng, HUBS)
            industry, key = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
            lat, lon = jitter(rng, hub[1], hub[2], 1.2)
            self.employers.append({
                "code": f"E{i:04d}", "name": f"上海{hub[0][:2]}{industry}第{i + 1}有限公司",
                "name_en": f"Shanghai {INDUSTRIES_EN[industry]} Co. No. {i + 1}",
                "industry": industry,
                "key_industry": key, "hub": hub[0], "lat": lat, "lon": lon,
                "address": f"长宁区{hub[0]}{rng.randint(1, 999)}号", "registered_in_district": True,
            })  # fmt: skip
        _insert(Employer, self.employers)
        self.counts.update(landlords=len(self.landlord_ids), employers=len(self.employers))

    def pool(self, n_units: int) -> None:
        """Buildings over every street, each with 6-36 units of mixed layouts."""
        rng, streets, landlords = self.rng, list(STREET_CENTRES), self.landlord_ids
        b = 0
        while len(self.units) < n_units:
            # The first rounds visit every street and landlord, so each has buildings.
            street = streets[b % len(streets)] if b < 2 * len(streets) else rng.choice(streets)
            landlord = (
                landlords[b % len(landlords)] if b < len(landlords) else rng.choice(landlords)
            )
            lat, lon = jitter(rng, *STREET_CENTRES[street], 1.0)
            self.buildings.append({
                "landlord_id": landlord, "name": f"{STREET_NAMES[street]}人才公寓{b + 1}号楼",
                "address": f"上海市长宁区{STREET_NAMES[street]}{rng.randint(1, 1500)}号",
                "street": street.value, "lat": lat, "lon": lon, "created_at": self.now,
            })  # fmt: skip
            reserved = [rng.choice(self.employers)["code"]] if rng.random() < 0.06 else []
            for k in range(min(n_units - len(self.units), rng.randint(6, 36))):
                layout, beds, occ, (lo, hi), _ = pick(rng, LAYOUTS)
                area = round(rng.uniform(lo, hi), 1)
                market = int(area * rng.uniform(110, 150)) // 10 * 10
                self.units.append({
                    "landlord_id": landlord, "building_index": b,
                    "code": f"B{b + 1:03d}-{k // 8 + 2:02d}{k % 8 + 1:02d}", "layout": layout,
                    "bedrooms": beds, "area_m2": area, "max_occupants": occ, "floor": k // 8 + 2,
                    "rent": int(market * rng.uniform(0.7, 0.9)) // 10 * 10, "market_rent": market,
                    "accessible": rng.random() < 0.05, "reserved_for_employers": reserved,
                    "reserved_for_categories": [], "status": UnitStatus.VACANT.value,
                    "created_at": self.now, "updated_at": self.now,
                })  # fmt: skip
            b += 1
        building_ids = _insert(Building, self.buildings)
        for row in self.units:
            row["building_id"] = building_ids[row.pop("building_index")]
        _insert(Unit, self.units)
        self.counts.update(buildings=len(self.buildings), units=len(self.units))

    def _unique_id_number(self, seen: set[str]) -> str:
        rng = self.rng
        while True:
            birth = date(rng.randint(1975, 2002), rng.randint(1, 12), rng.randint(1, 28))
            number = make_id_number(rng, birth, rng.choice(ID_REGIONS))
            if number not in seen:
                seen.add(number)
                return number

    def _application(self, status: ApplicationStatus, employer_index: int) -> dict:
        rng, employer = self.rng, self.employers[employer_index]
        category = pick(rng, CATEGORY_SHARES)[0]
        size = pick(rng, [(1, 0.55), (2, 0.25), (3, 0.15), (4, 0.05)])[0]
        applied = self.today - timedelta(days=rng.randint(20, 900))
        queued = status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
        return {
            "status": status.value, "category": category.value,
            "degree": rng.choice([Degree.BACHELOR, Degree.MASTER, Degree.MASTER, Degree.PHD]).value,
            "employer_id": employer["id"], "returnee": category == Category.OVERSEAS,
            "workplace_address": employer["address"], "workplace_lat": employer["lat"],
            "workplace_lon": employer["lon"], "household_size": size, "has_children": size >= 3,
            "layouts": LAYOUTS_BY_SIZE[size], "max_commute_min": rng.choice([30, 40, 45, 50, 60]),
            "max_rent": rng.choice([4000, 5000, 6000, 8000, 10000]),
            "needs_accessible": rng.random() < 0.02, "owns_housing_in_shanghai": False,
            "other_housing_benefit": False, "social_insurance_in_shanghai": True,
            "consent": status != ApplicationStatus.DRAFT, "declines_in_row": 0,
            "declines_total": 1 if rng.random() < 0.08 else 0,
            "submitted_at": None if status == ApplicationStatus.DRAFT else _midnight(applied),
            "waiting_since": applied if queued else None,
            "decision_reason": (
                "未提供在长宁区缴纳社保的证明" if status == ApplicationStatus.REJECTED else None
            ),
            "created_at": self.now, "updated_at": self.now,
        }  # fmt: skip

    def applicants(self, n: int) -> None:
        """Every status of the lifecycle, sharing one password hash (hashing is slow on purpose)."""
        rng = self.rng
        # Every status in its share, also in a small demo (the full one is exactly the table).
        total = sum(count for _s, count in STATUS_COUNTS)
        statuses = [s for s, count in STATUS_COUNTS for _ in range(max(1, count * n // total))]
        statuses = (statuses * (n // len(statuses) + 1))[:n]
        rng.shuffle(statuses)
        shared_hash = hash_password(APPLICANT_PASSWORD)
        users, seen = [], set()
        for i, status in enumerate(statuses):
            id_number = self._unique_id_number(seen)
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            users.append({
                "email": f"talent{i:05d}@demo.changning.gov.cn", "password_hash": shared_hash,
                "role": Role.APPLICANT.value, "name": rng.choice(SURNAMES) + given,
                "phone": f"13{rng.randrange(10**8, 10**9)}",
                "id_number_hash": id_number_hash(id_number),
                "id_number_masked": mask_id_number(id_number), "active": True,
                "created_at": self.now,
            })  # fmt: skip
            self.applications.append(self._application(status, rng.randrange(len(self.employers))))
        for row, user_id in zip(self.applications, _insert(User, users), strict=True):
            row["user_id"] = user_id

        demo = {}
        for key, (email, password, role, name) in DEMO_ACCOUNTS.items():
            demo[key] = User(
                email=email, password_hash=hash_password(password), role=role, name=name
            )
            db.session.add(demo[key])
        demo["landlord"].landlord_id = self.landlord_ids[0]
        demo_id = make_id_number(rng, date(1994, 6, 18))
        demo["applicant"].id_number_hash = id_number_hash(demo_id)
        demo["applicant"].id_number_masked = mask_id_number(demo_id)
        db.session.flush()
        # The demo applicant: a key-industry couple waiting 200 days, working at Zhongshan Park.
        zhongshan = next(i for i, e in enumerate(self.employers) if e["hub"] == HUBS[1][0])
        own = self._application(ApplicationStatus.WAITING, zhongshan)
        own.update(user_id=demo["applicant"].id, category=Category.KEY_INDUSTRY.value,
                   household_size=2, has_children=False, layouts=LAYOUTS_BY_SIZE[2],
                   waiting_since=self.today - timedelta(days=200), declines_total=0)  # fmt: skip
        self.applications.append(own)
        self._employer_hr(demo["employer"], zhongshan)
        self._points()
        _insert(Application, self.applications)
        _insert(PrioritySnapshot, [
            {"application_id": row["id"], "policy_version_id": self.policy.id,
             "computed_at": self.now, "total": row["priority"], "breakdown": row.pop("breakdown")}
            for row in self.applications if row["priority"] is not None
        ])  # fmt: skip
        self.counts["applicants"] = len(self.applications)
        self._employment_answers(demo["employer"])

    def _employer_hr(self, hr: User, employer_index: int) -> None:
        """HR of the demo applicant's enterprise, and of the next two in the register."""
        hr.employer_id = self.employers[employer_index]["id"]
        others = [e for i, e in enumerate(self.employers) if i != employer_index]
        password = hash_password(DEMO_ACCOUNTS["employer"][1])
        for (email, name), employer in zip(MORE_EMPLOYER_HR, others, strict=False):
            db.session.add(User(email=email, password_hash=password, role=Role.EMPLOYER,
                                name=name, employer_id=employer["id"]))  # fmt: skip
        db.session.flush()

    def _employment_answers(self, hr: User) -> None:
        """The demo HR already confirmed their staff who got past verification; the
        submitted ones wait for an answer (the employer pages' work)."""
        past = {s.value for s in (ApplicationStatus.VERIFIED, ApplicationStatus.WAITING,
                                  ApplicationStatus.OFFERED, ApplicationStatus.HOUSED)}  # fmt: skip
        _insert(Employment, [
            {"application_id": row["id"], "employer_id": hr.employer_id, "status": "confirmed",
             "start_date": self.today - timedelta(days=400), "answered_by_id": hr.id,
             "answered_at": self.now}
            for row in self.applications
            if row["employer_id"] == hr.employer_id and row["status"] in past
        ])  # fmt: skip

    def _points(self) -> None:
        key_industry = {e["id"]: e["key_industry"] for e in self.employers}
        for row in self.applications:
            row["priority"] = row["verified_at"] = None
            if row["waiting_since"] is None:
                continue
            facts = PointsInput(
                row["category"], key_industry[row["employer_id"]], row["has_children"],
                row["waiting_since"], row["declines_total"],
            )  # fmt: skip
            row["priority"], row["breakdown"] = compute_points(facts, self.policy, self.today)
            row["verified_at"] = _midnight(row["waiting_since"])

    def lifecycle(self) -> None:
        """Earlier tenants live in (or have left) their units; the rest await the rounds.

        Applications seeded as offered join the queue: the real rounds below make offers.
        Free units are released to the pool in two batches, one per demo round; the rest
        stay under maintenance until the rounds are done (see `run_demo_rounds`).
        """
        rng, now = self.rng, self.now
        free = list(range(len(self.units)))
        rng.shuffle(free)
        tenancies, statuses = [], []
        placed = (ApplicationStatus.HOUSED, ApplicationStatus.EXITED)
        for row in self.applications:
            status = ApplicationStatus(row["status"])
            if status == ApplicationStatus.OFFERED:
                row["status"] = ApplicationStatus.WAITING.value
                continue
            if status not in placed or not free:
                continue
            index = free.pop()
            unit = self.units[index]
            ended = status == ApplicationStatus.EXITED
            start = self.today - timedelta(days=rng.randint(30, 700))
            tenancies.append({
                "application_id": row["id"], "unit_id": unit["id"],
                "status": (TenancyStatus.ENDED if ended else TenancyStatus.ACTIVE).value,
                "start_date": start, "end_date": start + timedelta(days=730), "rent": unit["rent"],
                "moved_in_at": _midnight(start),
                "moved_out_at": now - timedelta(days=rng.randint(1, 25)) if ended else None,
                "exit_reason": "moved_away" if ended else None, "created_at": now,
            })  # fmt: skip
            if ended:
                free.insert(0, index)  # let again since
            else:
                statuses.append({"uid": unit["id"], "st": UnitStatus.OCCUPIED.value})
        _insert(Tenancy, tenancies)
        statuses += [
            {"uid": self.units[i]["id"], "st": UnitStatus.MAINTENANCE.value} for i in free[:150]
        ]
        statuses += [{"uid": self.units[i]["id"], "st": UnitStatus.WITHDRAWN.value}
                     for i in free[150:200]]  # fmt: skip
        # Held back for the demo rounds: the first batch stays vacant for the earlier round.
        batch = max(1, min(ROUND_BATCH, len(free[200:]) // 3))
        self.held_back = [self.units[i]["id"] for i in free[200 + batch :]]
        self.second_batch = self.held_back[:batch]
        statuses += [{"uid": uid, "st": UnitStatus.MAINTENANCE.value} for uid in self.held_back]
        table = Unit.__table__
        db.session.execute(
            table.update()
            .where(table.c.id == sa.bindparam("uid"))
            .values(status=sa.bindparam("st")),
            statuses,
        )
        self.counts.update(tenancies=len(tenancies))


def _release(unit_ids: list[int]) -> None:
    db.session.execute(
        sa.update(Unit)
        .where(Unit.id.in_(unit_ids), Unit.status == UnitStatus.MAINTENANCE)
        .values(status=UnitStatus.VACANT)
    )
    db.session.commit()


def _answer_all(round_id: int, at: datetime, rng: random.Random, decline_share: float) -> None:
    """Applicants answer their pending offers: most accept, some decline, some stay silent."""
    from housing.rounds import offers as round_offers

    pending = db.session.scalars(
        sa.select(Offer)
        .where(Offer.round_id == round_id, Offer.status == OfferStatus.PENDING)
        .order_by(Offer.id)
    ).all()
    for offer in pending:
        user, roll = offer.application.user, rng.random()
        if roll < decline_share:
            round_offers.decline(user, offer.id, rng.choice(DECLINE_REASONS), now=at)
        elif roll < decline_share * 2:
            continue  # left to expire
        else:
            round_offers.accept(user, offer.id, now=at)


def run_demo_rounds(seeder: "_Seeder") -> dict:
    """Two rounds through the real round code: a closed one two months ago, and this month's
    with offers out. Each runs preview, commit, notice, offers, answers and cascades."""
    from housing.rounds import offers as round_offers
    from housing.rounds import operations as rounds

    rng, now, today = seeder.rng, seeder.now, seeder.today
    earlier = date(today.year - (today.month <= 2), (today.month - 3) % 12 + 1, 1)
    start = datetime.combine(earlier, datetime.min.time(), UTC) + timedelta(hours=1)
    past = rounds.start_preview(f"{earlier:%Y-%m}", None, background=False)
    rounds.commit(past.id, None, now=start)
    offered = start + timedelta(days=5, hours=1)
    round_offers.issue_offers(offered)
    _answer_all(past.id, offered + timedelta(days=1), rng, 0.08)
    expiry = offered + timedelta(days=7, hours=1)
    round_offers.expire_offers(expiry)
    _answer_all(past.id, expiry + timedelta(hours=1), rng, 0.0)  # the cascades are taken
    round_offers.expire_offers(expiry + timedelta(days=9))  # nothing may stay pending
    _release(seeder.second_batch)
    current = rounds.start_preview(f"{today:%Y-%m}", None, background=False)
    rounds.commit(current.id, None, now=now - timedelta(days=6))
    round_offers.issue_offers(now - timedelta(hours=20))
    db.session.commit()
    _release(seeder.held_back[len(seeder.second_batch) :])
    # Demo mail is not sent: the outbox keeps it, marked as done.
    db.session.execute(
        sa.update(OutboxMail).where(OutboxMail.sent_at.is_(None)).values(sent_at=utcnow())
    )
    db.session.commit()
    return {
        "rounds": 2,
        "offers": db.session.scalar(sa.select(sa.func.count()).select_from(Offer)),
    }


def seed_demo(
    units: int = 5000, applicants: int = 20000, seed: int = 2026, today: date | None = None
) -> dict:
    """Seed everything in one transaction; returns the counts, or {} if already seeded."""
    if already_seeded():
        return {}
    policy = db.session.scalar(sa.select(PolicyVersion).order_by(PolicyVersion.version.desc()))
    if policy is None:
        policy = PolicyVersion(version=1, note="默认政策 / default policy")
        db.session.add(policy)
        db.session.flush()
    seeder = _Seeder(random.Random(seed), today or date.today(), policy)
    seeder.partners(max(50, applicants // 40))
    seeder.pool(units)
    seeder.applicants(applicants)
    seeder.lifecycle()
    db.session.add(JobRun(job=MARKER[0], period=MARKER[1], finished_at=datetime.now(UTC)))
    db.session.commit()
    seeder.counts.update(run_demo_rounds(seeder))
    from housing.forecast.operations import forecast_queue

    seeder.counts["forecasts"] = forecast_queue(seeder.today)["applications"]
    return seeder.counts
