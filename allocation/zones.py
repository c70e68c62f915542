"""A tree over unit locations, so that a set of reachable locations costs few arcs.

Phase 1 only asks which units an applicant may take, not at what cost. So the applicant's
arcs to every reachable (location, middle kind) node can be replaced by arcs to *zone*
nodes: a zone is a subtree of a k-d tree over the locations, and a zone node (zone, middle
kind) leads to every middle node of that kind inside it. An applicant gets a zone's node
only when every location of the zone that has such a middle node is within its commute,
so the arcs describe exactly the same eligible set: the minimal cover of that set by
subtrees, about ten times fewer arcs than locations on a city-wide round.
"""

from __future__ import annotations

import numpy as np


class LocationTree:
    """k-d tree over locations, nodes in preorder; leaves are single locations."""

    def __init__(self, points: np.ndarray) -> None:
        n = len(points)
        lo, hi, parent, depth = [], [], [], []
        order: list[int] = []
        leaf_node = np.full(n, -1, dtype=np.int64)
        # iterative preorder: (location indices, parent node, depth)
        stack: list[tuple[np.ndarray, int, int]] = [(np.arange(n), -1, 0)] if n else []
        start = 0
        while stack:
            idx, par, d = stack.pop()
            me = len(lo)
            parent.append(par)
            depth.append(d)
            if len(idx) == 1:
                lo.append(start)
                hi.append(start + 1)
                order.append(int(idx[0]))
                leaf_node[idx[0]] = me
                start += 1
                continue
            lo.append(start)
            hi.append(start + len(idx))
            axis = d % 2
            idx = idx[np.lexsort((idx, points[idx, axis]))]
            h = len(idx) // 2
            stack.append((idx[h:], me, d + 1))  # popped second: its leaves come after
            stack.append((idx[:h], me, d + 1))
        self.lo = np.array(lo, dtype=np.int64)
        self.hi = np.array(hi, dtype=np.int64)
        self.parent = np.array(parent, dtype=np.int64)
        self.depth = np.array(depth, dtype=np.int64)
        self.order = np.array(order, dtype=np.int64)  # location of each leaf position
        self.leaf_pos = np.empty(n, dtype=np.int64)  # leaf position of each location
        self.leaf_pos[self.order] = np.arange(n)
        self.leaf_node = leaf_node
        # children (-1 at a leaf): in preorder a node's left half comes right after it
        self.left = np.full(len(lo), -1, dtype=np.int64)
        self.right = np.full(len(lo), -1, dtype=np.int64)
        kid = np.flatnonzero(self.parent >= 0)
        par = self.parent[kid]
        first = kid == par + 1
        self.left[par[first]] = kid[first]
        self.right[par[~first]] = kid[~first]

    def __len__(self) -> int:
        return len(self.lo)


