"""`priority-flow` Phase 2 on a network whose arcs go through (location, kind) nodes.

The fit cost of an eligible pair splits into a part that depends on the applicant and the
unit's *location* only (commute_weight x minutes) and a part that depends on the applicant's
*kind* and the unit group only (bedroom misfit and rent over budget); eligibility splits the
same way (the commute test per location, every other rule per kind, see
`Prepared._kinds`). So every eligible (applicant a, group g) arc can be replaced by the path

    a -> (location of g, kind of a) -> g

at the same cost: applicants x locations arcs plus (location, kind) x groups arcs instead
of applicants x groups, and one min-cost flow over them is the exact best fit of the served
set, with no arc left out and so no rounds of pricing.

Exactness of the split: the published cost is rint(X + bed + rent) with X = commute_weight x
minutes. When X is an integer up to 1e-7 (it is with the default weight, minutes being
tenths) and bed + rent is not within TOL of a half-integer, that equals rint(X) +
rint(bed + rent) (float errors at these magnitudes are below 1e-6). Pairs whose bed + rent
is that close to a half (round-half-to-even would then depend on X) keep a direct arc at
their exact cost. When X is not integral, or the kinds x groups table is too large, the
caller uses the pricing rounds of `allocation.fit` instead.

Certificate and canonical optimum: potentials of the residual graph of this network, with
each applicant raised to its used arc's bound (as `certify.potentials` does), give every
original arc (a, g) the reduced cost rc(a -> mid) + rc(mid -> g), both >= 0; so they are an
optimal dual of the bipartite best fit, and its tight arcs (reduced cost 0) are the pairs
whose two legs are both tight. `certify` then picks the canonical optimum among them.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from allocation.certify import CertificateError, relax
from allocation.eligibility import Prepared
from allocation.flow import FlowError, solve_flow
from allocation.kinds import MiddleKinds

TOL = 1e-6  # distance of the rent term from a half-integer below which a pair keeps a direct arc
MAX_COST = 1 << 30  # every arc cost and potential stays far inside int64 below this
LIKELY_MARGIN = 50  # cost above its used arc up to which an applicant's arcs go first
ARC_LIMIT = 60_000_000  # arcs of the compact network beyond which the caller falls back


class Network:
    """The compact best-fit network of a served set, solved once."""

    def __init__(self, prep: Prepared, served: np.ndarray, cm: np.ndarray) -> None:
        self.prep, self.served = prep, served
        self.cm = cm  # (served, locations) minutes
        self.ok = False
        p, t = len(served), prep.groups
        n_g, n_l = len(t), len(prep.unit_locs)
        table = prep._kind_table(t)
        if table is None or p == 0:
            return
        pol = prep.policy
        x = pol.commute_weight * cm  # the same float the cost matrix starts from
        reach = cm <= prep.max_commute[served, None]
        a_int = np.rint(x)
        if reach.any() and (
            not np.array_equal(x[reach], a_int[reach]) or float(a_int[reach].max()) >= MAX_COST
        ):
            return  # the commute part is not an exact integer: use the pricing rounds
        mk = MiddleKinds(prep, served, t, table)
        n_k = mk.n
        # (middle kind, group) pairs eligible by every rule but the commute, and cost parts
        ku, kg = np.nonzero(mk.rows)
        bed, rent = self._kind_parts(mk.rep[ku], kg)
        if len(bed) and (
            not np.array_equal(bed, np.rint(bed))
            or float(np.abs(bed).max() + np.abs(rent).max()) >= MAX_COST
        ):
            return
        frac = rent - np.floor(rent)
        half = frac == 0.5  # exact: N + bed + rent is then exact, and rint rounds to even
        near = ~half & (np.abs(frac - 0.5) <= TOL)  # rounding may depend on N: direct arcs
        loc = t.loc
        keep = ~near
        # middle nodes: (location, middle kind), split by the parity of N where a half pair
        # needs it
        key = loc[kg[keep]] * n_k + ku[keep]
        ukey, q = np.unique(key, return_inverse=True)
        q = q.ravel()
        split = np.zeros(len(ukey), dtype=bool)
        split[q[half[keep]]] = True
        first = np.cumsum(1 + split) - (1 + split)  # id of each key's parity-0 node
        self.n_mid = int((1 + split).sum())
        keymap = np.full(n_l * n_k, -1, dtype=np.int64)
        keymap[ukey] = np.arange(len(ukey))
        keymap = keymap.reshape(n_l, n_k)
        # applicant -> middle arcs (one per reachable location with a middle node)
        parts = []
        for who, kk in mk.pairs():
            via = keymap[:, kk].T  # (pairs, locations)
            r, al = np.nonzero(reach[who] & (via >= 0))
            parts.append((who[r], al, via[r, al]))
        ar, al, qa = (np.concatenate(x) for x in zip(*parts, strict=True))
        o = np.lexsort((al, ar))  # by applicant, then location
        ar, al, qa = ar[o], al[o], qa[o]
        n_int = a_int[ar, al].astype(np.int64)
        self.app_a = ar
        self.app_m = first[qa] + np.where(split[qa], n_int & 1, 0)
        self.app_c = n_int
        # middle -> group arcs: bed + rint(rent); for a half pair, rint to even of N + that
        g_k, bed_k, rent_k, half_k = kg[keep], bed[keep], rent[keep], half[keep]
        base = (bed_k + np.floor(rent_k)).astype(np.int64)
        plain = (bed_k + np.rint(rent_k)).astype(np.int64)
        mm, mg, mc = [first[q]], [g_k], [np.where(half_k, base + (base & 1), plain)]
        two = split[q]
        mm.append(first[q][two] + 1)
        mg.append(g_k[two])
        mc.append(np.where(half_k[two], base[two] + ((base[two] + 1) & 1), plain[two]))
        self.mid_m, self.mid_g, self.mid_c = (np.concatenate(x) for x in (mm, mg, mc))
        # direct arcs for the pairs whose rounding depends on more than that parity
        da, dg = [], []
        for u, g in zip(ku[near].tolist(), kg[near].tolist(), strict=True):
            who = mk.members(u)
            who = who[reach[who, loc[g]]]
            da.append(who)
            dg.append(np.full(len(who), g))
        self.dir_a = np.concatenate(da) if da else np.empty(0, dtype=np.int64)
        self.dir_g = np.concatenate(dg) if dg else np.empty(0, dtype=np.int64)
        self.dir_c = self.pair_cost(self.dir_a, self.dir_g)
        self.n_arcs = len(self.app_a) + len(self.mid_m) + len(self.dir_a) + n_g
        self.ok = self.n_arcs <= ARC_LIMIT

    def _kind_parts(self, rep: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Bedroom misfit and rent term of (kind representative, group) pairs, as the cost
        matrix computes them."""
        prep, t = self.prep, self.prep.groups
        bed, need = prep._bedroom_terms(t)
        rent = prep.policy.rent_weight * t.rent[g] / np.maximum(prep.max_rent[rep], 1.0)
        return bed[need[rep], g], rent

    def pair_cost(self, i: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Exact published cost of (served position, group) pairs: the cost matrix's float
        operations, in its order, on just these cells."""
        prep, t = self.prep, self.prep.groups
        a = self.served[i]
        pol = prep.policy
        c = pol.commute_weight * self.cm[i, t.loc[g]]
        bed, need = prep._bedroom_terms(t)
        c = c + bed[need[a], g]
        c = c + pol.rent_weight * t.rent[g] / np.maximum(prep.max_rent[a], 1.0)
        return np.rint(c).astype(np.int64)

    def solve(self, shuffle: np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
        """(group per served applicant, potentials over applicants, groups, sink)."""
        p, n_g = len(self.served), len(self.prep.groups)
        size = self.prep.groups.size
        sink, m0 = p + n_g, p + n_g + 1
        used_g = np.unique(np.concatenate([self.mid_g, self.dir_g]))
        tail = np.concatenate([self.app_a, m0 + self.mid_m, self.dir_a, p + used_g])
        head = np.concatenate([m0 + self.app_m, p + self.mid_g, p + self.dir_g])
        head = np.concatenate([head, np.full(len(used_g), sink)])
        cap = np.concatenate(
            [
                np.ones(len(self.app_a), dtype=np.int64),
                np.full(len(self.mid_m), p + 1, dtype=np.int64),  # never saturated: sink arcs cap
                np.ones(len(self.dir_a), dtype=np.int64),
                size[used_g],
            ]
        )
        cost = np.concatenate(
            [self.app_c, self.mid_c, self.dir_c, np.zeros(len(used_g), dtype=np.int64)]
        )
        perm = shuffle.permutation(len(tail)) if shuffle is not None else np.arange(len(tail))
        smcf = min_cost_flow.SimpleMinCostFlow()
        ids = smcf.add_arcs_with_capacity_and_unit_cost(
            tail[perm], head[perm], cap[perm], cost[perm]
        )
        supply = np.append(np.ones(p, dtype=np.int64), -p)
        smcf.set_nodes_supplies(np.append(np.arange(p), sink), supply)
        solve_flow(smcf, "best-fit phase (compact)")
        flow = np.empty(len(tail), dtype=np.int64)
        flow[perm] = smcf.flows(ids)
        del smcf, ids, perm  # the solver's copy of the graph, before the potentials
        n_nodes = m0 + self.n_mid
        n1, n2 = len(self.app_a), len(self.app_a) + len(self.mid_m)
        # the arcs a shortest path most likely takes: every arc but an applicant's arcs much
        # dearer than the one it uses (a first pass on those saves most of the full passes)
        used_c = np.full(p, np.iinfo(np.int64).max // 2)
        on = flow[:n1] > 0
        used_c[self.app_a[on]] = self.app_c[on]
        likely = np.ones(len(tail), dtype=bool)
        likely[:n1] = on | (self.app_c <= used_c[self.app_a] + LIKELY_MARGIN)
        d = _potentials(n_nodes, tail, head, cost, cap, flow, likely)
        f_app, f_mid, f_dir = flow[:n1], flow[n1:n2], flow[n2 : n2 + len(self.dir_a)]
        group = np.full(p, -1, dtype=np.int64)
        on = f_dir > 0
        group[self.dir_a[on]] = self.dir_g[on]
        # applicants into a middle node take its outgoing units in any order: same cost
        on = f_app > 0
        ia, im = self.app_a[on], self.app_m[on]
        o = np.lexsort((ia, im))
        on = f_mid > 0
        slot_m = np.repeat(self.mid_m[on], f_mid[on])
        slot_g = np.repeat(self.mid_g[on], f_mid[on])
        o2 = np.lexsort((slot_g, slot_m))
        if len(o) != len(o2) or not np.array_equal(im[o], slot_m[o2]):
            raise FlowError("best-fit phase (compact): flow not conserved at a middle node")
        group[ia[o]] = slot_g[o2]
        if (group < 0).any():
            raise FlowError("best-fit phase left a served applicant without a unit")
        # an applicant's only residual in-arc is its used arc, backward: raise it to that bound
        used = flow[: len(self.app_a)] > 0
        d[self.app_a[used]] = d[m0 + self.app_m[used]] - self.app_c[used]
        on = f_dir > 0
        d[self.dir_a[on]] = d[p + self.dir_g[on]] - self.dir_c[on]
        self.d = d
        return group, d[: sink + 1]

    def tight(self) -> tuple[np.ndarray, np.ndarray]:
        """Every eligible (served position, group) pair of reduced cost 0 under `solve`'s
        potentials; each leg is >= 0 (checked), so a pair is tight when both legs are."""
        d = self.d
        p, n_g = len(self.served), len(self.prep.groups)
        m0 = p + n_g + 1
        rc_a = self.app_c + d[self.app_a] - d[m0 + self.app_m]
        rc_m = self.mid_c + d[m0 + self.mid_m] - d[p + self.mid_g]
        rc_d = self.dir_c + d[self.dir_a] - d[p + self.dir_g]
        if (rc_a < 0).any() or (rc_m < 0).any() or (rc_d < 0).any():
            raise CertificateError("best-fit phase (compact): a negative reduced cost")
        ta, tm = self.app_a[rc_a == 0], self.app_m[rc_a == 0]
        mm, mg = self.mid_m[rc_m == 0], self.mid_g[rc_m == 0]
        # join on the middle node
        o = np.argsort(mm, kind="stable")
        mm, mg = mm[o], mg[o]
        lo = np.searchsorted(mm, tm, side="left")
        hi = np.searchsorted(mm, tm, side="right")
        cnt = hi - lo
        out_a = np.repeat(ta, cnt)
        start = np.repeat(lo - np.cumsum(cnt) + cnt, cnt)
        out_g = mg[start + np.arange(len(out_a))] if len(out_a) else np.empty(0, np.int64)
        da, dg = self.dir_a[rc_d == 0], self.dir_g[rc_d == 0]
        return np.concatenate([out_a, da]), np.concatenate([out_g, dg])


def _potentials(
    n: int,
    tail: np.ndarray,
    head: np.ndarray,
    cost: np.ndarray,
    cap: np.ndarray,
    flow: np.ndarray,
    likely: np.ndarray,
) -> np.ndarray:
    """Feasible potentials (d[head] <= d[tail] + cost on every residual arc), Bellman-Ford
    from all nodes at 0: first over the `likely` arcs only, then over all of them from
    there. Both passes only lower d towards the least path lengths of the whole graph, so
    the result is those lengths, the same as one pass over everything."""
    fwd = flow < cap
    back = flow > 0
    rt = np.concatenate([tail[fwd], head[back]])
    rh = np.concatenate([head[fwd], tail[back]])
    rc = np.concatenate([cost[fwd], -cost[back]])
    first = np.concatenate([likely[fwd], likely[back]])
    d = np.zeros(n, dtype=np.int64)
    relax(d, rt[first], rh[first], rc[first])
    relax(d, rt, rh, rc)
    return d
