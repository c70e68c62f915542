"""`priority-flow` Phase 1 through (location, middle kind) nodes.

The same max-weight matching as `allocation.flow`, on a smaller network: an applicant's
eligible classes are the classes of the middle nodes (location, base kind, reservation, see
`allocation.kinds`) at the locations within its commute. So applicants with the same set of
reachable middle nodes share one *profile*, and a profile has an arc per middle node
instead of one per class. The blocks and the slack set Z work as in `allocation.flow`; a
fresh applicant keeps only its arcs into middle nodes that hold a class of Z.
"""

from __future__ import annotations

import itertools

import numpy as np
from ortools.graph.python import min_cost_flow

from allocation.eligibility import Prepared
from allocation.flow import FlowError, Scan, _blocks, solve_flow
from allocation.kinds import MiddleKinds


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
    """Middle nodes and their arcs to classes."""

    def __init__(self, prep: Prepared, table: np.ndarray) -> None:
        cls = prep.classes
        self.kinds = MiddleKinds(prep, np.arange(len(prep.order)), cls, table)
        n_k, n_l = self.kinds.n, len(prep.unit_locs)
        ku, kc = np.nonzero(self.kinds.rows)
        ukey, m = np.unique(cls.loc[kc] * n_k + ku, return_inverse=True)
        self.n = len(ukey)
        self.arc_m, self.arc_c = m.ravel(), kc
        keymap = np.full(n_l * n_k, -1, dtype=np.int64)
        keymap[ukey] = np.arange(self.n)
        self.keymap = keymap.reshape(n_l, n_k)
        self.units = np.bincount(self.arc_m, weights=cls.size[kc], minlength=self.n)
        lk = np.zeros(n_l * n_k)
        lk[ukey] = self.units
        self.lk_units = lk.reshape(n_l, n_k)  # units behind each (location, middle kind)

    def eligible_units(self, apps: np.ndarray, reach: np.ndarray) -> np.ndarray:
        """Units each applicant is eligible for (sums of whole numbers in float64: exact)."""
        out = np.zeros(len(apps))
        for who, kk in self.kinds.pairs(apps):
            np.add.at(out, who, (reach[who] * self.lk_units[:, kk].T).sum(axis=1))
        return np.rint(out).astype(np.int64)

    def arcs(
        self, apps: np.ndarray, reach: np.ndarray, live: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row in apps, middle node) for every reachable middle node that is `live`, by row
        (then open nodes before reserved ones, each by location)."""
        live_lk = (self.keymap >= 0) & live[self.keymap]
        parts = []
        for who, kk in self.kinds.pairs(apps):
            r, loc = np.nonzero(reach[who] & live_lk[:, kk].T)
            parts.append((who[r], self.keymap[loc, kk[r]]))
        a = np.concatenate([x for x, _ in parts])
        m = np.concatenate([y for _, y in parts])
        o = np.argsort(a, kind="stable")
        return a[o], m[o]

    def live(self, z: np.ndarray) -> np.ndarray:
        """Middle nodes that hold a class of z."""
        out = np.zeros(self.n, dtype=bool)
        out[self.arc_m[z[self.arc_c]]] = True
        return out


def served_through_middle(
    prep: Prepared, table: np.ndarray, block: int | None = None
) -> tuple[np.ndarray, np.ndarray, Scan]:
    """Phase 1 over the whole queue (see `allocation.flow.served_set`)."""
    cap = prep.classes.size
    n = len(prep.order)
    block = block or max(1024, int(1.5 * cap.sum()))
    mid = _Middle(prep, table)
    any_el = np.zeros(n, dtype=bool)
    n_units = np.zeros(n, dtype=np.int64)
    profiles = _Profiles()
    app_prof = np.full(n, -1, dtype=np.int64)
    served = np.empty(0, dtype=np.int64)
    served_cls = np.empty(0, dtype=np.int64)
    z = cap > 0
    for start, stop in itertools.pairwise(_blocks(n, block)):
        live = mid.live(z)
        new: list[np.ndarray] = []
        for ch in prep.chunks(prep.order[start:stop], len(prep.unit_locs)):
            reach = prep.commute(ch) <= prep.max_commute[ch, None]
            n_units[ch] = mid.eligible_units(ch, reach)
            any_el[ch] = n_units[ch] > 0
            prof = profiles.add(*mid.arcs(ch, reach, live), len(ch))
            has = prof >= 0
            app_prof[ch[has]] = prof[has]
            new.append(ch[has])
        fresh = np.concatenate(new) if new else np.empty(0, dtype=np.int64)
        if len(fresh) == 0:
            continue
        pool = np.concatenate([served, fresh])  # both already in rank order, served first
        pool = pool[np.argsort(prep.rank[pool], kind="stable")]
        ok, match, z = _solve(app_prof[pool], profiles, mid, cap)
        served, served_cls = pool[ok], match[ok]
    scan = Scan(any_eligible=any_el, eligible_units=n_units, pairs=int(n_units.sum()))
    return served, served_cls, scan


def _solve(
    pool_prof: np.ndarray, profiles: _Profiles, mid: _Middle, cap: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Max-weight matching of the pool (sorted by rank) through the middle nodes.

    Returns (served mask over the pool, class of each served member or -1, the slack set Z
    after it).
    """
    p = len(pool_prof)
    used, local = np.unique(pool_prof, return_inverse=True)
    local = local.ravel()
    members = np.bincount(local, minlength=len(used))
    pm_p = np.repeat(np.arange(len(used)), [len(profiles.mids[u]) for u in used])
    pm_m = np.concatenate([profiles.mids[u] for u in used])
    mid_used = np.zeros(mid.n, dtype=bool)
    mid_used[pm_m] = True
    on = mid_used[mid.arc_m]
    mc_m, mc_c = mid.arc_m[on], mid.arc_c[on]
    src, sink, prof0 = 0, 1, 2
    mid0 = prof0 + len(used)
    cls0 = mid0 + mid.n
    smcf = min_cost_flow.SimpleMinCostFlow()
    pos = np.arange(p, dtype=np.int64)
    a_src = smcf.add_arcs_with_capacity_and_unit_cost(
        np.zeros(p, dtype=np.int64), prof0 + local, np.ones(p, dtype=np.int64), -(p - pos)
    )
    a_pm = smcf.add_arcs_with_capacity_and_unit_cost(
        prof0 + pm_p, mid0 + pm_m, members[pm_p], np.zeros(len(pm_p), dtype=np.int64)
    )
    a_mc = smcf.add_arcs_with_capacity_and_unit_cost(
        mid0 + mc_m, cls0 + mc_c, np.full(len(mc_m), p), np.zeros(len(mc_m), dtype=np.int64)
    )
    cls_used = np.unique(mc_c)
    smcf.add_arcs_with_capacity_and_unit_cost(
        cls0 + cls_used,
        np.full(len(cls_used), sink),
        cap[cls_used],
        np.zeros(len(cls_used), dtype=np.int64),
    )
    smcf.add_arc_with_capacity_and_unit_cost(src, sink, p, 0)  # leaving someone out
    smcf.set_nodes_supplies(np.array([src, sink]), np.array([p, -p]))
    solve_flow(smcf, "priority phase")
    served = smcf.flows(a_src) > 0
    f_pm, f_mc = smcf.flows(a_pm), smcf.flows(a_mc)
    del smcf
    # served members -> middle nodes, profile by profile; then middle nodes -> classes
    # (any split works: every member of a profile reaches all of its middle nodes, and every
    # applicant in a middle node is eligible for all of its classes)
    via = _split(np.flatnonzero(served), local, pm_p, pm_m, f_pm)
    match = np.full(p, -1, dtype=np.int64)
    who = np.flatnonzero(served)
    match[who] = _split(who, via, mc_m, mc_c, f_mc)[who]
    load = np.bincount(mc_c, weights=f_mc, minlength=len(cap))
    return served, match, _slack(cap, load, pm_p, pm_m, f_pm, mc_m, mc_c, f_mc, mid.n)


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


def _slack(
    cap: np.ndarray,
    load: np.ndarray,
    pm_p: np.ndarray,
    pm_m: np.ndarray,
    f_pm: np.ndarray,
    mc_m: np.ndarray,
    mc_c: np.ndarray,
    f_mc: np.ndarray,
    n_mid: int,
) -> np.ndarray:
    """Classes that some matching of the served set leaves with a free unit.

    A middle node that holds a class of Z lets any applicant in its classes move there; a
    profile with an arc to such a node can move any member, wherever it stands; so every
    class fed by a middle node that either holds Z or receives a movable profile joins Z.
    """
    z = load < cap
    n_prof = int(pm_p.max()) + 1 if len(pm_p) else 0
    while True:
        live = np.zeros(n_mid, dtype=bool)
        live[mc_m[z[mc_c]]] = True
        movable = np.zeros(n_prof, dtype=bool)
        movable[pm_p[live[pm_m]]] = True
        live[pm_m[(f_pm > 0) & movable[pm_p]]] = True
        grow = mc_c[(f_mc > 0) & live[mc_m] & ~z[mc_c]]
        if len(grow) == 0:
            return z
        z[grow] = True
