"""The place search (API and pages), the picker's forms without JavaScript, the geocoder's
fallback, and what the engine will assume."""

import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocation.commute import MetroCommuteModel
from allocation.model import Policy
from housing.applicants import operations as applicant_ops
from housing.models import Application, Building
from housing.places import commute, geocoder
from housing.places.gazetteer import stations
from housing.rounds.input import snap
from tests.web.applicant_helpers import make_employer, ready_draft
from tests.web.conftest import csrf_token, switch_language
from tests.web.landlord_helpers import add_building

JIANGSU = next(s for s in stations() if s.name_en == "Jiangsu Road")


def close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


# --- GET /api/v1/places -------------------------------------------------------------------


def test_a_metro_station_by_its_chinese_name(client):
    body = client.get("/api/v1/places?q=江苏路站", headers={"Accept-Language": "zh"}).json
    first = body["items"][0]
    assert first["name"] == "江苏路站" and first["kind"] == "station"
    assert first["location"] == [round(JIANGSU.lat, 6), round(JIANGSU.lon, 6)]
    assert {"page", "per_page", "total", "notice"} <= body.keys() and body["notice"] is None


def test_employers_and_buildings_are_found_by_name_and_address(client, db, make_user):
    make_employer(db, credit_code="91310105MA1FL0001X")
    add_building(make_user("landlord"))
    kinds = {i["kind"] for i in client.get("/api/v1/places?q=中山公园").json["items"]}
    assert kinds == {"station", "employer"}  # the employer's address is in 中山公园
    by_code = client.get("/api/v1/places?q=MA1FL0001").json["items"]
    assert [i["kind"] for i in by_code] == ["employer"]
    assert by_code[0]["address"] == "长宁区中山公园1号"
    building = client.get("/api/v1/places?q=华阳路100号").json["items"]
    assert [(i["kind"], i["name"]) for i in building] == [("building", "华阳路人才公寓1号楼")]


def test_results_are_paginated_in_a_stable_order(client):
    one = client.get("/api/v1/places?q=路&per_page=5").json
    two = client.get("/api/v1/places?q=路&per_page=5&page=2").json
    assert one["total"] == two["total"] > 10
    both = client.get("/api/v1/places?q=路&per_page=10").json["items"]
    assert one["items"] + two["items"] == both


@pytest.mark.parametrize(
    ("query", "field"),
    [("", "q"), ("?q=", "q"), ("?q=" + "路" * 101, "q"), ("?q=路&per_page=0", "per_page")],
)
def test_a_bad_search_is_a_400_naming_the_field(client, query, field):
    response = client.get("/api/v1/places" + query)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_a_pasted_map_app_point_is_converted_to_wgs84(client):
    from housing.places.coords import wgs84_to_gcj02

    glat, glon = wgs84_to_gcj02(31.2200, 121.4200)
    items = client.get(f"/api/v1/places?q={glat:.6f},{glon:.6f}").json["items"]
    gcj = next(i for i in items if i["detail"] == "gcj02")
    assert gcj["location"] == pytest.approx([31.2200, 121.4200], abs=1e-6)
    assert next(i for i in items if i["detail"] == "wgs84")["location"] == pytest.approx(
        [glat, glon], abs=1e-6
    )


def test_the_geocoder_answers_first_when_configured(app, client, monkeypatch):
    address = {"status": "0", "location": {"lat": 31.2, "lon": 121.4, "keyWord": "长宁路1018号"}}
    pois = {
        "status": {"infocode": 1000, "cndesc": "服务正常"},
        "pois": [
            {"name": "龙之梦购物中心", "address": "长宁路1018号", "lonlat": "121.4170,31.2190"},
            {"name": "坏数据", "lonlat": "x"},
        ],
    }
    seen = []

    def answer(url, timeout):
        seen.append(url)
        return pois if "/v2/search" in url else address

    monkeypatch.setitem(app.config, "TIANDITU_KEY", "test-key")
    monkeypatch.setattr(geocoder, "_get_json", answer)
    items = client.get("/api/v1/places?q=长宁路1018号").json["items"]
    assert items[:2] == [
        {"name": "龙之梦购物中心", "kind": "address", "address": "长宁路1018号",
         "location": [31.219, 121.417], "detail": ""},
        {"name": "长宁路1018号", "kind": "address", "address": "长宁路1018号",
         "location": [31.2, 121.4], "detail": ""},
    ]  # fmt: skip
    assert len(seen) == 2 and all("tk=test-key" in url for url in seen)


