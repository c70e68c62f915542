"""Phase 1's later blocks read their sparse rows in a second process, during the first flow.

On a city round the first block's flow (OR-Tools, which holds the interpreter's lock for
the whole solve) takes about 40 s, and the later blocks' sparse commute rows, eligible
units and zone covers take about 15 s more, one after the other. None of those rows
depends on the first flow's result except through the live nodes, and the live nodes only
filter the covers (`_Middle.sparse_arcs` keeps a cover node when it is live, and nothing
else in a cover depends on them). So a forked process reads the later chunks with every
node live while the first flow runs, and Phase 1 then filters each chunk's covers by the
nodes that are live by then: the same arcs, in the same order, as reading them after.

Only on a machine with a second CPU, and only for rounds read from sparse rows. A child
that fails or dies leaves Phase 1 to read the rows itself, as it would without one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from allocation.forked import Forked, spare_cpu

if TYPE_CHECKING:
    from allocation.eligibility import Prepared
    from allocation.priority import _Middle

Rows = tuple[np.ndarray, np.ndarray, np.ndarray]  # eligible units, cover arcs (row, node)


def _read(prep: Prepared, mid: _Middle, chunks: list[np.ndarray]) -> list[Rows]:
    """In the child: every chunk's units and covers, with every node live."""
    every = np.ones(mid.n, dtype=bool)
    got: list[Rows] = []
    for ch in chunks:
        rows = prep.reach(ch)
        a, m = mid.sparse_arcs(ch, rows, every)
        got.append((mid.sparse_units(ch, rows), a.astype(np.int32), m.astype(np.int32)))
    return got


class Ahead:
    """The later blocks' chunks, read by a child process started now."""

    def __init__(self, prep: Prepared, mid: _Middle, chunks: list[np.ndarray]) -> None:
        self._child: Forked | None = Forked(_read, prep, mid, chunks)
        self._got: list[Rows] | None = None

    def next(self, live: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]] | None:
        """The next chunk's (eligible units, cover arcs of the live nodes); None if the
        child failed (the caller reads the rows itself)."""
        if self._child is not None:
            self._got = self._child.result()
            self._child = None
            if self._got is not None:
                self._got.reverse()  # popped from the end, in order
        if not self._got:
            return None
        units, a, m = self._got.pop()
        keep = live[m]
        return units, (a[keep].astype(np.int64), m[keep].astype(np.int64))

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None


def worth_it(prep: Prepared, n_blocks: int) -> bool:
    """A second CPU, sparse rows, and blocks after the first."""
    return prep.sparse and n_blocks > 1 and spare_cpu()
