"""All models, imported here so Alembic and the app see the whole schema."""

from housing.models.audit import AuditEvent, JobRun, Notification, OutboxMail
from housing.models.housing import (
    LANDLORD_STATUSES,
    Building,
    Layout,
    Street,
    Unit,
    UnitStatus,
)
from housing.models.money import GrantStatus, IncentiveStatement, SubsidyGrant, SubsidyPayment
from housing.models.people import (
    ApiToken,
    Employer,
    Landlord,
    LandlordInvitation,
    LandlordKind,
    Role,
    User,
)
from housing.models.policy import PolicyVersion
from housing.models.rounds import (
    AllocationRound,
    Offer,
    OfferStatus,
    RoundAssignment,
    RoundExclusion,
    RoundStatus,
)
from housing.models.tenancies import Tenancy, TenancyStatus
from housing.models.waitlist import (
    LIVE,
    QUEUED,
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Category,
    Degree,
    Document,
    HouseholdMember,
    PrioritySnapshot,
)

__all__ = [
    "LANDLORD_STATUSES",
    "LIVE",
    "QUEUED",
    "TRANSITIONS",
    "AllocationRound",
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "AuditEvent",
    "Building",
    "Category",
    "Degree",
    "Document",
    "Employer",
    "GrantStatus",
    "HouseholdMember",
    "IncentiveStatement",
    "JobRun",
    "Landlord",
    "LandlordInvitation",
    "LandlordKind",
    "Layout",
    "Notification",
    "Offer",
    "OfferStatus",
    "OutboxMail",
    "PolicyVersion",
    "PrioritySnapshot",
    "Role",
    "RoundAssignment",
    "RoundExclusion",
    "RoundStatus",
    "Street",
    "SubsidyGrant",
    "SubsidyPayment",
    "Tenancy",
    "TenancyStatus",
    "Unit",
    "UnitStatus",
    "User",
]
