"""Secrets handling: ID-card numbers, passwords and bearer tokens."""

import hashlib
import hmac
import re
import secrets

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

_ID_RE = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def normalise_id_number(value: str) -> str:
    return value.strip().upper()


def id_number_is_valid(value: str) -> bool:
    """A resident ID number (GB 11643-1999): 17 digits and a mod-11 check character."""
    value = normalise_id_number(value)
    if not _ID_RE.match(value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == value[17]


def id_number_hash(value: str) -> str:
    """Keyed, so the table cannot be reversed by hashing every possible number."""
    key = current_app.config["ID_HASH_KEY"].encode()
    return hmac.new(key, normalise_id_number(value).encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    value = normalise_id_number(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(name: str) -> str:
    """Public notices show the family name only: 张*, 欧阳**."""
    name = name.strip()
    if not name:
        return ""
    if " " in name:  # a Latin-script name: initials
        return " ".join(part[0] + "." for part in name.split())
    return name[0] + "*" * max(1, len(name) - 1)


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    if method:
        return generate_password_hash(password, method=method)
    return generate_password_hash(password)


def check_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


def new_token() -> tuple[str, str]:
    """A random token and the SHA-256 that is stored in its place."""
    raw = secrets.token_urlsafe(32)
    return raw, token_digest(raw)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
