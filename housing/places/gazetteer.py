"""The offline gazetteer: metro stations, the district's employers and the existing buildings.

Stations come from the engine's bundled network (allocation/data/shanghai-metro) and are
indexed once per process: a few hundred names, matched in memory. Employers and buildings
live in the database and are matched there, on every search, so a new building is findable
at once; both queries are bounded and ordered, so results come in a stable order.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

from allocation.network import BUNDLED, load_network
from housing.extensions import db
from housing.models import Building, Employer

#: Words people add to a station name that the data does not have.
_STATION_WORDS = re.compile(r"(地铁站|地铁|站|metro station|station|metro)$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """One search result; `lat`/`lon` are always WGS84."""

    name: str
    kind: str  # station, employer, building, address, point
    address: str
    lat: float
    lon: float
    detail: str = ""  # e.g. the metro lines, or what the point was converted from

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "address": self.address,
            "location": [round(self.lat, 6), round(self.lon, 6)],
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Station:
    name_en: str
    name_zh: str | None
    lat: float
    lon: float
    lines: tuple[str, ...]
    keys: tuple[str, ...]  # lower-cased names it answers to


def _norm(text: str) -> str:
    return _STATION_WORDS.sub("", " ".join(text.lower().split())).strip()


@lru_cache(maxsize=4)
def stations(folder: str = "") -> tuple[Station, ...]:
    """The network's stations with their Chinese names where the data has them (cached)."""
    root = Path(folder) if folder else BUNDLED
    net = load_network(folder)
    zh: dict[str, str] = {}
    for name in ("names_zh.csv", "changning_additions.csv"):
        path = root / name
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                zh.update({r["name"].strip(): r["name_zh"].strip() for r in csv.DictReader(fh)})
    out = []
    for i, name in enumerate(net.names):
        name_zh = zh.get(name)
        keys = tuple(k for k in (name.lower(), name_zh) if k)
        lines = tuple(sorted(net.lines[i], key=_line_order))
        out.append(Station(name, name_zh, float(net.lat[i]), float(net.lon[i]), lines, keys))
    return tuple(out)


@lru_cache(maxsize=4)
def segments(folder: str = "") -> tuple[tuple[int, int, str], ...]:
    """Adjacent station pairs (indices into `stations()`) with one line they share."""
    net = load_network(folder)
    out = []
    for i, j in net.links:
        common = sorted(net.lines[i] & net.lines[j], key=_line_order) or [""]
        out.append((i, j, common[0]))
    return tuple(out)


def zh_locale() -> bool:
    """Whether the reader reads Chinese (station and employer names follow)."""
    from flask_babel import get_locale

    return str(get_locale() or "zh").startswith("zh")


def _line_order(line: str) -> tuple[int, str]:
    digits = "".join(c for c in line if c.isdigit())
    return (int(digits) if digits else 99, line)


def line_label(line: str, zh: bool) -> str:
    digits = "".join(c for c in line if c.isdigit())
    if not digits:
        return line
    return f"{digits}号线" if zh else f"Line {digits}"


def station_place(station: Station, zh: bool) -> Place:
    name = (station.name_zh if zh and station.name_zh else station.name_en) + (
        "站" if zh and station.name_zh else " Station"
    )
    lines = ("、" if zh else ", ").join(line_label(x, zh) for x in station.lines)
    other = station.name_en if zh else station.name_zh
    return Place(
        name=name,
        kind="station",
        address=" · ".join(x for x in (other, lines) if x),
        lat=station.lat,
        lon=station.lon,
        detail=lines,
    )


def search_stations(q: str, zh: bool, limit: int = 50) -> list[Place]:
    """Stations whose Chinese or English name contains `q`; exact names first."""
    key = _norm(q)
    if not key:
        return []
    hits = []
    for s in stations():
        if any(key == k for k in s.keys):
            hits.append((0, s.name_en, s))
        elif any(k.startswith(key) for k in s.keys):
            hits.append((1, s.name_en, s))
        elif any(key in k for k in s.keys):
            hits.append((2, s.name_en, s))
    hits.sort(key=lambda h: (h[0], h[1]))
    return [station_place(s, zh) for _rank, _name, s in hits[:limit]]


def nearest_station(lat: float, lon: float) -> Station:
    from housing.places.coords import distance_m

    return min(stations(), key=lambda s: distance_m(lat, lon, s.lat, s.lon))


def _pattern(q: str) -> str:
    return f"%{q.replace('%', '').replace('_', '')}%"


def search_employers(q: str, zh: bool, limit: int = 50) -> list[Place]:
    """Registered employers with a known location, by name, code, credit code or address."""
    pattern = _pattern(q)
    rows = db.session.scalars(
        sa.select(Employer)
        .where(
            Employer.registered_in_district.is_(True),
            Employer.lat.is_not(None),
            Employer.lon.is_not(None),
            sa.or_(
                Employer.name.ilike(pattern),
                Employer.name_en.ilike(pattern),
                Employer.code.ilike(pattern),
                Employer.credit_code.ilike(pattern),
                Employer.address.ilike(pattern),
            ),
        )
        .order_by(Employer.name, Employer.id)
        .limit(limit)
    )
    return [
        Place(
            name=(e.name if zh or not e.name_en else e.name_en),
            kind="employer",
            address=e.address or "",
            lat=e.lat,
            lon=e.lon,
        )
        for e in rows
    ]


def search_buildings(q: str, limit: int = 50) -> list[Place]:
    """Talent-apartment buildings by name or address (their addresses are public)."""
    pattern = _pattern(q)
    rows = db.session.execute(
        sa.select(Building.name, Building.address, Building.lat, Building.lon)
        .where(sa.or_(Building.name.ilike(pattern), Building.address.ilike(pattern)))
        .order_by(Building.name, Building.id)
        .limit(limit)
    )
    return [Place(r.name, "building", r.address, r.lat, r.lon) for r in rows]
