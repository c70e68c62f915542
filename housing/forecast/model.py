"""The expected-wait model: pure numpy over the engine's eligibility table (no database).

For applicant i, E[i, g] says whether unit group g (identical units, as the engine merges
them) passes every hard rule. Each unit group carries two supplies: `new` vacancies observed
per month over the round history, and units `vacant_now`. Competition is a fluid count:
an applicant j ahead of i takes one unit, spread over the units j is eligible for in
proportion to their supply, so the part of j that lands on i's units is
share(i, j) = supply(E_i and E_j) / supply(E_j). `ahead` is the sum of those shares over
everyone ahead of i in the engine's order. The wait is the first round at which the units
vacant now plus the monthly vacancies reach ahead + 1; its spread comes from how much the
monthly vacancies vary and from a relative uncertainty `KAPPA` on the competition (people
who join ahead, withdraw or decline). See docs/forecast.md.
"""

from dataclasses import dataclass

import numpy as np

#: Longest wait given as a number of months; beyond it the page says "more than 10 years".
HORIZON = 120
#: Relative uncertainty of the competition ahead (1 sd), chosen on the back-test.
KAPPA = 0.6
#: The fluid count takes a competitor's unit from the applicant's units in proportion to
#: supply, but the engine's matching moves a competitor to other units when it can, so
#: fewer of them really stand in the way: the count is scaled by this factor, chosen on the
#: first half of the back-test and checked on the second (docs/benchmarks.md).
COMPETITION = 0.7
Z90 = 1.2816
CHUNK = 2048


@dataclass(frozen=True)
class Supply:
    new_per_month: np.ndarray  # per unit group: new vacancies a month in the history
    vacant_now: np.ndarray  # per unit group: units vacant now
    history_months: int
    extra_var: float  # month-to-month variation of vacancies beyond Poisson (cv^2)


@dataclass(frozen=True)
class Waits:
    """Per applicant (in the table's row order)."""

    ahead: np.ndarray  # competitors ahead, as a fluid count
    vacant_now: np.ndarray  # eligible units vacant now
    monthly: np.ndarray  # eligible new vacancies a month
    p50: np.ndarray  # months, or -1 when beyond HORIZON or never
    p90: np.ndarray
    matches: np.ndarray  # bool: some unit the applicant could take was ever seen


def competition(
    eligible: np.ndarray, weight: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(`ahead`, supply) for every row of `eligible` (applicants x groups) in `order`.

    One pass over the queue in blocks, best first: each applicant's share of every group is
    its eligibility divided by its total supply; `ahead` sums the shares of those before it.
    """
    n = eligible.shape[0]
    ahead = np.zeros(n)
    total = np.zeros(n)
    w = weight.astype(np.float32)
    carry = np.zeros(eligible.shape[1], dtype=np.float32)
    for s in range(0, n, CHUNK):
        rows = order[s : s + CHUNK]
        e = eligible[rows].astype(np.float32)
        mine = e @ w
        share = e / np.where(mine > 0, mine, 1)[:, None]
        before = np.cumsum(share, axis=0)
        before -= share
        before += carry
        before *= e
        ahead[rows] = before @ w
        total[rows] = mine
        carry += share.sum(axis=0)
    return ahead, total


def quantiles(
    ahead: np.ndarray,
    vacant_now: np.ndarray,
    monthly: np.ndarray,
    extra_var: float,
    lead: float = 1.0,
    competition: float | None = None,
    kappa: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """First round t (1 = the next) by which supply reaches demand with 50% and 90% odds.

    `lead` is the part of a month's vacancies that still arrive before the next round.
    """
    competition = COMPETITION if competition is None else competition
    kappa = KAPPA if kappa is None else kappa
    t = np.arange(1, HORIZON + 1, dtype=np.float64)[None, :] - 1 + lead
    later = monthly[:, None] * t
    need = competition * ahead[:, None] + 1.0
    spread = np.sqrt(later + extra_var * monthly[:, None] ** 2 * t + (kappa * need) ** 2)
    z = (vacant_now[:, None] + later - need) / spread

    def first(level: float) -> np.ndarray:
        ok = z >= level
        return np.where(ok.any(axis=1), ok.argmax(axis=1) + 1, -1)

    return first(0.0), first(Z90)


def expected_waits(
    eligible: np.ndarray, supply: Supply, order: np.ndarray, lead: float = 1.0
) -> Waits:
    weight = supply.new_per_month * max(1, supply.history_months) + supply.vacant_now
    ahead, total = competition(eligible, weight, order)
    vacant_now = np.zeros(len(ahead))
    monthly = np.zeros(len(ahead))
    for s in range(0, len(ahead), CHUNK):
        e = eligible[s : s + CHUNK].astype(np.float32)
        vacant_now[s : s + CHUNK] = e @ supply.vacant_now.astype(np.float32)
        monthly[s : s + CHUNK] = e @ supply.new_per_month.astype(np.float32)
    p50, p90 = quantiles(ahead, vacant_now, monthly, supply.extra_var, lead)
    return Waits(ahead, vacant_now, monthly, p50, p90, total > 0)
