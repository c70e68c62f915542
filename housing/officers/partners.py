"""Officer pages for partner landlords: the organisations, and invitations to their staff.

Registered on the officers' blueprint by housing/officers/blueprint.py.
"""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from housing.auth.session import role_required
from housing.errors import OperationError
from housing.forms import show_errors
from housing.landlords import invitations
from housing.landlords.forms import InviteForm, PartnerForm
from housing.models import Role


def _link_for(token: str) -> str:
    return url_for("landlords.accept_invitation", token=token, _external=True)


@role_required(Role.OFFICER, Role.ADMIN)
def partners():
    return render_template("officers/partners.html", rows=invitations.list_partners())


@role_required(Role.OFFICER, Role.ADMIN)
def partner_new():
    form = PartnerForm()
    if form.validate_on_submit():
        values = {
            k: form.data[k]
            for k in ("name", "kind", "credit_code", "contact_name", "contact_phone")
        }
        values["contact_email"] = form.email.data
        try:
            raw, invitation = invitations.register_partner(
                values, form.email.data, current_user, _link_for
            )
        except OperationError as exc:
            show_errors(form, exc)
        else:
            return _invited(raw, invitation)
    return render_template("officers/partners_new.html", form=form), 422 if form.errors else 200


@role_required(Role.OFFICER, Role.ADMIN)
def partner_invite(landlord_id: int):
    landlord = invitations.get_landlord(landlord_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            raw, invitation = invitations.invite(landlord, form.email.data, current_user, _link_for)
        except OperationError as exc:
            show_errors(form, exc)
        else:
            return _invited(raw, invitation)
    return render_template("officers/partners_invite.html", form=form, landlord=landlord), (
        422 if form.errors else 200
    )


def _invited(raw: str, invitation):
    """The link is shown once, here: only its hash is kept, so it cannot be shown again."""
    return render_template(
        "officers/partners_invited.html",
        invitation=invitation,
        link=_link_for(raw),
        message=_("Invitation sent to %(email)s.", email=invitation.email),
    )


#: (rule, view, methods), registered by housing/officers/blueprint.py.
ROUTES = [
    ("/partners", partners, ["GET"]),
    ("/partners/new", partner_new, ["GET", "POST"]),
    ("/partners/<int:landlord_id>/invite", partner_invite, ["GET", "POST"]),
]