def test_one_failing_tianditu_service_leaves_the_others_places(monkeypatch):
    def answer(url, timeout):
        if "/v2/search" in url:
            raise geocoder.GeocoderUnavailable("timed out")
        return {"status": "0", "location": {"lat": 31.2, "lon": 121.4, "keyWord": "x"}}

    monkeypatch.setattr(geocoder, "_get_json", answer)
    assert [p.name for p in geocoder.TiandituGeocoder("k").search("x")] == ["x"]


def test_a_gcj02_geocoder_is_converted_where_it_enters(monkeypatch):
    from housing.places.coords import wgs84_to_gcj02

    glat, glon = wgs84_to_gcj02(31.22, 121.42)
    answer = {"status": "0", "location": {"lat": glat, "lon": glon, "keyWord": "x"}}
    monkeypatch.setattr(geocoder, "_get_json", lambda url, timeout: answer)
    monkeypatch.setattr(geocoder.TiandituGeocoder, "_pois", lambda self, q: [])
    service = geocoder.TiandituGeocoder("k")
    service.datum = "gcj02"
    place = service.search("x")[0]
    assert place.lat == pytest.approx(31.22, abs=1e-7)
    assert place.lon == pytest.approx(121.42, abs=1e-7)


def test_a_silent_geocoder_falls_back_to_the_gazetteer_with_a_notice(app, client, monkeypatch):
    def timeout(url, timeout):
        assert timeout == app.config["GEOCODER_TIMEOUT"]
        raise geocoder.GeocoderUnavailable("timed out")

    monkeypatch.setitem(app.config, "TIANDITU_KEY", "test-key")
    monkeypatch.setattr(geocoder, "_get_json", timeout)
    body = client.get("/api/v1/places?q=江苏路", headers={"Accept-Language": "en"}).json
    assert body["items"][0]["name"] == "Jiangsu Road Station"
    assert "did not answer" in body["notice"]


def test_a_real_network_failure_is_unavailable_not_a_crash(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    with pytest.raises(geocoder.GeocoderUnavailable):
        geocoder.TiandituGeocoder("k", timeout=0.1).search("长宁路")


# --- the map layer and the commute sentence -----------------------------------------------


def test_the_metro_layer_is_served_and_cached(client):
    response = client.get("/places/metro.json")
    assert "max-age" in response.headers["Cache-Control"]
    assert len(response.json["stations"]) == len(stations()) and response.json["segments"]


def test_the_commute_sentence_uses_the_engines_model(app, client, db, make_user):
    landlord = make_user("landlord")
    add_building(landlord)
    add_building(landlord, name="二号楼", lat=31.2050, lon=121.3900)
    lat, lon = 31.2222, 121.4170
    model = MetroCommuteModel(Policy())
    minutes = model.minutes(
        np.array([[31.2235, 121.4240], [31.2050, 121.3900]]), np.array([snap(lat, lon)])
    )[:, 0]
    with app.test_request_context():
        a = commute.assume(lat, lon, zh=False)
    assert a.station == "Zhongshan Park Station"
    assert a.typical_min == round(float(np.median(minutes)))
    assert (a.fastest_min, a.slowest_min) == (round(minutes.min()), round(minutes.max()))
    switch_language(client, "en")
    text = client.get(f"/places/commute.json?lat={lat}&lon={lon}").json["text"]
    assert "Zhongshan Park Station" in text and f"about {a.typical_min} min" in text
    assert client.get("/places/commute.json?lat=x").json["text"] is None


# --- the picker on the pages, without JavaScript ------------------------------------------


def _applicant_at_workplace(db, make_user, login):
    employer = make_employer(db)
    user = make_user()
    draft = applicant_ops.ensure_draft(user)
    applicant_ops.update_draft(draft, {"returnee": False, "employer_id": employer.id}, "employer")
    login(user.email)
    return user


def _app(db, user) -> Application:
    db.session.expire_all()
    return db.session.scalar(sa.select(Application).where(Application.user_id == user.id))


def test_workplace_search_without_javascript_keeps_the_form_and_saves_nothing(
    client, db, make_user, login
):
    user = _applicant_at_workplace(db, make_user, login)
    page = client.get("/me/application/workplace")
    assert 'type="hidden"' in page.text and "workplace_lat" in page.text
    assert "中山公园站" in page.text  # what the engine assumes for the employer's address
    token = csrf_token(page.text)
    found = client.post(
        "/me/application/workplace",
        data={"csrf_token": token, "action": "find_place", "place_q": "江苏路站",
              "workplace_address": "我打的地址", "workplace_lat": "", "workplace_lon": ""},
    )  # fmt: skip
    assert found.status_code == 200
    assert 'name="place_pick"' in found.text and "江苏路站" in found.text
    assert "我打的地址" in found.text
    assert _app(db, user).workplace_lat is None
    saved = client.post(
        "/me/application/workplace",
        data={"csrf_token": token, "workplace_address": "我打的地址", "workplace_lat": "",
              "workplace_lon": "",
              "place_pick": f"{JIANGSU.lat:.6f},{JIANGSU.lon:.6f},station,江苏路站"},
    )  # fmt: skip
    assert saved.status_code == 302
    application = _app(db, user)
    assert close(application.workplace_lat, JIANGSU.lat)
    assert close(application.workplace_lon, JIANGSU.lon)
    assert application.workplace_address == "我打的地址"  # a station moves only the point


def test_workplace_without_a_point_is_an_error_next_to_the_picker(client, db, make_user, login):
    user = _applicant_at_workplace(db, make_user, login)
    page = client.get("/me/application/workplace")
    r = client.post(
        "/me/application/workplace",
        data={"csrf_token": csrf_token(page.text), "workplace_address": "长宁路1号",
              "workplace_lat": "", "workplace_lon": ""},
    )  # fmt: skip
    assert r.status_code == 422
    assert 'data-testid="place-error"' in r.text and "地图上点选" in r.text
    assert _app(db, user).wizard_step == "employer"


def test_building_form_requires_the_place_and_says_so(client, db, make_user, login):
    landlord = make_user("landlord")
    login(landlord.email)
    page = client.get("/landlord/buildings/new")
    assert "楼栋位置（必填）" in page.text
    data = {"csrf_token": csrf_token(page.text), "name": "新楼", "address": "长宁路1号",
            "street": "jiangsu", "lat": "", "lon": ""}  # fmt: skip
    r = client.post("/landlord/buildings/new", data=data)
    assert r.status_code == 422
    assert "请搜索楼栋位置，或在地图上点选。" in r.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Building)) == 0
    employer = make_employer(db)
    pick = f"{employer.lat:.6f},{employer.lon:.6f},employer,{employer.address}"
    r = client.post("/landlord/buildings/new", data={**data, "place_pick": pick})
    assert r.status_code == 302
    building = db.session.scalar(sa.select(Building))
    assert (building.lat, building.lon) == (employer.lat, employer.lon)
    assert building.address == employer.address  # an employer's pick brings its address


