"""The applicant's resources: own application, documents, waitlist, messages; and the public
eligibility pre-check and employer search. Same operations as the pages."""

from contextlib import contextmanager

from flask import request
from flask_babel import gettext as _

from housing.api import bp
from housing.api.applicant_schemas import (
    ApplicationIn,
    ChangeIn,
    DocumentOut,
    EligibilityIn,
    NotificationOut,
    WaitlistOut,
    WithdrawIn,
    application_out,
    employer_out,
)
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.applicants import changes, documents, operations, waitlist
from housing.applicants.eligibility import EligibilityFacts
from housing.errors import NotFoundError, OperationError
from housing.errors import ValidationError as RuleError
from housing.headers import uploaded_file
from housing.models import Role
from housing.policy import current_policy

# Flat operation fields -> the API's nested names, so an error names what the client sent.
_API_NAMES = {
    "workplace_address": "workplace.address",
    "workplace_lat": "workplace.location",
    "workplace_lon": "workplace.location",
}


def _flat(data: dict) -> dict:
    """The API's nested workplace as the operations' flat fields."""
    data = dict(data)
    workplace = data.pop("workplace", None)
    if workplace is not None:
        data["workplace_address"] = workplace.get("address")
        location = workplace.get("location") or [None, None]
        data["workplace_lat"], data["workplace_lon"] = location
    return data


@contextmanager
def _api_field_names():
    """Operations name the flat workplace columns; API clients sent the nested `workplace`."""
    try:
        yield
    except OperationError as exc:
        exc.fields = {_API_NAMES.get(k, k): v for k, v in exc.fields.items()}
        raise


def _own():
    application = operations.current_application(current_api_user())
    if application is None:
        raise NotFoundError(_("You have no application yet."))
    return application


@bp.get("/me/application")
@token_required(Role.APPLICANT)
def get_application():
    """The own application.
    ---
    get:
      tags: [applicants]
      summary: Read the own application
      security: [{bearer: []}]
      responses:
        200:
          description: The application; `missing` lists what stops submission
          content:
            application/json:
              schema: ApplicationOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    return application_out(_own())


@bp.put("/me/application")
@token_required(Role.APPLICANT)
def put_application():
    """Save fields of the own draft (created on the first PUT).
    ---
    put:
      tags: [applicants]
      summary: Edit the own application while it is a draft
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: ApplicationIn
      responses:
        200:
          description: The saved application
          content:
            application/json:
              schema: ApplicationOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    data = _flat(json_body(ApplicationIn()))
    members = data.pop("members", None)
    size = data.pop("household_size", None)
    application = operations.ensure_draft(current_api_user())
    with _api_field_names():
        operations.update_draft(application, data, members=members, household_size=size)
    return application_out(application)


