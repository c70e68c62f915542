"""Human labels for enum values, translatable, shared by pages and notices."""

from flask_babel import lazy_gettext as _l

ROLES = {
    "applicant": _l("Applicant"),
    "officer": _l("Housing officer"),
    "landlord": _l("Landlord"),
    "admin": _l("Administrator"),
}
STATUSES = {
    # applications
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "verified": _l("Verified"),
    "rejected": _l("Rejected"),
    "waiting": _l("Waiting"),
    "offered": _l("Offered"),
    "housed": _l("Housed"),
    "exited": _l("Exited"),
    "withdrawn": _l("Withdrawn"),
    # units
    "vacant": _l("Vacant"),
    "occupied": _l("Occupied"),
    "maintenance": _l("Maintenance"),
}
CATEGORIES = {
    "leading": _l("Leading talent"),
    "high_level": _l("High-level talent"),
    "key_industry": _l("Key-industry talent"),
    "overseas": _l("Overseas talent"),
    "skilled": _l("High-skilled talent"),
    "young": _l("Young talent and new graduates"),
    "social_governance": _l("Social-governance talent"),
}
STREETS = {
    "huayang": _l("Huayang Road Street"),
    "jiangsu": _l("Jiangsu Road Street"),
    "xinhua": _l("Xinhua Road Street"),
    "zhoujiaqiao": _l("Zhoujiaqiao Street"),
    "tianshan": _l("Tianshan Road Street"),
    "xianxia": _l("Xianxia New Village Street"),
    "hongqiao": _l("Hongqiao Street"),
    "chengjiaqiao": _l("Chengjiaqiao Street"),
    "beixinjing": _l("Beixinjing Street"),
    "xinjing": _l("Xinjing Town"),
}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def label(table: dict, value) -> str:
    key = getattr(value, "value", value)
    return str(table.get(key, key))
