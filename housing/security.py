"""Secrets handling: ID-card numbers, passwords and bearer tokens."""

import hashlib
import secrets

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

# ID numbers have their own home; these names are kept for the modules that import them here.
from housing.identity import (  # noqa: F401
    id_number_hash,
    id_number_is_valid,
    mask_id_number,
    normalise_id_number,
)


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
