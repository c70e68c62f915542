"""Which unit locations each workplace reaches within its commute limit, without a dense table.

A city round has 400,000 workplaces and a few thousand unit locations: the dense minutes table
(`OriginTable.to`) is over a billion cells. Its costly part is the great-circle distance (four
transcendental functions a cell); the metro term is a few gathers, additions and minima. So,
per chunk of destinations small enough to stay in cache:
- the metro term is computed for every cell, exactly as `to` does;
- a cell is a candidate if metro meets the limit (padded by 0.1 min, more than rounding to
  tenths can move), or it lies within the radius where walking or cycling could, or (where
  metro is infinite: no station within reach at one end) within the road's radius; radii are
  tested on unit-vector dot products with a margin;
- the distance is computed, as `to` computes it, only for candidates where walking, cycling or
  the road could beat metro (a lower bound on the distance from the dot product says when);
  for the others `to`'s minimum is the metro term itself, bit for bit.
Pruning can only keep too many cells, never lose one; the limit test is on the rounded minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from allocation.network import EARTH_RADIUS_KM, haversine_km

if TYPE_CHECKING:
    from allocation.commute import OriginTable

REACH_CELLS = 250_000  # destinations x origins per chunk: its arrays stay in cache
_PAD = 0.1  # minutes added to a limit while pruning (rounding to tenths moves at most 0.05)
_DOT_MARGIN = 1e-12  # unit-vector dot products are exact to ~1e-15
_KM_MARGIN = 1e-6  # km: float error of haversine_km, far below this


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


def _grown(a: np.ndarray, used: int, cap: int) -> np.ndarray:
    out = np.empty(cap, dtype=a.dtype)
    out[:used] = a[:used]
    return out


class ReachIndex:
    """What the pruning needs from an `OriginTable`, built once per table."""

    def __init__(self, table: OriginTable) -> None:
        self.table = table
        o = table.origins
        self.n = len(o)
        self.xyz_t = np.ascontiguousarray(
            (_unit(o[:, 0], o[:, 1]) if self.n else np.empty((0, 3))).T
        )
        rt = table.reach_t
        # origins with no station within reach: metro is infinite there, the road counts
        self.remote = np.flatnonzero(~np.isfinite(rt).any(axis=0)) if rt.size else np.arange(0)
        self.remote_col = np.zeros(self.n, dtype=bool)  # the same, as a mask over origins
        self.remote_col[self.remote] = True

    def _radius(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Straight-line km beyond which walking/cycling, and the road, take more than `t`."""
        p = self.table.model.policy
        with np.errstate(invalid="ignore"):
            walk = t * (p.walk_speed_kmh / 60.0)
            cycle = (t - p.cycle_overhead_min) * (p.cycle_speed_kmh / 60.0)
            road = (t - p.fallback_wait_min) * (p.fallback_speed_kmh / 60.0)
        near = np.fmax(walk, cycle) / p.walk_detour * (1 + 1e-9) + _KM_MARGIN
        return near, road / p.walk_detour * (1 + 1e-9) + _KM_MARGIN

    def _chunk(
        self,
        d: np.ndarray,
        di: np.ndarray,
        dw: np.ndarray,
        pad: np.ndarray,
        remote: np.ndarray,
        buf: tuple[np.ndarray, ...],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate cells (row-major) of a chunk of destinations and `to`'s minutes there.

        The per-cell work is compiled (`allocation.sparse.candidates`): the metro term as in
        `to` (min(inf, x) is x, so the first station needs no minimum), the radius tests on
        unit-vector dot products, and whether walking or cycling could beat metro, or the
        road replace it (infinite metro: infinite radius); only those cells get a distance.
        """
        from allocation.sparse import candidates  # numba: only rounds without the dense table

        p = self.table.model.policy
        u = _unit(d[:, 0], d[:, 1])
        near_km, road_km = self._radius(pad)
        out_r, out_o, out_best, out_need = buf
        cnt = candidates(
            self.table.reach_t, di, dw, u[:, 0].copy(), u[:, 1].copy(), u[:, 2].copy(),
            self.xyz_t, pad, _dot_floor(near_km), _dot_floor(road_km), remote, self.remote_col,
            p.walk_speed_kmh / 60.0, p.cycle_overhead_min, p.cycle_speed_kmh / 60.0,
            (1 + 1e-9) / p.walk_detour, _KM_MARGIN, _DOT_MARGIN, EARTH_RADIUS_KM,
            out_r, out_o, out_best, out_need,
        )  # fmt: skip
        r, o, best = out_r[:cnt].astype(np.int64), out_o[:cnt].astype(np.int64), out_best[:cnt]
        need = np.flatnonzero(out_need[:cnt])
        if len(need):
            best[need] = self._exact(d, r[need], o[need], best[need])
        return r, o, best

    def _exact(self, d: np.ndarray, r: np.ndarray, o: np.ndarray, metro: np.ndarray) -> np.ndarray:
        """`OriginTable.to` on the cells (r, o), given their metro term: the same operations."""
        p, og = self.table.model.policy, self.table.origins
        street = haversine_km(d[r, 0], d[r, 1], og[o, 0], og[o, 1])
        street *= p.walk_detour
        from allocation.commute import on_street, with_metro  # commute imports this module

        best = on_street(street, p)
        with_metro(best, street, metro, p)
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
        from allocation.sparse import in_limit  # numba: only rounds without the dense table

        d = np.asarray(destinations, dtype=np.float64).reshape(-1, 2)
        lim = np.ascontiguousarray(np.broadcast_to(np.asarray(limits, dtype=np.float64), (len(d),)))
        nd = len(d)
        indptr = np.zeros(nd + 1, dtype=np.int64)
        e32 = np.empty(0, dtype=np.int32)
        if nd == 0 or self.n == 0:  # no origins: nothing is reachable
            return Reach(indptr, e32, e32.copy())
        di, dw = near if near is not None else self.table.nearest(d)
        pad = lim + _PAD
        remote = ~np.isfinite(dw).any(axis=1) if dw.shape[1] else np.ones(nd, dtype=bool)
        # output arrays sized from the rows done so far, generously: pages past the end are
        # never touched, so an overestimate costs address space only (np.resize would zero it)
        loc, ten = np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int32)
        used = 0
        step = max(1, cells // self.n)
        size = step * self.n
        buf = (
            np.empty(size, dtype=np.int32),
            np.empty(size, dtype=np.int32),
            np.empty(size),
            np.empty(size, dtype=bool),
        )
        for s in range(0, nd, step):
            sl = slice(s, min(nd, s + step))
            r, o, m = self._chunk(d[sl], di[sl], dw[sl], pad[sl], remote[sl], buf)
            ten_all = np.empty(len(r), dtype=np.int32)
            ok = np.flatnonzero(in_limit(r, m, lim[sl], ten_all))
            indptr[sl.start + 1 : sl.stop + 1] = np.bincount(r[ok], minlength=sl.stop - sl.start)
            if keep and len(ok):
                if used + len(ok) > len(loc):
                    guess = 1.5 * (used + len(ok)) / sl.stop * nd + (1 << 20)
                    cap = min(nd * self.n, max(2 * len(loc), int(guess)))
                    loc, ten = _grown(loc, used, cap), _grown(ten, used, cap)
                loc[used : used + len(ok)] = o[ok]
                ten[used : used + len(ok)] = ten_all[ok]
                used += len(ok)
        np.cumsum(indptr, out=indptr)
        if keep and used < len(loc):  # shrinking a large block gives the tail back, no copy
            loc.resize(used, refcheck=False)
            ten.resize(used, refcheck=False)
        return Reach(indptr, loc, ten)
