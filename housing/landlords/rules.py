"""The rules a building or a unit must meet, as pure functions.

Forms, the API and the spreadsheet import all pass their values through `clean_building`
and `clean_unit`, so a rule is written once and says the same thing everywhere. Nothing here
touches the database: the caller hands in what it has loaded (employer codes, the rent cap).
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from housing.models import Category, Layout, Street
from housing.parsing import (
    Bad,
    apply_steps,
    as_bool,
    as_choice,
    as_float,
    as_int,
    as_list,
    as_text,
    blank,
)
from housing.policy.versions import RENT_CAP_CEILING_PCT

#: How a list of codes is typed, on the unit form and in the import alike: both are read by
#: `parsing.as_list`, which splits on these separators, so one sentence describes both.
EMPLOYER_CODES_HINT = _l(
    "Employer codes separated by commas or semicolons (Chinese punctuation and spaces also work); "
    "empty for none."
)
CATEGORIES_HINT = _l(
    "Talent categories separated by commas or semicolons (leading, young … or 青年人才 …)."
)

#: A generous box around Changning: "in or next to the district".
CHANGNING_BOX = {"lat": (31.17, 31.25), "lon": (121.33, 121.46)}
#: The whole municipality, to tell "not in Shanghai at all" apart from "not near Changning".
SHANGHAI_BOX = {"lat": (30.66, 31.89), "lon": (120.85, 122.20)}
#: The district's unit types (m²) and the bedrooms each layout has.
LAYOUT_AREA = {
    Layout.STUDIO: (25, 35),
    Layout.ONE_BR: (40, 55),
    Layout.TWO_BR: (60, 85),
    Layout.THREE_BR: (90, 120),
}
LAYOUT_BEDROOMS = {Layout.STUDIO: 0, Layout.ONE_BR: 1, Layout.TWO_BR: 2, Layout.THREE_BR: 3}
#: Real flats stray from the nominal ranges; beyond these factors a value is a typo.
AREA_TOLERANCE = (0.7, 1.4)
MAX_RENT = 100_000  # yuan a month: anything above is a typo (fen, or a yearly figure)
FLOOR_RANGE = (-5, 120)

UNIT_FIELDS = (
    "building_id",
    "code",
    "layout",
    "bedrooms",
    "area_m2",
    "max_occupants",
    "floor",
    "rent",
    "market_rent",
    "accessible",
    "reserved_for_employers",
    "reserved_for_categories",
)

LAYOUT_ALIASES = {
    **{layout.value.lower(): layout for layout in Layout},
    "0br": Layout.STUDIO,
    "开间": Layout.STUDIO,
    "单间": Layout.STUDIO,
    "一室户": Layout.STUDIO,
    "一室一厅": Layout.ONE_BR,
    "一居室": Layout.ONE_BR,
    "一室": Layout.ONE_BR,
    "1室1厅": Layout.ONE_BR,
    "两室一厅": Layout.TWO_BR,
    "二室一厅": Layout.TWO_BR,
    "两居室": Layout.TWO_BR,
    "两室": Layout.TWO_BR,
    "2室1厅": Layout.TWO_BR,
    "三室一厅": Layout.THREE_BR,
    "三居室": Layout.THREE_BR,
    "三室": Layout.THREE_BR,
    "3室1厅": Layout.THREE_BR,
}
CATEGORY_ALIASES = {
    **{c.value: c for c in Category},
    "领军人才": Category.LEADING,
    "高层次人才": Category.HIGH_LEVEL,
    "重点产业人才": Category.KEY_INDUSTRY,
    "海外人才": Category.OVERSEAS,
    "高技能人才": Category.SKILLED,
    "青年人才": Category.YOUNG,
    "社会治理人才": Category.SOCIAL_GOVERNANCE,
}
STREET_ZH = {
    Street.HUAYANG: "华阳路街道",
    Street.JIANGSU: "江苏路街道",
    Street.XINHUA: "新华路街道",
    Street.ZHOUJIAQIAO: "周家桥街道",
    Street.TIANSHAN: "天山路街道",
    Street.XIANXIA: "仙霞新村街道",
    Street.HONGQIAO: "虹桥街道",
    Street.CHENGJIAQIAO: "程家桥街道",
    Street.BEIXINJING: "北新泾街道",
    Street.XINJING: "新泾镇",
}
STREET_ALIASES = {
    **{s.value: s for s in Street},
    **{zh: s for s, zh in STREET_ZH.items()},
    **{zh.removesuffix("街道"): s for s, zh in STREET_ZH.items()},
}


@dataclass
class UnitContext:
    """What the unit rules need from the database, loaded once by the caller."""

    rent_cap_pct: int = RENT_CAP_CEILING_PCT
    building_ids: set[int] = field(default_factory=set)
    employer_codes: set[str] = field(default_factory=set)


def check_location(lat: float, lon: float) -> None:
    """In or next to Changning; a clear word when the point is not even in Shanghai."""

    def inside(box, la, lo):
        return box["lat"][0] <= la <= box["lat"][1] and box["lon"][0] <= lo <= box["lon"][1]

    if inside(CHANGNING_BOX, lat, lon):
        return
    if inside(CHANGNING_BOX, lon, lat) or inside(SHANGHAI_BOX, lon, lat):
        raise Bad(_("Latitude and longitude look swapped: latitude comes first (about 31.2)."))
    if not inside(SHANGHAI_BOX, lat, lon):
        raise Bad(_("These coordinates are outside Shanghai."))
    raise Bad(_("These coordinates are in Shanghai but not in or next to Changning District."))


def clean_building(raw: dict) -> tuple[dict, dict[str, str]]:
    """Typed building values and the errors by field (`location` covers lat and lon)."""
    steps = {
        "name": lambda v: as_text(v, 200),
        "address": lambda v: as_text(v, 300),
        "street": lambda v: as_choice(v, STREET_ALIASES, [s.value for s in Street]),
        "lat": as_float,
        "lon": as_float,
    }
    out, errors = apply_steps(steps, raw)
    if "lat" in out and "lon" in out:
        try:
            check_location(out["lat"], out["lon"])
        except Bad as exc:
            errors["location"] = str(exc)
    return out, errors


def _positive_money(value) -> int:
    number = as_int(value)
    if number <= 0:
        raise Bad(_("Must be more than 0 yuan."))
    if number > MAX_RENT:
        raise Bad(_("At most %(n)d yuan a month.", n=MAX_RENT))
    return number


def _floor(value) -> int | None:
    if blank(value):
        return None
    number = as_int(value)
    if not FLOOR_RANGE[0] <= number <= FLOOR_RANGE[1]:
        raise Bad(_("Between %(lo)d and %(hi)d.", lo=FLOOR_RANGE[0], hi=FLOOR_RANGE[1]))
    return number


def _unit_steps(ctx: UnitContext) -> dict:
    def building(value):
        number = as_int(as_text(value, 20))
        if number not in ctx.building_ids:
            raise Bad(_("Choose one of your buildings."))
        return number

    def employers(value):
        codes = as_list(value)
        unknown = [c for c in codes if c not in ctx.employer_codes]
        if unknown:
            raise Bad(_("Unknown employer codes: %(codes)s.", codes=", ".join(unknown)))
        return codes

    def categories(value):
        return [
            as_choice(v, CATEGORY_ALIASES, [c.value for c in Category]).value
            for v in as_list(value)
        ]

    return {
        "building_id": building,
        "code": lambda v: as_text(v, 40),
        "layout": lambda v: as_choice(v, LAYOUT_ALIASES, [x.value for x in Layout]),
        "bedrooms": lambda v: None if blank(v) else as_int(v),
        "area_m2": as_float,
        "max_occupants": as_int,
        "floor": _floor,
        "rent": _positive_money,
        "market_rent": _positive_money,
        "accessible": as_bool,
        "reserved_for_employers": employers,
        "reserved_for_categories": categories,
    }


def clean_unit(raw: dict, ctx: UnitContext) -> tuple[dict, dict[str, str]]:
    """Typed unit values and the errors by field: types first, then the rules between fields."""
    out, errors = apply_steps(_unit_steps(ctx), raw)
    layout = out.get("layout")
    if layout is not None and out.get("bedrooms", 0) is None:
        out["bedrooms"] = LAYOUT_BEDROOMS[layout]  # left blank: the layout says it
    if layout is not None and "bedrooms" in out and out["bedrooms"] != LAYOUT_BEDROOMS[layout]:
        errors["bedrooms"] = _(
            "A %(layout)s has %(n)d bedrooms.", layout=layout.value, n=LAYOUT_BEDROOMS[layout]
        )
    if layout is not None and "area_m2" in out:
        lo, hi = LAYOUT_AREA[layout]
        lo, hi = round(lo * AREA_TOLERANCE[0]), round(hi * AREA_TOLERANCE[1])
        if not lo <= out["area_m2"] <= hi:
            errors["area_m2"] = _(
                "A %(layout)s should measure %(lo)d to %(hi)d m².",
                layout=layout.value,
                lo=lo,
                hi=hi,
            )
    if "max_occupants" in out:
        beds = LAYOUT_BEDROOMS.get(layout, 3)
        most = min(8, 2 * beds + 2)
        if not 1 <= out["max_occupants"] <= most:
            errors["max_occupants"] = _("Between 1 and %(n)d for this layout.", n=most)
    if "rent" in out and "market_rent" in out:
        cap = out["market_rent"] * ctx.rent_cap_pct // 100
        if out["rent"] * 100 > out["market_rent"] * ctx.rent_cap_pct:
            errors["rent"] = _(
                "Rent may be at most %(pct)d%% of the market rent, here %(cap)d yuan.",
                pct=ctx.rent_cap_pct,
                cap=cap,
            )
    return out, errors
