"""`priority-flow` Phase 1: the set of applicants that greedy-by-order would serve.

Sets of applicants that can be housed together form a transversal matroid, so greedy-by-order
equals the maximum-weight matching under any weights that strictly decrease along the order;
one min-cost flow with cost -(P - position) on each applicant's source arc finds it.

Two reductions keep that flow small, both exact:
- Applicants whose eligible classes are the same set share one *profile* node: each keeps its
  own source arc and weight, so the flow still prefers the better-ranked members.
- The queue is taken in blocks. After a block only classes that some matching of the served set
  can leave with a free unit (the slack set Z) can ever take a later applicant, and Z only
  shrinks as the served set grows. A later applicant therefore enters a flow only if it is
  eligible for a class in Z, and only with its arcs into Z: in any matching of a larger set it
  can use no other unit. Most of a long queue never enters a flow at all.

`served_set` runs this through middle and zone nodes (`allocation.priority`), far fewer arcs;
the version here, with one arc per eligible class, is the reference the tests hold it to and
the way when the middle kinds' table would be too large.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from allocation.eligibility import Prepared


class FlowError(RuntimeError):
    """The solver did not reach an optimum; never expected on valid input."""


@dataclass
class Scan:
    """What the pass over the whole queue learnt about every applicant."""

    any_eligible: np.ndarray  # bool per applicant
    eligible_units: np.ndarray  # eligible units per applicant
    pairs: int  # eligible (applicant, unit) pairs in total


def solve_flow(smcf: min_cost_flow.SimpleMinCostFlow, what: str) -> None:
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise FlowError(f"{what}: min-cost flow ended with status {status}")


class _ClassProfiles:
    """Distinct eligibility rows (sets of classes), interned by their packed bits."""

    def __init__(self) -> None:
        self.ids: dict[bytes, int] = {}
        self.classes: list[np.ndarray] = []

    def add(self, rows: np.ndarray) -> np.ndarray:
        packed = np.packbits(rows, axis=1)
        out = np.empty(len(rows), dtype=np.int64)
        for i in range(len(rows)):
            key = packed[i].tobytes()
            pid = self.ids.get(key)
            if pid is None:
                pid = self.ids[key] = len(self.classes)
                self.classes.append(np.flatnonzero(rows[i]))
            out[i] = pid
        return out


def _phase1(
    pool_prof: np.ndarray, profiles: _ClassProfiles, cap: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Max-weight matching of the pool (sorted by rank) over profile -> class arcs.

    Returns (served mask over the pool, class of each served member or -1, profile arcs
    as (profile, class, flow) for the slack computation).
    """
    p = len(pool_prof)
    used, local = np.unique(pool_prof, return_inverse=True)
    members = np.bincount(local, minlength=len(used))
    pe_p = np.concatenate([np.full(len(profiles.classes[u]), i) for i, u in enumerate(used)])
    pe_c = np.concatenate([profiles.classes[u] for u in used])
    src, sink, prof0 = 0, 1, 2
    cls0 = prof0 + len(used)
    smcf = min_cost_flow.SimpleMinCostFlow()
    pos = np.arange(p, dtype=np.int64)
    a_src = smcf.add_arcs_with_capacity_and_unit_cost(
        np.zeros(p, dtype=np.int64), prof0 + local, np.ones(p, dtype=np.int64), -(p - pos)
    )
    a_pc = smcf.add_arcs_with_capacity_and_unit_cost(
        prof0 + pe_p, cls0 + pe_c, members[pe_p], np.zeros(len(pe_p), dtype=np.int64)
    )
    cls_used = np.unique(pe_c)
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
    flow = smcf.flows(a_pc)
    # hand each profile's classes to its served members, best-ranked first (any split works)
    match = np.full(p, -1, dtype=np.int64)
    on = flow > 0
    slots = np.repeat(pe_c[on], flow[on])
    slot_prof = np.repeat(pe_p[on], flow[on])
    who = np.flatnonzero(served)
    who = who[np.argsort(local[who], kind="stable")]
    order = np.argsort(slot_prof, kind="stable")
    match[who] = slots[order]
    return served, match, (used[pe_p], pe_c, flow)


