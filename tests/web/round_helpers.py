"""A small district for round tests: one landlord, a building, units and a waiting queue."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Building,
    Category,
    Employer,
    Landlord,
    LandlordKind,
    Role,
    Street,
    Unit,
    User,
)
from housing.security import hash_password

PASSWORD = "secret-pass-1"
NAMES = ["王小明", "李华", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴芳"]
# Near Zhongshan Park: every unit is a short trip from the workplace.
WORK = (31.2222, 121.4170)
HOME = (31.2235, 121.4240)


@dataclass
class World:
    landlord: Landlord
    building: Building
    employer: Employer
    officer: User
    units: list[Unit] = field(default_factory=list)
    applicants: list[Application] = field(default_factory=list)

    def add_units(self, n: int, layout: str = "1BR", **kw) -> list[Unit]:
        new = []
        for _ in range(n):
            k = len(self.units)
            bedrooms = {"studio": 0, "1BR": 1, "2BR": 2, "3BR": 3}[layout]
            unit = Unit(
                landlord_id=self.landlord.id,
                building_id=self.building.id,
                code=f"B01-{k + 1:04d}",
                layout=layout,
                bedrooms=bedrooms,
                area_m2=kw.get("area_m2", 45.0),
                max_occupants=kw.get("max_occupants", 2),
                floor=2 + k // 8,
                rent=kw.get("rent", 4200),
                market_rent=5200,
                accessible=False,
                reserved_for_employers=[],
                reserved_for_categories=[],
            )
            db.session.add(unit)
            self.units.append(unit)
            new.append(unit)
        db.session.commit()
        return new

    def add_applicants(self, n: int, status=ApplicationStatus.WAITING, **kw) -> list[Application]:
        new = []
        for _ in range(n):
            k = len(self.applicants)
            user = User(
                email=f"talent{k}@example.cn",
                password_hash=_hash(),
                role=Role.APPLICANT,
                name=kw.get("name", NAMES[k % len(NAMES)]),
                id_number_masked=f"310***********{k:04d}"[-18:],
            )
            db.session.add(user)
            db.session.flush()
            application = Application(
                user_id=user.id,
                status=status,
                category=Category.KEY_INDUSTRY,
                employer_id=self.employer.id,
                workplace_address="长宁区中山公园1号",
                workplace_lat=WORK[0],
                workplace_lon=WORK[1],
                household_size=kw.get("household_size", 1),
                layouts=kw.get("layouts", ["1BR"]),
                max_commute_min=kw.get("max_commute_min", 45),
                max_rent=kw.get("max_rent", 6000),
                social_insurance_in_shanghai=True,
                consent=True,
                waiting_since=date(2026, 1, 1) + timedelta(days=k),
                priority=kw.get("priority", 1000.0 - 10 * k),
            )
            db.session.add(application)
            self.applicants.append(application)
            new.append(application)
        db.session.commit()
        return new


_HASH: list[str] = []


def _hash() -> str:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def make_world(units: int = 3, applicants: int = 5) -> World:
    landlord = Landlord(name="长宁区国有资产经营有限公司", kind=LandlordKind.DISTRICT_SOE)
    employer = Employer(
        code="E0001",
        name="上海测试企业",
        name_en="Shanghai Test Enterprise",
        industry="数字经济",
        key_industry=True,
    )
    officer = User(
        email="officer@example.cn", password_hash=_hash(), role=Role.OFFICER, name="审核员"
    )
    db.session.add_all([landlord, employer, officer])
    db.session.flush()
    building = Building(
        landlord_id=landlord.id,
        name="华阳路人才公寓1号楼",
        address="上海市长宁区华阳路100号",
        street=Street.HUAYANG,
        lat=HOME[0],
        lon=HOME[1],
    )
    db.session.add(building)
    db.session.commit()
    world = World(landlord, building, employer, officer)
    world.add_units(units)
    world.add_applicants(applicants)
    return world
