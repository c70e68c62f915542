"""The one place where rounds reach into other areas: the policy, points, statuses and audit."""

from housing.applicants.operations import transition
from housing.audit import record as audit
from housing.policy import current_policy, snapshot_priority

__all__ = ["audit", "current_policy", "snapshot_priority", "transition"]
