"""Typed values from what people type: form fields, JSON and spreadsheet cells.

The rules of landlords and applicants are tables of steps, field name -> function; a step
returns the typed value or raises `Bad` with a message for the person who typed it, and
`apply_steps` runs a table over raw values.
"""

import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

_LIST_SPLIT = re.compile(r"[,;，；、\s]+")


#: The largest id a table holds (a PostgreSQL `integer`). A larger number names no row; sent
#: to PostgreSQL it would be an "out of range" error, a 500 instead of a 404.
MAX_ID = 2**31 - 1


def as_id(value) -> int:
    """An id from a URL or query string, for `request.args.get(name, type=as_id)`: a number
    no row can have is treated like any other value that is not an id (None)."""
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError(value)
    return number


class IdConverter(IntegerConverter):
    """The URL map's `<int:...>`: ids beyond MAX_ID match no route, so they answer 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class Bad(ValueError):
    """One field's value is wrong; the message is for the person who typed it."""


def apply_steps(
    steps: dict[str, Callable], raw: dict, only_given: bool = False
) -> tuple[dict, dict[str, str]]:
    """Typed values and the errors by field; `only_given` checks just the keys in `raw`
    (a partial update) and names any key without a step."""
    out: dict = {}
    errors: dict[str, str] = {}
    names = raw if only_given else steps
    for name in names:
        step = steps.get(name)
        if step is None:
            errors[name] = _("Unknown field.")
            continue
        try:
            out[name] = step(raw.get(name))
        except Bad as exc:
            errors[name] = str(exc)
    return out, errors


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value, max_len: int) -> str:
    if blank(value):
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
    if blank(value):
        return []
    if isinstance(value, list | tuple | set):
        items = [str(v).strip() for v in value]
    else:
        items = _LIST_SPLIT.split(str(value))
    return [i for i in dict.fromkeys(items) if i]


def as_choice(value, aliases: dict, choices: Iterable) -> object:
    if blank(value):
        raise Bad(_("Required."))
    key = str(getattr(value, "value", value)).strip()
    found = aliases.get(key) or aliases.get(key.lower())
    if found is None:
        raise Bad(_("Choose one of: %(choices)s.", choices=", ".join(str(c) for c in choices)))
    return found