@bp.post("/me/application/submit")
@token_required(Role.APPLICANT)
def submit_application():
    """Submit the own draft for verification.
    ---
    post:
      tags: [applicants]
      summary: Submit the application
      security: [{bearer: []}]
      responses:
        200:
          description: The submitted application
          content:
            application/json:
              schema: ApplicationOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    with _api_field_names():
        application = operations.submit(_own(), current_api_user())
    return application_out(application)


@bp.post("/me/application/documents")
@token_required(Role.APPLICANT)
def upload_document():
    """Upload a document to the own draft: PDF, JPEG or PNG (by content), at most 10 MB.
    ---
    post:
      tags: [applicants]
      summary: Upload a document
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: DocumentUpload
      responses:
        201:
          description: The stored document
          content:
            application/json:
              schema: DocumentOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        409: {$ref: '#/components/responses/Conflict'}
        413: {description: The request is larger than the server accepts}
        422: {$ref: '#/components/responses/Invalid'}
    """
    upload = request.files.get("file")
    if upload is None:
        raise RuleError(_("Choose a file."), {"file": _("Send the file as multipart `file`.")})
    application = operations.ensure_draft(current_api_user())
    document = documents.add_document(
        application, request.form.get("kind", ""), upload.filename, upload.stream
    )
    return DocumentOut().dump(document), 201


@bp.get("/me/application/documents/<int:document_id>")
@token_required(Role.APPLICANT, Role.OFFICER)
def get_document(document_id: int):
    """The file of a document: the owner's and officers' only.
    ---
    get:
      tags: [applicants]
      summary: Download a document
      security: [{bearer: []}]
      responses:
        200:
          description: The file
          content:
            application/pdf: {}
            image/jpeg: {}
            image/png: {}
        401: {$ref: '#/components/responses/Unauthorized'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    document, path = documents.document_for(current_api_user(), document_id)
    return uploaded_file(path, document.content_type, document.filename)


@bp.post("/me/application/withdraw")
@token_required(Role.APPLICANT)
def withdraw_application():
    """Withdraw the own application.
    ---
    post:
      tags: [applicants]
      summary: Withdraw
      security: [{bearer: []}]
      requestBody:
        content:
          application/json:
            schema: WithdrawIn
      responses:
        200:
          description: The withdrawn application
          content:
            application/json:
              schema: ApplicationOut
        401: {$ref: '#/components/responses/Unauthorized'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    reason = json_body(WithdrawIn())["reason"] if request.data else None
    return application_out(operations.withdraw(_own(), current_api_user(), reason))


@bp.post("/me/application/changes")
@token_required(Role.APPLICANT)
def report_change():
    """Report a change of job or household; eligibility changes return it to verification.
    ---
    post:
      tags: [applicants]
      summary: Report a change
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: ChangeIn
      responses:
        200:
          description: Whether the application returned to verification
          content:
            application/json:
              schema: ChangeOut
        401: {$ref: '#/components/responses/Unauthorized'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    data = _flat(json_body(ChangeIn()))
    kind, note = data.pop("kind"), data.pop("note", None)
    application = _own()
    with _api_field_names():
        back = changes.report_change(application, current_api_user(), kind, data, note)
    return {"returned_to_verification": back, "application": application_out(application)}


@bp.get("/me/waitlist")
@token_required(Role.APPLICANT)
def get_waitlist():
    """Points, their breakdown, and the place in the queue.
    ---
    get:
      tags: [applicants]
      summary: The own place on the waitlist
      security: [{bearer: []}]
      responses:
        200:
          description: The standing
          content:
            application/json:
              schema: WaitlistOut
        401: {$ref: '#/components/responses/Unauthorized'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    return WaitlistOut().dump(waitlist.standing(_own()))


@bp.get("/me/notifications")
@token_required()
def list_notifications():
    """The own in-app messages, newest first.
    ---
    get:
      tags: [applicants]
      summary: The own messages
      security: [{bearer: []}]
      responses:
        200:
          description: Messages
          content:
            application/json:
              schema: NotificationList
        401: {$ref: '#/components/responses/Unauthorized'}
    """
    notes = operations.recent_notifications(current_api_user(), limit=100)
    return {"items": NotificationOut(many=True).dump(notes)}


@bp.get("/employers")
def list_employers():
    """Search the enterprises registered in Changning (public).
    ---
    get:
      tags: [applicants]
      summary: Search district employers
      parameters:
        - {in: query, name: q, schema: {type: string}}
        - page
        - per_page
      responses:
        200:
          description: A page of employers
          content:
            application/json:
              schema: EmployerList
        400: {$ref: '#/components/responses/Malformed'}
    """
    return paginate(operations.search_employers(request.args.get("q")), employer_out)


@bp.post("/eligibility")
def check_eligibility():
    """May this person apply under the current policy? (Public; nothing is stored.)
    ---
    post:
      tags: [applicants]
      summary: Eligibility pre-check
      requestBody:
        required: true
        content:
          application/json:
            schema: EligibilityIn
      responses:
        200:
          description: Eligible or not, and why not
          content:
            application/json:
              schema: EligibilityOut
        400: {$ref: '#/components/responses/Malformed'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    facts = EligibilityFacts(**json_body(EligibilityIn()))
    reasons = operations.precheck(facts)
    return {
        "eligible": not reasons,
        "reasons": reasons,
        "policy_version": current_policy(create=False).version,
    }
