"""`serial-dictatorship`, the baseline: down the order, each takes their cheapest free unit."""

from __future__ import annotations

import numpy as np

from allocation.eligibility import Prepared
from allocation.flow import Scan

_NONE = np.iinfo(np.int64).max


def serial_dictatorship(
    prep: Prepared,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Scan]:
    """Returns (served applicants in order, their groups, minutes, costs, scan).

    Ties go to the group with the smallest unit id, since groups are numbered that way.
    """
    g = prep.groups
    cap = g.size.copy()
    n = len(prep.order)
    any_el = np.zeros(n, dtype=bool)
    n_units = np.zeros(n, dtype=np.int64)
    served: list[int] = []
    groups: list[int] = []
    mins: list[float] = []
    costs: list[int] = []
    for ch in prep.chunks(prep.order, len(g)):
        cm = prep.commute(ch)
        ok = prep.eligible(ch, g, cm)
        n_units[ch] = ok.astype(np.int64) @ g.size
        any_el[ch] = n_units[ch] > 0
        if not cap.any():
            continue
        cost = np.where(ok, prep.cost(ch, g, cm), _NONE)
        for i, a in enumerate(ch):
            if not any_el[a]:
                continue
            row = np.where(cap > 0, cost[i], _NONE)
            best = int(np.argmin(row))
            if row[best] == _NONE:
                continue
            cap[best] -= 1
            served.append(int(a))
            groups.append(best)
            mins.append(float(cm[i, g.loc[best]]))
            costs.append(int(row[best]))
    scan = Scan(any_eligible=any_el, eligible_units=n_units, pairs=int(n_units.sum()))
    return (
        np.array(served, dtype=np.int64),
        np.array(groups, dtype=np.int64),
        np.array(mins, dtype=np.float64),
        np.array(costs, dtype=np.int64),
        scan,
    )
