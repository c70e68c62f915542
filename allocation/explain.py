"""Reason codes for everyone left out, so that each can be told why."""

from __future__ import annotations

import numpy as np

from allocation.eligibility import Prepared
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
    cls = prep.classes
    total = int(cls.size.sum())
    for ch in prep.chunks(none, len(cls)):
        if total == 0:
            for a in ch:
                out[int(a)] = Unassigned(ids[a], "no_eligible_unit", "there are no units")
            continue
        f = prep.filters(ch, cls, prep.commute(ch))
        fail = {k: (~v).astype(np.int64) @ cls.size for k, v in f.items()}
        stack = np.stack([f[k] for k in FILTERS])  # (rules, apps, classes)
        passed = stack.sum(axis=0)
        only = {
            k: ((~stack[i]) & (passed == len(FILTERS) - 1)).astype(np.int64) @ cls.size
            for i, k in enumerate(FILTERS)
        }
        for i, a in enumerate(ch):
            lone = [k for k in FILTERS if only[k][i] > 0]
            if len(lone) == 1:
                k = lone[0]
                detail = (
                    f"excluded by {k} alone: {_plural(int(only[k][i]), 'unit')} "
                    "meet every other rule"
                )
                out[int(a)] = Unassigned(ids[a], "no_eligible_unit", detail, k)
            else:
                parts = ", ".join(f"{k} {int(fail[k][i])}" for k in FILTERS if fail[k][i])
                detail = f"no unit meets every rule; units failing each: {parts}"
                out[int(a)] = Unassigned(ids[a], "no_eligible_unit", detail)
    return [out[int(a)] for a in left_out]
