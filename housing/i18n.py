"""Language and time zone selection: Chinese by default, switchable on every page."""

from functools import partial

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from housing import labels


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI and jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    lang = session.get("lang")
    if lang in languages:
        return lang
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale:
        return current_user.locale
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages) or languages[0]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


#: Label helpers are Jinja globals, so macros imported without context can use them too.
LABEL_GLOBALS = {
    "language_name": labels.LANGUAGE_NAMES.get,
    "role_label": partial(labels.label, labels.ROLES),
    "status_label": partial(labels.label, labels.STATUSES),
    "category_label": partial(labels.label, labels.CATEGORIES),
    "street_label": partial(labels.label, labels.STREETS),
    "layout_label": partial(labels.label, labels.LAYOUTS),
    "layout_labels": labels.layout_list,
    "audit_action_label": partial(labels.label, labels.AUDIT_ACTIONS),
    "object_type_label": partial(labels.label, labels.OBJECT_TYPES),
    "event_note": labels.event_note,
    "employer_name": labels.employer_name,
    "stage_label": partial(labels.label, labels.STAGES),
    "setting_label": partial(labels.label, labels.POLICY_SETTINGS),
    "vacant_reason_label": partial(labels.label, labels.VACANT_REASONS),
    "money_kind_label": partial(labels.label, labels.MONEY_KINDS),
    "export_label": partial(labels.label, labels.EXPORTS),
    "end_reason_label": partial(labels.label, labels.END_REASONS),
    "id_type_label": partial(labels.label, labels.ID_TYPES),
    "unit_move_label": partial(labels.label, labels.UNIT_MOVES),
    "unit_status_hint": partial(labels.label, labels.UNIT_STATUS_HINTS),
    "yuan": lambda fen: f"{'-' if fen < 0 else ''}{abs(fen) // 100:,}.{abs(fen) % 100:02d}",
}


def template_globals() -> dict:
    from flask_babel import get_locale

    return {"current_locale": str(get_locale()), "languages": current_app.config["LANGUAGES"]}
