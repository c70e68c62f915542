"""The policy version in force, and the rent cap it sets."""

import sqlalchemy as sa

from housing.extensions import db
from housing.models import PolicyVersion
from housing.models._base import utcnow

#: The rent cap may be lowered by a policy version but never raised above this (S): the
#: units table's CHECK constraint enforces the same ceiling.
RENT_CAP_CEILING_PCT = 90


def default_policy() -> PolicyVersion:
    """An unsaved version 1 with the design card's defaults (column defaults apply only on
    insert, so they are filled in here)."""
    policy = PolicyVersion(version=1, note="default policy")
    for column in PolicyVersion.__table__.columns:
        if getattr(policy, column.key) is None and column.default is not None:
            arg = column.default.arg
            setattr(policy, column.key, arg(None) if callable(arg) else arg)
    return policy


def current_policy(create: bool = True) -> PolicyVersion:
    """The latest version in force; the defaults of the design card if none was published.

    With `create=False` nothing is written: an unsaved copy of the defaults stands in.
    """
    policy = db.session.scalar(
        sa.select(PolicyVersion)
        .where(PolicyVersion.effective_from <= utcnow())
        .order_by(PolicyVersion.version.desc())
        .limit(1)
    )
    if policy is None:
        policy = db.session.scalar(sa.select(PolicyVersion).order_by(PolicyVersion.version))
    if policy is None:
        policy = default_policy()
        if create:
            db.session.add(policy)
            db.session.flush()
    return policy


def rent_cap_pct(policy: PolicyVersion | None = None) -> int:
    """The highest rent, in percent of market rent, that the policy in force allows."""
    pct = (policy or current_policy(create=False)).rent_cap_pct_of_market
    return min(pct or RENT_CAP_CEILING_PCT, RENT_CAP_CEILING_PCT)
