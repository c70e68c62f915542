"""Priority points: a pure function of an application's facts and a policy version."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PointsInput:
    category: str
    key_industry: bool
    has_children: bool
    waiting_since: date
    declines_total: int
    #: An active recommendation by the employer that names the apartment.
    recommended: bool = False


def months_between(start: date, end: date) -> int:
    """Whole months waited: the 5th of March to the 4th of April is zero, to the 5th one."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(0, months)


def compute_points(facts: PointsInput, policy, today: date) -> tuple[float, list[dict]]:
    """Total and breakdown, in the order the applicant reads them."""
    breakdown = [
        {
            "rule": f"category:{facts.category}",
            "points": policy.category_points.get(facts.category, 0),
        }
    ]
    months = months_between(facts.waiting_since, today)
    breakdown.append(
        {"rule": "months_waited", "months": months, "points": months * policy.points_per_month}
    )
    if facts.key_industry:
        breakdown.append({"rule": "key_industry", "points": policy.key_industry_bonus})
    if facts.has_children:
        breakdown.append({"rule": "children", "points": policy.children_bonus})
    if facts.recommended:
        breakdown.append({"rule": "recommended", "points": policy.recommendation_points or 0})
    if facts.declines_total:
        breakdown.append(
            {
                "rule": "declined_offers",
                "count": facts.declines_total,
                "points": -facts.declines_total * policy.decline_penalty,
            }
        )
    return float(sum(item["points"] for item in breakdown)), breakdown
