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
    # A policy what-if's own stages (housing/forecast/whatif.py).
    "points": _l("Recomputing points in a sandbox"),
    "waits": _l("Estimating the waits"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}
#: The policy settings an officer changes, as the what-if comparison names them.
POLICY_SETTINGS = {
    "points_per_month": _l("Points per month waited"),
    "key_industry_bonus": _l("Bonus for key-industry employers"),
    "children_bonus": _l("Bonus for households with children"),
    "decline_penalty": _l("Penalty per declined offer"),
    "offer_days": _l("Days to answer an offer"),
    "declines_to_back_of_queue": _l(
        "Declines in a row that move an applicant to the back of the queue"
    ),
    "notice_days": _l("Days of public notice"),
    "retention_months": _l("Months to keep a closed application's documents and personal details"),
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


def label(table: dict, value) -> str:
    key = getattr(value, "value", value)
    return str(table.get(key, key))
