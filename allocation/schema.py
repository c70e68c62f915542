"""Reading `allocation-instance@1` and writing `allocation-result@1`.

Validation is strict and all-or-nothing: the first problem raises `InputError` naming the
JSON path (e.g. `applicants[3].household_size`), so a round never starts on bad data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import IO, Any

from allocation.model import (
    INSTANCE_SCHEMA,
    Applicant,
    Instance,
    Policy,
    Result,
    Unit,
)


class InputError(ValueError):
    """Invalid instance; `path` is the JSON path at fault."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def _desc(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if _jsonable(value) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _str(obj: dict[str, Any], key: str, path: str, *, empty: bool = False) -> str:
    v = obj[key]
    if not isinstance(v, str) or (not empty and not v.strip()):
        raise InputError(f"{path}.{key}", f"must be a non-empty string, got {_desc(v)}")
    return v


def _num(obj: dict[str, Any], key: str, path: str, *, minimum: float | None = None) -> float:
    v = obj[key]
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise InputError(f"{path}.{key}", f"must be a finite number, got {_desc(v)}")
    if minimum is not None and v < minimum:
        raise InputError(f"{path}.{key}", f"must be >= {minimum:g}, got {_desc(v)}")
    return v


def _int(obj: dict[str, Any], key: str, path: str, *, minimum: int) -> int:
    v = obj[key]
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{path}.{key}", f"must be an integer, got {_desc(v)}")
    if v < minimum:
        raise InputError(f"{path}.{key}", f"must be an integer >= {minimum}, got {_desc(v)}")
    return v


def _bool(obj: dict[str, Any], key: str, path: str) -> bool:
    v = obj[key]
    if not isinstance(v, bool):
        raise InputError(f"{path}.{key}", f"must be true or false, got {_desc(v)}")
    return v


