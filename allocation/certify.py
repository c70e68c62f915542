"""Optimality certificate and canonical tie-break of the best-fit phase.

The best-fit flow is solved on a subset of the eligible arcs. Node potentials on the residual
graph of its optimum give every arc of the *full* graph a reduced cost; when none is negative,
no cheaper matching of the served set exists (LP duality), whichever arcs were left out. The
same potentials say which arcs some optimal matching may use (reduced cost 0), which lets the
last step pick one optimum canonically, whatever optimum the solver returned.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

FAR = 1 << 40  # path length to the sink of a node that has none
COMPILED_ARCS = 2_000_000  # residual arcs from which the compiled shortest paths pay


class CertificateError(RuntimeError):
    """The residual graph of a claimed optimum has a negative cycle; never expected."""


@dataclass
class Arcs:
    """(applicant, group, cost) arcs of the restricted best-fit graph, sorted by (a, g)."""

    a: np.ndarray
    g: np.ndarray
    c: np.ndarray

    @classmethod
    def union(cls, n_groups: int, parts: list[Arcs]) -> Arcs:
        a = np.concatenate([x.a for x in parts])
        g = np.concatenate([x.g for x in parts])
        c = np.concatenate([x.c for x in parts])
        _, first = np.unique(a * n_groups + g, return_index=True)
        return cls(a[first], g[first], c[first])

    def __len__(self) -> int:
        return len(self.a)


def potentials(
    n_apps: int,
    size: np.ndarray,
    arcs: Arcs,
    used: np.ndarray,
    warm: np.ndarray | None,
    to_sink: np.ndarray | None = None,
) -> np.ndarray:
    """Feasible potentials d of the residual graph (d[head] <= d[tail] + cost on every arc).

    Nodes: applicants 0..p-1, groups p..p+G-1, the sink p+G. Unused arcs point forward, used
    ones backward at minus their cost; group <-> sink arcs by load. Starting from the previous
    round's potentials, only the arcs the new optimum changed need relaxing. `to_sink`: the
    groups joined to the sink (default all).
    """
    p, n_g = n_apps, len(size)
    sink = p + n_g
    load = np.bincount(arcs.g[used], minlength=n_g)
    gi = np.arange(n_g) if to_sink is None else np.flatnonzero(to_sink)
    free, busy = gi[load[gi] < size[gi]], gi[load[gi] > 0]
    tail = np.concatenate([np.where(used, p + arcs.g, arcs.a), p + free, np.full(len(busy), sink)])
    head = np.concatenate([np.where(used, arcs.a, p + arcs.g), np.full(len(free), sink), p + busy])
    cost = np.concatenate([np.where(used, -arcs.c, arcs.c), np.zeros(len(free) + len(busy), int)])
    d = np.zeros(sink + 1, dtype=np.int64) if warm is None else warm.copy()
    relax(d, tail, head, cost)
    # an applicant's only residual in-arc is its used arc, backward: raising d[a] to that
    # bound keeps every constraint and makes each used arc's reduced cost exactly 0
    d[arcs.a[used]] = d[p + arcs.g[used]] - arcs.c[used]
    return d


def relax(d: np.ndarray, tail: np.ndarray, head: np.ndarray, cost: np.ndarray) -> None:
    """Bellman-Ford in place from `d`: afterwards d[head] <= d[tail] + cost on every arc.

    The result (each node's least d[u] + path length) does not depend on the order of the
    arcs. Arcs are sorted by tail once, so each pass reads only the arcs out of nodes that
    moved in the previous one.
    """
    n = len(d)
    o = np.argsort(tail, kind="stable")
    tail, head, cost = tail[o], head[o], cost[o]
    starts = np.searchsorted(tail, np.arange(n + 1))
    active = np.arange(len(tail))
    for _ in range(n + 2):
        cand = d[tail[active]] + cost[active]
        better = cand < d[head[active]]
        if not better.any():
            return
        heads = head[active][better]
        np.minimum.at(d, heads, cand[better])
        moved = np.unique(heads)
        cnt = starts[moved + 1] - starts[moved]
        first = np.repeat(starts[moved] - np.cumsum(cnt) + cnt, cnt)
        active = first + np.arange(len(first))
    raise CertificateError("best-fit phase: negative cycle in an optimal residual graph")


def tie_weights(app_key: np.ndarray, group: np.ndarray) -> np.ndarray:
    """A fixed pseudo-random 40-bit weight per (applicant, group) arc (splitmix64 finaliser)."""
    x = (app_key.astype(np.uint64) << np.uint64(32)) ^ group.astype(np.uint64)
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(24)).astype(np.int64)


def isolated_optimum(
    n_apps: int,
    size: np.ndarray,
    tight_a: np.ndarray,
    tight_g: np.ndarray,
    sink_rc: np.ndarray,
    app_key: np.ndarray,
) -> np.ndarray | None:
    """The optimal matching of least total tie weight, or None if that one is not unique.

    A min-cost flow over the optimal face only: tight arcs at their tie weight, groups that
    must stay full as demands, groups that must stay empty left out, the others joined to
    the sink up to their size. With random weights the least one is unique almost surely
    (isolation lemma); uniqueness is then proved by the absence of a zero-cost cycle.
    """
    p, n_g = n_apps, len(size)
    keep = sink_rc[tight_g] <= 0
    arcs = Arcs(tight_a[keep], tight_g[keep], tie_weights(app_key[tight_a[keep]], tight_g[keep]))
    flexible = sink_rc == 0
    full = np.flatnonzero(sink_rc < 0)
    flex = np.flatnonzero(flexible)
    sink = p + n_g
    smcf = min_cost_flow.SimpleMinCostFlow()
    ids = smcf.add_arcs_with_capacity_and_unit_cost(
        arcs.a, p + arcs.g, np.ones(len(arcs), dtype=np.int64), arcs.c
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        p + flex, np.full(len(flex), sink), size[flex], np.zeros(len(flex), dtype=np.int64)
    )
    nodes = np.concatenate([np.arange(p), p + full, [sink]])
    supply = np.concatenate([np.ones(p, dtype=np.int64), -size[full], [-(p - size[full].sum())]])
    smcf.set_nodes_supplies(nodes.astype(np.int64), supply.astype(np.int64))
    if smcf.solve() != smcf.OPTIMAL:
        raise CertificateError("best-fit phase: the optimal face has no matching")
    used = smcf.flows(ids) > 0
    d = potentials(p, size, arcs, used, None, to_sink=flexible)
    # residual arcs of reduced cost 0; a cycle among them is another optimum of equal weight
    load = np.bincount(arcs.g[used], minlength=n_g)
    rc = arcs.c + d[arcs.a] - d[p + arcs.g]
    zero = ~used & (rc == 0)
    tail = np.concatenate([arcs.a[zero], p + arcs.g[used]])
    head = np.concatenate([p + arcs.g[zero], arcs.a[used]])
    g_rc = d[p + flex] - d[sink]
    into_sink = np.zeros(sink, dtype=bool)
    into_sink[p + flex[(load[flex] < size[flex]) & (g_rc == 0)]] = True
    out_of_sink = p + flex[(load[flex] > 0) & (g_rc == 0)]
    if not _no_zero_cycle(sink, tail, head, into_sink, out_of_sink):
        return None
    group = np.full(p, -1, dtype=np.int64)
    group[arcs.a[used]] = arcs.g[used]
    return group


def _layers(n: int, tail: np.ndarray, head: np.ndarray) -> list[np.ndarray] | None:
    """Kahn's algorithm, a layer of sources at a time, reading only the arcs out of each
    layer (arcs sorted by tail once); None when the graph has a cycle."""
    indeg = np.bincount(head, minlength=n)
    o = np.argsort(tail, kind="stable")
    tail, head = tail[o], head[o]
    starts = np.searchsorted(tail, np.arange(n + 1))
    frontier = np.flatnonzero(indeg == 0)
    layers = []
    seen = 0
    while len(frontier):
        layers.append(frontier)
        seen += len(frontier)
        idx = out_arcs(starts, frontier)
        hit = head[idx]
        np.subtract.at(indeg, hit, 1)
        cand = np.unique(hit)
        frontier = cand[indeg[cand] == 0]  # a node reaches 0 once: all its in-arcs are counted
    return layers if seen == n else None


def out_arcs(starts: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Positions of the arcs out of `nodes`, in arcs sorted by tail."""
    cnt = starts[nodes + 1] - starts[nodes]
    return np.repeat(starts[nodes] - np.cumsum(cnt) + cnt, cnt) + np.arange(cnt.sum())


def _acyclic(n: int, tail: np.ndarray, head: np.ndarray) -> bool:
    return _layers(n, tail, head) is not None


def _no_zero_cycle(
    n: int, tail: np.ndarray, head: np.ndarray, into_sink: np.ndarray, out_of_sink: np.ndarray
) -> bool:
    """No cycle among the zero arcs, the sink included, but a group's own pair g -> sink -> g.

    That pair only pushes one unit out of a partly filled group and back: the same flow,
    not another optimum. Every other cycle through the sink leaves it towards some group g
    and comes back from another group h along a path g ~> h of at least one arc; so the
    face is a single point when the arcs without the sink are acyclic and no group the sink
    can lower reaches, in one arc or more, a group that can send to the sink.
    """
    layers = _layers(n, tail, head)
    if layers is None:
        return False
    o = np.argsort(tail, kind="stable")
    tail, head = tail[o], head[o]
    starts = np.searchsorted(tail, np.arange(n + 1))
    reaches = np.zeros(n, dtype=bool)  # a path of >= 1 arc to a node with an arc into the sink
    for layer in reversed(layers):
        idx = out_arcs(starts, layer)
        hit = into_sink[head[idx]] | reaches[head[idx]]
        np.logical_or.at(reaches, tail[idx], hit)
    return not reaches[out_of_sink].any()


def canonical(
    group: np.ndarray,
    tight_a: np.ndarray,
    tight_g: np.ndarray,
    size: np.ndarray,
    sink_rc: np.ndarray,
) -> np.ndarray:
    """The lexicographically smallest optimal matching, applicants taken in rank order.

    `group` is one optimal matching (applicants 0..p-1 in rank order), `tight_*` every arc of
    the full graph with reduced cost 0 (sorted by applicant, then group) and `sink_rc` each
    group's reduced cost towards the sink. The optimal matchings are exactly those that use
    tight arcs only and change the load of no group whose `sink_rc` is not 0, and any two of
    them differ by cycles of such moves. So each applicant in turn takes its smallest group
    reachable by one such cycle that leaves better-ranked applicants where they are.
    """
    group = group.copy()
    p = len(group)
    starts = np.searchsorted(tight_a, np.arange(p + 1))
    members: list[set[int]] = [set() for _ in range(len(size))]
    for a, g in enumerate(group.tolist()):
        members[g].add(a)
    load = np.bincount(group, minlength=len(size))
    flexible = sink_rc == 0
    for a in range(p):
        options = tight_g[starts[a] : starts[a + 1]]
        for g2 in options[options < group[a]].tolist():
            moves = _cycle(a, g2, group, members, load, size, flexible, tight_g, starts)
            if moves is not None:
                for b, src, dst in moves:
                    members[src].discard(b)
                    members[dst].add(b)
                    group[b] = dst
                    load[src] -= 1
                    load[dst] += 1
                break
    return group


_SINK = -1


def _cycle(
    a: int,
    g2: int,
    group: np.ndarray,
    members: list[set[int]],
    load: np.ndarray,
    size: np.ndarray,
    flexible: np.ndarray,
    tight_g: np.ndarray,
    starts: np.ndarray,
) -> list[tuple[int, int, int]] | None:
    """Moves (applicant, from, to) of a zero-cost cycle that puts `a` into `g2`, or None.

    Breadth-first over groups that hold one applicant too many, starting at g2: such a group
    sheds a worse-ranked applicant along one of its tight arcs, or, when flexible and not
    full, keeps it (through the sink, after which some flexible group must shed one). The
    cycle closes at a's own group, which a leaves.
    """
    target = int(group[a])
    prev: dict[int, tuple[int, int]] = {g2: (-2, -2)}  # node -> (previous node, applicant moved)
    queue = deque([g2])
    found = False
    while queue and not found:
        x = queue.popleft()
        if x == _SINK:
            nxt = np.flatnonzero(flexible & (load > 0)).tolist()
            steps = [(y, -1) for y in nxt]
        else:
            steps = []
            if flexible[x] and load[x] < size[x]:
                steps.append((_SINK, -1))
            for b in members[x]:
                if b <= a:
                    continue
                for y in tight_g[starts[b] : starts[b + 1]].tolist():
                    if y != x:
                        steps.append((y, b))
        for y, b in steps:
            if y in prev:
                continue
            prev[y] = (x, b)
            if y == target:
                found = True
                break
            queue.append(y)
    if not found:
        return None
    moves = [(a, target, g2)]
    y = target
    while y != g2:
        x, b = prev[y]
        if b >= 0:
            moves.append((b, x, y))
        y = x
    return moves


def least_potentials(
    n: int,
    sink: int,
    tail: np.ndarray,
    head: np.ndarray,
    cost: np.ndarray,
    cap: np.ndarray,
    flow: np.ndarray,
) -> np.ndarray:
    """Feasible potentials (d[head] <= d[tail] + cost on every residual arc): minus each
    node's least path length to the sink.

    These are the least potentials that are feasible with the sink at 0, so they price the
    arcs the flow did not see (into middle nodes, from applicants) as high as any optimal
    dual can: the fewest applicants to move. A node with no path to the sink keeps a length
    near FAR, far beyond every real one.
    """
    fwd = flow < cap
    back = flow > 0
    rt = np.concatenate([tail[fwd], head[back]])
    rh = np.concatenate([head[fwd], tail[back]])
    rc = np.concatenate([cost[fwd], -cost[back]])
    if len(rt) < COMPILED_ARCS:
        e = np.full(n, FAR, dtype=np.int64)
        e[sink] = 0
        relax(e, rh, rt, rc)  # e[tail] <= e[head] + cost: the same lengths, in numpy passes
        return -e
    from allocation.repair import to_sink  # numba: loading it costs more than small rounds

    return -to_sink(n, sink, rt, rh, rc, FAR)
