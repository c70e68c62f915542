"""Door-to-door commute minutes between places.

`CommuteModel` is the seam: the engine only asks for a matrix of minutes, so a deployment can
back it with a routing service. `MetroCommuteModel` is the bundled estimate: walk or cycle
when faster, else walk to one of the k nearest stations, wait, ride (with changes), walk on.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from allocation.model import Policy
from allocation.network import Network, haversine_km, load_network, station_times


@lru_cache(maxsize=8)
def _times(net: Network, speed: float, wait: float, transfer: float) -> np.ndarray:
    """Station-to-station minutes, once per network and policy in a process."""
    t = station_times(net, speed, wait, transfer)
    t.setflags(write=False)
    return t


@runtime_checkable
class CommuteModel(Protocol):
    def minutes(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        """(n, 2) and (m, 2) arrays of [lat, lon] -> (n, m) float minutes."""
        ...


class MetroCommuteModel:
    """Metro + walking/cycling estimate; station times are computed once per model."""

    def __init__(
        self, policy: Policy | None = None, network: Network | str | Path | None = None
    ) -> None:
        self.policy = policy or Policy()
        if network is None:
            network = self.policy.metro_network
        self.network = network if isinstance(network, Network) else load_network(str(network))
        p = self.policy
        self.times = _times(self.network, p.metro_speed_kmh, p.first_wait_min, p.transfer_min)
        self._k = max(1, min(p.access_stations, len(self.network.names)))

    def _nearest(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """k nearest stations of each place and the time to get there (inf beyond reach).

        On foot, or by shared bicycle (docked at nearly every Shanghai station) when faster.
        """
        net, p = self.network, self.policy
        km = haversine_km(pts[:, 0, None], pts[:, 1, None], net.lat[None, :], net.lon[None, :])
        k = self._k
        idx = np.argpartition(km, k - 1, axis=1)[:, :k] if k < km.shape[1] else np.argsort(km, 1)
        dist = np.take_along_axis(km, idx, axis=1)
        street = dist * p.walk_detour
        walk = street * (60.0 / p.walk_speed_kmh)
        np.minimum(walk, street * (60.0 / p.cycle_speed_kmh) + p.cycle_overhead_min, out=walk)
        walk[dist > p.max_access_km] = np.inf
        return idx, walk

    def minutes(self, origins: np.ndarray, destinations: np.ndarray) -> np.ndarray:
        p = self.policy
        o = np.asarray(origins, dtype=np.float64).reshape(-1, 2)
        d = np.asarray(destinations, dtype=np.float64).reshape(-1, 2)
        street = haversine_km(o[:, 0, None], o[:, 1, None], d[None, :, 0], d[None, :, 1])
        street *= p.walk_detour
        walk = street * (60.0 / p.walk_speed_kmh)
        cycle = street * (60.0 / p.cycle_speed_kmh) + p.cycle_overhead_min
        best = np.minimum(walk, cycle)
        if len(o) == 0 or len(d) == 0:
            return best
        oi, ow = self._nearest(o)
        di, dw = self._nearest(d)
        # best time from each origin to alighting at every station
        reach = np.full((len(o), self.times.shape[0]), np.inf)
        for j in range(oi.shape[1]):
            np.minimum(reach, ow[:, j, None] + self.times[oi[:, j]], out=reach)
        metro = np.full(best.shape, np.inf)
        for j in range(di.shape[1]):
            np.minimum(metro, reach[:, di[:, j]] + dw[None, :, j], out=metro)
        fallback = street * (60.0 / p.fallback_speed_kmh) + p.fallback_wait_min
        np.minimum(best, np.where(np.isfinite(metro), metro, fallback), out=best)
        return best
