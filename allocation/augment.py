"""Phase 1's flow as greedy augmenting paths, compiled with numba.

The served set is the greedy-by-order basis of a transversal matroid: taking the queue in
order, an applicant is served when the ones served before it and it can all be matched at
once. So instead of a min-cost flow with a weight per rank, each applicant in turn looks for
an augmenting path from its profile node to a class with room, in the residual graph of the
flow so far (breadth first); found, the path is augmented and the applicant served; not
found, it is left out, and it stays so whatever comes later. The result is the same set as
the weighted flow's (a matroid's greedy basis is unique), on any tie-free order.

Dead nodes: when a search fails, every node it reached cannot reach a class with room, and
never will. Those nodes are closed under residual arcs, and later augmentations only add
arcs between nodes outside them (the reverses of paths that reach a class with room) and
only fill classes. So later searches skip them, which keeps the searches that fail, the
many at the end of a long queue, from reading the same region again.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _augment(first, n_nodes, out_start, out_arc, in_start, in_arc, tail, head, cap, room):
    """Serve each start node in turn where a path reaches room; returns (served, flow)."""
    n = len(first)
    flow = np.zeros(len(tail), np.int64)
    served = np.zeros(n, np.bool_)
    dead = np.zeros(n_nodes, np.bool_)
    seen = np.full(n_nodes, -1, np.int64)  # the search that last reached each node
    via = np.empty(n_nodes, np.int64)  # arc it was reached by: +(a + 1) forward, -(a + 1) back
    queue = np.empty(n_nodes, np.int64)
    for i in range(n):
        s = first[i]
        if dead[s]:
            continue
        seen[s] = i
        via[s] = 0
        queue[0] = s
        q_head, q_len = 0, 1
        found = -1
        while q_head < q_len and found < 0:
            u = queue[q_head]
            q_head += 1
            for k in range(out_start[u], out_start[u + 1]):
                a = out_arc[k]
                v = head[a]
                if flow[a] < cap[a] and seen[v] != i and not dead[v]:
                    seen[v] = i
                    via[v] = a + 1
                    if room[v] > 0:
                        found = v
                        break
                    queue[q_len] = v
                    q_len += 1
            if found >= 0:
                break
            for k in range(in_start[u], in_start[u + 1]):
                a = in_arc[k]
                v = tail[a]
                if flow[a] > 0 and seen[v] != i and not dead[v]:
                    seen[v] = i
                    via[v] = -(a + 1)
                    queue[q_len] = v
                    q_len += 1
        if found < 0:
            for k in range(q_len):
                dead[queue[k]] = True
            continue
        served[i] = True
        room[found] -= 1
        v = found
        while v != s:
            a = via[v]
            if a > 0:
                flow[a - 1] += 1
                v = tail[a - 1]
            else:
                flow[-a - 1] -= 1
                v = head[-a - 1]
    return served, flow


def greedy_flow(
    first: np.ndarray,
    n_nodes: int,
    tail: np.ndarray,
    head: np.ndarray,
    cap: np.ndarray,
    room: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(served per start, flow per arc, room left per node): the starts `first` (a node
    each, in queue order) served greedily through arcs (tail -> head, cap) into nodes with
    `room` (units a node can still take, 0 for all but the classes)."""
    tail, head = tail.astype(np.int64), head.astype(np.int64)
    out_start = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n_nodes), out=out_start[1:])
    in_start = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(head, minlength=n_nodes), out=in_start[1:])
    room = room.astype(np.int64).copy()
    served, flow = _augment(
        first.astype(np.int64),
        n_nodes,
        out_start,
        np.argsort(tail, kind="stable"),
        in_start,
        np.argsort(head, kind="stable"),
        tail,
        head,
        cap.astype(np.int64),
        room,
    )
    return served, flow, room
