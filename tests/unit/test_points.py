"""Priority points: a pure function of the facts and a policy version (no app, no database)."""

from datetime import date

import pytest

from housing.policy import PointsInput, compute_points, default_policy, months_between

TODAY = date(2026, 6, 15)


def facts(**changes) -> PointsInput:
    base = {
        "category": "young",
        "key_industry": False,
        "has_children": False,
        "waiting_since": TODAY,
        "declines_total": 0,
    }
    return PointsInput(**{**base, **changes})


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 3, 5), date(2026, 4, 4), 0),
        (date(2026, 3, 5), date(2026, 4, 5), 1),
        (date(2025, 12, 31), date(2026, 2, 28), 1),
        (date(2025, 6, 15), date(2026, 6, 15), 12),
        (date(2026, 7, 1), date(2026, 6, 15), 0),  # a start in the future counts nothing
    ],
)
def test_months_waited_are_whole_months(start, end, months):
    assert months_between(start, end) == months


def test_a_new_applicant_has_only_the_category_points():
    total, breakdown = compute_points(facts(), default_policy(), TODAY)
    assert total == 100
    assert breakdown == [
        {"rule": "category:young", "points": 100},
        {"rule": "months_waited", "months": 0, "points": 0},
    ]


def test_every_rule_adds_up_in_the_order_the_applicant_reads_them():
    policy = default_policy()
    policy.points_per_month = 7
    total, breakdown = compute_points(
        facts(
            category="key_industry",
            key_industry=True,
            has_children=True,
            waiting_since=date(2025, 12, 15),
            declines_total=2,
        ),
        policy,
        TODAY,
    )
    assert [item["rule"] for item in breakdown] == [
        "category:key_industry",
        "months_waited",
        "key_industry",
        "children",
        "declined_offers",
    ]
    # 200 category + 6 months * 7 + 50 key industry + 30 children - 2 * 40 declines
    assert total == 200 + 42 + 50 + 30 - 80
    assert breakdown[-1] == {"rule": "declined_offers", "count": 2, "points": -80}


def test_a_category_the_policy_dropped_scores_nothing():
    policy = default_policy()
    policy.category_points = {"leading": 400}
    total, breakdown = compute_points(facts(category="young"), policy, TODAY)
    assert total == 0 and breakdown[0] == {"rule": "category:young", "points": 0}
