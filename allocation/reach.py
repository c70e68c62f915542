"""Which unit locations each workplace reaches within its commute limit, without a dense table.

A city round has 400,000 workplaces and a few thousand unit locations: the dense minutes table
(`OriginTable.to`) is over a billion cells, most of them far beyond anyone's limit. Here only
cells that can be within the limit are computed, with the very operations of `to`, so every
returned minute is the dense table's float, rounded as `Prepared` publishes it (int32 tenths).

A cell can be within the limit only if one of its three terms can:
- by metro: min over the workplace's k stations s_j of dw_j + reach_t[s_j, L]; each station's
  locations are sorted by reach_t once, so the candidates are a prefix found by searchsorted;
- on foot or by bicycle: within a radius of the workplace, the same for every location;
- by road (only where metro is infinite: no station within reach at one end): its own radius.
Radii are tested on unit vectors (one small matrix product per chunk) with a margin, and all
candidates are then measured exactly; the limit is padded by 0.1 min before rounding, so the
pruning can only keep too many cells, never lose one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from allocation.network import EARTH_RADIUS_KM, haversine_km

if TYPE_CHECKING:
    from allocation.commute import OriginTable

REACH_CELLS = 2_000_000  # workplaces x locations of one chunk's candidate mask
_PAD = 0.1  # minutes added to a limit while pruning (rounding to tenths moves at most 0.05)
_DOT_MARGIN = 1e-12  # unit-vector dot products are exact to ~1e-15


@dataclass(frozen=True)
class Reach:
    """CSR rows: the locations `loc[indptr[i]:indptr[i+1]]` (ascending) that destination i
    reaches within its limit, and the minutes to each in tenths (rint(10 x minutes))."""

    indptr: np.ndarray  # int64, len(destinations) + 1
    loc: np.ndarray  # int32 index into the table's origins
    tenths: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def counts(self) -> np.ndarray:
        return np.diff(self.indptr)

    def rows(self) -> np.ndarray:
        """The destination of every pair (int64), for COO-style consumers."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.counts())

    def minutes(self) -> np.ndarray:
        """The published minutes (the same floats as `Prepared.commute`'s cells)."""
        return self.tenths / 10.0


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    p, q = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(p) * np.cos(q), np.cos(p) * np.sin(q), np.sin(p)])


def _dot_floor(km: np.ndarray) -> np.ndarray:
    """Smallest unit-vector dot product of two points within `km` (-inf: none can be)."""
    with np.errstate(invalid="ignore"):
        out = np.cos(np.minimum(km / EARTH_RADIUS_KM, np.pi)) - _DOT_MARGIN
    out[~(km >= 0)] = np.inf
    out[np.isposinf(km)] = -np.inf
    return out


