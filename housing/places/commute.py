"""What the engine will assume about a workplace, in words a person reads.

The same model the rounds use (`allocation.commute.MetroCommuteModel` with the engine's
default weights, which `rounds/input.py` passes as `"policy": {}`), on the workplace snapped to
the same 250 m grid, from the locations of the district's apartment buildings. Nothing here
is stored: it only tells the applicant what the numbers will be.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sqlalchemy as sa

from allocation.commute import MetroCommuteModel
from allocation.model import Policy
from housing.extensions import db
from housing.models import Building
from housing.places.coords import distance_m
from housing.places.gazetteer import nearest_station, station_place
from housing.rounds.input import snap


@dataclass(frozen=True)
class Assumption:
    station: str  # the nearest metro station's name, in the reader's language
    access_min: int  # walking or cycling there, as the engine counts it
    typical_min: int | None  # median commute from the district's buildings (None: no buildings)
    fastest_min: int | None
    slowest_min: int | None


@lru_cache(maxsize=1)
def _model() -> MetroCommuteModel:
    """Built once per process: the station-to-station table takes a moment."""
    return MetroCommuteModel(Policy())


def assume(lat: float, lon: float, zh: bool) -> Assumption:
    model = _model()
    p = model.policy
    wlat, wlon = snap(lat, lon)
    station = nearest_station(wlat, wlon)
    street_km = distance_m(wlat, wlon, station.lat, station.lon) / 1000 * p.walk_detour
    access = min(
        street_km * 60 / p.walk_speed_kmh, street_km * 60 / p.cycle_speed_kmh + p.cycle_overhead_min
    )
    rows = db.session.execute(sa.select(Building.lat, Building.lon).distinct()).all()
    typical = fastest = slowest = None
    if rows:
        minutes = model.minutes(np.array(rows, dtype=np.float64), np.array([[wlat, wlon]]))[:, 0]
        typical = round(float(np.median(minutes)))
        fastest, slowest = round(float(minutes.min())), round(float(minutes.max()))
    return Assumption(
        station_place(station, zh).name, max(1, round(access)), typical, fastest, slowest
    )


def describe(lat: float | None, lon: float | None, zh: bool) -> str | None:
    """The sentence shown under the picker, or None without a point."""
    from flask_babel import gettext as _

    if lat is None or lon is None:
        return None
    a = assume(lat, lon, zh)
    text = _(
        "Commutes are estimated from this point: the nearest metro station is %(station)s, "
        "about %(access)d min on foot or by bicycle.",
        station=a.station,
        access=a.access_min,
    )
    if a.typical_min is not None:
        text += ("" if zh else " ") + _(
            "From the district's apartments the allocation assumes about %(typical)d min door "
            "to door (%(fastest)d–%(slowest)d min).",
            typical=a.typical_min,
            fastest=a.fastest_min,
            slowest=a.slowest_min,
        )
    return text
