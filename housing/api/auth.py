"""Token login and self-registration."""

from flask import request

from housing.api import bp
from housing.api.schemas import ApplicantRegistration, TokenRequest, user_out
from housing.api.util import current_api_user, json_body, token_required
from housing.auth import operations


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
      responses:
        201:
          description: The new account
          content:
            application/json:
              schema: UserOut
        400: {$ref: '#/components/responses/Malformed'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    data = json_body(ApplicantRegistration())
    user = operations.register_applicant(
        data["email"], data["password"], data["name"], data["id_number"], data["phone"]
    )
    return user_out(user), 201
