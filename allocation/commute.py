"""Door-to-door commute minutes between places.

`CommuteModel` is the seam: the engine only asks for a matrix of minutes, so a deployment can
back it with a routing service. `MetroCommuteModel` is the bundled estimate: walk or cycle
when faster, else walk to one of the k nearest stations, wait, ride (with changes), walk on.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from scipy.spatial import cKDTree

from allocation.model import Policy
from allocation.network import (
    EARTH_RADIUS_KM,
    Network,
    haversine_km,
    load_network,
    station_times,
)
from allocation.reach import Reach, ReachIndex

_EXTRA = 4  # stations proposed beyond k by the k-d tree, so that most rows certify


def _unit_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere: chord length grows with great-circle distance."""
    p, q = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(p) * np.cos(q), np.cos(p) * np.sin(q), np.sin(p)])


@lru_cache(maxsize=8)
def _times(net: Network, speed: float, wait: float, transfer: float) -> np.ndarray:
    """Station-to-station minutes, once per network and policy in a process."""
    t = station_times(net, speed, wait, transfer)
    t.setflags(write=False)
    return t


def on_street(street: np.ndarray, p: Policy) -> np.ndarray:
    """Minutes on foot or by (shared) bicycle over `street` km, whichever is faster."""
    walk = street * (60.0 / p.walk_speed_kmh)
    cycle = street * (60.0 / p.cycle_speed_kmh) + p.cycle_overhead_min
    return np.minimum(walk, cycle)


def with_metro(best: np.ndarray, street: np.ndarray, metro: np.ndarray, p: Policy) -> None:
    """In place: the metro where it beats `best`, the road fallback where there is no metro.

    One home for these operations, so that every caller gets the same floats."""
    fallback = street * (60.0 / p.fallback_speed_kmh) + p.fallback_wait_min
    np.minimum(best, np.where(np.isfinite(metro), metro, fallback), out=best)


