"""The rules a building or a unit must meet, as pure functions.

Forms, the API and the spreadsheet import all pass their values through `clean_building`
and `clean_unit`, so a rule is written once and says the same thing everywhere. Nothing here
touches the database: the caller hands in what it has loaded (employer codes, the rent cap).
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from housing.models import Category, Layout, Street

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
DEFAULT_RENT_CAP_PCT = 90

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
_LIST_SPLIT = re.compile(r"[,;，；、\s]+")


class Bad(ValueError):
    """One field's value is wrong; the message is for the person who typed it."""


@dataclass
class UnitContext:
    """What the unit rules need from the database, loaded once by the caller."""

    rent_cap_pct: int = DEFAULT_RENT_CAP_PCT
    building_ids: set[int] = field(default_factory=set)
    employer_codes: set[str] = field(default_factory=set)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value, max_len: int) -> str:
    if _blank(value):
        raise Bad(_("Required."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet turns code 101 into 101.0
    text = str(value).strip()
    if len(text) > max_len:
        raise Bad(_("At most %(n)d characters.", n=max_len))
    return text


def as_int(value) -> int:
    if isinstance(value, bool):
        raise Bad(_("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise Bad(_("Enter a whole number."))
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise Bad(_("Enter a whole number.")) from None
    if number != number.to_integral_value():
        raise Bad(_("Enter a whole number."))
    return int(number)


def as_float(value) -> float:
    if isinstance(value, bool):
        raise Bad(_("Enter a number."))
    try:
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else value
        number = float(number)
    except (TypeError, ValueError):
        raise Bad(_("Enter a number.")) from None
    if not math.isfinite(number):
        raise Bad(_("Enter a number."))
    return number


_TRUE = {"1", "true", "yes", "y", "是", "有", "√", "x"}
_FALSE = {"0", "false", "no", "n", "否", "无", ""}


def as_bool(value) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Bad(_("Enter yes or no."))


def as_list(value) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, list | tuple | set):
        items = [str(v).strip() for v in value]
    else:
        items = _LIST_SPLIT.split(str(value))
    return [i for i in dict.fromkeys(items) if i]


def as_choice(value, aliases: dict, choices: Iterable) -> object:
    if _blank(value):
        raise Bad(_("Required."))
    key = str(getattr(value, "value", value)).strip()
    found = aliases.get(key) or aliases.get(key.lower())
    if found is None:
        raise Bad(_("Choose one of: %(choices)s.", choices=", ".join(str(c) for c in choices)))
    return found


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
    out: dict = {}
    errors: dict[str, str] = {}
    steps = {
        "name": lambda v: as_text(v, 200),
        "address": lambda v: as_text(v, 300),
        "street": lambda v: as_choice(v, STREET_ALIASES, [s.value for s in Street]),
        "lat": as_float,
        "lon": as_float,
    }
    for name, step in steps.items():
        try:
            out[name] = step(raw.get(name))
        except Bad as exc:
            errors[name] = str(exc)
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
    if _blank(value):
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
        "bedrooms": lambda v: None if _blank(v) else as_int(v),
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
    out: dict = {}
    errors: dict[str, str] = {}
    for name, step in _unit_steps(ctx).items():
        try:
            out[name] = step(raw.get(name))
        except Bad as exc:
            errors[name] = str(exc)
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
