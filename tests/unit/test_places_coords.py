"""GCJ-02 <-> WGS84: published reference points, and the inverse's round-trip error."""

import math

import pytest

from housing.places.coords import distance_m, gcj02_to_wgs84, out_of_china, wgs84_to_gcj02

# (WGS84 lat, lon) -> (GCJ-02 lat, lon), the reference table of the widely used open
# implementations of the public formula (eviltransform, coordtransform).
REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
    ((39.915, 116.404), (39.91640428150164, 116.41024449916938)),  # Beijing, Tiananmen
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_forward_matches_the_reference_points(wgs, gcj):
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=1e-9)
    assert lon == pytest.approx(gcj[1], abs=1e-9)


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_inverse_recovers_the_wgs84_point(wgs, gcj):
    assert distance_m(*gcj02_to_wgs84(*gcj), *wgs) < 0.001  # under a millimetre


def test_round_trip_over_shanghai_stays_under_a_millimetre():
    worst = 0.0
    for i in range(21):
        for j in range(21):
            lat, lon = 30.7 + i * 0.06, 121.0 + j * 0.05
            back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
            worst = max(worst, distance_m(lat, lon, *back))
    assert worst < 0.001


def test_the_offset_in_shanghai_is_hundreds_of_metres():
    """What the issue saw: a map app's point is a few hundred metres off."""
    lat, lon = 31.2200, 121.4200  # Changning
    offset = distance_m(lat, lon, *wgs84_to_gcj02(lat, lon))
    assert 300 < offset < 700


def test_outside_china_nothing_moves():
    assert out_of_china(48.8566, 2.3522)
    assert wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)
    assert gcj02_to_wgs84(48.8566, 2.3522) == (48.8566, 2.3522)
    assert not math.isnan(distance_m(0, 0, 0, 0))
