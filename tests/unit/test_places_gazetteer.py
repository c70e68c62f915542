"""The offline gazetteer's stations and the tile configuration (no database, no app)."""

import time

from housing.headers import CSP, csp_for
from housing.places import gazetteer
from housing.places.tiles import tile_hosts, tile_layers


def names(places):
    return [p.name for p in places]


def test_a_station_is_found_by_its_chinese_or_english_name():
    zh = gazetteer.search_stations("中山公园", zh=True)
    assert names(zh)[0] == "中山公园站"
    assert zh[0].kind == "station" and "2号线" in zh[0].detail
    en = gazetteer.search_stations("zhongshan park", zh=False)
    assert names(en)[0] == "Zhongshan Park Station"
    assert (en[0].lat, en[0].lon) == (zh[0].lat, zh[0].lon)
    assert "Line 2" in en[0].detail and "中山公园" in en[0].address


def test_words_people_add_to_a_station_name_are_ignored():
    for q in ("中山公园站", "中山公园地铁站", "Zhongshan Park Station", "  zhongshan   park "):
        assert gazetteer.search_stations(q, zh=True)[0].name == "中山公园站", q


def test_an_exact_name_comes_before_names_that_contain_it():
    found = names(gazetteer.search_stations("Jiangsu Road", zh=False))
    assert found[0] == "Jiangsu Road Station"
    assert names(gazetteer.search_stations("Jiangsu Road", zh=False)) == found  # stable


def test_line_15_stations_of_the_additions_are_there():
    assert names(gazetteer.search_stations("长风公园", zh=True)) == ["长风公园站"]


def test_the_station_index_is_built_once():
    gazetteer.stations()
    start = time.perf_counter()
    for _ in range(200):
        gazetteer.search_stations("路", zh=True)
    assert (time.perf_counter() - start) / 200 < 0.005  # well under 5 ms a search
    assert gazetteer.stations() is gazetteer.stations()


def test_every_segment_joins_two_known_stations():
    count = len(gazetteer.stations())
    assert gazetteer.segments()
    assert all(0 <= i < count and 0 <= j < count for i, j, _line in gazetteer.segments())


def test_no_tiles_means_no_outside_image_host():
    assert tile_layers({}) == []
    assert csp_for({}) == CSP


def test_the_csp_allows_the_configured_tile_hosts_and_nothing_else():
    config = {
        "MAP_TILE_URL": "https://t{s}.tiles.example.cn/{z}/{x}/{y}.png",
        "MAP_TILE_SUBDOMAINS": "012",
    }
    hosts = tile_hosts(config)
    assert hosts == [f"https://t{n}.tiles.example.cn" for n in "012"]
    img = next(d for d in csp_for(config).split("; ") if d.startswith("img-src"))
    assert img == "img-src 'self' data: " + " ".join(hosts)


def test_a_tianditu_key_alone_gives_its_map_and_labels():
    config = {"TIANDITU_KEY": "k123", "MAP_TILES_FROM_TIANDITU": True}
    layers = tile_layers(config)
    assert [("vec_w" in x["url"], "cva_w" in x["url"]) for x in layers] == [
        (True, False),
        (False, True),
    ]
    assert all("tk=k123" in x["url"] and "{z}" in x["url"] for x in layers)
    assert tile_hosts(config) == [f"https://t{n}.tianditu.gov.cn" for n in range(8)]
