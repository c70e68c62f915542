"""The policy in force and everything computed from it: points, priorities, the rent cap.

Every caller (pages, API, jobs, the rounds) goes through here, so a rule of the policy is
read in one place. `points` is pure; the rest reads and writes the database.
"""

from housing.policy.points import PointsInput, compute_points, months_between
from housing.policy.priorities import (
    latest_snapshot,
    points_input,
    publish_policy,
    recompute_priorities,
    snapshot_priority,
)
from housing.policy.versions import (
    RENT_CAP_CEILING_PCT,
    current_policy,
    default_policy,
    rent_cap_pct,
)

__all__ = [
    "RENT_CAP_CEILING_PCT",
    "PointsInput",
    "compute_points",
    "current_policy",
    "default_policy",
    "latest_snapshot",
    "months_between",
    "points_input",
    "publish_policy",
    "recompute_priorities",
    "rent_cap_pct",
    "snapshot_priority",
]
