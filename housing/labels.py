"""Human labels for enum values, translatable, shared by pages and notices."""

from flask_babel import lazy_gettext as _l

ROLES = {
    "applicant": _l("Applicant"),
    "officer": _l("Housing officer"),
    "landlord": _l("Landlord"),
    "admin": _l("Administrator"),
}
STATUSES = {
    # applications
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "verified": _l("Verified"),
    "rejected": _l("Rejected"),
    "waiting": _l("Waiting"),
    "offered": _l("Offered"),
    "housed": _l("Housed"),
    "exited": _l("Exited"),
    "withdrawn": _l("Withdrawn"),
    # units
    "vacant": _l("Vacant"),
    "occupied": _l("Occupied"),
    "maintenance": _l("Maintenance"),
    # rounds
    "running": _l("Running"),
    "failed": _l("Failed"),
    "preview": _l("Preview"),
    "notice": _l("Under public notice"),
    "offers": _l("Offers out"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
    # offers
    "pending": _l("Awaiting answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "expired": _l("Expired"),
    # tenancies
    "upcoming": _l("Signed, not yet moved in"),
    "active": _l("Living there"),
    "ending": _l("Moving out"),
    "ended": _l("Ended"),
    # annual reviews
    "due": _l("Awaiting the tenant's answer"),
    "answered": _l("Answered, awaiting a decision"),
    "escalated": _l("No answer: with the officers"),
    "renewed": _l("Renewed"),
    "continued": _l("Lease goes on"),
    "refused": _l("Not renewed"),
    # subsidies and statements
    "requested": _l("Claimed, awaiting a decision"),
    "approved": _l("Approved"),
}
#: Kinds of ledger entries and runs.
MONEY_KINDS = {
    "subsidy": _l("Rent subsidy"),
    "incentive": _l("Landlord incentive"),
}
#: Why a subsidy stopped before its cap.
END_REASONS = {
    "moved_in": _l("Moved into a talent apartment"),
    "eligibility_lost": _l("No longer eligible"),
}
LAYOUTS = {
    "studio": _l("Studio"),
    "1BR": _l("One bedroom"),
    "2BR": _l("Two bedrooms"),
    "3BR": _l("Three bedrooms"),
}
#: Progress of a running round preview.
STAGES = {
    "queued": _l("Waiting to start"),
    "input": _l("Reading the queue and the vacant units"),
    "solve": _l("Allocating"),
    "report": _l("Writing the report"),
}
#: Why a unit was left vacant by a round.
VACANT_REASONS = {
    "no_eligible_applicant": _l("No applicant in the queue was eligible for it"),
    "housed_elsewhere": _l("Every applicant eligible for it was housed in another unit"),
}
CATEGORIES = {
    "leading": _l("Leading talent"),
    "high_level": _l("High-level talent"),
    "key_industry": _l("Key-industry talent"),
    "overseas": _l("Overseas talent"),
    "skilled": _l("High-skilled talent"),
    "young": _l("Young talent and new graduates"),
    "social_governance": _l("Social-governance talent"),
}
STREETS = {
    "huayang": _l("Huayang Road Street"),
    "jiangsu": _l("Jiangsu Road Street"),
    "xinhua": _l("Xinhua Road Street"),
    "zhoujiaqiao": _l("Zhoujiaqiao Street"),
    "tianshan": _l("Tianshan Road Street"),
    "xianxia": _l("Xianxia New Village Street"),
    "hongqiao": _l("Hongqiao Street"),
    "chengjiaqiao": _l("Chengjiaqiao Street"),
    "beixinjing": _l("Beixinjing Street"),
    "xinjing": _l("Xinjing Town"),
}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
#: Every setting of a policy version (housing/models/policy.py), for the policy form and the
#: history of what changed. A setting of a dict (points by category, subsidy by degree) is
#: named with the key's own label beside it.
POLICY_SETTINGS = {
    "category_points": _l("Base points"),
    "points_per_month": _l("Points per month waited"),
    "key_industry_bonus": _l("Bonus for key-industry employers"),
    "children_bonus": _l("Bonus for households with children"),
    "decline_penalty": _l("Penalty per declined offer"),
    "max_owned_area_per_person_m2": _l("Most owned housing per person (m²) still eligible"),
    "returnee_window_days": _l("Days after returning from study abroad that count as a returnee"),
    "offer_days": _l("Days to answer an offer"),
    "declines_to_back_of_queue": _l(
        "Declines in a row that move an applicant to the back of the queue"
    ),
    "notice_days": _l("Days of public notice"),
    "lease_min_years": _l("Shortest lease (years)"),
    "lease_max_years": _l("Longest lease (years)"),
    "lease_total_max_years": _l("Longest stay over all leases (years)"),
    "rent_cap_pct_of_market": _l("Highest rent, in percent of market rent"),
    "rent_raise_cap_pct": _l("Highest rent rise a year (percent)"),
    "exit_grace_months": _l("Months to move out after losing eligibility"),
    "subsidy_by_degree": _l("Monthly rent subsidy, first year / later (yuan)"),
    "subsidy_max_months": _l("Months a rent subsidy is paid at most"),
    "incentive_per_unit_month": _l("Landlord incentive per unit-month (yuan)"),
    "retention_months": _l("Months to keep a closed application's documents and personal details"),
}
#: A landlord's moves of a unit, named by the status they lead to (the unit page's buttons).
UNIT_MOVES = {
    "vacant": _l("Mark as vacant: ready to let"),
    "maintenance": _l("Put into maintenance"),
    "withdrawn": _l("Withdraw from the pool"),
}
#: What each status of a unit means for its landlord.
UNIT_STATUS_HINTS = {
    "vacant": _l("Ready to let: the next round may offer it to an applicant."),
    "offered": _l(
        "Offered to an applicant in a round. The answer to the offer, or its deadline, moves "
        "it on; you cannot change it here."
    ),
    "occupied": _l("A tenant lives here. The move-out makes it vacant again."),
    "maintenance": _l("Not offered in rounds until you mark it vacant."),
    "withdrawn": _l("Out of the pool: not offered and not counted in occupancy."),
}
DEGREES = {
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree"),
    "phd": _l("Doctorate"),
}


def label(table: dict, value) -> str:
    key = getattr(value, "value", value)
    return str(table.get(key, key))