@runtime_checkable
class CommuteModel(Protocol):
    def minutes(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        """(n, 2) and (m, 2) arrays of [lat, lon] -> (n, m) float minutes."""
        ...


class MetroCommuteModel:
    """Metro + walking/cycling estimate; station times are computed once per model."""

    def __init__(
        self, policy: Policy | None = None, network: Network | str | Path | None = None
    ) -> None:
        self.policy = policy or Policy()
        if network is None:
            network = self.policy.metro_network
        self.network = network if isinstance(network, Network) else load_network(str(network))
        p = self.policy
        self.times = _times(self.network, p.metro_speed_kmh, p.first_wait_min, p.transfer_min)
        self._k = max(1, min(p.access_stations, len(self.network.names)))

    def _nearest_brute(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """k nearest stations of each place and the time to get there (inf beyond reach).

        On foot, or by shared bicycle (docked at nearly every Shanghai station) when faster.
        Every station is measured: the reference that `_nearest` reproduces, and its fallback.
        """
        net = self.network
        km = haversine_km(pts[:, 0, None], pts[:, 1, None], net.lat[None, :], net.lon[None, :])
        k = self._k
        idx = np.argpartition(km, k - 1, axis=1)[:, :k] if k < km.shape[1] else np.argsort(km, 1)
        return idx, self._access(np.take_along_axis(km, idx, axis=1))

    def _access(self, dist: np.ndarray) -> np.ndarray:
        """Minutes to walk or cycle `dist` km of straight line to a station (inf beyond reach)."""
        p = self.policy
        street = dist * p.walk_detour
        walk = street * (60.0 / p.walk_speed_kmh)
        np.minimum(walk, street * (60.0 / p.cycle_speed_kmh) + p.cycle_overhead_min, out=walk)
        walk[dist > p.max_access_km] = np.inf
        return walk

    def _nearest(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The same stations and minutes as `_nearest_brute`, through a k-d tree.

        The tree proposes k + EXTRA stations by chord length (monotone in great-circle
        distance); the row is kept only when its k-th haversine is strictly below the next
        candidate's and below a lower bound for every station not proposed, so the k-set is the
        unique one the full scan would pick. Other rows (ties, far-away points) use the scan.
        Columns are in distance order rather than argpartition's: callers only take minima.
        """
        pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
        net, k = self.network, self._k
        q = k + _EXTRA
        if q >= len(net.names) or len(pts) == 0:
            return self._nearest_brute(pts)
        chord, cand = self._tree.query(_unit_xyz(pts[:, 0], pts[:, 1]), k=q)
        km = haversine_km(pts[:, 0, None], pts[:, 1, None], net.lat[cand], net.lon[cand])
        order = np.lexsort((cand, km))  # by distance, then station, along each row
        km = np.take_along_axis(km, order, axis=1)
        cand = np.take_along_axis(cand, order, axis=1)
        # every station outside the q proposed is at least this far: the chord, less its float
        # error, made an arc; less 1 m, more than haversine_km's own error (~0.2 m at worst,
        # at an antipode)
        half = np.clip(chord[:, -1] / 2 - 1e-12, 0.0, 1.0)
        bound = 2 * EARTH_RADIUS_KM * np.arcsin(half) - 1e-3
        ok = (km[:, k - 1] < km[:, k]) & (km[:, k - 1] < bound)
        idx, dist = cand[:, :k].astype(np.intp), km[:, :k]
        walk = self._access(dist)
        bad = np.flatnonzero(~ok)
        if len(bad):
            idx[bad], walk[bad] = self._nearest_brute(pts[bad])
        return idx, walk

    @cached_property
    def _tree(self) -> cKDTree:
        """Stations on the unit sphere, for `_nearest`."""
        return cKDTree(_unit_xyz(self.network.lat, self.network.lon))

    def minutes(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        return self.from_origins(origins).to(destinations).T

    def from_origins(self, origins: np.ndarray) -> OriginTable:
        """The origin side of `minutes`, computed once and reused for every destination chunk."""
        return OriginTable(self, np.asarray(origins, dtype=np.float64).reshape(-1, 2))


class OriginTable:
    """Fixed origins (the unit locations) and the best time from each to every station.

    `to(destinations)` gives (len(destinations), len(origins)) minutes, the same numbers as
    `MetroCommuteModel.minutes` transposed: haversine is symmetric, and every sum and minimum
    below is taken over the same operands in the same order.
    `within` gives the same numbers for the cells within a limit only, for rounds too large
    for the dense table.
    """

    def __init__(self, model: MetroCommuteModel, origins: np.ndarray) -> None:
        self.model, self.origins = model, origins
        n_st = model.times.shape[0]
        # reach_t[s, o]: best time from origin o to alighting at station s (station-major, so
        # that gathering the rows of a destination's stations reads contiguous memory)
        self.reach_t = np.full((n_st, len(origins)), np.inf)
        self._index: ReachIndex | None = None
        if len(origins):
            oi, ow = model._nearest(origins)
            for j in range(oi.shape[1]):
                np.minimum(
                    self.reach_t, (ow[:, j, None] + model.times[oi[:, j]]).T, out=self.reach_t
                )

    def nearest(self, destinations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The destination side's stations and access times, reusable across calls of `to`."""
        d = np.asarray(destinations, dtype=np.float64).reshape(-1, 2)
        if len(d) == 0 or len(self.origins) == 0:
            return np.empty((len(d), 0), dtype=np.int64), np.empty((len(d), 0))
        return self.model._nearest(d)

    def to(
        self,
        destinations: np.ndarray,
        near: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        p, o = self.model.policy, self.origins
        d = np.asarray(destinations, dtype=np.float64).reshape(-1, 2)
        street = haversine_km(d[:, 0, None], d[:, 1, None], o[None, :, 0], o[None, :, 1])
        street *= p.walk_detour
        best = on_street(street, p)
        if len(o) == 0 or len(d) == 0:
            return best
        di, dw = near if near is not None else self.model._nearest(d)
        metro = np.full(best.shape, np.inf)
        for j in range(di.shape[1]):
            np.minimum(metro, self.reach_t[di[:, j]] + dw[:, j, None], out=metro)
        with_metro(best, street, metro, p)
        return best

    def within(
        self,
        destinations: np.ndarray,
        limits: np.ndarray | float,
        near: tuple[np.ndarray, np.ndarray] | None = None,
        *,
        keep: bool = True,
    ) -> Reach:
        """The cells of `to` whose rounded minutes are within each destination's limit, as
        sparse rows (see `allocation.reach`); keep=False: only the counts, in O(n) memory."""
        if self._index is None:
            self._index = ReachIndex(self)
        return self._index.within(destinations, np.asarray(limits), near, keep=keep)
