"""Human labels for enum values, translatable, shared by pages and notices."""

from flask_babel import lazy_gettext as _l

ROLES = {
    "applicant": _l("Applicant"),
    "officer": _l("Housing officer"),
    "landlord": _l("Landlord"),
    "admin": _l("Administrator"),
    "employer": _l("Employer (HR)"),
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
    "left_employer": _l("Left the employer"),
}
#: What an applicant chooses, and an employer recommends: a place in the queue or cash.
BENEFITS = {
    "apartment": _l("A talent apartment (the queue)"),
    "subsidy": _l("A rent subsidy"),
}
#: The employer's answer about an applicant's employment.
EMPLOYMENT = {
    "confirmed": _l("Employment confirmed by the employer"),
    "denied": _l("Employment denied by the employer"),
    "left": _l("Left the employer"),
    "unanswered": _l("Awaiting the employer's answer"),
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
#: Audit-log actions (housing/audit.py `record()`): a new action needs a line here
#: (tests/web/test_labels.py finds every action in the code).
AUDIT_ACTIONS = {
    "account.activated": _l("Account activated"),
    "application.benefit_chosen": _l("Apartment or subsidy chosen"),
    "employer.invited": _l("Employer HR staff invited"),
    "employer.invitation_accepted": _l("Employer invitation accepted"),
    "employer.recommended": _l("Recommended by the employer"),
    "employer.recommendation_withdrawn": _l("Employer's recommendation withdrawn"),
    "employer.reminder_escalated": _l("Unanswered staff-list reminder passed to the officers"),
    "employer.staff_confirmed": _l("Employer confirmed its list of housed staff"),
    "employment.confirmed": _l("Employment confirmed by the employer"),
    "employment.denied": _l("Employment denied by the employer"),
    "employment.departure": _l("Departure reported by the employer"),
    "application.back_of_queue": _l("Application moved to the back of the queue"),
    "application.documents_requested": _l("Documents requested from the applicant"),
    "application.rejected": _l("Application returned"),
    "application.verified": _l("Application verified"),
    "building.created": _l("Building added"),
    "building.updated": _l("Building changed"),
    "policy.what_if": _l("Policy draft tried (what-if)"),
    "document.viewed": _l("Document viewed"),
    "incentives.run": _l("Monthly incentive run"),
    "landlord.created": _l("Landlord organisation added"),
    "landlord.invited": _l("Landlord staff invited"),
    "landlord.invitation_accepted": _l("Landlord invitation accepted"),
    "ledger.corrected": _l("Ledger entry corrected"),
    "login.throttled": _l("Logins paused after failed attempts"),
    "offer.accepted": _l("Offer accepted"),
    "offer.declined": _l("Offer declined"),
    "payments.run": _l("Monthly subsidy payment run"),
    "personal_data.purged": _l("Personal data deleted after the retention period"),
    "policy.published": _l("Policy version published"),
    "priorities.recomputed": _l("Everyone's points recomputed"),
    "review.answered": _l("Annual review answered"),
    "review.continued": _l("Annual review: lease goes on"),
    "review.escalated": _l("Annual review passed to the officers"),
    "review.refused": _l("Annual review: not renewed"),
    "review.renewed": _l("Annual review: renewed"),
    "round.cascade": _l("Unit offered to the next applicant"),
    "round.committed": _l("Round committed"),
    "round.objection": _l("Objection to a round"),
    "round.unit_returned": _l("Unit returned from a round"),
    "statement.approved": _l("Incentive statement approved"),
    "subsidy.approved": _l("Rent subsidy approved"),
    "subsidy.claimed": _l("Rent subsidy claimed"),
    "subsidy.rejected": _l("Rent subsidy refused"),
    "subsidy.stopped": _l("Rent subsidy stopped"),
    "tenancy.ended": _l("Tenancy ended"),
    "tenancy.move_out_confirmed": _l("Move-out confirmed"),
    "tenancy.moved_in": _l("Moved in"),
    "unit.created": _l("Unit added"),
    "unit.deleted": _l("Unit deleted"),
    "unit.updated": _l("Unit changed"),
    "units.imported": _l("Units imported from a spreadsheet"),
    "user.created": _l("Account created"),
    "user.logged_out_everywhere": _l("Logged out everywhere"),
    "account.password_reset": _l("Password reset by e-mail link"),
    "offer.back_of_queue": _l("Moved to the back of the queue after declines"),
    "user.disabled": _l("Account disabled"),
    "user.enabled": _l("Account enabled again"),
    "user.password_set": _l("Password set by an administrator"),
    "user.role_changed": _l("Role changed"),
}
#: The kinds of object an audit event is about.
OBJECT_TYPES = {
    "application": _l("Application"),
    "building": _l("Building"),
    "document": _l("Document"),
    "landlord": _l("Landlord"),
    "offer": _l("Offer"),
    "policy_version": _l("Policy version"),
    "round": _l("Round"),
    "allocation_round": _l("Round"),
    "tenancy": _l("Tenancy"),
    "tenancie": _l("Tenancy"),  # the table's name less its "s", as housing/audit.py forms it
    "tenancy_review": _l("Annual review"),
    "subsidy_grant": _l("Rent subsidy"),
    "incentive_statement": _l("Incentive statement"),
    "ledger_entrie": _l("Ledger entry"),
    "money_run": _l("Monthly run"),
    "unit": _l("Unit"),
    "user": _l("Account"),
    "landlord_invitation": _l("Invitation"),
}
#: What a reported change touched (the history's "change:household …" notes).
CHANGE_KINDS = {
    "job": _l("Reported a change of job"),
    "household": _l("Reported a change of household"),
}
CHANGED_FIELDS = {
    "employer_id": _l("employer"),
    "returnee": _l("returnee route"),
    "returned_on": _l("date of return"),
    "social_insurance_in_shanghai": _l("social insurance"),
    "workplace_address": _l("workplace address"),
    "workplace_lat": _l("workplace location"),
    "workplace_lon": _l("workplace location"),
    "household_size": _l("household size"),
    "has_children": _l("children"),
    "members": _l("household members"),
    "owns_housing_in_shanghai": _l("housing owned in Shanghai"),
    "owned_area_per_person_m2": _l("owned floor area"),
    "other_housing_benefit": _l("other housing benefit"),
}
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
    "recommendation_points": _l("Points for a recommendation by the employer"),
    "recommendation_quota_key_industry": _l("Recommendations a year per key-industry enterprise"),
    "recommendation_quota_other": _l("Recommendations a year per other enterprise"),
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


def layout_list(codes) -> str:
    """Layouts as the words of the person's language: "Studio, One bedroom", "开间、一居室"."""
    from flask_babel import get_locale

    separator = "、" if str(get_locale()) == "zh" else ", "
    return separator.join(label(LAYOUTS, code) for code in codes or ())


def event_note(note: str | None) -> str:
    """An application's history note as a sentence: the codes that changes.report_change()
    writes ("change:household has_children,household_size — text") become words."""
    if not note or not note.startswith("change:"):
        return note or ""
    head, _sep, text = note.partition(" — ")
    kind, _sep, fields = head[len("change:") :].partition(" ")
    words = list(dict.fromkeys(label(CHANGED_FIELDS, f) for f in fields.split(",") if f))
    sentence = label(CHANGE_KINDS, kind)
    if words:
        sentence += ": " + ", ".join(words)
    return sentence + (f" — {text}" if text else "")


def employer_name(employer) -> str:
    """An employer's name in the page's language: the registered English name on English
    pages when there is one, the Chinese (legal) name otherwise."""
    from flask_babel import get_locale

    english = getattr(employer, "name_en", None)
    return english if english and str(get_locale()) == "en" else employer.name


#: The officers' exports, by the name in their URL.
EXPORTS = {
    "queue": _l("Queue"),
    "rounds": _l("Rounds"),
    "offers": _l("Offers"),
    "tenancies": _l("Tenancies"),
    "ledger": _l("Ledger"),
}
#: Landlord organisations' kinds.
LANDLORD_KINDS = {
    "district_soe": _l("District-owned enterprise"),
    "private_firm": _l("Private rental firm"),
}
#: Identity documents (housing/identity.py IdType).
ID_TYPES = {
    "resident_id": _l("Resident ID card"),
    "passport": _l("Passport"),
    "foreign_permanent_resident": _l("Foreign Permanent Resident ID Card"),
    "hk_macao_taiwan_residence": _l("Residence permit for Hong Kong, Macao and Taiwan residents"),
}
