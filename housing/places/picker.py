"""The place picker on a page form, without JavaScript too.

The picker's search is a submit button inside the page's own form (`action=find_place`), so a
search keeps everything typed so far; the results come back as radio buttons (`place_pick`),
and saving with one chosen moves the point, and the address with it. With JavaScript the same
fields are filled live from the map and `/api/v1/places`.
"""

from __future__ import annotations

from flask import request
from wtforms import FloatField
from wtforms.widgets import Input

from housing import places
from housing.places.gazetteer import Place

#: The form's button names: searching is never saving.
SEARCH_ACTIONS = ("find_place", "find_employer")


def searching() -> bool:
    """A POST that asks for search results (places or employers), not a save."""
    form = request.form
    return request.method == "POST" and (
        form.get("action") in SEARCH_ACTIONS or "employer_page" in form
    )


def results() -> places.Found | None:
    """The picker's server-side results for the typed `place_q`, when a search was asked."""
    if request.method == "POST" and request.form.get("action") == "find_place":
        return places.search(request.form.get("place_q"))
    return None


#: Results whose address replaces the typed one; a station or a bare point only fills a blank.
ADDRESSED = ("employer", "building", "address")


def pick_value(place: Place) -> str:
    """A result as one radio value: lat, lon, kind, then the words to use as the address."""
    words = place.address if place.kind in ADDRESSED and place.address else place.name
    return f"{place.lat:.6f},{place.lon:.6f},{place.kind},{words}"


def apply_pick(form, lat: str, lon: str, address: str) -> None:
    """Move the point to the chosen result; the address follows when it names a place.

    A station or a bare point moves only the point, unless the address is still empty.
    """
    raw = request.form.get("place_pick") or ""
    parts = raw.split(",", 3)
    if len(parts) != 4:
        return
    try:
        plat, plon = float(parts[0]), float(parts[1])
    except ValueError:
        return
    getattr(form, lat).data, getattr(form, lon).data = plat, plon
    kind, words = parts[2], parts[3].strip()[:300]
    field = getattr(form, address)
    if words and (kind in ADDRESSED or not (field.data or "").strip()):
        field.data = words


class _PickerInput(Input):
    """A hidden input that `form.hidden_tag()` leaves to the picker, which renders it."""

    input_type = "hidden"
    validation_attrs = ("disabled",)


class CoordinateField(FloatField):
    """A latitude or longitude the picker fills: hidden, and blank means "not chosen yet"."""

    widget = _PickerInput()

    def process_formdata(self, valuelist) -> None:
        if valuelist and str(valuelist[0]).strip():
            super().process_formdata(valuelist)
        else:
            self.data = None

    def _value(self) -> str:
        return "" if self.data is None else f"{self.data:.6f}"
