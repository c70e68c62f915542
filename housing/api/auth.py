"""Token login and self-registration."""

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _

from housing.api import bp
from housing.api.schemas import (
    ApplicantRegistration,
    PasswordResetRequest,
    TokenRequest,
    user_out,
)
from housing.api.util import current_api_user, json_body, token_required
from housing.auth import operations, passwords
from housing.auth.views import activation_link, reset_link


@bp.post("/auth/token")
def create_token():
    """Log in and get a bearer token.
    ---
    post:
      tags: [auth]
      summary: Log in with e-mail and password
      requestBody:
        required: true
        content:
          application/json:
            schema: TokenRequest
      responses:
        200:
          description: A token that expires
          content:
            application/json:
              schema: TokenResponse
        401: {$ref: '#/components/responses/Unauthorized'}
        422: {$ref: '#/components/responses/Invalid'}
        429: {$ref: '#/components/responses/TooMany'}
    """
    data = json_body(TokenRequest())
    user = operations.authenticate(data["email"], data["password"], request.remote_addr)
    raw, token = operations.issue_token(user)
    return {"token": raw, "role": user.role.value, "expires_at": token.expires_at.isoformat()}


@bp.delete("/auth/token")
@token_required()
def revoke_token():
    """Revoke the token this request carries.
    ---
    delete:
      tags: [auth]
      summary: Log out (revoke the current token)
      security: [{bearer: []}]
      responses:
        204: {description: Revoked}
        401: {$ref: '#/components/responses/Unauthorized'}
    """
    operations.revoke_token(request.headers["Authorization"].split(" ", 1)[1].strip())
    return "", 204


@bp.get("/me")
@token_required()
def me():
    """The account the token belongs to.
    ---
    get:
      tags: [auth]
      summary: The current account
      security: [{bearer: []}]
      responses:
        200:
          description: The account
          content:
            application/json:
              schema: UserOut
        401: {$ref: '#/components/responses/Unauthorized'}
    """
    return user_out(current_api_user())


@bp.post("/applicants")
def register_applicant():
    """Register an applicant account.
    ---
    post:
      tags: [applicants]
      summary: Register as an applicant
      requestBody:
        required: true
        content:
          application/json:
            schema: ApplicantRegistration
      description: >
        The answer never says whether the e-mail or the ID number already has an account: it is
        202 for every well-formed request, and the activation link (or a notice to the owner of
        the e-mail or ID number) goes by mail. The account works once the link is opened.
      responses:
        202:
          description: Look in the mailbox
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string, enum: [check_email]}
                  message: {type: string}
        400: {$ref: '#/components/responses/Malformed'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    data = json_body(ApplicantRegistration())
    operations.request_registration(
        data["email"],
        data["password"],
        data["name"],
        data["id_number"],
        data["phone"],
        link_for=activation_link,
        locale=str(get_locale()),
        id_type=data["id_type"],
    )
    message = _("We sent you an e-mail. Open the link in it to activate your account.")
    return {"status": "check_email", "message": message}, 202


@bp.post("/auth/password-reset")
def request_password_reset():
    """Ask for a password-reset link by e-mail.
    ---
    post:
      tags: [auth]
      summary: Send a one-use, expiring link to choose a new password
      description: >
        202 whether or not the e-mail has an account, so the answer reveals nothing; the link
        (valid for an hour, once) goes by mail when it does. Requests are limited per e-mail and
        per address (429). The link opens the page where the new password is set; setting it
        ends every session and API token of the account.
      requestBody:
        required: true
        content:
          application/json:
            schema: PasswordResetRequest
      responses:
        202:
          description: Look in the mailbox
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string, enum: [check_email]}
                  message: {type: string}
        400: {$ref: '#/components/responses/Malformed'}
        422: {$ref: '#/components/responses/Invalid'}
        429: {$ref: '#/components/responses/TooMany'}
    """
    data = json_body(PasswordResetRequest())
    passwords.request_reset(data["email"], request.remote_addr, reset_link, str(get_locale()))
    message = _("If this e-mail has an account, a link to choose a new password is on its way.")
    return {"status": "check_email", "message": message}, 202