class Zones:
    """Zone nodes over the middle nodes of each middle kind.

    `rep[t, k]` is the node that stands for tree node t and middle kind k: the middle node
    itself at a leaf, a zone node where both halves hold middle nodes of kind k, the one
    half's node where only that half does, -1 where none. Zone nodes are numbered from
    `first` on; `arc_t -> arc_h` are their arcs to the two halves.
    """

    def __init__(self, tree: LocationTree, keymap: np.ndarray, first: int) -> None:
        n_t, n_k = len(tree), keymap.shape[1]
        rep = np.full((n_t, n_k), -1, dtype=np.int64)
        leaves = tree.leaf_node >= 0
        rep[tree.leaf_node[leaves]] = keymap[leaves]
        kids: list[list[int]] = [[] for _ in range(n_t)]
        for t, par in enumerate(tree.parent.tolist()):
            if par >= 0:
                kids[par].append(t)
        tails, heads, depth = [], [], []
        nxt = first
        for t in range(n_t - 1, -1, -1):  # children before parents
            if not kids[t]:
                continue
            a, b = rep[kids[t][0]], rep[kids[t][1]]
            both = (a >= 0) & (b >= 0)
            ids = np.full(n_k, -1, dtype=np.int64)
            ids[both] = nxt + np.arange(int(both.sum()))
            nxt += int(both.sum())
            tails += [ids[both], ids[both]]
            heads += [a[both], b[both]]
            depth.append(np.full(int(both.sum()), tree.depth[t]))
            rep[t] = np.where(both, ids, np.where(a >= 0, a, b))
        self.rep = rep
        self.first, self.count = first, nxt - first
        self.arc_t = np.concatenate(tails) if tails else np.empty(0, dtype=np.int64)
        self.arc_h = np.concatenate(heads) if heads else np.empty(0, dtype=np.int64)
        self.depth = np.concatenate(depth) if depth else np.empty(0, dtype=np.int64)
        self.tree = tree
        # per middle kind: its locations in leaf order, and the tree nodes that hold any
        self._absent = np.ascontiguousarray(~(keymap >= 0)[tree.order].T)  # (kinds, leaves)
        self._cols: list[tuple[np.ndarray, np.ndarray]] = []
        self._flat: tuple[np.ndarray, ...] | None = None
        for k in range(n_k):
            cols = np.flatnonzero(rep[:, k] >= 0)
            pos = np.full(n_t, -1, dtype=np.int64)
            pos[cols] = np.arange(len(cols))
            par = tree.parent[cols]
            self._cols.append((cols, np.where(par >= 0, pos[par], -1)))  # -1: the root

    def flat_cols(self) -> tuple[np.ndarray, ...]:
        """Every (middle kind, tree node holding one) in kind, then preorder: per kind its
        start, and per entry the leaf position (-1 above the leaves) and the entry of its
        parent and of its two halves (-1 for none), for the compiled cover
        (`allocation.sparse.cover_arcs`)."""
        if self._flat is None:
            tree = self.tree
            n_t, n_k = self.rep.shape
            k, t = np.nonzero((self.rep >= 0).T)
            key = k * n_t + t

            def entry(other: np.ndarray) -> np.ndarray:
                want = k * n_t + other
                at = np.minimum(np.searchsorted(key, want), max(len(key) - 1, 0))
                hit = (other >= 0) & (key[at] == want) if len(key) else other < -1
                return np.where(hit, at, -1)

            start = np.searchsorted(k, np.arange(n_k + 1))
            leaf = np.full(n_t, -1, dtype=np.int64)
            on = tree.leaf_node >= 0
            leaf[tree.leaf_node[on]] = tree.leaf_pos[on]
            self._flat = (
                start,
                t,
                leaf[t],
                entry(tree.parent[t]),
                entry(tree.left[t]),
                entry(tree.right[t]),
            )
        return self._flat

    def live(self, mid_live: np.ndarray) -> np.ndarray:
        """Liveness of every node (middle nodes as given, zones when a half is live)."""
        out = np.concatenate([mid_live, np.zeros(self.count, dtype=bool)])
        d = self.depth[self.arc_t - self.first]
        for level in np.unique(d)[::-1]:  # deepest zones first
            on = d == level
            np.logical_or.at(out, self.arc_t[on], out[self.arc_h[on]])
        return out

    def cover(self, reach: np.ndarray, kk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, node) arcs: the fewest subtrees whose nodes of each row's middle kind kk
        are all reachable and together hold every reachable middle node of that kind."""
        tree = self.tree
        out_r, out_n = [], []
        for k in np.unique(kk).tolist():
            rows = np.flatnonzero(kk == k)
            cols, up_pos = self._cols[k]
            if len(cols) == 0:
                continue
            eff = reach[rows][:, tree.order] | self._absent[k]  # no such node there: no matter
            cs = np.zeros((len(rows), eff.shape[1] + 1), dtype=np.int32)
            np.cumsum(eff, axis=1, out=cs[:, 1:])
            lo, hi = tree.lo[cols], tree.hi[cols]
            full = (cs[:, hi] - cs[:, lo]) == (hi - lo)[None, :]
            up = np.zeros_like(full)
            inner = up_pos >= 0
            up[:, inner] = full[:, up_pos[inner]]
            r, c = np.nonzero(full & ~up)
            out_r.append(rows[r])
            out_n.append(self.rep[cols[c], k])
        if not out_r:
            e = np.empty(0, dtype=np.int64)
            return e, e.copy()
        return np.concatenate(out_r), np.concatenate(out_n)
