"""The commute model on known trips, its parts, and its replaceability."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from allocation import CommuteModel, MetroCommuteModel, Policy, solve
from allocation.network import BUNDLED, load_network

NET = load_network()


def _station(name: str) -> tuple[float, float]:
    i = NET.names.index(name)
    return float(NET.lat[i]), float(NET.lon[i])


def _near(p: tuple[float, float], metres_north: float) -> tuple[float, float]:
    return (p[0] + metres_north / 111_000, p[1])


def _minutes(a, b, policy: Policy | None = None) -> float:
    return float(MetroCommuteModel(policy).minutes(np.array([a]), np.array([b]))[0, 0])


def test_network_loaded_with_changning_additions() -> None:
    assert len(NET.names) >= 302
    for name in ("Zhongshan Park", "Jiangsu Road", "Changfeng Park", "Hongbaoshi Road"):
        assert name in NET.names
    assert {"Line 2", "Line 15"} <= NET.lines[NET.names.index("Loushanguan Road")]
    assert "Jingping Road" in NET.names  # names are trimmed


def test_one_stop_zhongshan_park_to_jiangsu_road() -> None:
    home = _near(_station("Zhongshan Park"), 150)
    job = _near(_station("Jiangsu Road"), -150)
    assert 7 <= _minutes(home, job) <= 14


def test_across_the_district() -> None:
    hongqiao_zone = (31.2050, 121.3620)  # airport economic zone, west
    east_end = (31.2226, 121.4390)  # Jiangsu Road / Huashan Road area
    gubei = (31.2060, 121.4200)
    for a, b in [(hongqiao_zone, east_end), (hongqiao_zone, gubei)]:
        assert 25 <= _minutes(a, b) <= 45
    assert 25 <= _minutes((31.2160, 121.3580), (31.2222, 121.4170)) <= 45  # Beixinjing west -> ZP


def test_short_trips_walk_or_cycle() -> None:
    p = (31.2150, 121.3950)
    assert _minutes(p, p) == 0
    # 200 m: on foot, 0.2 * 1.3 / 4.8 * 60 = 3.25 min
    assert _minutes(p, _near(p, 200)) == pytest.approx(3.25, abs=0.1)
    # 400 m: cycling (3 min to get a bicycle) already wins over 6.5 min on foot
    assert _minutes(p, _near(p, 400)) == pytest.approx(0.52 / 12 * 60 + 3, abs=0.1)
    # 2 km: a bicycle beats walking 32 minutes
    assert _minutes(p, _near(p, 2000)) < 20


def test_far_from_network_falls_back_to_road() -> None:
    remote = (31.60, 121.90)  # far out of the network's reach
    t = _minutes(remote, (31.2222, 121.4170))
    assert np.isfinite(t) and 100 < t < 300


def test_symmetric_and_vectorised() -> None:
    rng = np.random.default_rng(0)
    pts = np.column_stack([rng.uniform(31.18, 31.24, 50), rng.uniform(121.35, 121.45, 50)])
    m = MetroCommuteModel().minutes(pts[:20], pts)
    assert m.shape == (20, 50)
    assert np.allclose(m, MetroCommuteModel().minutes(pts, pts[:20]).T)
    one = MetroCommuteModel().minutes(pts[3:4], pts[7:8])[0, 0]
    assert m[3, 7] == pytest.approx(one)


def test_policy_speeds_matter() -> None:
    a, b = (31.2050, 121.3620), (31.2226, 121.4390)
    assert _minutes(a, b, Policy(transfer_min=15)) >= _minutes(a, b)
    assert _minutes(a, b, Policy(metro_speed_kmh=20)) > _minutes(a, b)


def test_network_is_a_replaceable_folder(tmp_path: Path) -> None:
    copy = tmp_path / "net"
    shutil.copytree(BUNDLED, copy)
    (copy / "changning_additions.csv").unlink()
    smaller = load_network(str(copy))
    assert "Changfeng Park" not in smaller.names
    m = MetroCommuteModel(Policy(metro_network=str(copy)))
    assert m.network is smaller


def test_engine_accepts_any_commute_model() -> None:
    from alloc_helpers import applicant, instance, unit

    class Flat:
        def minutes(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
            return np.full((len(origins), len(destinations)), 12.0)

    assert isinstance(Flat(), CommuteModel)
    res = solve(instance([applicant(max_commute_min=12)], [unit()]), model=Flat())
    assert res.assignments[0].commute_min == 12.0
