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
their exact cost. When X is not integral, or the middle kinds x groups table is too large, the
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

from allocation.certify import CertificateError, least_potentials
from allocation.eligibility import Prepared
from allocation.flow import FlowError, solve_flow
from allocation.kinds import MiddleKinds

TOL = 1e-6  # distance of the rent term from a half-integer below which a pair keeps a direct arc
MAX_COST = 1 << 30  # every arc cost stays far inside int64 below this
PRICE_ARCS = 12_000_000  # applicant arcs beyond which `solve` prices them instead
AUCTION_EPS = (256, 4)  # the auction's first epsilon and its last (down by fourths)
AUCTION_BIDS = 50_000_000  # bids after which the auction stops where it is (a city: 3.6 M)
AUCTION_MARGIN = 10  # value above an applicant's best at the auction's prices: first arcs
K_ADD = 16  # arcs a violating applicant brings into the next round, most negative first
KEEP = 60  # reduced cost above which an arc leaves the priced network (first rounds only)
PRUNE_ROUNDS = 4
MEND_AT = 3000  # applicants with an arc below zero up to which `repair.mend` takes over
BLOCK = 8_000_000  # arcs per block of the vectorised passes over all applicant arcs


class Network:
    """The compact best-fit network of a served set.

    Built chunk by chunk from the commute rows of the served applicants (no served x
    locations matrix is kept). When its applicant arcs are too many to hand to the solver
    at once (a city round), `solve` prices them: it solves on the arcs that are cheap at
    an auction's prices (`allocation.auction`) and the Phase-1 matching's, then settles
    the auction's prices into potentials over every arc for that optimum, improving it
    where they find a negative cycle (`allocation.settle`). Should that take too long, it
    adds the arcs the potentials price below zero and solves again while many applicants
    have one, and mends the last optimum over every arc once few do (`repair.mend`). The
    final potentials certify the optimum over all the arcs.
    """

    def __init__(self, prep: Prepared, served: np.ndarray) -> None:
        self.prep, self.served = prep, served
        self.ok = False
        p, t = len(served), prep.groups
        n_l = len(prep.unit_locs)
        if p == 0:
            return
        mk = MiddleKinds(prep, served, t)
        if mk.rows is None:
            return
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
        self.mid_loc = np.repeat(ukey // n_k, 1 + split)
        self.mid_res = np.repeat(mk.res[ukey % n_k], 1 + split)
        # applicant -> middle arcs (one per reachable location with a middle node) and the
        # direct arcs, chunk by chunk of commute rows
        near_u, near_g = ku[near], kg[near]
        if prep.sparse and len(near_u) == 0:
            from allocation.sparse import applicant_arcs  # numba: city rounds only

            sparse = applicant_arcs(prep, served, mk, keymap, first, split, MAX_COST)
            got = None if sparse is None else ([sparse], [])
        else:
            got = self._dense_arcs(mk, keymap, first, split, near_u, near_g)
        if got is None:
            return  # the commute part is not an exact integer: use the pricing rounds
        arcs, direct = got
        self.app_a, self.app_m, self.app_c, self.app_t = (  # app_t: commute minutes x 10
            np.concatenate(x) for x in zip(*arcs, strict=True)
        )
        del arcs
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
        e = np.empty(0, dtype=np.int64)
        da, dg, dc, dm = (
            (np.concatenate(x) for x in zip(*direct, strict=True))
            if direct
            else (e, e, e, np.empty(0))
        )
        self.dir_a, self.dir_g, self.dir_c, self.dir_min = da, dg, dc, dm
        self.n_arcs = len(self.app_a) + len(self.mid_m) + len(self.dir_a) + len(t)
        self.ok = True

    def _dense_arcs(
        self,
        mk: MiddleKinds,
        keymap: np.ndarray,
        first: np.ndarray,
        split: np.ndarray,
        near_u: np.ndarray,
        near_g: np.ndarray,
    ) -> tuple[list[tuple[np.ndarray, ...]], list[tuple[np.ndarray, ...]]] | None:
        """The applicant arcs and the direct arcs from dense commute rows, chunk by chunk;
        None when the commute part of a cost is not an exact integer."""
        prep, served, loc = self.prep, self.served, self.prep.groups.loc
        pol = prep.policy
        arcs: list[tuple[np.ndarray, ...]] = []
        direct: list[tuple[np.ndarray, ...]] = []
        for rows in prep.chunks(np.arange(len(served)), len(prep.unit_locs)):
            reach, cm = prep.within(served[rows])
            x = pol.commute_weight * cm  # the same float the cost matrix starts from
            a_int = np.rint(x)
            if reach.any() and (
                not np.array_equal(x[reach], a_int[reach]) or float(a_int[reach].max()) >= MAX_COST
            ):
                return None
            part = []
            for who, kk in mk.pairs(rows):
                via = keymap[:, kk].T  # (rows, locations)
                r, al = np.nonzero(reach[who] & (via >= 0))
                qa = via[r, al]
                n_int = a_int[who[r], al].astype(np.int64)
                m = first[qa] + np.where(split[qa], n_int & 1, 0)
                tenths = np.rint(cm[who[r], al] * 10.0)
                part.append((rows[who[r]], m, n_int, tenths))
            a, m, c, tenths = (np.concatenate(x) for x in zip(*part, strict=True))
            o = np.argsort(a, kind="stable")  # by applicant; within it as listed above
            arcs.append(tuple(x[o].astype(np.int32) for x in (a, m, c, tenths)))
            for who, kk in mk.pairs(rows):  # pairs whose rounding needs more than parity
                on = np.isin(kk, near_u)
                for u, g in zip(near_u.tolist(), near_g.tolist(), strict=True):
                    w = who[on & (kk == u)]
                    w = w[reach[w, loc[g]]]
                    g_arr = np.full(len(w), g)
                    mins = cm[w, loc[g]]
                    direct.append((rows[w], g_arr, self.pair_cost(rows[w], g_arr, mins), mins))
        return arcs, direct

    def _kind_parts(self, rep: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Bedroom misfit and rent term of (kind representative, group) pairs, as the cost
        matrix computes them."""
        prep, t = self.prep, self.prep.groups
        bed, need = prep._bedroom_terms(t)
        rent = prep.policy.rent_weight * t.rent[g] / np.maximum(prep.max_rent[rep], 1.0)
        return bed[need[rep], g], rent

    def pair_cost(self, i: np.ndarray, g: np.ndarray, minutes: np.ndarray) -> np.ndarray:
        """Exact published cost of (served position, group) pairs at these commute minutes:
        the cost matrix's float operations, in its order, on just these cells."""
        prep, t = self.prep, self.prep.groups
        a = self.served[i]
        pol = prep.policy
        c = pol.commute_weight * minutes
        bed, need = prep._bedroom_terms(t)
        c = c + bed[need[a], g]
        c = c + pol.rent_weight * t.rent[g] / np.maximum(prep.max_rent[a], 1.0)
        return np.rint(c).astype(np.int64)

    def read_out(self, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(commute minutes, cost) of each served applicant in its group."""
        t = self.prep.groups
        p = len(self.served)
        tenths = np.full(p, -1, dtype=np.int64)
        for lo in range(0, len(self.app_a), BLOCK):
            a = self.app_a[lo : lo + BLOCK]
            m = self.app_m[lo : lo + BLOCK]
            g = group[a]
            on = (self.mid_loc[m] == t.loc[g]) & (self.mid_res[m] == t.res[g])
            tenths[a[on]] = self.app_t[lo : lo + BLOCK][on]
        mins = tenths / 10.0  # the published minutes: the commute table's rint(10 m) / 10
        on = group[self.dir_a] == self.dir_g
        mins[self.dir_a[on]] = self.dir_min[on]
        return mins, self.pair_cost(np.arange(p), group, mins)

    def solve(
        self, shuffle: np.random.Generator | None, served_cls: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(group per served applicant, potentials over applicants, groups, sink).

        `served_cls`: the class of each served applicant in Phase 1's matching; its arcs
        keep the first priced network feasible.
        """
        p, n_g = len(self.served), len(self.prep.groups)
        sel = prices = None
        if len(self.app_a) > PRICE_ARCS and served_cls is not None:
            sel, prices = self._first_arcs(served_cls)
        used, f_mid, f_sink, d = self._solve_on(sel, shuffle)
        if prices is not None and self._settle(used, (f_mid, f_sink), prices):
            sel, d = None, prices
        rounds = 1
        while sel is not None:
            nxt, moving = self._priced_in(d, sel, prune=rounds <= PRUNE_ROUNDS)
            if nxt is None:
                break
            if moving <= MEND_AT:
                from allocation.repair import mend  # numba, loaded by city rounds only

                mend(p, n_g, *self._arcs(), self.prep.groups.size, used, (f_mid, f_sink), d)
                self._tighten(used, d)
                break
            sel = nxt
            used, f_mid, f_sink, d = self._solve_on(sel, shuffle)
            rounds += 1
        self.d = d
        return self._groups(used, f_mid), d[: p + n_g + 1]

    def _settle(
        self, used: np.ndarray, flows: tuple[np.ndarray, np.ndarray], d: np.ndarray
    ) -> bool:
        """Settle potentials d (the auction's) over every arc for this optimum of part of
        the network, in place (`allocation.settle`); False, all unchanged, if that takes
        too long."""
        from allocation.settle import settle  # numba, loaded by city rounds only

        p, n_g = len(self.served), len(self.prep.groups)
        ok, _, _ = settle(p, n_g, *self._arcs(), self.prep.groups.size, used, flows, d)
        if ok:
            self._tighten(used, d)
        return ok

    def _arcs(self) -> tuple[tuple[np.ndarray, ...], ...]:
        """The applicant, direct and middle arcs, as `repair` and `settle` take them."""
        return (
            (self.app_a, self.app_m, self.app_c),
            (self.dir_a, self.dir_g, self.dir_c),
            (self.mid_m, self.mid_g, self.mid_c),
        )

    def _tighten(self, used: np.ndarray, d: np.ndarray) -> None:
        """An applicant's only residual in-arc is its used arc, backward: raising its
        potential to that arc's bound keeps every other arc >= 0 and makes this one 0."""
        p, n_g, n_app = len(self.served), len(self.prep.groups), len(self.app_a)
        on = used < n_app
        j = used[on]
        d[np.flatnonzero(on)] = d[p + n_g + 1 + self.app_m[j].astype(np.int64)] - self.app_c[j]
        j = used[~on] - n_app
        d[np.flatnonzero(~on)] = d[p + self.dir_g[j]] - self.dir_c[j]

    def _groups(self, used: np.ndarray, f_mid: np.ndarray) -> np.ndarray:
        """The group of each served applicant: its direct arc's, or one of the units its
        middle node passes on (any order: the same cost)."""
        p, n_app = len(self.served), len(self.app_a)
        group = np.full(p, -1, dtype=np.int64)
        on = used >= n_app
        group[on] = self.dir_g[used[on] - n_app]
        ia = np.flatnonzero(~on)
        im = self.app_m[used[ia]]
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
        return group

    def _first_arcs(self, served_cls: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The arcs that are cheap at the prices of an auction over every arc (within
        AUCTION_MARGIN of the applicant's best value, `allocation.auction`), and the arc to
        the middle node of each applicant's Phase-1 class (so that the first network has a
        solution); and those prices as potentials of every node."""
        from allocation.auction import values  # numba, loaded by city rounds only

        cls = self.prep.classes
        val, value, low = values(
            len(self.served), self.app_a, self.app_m, self.app_c,
            (self.mid_m, self.mid_g, self.mid_c), self.n_mid, self.prep.groups.size,
            AUCTION_EPS, AUCTION_BIDS,
        )  # fmt: skip
        sel = np.zeros(len(self.app_a), dtype=bool)
        want_l, want_r = cls.loc[served_cls], cls.res[served_cls]
        for lo in range(0, len(self.app_a), BLOCK):
            a = self.app_a[lo : lo + BLOCK]
            m = self.app_m[lo : lo + BLOCK]
            v = self.app_c[lo : lo + BLOCK] + val[m]  # the arc's value at the auction's prices
            sel[lo : lo + BLOCK] = (v <= value[a] + AUCTION_MARGIN) | (
                (self.mid_loc[m] == want_l[a]) & (self.mid_res[m] == want_r[a])
            )
        # applicants, groups, the sink, middle nodes: a value is minus a potential
        return sel, np.concatenate([-value, -low, [0], -val]).astype(np.int64)

    def _reduced(self, d: np.ndarray, lo: int) -> np.ndarray:
        """Reduced costs of applicant arcs lo .. lo + BLOCK under potentials d."""
        m0 = len(self.served) + len(self.prep.groups) + 1
        a = self.app_a[lo : lo + BLOCK]
        m = self.app_m[lo : lo + BLOCK]
        return self.app_c[lo : lo + BLOCK] + d[a] - d[m0 + m.astype(np.int64)]

    def _priced_in(
        self, d: np.ndarray, sel: np.ndarray, *, prune: bool
    ) -> tuple[np.ndarray | None, int]:
        """The next round's arcs, or None when d prices no arc below zero (the optimum), and
        the number of applicants with an arc below zero.

        Each violating applicant brings in its K_ADD arcs of most negative reduced cost; with
        `prune`, arcs that d prices above KEEP go out (the solver's time grows with the
        arcs; the used ones price at 0).
        """
        cand_i, cand_a, cand_rc = [], [], []
        nxt = np.zeros(len(self.app_a), dtype=bool)
        for lo in range(0, len(self.app_a), BLOCK):
            rc = self._reduced(d, lo)
            neg = np.flatnonzero(rc < 0)
            cand_i.append(lo + neg)
            cand_a.append(self.app_a[lo : lo + BLOCK][neg])
            cand_rc.append(rc[neg])
            keep = sel[lo : lo + BLOCK]
            nxt[lo : lo + BLOCK] = keep & (rc <= KEEP) if prune else keep
        i, a, rc = (np.concatenate(x) for x in (cand_i, cand_a, cand_rc))
        if len(i) == 0:
            return None, 0
        o = np.lexsort((rc, a))  # by applicant, most negative first
        a = a[o]
        first = np.searchsorted(a, a, side="left")
        nxt[i[o][np.arange(len(a)) - first < K_ADD]] = True
        return nxt, len(np.unique(a))

    def _solve_on(
        self, sel: np.ndarray | None, shuffle: np.random.Generator | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Optimum of the network on the applicant arcs `sel` (all: None): each applicant's
        arc (an index into the applicant arcs, or their number + one into the direct arcs),
        the flow on each middle arc and into the sink from each group, and potentials with
        every used arc tight."""
        p, n_g = len(self.served), len(self.prep.groups)
        size = self.prep.groups.size
        sink, m0 = p + n_g, p + n_g + 1
        n_app = len(self.app_a)
        pick = np.arange(n_app) if sel is None else np.flatnonzero(sel)
        app_a, app_m = self.app_a[pick].astype(np.int64), self.app_m[pick].astype(np.int64)
        app_c = self.app_c[pick].astype(np.int64)
        mids = np.arange(len(self.mid_m))
        if sel is not None:
            # a middle node no arc enters carries nothing: left out of the solve (its arcs
            # come back for the potentials)
            entered = np.zeros(self.n_mid, dtype=bool)
            entered[app_m] = True
            mids = np.flatnonzero(entered[self.mid_m])
        mid_m, mid_g, mid_c = self.mid_m[mids], self.mid_g[mids], self.mid_c[mids]
        used_g = np.unique(np.concatenate([mid_g, self.dir_g]))
        tail = np.concatenate([app_a, m0 + mid_m, self.dir_a, p + used_g])
        head = np.concatenate([m0 + app_m, p + mid_g, p + self.dir_g])
        head = np.concatenate([head, np.full(len(used_g), sink)])
        cap = np.concatenate(
            [
                np.ones(len(app_a), dtype=np.int64),
                np.full(len(mid_m), p + 1, dtype=np.int64),  # never saturated: sink arcs cap
                np.ones(len(self.dir_a), dtype=np.int64),
                size[used_g],
            ]
        )
        cost = np.concatenate([app_c, mid_c, self.dir_c, np.zeros(len(used_g), dtype=np.int64)])
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
        n1, n2 = len(app_a), len(app_a) + len(mid_m)
        on = flow[:n1] > 0
        # the middle and sink arcs left out of the solve carry nothing, but they bound the
        # potentials of the nodes they leave
        idle_m = _others(len(self.mid_m), mids)
        idle_g = _others(n_g, used_g)
        n_idle = len(idle_m) + len(idle_g)
        d = least_potentials(
            n_nodes,
            sink,
            np.concatenate([tail, m0 + self.mid_m[idle_m], p + idle_g]),
            np.concatenate([head, p + self.mid_g[idle_m], np.full(len(idle_g), sink)]),
            np.concatenate([cost, self.mid_c[idle_m], np.zeros(len(idle_g), dtype=np.int64)]),
            np.concatenate([cap, np.full(len(idle_m), p + 1), size[idle_g]]),
            np.concatenate([flow, np.zeros(n_idle, dtype=np.int64)]),
        )
        used = np.full(p, -1, dtype=np.int64)
        used[app_a[on]] = pick[on]
        on = flow[n2 : n2 + len(self.dir_a)] > 0
        used[self.dir_a[on]] = n_app + np.flatnonzero(on)
        f_mid = np.zeros(len(self.mid_m), dtype=np.int64)
        f_mid[mids] = flow[n1:n2]
        f_sink = np.zeros(n_g, dtype=np.int64)
        f_sink[used_g] = flow[n2 + len(self.dir_a) :]
        self._tighten(used, d)
        return used, f_mid, f_sink, d

    def tight(self) -> tuple[np.ndarray, np.ndarray]:
        """Every eligible (served position, group) pair of reduced cost 0 under `solve`'s
        potentials; each leg is >= 0 (checked), so a pair is tight when both legs are."""
        d = self.d
        p, n_g = len(self.served), len(self.prep.groups)
        m0 = p + n_g + 1
        rc_m = self.mid_c + d[m0 + self.mid_m] - d[p + self.mid_g]
        rc_d = self.dir_c + d[self.dir_a] - d[p + self.dir_g]
        ta, tm = [], []
        for lo in range(0, len(self.app_a), BLOCK):
            rc_a = self._reduced(d, lo)
            if (rc_a < 0).any():
                raise CertificateError("best-fit phase (compact): a negative reduced cost")
            ta.append(self.app_a[lo : lo + BLOCK][rc_a == 0].astype(np.int64))
            tm.append(self.app_m[lo : lo + BLOCK][rc_a == 0].astype(np.int64))
        if (rc_m < 0).any() or (rc_d < 0).any():
            raise CertificateError("best-fit phase (compact): a negative reduced cost")
        ta = np.concatenate(ta) if ta else np.empty(0, dtype=np.int64)
        tm = np.concatenate(tm) if tm else np.empty(0, dtype=np.int64)
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


def _others(n: int, taken: np.ndarray) -> np.ndarray:
    """0..n-1 without `taken`, ascending (np.setdiff1d without its sort)."""
    free = np.ones(n, dtype=bool)
    free[taken] = False
    return np.flatnonzero(free)
