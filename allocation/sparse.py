"""Compiled loops over the sparse commute rows of a round too large for the dense table.

A city round has 400,000 applicants and a few thousand unit locations. The numpy passes of
`reach`, `priority` and `compact` build a dense applicants x locations matrix per chunk
(or several), read it a few times and throw it away; on a city that is over a billion
cells for each. The loops here read the same numbers cell by cell instead, with the same
floating-point operations in the same order, so every result is bit for bit the numpy
one (the tests compare them). numba compiles them, and only rounds that large load it:
loading costs more than a district round's whole eligibility pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numba import njit

if TYPE_CHECKING:
    from allocation.eligibility import Prepared
    from allocation.kinds import MiddleKinds

Arr = np.ndarray


@njit(cache=True)
def candidates(
    reach_t, di, dw, ux, uy, uz, xyz_t, pad, near_floor, road_floor, remote_row,
    remote_col, walk, cycle_over, cycle, scale, km_margin, dot_margin, radius,
    out_r, out_o, out_best, out_need,
) -> int:  # fmt: skip
    """`ReachIndex._chunk`'s candidate cells of rows 0..len(pad)-1, in row-major order, with
    the metro term of each and whether walking or cycling could beat it; returns how many.

    Per cell the operations of `_chunk`: the metro term as the least of (station's row +
    access) over the destination's stations, the unit-vector dot product summed x, y, z,
    and the radius tests on it; the outputs must hold len(pad) x n cells.
    """
    n = reach_t.shape[1]
    k = di.shape[1]
    metro = np.empty(n)
    dot = np.empty(n)
    x0, x1, x2 = xyz_t[0], xyz_t[1], xyz_t[2]
    cnt = 0
    for r in range(len(pad)):
        # two loops over the row that vectorise, then the tests on it
        if k == 0:
            metro[:] = np.inf
        else:
            row, w0 = reach_t[di[r, 0]], dw[r, 0]
            for o in range(n):
                metro[o] = row[o] + w0
            for j in range(1, k):
                row, wj = reach_t[di[r, j]], dw[r, j]
                for o in range(n):
                    x = row[o] + wj
                    metro[o] = x if x < metro[o] else metro[o]
        a0, a1, a2 = ux[r], uy[r], uz[r]
        for o in range(n):
            t = a0 * x0[o]
            t += a1 * x1[o]
            t += a2 * x2[o]
            dot[o] = t
        p, nf, rf, rr = pad[r], near_floor[r], road_floor[r], remote_row[r]
        for o in range(n):
            m, t = metro[o], dot[o]
            hit = m <= p or t >= nf
            if not hit and (rr or remote_col[o]):
                hit = t >= rf
            if not hit:
                continue
            chord2 = 2.0 - 2.0 * t
            chord2 -= dot_margin
            if chord2 < 0.0:
                chord2 = 0.0
            w = m * walk
            c = m - cycle_over
            c *= cycle
            if c > w:
                w = c
            w *= scale
            w += km_margin
            out_r[cnt] = r
            out_o[cnt] = o
            out_best[cnt] = m
            out_need[cnt] = radius * np.sqrt(chord2) <= w
            cnt += 1
    return cnt


@njit(cache=True)
def in_limit(r: Arr, best: Arr, lim: Arr, ten: Arr) -> Arr:
    """Whether each cell's rint(10 x minutes) / 10 is within its row's limit, and those
    tenths into `ten` where it is (elsewhere they may not be finite)."""
    ok = np.empty(len(r), np.bool_)
    for i in range(len(r)):
        m = np.rint(best[i] * 10.0)
        ok[i] = m / 10.0 <= lim[r[i]]
        if ok[i]:
            ten[i] = m
    return ok


@njit(cache=True)
def _row_kinds(r: int, main: Arr, ex_pos: Arr, e: int) -> int:
    """How many middle kinds row r has: its open one, then its extras from ex_pos[e:]."""
    nk = 1
    while e + nk - 1 < len(ex_pos) and ex_pos[e + nk - 1] == r:
        nk += 1
    return nk


@njit(cache=True)
def row_units(indptr: Arr, loc: Arr, main: Arr, ex_pos: Arr, ex_kind: Arr, units: Arr) -> Arr:
    """Per row, the sum of units[location, kind] over its reachable locations and its
    middle kinds (whole numbers in float64: exact in any order)."""
    n = len(indptr) - 1
    out = np.zeros(n)
    e = 0
    for r in range(n):
        nk = _row_kinds(r, main, ex_pos, e)
        for q in range(nk):
            k = main[r] if q == 0 else ex_kind[e + q - 1]
            s = 0.0
            for i in range(indptr[r], indptr[r + 1]):
                s += units[loc[i], k]
            out[r] += s
        e += nk - 1
    return out


@njit(cache=True)
def cover_arcs(
    indptr, loc, main, ex_pos, ex_kind, live_kl, leafpos, start, node_t, leaf, up, left,
    right, rep, live, out_a, out_m,
) -> int:  # fmt: skip
    """`Zones.cover` of each row's reachable locations for each of its middle kinds, live
    nodes only, as (row, node) in row order, then the open kind before the extras, then
    tree preorder: the order `_Middle.arcs` gives. Returns how many.

    Per kind only the tree nodes holding one of its middle nodes are read (`Zones.
    flat_cols`): bottom-up, a node is full when its leaf is reached or both halves are
    full (a half without such a node counts as full); the cover is the full nodes whose
    parent is not.
    """
    n_rows = len(indptr) - 1
    reached = np.zeros(len(leafpos), np.bool_)
    full = np.zeros(len(node_t), np.bool_)
    cnt = 0
    e = 0
    for r in range(n_rows):
        for i in range(indptr[r], indptr[r + 1]):
            reached[leafpos[loc[i]]] = True
        nk = _row_kinds(r, main, ex_pos, e)
        for q in range(nk):
            k = main[r] if q == 0 else ex_kind[e + q - 1]
            hit = False
            for i in range(indptr[r], indptr[r + 1]):
                if live_kl[k, loc[i]]:
                    hit = True
                    break
            if not hit:
                continue
            s0, s1 = start[k], start[k + 1]
            for j in range(s1 - 1, s0 - 1, -1):
                if leaf[j] >= 0:
                    full[j] = reached[leaf[j]]
                else:
                    full[j] = (left[j] < 0 or full[left[j]]) and (right[j] < 0 or full[right[j]])
            for j in range(s0, s1):
                if full[j] and (up[j] < 0 or not full[up[j]]):
                    node = rep[node_t[j], k]
                    if live[node]:
                        out_a[cnt] = r
                        out_m[cnt] = node
                        cnt += 1
        e += nk - 1
        for i in range(indptr[r], indptr[r + 1]):
            reached[leafpos[loc[i]]] = False
    return cnt


@njit(cache=True)
def network_arcs(
    indptr, loc, ten, main, ex_pos, ex_kind, keymap_kl, first, split, weight, max_cost,
    who, out_a, out_m, out_c, out_t,
) -> int:  # fmt: skip
    """`compact.Network`'s applicant -> middle arcs of these rows, in its order (by row,
    then the open kind before the extras, then location), as (who[row], middle node,
    commute cost, tenths); -1 when a reachable cell's commute cost is not an exact integer
    below max_cost (the caller then prices the round instead)."""
    cnt = 0
    e = 0
    for r in range(len(indptr) - 1):
        for i in range(indptr[r], indptr[r + 1]):
            x = weight * (ten[i] / 10.0)
            if x != np.rint(x) or np.rint(x) >= max_cost:
                return -1
        nk = _row_kinds(r, main, ex_pos, e)
        for q in range(nk):
            k = main[r] if q == 0 else ex_kind[e + q - 1]
            for i in range(indptr[r], indptr[r + 1]):
                qa = keymap_kl[k, loc[i]]
                if qa < 0:
                    continue
                m = ten[i] / 10.0
                n_int = np.int64(np.rint(weight * m))
                out_a[cnt] = who[r]
                out_m[cnt] = first[qa] + (n_int & 1 if split[qa] else 0)
                out_c[cnt] = n_int
                out_t[cnt] = np.rint(m * 10.0)
                cnt += 1
        e += nk - 1
    return cnt


def applicant_arcs(
    prep: Prepared,
    served: Arr,
    mk: MiddleKinds,
    keymap: Arr,
    first: Arr,
    split: Arr,
    max_cost: int,
) -> tuple[Arr, ...] | None:
    """`compact.Network`'s applicant arcs (applicant, middle, cost, tenths) from sparse
    rows: its dense loop's arcs in that loop's order, or None where that loop gives up."""
    keymap_kl = np.ascontiguousarray(keymap.T)
    w = float(prep.policy.commute_weight)
    parts = []
    # sparse rows are small: chunks of 16 times the rows of a dense chunk
    for rows in prep.chunks(np.arange(len(served)), len(prep.unit_locs) // 16 + 1):
        r = prep.reach(served[rows])
        main, ex_pos, ex_kind = mk.by_row(rows)
        bound = int((r.counts() * (1 + np.bincount(ex_pos, minlength=len(rows)))).sum())
        out = [np.empty(bound, dtype=np.int32) for _ in range(4)]
        cnt = network_arcs(
            r.indptr, r.loc, r.tenths, main, ex_pos, ex_kind, keymap_kl, first, split, w,
            max_cost, rows, *out,
        )  # fmt: skip
        if cnt < 0:
            return None
        parts.append([x[:cnt].copy() for x in out])
    return tuple(np.concatenate(x) for x in zip(*parts, strict=True))
