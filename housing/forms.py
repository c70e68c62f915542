"""Form helpers shared by the blueprints."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from housing.errors import OperationError


def show_errors(
    form: FlaskForm, exc: OperationError, aliases: dict[str, str] | None = None
) -> bool:
    """Put an operation's field errors next to the fields; False if none matched a field.

    `aliases` maps an operation's field name to the form's where the two differ.
    """
    aliases = aliases or {}
    placed = False
    for name, message in exc.fields.items():
        field = getattr(form, aliases.get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
            placed = True
    if not placed:
        form.form_errors.append(exc.message)
    return placed


#: WTForms' own messages that our catalogue words differently (kept here so extraction finds them).
WTFORMS_WORDS = (_l("Invalid email address."),)


class HouseTranslations:
    """WTForms' built-in messages in our catalogue's words when it has them.

    WTForms ships its own Chinese ("无效的 Email 地址" for a bad e-mail); housing/labels.py's
    rule is one set of words, so a message our catalogue translates wins, and WTForms' own
    translation is the fallback for the rest.
    """

    def gettext(self, string: str) -> str:
        from flask_babel import gettext
        from flask_wtf.i18n import translations

        ours = gettext(string)
        return ours if ours != string else translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        from flask_wtf.i18n import translations

        return translations.ngettext(singular, plural, n)


def install_form_translations() -> None:
    """Every FlaskForm asks HouseTranslations (Flask-WTF looks the name up at each form)."""
    import flask_wtf.form

    flask_wtf.form.translations = HouseTranslations()