def _strs(obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    v = obj[key]
    if not isinstance(v, list):
        raise InputError(f"{path}.{key}", f"must be a list of strings, got {_desc(v)}")
    for i, item in enumerate(v):
        if not isinstance(item, str) or not item:
            raise InputError(f"{path}.{key}[{i}]", f"must be a non-empty string, got {_desc(item)}")
    return tuple(v)


def _point(obj: dict[str, Any], key: str, path: str) -> tuple[float, float]:
    v = obj[key]
    if not isinstance(v, list) or len(v) != 2:
        raise InputError(f"{path}.{key}", f"must be [lat, lon], got {_desc(v)}")
    pair = {"lat": v[0], "lon": v[1]}
    lat = _num(pair, "lat", f"{path}.{key}")
    lon = _num(pair, "lon", f"{path}.{key}")
    if not -90 <= lat <= 90:
        raise InputError(f"{path}.{key}[0]", f"latitude must be within [-90, 90], got {lat}")
    if not -180 <= lon <= 180:
        raise InputError(f"{path}.{key}[1]", f"longitude must be within [-180, 180], got {lon}")
    return (float(lat), float(lon))


def _date(obj: dict[str, Any], key: str, path: str) -> str:
    v = _str(obj, key, path)
    try:
        if len(v) != 10:
            raise ValueError
        dt.date.fromisoformat(v)
    except ValueError:
        raise InputError(f"{path}.{key}", f"must be a date YYYY-MM-DD, got {_desc(v)}") from None
    return v


def _object(v: Any, path: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise InputError(path, f"must be an object, got {_desc(v)}")
    for k in v:
        if k not in required and k not in optional:
            raise InputError(f"{path}.{k}" if path else k, "unknown key")
    for k in sorted(required):
        if k not in v:
            raise InputError(f"{path}.{k}" if path else k, "missing")
    return v


_APPLICANT_REQ = {
    "id",
    "priority",
    "applied_on",
    "household_size",
    "workplace",
    "max_commute_min",
    "max_rent",
}
_APPLICANT_OPT = {"category", "employer", "needs_accessible", "layouts"}
_UNIT_REQ = {"id", "layout", "bedrooms", "max_occupants", "location", "rent"}
_UNIT_OPT = {
    "landlord",
    "building",
    "area_m2",
    "accessible",
    "reserved_for_employers",
    "reserved_for_categories",
}


def parse_applicant(v: Any, path: str) -> Applicant:
    o = _object(v, path, _APPLICANT_REQ, _APPLICANT_OPT)
    return Applicant(
        id=_str(o, "id", path),
        priority=float(_num(o, "priority", path)),
        applied_on=_date(o, "applied_on", path),
        household_size=_int(o, "household_size", path, minimum=1),
        workplace=_point(o, "workplace", path),
        max_commute_min=float(_num(o, "max_commute_min", path, minimum=0)),
        max_rent=float(_num(o, "max_rent", path, minimum=0)),
        category=_str(o, "category", path, empty=True) if "category" in o else "",
        employer=_str(o, "employer", path, empty=True) if "employer" in o else "",
        needs_accessible=_bool(o, "needs_accessible", path) if "needs_accessible" in o else False,
        layouts=_strs(o, "layouts", path) if "layouts" in o else (),
    )


def parse_unit(v: Any, path: str) -> Unit:
    o = _object(v, path, _UNIT_REQ, _UNIT_OPT)
    unit = Unit(
        id=_str(o, "id", path),
        layout=_str(o, "layout", path),
        bedrooms=_int(o, "bedrooms", path, minimum=0),
        max_occupants=_int(o, "max_occupants", path, minimum=1),
        location=_point(o, "location", path),
        rent=float(_num(o, "rent", path, minimum=0)),
        landlord=_str(o, "landlord", path, empty=True) if "landlord" in o else "",
        building=_str(o, "building", path, empty=True) if "building" in o else "",
        area_m2=float(_num(o, "area_m2", path, minimum=0)) if "area_m2" in o else 0.0,
        accessible=_bool(o, "accessible", path) if "accessible" in o else False,
        reserved_for_employers=(
            _strs(o, "reserved_for_employers", path) if "reserved_for_employers" in o else ()
        ),
        reserved_for_categories=(
            _strs(o, "reserved_for_categories", path) if "reserved_for_categories" in o else ()
        ),
    )
    return unit


def parse_policy(v: Any, path: str = "policy") -> Policy:
    if not isinstance(v, dict):
        raise InputError(path, f"must be an object, got {_desc(v)}")
    types = Policy.field_types()
    values: dict[str, Any] = {}
    for key, val in v.items():
        if key not in types:
            raise InputError(f"{path}.{key}", "unknown policy key")
        t = types[key]
        if t is str:
            values[key] = _str(v, key, path, empty=True)
        elif t is int:
            values[key] = _int(v, key, path, minimum=1)
        else:
            values[key] = float(_num(v, key, path, minimum=0))
            if values[key] <= 0 and (key.endswith("_kmh") or key.endswith("_detour")):
                raise InputError(f"{path}.{key}", f"must be > 0, got {_desc(val)}")
    net = values.get("metro_network", "")
    if net and not (Path(net) / "stationInfo.csv").is_file():
        raise InputError(f"{path}.metro_network", f"no network files (stationInfo.csv) in {net!r}")
    return Policy(**values)


def parse_instance(data: Any) -> Instance:
    """Validate a decoded JSON document and build the `Instance`."""
    o = _object(data, "", {"schema", "applicants", "units"}, {"round", "seed", "policy"})
    if o["schema"] != INSTANCE_SCHEMA:
        raise InputError("schema", f"must be {INSTANCE_SCHEMA!r}, got {_desc(o['schema'])}")
    round_ = _str(o, "round", "", empty=True) if "round" in o else ""
    seed = 0
    if "seed" in o:
        s = o["seed"]
        if isinstance(s, bool) or not isinstance(s, int):
            raise InputError("seed", f"must be an integer, got {_desc(s)}")
        seed = s
    policy = parse_policy(o["policy"]) if "policy" in o else Policy()
    for key in ("applicants", "units"):
        if not isinstance(o[key], list):
            raise InputError(key, f"must be a list, got {_desc(o[key])}")
    applicants = tuple(
        parse_applicant(a, f"applicants[{i}]") for i, a in enumerate(o["applicants"])
    )
    units = tuple(parse_unit(u, f"units[{i}]") for i, u in enumerate(o["units"]))
    _unique([a.id for a in applicants], "applicants")
    _unique([u.id for u in units], "units")
    return Instance(round=round_, seed=seed, applicants=applicants, units=units, policy=policy)


def _unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise InputError(f"{path}[{i}].id", f"duplicate id {x!r}")
        seen.add(x)


def load_instance(source: str | Path | IO[str]) -> Instance:
    """Read and validate an instance file (or open text stream)."""
    try:
        if isinstance(source, str | Path):
            with open(source, encoding="utf-8") as fh:
                data = json.load(fh)
        else:
            data = json.load(source)
    except json.JSONDecodeError as e:
        raise InputError(
            "", f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"
        ) from None
    except UnicodeDecodeError:
        raise InputError("", "not valid UTF-8") from None
    except OSError as e:
        raise InputError("", f"cannot read {source}: {e.strerror}") from None
    return parse_instance(data)


def result_json(result: Result) -> str:
    """Canonical text of a result: same result, same bytes."""
    return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


def dump_result(result: Result, target: str | Path | IO[str]) -> None:
    """Write a result; to a path, atomically (a reader never sees half a file)."""
    text = result_json(result)
    if isinstance(target, str | Path):
        path = Path(target)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    else:
        target.write(text)
