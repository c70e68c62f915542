"""Hard rules and fit cost, vectorised over applicants x unit groups.

Units are merged twice. *Groups* hold units identical in every attribute that eligibility or
cost reads (location, layout, bedrooms, occupancy, rent, accessibility, reservations); the
best-fit flow runs on them. *Classes* merge groups that no applicant can tell apart by the hard
rules alone (rents between the same two budgets, any bedroom count); the priority flow only
needs eligibility, so it runs on these fewer, larger nodes.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from allocation.commute import CommuteModel, MetroCommuteModel
from allocation.model import FILTERS, Instance
from allocation.order import priority_order
from allocation.reach import Reach

CHUNK_CELLS = 4_000_000  # applicant x target cells per vectorised chunk (bounds memory)
KIND_CELLS = 256_000_000  # kinds x targets cells of a precomputed eligibility table (bool)
UNREACHED = 1e9  # minutes standing for "beyond every limit" where a cell is not computed
COMMUTE_CELLS = 64_000_000  # applicants x locations commute minutes kept (int32 tenths: 256 MB)

_F = TypeVar("_F", bound=Callable[..., Any])


def _timed(fn: _F) -> _F:
    """Adds the time spent in eligibility and cost work to `Prepared.edge_seconds`."""

    @functools.wraps(fn)
    def wrapper(self: Prepared, *args: Any, **kwargs: Any) -> Any:
        if self._timing:
            return fn(self, *args, **kwargs)
        self._timing = True
        t = time.perf_counter()
        try:
            return fn(self, *args, **kwargs)
        finally:
            self.edge_seconds += time.perf_counter() - t
            self._timing = False

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class Targets:
    """Columns of a table of unit groups (or classes)."""

    loc: np.ndarray  # index into Prepared.unit_locs
    layout: np.ndarray  # index into Prepared.layouts
    bedrooms: np.ndarray
    max_occ: np.ndarray
    rent: np.ndarray
    accessible: np.ndarray
    res: np.ndarray  # reservation key; 0 = open to all
    size: np.ndarray  # number of units

    def __len__(self) -> int:
        return len(self.loc)


def _table(keys: np.ndarray, size: np.ndarray) -> Targets:
    return Targets(
        loc=keys[:, 0].astype(np.int64),
        layout=keys[:, 1].astype(np.int64),
        bedrooms=keys[:, 2].astype(np.int64),
        max_occ=keys[:, 3].astype(np.int64),
        rent=keys[:, 4].astype(np.float64),
        accessible=keys[:, 5].astype(bool),
        res=keys[:, 6].astype(np.int64),
        size=size.astype(np.int64),
    )


class Prepared:
    """An instance turned into arrays once, shared by both mechanisms and the edge export."""

    def __init__(self, instance: Instance, model: CommuteModel | None = None) -> None:
        self.instance = instance
        self.policy = instance.policy
        self.edge_seconds = 0.0  # eligibility, commute and cost work, for Stats.seconds
        self._timing = False
        self.model: CommuteModel = model or MetroCommuteModel(instance.policy)
        apps, units = instance.applicants, instance.units
        n = len(apps)
        self.order = np.array(priority_order(apps, instance.seed), dtype=np.int64)
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[self.order] = np.arange(n)
        self.hs = np.array([a.household_size for a in apps], dtype=np.int64)
        self.max_rent = np.array([a.max_rent for a in apps], dtype=np.float64)
        self.max_commute = np.array([a.max_commute_min for a in apps], dtype=np.float64)
        self.needs_acc = np.array([a.needs_accessible for a in apps], dtype=bool)
        self.workplace = np.array([a.workplace for a in apps], dtype=np.float64).reshape(n, 2)

        self.layouts = sorted({u.layout for u in units})
        lay_id = {x: i for i, x in enumerate(self.layouts)}
        self.layout_ok = np.zeros((n, max(1, len(self.layouts))), dtype=bool)
        for i, a in enumerate(apps):
            if a.layouts:
                for x in a.layouts:
                    if x in lay_id:
                        self.layout_ok[i, lay_id[x]] = True
            else:
                self.layout_ok[i, :] = True

        # reservations: key 0 is "open to all"; others are (employers, categories) sets
        res_keys: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {((), ()): 0}
        unit_res = np.empty(len(units), dtype=np.int64)
        for j, u in enumerate(units):
            k = (
                tuple(sorted(set(u.reserved_for_employers))),
                tuple(sorted(set(u.reserved_for_categories))),
            )
            unit_res[j] = res_keys.setdefault(k, len(res_keys))
        self.reservations = sorted(res_keys, key=res_keys.__getitem__)
        self._employer = np.array([a.employer for a in apps], dtype=object)
        self._category = np.array([a.category for a in apps], dtype=object)

        locs: dict[tuple[float, float], int] = {}
        unit_loc = np.array([locs.setdefault(u.location, len(locs)) for u in units], dtype=np.int64)
        self.unit_locs = np.array(list(locs), dtype=np.float64).reshape(len(locs), 2)
        prepare = getattr(self.model, "from_origins", None)
        self._origins = prepare(self.unit_locs) if prepare is not None else None
        self._near: tuple[np.ndarray, np.ndarray] | None = None  # stations of every workplace
        self._all_commute: np.ndarray | None = None

        # exact groups, numbered by their smallest unit id so that ties break by unit id
        self.unit_ids = [u.id for u in units]
        by_id = sorted(range(len(units)), key=self.unit_ids.__getitem__)
        gkey: dict[tuple, int] = {}
        members: list[list[int]] = []
        keys: list[tuple] = []
        self.unit_group = np.empty(len(units), dtype=np.int64)
        for j in by_id:
            u = units[j]
            k = (
                unit_loc[j],
                lay_id[u.layout],
                u.bedrooms,
                u.max_occupants,
                u.rent,
                u.accessible,
                unit_res[j],
            )
            g = gkey.get(k)
            if g is None:
                g = gkey[k] = len(keys)
                keys.append(k)
                members.append([])
            members[g].append(j)
            self.unit_group[j] = g
        self.members = [np.array(m, dtype=np.int64) for m in members]
        gk = np.array(keys, dtype=np.float64).reshape(len(keys), 7)
        self.groups = _table(gk, np.array([len(m) for m in members]))

        # classes: rent only matters up to which budgets it fits; bedrooms not at all
        budgets = np.unique(self.max_rent)
        rent_class = np.searchsorted(budgets, self.groups.rent, side="left")
        ckey: dict[tuple, int] = {}
        self.group_class = np.empty(len(keys), dtype=np.int64)
        ckeys: list[list[float]] = []
        csize: list[int] = []
        for g in range(len(keys)):
            t = self.groups
            k = (t.loc[g], t.layout[g], t.max_occ[g], rent_class[g], t.accessible[g], t.res[g])
            c = ckey.get(k)
            if c is None:
                c = ckey[k] = len(ckeys)
                ckeys.append(
                    [t.loc[g], t.layout[g], 0, t.max_occ[g], t.rent[g], t.accessible[g], t.res[g]]
                )
                csize.append(0)
            csize[c] += int(t.size[g])
            self.group_class[g] = c
        ck = np.array(ckeys, dtype=np.float64).reshape(len(ckeys), 7)
        self.classes = _table(ck, np.array(csize))
        self._budgets = budgets
        self._budget_of = np.searchsorted(budgets, self.max_rent)
        self._need: tuple[np.ndarray, np.ndarray] | None = None
        self._bed_tables: dict[int, tuple[Targets, np.ndarray]] = {}
        self._kinds()

    def _kinds(self) -> None:
        """Applicants that every non-commute rule treats alike share a *kind*.

        A kind is (household size, which budgets the rent cap reaches, accessibility, the
        layouts accepted, the reservations that admit them). Eligibility of an applicant
        for a target is then one row of a kinds x targets table, and the commute test.
        """
        n = len(self.hs)
        emp_ids: dict[str, int] = {}
        cat_ids: dict[str, int] = {}
        emp = np.array([emp_ids.setdefault(e, len(emp_ids)) for e in self._employer], np.int64)
        cat = np.array([cat_ids.setdefault(c, len(cat_ids)) for c in self._category], np.int64)
        res_ok = np.ones((n, len(self.reservations)), dtype=bool)
        for r, (emps, cats) in enumerate(self.reservations[1:], start=1):
            if emps:
                res_ok[:, r] &= np.isin(emp, [emp_ids[e] for e in emps if e in emp_ids])
            if cats:
                res_ok[:, r] &= np.isin(cat, [cat_ids[c] for c in cats if c in cat_ids])
        bidx = np.searchsorted(self._budgets, self.max_rent)
        key = np.hstack(
            [
                self.hs.astype("<i8").view(np.uint8).reshape(n, 8),
                bidx.astype("<i8").view(np.uint8).reshape(n, 8),
                self.needs_acc.astype(np.uint8).reshape(n, 1),
                np.packbits(self.layout_ok, axis=1),
                np.packbits(res_ok, axis=1),
            ]
        )
        n_res = np.packbits(res_ok[:1], axis=1).shape[1]
        base = np.ascontiguousarray(key[:, : key.shape[1] - n_res])
        key = np.ascontiguousarray(key).view(np.dtype((np.void, key.shape[1]))).ravel()
        _, rep, self.kind = np.unique(key, return_index=True, return_inverse=True)
        self.kind = self.kind.ravel().astype(np.int64)
        self._kind_rep = rep
        # the kind without its reservations: what the fit cost and the open units read
        base = base[rep].view(np.dtype((np.void, base.shape[1]))).ravel()
        self._kind_base = np.unique(base, return_inverse=True)[1].ravel().astype(np.int64)
        self._kind_bidx = bidx[rep]
        self._kind_res = res_ok[rep]
        self._kind_tables: dict[int, np.ndarray | None] = {}

    def _kind_table(self, t: Targets) -> np.ndarray | None:
        """kinds x targets eligibility by every rule but commute, for the two shared tables."""
        if t is not self.groups and t is not self.classes:
            return None
        key = 0 if t is self.groups else 1
        if key not in self._kind_tables:
            table = None
            if len(self._kind_rep) * len(t) <= KIND_CELLS:
                table = self.kind_rows(np.arange(len(self._kind_rep)), t)
            self._kind_tables[key] = table
        return self._kind_tables[key]

    def kind_rows(self, kinds: np.ndarray, t: Targets) -> np.ndarray:
        """Rows of the kinds x targets table for these kinds only."""
        rep = self._kind_rep[kinds]
        rent_cls = np.searchsorted(self._budgets, t.rent, side="left")
        table = self.hs[rep, None] <= t.max_occ[None, :]
        table &= rent_cls[None, :] <= self._kind_bidx[kinds, None]
        table &= ~self.needs_acc[rep, None] | t.accessible[None, :]
        table &= self.layout_ok[rep][:, t.layout]
        table &= self._kind_res[kinds][:, t.res]
        return table

    # ------------------------------------------------------------------ per chunk
    def chunks(self, apps: np.ndarray, width: int) -> Iterator[np.ndarray]:
        step = max(1, CHUNK_CELLS // max(1, width))
        for s in range(0, len(apps), step):
            yield apps[s : s + step]

    @_timed
    def commute(self, apps: np.ndarray) -> np.ndarray:
        """(len(apps), n_locations) minutes, rounded to 0.1 as published.

        Kept for every applicant when that table is small (a district round), since each
        phase reads it again, as int32 tenths (rint(10 m), the step np.round takes before
        dividing by 10, so dividing again gives the same floats); computed per chunk otherwise.
        """
        if self._all_commute is None and len(self.hs) * len(self.unit_locs) <= COMMUTE_CELLS:
            everyone = np.arange(len(self.hs))
            tenths = [
                self._minutes(ch, tenths=True) for ch in self.chunks(everyone, len(self.unit_locs))
            ]
            table = np.concatenate(tenths or [np.empty((0, len(self.unit_locs)))])
            fits = np.isfinite(table).all() and np.abs(table).max(initial=0) < 2**31 - 1
            self._all_commute = table.astype(np.int32) if fits else table / 10.0
        if self._all_commute is not None:
            rows = self._all_commute[apps]
            return rows / 10.0 if rows.dtype == np.int32 else rows
        return self._minutes(apps)

    @property
    def sparse(self) -> bool:
        """Whether `within` is built from `reach`'s sparse rows (a round too large for the
        dense commute table), so that callers can read those rows directly."""
        return self._origins is not None and len(self.hs) * len(self.unit_locs) > COMMUTE_CELLS

    @_timed
    def within(self, apps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(commute <= max_commute, minutes) for these applicants x every location, the
        minutes exact wherever the first is True (UNREACHED elsewhere on a large round,
        whose other cells are never computed: see `reach`)."""
        apps = np.asarray(apps, dtype=np.int64)
        if not self.sparse:
            cm = self.commute(apps)
            return cm <= self.max_commute[apps, None], cm
        r = self.reach(apps)
        rows = r.rows()
        ok = np.zeros((len(apps), len(self.unit_locs)), dtype=bool)
        ok[rows, r.loc] = True
        cm = np.full(ok.shape, UNREACHED)
        cm[rows, r.loc] = r.minutes()
        return ok, cm

    @_timed
    def reach(self, apps: np.ndarray, *, keep: bool = True) -> Reach:
        """The cells of `commute(apps)` within each applicant's own max_commute, as sparse rows.

        For rounds whose dense table is too big to keep (a city: 400,000 x 3,000 locations):
        only cells that can be in time are computed, and each is the dense table's number
        (int32 tenths; `Reach.minutes()` gives `commute`'s floats). Row i is apps[i];
        keep=False gives only the counts. A round whose table is kept reads it instead.
        """
        apps = np.asarray(apps, dtype=np.int64)
        if self._origins is not None and (
            self._all_commute is None and len(self.hs) * len(self.unit_locs) > COMMUTE_CELLS
        ):
            if self._near is None:
                self._near = self._origins.nearest(self.workplace)
            di, dw = self._near
            return self._origins.within(
                self.workplace[apps], self.max_commute[apps], (di[apps], dw[apps]), keep=keep
            )
        return self._reach_dense(apps, keep)

    def _reach_dense(self, apps: np.ndarray, keep: bool) -> Reach:
        """`reach` from dense rows: a kept table, or a commute model without `within`."""
        indptr = np.zeros(len(apps) + 1, dtype=np.int64)
        locs: list[np.ndarray] = []
        tens: list[np.ndarray] = []
        s = 0
        for ch in self.chunks(apps, len(self.unit_locs)):
            cm = self.commute(ch)
            r, c = np.nonzero(cm <= self.max_commute[ch, None])
            indptr[s + 1 : s + len(ch) + 1] = np.bincount(r, minlength=len(ch))
            s += len(ch)
            if keep:
                locs.append(c.astype(np.int32))
                tens.append(np.rint(cm[r, c] * 10.0).astype(np.int32))
        np.cumsum(indptr, out=indptr)
        e = np.empty(0, dtype=np.int32)
        if not keep:
            return Reach(indptr, e, e.copy())
        return Reach(indptr, np.concatenate(locs or [e]), np.concatenate(tens or [e]))

    def _minutes(self, apps: np.ndarray, *, tenths: bool = False) -> np.ndarray:
        if self._origins is not None:
            if self._near is None:
                self._near = self._origins.nearest(self.workplace)
            di, dw = self._near
            m = self._origins.to(self.workplace[apps], (di[apps], dw[apps]))
        else:
            m = self.model.minutes(self.unit_locs, self.workplace[apps]).T
        m *= 10.0
        np.rint(m, out=m)
        return m if tenths else np.divide(m, 10.0, out=m)

    def _reserved_ok(self, apps: np.ndarray) -> np.ndarray:
        ok = np.ones((len(apps), len(self.reservations)), dtype=bool)
        emp, cat = self._employer[apps], self._category[apps]
        for r, (emps, cats) in enumerate(self.reservations[1:], start=1):
            if emps:
                ok[:, r] &= np.isin(emp, emps)
            if cats:
                ok[:, r] &= np.isin(cat, cats)
        return ok

    @_timed
    def filters(self, apps: np.ndarray, t: Targets, cm: np.ndarray) -> dict[str, np.ndarray]:
        """Each hard rule as a boolean (apps x targets) matrix, keyed by its name."""
        a = apps
        out = {
            "household_size": self.hs[a, None] <= t.max_occ[None, :],
            "rent": t.rent[None, :] <= self.max_rent[a, None],
            "accessible": ~self.needs_acc[a, None] | t.accessible[None, :],
            "layout": self.layout_ok[a][:, t.layout],
            "reserved": self._reserved_ok(a)[:, t.res],
            "commute": cm[:, t.loc] <= self.max_commute[a, None],
        }
        assert tuple(out) == FILTERS
        return out

    @_timed
    def eligible(self, apps: np.ndarray, t: Targets, cm: np.ndarray | None = None) -> np.ndarray:
        if cm is None:
            cm = self.commute(apps)
        a = apps
        table = self._kind_table(t)
        if table is not None:
            ok = table[self.kind[a]]
            ok &= (cm <= self.max_commute[a, None])[:, t.loc]
            return ok
        ok = self.hs[a, None] <= t.max_occ[None, :]
        ok &= t.rent[None, :] <= self.max_rent[a, None]
        ok &= ~self.needs_acc[a, None] | t.accessible[None, :]
        ok &= self.layout_ok[a][:, t.layout]
        if len(self.reservations) > 1:
            ok &= self._reserved_ok(a)[:, t.res]
        ok &= cm[:, t.loc] <= self.max_commute[a, None]
        return ok

    @_timed
    def cost(
        self, apps: np.ndarray, t: Targets, cm: np.ndarray, *, rounded_float: bool = False
    ) -> np.ndarray:
        """Integer fit cost (apps x targets); lower is a better fit.

        commute_weight x minutes + bedroom misfit + rent_weight x rent / budget, summed in
        that order (so the same float, and the same rounding, as the reference formula).
        """
        p = self.policy
        c = (p.commute_weight * cm)[:, t.loc]
        bed, need = self._bedroom_terms(t)
        c += bed[need[apps]]
        if len(self._budgets) * len(t) <= CHUNK_CELLS:
            rent = p.rent_weight * t.rent[None, :] / np.maximum(self._budgets, 1.0)[:, None]
            c += rent[self._budget_of[apps]]
        else:
            c += p.rent_weight * t.rent[None, :] / np.maximum(self.max_rent[apps], 1.0)[:, None]
        np.rint(c, out=c)
        return c if rounded_float else c.astype(np.int64)

    def _bedroom_terms(self, t: Targets) -> tuple[np.ndarray, np.ndarray]:
        """Bedroom misfit of each household need (rows) for each target, and each need row.

        Unused and missing bedrooms are never both non-zero, so adding their sum adds the
        same float as adding them one after the other.
        """
        if self._need is None:
            need = np.where(self.hs <= 1, 0, (self.hs + 1) // 2)
            needs, row = np.unique(need, return_inverse=True)
            self._need = (needs, row.ravel())
        needs, row = self._need
        cached = self._bed_tables.get(id(t))
        if cached is not None and cached[0] is t:
            return cached[1], row
        p, beds = self.policy, t.bedrooms[None, :]
        bed = p.unused_bedroom_weight * np.maximum(beds - needs[:, None], 0)
        bed = bed + p.crowding_weight * np.maximum(needs[:, None] - beds, 0)
        if t is self.groups:
            self._bed_tables[id(t)] = (t, bed)
        return bed, row

    def group_edges(
        self, apps: np.ndarray, groups: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Eligible (applicant, group) pairs with commute and cost, chunked over applicants."""
        t = self.groups if groups is None else _subset(self.groups, groups)
        gidx = np.arange(len(self.groups)) if groups is None else groups
        rows, cols, mins, costs = [], [], [], []
        for ch in self.chunks(apps, len(t)):
            cm = self.commute(ch)
            ok = self.eligible(ch, t, cm)
            r, c = np.nonzero(ok)
            if len(r) == 0:
                continue
            cst = self.cost(ch, t, cm)
            rows.append(ch[r])
            cols.append(gidx[c])
            mins.append(cm[r, t.loc[c]])
            costs.append(cst[r, c])
        if not rows:
            e = np.empty(0, dtype=np.int64)
            return e, e.copy(), np.empty(0), e.copy()
        return (
            np.concatenate(rows),
            np.concatenate(cols),
            np.concatenate(mins),
            np.concatenate(costs),
        )


def _subset(t: Targets, idx: np.ndarray) -> Targets:
    return Targets(*(getattr(t, f)[idx] for f in Targets.__dataclass_fields__))
