"""The picker's helpers for the browser: the metro map layer and the commute sentence."""

from functools import lru_cache

from flask import Blueprint, current_app, jsonify, request

from housing.places import commute, gazetteer
from housing.places.gazetteer import zh_locale

bp = Blueprint("places", __name__, url_prefix="/places")

#: Official line colours, so the offline map reads like the metro map people know.
LINE_COLOURS = {
    "1": "#e3002b", "2": "#8cc220", "3": "#fcd600", "4": "#461d84", "5": "#944d9a",
    "6": "#d40068", "7": "#ed6f00", "8": "#0094d8", "9": "#87caed", "10": "#c6afd4",
    "11": "#871c2b", "12": "#007a60", "13": "#e999c0", "15": "#bca886", "16": "#98d1c0",
}  # fmt: skip


@lru_cache(maxsize=2)
def _metro_layer(zh: bool) -> dict:
    """Stations ([lat, lon, name]) and segments ([i, j, colour]), built once per language."""
    return {
        "stations": [
            [round(s.lat, 5), round(s.lon, 5), gazetteer.station_place(s, zh).name]
            for s in gazetteer.stations()
        ],
        "segments": [
            [i, j, LINE_COLOURS.get("".join(c for c in line if c.isdigit()), "#888888")]
            for i, j, line in gazetteer.segments()
        ],
    }


@bp.get("/metro.json")
def metro():
    """Stations and the segments between them, for the map when no tiles are configured."""
    response = jsonify(_metro_layer(zh_locale()))
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response


@bp.get("/commute.json")
def commute_sentence():
    """What the engine will assume for a point the picker moved to (nothing is stored)."""
    lat = request.args.get("lat", type=float)
    lon = request.args.get("lon", type=float)
    text = None
    if lat is not None and lon is not None and 30 <= lat <= 32.5 and 120.5 <= lon <= 122.5:
        text = commute.describe(lat, lon, zh_locale())
    return {"text": text}


@bp.app_context_processor
def _picker_globals() -> dict:
    """What the picker macro needs on any page: the configured tiles and the pick encoding."""
    from housing.places.picker import pick_value
    from housing.places.tiles import tile_layers

    return {"map_tiles": tile_layers(current_app.config), "pick_value": pick_value}