class ReachIndex:
    """What the pruning needs from an `OriginTable`, built once per table."""

    def __init__(self, table: OriginTable) -> None:
        self.table = table
        o = table.origins
        self.n = len(o)
        self.xyz = _unit(o[:, 0], o[:, 1]) if self.n else np.empty((0, 3))
        rt = table.reach_t
        self.order = np.argsort(rt, axis=1, kind="stable").astype(np.int32)
        self.sorted = np.take_along_axis(rt, self.order.astype(np.intp), axis=1)
        # origins with no station within reach: metro is infinite there, the road counts
        self.remote = np.flatnonzero(~np.isfinite(rt).any(axis=0)) if rt.size else np.arange(0)

    def _radii(self, lim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Straight-line km within which walking/cycling, and the road, can meet `lim`."""
        p = self.table.model.policy
        with np.errstate(invalid="ignore"):
            walk = lim * (p.walk_speed_kmh / 60.0)
            cycle = (lim - p.cycle_overhead_min) * (p.cycle_speed_kmh / 60.0)
            road = (lim - p.fallback_wait_min) * (p.fallback_speed_kmh / 60.0)
        near = np.fmax(walk, cycle) / p.walk_detour * (1 + 1e-9)
        return near, road / p.walk_detour * (1 + 1e-9)

    def _metro_counts(self, di: np.ndarray, dw: np.ndarray, lim: np.ndarray) -> np.ndarray:
        """Per (destination, j): how many of station di[., j]'s sorted origins can be in time."""
        with np.errstate(invalid="ignore"):
            room = np.where(np.isfinite(dw), lim[:, None] - dw, -np.inf)
        cnt = np.zeros(di.shape, dtype=np.int64)
        flat_s, flat_r = di.ravel(), room.ravel()
        out = cnt.ravel()
        by = np.argsort(flat_s, kind="stable")
        bounds = np.searchsorted(flat_s[by], np.arange(self.sorted.shape[0] + 1))
        for s in np.flatnonzero(np.diff(bounds)):
            sel = by[bounds[s] : bounds[s + 1]]
            out[sel] = np.searchsorted(self.sorted[s], flat_r[sel], side="right")
        return cnt

    def _candidates(
        self,
        d: np.ndarray,
        di: np.ndarray,
        cnt: np.ndarray,
        near_floor: np.ndarray,
        road_floor: np.ndarray,
        remote_rows: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, origin) pairs, row-major, a superset of the cells within the limit."""
        mask = np.zeros((len(d), self.n), dtype=bool)
        tot = int(cnt.sum())
        if tot:
            c = cnt.ravel()
            rows = np.repeat(np.arange(len(d)).repeat(di.shape[1]), c)
            start = di.ravel().astype(np.int64) * self.n
            ends = np.cumsum(c)
            pos = np.arange(tot, dtype=np.int64) + np.repeat(start - (ends - c), c)
            mask[rows, self.order.ravel()[pos]] = True
        dot = _unit(d[:, 0], d[:, 1]) @ self.xyz.T
        mask |= dot >= near_floor[:, None]
        if len(remote_rows):
            mask[remote_rows] |= dot[remote_rows] >= road_floor[remote_rows, None]
        if len(self.remote):
            mask[:, self.remote] |= dot[:, self.remote] >= road_floor[:, None]
        r, o = np.nonzero(mask)
        return r, o

    def _exact(
        self, d: np.ndarray, di: np.ndarray, dw: np.ndarray, r: np.ndarray, o: np.ndarray
    ) -> np.ndarray:
        """`OriginTable.to` on the cells (r, o) only: the same operands, the same order."""
        t, p = self.table, self.table.model.policy
        og = t.origins
        street = haversine_km(d[r, 0], d[r, 1], og[o, 0], og[o, 1])
        street *= p.walk_detour
        walk = street * (60.0 / p.walk_speed_kmh)
        cycle = street * (60.0 / p.cycle_speed_kmh) + p.cycle_overhead_min
        best = np.minimum(walk, cycle)
        del walk, cycle
        metro = np.full(best.shape, np.inf)
        flat = t.reach_t.ravel()
        for j in range(di.shape[1]):
            np.minimum(metro, flat[di[r, j].astype(np.int64) * self.n + o] + dw[r, j], out=metro)
        fallback = street * (60.0 / p.fallback_speed_kmh) + p.fallback_wait_min
        np.minimum(best, np.where(np.isfinite(metro), metro, fallback), out=best)
        return best

    def within(
        self,
        destinations: np.ndarray,
        limits: np.ndarray,
        near: tuple[np.ndarray, np.ndarray] | None = None,
        *,
        cells: int = REACH_CELLS,
        keep: bool = True,
    ) -> Reach:
        """Every (destination, origin) whose published minutes (tenths / 10) are <= the
        destination's limit; with keep=False only the counts (indptr), in O(n) memory."""
        d = np.asarray(destinations, dtype=np.float64).reshape(-1, 2)
        lim = np.broadcast_to(np.asarray(limits, dtype=np.float64), (len(d),))
        nd = len(d)
        indptr = np.zeros(nd + 1, dtype=np.int64)
        e32 = np.empty(0, dtype=np.int32)
        if nd == 0 or self.n == 0:  # no origins: nothing is reachable
            return Reach(indptr, e32, e32.copy())
        di, dw = near if near is not None else self.table.nearest(d)
        pad = lim + _PAD
        cnt = self._metro_counts(di, dw, pad)
        near_km, road_km = self._radii(pad)
        near_floor, road_floor = _dot_floor(near_km), _dot_floor(road_km)
        remote = ~np.isfinite(dw).any(axis=1) if dw.shape[1] else np.ones(nd, dtype=bool)
        locs: list[np.ndarray] = []
        tens: list[np.ndarray] = []
        step = max(1, cells // self.n)
        for s in range(0, nd, step):
            sl = slice(s, min(nd, s + step))
            r, o = self._candidates(
                d[sl], di[sl], cnt[sl], near_floor[sl], road_floor[sl], np.flatnonzero(remote[sl])
            )
            m = self._exact(d[sl], di[sl], dw[sl], r, o)
            m *= 10.0
            np.rint(m, out=m)
            ok = m / 10.0 <= lim[sl][r]
            indptr[sl.start + 1 : sl.stop + 1] = np.bincount(r[ok], minlength=sl.stop - sl.start)
            if keep:
                locs.append(o[ok].astype(np.int32))
                tens.append(m[ok].astype(np.int32))
        np.cumsum(indptr, out=indptr)
        if not keep:
            return Reach(indptr, e32, e32.copy())
        return Reach(indptr, np.concatenate(locs or [e32]), np.concatenate(tens or [e32]))
