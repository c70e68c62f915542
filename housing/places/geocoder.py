"""Geocoding adapters: an address typed by a person -> WGS84 places.

`TiandituGeocoder` asks Tianditu (天地图), the government's map service, when a key is
configured: its place (POI) search for names, and its geocoder for addresses. Its
coordinates are CGCS2000, which agrees with WGS84 to centimetres, so they are used as they
are; an adapter whose source gives GCJ-02 says so with `datum = "gcj02"` and its points are
converted where they enter (`to_wgs84`). A slow or failing service raises
`GeocoderUnavailable`, and the caller falls back to the offline gazetteer.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from housing.places.coords import gcj02_to_wgs84
from housing.places.gazetteer import Place

TIANDITU_GEOCODER = "https://api.tianditu.gov.cn/geocoder"
TIANDITU_SEARCH = "https://api.tianditu.gov.cn/v2/search"
#: The POI search looks around Changning and its neighbours (lon,lat of two corners).
SEARCH_BOUND = "121.30,31.14,121.50,31.28"


class GeocoderUnavailable(Exception):
    """The service did not answer in time, or answered something unusable."""


class Geocoder(Protocol):
    datum: str  # "wgs84" (CGCS2000 too) or "gcj02"

    def search(self, q: str) -> list[Place]: ...


def to_wgs84(datum: str, lat: float, lon: float) -> tuple[float, float]:
    return gcj02_to_wgs84(lat, lon) if datum == "gcj02" else (lat, lon)


def _get_json(url: str, timeout: float) -> dict:
    """One GET; any network, HTTP or JSON problem is `GeocoderUnavailable`."""
    request = urllib.request.Request(url, headers={"User-Agent": "rcgy-housing"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read(1_000_000).decode("utf-8"))
    except (OSError, ValueError) as exc:  # URLError, timeouts and bad JSON alike
        raise GeocoderUnavailable(str(exc)) from exc


class TiandituGeocoder:
    """Tianditu: its POI search (buildings, companies by name) and its address geocoder.

    CGCS2000 = WGS84 here. Both answer within `timeout`; if only one fails, the other's places
    still count, and only when both fail is the service unavailable.
    """

    datum = "wgs84"

    def __init__(
        self,
        key: str,
        timeout: float = 3.0,
        url: str = TIANDITU_GEOCODER,
        search_url: str = TIANDITU_SEARCH,
    ) -> None:
        self.key, self.timeout, self.url, self.search_url = key, timeout, url, search_url

    def search(self, q: str) -> list[Place]:
        places: list[Place] = []
        failures: list[GeocoderUnavailable] = []
        # Both at once, so a search waits at most one timeout, not two.
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(ask, q) for ask in (self._pois, self._address)]
            for future in futures:
                try:
                    places.extend(future.result())
                except GeocoderUnavailable as exc:
                    failures.append(exc)
        if len(failures) == 2:
            raise failures[0]
        return places

    def _address(self, q: str) -> list[Place]:
        ds = json.dumps({"keyWord": q}, ensure_ascii=False)
        query = urllib.parse.urlencode({"ds": ds, "tk": self.key})
        data = _get_json(f"{self.url}?{query}", self.timeout)
        if str(data.get("status")) != "0":
            if str(data.get("status")) in ("1", "101", "404"):  # "no result"
                return []
            raise GeocoderUnavailable(str(data.get("msg") or data.get("status")))
        loc = data.get("location") or {}
        try:
            lat, lon = to_wgs84(self.datum, float(loc["lat"]), float(loc["lon"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise GeocoderUnavailable("no location in the answer") from exc
        name = str(loc.get("keyWord") or q)
        return [Place(name=name, kind="address", address=name, lat=lat, lon=lon)]

    def _pois(self, q: str) -> list[Place]:
        post = {"keyWord": q, "level": 12, "mapBound": SEARCH_BOUND, "queryType": 1,
                "start": 0, "count": 10}  # fmt: skip
        query = urllib.parse.urlencode(
            {"postStr": json.dumps(post, ensure_ascii=False), "type": "query", "tk": self.key}
        )
        data = _get_json(f"{self.search_url}?{query}", self.timeout)
        status = data.get("status") or {}
        if isinstance(status, dict) and status.get("infocode") not in (None, 1000, "1000"):
            raise GeocoderUnavailable(str(status.get("cndesc") or status.get("infocode")))
        places = []
        for poi in data.get("pois") or []:
            try:
                lon, lat = (float(x) for x in str(poi["lonlat"]).replace(",", " ").split())
            except (KeyError, TypeError, ValueError):
                continue  # one unusable entry is skipped, not the answer
            lat, lon = to_wgs84(self.datum, lat, lon)
            name = str(poi.get("name") or q)
            places.append(Place(name, "address", str(poi.get("address") or name), lat, lon))
        return places
