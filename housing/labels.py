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


def label(table: dict, value) -> str:
    key = getattr(value, "value", value)
    return str(table.get(key, key))


#: Identity documents (housing/identity.py IdType).
ID_TYPES = {
    "resident_id": _l("Resident ID card"),
    "passport": _l("Passport"),
    "foreign_permanent_resident": _l("Foreign Permanent Resident ID Card"),
    "hk_macao_taiwan_residence": _l("Residence permit for Hong Kong, Macao and Taiwan residents"),
}
#: What an audit event records (audit.record's `action`), as the audit log shows it.
AUDIT_ACTIONS = {
    "account.activated": _l("Account activated"),
    "account.password_reset": _l("Password reset by e-mail link"),
    "application.back_of_queue": _l("Application moved to the back of the queue"),
    "application.documents_requested": _l("Documents requested"),
    "application.rejected": _l("Application rejected"),
    "application.verified": _l("Application verified"),
    "building.created": _l("Building added"),
    "document.viewed": _l("Document viewed"),
    "incentives.run": _l("Landlord incentive run"),
    "landlord.created": _l("Landlord organisation registered"),
    "landlord.invitation_accepted": _l("Landlord invitation accepted"),
    "landlord.invited": _l("Landlord staff invited"),
    "ledger.corrected": _l("Ledger entry corrected"),
    "login.throttled": _l("Logins slowed down after failed attempts"),
    "offer.accepted": _l("Offer accepted"),
    "offer.back_of_queue": _l("Moved to the back of the queue after declines"),
    "offer.declined": _l("Offer declined"),
    "payments.run": _l("Subsidy payment run"),
    "personal_data.purged": _l("Personal data erased"),
    "policy.published": _l("Policy published"),
    "priorities.recomputed": _l("Points recomputed"),
    "review.answered": _l("Annual review answered"),
    "review.continued": _l("Lease continued after review"),
    "review.escalated": _l("Annual review escalated"),
    "review.refused": _l("Lease not renewed"),
    "review.renewed": _l("Lease renewed"),
    "round.cascade": _l("Offer passed down the round's order"),
    "round.committed": _l("Round committed"),
    "round.objection": _l("Objection recorded"),
    "round.unit_returned": _l("Unit returned to the pool"),
    "statement.approved": _l("Landlord statement approved"),
    "subsidy.approved": _l("Rent subsidy approved"),
    "subsidy.claimed": _l("Rent subsidy claimed"),
    "subsidy.rejected": _l("Rent subsidy rejected"),
    "subsidy.stopped": _l("Rent subsidy stopped"),
    "tenancy.ended": _l("Tenancy ended"),
    "tenancy.move_out_confirmed": _l("Move-out confirmed"),
    "tenancy.moved_in": _l("Moved in"),
    "unit.created": _l("Unit added"),
    "unit.deleted": _l("Unit deleted"),
    "unit.updated": _l("Unit changed"),
    "units.imported": _l("Units imported"),
    "user.created": _l("Account created"),
    "user.disabled": _l("Account disabled"),
    "user.enabled": _l("Account enabled again"),
    "user.logged_out_everywhere": _l("Logged out everywhere"),
    "user.password_set": _l("Password set by an administrator"),
    "user.role_changed": _l("Role changed"),
}
#: What an audit event is about (audit.py's object_type: a table's name in the singular).
OBJECT_TYPES = {
    "user": _l("Account"),
    "application": _l("Application"),
    "document": _l("Document"),
    "unit": _l("Unit"),
    "building": _l("Building"),
    "landlord": _l("Landlord organisation"),
    "landlord_invitation": _l("Invitation"),
    "offer": _l("Offer"),
    "allocation_round": _l("Round"),
    "tenancie": _l("Tenancy"),
    "tenancy_review": _l("Annual review"),
    "subsidy_grant": _l("Rent subsidy"),
    "incentive_statement": _l("Landlord statement"),
    "ledger_entrie": _l("Ledger entry"),
    "money_run": _l("Payment run"),
    "policy_version": _l("Policy version"),
}
