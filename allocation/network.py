"""The metro network as data: stations, the lines serving them, adjacent pairs.

The format is that of `data/shanghai-metro/` (stationInfo.csv, station_lines_2017.csv and an
optional changning_additions.csv); a deployment replaces the folder, not the code.
"""

from __future__ import annotations

import ast
import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

BUNDLED = Path(__file__).parent / "data" / "shanghai-metro"
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once, cached
class Network:
    names: tuple[str, ...]
    lat: np.ndarray  # (S,) degrees
    lon: np.ndarray
    lines: tuple[frozenset[str], ...]
    links: tuple[tuple[int, int], ...]  # adjacent stations, i < j


def _split(text: str, sep: str) -> list[str]:
    return [p.strip() for p in text.split(sep) if p.strip()]


@lru_cache(maxsize=8)
def load_network(folder: str | Path = "") -> Network:
    """Load a network folder; cached because every solve of a process reuses it."""
    root = Path(folder) if str(folder) else BUNDLED
    names: list[str] = []
    coords: list[tuple[float, float]] = []
    index: dict[str, int] = {}
    by_id: dict[str, int] = {}
    raw_nb: list[list[str]] = []
    with open(root / "stationInfo.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].strip()
            index[name] = len(names)
            by_id[row["stationID"].strip()] = len(names)
            names.append(name)
            coords.append((float(row["lat"]), float(row["lon"])))
            raw_nb.append([str(x) for x in ast.literal_eval(row["neighbour"])])
    lines: list[set[str]] = [set() for _ in names]
    with open(root / "station_lines_2017.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["Station Name"].strip()
            if name in index:
                lines[index[name]].update(_split(row["Metro Line(s)"], ","))
    links: set[tuple[int, int]] = set()
    for i, nbs in enumerate(raw_nb):
        for nb in nbs:
            j = by_id.get(nb)
            if j is not None and j != i:
                links.add((min(i, j), max(i, j)))
    extra = root / "changning_additions.csv"
    if extra.exists():
        with open(extra, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            name = row["name"].strip()
            if name not in index:
                index[name] = len(names)
                names.append(name)
                coords.append((float(row["lat"]), float(row["lon"])))
                lines.append(set())
            lines[index[name]].update(_split(row["lines"], ";"))
        for row in rows:
            i = index[row["name"].strip()]
            for nb in _split(row["neighbours"], ";"):
                j = index.get(nb)
                if j is not None and j != i:
                    links.add((min(i, j), max(i, j)))
    arr = np.array(coords, dtype=np.float64)
    return Network(
        names=tuple(names),
        lat=arr[:, 0],
        lon=arr[:, 1],
        lines=tuple(frozenset(s) for s in lines),
        links=tuple(sorted(links)),
    )


def haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distance; broadcasts like numpy."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def station_times(net: Network, speed_kmh: float, first_wait: float, transfer: float) -> np.ndarray:
    """Minutes from boarding at station s to alighting at t, first wait and changes included.

    Shortest paths over (station, line) states with Floyd-Warshall in numpy: ~400 states,
    well under a second.
    """
    states: list[tuple[int, str]] = []
    sid: dict[tuple[int, str], int] = {}
    for s, ls in enumerate(net.lines):
        for line in sorted(ls) or ["?"]:
            sid[(s, line)] = len(states)
            states.append((s, line))
    n = len(states)
    d = np.full((n, n), np.inf)
    np.fill_diagonal(d, 0.0)
    for s, ls in enumerate(net.lines):  # changing lines inside a station
        own = [sid[(s, line)] for line in sorted(ls) or ["?"]]
        for a in own:
            for b in own:
                if a != b:
                    d[a, b] = transfer
    for i, j in net.links:
        common = (net.lines[i] & net.lines[j]) or {"?"}
        km = float(haversine_km(net.lat[i], net.lon[i], net.lat[j], net.lon[j]))
        minutes = km / speed_kmh * 60.0
        for line in sorted(common):
            a, b = sid.get((i, line)), sid.get((j, line))
            if a is None or b is None:  # a link whose line one end does not list
                a, b = (
                    sid[(i, sorted(net.lines[i] or {"?"})[0])],
                    sid[(j, sorted(net.lines[j] or {"?"})[0])],
                )
                minutes_ab = minutes + transfer
            else:
                minutes_ab = minutes
            d[a, b] = min(d[a, b], minutes_ab)
            d[b, a] = min(d[b, a], minutes_ab)
    for k in range(n):
        np.minimum(d, d[:, k, None] + d[None, k, :], out=d)
    owner = np.array([s for s, _ in states])
    s_count = len(net.names)
    out = np.full((s_count, s_count), np.inf)
    for a in range(n):  # best over the lines at both ends
        row = np.full(s_count, np.inf)
        np.minimum.at(row, owner, d[a])
        out[owner[a]] = np.minimum(out[owner[a]], row)
    out += first_wait
    np.fill_diagonal(out, 0.0)
    if not math.isfinite(float(out.max())):
        out[~np.isfinite(out)] = 1e6  # disconnected parts: never the fastest way
    return out
