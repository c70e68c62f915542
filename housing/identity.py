"""Identity documents: which ones the service accepts, how each is checked, hashed and masked.

Shanghai's public services accept four documents from a natural person, and so does this one:
the resident ID card, a passport, the Foreign Permanent Resident ID Card (永居证) and the
residence permit of Hong Kong, Macao and Taiwan residents. Numbers are never stored in clear:
a keyed hash (for uniqueness and search) and a masked form (for display) are kept instead.
See docs/accounts.md.
"""

import enum
import hashlib
import hmac
import re
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l


class IdType(enum.StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    PASSPORT = "passport"  # 护照
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"  # 外国人永久居留身份证
    HK_MACAO_TAIWAN_RESIDENCE = "hk_macao_taiwan_residence"  # 港澳台居民居住证


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_EIGHTEEN = re.compile(r"\d{17}[\dX]")
#: The 2004/2017 permanent-residence card: a three-letter nationality code and 12 digits.
_OLD_PERMANENT = re.compile(r"[A-Z]{3}\d{12}")
#: Passports differ by country; ICAO numbers are up to 9 characters, some countries use more.
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
#: Residence permits of Hong Kong (810000), Macao (820000) and Taiwan (830000) residents.
_PERMIT_PREFIXES = ("810000", "820000", "830000")
#: Spaces and hyphens people type or copy between groups of characters.
_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_id_number(value: str) -> str:
    """Upper case without spaces or hyphens: what is hashed, masked and compared."""
    return _SEPARATORS.sub("", value or "").upper()


def _check_digit_ok(number: str) -> bool:
    """GB 11643-1999 (MOD 11-2), shared by the resident ID, the 2023 permanent-residence card
    and the Hong Kong/Macao/Taiwan residence permit."""
    if not _EIGHTEEN.fullmatch(number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17]


def _birth_date_ok(number: str) -> bool:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born <= date.today()


def id_number_problem(id_type: IdType | str, value: str) -> str | None:
    """What is wrong with `value` as a number of this document, in words; None when valid.

    The one check that forms, the API and the household rules share. A number that belongs to
    another document type says which one, so a person who chose the wrong type can fix it.
    """
    try:
        id_type = IdType(id_type)
    except ValueError:
        return str(_l("Choose the kind of identity document."))
    number = normalise_id_number(value)
    if not number:
        return str(_l("Enter the document number."))
    if id_type == IdType.PASSPORT:
        if not _PASSPORT.fullmatch(number) or not any(c.isdigit() for c in number):
            return str(_l("A passport number has 5 to 17 letters and digits."))
        return None
    if id_type == IdType.FOREIGN_PERMANENT_RESIDENT:
        if _OLD_PERMANENT.fullmatch(number):
            return None
        if number.startswith("9") and _check_digit_ok(number) and _birth_date_ok(number):
            return None
        return str(
            _l(
                "A permanent residence card number is 18 digits starting with 9, or (before "
                "2023) 3 letters and 12 digits."
            )
        )
    if id_type == IdType.HK_MACAO_TAIWAN_RESIDENCE:
        ok = number.startswith(_PERMIT_PREFIXES) and _check_digit_ok(number)
        if ok and _birth_date_ok(number):
            return None
        return str(
            _l("A residence permit number is 18 digits starting with 810000, 820000 or 830000.")
        )
    # The resident ID card (its date is not checked: numbers issued in error stay in use).
    if not _check_digit_ok(number):
        return str(_l("This is not a valid resident ID number."))
    if number.startswith("9"):
        return str(_l("This is a permanent residence card number: choose that document."))
    if number.startswith(_PERMIT_PREFIXES):
        return str(_l("This is a residence permit number: choose that document."))
    return None


def id_number_is_valid(value: str, id_type: IdType | str = IdType.RESIDENT_ID) -> bool:
    return id_number_problem(id_type, value) is None


def id_number_hash(value: str, id_type: IdType | str = IdType.RESIDENT_ID) -> str:
    """Keyed (the table cannot be reversed by hashing every possible number) and typed.

    The type is part of the hashed text, so a passport and a card that happen to share a
    number never collide. Resident ID numbers keep the bare number, as before document types
    existed, so the hashes already stored stay valid; no other type's text is 18 bare digits
    or has no prefix, so the two forms cannot meet.
    """
    id_type = IdType(id_type)
    number = normalise_id_number(value)
    text = number if id_type == IdType.RESIDENT_ID else f"{id_type.value}:{number}"
    key = current_app.config["ID_HASH_KEY"].encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def id_number_hashes(value: str) -> list[str]:
    """The hash of `value` under every type it is a valid number of: for searching by number
    when the type is not known (an officer's search box)."""
    return [id_number_hash(value, t) for t in IdType if id_number_is_valid(value, t)]


def mask_id_number(value: str) -> str:
    """Enough to recognise one's own number, not enough to use it: 310***********2432,
    E1*****78 for a passport."""
    number = normalise_id_number(value)
    if len(number) >= 15:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    return number[:2] + "*" * (len(number) - 4) + number[-2:]
