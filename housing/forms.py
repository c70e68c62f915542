"""Form helpers shared by the blueprints."""

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
