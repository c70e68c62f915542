"""The rules an application's values must meet, as pure functions.

The wizard, the API and reported changes pass their values through `clean_application`, a
table of field steps like housing/landlords/rules.py, so a rule is written once and says
the same thing everywhere. Nothing here touches the database: the caller hands in what it
has loaded (which of the named employers are registered in the district, today's date).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from housing.identity import IdType, id_number_problem
from housing.models import Category, Degree, Layout
from housing.parsing import Bad, apply_steps, blank

#: Who may be in the household besides the applicant.
RELATIONS = ("spouse", "child", "parent", "other")
#: People in one household, the applicant included (the applications table CHECKs it too).
MAX_HOUSEHOLD = 8
MAX_MEMBERS = MAX_HOUSEHOLD - 1
BOOLS = (
    "returnee",
    "social_insurance_in_shanghai",
    "owns_housing_in_shanghai",
    "other_housing_benefit",
    "needs_accessible",
    "consent",
)
#: Roughly Shanghai's extent: a workplace elsewhere is a typo (swapped lat and lon, say).
LAT_RANGE, LON_RANGE = (30.6, 31.95), (120.8, 122.2)
COMMUTE_MINUTES = (10, 120)
MAX_RENT = (500, 50_000)  # yuan a month
OWNED_AREA_M2 = (0, 1000)  # per person


@dataclass
class ApplicantContext:
    """What the rules need from outside, loaded once by the caller."""

    today: date
    #: Ids among those submitted that are employers registered in the district.
    district_employer_ids: set[int] = field(default_factory=set)


def employer_id(value) -> int | None:
    """The id a value names, or None for 'no employer' (the returnee route)."""
    if value in (None, "", 0):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Bad(_("Choose an enterprise registered in Changning.")) from None


def _text(max_len: int) -> Callable:
    def step(value) -> str | None:
        text = (value or "").strip()
        if len(text) > max_len:
            raise Bad(_("At most %(n)d characters.", n=max_len))
        return text or None

    return step


def _within(low: float, high: float, message: Callable[[], str], optional: bool = True):
    def step(value):
        if value is None and optional:
            return None
        if value is None or not low <= value <= high:
            raise Bad(message())
        return value

    return step


def _choice(enum_cls, message: Callable[[], str], optional: bool = False):
    def step(value):
        if optional and blank(value):
            return None
        if value not in {member.value for member in enum_cls}:
            raise Bad(message())
        return enum_cls(value)

    return step


def _layouts(value) -> list[str]:
    allowed = [layout.value for layout in Layout]
    chosen = list(dict.fromkeys(value or []))
    if not chosen or any(v not in allowed for v in chosen):
        raise Bad(_("Choose at least one apartment layout."))
    return [v for v in allowed if v in chosen]  # the order of the choices, not of the clicks


def _application_steps(ctx: ApplicantContext) -> dict[str, Callable]:
    def employer(value) -> int | None:
        number = employer_id(value)
        if number is not None and number not in ctx.district_employer_ids:
            raise Bad(_("Choose an enterprise registered in Changning."))
        return number

    def not_future(value: date | None) -> date | None:
        if value is not None and value > ctx.today:
            raise Bad(_("The date cannot be in the future."))
        return value

    def in_shanghai() -> str:
        return _("The location must be in Shanghai.")

    return {
        **dict.fromkeys(BOOLS, bool),
        "phone": _text(30),
        "category": _choice(Category, lambda: _("Choose a talent category.")),
        "degree": _choice(Degree, lambda: _("Choose a degree."), optional=True),
        "employer_id": employer,
        "returned_on": not_future,
        "owned_area_per_person_m2": _within(
            *OWNED_AREA_M2, lambda: _("Enter an area between 0 and 1000 m².")
        ),
        "workplace_address": _text(300),
        "workplace_lat": _within(*LAT_RANGE, in_shanghai),
        "workplace_lon": _within(*LON_RANGE, in_shanghai),
        "layouts": _layouts,
        "max_commute_min": _within(
            *COMMUTE_MINUTES, lambda: _("Enter between 10 and 120 minutes."), optional=False
        ),
        "max_rent": _within(
            *MAX_RENT, lambda: _("Enter a monthly rent between 500 and 50,000 yuan.")
        ),
    }


def clean_application(raw: dict, ctx: ApplicantContext) -> tuple[dict, dict[str, str]]:
    """Typed values of the fields given (a draft is saved a step at a time) and the errors
    by field; a field the application does not have is an error too."""
    return apply_steps(_application_steps(ctx), raw, only_given=True)


def member_errors(
    values: dict, today: date, in_household: Callable[[str, str], bool]
) -> dict[str, str]:
    """Errors of one household member; `in_household(number, id_type)` says whether the
    person is already listed (the caller compares keyed hashes, as it holds the key)."""
    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = _("Enter the member's name.")
    if values.get("relation") not in RELATIONS:
        errors["relation"] = _("Choose the relation.")
    number = values.get("id_number") or ""
    id_type = values.get("id_type") or IdType.RESIDENT_ID.value
    if id_type not in set(IdType):
        errors["id_type"] = _("Choose the kind of identity document.")
    elif problem := id_number_problem(id_type, number):
        errors["id_number"] = problem
    elif in_household(number, id_type):
        errors["id_number"] = _("This person is already in the household.")
    born = values.get("birth_date")
    if born is not None and born > today:
        errors["birth_date"] = _("The date cannot be in the future.")
    return errors


def household_size_error(size: int, members: int) -> str | None:
    """A reported household size: at least the applicant and the listed members."""
    if not 1 + members <= size <= MAX_HOUSEHOLD:
        return _("Enter between 1 and %(n)d people.", n=MAX_HOUSEHOLD)
    return None
