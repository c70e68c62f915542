"""`priority-flow` Phase 1 through (location, middle kind) nodes.

The same max-weight matching as `allocation.flow`, on a smaller network: an applicant's
eligible classes are the classes of the middle nodes (location, base kind, reservation, see
`allocation.kinds`) at the locations within its commute. So applicants with the same set of
reachable middle nodes share one *profile*, and a profile has an arc per middle node
instead of one per class; and where every middle node of a zone of the location tree is
within reach, one arc to the zone's node stands for all of them (`allocation.zones`). The
blocks and the slack set Z work as in `allocation.flow`; a fresh applicant keeps only its
arcs into nodes that lead to a class of Z. Z itself is read off the residual graph of the
block's flow: the classes with a residual path to the sink that does not pass the source.
"""

from __future__ import annotations

import itertools

import numpy as np
from ortools.graph.python import min_cost_flow

from allocation.ahead import Ahead, worth_it
from allocation.certify import out_arcs
from allocation.eligibility import Prepared
from allocation.flow import FlowError, Scan, blocks, first_block, solve_flow
from allocation.kinds import MiddleKinds
from allocation.reach import Reach
from allocation.zones import LocationTree, Zones


class _Profiles:
    """Distinct sets of middle nodes, interned by their bytes."""

    def __init__(self) -> None:
        self.ids: dict[bytes, int] = {}
        self.mids: list[np.ndarray] = []

    def add(self, a: np.ndarray, m: np.ndarray, n: int) -> np.ndarray:
        """Profile of each of n rows (-1 for none) from arcs (row a, middle m) sorted by a."""
        out = np.full(n, -1, dtype=np.int64)
        cnt = np.bincount(a, minlength=n)
        parts = np.split(m, np.cumsum(cnt)[:-1])
        for i in np.flatnonzero(cnt).tolist():
            key = parts[i].tobytes()
            pid = self.ids.get(key)
            if pid is None:
                pid = self.ids[key] = len(self.mids)
                self.mids.append(parts[i])
            out[i] = pid
        return out


