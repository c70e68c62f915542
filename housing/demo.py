"""A realistic demo Changning: landlords, buildings, units, employers and a full waitlist.

Deterministic for its seed, bulk-inserted so it takes seconds, and idempotent: a JobRun row
marks it done, so a second run changes nothing.
"""

import math
import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from housing.applicants.points import PointsInput, compute_points
from housing.extensions import db
from housing.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    Building,
    Category,
    Degree,
    Employer,
    JobRun,
    Landlord,
    LandlordKind,
    Offer,
    OfferStatus,
    PolicyVersion,
    PrioritySnapshot,
    Role,
    RoundStatus,
    Street,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.security import hash_password, id_number_hash, mask_id_number

STREET_CENTRES = {
    Street.JIANGSU: (31.2226, 121.4390),
    Street.HUAYANG: (31.2235, 121.4240),
    Street.XINHUA: (31.2150, 121.4305),
    Street.TIANSHAN: (31.2180, 121.4120),
    Street.HONGQIAO: (31.2100, 121.4050),
    Street.XIANXIA: (31.2050, 121.3950),
    Street.ZHOUJIAQIAO: (31.2230, 121.4010),
    Street.BEIXINJING: (31.2185, 121.3800),
    Street.CHENGJIAQIAO: (31.2050, 121.3700),
    Street.XINJING: (31.2160, 121.3580),
}
STREET_NAMES = {
    Street.JIANGSU: "江苏路",
    Street.HUAYANG: "华阳路",
    Street.XINHUA: "新华路",
    Street.TIANSHAN: "天山路",
    Street.HONGQIAO: "虹桥路",
    Street.XIANXIA: "仙霞路",
    Street.ZHOUJIAQIAO: "长宁路",
    Street.BEIXINJING: "北新泾路",
    Street.CHENGJIAQIAO: "程家桥路",
    Street.XINJING: "新泾路",
}
HUBS = [  # name, lat, lon, share of employers
    ("虹桥临空经济示范区", 31.2050, 121.3620, 0.40),
    ("中山公园", 31.2222, 121.4170, 0.25),
    ("古北·虹桥路", 31.2060, 121.4200, 0.20),
    ("天山路", 31.2150, 121.4050, 0.15),
]
INDUSTRIES = [  # industry, key industry?
    ("航空服务", True),
    ("数字经济", True),
    ("人工智能", True),
    ("时尚创意", True),
    ("生命健康", True),
    ("金融服务", False),
    ("专业服务", False),
    ("教育", False),
    ("医疗卫生", False),
    ("商贸零售", False),
]
LANDLORDS = [
    ("长宁区国有资产经营有限公司", LandlordKind.DISTRICT_SOE),
    ("上海长宁城市更新投资有限公司", LandlordKind.DISTRICT_SOE),
    ("上海虹桥临空经济园区发展有限公司", LandlordKind.DISTRICT_SOE),
    ("长宁区住房保障服务中心", LandlordKind.DISTRICT_SOE),
    ("上海长房(集团)有限公司", LandlordKind.DISTRICT_SOE),
    ("魔方公寓", LandlordKind.PRIVATE_FIRM),
    ("冠寓", LandlordKind.PRIVATE_FIRM),
    ("泊寓", LandlordKind.PRIVATE_FIRM),
    ("自如", LandlordKind.PRIVATE_FIRM),
    ("城家公寓", LandlordKind.PRIVATE_FIRM),
    ("朗诗寓", LandlordKind.PRIVATE_FIRM),
    ("有巢公寓", LandlordKind.PRIVATE_FIRM),
    ("安歆公寓", LandlordKind.PRIVATE_FIRM),
    ("华润有巢", LandlordKind.PRIVATE_FIRM),
]
LAYOUTS = [  # layout, bedrooms, max occupants, area range, share
    ("studio", 0, 1, (25, 35), 0.30),
    ("1BR", 1, 2, (40, 55), 0.40),
    ("2BR", 2, 4, (60, 85), 0.25),
    ("3BR", 3, 5, (90, 120), 0.05),
]
CATEGORY_SHARES = [
    (Category.LEADING, 0.02),
    (Category.HIGH_LEVEL, 0.06),
    (Category.KEY_INDUSTRY, 0.33),
    (Category.OVERSEAS, 0.14),
    (Category.SKILLED, 0.13),
    (Category.YOUNG, 0.24),
    (Category.SOCIAL_GOVERNANCE, 0.08),
]
STATUS_COUNTS = [  # of the generated applicants (demo accounts come on top)
    (ApplicationStatus.DRAFT, 1500),
    (ApplicationStatus.SUBMITTED, 1500),
    (ApplicationStatus.VERIFIED, 800),
    (ApplicationStatus.REJECTED, 500),
    (ApplicationStatus.WAITING, 12900),
    (ApplicationStatus.OFFERED, 300),
    (ApplicationStatus.HOUSED, 1500),
    (ApplicationStatus.EXITED, 500),
    (ApplicationStatus.WITHDRAWN, 500),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯鹏晨欣怡子涵梓轩"
DEMO_ACCOUNTS = {
    "officer": ("officer@demo.changning.gov.cn", "Officer-2026", Role.OFFICER, "王审核"),
    "landlord": ("landlord@demo.changning.gov.cn", "Landlord-2026", Role.LANDLORD, "李经理"),
    "admin": ("admin@demo.changning.gov.cn", "Admin-2026", Role.ADMIN, "系统管理员"),
    "applicant": ("applicant@demo.changning.gov.cn", "Applicant-2026", Role.APPLICANT, "陈思远"),
}
APPLICANT_PASSWORD = "Talent-2026"  # every generated applicant, for trying the queue pages
MARKER = ("seed-demo", "v1")


def _jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    r = km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    return (
        round(lat + r * math.cos(a) / 111.0, 6),
        round(lon + r * math.sin(a) / (111.0 * math.cos(math.radians(lat))), 6),
    )


def _pick(rng: random.Random, items: list) -> tuple:
    x, acc = rng.random(), 0.0
    for item in items:
        acc += item[-1]
        if x <= acc:
            return item
    return items[-1]


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


def seed_demo(
    units: int = 5000, applicants: int = 20000, seed: int = 2026, today: date | None = None
) -> dict:
    """Seed everything in one transaction; returns the counts, or {} if already seeded."""
    if already_seeded():
        return {}
    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.now(UTC)
    policy = db.session.scalar(sa.select(PolicyVersion).order_by(PolicyVersion.version.desc()))
    if policy is None:
        policy = PolicyVersion(version=1, note="默认政策 / default policy")
        db.session.add(policy)
        db.session.flush()

    landlord_ids = _insert(
        Landlord,
        [
            {
                "name": name,
                "kind": kind.value,
                "contact_name": "联系人",
                "created_at": now,
                "contact_phone": f"021-6{rng.randrange(10**6, 10**7)}",
            }
            for name, kind in LANDLORDS
        ],
    )
    employer_rows = []
    for i in range(max(50, applicants // 40)):
        hub = _pick(rng, HUBS)
        industry, key = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
        lat, lon = _jitter(rng, hub[1], hub[2], 1.2)
        employer_rows.append(
            {
                "code": f"E{i:04d}",
                "name": f"上海{hub[0][:2]}{industry}第{i + 1}有限公司",
                "name_en": f"Shanghai {industry} Co. No. {i + 1}",
                "industry": industry,
                "key_industry": key,
                "hub": hub[0],
                "lat": lat,
                "lon": lon,
                "address": f"长宁区{hub[0]}{rng.randint(1, 999)}号",
                "registered_in_district": True,
            }
        )
    employer_ids = _insert(Employer, employer_rows)

    building_rows, unit_rows = [], []
    streets = list(STREET_CENTRES)
    b = 0
    while len(unit_rows) < units:
        street = streets[b % len(streets)] if b < len(streets) * 2 else rng.choice(streets)
        landlord_index = (
            b % len(landlord_ids) if b < len(landlord_ids) else rng.randrange(len(landlord_ids))
        )
        lat, lon = _jitter(rng, *STREET_CENTRES[street], 1.0)
        building_rows.append(
            {
                "landlord_id": landlord_ids[landlord_index],
                "name": f"{STREET_NAMES[street]}人才公寓{b + 1}号楼",
                "address": f"上海市长宁区{STREET_NAMES[street]}{rng.randint(1, 1500)}号",
                "street": street.value,
                "lat": lat,
                "lon": lon,
                "created_at": now,
            }
        )
        reserved = (
            [employer_rows[rng.randrange(len(employer_rows))]["code"]]
            if rng.random() < 0.06
            else []
        )
        for k in range(min(units - len(unit_rows), rng.randint(6, 36))):
            layout, beds, occ, (lo, hi), _ = _pick(rng, LAYOUTS)
            area = round(rng.uniform(lo, hi), 1)
            market = int(area * rng.uniform(110, 150)) // 10 * 10
            unit_rows.append(
                {
                    "landlord_id": landlord_ids[landlord_index],
                    "building_index": b,
                    "code": f"B{b + 1:03d}-{(k // 8) + 2:02d}{(k % 8) + 1:02d}",
                    "layout": layout,
                    "bedrooms": beds,
                    "area_m2": area,
                    "max_occupants": occ,
                    "floor": (k // 8) + 2,
                    "rent": int(market * rng.uniform(0.7, 0.9)) // 10 * 10,
                    "market_rent": market,
                    "accessible": rng.random() < 0.05,
                    "reserved_for_employers": reserved,
                    "reserved_for_categories": [],
                    "status": UnitStatus.VACANT.value,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        b += 1
    building_ids = _insert(Building, building_rows)
    for row in unit_rows:
        row["building_id"] = building_ids[row.pop("building_index")]

    # Applicants: one shared password hash keeps seeding fast (hashing is deliberately slow).
    shared_hash = hash_password(APPLICANT_PASSWORD)
    statuses = [s for s, n in STATUS_COUNTS for _ in range(n)]
    statuses = (statuses * (applicants // len(statuses) + 1))[:applicants]
    rng.shuffle(statuses)
    user_rows, app_rows, seen_ids = [], [], set()
    for i, status in enumerate(statuses):
        id_number = None
        while id_number is None or id_number in seen_ids:
            birth = date(rng.randint(1975, 2002), rng.randint(1, 12), rng.randint(1, 28))
            region = rng.choice(["310105", "310104", "320102", "110101", "440305"])
            id_number = make_id_number(rng, birth, region)
        seen_ids.add(id_number)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        user_rows.append(
            {
                "email": f"talent{i:05d}@demo.changning.gov.cn",
                "password_hash": shared_hash,
                "role": Role.APPLICANT.value,
                "name": name,
                "phone": f"13{rng.randrange(10**8, 10**9)}",
                "id_number_hash": id_number_hash(id_number),
                "id_number_masked": mask_id_number(id_number),
                "active": True,
                "failed_logins": 0,
                "created_at": now,
            }
        )
        category = _pick(rng, CATEGORY_SHARES)[0]
        employer_index = rng.randrange(len(employer_rows))
        employer = employer_rows[employer_index]
        size = _pick(rng, [(1, 0.55), (2, 0.25), (3, 0.15), (4, 0.05)])[0]
        applied = today - timedelta(days=rng.randint(20, 900))
        wlat, wlon = employer["lat"], employer["lon"]
        app_rows.append(
            {
                "user_index": i,
                "status": status.value,
                "category": category.value,
                "degree": rng.choice(
                    [Degree.BACHELOR, Degree.MASTER, Degree.MASTER, Degree.PHD]
                ).value,
                "employer_id": employer_ids[employer_index],
                "returnee": category == Category.OVERSEAS,
                "workplace_address": employer["address"],
                "workplace_lat": wlat,
                "workplace_lon": wlon,
                "household_size": size,
                "has_children": size >= 3,
                "layouts": {
                    1: ["studio", "1BR"],
                    2: ["1BR", "2BR"],
                    3: ["2BR", "3BR"],
                    4: ["2BR", "3BR"],
                }[size],
                "max_commute_min": rng.choice([30, 40, 45, 50, 60]),
                "max_rent": rng.choice([4000, 5000, 6000, 8000, 10000]),
                "needs_accessible": rng.random() < 0.02,
                "owns_housing_in_shanghai": False,
                "other_housing_benefit": False,
                "social_insurance_in_shanghai": True,
                "consent": status != ApplicationStatus.DRAFT,
                "declines_in_row": 0,
                "declines_total": 1 if rng.random() < 0.08 else 0,
                "submitted_at": None
                if status == ApplicationStatus.DRAFT
                else datetime.combine(applied, datetime.min.time(), UTC),
                "waiting_since": applied
                if status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
                else None,
                "decision_reason": "未提供在长宁区缴纳社保的证明"
                if status == ApplicationStatus.REJECTED
                else None,
                "created_at": now,
                "updated_at": now,
                "key_industry": employer["key_industry"],
            }
        )
    user_ids = _insert(User, user_rows)
    demo = {}
    for key, (email, password, role, name) in DEMO_ACCOUNTS.items():
        demo[key] = User(email=email, password_hash=hash_password(password), role=role, name=name)
        db.session.add(demo[key])
    demo["landlord"].landlord_id = landlord_ids[0]
    demo_id = make_id_number(rng, date(1994, 6, 18))
    demo["applicant"].id_number_hash = id_number_hash(demo_id)
    demo["applicant"].id_number_masked = mask_id_number(demo_id)
    db.session.flush()
    # The demo applicant waits like everyone else, working at Zhongshan Park.
    app_rows.append(
        {
            **app_rows[0],
            "user_index": None,
            "status": ApplicationStatus.WAITING.value,
            "category": Category.KEY_INDUSTRY.value,
            "household_size": 2,
            "layouts": ["1BR", "2BR"],
            "waiting_since": today - timedelta(days=200),
            "has_children": False,
            "declines_total": 0,
        }
    )

    for row in app_rows:
        index = row.pop("user_index")
        row["user_id"] = user_ids[index] if index is not None else demo["applicant"].id
    key_flags = [row.pop("key_industry") for row in app_rows]
    for row, key in zip(app_rows, key_flags, strict=True):
        if row["waiting_since"] is not None:
            total, _ = compute_points(
                PointsInput(
                    row["category"],
                    key,
                    row["has_children"],
                    row["waiting_since"],
                    row["declines_total"],
                ),
                policy,
                today,
            )
            row["priority"] = total
            row["verified_at"] = datetime.combine(row["waiting_since"], datetime.min.time(), UTC)
        else:
            row["priority"] = None
            row["verified_at"] = None
    app_ids = _insert(Application, app_rows)
    snapshot_rows = []
    for row, key in zip(app_rows, key_flags, strict=True):
        if row["priority"] is not None:
            total, breakdown = compute_points(
                PointsInput(
                    row["category"],
                    key,
                    row["has_children"],
                    row["waiting_since"],
                    row["declines_total"],
                ),
                policy,
                today,
            )
            snapshot_rows.append(
                {
                    "application_id": row["id"],
                    "policy_version_id": policy.id,
                    "computed_at": now,
                    "total": total,
                    "breakdown": breakdown,
                }
            )
    _insert(PrioritySnapshot, snapshot_rows)

    # Past round (closed) housed some; this month's round has offers out.
    unit_ids = _insert(Unit, unit_rows)
    free = list(range(len(unit_rows)))
    rng.shuffle(free)
    past = AllocationRound(
        month=f"{today.year - 1}-10",
        status=RoundStatus.CLOSED,
        policy_version_id=policy.id,
        seed=seed,
        committed_at=now - timedelta(days=400),
        metrics={"note": "demo"},
    )
    current = AllocationRound(
        month=f"{today:%Y-%m}",
        status=RoundStatus.OFFERS,
        policy_version_id=policy.id,
        seed=seed + 1,
        committed_at=now - timedelta(days=6),
        metrics={"note": "demo"},
    )
    db.session.add_all([past, current])
    db.session.flush()
    tenancy_rows, offer_rows, unit_updates = [], [], []
    for app_id, row in zip(app_ids, app_rows, strict=True):
        status = ApplicationStatus(row["status"])
        if status not in (
            ApplicationStatus.HOUSED,
            ApplicationStatus.EXITED,
            ApplicationStatus.OFFERED,
        ):
            continue
        if not free:
            break
        index = free.pop()
        unit = unit_rows[index]
        start = today - timedelta(days=rng.randint(30, 700))
        if status == ApplicationStatus.OFFERED:
            offer_rows.append(
                {
                    "round_id": current.id,
                    "application_id": app_id,
                    "unit_id": unit_ids[index],
                    "status": OfferStatus.PENDING.value,
                    "sent_at": now - timedelta(days=1),
                    "deadline_at": now + timedelta(days=6),
                }
            )
            unit_updates.append({"uid": unit_ids[index], "st": UnitStatus.OFFERED.value})
            continue
        ended = status == ApplicationStatus.EXITED
        tenancy_rows.append(
            {
                "application_id": app_id,
                "unit_id": unit_ids[index],
                "status": (TenancyStatus.ENDED if ended else TenancyStatus.ACTIVE).value,
                "start_date": start,
                "end_date": start + timedelta(days=730),
                "rent": unit["rent"],
                "moved_in_at": datetime.combine(start, datetime.min.time(), UTC),
                "moved_out_at": now - timedelta(days=rng.randint(1, 25)) if ended else None,
                "exit_reason": "moved_away" if ended else None,
                "created_at": now,
            }
        )
        if ended:
            free.insert(0, index)  # the unit is let again later
        else:
            unit_updates.append({"uid": unit_ids[index], "st": UnitStatus.OCCUPIED.value})
    _insert(Offer, offer_rows)
    _insert(Tenancy, tenancy_rows)
    for index in free[:150]:
        unit_updates.append({"uid": unit_ids[index], "st": UnitStatus.MAINTENANCE.value})
    for index in free[150:200]:
        unit_updates.append({"uid": unit_ids[index], "st": UnitStatus.WITHDRAWN.value})
    units_table = Unit.__table__
    db.session.execute(
        units_table.update()
        .where(units_table.c.id == sa.bindparam("uid"))
        .values(status=sa.bindparam("st")),
        unit_updates,
    )
    db.session.add(JobRun(job=MARKER[0], period=MARKER[1], finished_at=datetime.now(UTC)))
    db.session.commit()
    return {
        "landlords": len(landlord_ids),
        "employers": len(employer_ids),
        "buildings": len(building_ids),
        "units": len(unit_ids),
        "applicants": len(app_ids),
        "tenancies": len(tenancy_rows),
        "offers": len(offer_rows),
    }
