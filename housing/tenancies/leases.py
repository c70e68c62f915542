"""The rules a lease must keep, read from the policy: term, rent cap, rise cap, stay cap.

Pure: the renewal, the API and the tests call `check_lease` with plain values.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from housing.errors import ValidationError
from housing.policy import rent_cap_pct
from housing.tenancies.dates import add_years


@dataclass(frozen=True)
class LeaseTerms:
    start: date
    years: int
    rent: int  # yuan a month
    market_rent: int
    previous_rent: int | None = None  # the lease renewed, if any
    stay_start: date | None = None  # the first day of the first lease of this stay

    @property
    def end(self) -> date:
        return add_years(self.start, self.years)


def max_rent(market_rent: int, policy) -> int:
    """The highest monthly rent under the policy's cap (whole yuan, rounded down)."""
    return market_rent * rent_cap_pct(policy) // 100


def max_raise(previous_rent: int, policy) -> int:
    return previous_rent * (100 + policy.rent_raise_cap_pct) // 100


def stay_end(stay_start: date, policy) -> date:
    return add_years(stay_start, policy.lease_total_max_years)


def check_lease(terms: LeaseTerms, policy) -> None:
    """Refuse (422, naming the field) a lease the policy does not allow."""
    fields: dict[str, str] = {}
    if not policy.lease_min_years <= terms.years <= policy.lease_max_years:
        fields["years"] = _(
            "A lease runs %(min)d to %(max)d years.",
            min=policy.lease_min_years,
            max=policy.lease_max_years,
        )
    if terms.rent <= 0:
        fields["rent"] = _("The rent must be a positive number of yuan.")
    elif terms.rent > max_rent(terms.market_rent, policy):
        fields["rent"] = _(
            "The rent may be at most %(pct)d%% of the market rent, %(max)d yuan.",
            pct=rent_cap_pct(policy),
            max=max_rent(terms.market_rent, policy),
        )
    elif terms.previous_rent is not None and terms.rent > max_raise(terms.previous_rent, policy):
        fields["rent"] = _(
            "The rent may rise at most %(pct)d%% a year, to %(max)d yuan.",
            pct=policy.rent_raise_cap_pct,
            max=max_raise(terms.previous_rent, policy),
        )
    if "years" not in fields and terms.stay_start is not None:
        cap = stay_end(terms.stay_start, policy)
        if terms.end > cap:
            fields["years"] = _(
                "The stay may last at most %(years)d years in all: this lease would end after "
                "%(cap)s.",
                years=policy.lease_total_max_years,
                cap=cap.isoformat(),
            )
    if fields:
        raise ValidationError(_("The lease breaks the policy."), fields)
