"""The map's background: tile layers from configuration, and the hosts the CSP must allow.

With no `MAP_TILE_URL` (development, tests, offline) the picker draws the bundled metro lines
and stations instead, so the map still orients people without any outside request. With a
Tianditu key and no explicit URL, production uses Tianditu's vector map and its labels.
"""

from __future__ import annotations

from urllib.parse import urlsplit

TIANDITU_TILES = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}"
)


def tile_layers(config) -> list[dict]:
    """[{url, subdomains, attribution}] for Leaflet, base layer first; [] for none."""
    url = config.get("MAP_TILE_URL") or ""
    subdomains = config.get("MAP_TILE_SUBDOMAINS") or ""
    attribution = config.get("MAP_TILE_ATTRIBUTION") or ""
    layers = []
    key = config.get("TIANDITU_KEY")
    if not url and key and config.get("MAP_TILES_FROM_TIANDITU"):
        subdomains, attribution = "01234567", attribution or "© 天地图 Tianditu"
        for layer in ("vec", "cva"):  # the vector map, then its Chinese labels
            # {z},{y},{x} and {s} stay for Leaflet; only the layer and the key are filled in.
            url = TIANDITU_TILES.replace("{layer}", layer).replace("{key}", key)
            layers.append({"url": url, "subdomains": subdomains, "attribution": attribution})
        return layers
    if url:
        layers.append({"url": url, "subdomains": subdomains, "attribution": attribution})
        if label := config.get("MAP_LABEL_URL"):
            layers.append({"url": label, "subdomains": subdomains, "attribution": ""})
    return layers


def tile_hosts(config) -> list[str]:
    """Each origin the tile URLs can reach, with `{s}` expanded: the CSP's img-src, exactly."""
    hosts: list[str] = []
    for layer in tile_layers(config):
        subs = layer["subdomains"] or ""
        for sub in subs or [""]:
            parts = urlsplit(layer["url"].replace("{s}", sub))
            origin = f"{parts.scheme}://{parts.netloc}"
            if parts.scheme in ("https", "http") and parts.netloc and origin not in hosts:
                hosts.append(origin)
    return hosts
