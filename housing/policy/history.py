"""What changed between policy versions, in words: for the history page and the confirmation
an officer sees before publishing.

A version is compared setting by setting with the one before it; a setting that is a table
(points by category, subsidy by degree) is compared entry by entry, so the page says
"Base points · Young talent: 100 → 120", not that a JSON column differs.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from housing import labels
from housing.extensions import db
from housing.models import PolicyVersion
from housing.pagination import Page, paginate

#: Columns of a version that are bookkeeping, not policy.
NOT_POLICY = frozenset({"id", "version", "effective_from", "created_by_id", "created_at", "note"})
#: Labels of the keys inside a table-valued setting.
_KEY_LABELS = {"category_points": labels.CATEGORIES, "subsidy_by_degree": labels.DEGREES}


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


def policy_settings() -> list[str]:
    """The policy's settings, in the order of the model."""
    return [c.key for c in PolicyVersion.__table__.columns if c.key not in NOT_POLICY]


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return " / ".join(_shown(v) for v in value)
    return str(value)


def _flat(policy: PolicyVersion | None, key: str) -> dict[str, object]:
    value = getattr(policy, key, None) if policy is not None else None
    if key in _KEY_LABELS or isinstance(value, dict):
        return {f"{key}.{k}": v for k, v in (value or {}).items()}
    return {key: value}


def _label(flat_key: str) -> str:
    key, _dot, sub = flat_key.partition(".")
    name = labels.label(labels.POLICY_SETTINGS, key)
    if not sub:
        return name
    return f"{name} · {labels.label(_KEY_LABELS.get(key, {}), sub)}"


def changes_between(old: PolicyVersion | None, new: PolicyVersion) -> list[Change]:
    """Every setting whose value differs, labelled; against nothing, every setting."""
    changes = []
    for key in policy_settings():
        before, after = _flat(old, key), _flat(new, key)
        for flat_key in dict.fromkeys([*before, *after]):
            was, now = before.get(flat_key), after.get(flat_key)
            if old is None or was != now:
                changes.append(Change(flat_key, _label(flat_key), _shown(was), _shown(now)))
    return changes


def proposed(base: PolicyVersion, changes: dict) -> PolicyVersion:
    """An unsaved version with `changes` over `base`, to show what publishing would do."""
    values = {key: getattr(base, key) for key in policy_settings()}
    values.update({k: v for k, v in changes.items() if k in values})
    return PolicyVersion(version=base.version + 1, **values)


@dataclass
class HistoryRow:
    version: PolicyVersion
    changes: list[Change]


def history_page(page: int, per_page: int = 10) -> Page:
    """Versions newest first, each with who published it and what changed from the one before."""
    query = (
        sa.select(PolicyVersion)
        .options(selectinload(PolicyVersion.created_by))
        .order_by(PolicyVersion.version.desc())
    )
    result = paginate(query, page, per_page)
    wanted = {v.version - 1 for v in result.items}
    earlier = {
        v.version: v
        for v in db.session.scalars(
            sa.select(PolicyVersion).where(PolicyVersion.version.in_(wanted))
        )
    }
    result.items = [
        HistoryRow(v, changes_between(earlier.get(v.version - 1), v)) for v in result.items
    ]
    return result