def test_a_place_outside_changning_is_refused_on_the_building_form(client, db, make_user, login):
    landlord = make_user("landlord")
    login(landlord.email)
    page = client.get("/landlord/buildings/new")
    r = client.post(
        "/landlord/buildings/new",
        data={"csrf_token": csrf_token(page.text), "name": "浦东楼", "address": "浦东",
              "street": "jiangsu", "lat": "31.2304", "lon": "121.5737"},
    )  # fmt: skip
    assert r.status_code == 422 and 'data-testid="place-error"' in r.text


@settings(
    max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(q=st.text(max_size=120), page=st.sampled_from(["1", "2", "0", "x", "100000"]))
def test_no_query_makes_the_search_fail(client, q, page):
    response = client.get("/api/v1/places", query_string={"q": q, "page": page})
    assert response.status_code in (200, 400), (q, page)
    if response.status_code == 400:
        assert response.json["error"]["fields"]


def test_the_change_form_searches_and_moves_the_workplace(client, db, make_user, login):
    employer = make_employer(db)
    user = make_user()
    ready_draft(user, employer)
    applicant_ops.submit(_app(db, user), user, consent=True)
    login(user.email)
    page = client.get("/me/application/change")
    assert "中山公园站" in page.text  # the engine's assumption for the current workplace
    assert f'value="{employer.id}" checked' in page.text  # the current employer, kept
    token = csrf_token(page.text)
    data = {"csrf_token": token, "kind": "job", "route": "employer", "employer_id": employer.id,
            "social_insurance_in_shanghai": "y", "workplace_address": "长宁区中山公园1号",
            "workplace_lat": "31.222200", "workplace_lon": "121.417000",
            "household_size": "1"}  # fmt: skip
    found = client.post(
        "/me/application/change", data={**data, "action": "find_place", "place_q": "江苏路站"}
    )
    assert found.status_code == 200 and 'name="place_pick"' in found.text
    pick = f"{JIANGSU.lat:.6f},{JIANGSU.lon:.6f},station,江苏路站"
    r = client.post("/me/application/change", data={**data, "place_pick": pick})
    assert r.status_code == 302
    application = _app(db, user)
    assert close(application.workplace_lat, JIANGSU.lat)
    assert application.workplace_address == "长宁区中山公园1号"
