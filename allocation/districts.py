"""`--split-by district`: one independent round per district, solved in parallel processes.

By default an instance that spans several districts is one global round: every applicant
competes for every unit they are eligible for, wherever it stands, which is what a city-wide
waitlist means. A city that runs one waitlist per district instead splits the instance: units
belong to the district they stand in, applicants to the district they work in (talent
housing is tied to the employer's district), and each district is solved on its own, with
every property holding per district. Districts are the nearest anchor point of
`data/shanghai-districts/anchors.csv` (approximate, a few points per district; a deployment
replaces the file, not the code).
"""

from __future__ import annotations

import csv
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from allocation.model import Instance, Result, Stats
from allocation.network import haversine_km
from allocation.order import priority_order

ANCHORS = Path(__file__).parent / "data" / "shanghai-districts" / "anchors.csv"


@lru_cache(maxsize=4)
def _anchors(path: str) -> tuple[tuple[str, ...], np.ndarray]:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    names = tuple(r["district"].strip() for r in rows)
    pts = np.array([[float(r["lat"]), float(r["lon"])] for r in rows]).reshape(-1, 2)
    return names, pts


def district_of(points: np.ndarray, path: Path = ANCHORS) -> list[str]:
    """The district of each [lat, lon]: that of the nearest anchor."""
    names, anchors = _anchors(str(path))
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    out: list[str] = []
    for s in range(0, len(pts), 100_000):
        p = pts[s : s + 100_000]
        km = haversine_km(p[:, 0, None], p[:, 1, None], anchors[None, :, 0], anchors[None, :, 1])
        out.extend(names[i] for i in np.argmin(km, axis=1).tolist())
    return out


def split(instance: Instance) -> dict[str, Instance]:
    """One instance per district that has units or applicants, by district name."""
    a_dist = district_of(np.array([a.workplace for a in instance.applicants]))
    u_dist = district_of(np.array([u.location for u in instance.units]))
    out: dict[str, Instance] = {}
    for name in sorted(set(a_dist) | set(u_dist)):
        out[name] = Instance(
            round=instance.round,
            seed=instance.seed,
            applicants=tuple(
                a for a, d in zip(instance.applicants, a_dist, strict=True) if d == name
            ),
            units=tuple(u for u, d in zip(instance.units, u_dist, strict=True) if d == name),
            policy=instance.policy,
        )
    return out


def _solve_one(args: tuple[Instance, str]) -> Result:
    from allocation.engine import solve

    return solve(*args)


def solve_split(
    instance: Instance,
    mechanism: str = "priority-flow",
    *,
    workers: int | None = None,
    load_seconds: float = 0.0,
) -> Result:
    """Each district's round on its own, in parallel processes, merged into one result.

    `order` is the instance's whole priority order (each district's order is its part of
    it, since the order depends only on each applicant's own fields and the seed);
    assignments and reasons follow it. Stats add up the districts (seconds: CPU time summed
    over the processes).
    """
    t = time.perf_counter()
    parts = split(instance)
    workers = max(1, min(workers or os.cpu_count() or 1, len(parts)))
    jobs = [(parts[name], mechanism) for name in parts]
    if workers == 1:
        results = [_solve_one(j) for j in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_solve_one, jobs))
    order = priority_order(instance.applicants, instance.seed)
    ids = [instance.applicants[i].id for i in order]
    rank = {aid: r for r, aid in enumerate(ids)}
    assignments = sorted(
        (a for r in results for a in r.assignments), key=lambda a: rank[a.applicant]
    )
    unassigned = sorted((u for r in results for u in r.unassigned), key=lambda u: rank[u.applicant])
    commutes = np.array([a.commute_min for a in assignments])
    seconds = {"load": round(load_seconds, 3)}
    for key in ("edges", "solve"):
        seconds[key] = round(sum(r.stats.seconds.get(key, 0.0) for r in results), 3)
    seconds["wall"] = round(time.perf_counter() - t, 3)
    stats = Stats(
        applicants=len(instance.applicants),
        units=len(instance.units),
        edges=sum(r.stats.edges for r in results),
        served=len(assignments),
        mean_commute_min=round(float(commutes.mean()), 1) if len(commutes) else 0.0,
        p95_commute_min=round(float(np.percentile(commutes, 95)), 1) if len(commutes) else 0.0,
        seconds=seconds,
    )
    return Result(
        instance.round, mechanism, tuple(ids), tuple(assignments), tuple(unassigned), stats
    )