def _slack(
    arcs: tuple[np.ndarray, np.ndarray, np.ndarray], cap: np.ndarray, match: np.ndarray
) -> np.ndarray:
    """Classes that some matching of the served set leaves with a free unit."""
    load = np.bincount(match[match >= 0], minlength=len(cap))
    z = load < cap
    prof, cls, flow = arcs
    n_prof = int(prof.max()) + 1 if len(prof) else 0
    while True:
        # a profile with an arc into Z can move a member there, freeing the class it holds
        movable = np.zeros(n_prof, dtype=bool)
        movable[prof[z[cls]]] = True
        grow = cls[(flow > 0) & movable[prof] & ~z[cls]]
        if len(grow) == 0:
            return z
        z[grow] = True


def served_set(prep: Prepared, block: int | None = None) -> tuple[np.ndarray, np.ndarray, Scan]:
    """Phase 1 over the whole queue.

    Returns (served applicant indices in order, the class each holds in one feasible
    matching, the scan of the queue).
    """
    from allocation.priority import served_through_middle

    through_middle = served_through_middle(prep, block)
    if through_middle is not None:
        return through_middle
    return _served_by_classes(prep, block)


FIRST_BLOCK = 1.2  # applicants per unit in the first block (docs/benchmarks.md, fifth pass)


def first_block(cap: np.ndarray) -> int:
    """The first block's size: a little more than the units, so that it fills most of them
    while its flow stays small."""
    return max(1024, int(FIRST_BLOCK * cap.sum()))


def blocks(n: int, block: int) -> list[int]:
    """Block edges: the first block fills most units; the slack left after it is small, so
    the rest of the queue can go in one pass (growing blocks keep each flow near the size of
    the first)."""
    edges = [0]
    while edges[-1] < n:
        edges.append(min(n, edges[-1] + block * len(edges) ** 2))
    return edges


def _served_by_classes(prep: Prepared, block: int | None) -> tuple[np.ndarray, np.ndarray, Scan]:
    """Phase 1 on profile -> class arcs: the reference that the middle nodes must match,
    and the way when their table would be too large."""
    cls = prep.classes
    cap = cls.size
    n = len(prep.order)
    block = block or first_block(cap)
    any_el = np.zeros(n, dtype=bool)
    n_units = np.zeros(n, dtype=np.int64)
    profiles = _ClassProfiles()
    app_prof = np.full(n, -1, dtype=np.int64)
    served = np.empty(0, dtype=np.int64)
    served_cls = np.empty(0, dtype=np.int64)
    z = cap > 0
    for start, stop in itertools.pairwise(blocks(n, block)):
        blk = prep.order[start:stop]
        new: list[np.ndarray] = []
        for ch in prep.chunks(blk, len(cls)):
            ok = prep.eligible(ch, cls)
            n_units[ch] = ok.astype(np.int64) @ cap
            any_el[ch] = n_units[ch] > 0
            if z.any():
                ok &= z[None, :]
                has = ok.any(axis=1)
                app_prof[ch[has]] = profiles.add(ok[has])
                new.append(ch[has])
        fresh = np.concatenate(new) if new else np.empty(0, dtype=np.int64)
        if len(fresh) == 0:
            continue
        pool = np.concatenate([served, fresh])  # both already in rank order, served first
        pool = pool[np.argsort(prep.rank[pool], kind="stable")]
        ok_served, match, arcs = _phase1(app_prof[pool], profiles, cap)
        served, served_cls = pool[ok_served], match[ok_served]
        z = _slack(arcs, cap, match)
    scan = Scan(any_eligible=any_el, eligible_units=n_units, pairs=int(n_units.sum()))
    return served, served_cls, scan
