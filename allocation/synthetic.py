"""Synthetic rounds for benchmarks and demos: one dense Changning district, or all of Shanghai.

A copy of the project's shared `bench/gen_instance.py` generator (same random stream, so the
same arguments give the same bytes), kept in the package so that `python -m allocation bench`
and `python -m allocation.synthetic` run anywhere the engine is installed.
"""

from __future__ import annotations

import math
import random
from typing import Any

# approximate centres (WGS84) of Changning's streets/town, and its job hubs
STREETS = [
    (31.2226, 121.4390), (31.2235, 121.4240), (31.2150, 121.4305), (31.2180, 121.4120),
    (31.2100, 121.4050), (31.2050, 121.3950), (31.2185, 121.3880), (31.2230, 121.3740),
    (31.2160, 121.3580), (31.2050, 121.3700),
]  # fmt: skip
HUBS = [  # (lat, lon, weight)
    (31.2050, 121.3620, 0.30),  # Hongqiao airport economic zone
    (31.2222, 121.4170, 0.20),  # Zhongshan Park
    (31.2060, 121.4200, 0.15),  # Hongqiao Road / Gubei
    (31.2150, 121.3950, 0.15),  # Xianxia / Beixinjing
    (31.1970, 121.3200, 0.10),  # Hongqiao business district (just outside)
    (31.2350, 121.4750, 0.10),  # downtown (outside the district)
]
# Shanghai as a whole: rental housing by district (centre, radius km, share of units) and the
# city's main job hubs (lat, lon, weight). Approximate, for realistic spread, not for maps.
CITY_DISTRICTS = [
    (31.2317, 121.4837, 2.0, 0.02), (31.1880, 121.4370, 3.0, 0.05), (31.2180, 121.4000, 3.0, 0.05),
    (31.2290, 121.4480, 2.5, 0.04), (31.2490, 121.3970, 3.0, 0.05), (31.2640, 121.4900, 2.5, 0.04),
    (31.2590, 121.5260, 3.0, 0.06), (31.2300, 121.5440, 4.0, 0.08), (31.2050, 121.6000, 5.0, 0.07),
    (31.0300, 121.7600, 8.0, 0.05), (31.1120, 121.3820, 6.0, 0.12), (31.3920, 121.4470, 6.0, 0.08),
    (31.3740, 121.2660, 6.0, 0.07), (31.0320, 121.2270, 6.0, 0.08), (31.1500, 121.1240, 6.0, 0.05),
    (30.9180, 121.4740, 6.0, 0.04), (30.7420, 121.3410, 5.0, 0.02), (31.6230, 121.3970, 6.0, 0.01),
]  # fmt: skip
CITY_HUBS = [
    (31.2397, 121.4998, 0.12), (31.2040, 121.5900, 0.12), (31.1950, 121.3200, 0.08),
    (31.1690, 121.3980, 0.08), (31.2235, 121.4450, 0.07), (31.2320, 121.4750, 0.07),
    (31.1800, 121.4570, 0.05), (31.2990, 121.5140, 0.05), (31.0230, 121.4520, 0.04),
    (31.2640, 121.5950, 0.05), (30.9000, 121.9300, 0.04), (31.0320, 121.2270, 0.04),
    (31.3830, 121.2500, 0.04), (31.2800, 121.4550, 0.03), (31.2222, 121.4170, 0.04),
    (31.2050, 121.3620, 0.04), (31.1550, 121.4950, 0.05),
]  # fmt: skip
LAYOUTS = [  # layout, bedrooms, max occupants, area range, share
    ("studio", 0, 1, (25, 35), 0.30),
    ("1BR", 1, 2, (40, 55), 0.40),
    ("2BR", 2, 4, (60, 85), 0.25),
    ("3BR", 3, 5, (90, 120), 0.05),
]
CATEGORIES = [("leading", 0.03), ("high_level", 0.07), ("key_industry", 0.35),
              ("overseas", 0.15), ("skilled", 0.15), ("young", 0.25)]  # fmt: skip


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point uniformly within `km` of (lat, lon); the demo district uses it too."""
    r = km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    return (
        round(lat + r * math.cos(a) / 111.0, 6),
        round(lon + r * math.sin(a) / (111.0 * math.cos(math.radians(lat))), 6),
    )


def pick(rng: random.Random, items: list) -> Any:
    x, acc = rng.random(), 0.0
    for item in items:
        acc += item[-1]
        if x <= acc:
            return item
    return items[-1]


def generate(
    units: int, applicants: int, seed: int, reserved_share: float = 0.08, city: bool = False
) -> dict:
    """An `allocation-instance@1` document, deterministic for a given seed.

    `city`: units over all of Shanghai's districts and workplaces at the city's job hubs
    (sparse: each applicant reaches a part of the city); otherwise one dense district.
    """
    rng = random.Random(seed)
    n_landlords = max(3, min(40, units // 300))
    landlords = [f"L{i:02d}" for i in range(n_landlords)]
    employers = [f"E{i:04d}" for i in range(max(10, applicants // 40))]
    out_units: list[dict] = []
    b = 0
    while len(out_units) < units:
        b += 1
        if city:
            c = pick(rng, CITY_DISTRICTS)
            loc = jitter(rng, c[0], c[1], c[2])
        else:
            s = STREETS[rng.randrange(len(STREETS))]
            loc = jitter(rng, *s, 1.2)
        landlord = landlords[rng.randrange(n_landlords)]
        reserved = (
            [employers[rng.randrange(len(employers))]] if rng.random() < reserved_share else []
        )
        for _ in range(min(units - len(out_units), rng.randint(5, 60))):
            layout, beds, occ, (lo, hi), _ = pick(rng, LAYOUTS)
            area = round(rng.uniform(lo, hi), 1)
            out_units.append({
                "id": f"U{len(out_units):06d}", "landlord": landlord, "building": f"B{b:05d}",
                "layout": layout, "bedrooms": beds, "area_m2": area, "max_occupants": occ,
                "location": list(loc), "rent": int(area * rng.uniform(85, 125)) // 10 * 10,
                "accessible": rng.random() < 0.04,
                "reserved_for_employers": reserved, "reserved_for_categories": [],
            })  # fmt: skip
    out_apps = []
    for i in range(applicants):
        hub = pick(rng, CITY_HUBS if city else HUBS)
        size = pick(rng, [(1, 0.55), (2, 0.25), (3, 0.15), (4, 0.05)])[0]
        cat = pick(rng, CATEGORIES)[0]
        layouts = {1: ["studio", "1BR"], 2: ["1BR", "2BR"], 3: ["2BR", "3BR"], 4: ["2BR", "3BR"]}[
            size
        ]
        out_apps.append({
            "id": f"A{i:07d}", "priority": round(rng.uniform(0, 1000), 3),
            "applied_on":
                f"202{rng.randint(4, 6)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "household_size": size, "category": cat,
            "employer": employers[rng.randrange(len(employers))],
            "workplace": list(jitter(rng, hub[0], hub[1], 2.5 if city else 1.5)),
            "max_commute_min": rng.choice([30, 40, 45, 50, 60]),
            "max_rent": rng.choice([4000, 5000, 6000, 8000, 10000, 12000]),
            "needs_accessible": rng.random() < 0.02,
            "layouts": layouts,
        })  # fmt: skip
    return {
        "schema": "allocation-instance@1",
        "round": "2026-12",
        "seed": seed,
        "applicants": out_apps,
        "units": out_units,
    }


def main(argv: list[str] | None = None) -> None:
    """`python -m allocation.synthetic --units N --applicants M --seed S [--scale city]`."""
    import argparse
    import json
    import sys

    p = argparse.ArgumentParser(prog="python -m allocation.synthetic", description=__doc__)
    p.add_argument("--units", type=int, default=5000)
    p.add_argument("--applicants", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scale", choices=["district", "city"], default="district")
    a = p.parse_args(argv)
    json.dump(generate(a.units, a.applicants, a.seed, city=a.scale == "city"), sys.stdout)


if __name__ == "__main__":
    main()
