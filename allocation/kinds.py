"""Middle nodes of the flow networks: what an applicant's eligibility is made of, apart from
the commute."""

from __future__ import annotations

import numpy as np

from allocation.eligibility import KIND_CELLS, Prepared, Targets


class MiddleKinds:
    """The kinds of the middle nodes: (base kind, reservation) pairs.

    Applicants' kinds differ mostly by which employer's reserved units admit them, and the
    cost never reads that. So a middle node is (location, base kind, one reservation key):
    the groups (or classes) there that are open to all (key 0) or under that reservation.
    An applicant joins its base kind's open node and, for each reservation admitting it,
    that node too; every eligible (applicant, target) pair is still exactly one path, at
    the same cost.
    """

    def __init__(self, prep: Prepared, apps: np.ndarray, targets: Targets) -> None:
        kinds, kinv = np.unique(prep.kind[apps], return_inverse=True)
        kinv = kinv.ravel()
        base, binv = np.unique(prep._kind_base[kinds], return_inverse=True)
        binv = binv.ravel()
        res = targets.res
        n_r = len(prep.reservations)
        # (base, reservation) pairs some applicant's kind holds, reservation 0 for every base
        held = np.zeros((len(base), n_r), dtype=bool)
        held[:, 0] = True
        ki, ri = np.nonzero(prep._kind_res[kinds][:, 1:])
        held[binv[ki], ri + 1] = True
        mb, mr = np.nonzero(held)
        self.n = len(mb)
        self.res = mr  # the reservation key of each middle kind
        mid = np.full((len(base), n_r), -1, dtype=np.int64)
        mid[mb, mr] = np.arange(self.n)
        # a kind of each middle kind: its base rules are the base's, and it admits mr
        rep_kind = np.full(self.n, -1, dtype=np.int64)
        for k in range(len(kinds)):
            ok = mid[binv[k]][prep._kind_res[kinds[k]]]
            ok = ok[ok >= 0]
            rep_kind[ok[rep_kind[ok] < 0]] = k
        self.rep = prep._kind_rep[kinds[rep_kind]]  # an applicant of each middle kind
        # the middle kinds x targets table, None when too large to build
        self.rows: np.ndarray | None = None
        if self.n * len(targets) <= KIND_CELLS:
            rows = prep.kind_rows(kinds[rep_kind], targets)
            self.rows = rows & (res[None, :] == mr[:, None])
        # each applicant's middle kinds: its base's open one, then its reservations
        self._main = mid[binv[kinv], 0]
        ea, er = np.nonzero(prep._kind_res[prep.kind[apps]][:, 1:])
        self._extra = (ea, mid[binv[kinv[ea]], er + 1])

    def pairs(self, rows: np.ndarray | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
        """(positions, middle kind of each) in blocks, first everyone's open kind; positions
        into `rows` (a subset of the apps' positions) when given, else into the apps."""
        main, (ea, ek) = self._main, self._extra
        if rows is None:
            return [(np.arange(len(main)), main), (ea, ek)]
        where = np.full(len(main), -1, dtype=np.int64)
        where[rows] = np.arange(len(rows))
        sel = where[ea] >= 0
        return [(np.arange(len(rows)), main[rows]), (where[ea[sel]], ek[sel])]

    def by_row(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`pairs(rows)` for the compiled loops: each row's open middle kind, and the extra
        ones as (row, kind) by row, then kind (the order `pairs` leaves them in per row)."""
        (_, main), (ex_pos, ex_kind) = self.pairs(rows)
        o = np.lexsort((ex_kind, ex_pos))
        return main, ex_pos[o], ex_kind[o]

    def members(self, u: int) -> np.ndarray:
        """Positions (into the apps) that join middle kind u."""
        ea, ek = self._extra
        return np.union1d(np.flatnonzero(self._main == u), ea[ek == u])
