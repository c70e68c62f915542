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
) -> np.ndarray:
    """Feasible potentials d of the residual graph (d[head] <= d[tail] + cost on every arc).

    Nodes: applicants 0..p-1, groups p..p+G-1, the sink p+G. Unused arcs point forward, used
    ones backward at minus their cost; group <-> sink arcs by load. Starting from the previous
    round's potentials, only the arcs the new optimum changed need relaxing.
    """
    p, n_g = n_apps, len(size)
    sink = p + n_g
    load = np.bincount(arcs.g[used], minlength=n_g)
    gi = np.arange(n_g)
    free, busy = gi[load < size], gi[load > 0]
    tail = np.concatenate([np.where(used, p + arcs.g, arcs.a), p + free, np.full(len(busy), sink)])
    head = np.concatenate([np.where(used, arcs.a, p + arcs.g), np.full(len(free), sink), p + busy])
    cost = np.concatenate([np.where(used, -arcs.c, arcs.c), np.zeros(len(free) + len(busy), int)])
    d = np.zeros(sink + 1, dtype=np.int64) if warm is None else warm.copy()
    active = np.arange(len(tail))
    for _ in range(sink + 2):
        cand = d[tail[active]] + cost[active]
        better = cand < d[head[active]]
        if not better.any():
            break
        heads = head[active][better]
        np.minimum.at(d, heads, cand[better])
        changed = np.zeros(sink + 1, dtype=bool)
        changed[heads] = True
        active = np.flatnonzero(changed[tail])
    else:
        raise CertificateError("best-fit phase: negative cycle in an optimal residual graph")
    # an applicant's only residual in-arc is its used arc, backward: raising d[a] to that
    # bound keeps every constraint and makes each used arc's reduced cost exactly 0
    d[arcs.a[used]] = d[p + arcs.g[used]] - arcs.c[used]
    return d


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
