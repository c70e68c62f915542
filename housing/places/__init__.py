"""Places: what the map picker searches, and what the engine will assume about a point.

`search(q)` answers a person's words (an address, a building, an employer, a metro station, or
a pasted coordinate pair) with WGS84 places: the configured geocoder first when there is one,
then the offline gazetteer. See docs/places.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from housing.places import gazetteer
from housing.places.coords import gcj02_to_wgs84
from housing.places.gazetteer import Place
from housing.places.geocoder import Geocoder, GeocoderUnavailable, TiandituGeocoder

#: At most this many results in all (the API pages through them).
MAX_RESULTS = 200
_PAIR = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,，\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass
class Found:
    places: list[Place] = field(default_factory=list)
    notice: str | None = None  # e.g. the geocoder failed and only the gazetteer answered


def configured_geocoder() -> Geocoder | None:
    """The configured geocoding service, or None for the offline gazetteer alone."""
    key = current_app.config.get("TIANDITU_KEY")
    if not key:
        return None
    return TiandituGeocoder(key, float(current_app.config.get("GEOCODER_TIMEOUT", 3.0)))


def _pair(q: str) -> list[Place]:
    """A pasted "lat, lon": as GPS/WGS84, and as a Chinese map app's GCJ-02, converted."""
    m = _PAIR.match(q)
    if not m:
        return []
    a, b = float(m.group(1)), float(m.group(2))
    lat, lon = (a, b) if abs(a) <= 90 and abs(b) > 90 else (b, a)  # either order in China
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return []
    glat, glon = gcj02_to_wgs84(lat, lon)
    return [
        Place(_("This point, from a Chinese map app (GCJ-02)"), "point", "", glat, glon, "gcj02"),
        Place(_("This point, from GPS (WGS84)"), "point", "", lat, lon, "wgs84"),
    ]


def search(q: str | None) -> Found:
    """Places for `q`, in a stable order: geocoder, stations, employers, buildings."""
    q = " ".join((q or "").split())[:100]
    found = Found()
    if not q:
        return found
    found.places.extend(_pair(q))
    service = configured_geocoder()
    if service is not None:
        try:
            found.places.extend(service.search(q))
        except GeocoderUnavailable as exc:
            current_app.logger.warning("geocoder unavailable: %s", exc)
            found.notice = _(
                "The address search service did not answer; showing places from the "
                "district's own list (metro stations, employers, buildings)."
            )
    zh = gazetteer.zh_locale()
    found.places.extend(gazetteer.search_stations(q, zh))
    found.places.extend(gazetteer.search_employers(q, zh))
    found.places.extend(gazetteer.search_buildings(q))
    del found.places[MAX_RESULTS:]
    return found
