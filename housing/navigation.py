"""The navigation bar: one table per role of (endpoint, label), rendered by templates/base.html.

A new area adds one line to its role's table; the bar, the highlighted current area and the
phone menu follow. The current area is the entry whose address is the longest prefix of the
page's address, so a unit's edit page highlights "Units" and the wizard "My application".
See docs/navigation.md.
"""

from typing import NamedTuple

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Entry(NamedTuple):
    endpoint: str
    label: object  # a lazy string, translated when rendered


#: The public pages: the whole bar of a visitor, and after an applicant's own areas.
PUBLIC = (
    Entry("main.index", _l("Home")),
    Entry("main.precheck", _l("Check eligibility")),
    Entry("stats.public_stats", _l("Statistics")),
)

#: Each role's areas, in the order of the bar. The first is the role's home (the brand link).
MENUS: dict[str, tuple[Entry, ...]] = {
    "applicant": (
        Entry("applicants.home", _l("My application")),
        Entry("applicants.waitlist_page", _l("Waitlist")),
        Entry("rounds.my_offers", _l("Offers")),
        Entry("tenancies.my_tenancy", _l("My lease")),
        Entry("money.my_subsidy", _l("Rent subsidy")),
    ),
    "landlord": (
        Entry("landlords.home", _l("Overview")),
        Entry("landlords.buildings", _l("Buildings")),
        Entry("landlords.units", _l("Units")),
        Entry("landlords.unit_import", _l("Import")),
        Entry("rounds.landlord_offers", _l("Offers")),
        Entry("tenancies.landlord_tenancies", _l("Tenancies")),
        Entry("money.landlord_statements", _l("Incentive statements")),
    ),
    "officer": (
        Entry("officers.home", _l("Overview")),
        Entry("officers.queue", _l("Applications")),
        Entry("rounds.index", _l("Rounds")),
        Entry("tenancies.officer_reviews", _l("Annual reviews")),
        Entry("money.officer_subsidies", _l("Subsidy claims")),
        Entry("money.officer_runs", _l("Monthly runs")),
        Entry("money.officer_statements", _l("Incentive statements")),
        Entry("money.officer_ledger", _l("Ledger")),
        Entry("officers.partners", _l("Partner landlords")),
        Entry("employers.officer_employers", _l("Employers")),
        Entry("officers.policy", _l("Policy")),
        Entry("officers.what_if", _l("Policy what-if")),
    ),
    "employer": (
        Entry("employers.home", _l("Overview")),
        Entry("employers.staff", _l("Staff")),
    ),
    "admin": (
        Entry("officers.admin_home", _l("Administration")),
        Entry("officers.staff_list", _l("Staff accounts")),
        Entry("officers.audit_log", _l("Audit log")),
        Entry("officers.partners", _l("Partner landlords")),
        Entry("employers.officer_employers", _l("Employers")),
    ),
}

#: Pages under one entry's address that belong to another area (the longest prefix would
#: otherwise pick the wrong one): endpoint → the entry's endpoint to highlight.
ALSO = {
    "applicants.start": "applicants.home",
    "applicants.wizard": "applicants.home",
}


class Link(NamedTuple):
    endpoint: str
    label: object
    href: str
    current: bool
    test_id: str


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    role = getattr(user, "role", None)
    return getattr(role, "value", role)


#: Who sees the public pages in their bar (a staff bar holds only its areas, on one line).
PUBLIC_FOR = {None, "applicant"}


def entries_for(role: str | None) -> tuple[Entry, ...]:
    """The role's areas, then the public pages (for visitors and applicants)."""
    own = MENUS.get(role, ()) if role else ()
    if role not in PUBLIC_FOR:
        return own
    seen = {entry.endpoint for entry in own}
    return own + tuple(entry for entry in PUBLIC if entry.endpoint not in seen)


def home_endpoint(role: str | None) -> str:
    """Where the brand link goes: the role's first area, or the public home."""
    own = MENUS.get(role, ()) if role else ()
    return own[0].endpoint if own else "main.index"


def _current(links: list[tuple[Entry, str]], path: str, endpoint: str | None) -> str | None:
    if endpoint in ALSO:
        return ALSO[endpoint]
    best, best_len = None, -1
    for entry, href in links:
        under = href != "/" and path.startswith(href.rstrip("/") + "/")
        if (path == href or under) and len(href) > best_len:
            best, best_len = entry.endpoint, len(href)
    return best


def navigation() -> list[Link]:
    """The bar for the person asking, with the current area marked."""
    entries = entries_for(role_of(current_user))
    resolved = [(entry, url_for(entry.endpoint)) for entry in entries]
    current = _current(resolved, request.path, request.endpoint)
    return [
        Link(
            entry.endpoint,
            entry.label,
            href,
            entry.endpoint == current,
            "nav-" + entry.endpoint.replace(".", "-").replace("_", "-"),
        )
        for entry, href in resolved
    ]


def template_globals() -> dict:
    return {
        "navigation": navigation,
        "nav_home": lambda: url_for(home_endpoint(role_of(current_user))),
    }
