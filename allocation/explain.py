"""Reason codes for everyone left out, so that each can be told why."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from allocation.eligibility import CHUNK_CELLS, Prepared
from allocation.flow import Scan
from allocation.model import FILTERS, Unassigned


def _plural(k: int, word: str) -> str:
    return f"{k} {word}" if k == 1 else f"{k} {word}s"


def explain(prep: Prepared, left_out: np.ndarray, scan: Scan) -> list[Unassigned]:
    """`outranked` if any unit was eligible, else `no_eligible_unit` with the lone filter.

    The filter is named when exactly one hard rule, relaxed alone, would make some unit
    eligible; otherwise the detail counts the units each rule excludes.
    """
    ids = [a.id for a in prep.instance.applicants]
    out: dict[int, Unassigned] = {}
    none = left_out[~scan.any_eligible[left_out]]
    for a in left_out[scan.any_eligible[left_out]]:
        k = int(scan.eligible_units[a])
        out[int(a)] = Unassigned(
            ids[a],
            "outranked",
            f"{_plural(k, 'eligible unit')}, all taken by applicants ahead in the order",
        )
    if int(prep.classes.size.sum()) == 0:
        for a in none:
            out[int(a)] = Unassigned(ids[a], "no_eligible_unit", "there are no units")
    else:
        for a, fail, only in _rule_counts(prep, none):
            lone = [k for k in FILTERS if only[k] > 0]
            if len(lone) == 1:
                k = lone[0]
                detail = f"excluded by {k} alone: {_plural(only[k], 'unit')} meet every other rule"
                out[a] = Unassigned(ids[a], "no_eligible_unit", detail, k)
            else:
                parts = ", ".join(f"{k} {fail[k]}" for k in FILTERS if fail[k])
                detail = f"no unit meets every rule; units failing each: {parts}"
                out[a] = Unassigned(ids[a], "no_eligible_unit", detail)
    return [out[int(a)] for a in left_out]


def _rule_counts(
    prep: Prepared, apps: np.ndarray
) -> Iterator[tuple[int, dict[str, int], dict[str, int]]]:
    """(applicant, units failing each rule, units failing that rule alone) for each one.

    Every rule but the commute reads the applicant's kind only, and the commute the unit's
    location only. So per kind: the units each rule excludes, and per (kind, location) the
    units that one rule alone excludes and the units all of them admit; an applicant's
    counts are then sums over the locations within or beyond its commute.
    """
    cls = prep.classes
    n_l = len(prep.unit_locs)
    rules = FILTERS[:-1]
    assert FILTERS[-1] == "commute"
    by_loc = np.argsort(cls.loc, kind="stable")
    locs, starts = np.unique(cls.loc[by_loc], return_index=True)
    size = cls.size.astype(np.float64)  # sums of whole numbers in float64: exact
    at_loc = np.zeros(n_l)
    at_loc[locs] = np.add.reduceat(size[by_loc], starts)

    def per_loc(mask: np.ndarray) -> np.ndarray:
        """(rows, locations) units of the classes in each row of mask."""
        out = np.zeros((len(mask), n_l))
        out[:, locs] = np.add.reduceat((mask * size)[:, by_loc], starts, axis=1)
        return out

    kinds, kinv = np.unique(prep.kind[apps], return_inverse=True)
    kinv = kinv.ravel()
    step = max(1, CHUNK_CELLS // max(1, len(cls)))
    for lo in range(0, len(kinds), step):
        ks = np.arange(lo, min(lo + step, len(kinds)))
        reps = prep._kind_rep[kinds[ks]]
        f = prep.filters(reps, cls, np.zeros((len(reps), n_l)))
        stack = np.stack([f[k] for k in rules])  # (rules, kinds, classes)
        passed = stack.sum(axis=0, dtype=np.int8)
        fail = np.stack([(~stack[j]).astype(np.float64) @ size for j in range(len(rules))])
        alone = [per_loc(~stack[j] & (passed == len(rules) - 1)) for j in range(len(rules))]
        admit = per_loc(passed == len(rules))
        mine = np.flatnonzero((kinv >= lo) & (kinv < lo + len(ks)))
        for ch in prep.chunks(mine, n_l):
            reach, _ = prep.within(apps[ch])
            row = kinv[ch] - lo
            far = np.rint(~reach @ at_loc).astype(np.int64)
            only_c = np.rint((admit[row] * ~reach).sum(axis=1)).astype(np.int64)
            only = [
                np.rint((alone[j][row] * reach).sum(axis=1)).astype(np.int64)
                for j in range(len(rules))
            ]
            for i, a in enumerate(apps[ch].tolist()):
                r = row[i]
                fails = {k: int(fail[j, r]) for j, k in enumerate(rules)}
                fails["commute"] = int(far[i])
                onlys = {k: int(only[j][i]) for j, k in enumerate(rules)}
                onlys["commute"] = int(only_c[i])
                yield a, fails, onlys