class _Middle:
    """Middle nodes, zone nodes and their arcs down to the classes."""

    def __init__(self, prep: Prepared, kinds: MiddleKinds) -> None:
        cls = prep.classes
        self.kinds = kinds
        n_k, n_l = self.kinds.n, len(prep.unit_locs)
        ku, kc = np.nonzero(kinds.rows)
        ukey, m = np.unique(cls.loc[kc] * n_k + ku, return_inverse=True)
        self.n_mid = len(ukey)
        self.arc_m, self.arc_c = m.ravel(), kc
        keymap = np.full(n_l * n_k, -1, dtype=np.int64)
        keymap[ukey] = np.arange(self.n_mid)
        self.keymap = keymap = keymap.reshape(n_l, n_k)
        self.zones = Zones(LocationTree(prep.unit_locs), keymap, self.n_mid)
        self.n = self.n_mid + self.zones.count
        units = np.bincount(self.arc_m, weights=cls.size[kc], minlength=self.n_mid)
        lk = np.zeros(n_l * n_k)
        lk[ukey] = units
        self.lk_units = lk.reshape(n_l, n_k)  # units behind each (location, middle kind)
        self._live_kl: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
        self._rows_kinds: tuple[np.ndarray | None, tuple] = (None, ())

    def eligible_units(self, apps: np.ndarray, reach: np.ndarray) -> np.ndarray:
        """Units each applicant is eligible for (sums of whole numbers in float64: exact)."""
        out = np.zeros(len(apps))
        for who, kk in self.kinds.pairs(apps):
            np.add.at(out, who, (reach[who] * self.lk_units[:, kk].T).sum(axis=1))
        return np.rint(out).astype(np.int64)

    def arcs(
        self, apps: np.ndarray, reach: np.ndarray, live: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row in apps, node) for the cover of each row's reachable middle nodes, only the
        `live` ones, by row (then open kinds before reserved ones)."""
        parts = []
        live_lk = self.keymap >= 0
        live_lk[live_lk] = live[self.keymap[live_lk]]
        for who, kk in self.kinds.pairs(apps):
            hit = (reach[who] & live_lk[:, kk].T).any(axis=1)  # any live node within reach
            who, kk = who[hit], kk[hit]
            r, node = self.zones.cover(reach[who], kk)
            keep = live[node]
            parts.append((who[r[keep]], node[keep]))
        a = np.concatenate([x for x, _ in parts])
        m = np.concatenate([y for _, y in parts])
        o = np.argsort(a, kind="stable")
        return a[o], m[o]

    def _by_row(self, apps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`MiddleKinds.by_row`, kept for the chunk that both compiled loops read."""
        if self._rows_kinds[0] is not apps:
            self._rows_kinds = (apps, self.kinds.by_row(apps))
        return self._rows_kinds[1]

    def sparse_units(self, apps: np.ndarray, reach: Reach) -> np.ndarray:
        """`eligible_units` from sparse rows (a round without the dense table), compiled."""
        from allocation.sparse import row_units

        main, ex_pos, ex_kind = self._by_row(apps)
        out = row_units(reach.indptr, reach.loc, main, ex_pos, ex_kind, self.lk_units)
        return np.rint(out).astype(np.int64)

    def sparse_arcs(
        self, apps: np.ndarray, reach: Reach, live: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """`arcs` from sparse rows, compiled: the same arcs in the same order."""
        from allocation.sparse import cover_arcs

        main, ex_pos, ex_kind = self._by_row(apps)
        z, tree = self.zones, self.zones.tree
        if self._live_kl[0] is not live:  # the same for every chunk of a block
            live_lk = self.keymap >= 0
            live_lk[live_lk] = live[self.keymap[live_lk]]
            self._live_kl = (live, np.ascontiguousarray(live_lk.T))
        # a row's cover has at most one node per reachable location and middle kind
        bound = int((reach.counts() * (1 + np.bincount(ex_pos, minlength=len(apps)))).sum())
        out_a = np.empty(bound, dtype=np.int64)
        out_m = np.empty(bound, dtype=np.int64)
        cnt = cover_arcs(
            reach.indptr, reach.loc, main, ex_pos, ex_kind, self._live_kl[1], tree.leaf_pos,
            *z.flat_cols(), z.rep, live, out_a, out_m,
        )  # fmt: skip
        return out_a[:cnt], out_m[:cnt]

    def live(self, z: np.ndarray) -> np.ndarray:
        """Nodes that lead to a class of z."""
        out = np.zeros(self.n_mid, dtype=bool)
        out[self.arc_m[z[self.arc_c]]] = True
        return self.zones.live(out)


def served_through_middle(
    prep: Prepared, block: int | None = None
) -> tuple[np.ndarray, np.ndarray, Scan] | None:
    """Phase 1 over the whole queue (see `allocation.flow.served_set`); None when the middle
    kinds x classes table is too large to build."""
    kinds = MiddleKinds(prep, np.arange(len(prep.order)), prep.classes)
    if kinds.rows is None:
        return None
    cap = prep.classes.size
    n = len(prep.order)
    block = block or first_block(cap)
    mid = _Middle(prep, kinds)
    any_el = np.zeros(n, dtype=bool)
    n_units = np.zeros(n, dtype=np.int64)
    profiles = _Profiles()
    app_prof = np.full(n, -1, dtype=np.int64)
    served = np.empty(0, dtype=np.int64)
    served_cls = np.empty(0, dtype=np.int64)
    z = cap > 0
    edges = blocks(n, block)
    ahead: Ahead | None = None
    try:
        for i, (start, stop) in enumerate(itertools.pairwise(edges)):
            live = mid.live(z)
            new: list[np.ndarray] = []
            for ch in prep.chunks(prep.order[start:stop], len(prep.unit_locs)):
                got = ahead.next(live) if ahead is not None else None
                if got is not None:
                    n_units[ch], arcs = got
                elif prep.sparse:
                    rows = prep.reach(ch)
                    n_units[ch] = mid.sparse_units(ch, rows)
                    arcs = mid.sparse_arcs(ch, rows, live)
                else:
                    reach, _ = prep.within(ch)
                    n_units[ch] = mid.eligible_units(ch, reach)
                    arcs = mid.arcs(ch, reach, live)
                any_el[ch] = n_units[ch] > 0
                prof = profiles.add(*arcs, len(ch))
                has = prof >= 0
                app_prof[ch[has]] = prof[has]
                new.append(ch[has])
            if i == 0 and worth_it(prep, len(edges) - 1):  # the later rows during this flow
                later = itertools.pairwise(edges[1:])
                n_l = len(prep.unit_locs)
                ahead = Ahead(
                    prep, mid, [c for a, b in later for c in prep.chunks(prep.order[a:b], n_l)]
                )
            served, served_cls, z = _block(
                prep, new, served, served_cls, z, app_prof, profiles, mid, cap
            )
    finally:
        if ahead is not None:
            ahead.close()
    scan = Scan(any_eligible=any_el, eligible_units=n_units, pairs=int(n_units.sum()))
    return served, served_cls, scan


def _block(
    prep: Prepared,
    new: list[np.ndarray],
    served: np.ndarray,
    served_cls: np.ndarray,
    z: np.ndarray,
    app_prof: np.ndarray,
    profiles: _Profiles,
    mid: _Middle,
    cap: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(served, the class of each in one matching, Z) after a block's fresh applicants."""
    fresh = np.concatenate(new) if new else np.empty(0, dtype=np.int64)
    if len(fresh) == 0:
        return served, served_cls, z
    # only the served applicants in classes of Z can move for a fresh one, and only within
    # Z: the classes outside it stay full of applicants that cannot leave
    movable = z[served_cls]
    pool = np.concatenate([served[movable], fresh])
    pool = pool[np.argsort(prep.rank[pool], kind="stable")]
    ok, match, z = _solve(app_prof[pool], profiles, mid, cap, z)
    served = np.concatenate([served[~movable], pool[ok]])
    served_cls = np.concatenate([served_cls[~movable], match[ok]])
    o = np.argsort(prep.rank[served], kind="stable")
    return served[o], served_cls[o], z


def _solve(
    pool_prof: np.ndarray, profiles: _Profiles, mid: _Middle, cap: np.ndarray, z: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Max-weight matching of the pool (sorted by rank) through the middle and zone nodes,
    into the classes of z only.

    Returns (served mask over the pool, class of each served member or -1, the slack set Z
    after it).
    """
    p = len(pool_prof)
    used, local = np.unique(pool_prof, return_inverse=True)
    local = local.ravel()
    members = np.bincount(local, minlength=len(used))
    pm_p = np.repeat(np.arange(len(used)), [len(profiles.mids[u]) for u in used])
    pm_m = np.concatenate([profiles.mids[u] for u in used])
    live = mid.live(z)
    on = live[pm_m]
    pm_p, pm_m = pm_p[on], pm_m[on]
    on = live[mid.zones.arc_h]
    zt, zh = mid.zones.arc_t[on], mid.zones.arc_h[on]
    on = z[mid.arc_c]
    mc_m, mc_c = mid.arc_m[on], mid.arc_c[on]
    src, sink, prof0 = 0, 1, 2
    node0 = prof0 + len(used)
    cls0 = node0 + mid.n
    n_c = len(cap)
    tail = np.concatenate([prof0 + pm_p, node0 + zt, node0 + mc_m, cls0 + np.arange(n_c)])
    head = np.concatenate([node0 + pm_m, node0 + zh, cls0 + mc_c, np.full(n_c, sink)])
    arc_cap = np.concatenate(
        [members[pm_p], np.full(len(zt) + len(mc_m), p, dtype=np.int64), np.where(z, cap, 0)]
    )
    smcf = min_cost_flow.SimpleMinCostFlow()
    pos = np.arange(p, dtype=np.int64)
    a_src = smcf.add_arcs_with_capacity_and_unit_cost(
        np.zeros(p, dtype=np.int64), prof0 + local, np.ones(p, dtype=np.int64), -(p - pos)
    )
    ids = smcf.add_arcs_with_capacity_and_unit_cost(
        tail, head, arc_cap, np.zeros(len(tail), dtype=np.int64)
    )
    smcf.add_arc_with_capacity_and_unit_cost(src, sink, p, 0)  # leaving someone out
    smcf.set_nodes_supplies(np.array([src, sink]), np.array([p, -p]))
    solve_flow(smcf, "priority phase")
    served = smcf.flows(a_src) > 0
    flow = smcf.flows(ids)
    del smcf, ids
    n1, n2 = len(pm_p), len(pm_p) + len(zt)
    n3 = n2 + len(mc_m)
    # served members -> the profile's nodes -> down the zones, shallow first -> classes
    # (any split works: all the members of a profile reach all of its nodes, and whoever
    # stands at a node is eligible for every class below it)
    who = np.flatnonzero(served)
    at = _split(who, local, pm_p, pm_m, flow[:n1])
    node_depth = np.full(mid.n, -1, dtype=np.int64)
    node_depth[mid.zones.first :] = mid.zones.depth
    arc_depth = node_depth[zt]
    f_z = flow[n1:n2]
    for level in np.unique(mid.zones.depth):
        on = arc_depth == level
        here = who[node_depth[at[who]] == level]
        at[here] = _split(here, at, zt[on], zh[on], f_z[on])[here]
    match = np.full(p, -1, dtype=np.int64)
    match[who] = _split(who, at, mc_m, mc_c, flow[n2:n3])[who]
    # Z: classes with a residual path to the sink (forward arcs with room, used ones back)
    room, used_arc = flow < arc_cap, flow > 0
    n_nodes = cls0 + n_c
    rt = np.concatenate([tail[room], head[used_arc]])
    rh = np.concatenate([head[room], tail[used_arc]])
    good = _reaching(n_nodes, rt, rh, sink)
    return served, match, good[cls0:]


def _reaching(n: int, tail: np.ndarray, head: np.ndarray, target: int) -> np.ndarray:
    """Nodes with a path to `target`, breadth-first backwards, reading only the arcs into
    each new layer (arcs sorted by head once)."""
    o = np.argsort(head, kind="stable")
    tail, head = tail[o], head[o]
    starts = np.searchsorted(head, np.arange(n + 1))
    good = np.zeros(n, dtype=bool)
    good[target] = True
    frontier = np.array([target], dtype=np.int64)
    while len(frontier):
        cand = np.unique(tail[out_arcs(starts, frontier)])
        frontier = cand[~good[cand]]
        good[frontier] = True
    return good


def _split(
    who: np.ndarray, at: np.ndarray, tail: np.ndarray, head: np.ndarray, flow: np.ndarray
) -> np.ndarray:
    """Hand the units of flow on arcs (tail -> head) to the applicants `who` standing at
    `at[who]` (tails), best-ranked first; returns an array over positions, -1 elsewhere."""
    on = flow > 0
    slot_t = np.repeat(tail[on], flow[on])
    slot_h = np.repeat(head[on], flow[on])
    o = np.argsort(slot_t, kind="stable")
    w = who[np.argsort(at[who], kind="stable")]
    if len(w) != len(o) or not np.array_equal(at[w], slot_t[o]):
        raise FlowError("priority phase: flow not conserved at a node")
    out = np.full(len(at), -1, dtype=np.int64)
    out[w] = slot_h[o]
    return out
