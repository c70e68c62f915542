"""Officers' verification resources: the queue and the decisions, as on the pages."""

from flask import request

from housing.api import bp
from housing.api.applicant_schemas import (
    BulkRequestIn,
    NoteIn,
    RejectIn,
    application_out,
)
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.employers.operations import answer_of as employer_answer
from housing.employers.operations import describe
from housing.models import Role
from housing.officers import operations, queue


def _officer_out(application) -> dict:
    return application_out(application, officer=True)


def _note_body() -> dict:
    return json_body(NoteIn()) if request.data else {"note": None}


@bp.get("/officer/applications")
@token_required(Role.OFFICER)
def officer_applications():
    """Applications in a status (submitted by default; `all` for every status), oldest
    submission first, narrowed by category, submission dates and a search.

    `q` matches part of the name or e-mail, a whole ID number (compared by its keyed hash),
    a phone number, or an application number.
    ---
    get:
      tags: [officer]
      summary: The verification queue
      security: [{bearer: []}]
      parameters:
        - {in: query, name: status, schema: {type: string, default: submitted}}
        - {in: query, name: category, schema: {type: string}}
        - {in: query, name: submitted_from, schema: {type: string, format: date}}
        - {in: query, name: submitted_to, schema: {type: string, format: date}}
        - {in: query, name: q, schema: {type: string, maxLength: 100}}
        - page
        - per_page
      responses:
        200:
          description: A page of applications
          content:
            application/json:
              schema: OfficerApplicationList
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    filters = queue.queue_filters(request.args)
    return paginate(queue.queue_query(filters), _officer_out)


@bp.post("/officer/applications/request-documents")
@token_required(Role.OFFICER)
def officer_bulk_request_documents():
    """Send several submitted applications back with one note; those another officer changed
    meanwhile are skipped and listed with their status now.
    ---
    post:
      tags: [officer]
      summary: Request documents from several applications
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: BulkRequestIn
      responses:
        200:
          description: Who was sent back and who was skipped
          content:
            application/json:
              schema: BulkRequestOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    body = json_body(BulkRequestIn())
    result = queue.bulk_request_documents(body["ids"], current_api_user(), body["note"])
    return {
        "returned": result.returned,
        "skipped": [{"id": i, "status": status} for i, status in result.skipped],
    }


@bp.get("/officer/applications/<int:application_id>")
@token_required(Role.OFFICER)
def officer_application(application_id: int):
    """One application with its applicant, household, documents and duplicate flag.
    ---
    get:
      tags: [officer]
      summary: Read an application
      security: [{bearer: []}]
      responses:
        200:
          description: The application
          content:
            application/json:
              schema: OfficerApplicationOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
    """
    application = operations.application_for_officer(application_id)
    answer = employer_answer(application)
    return {**_officer_out(application), "employment": describe(answer) if answer else None}


@bp.post("/officer/applications/<int:application_id>/verify")
@token_required(Role.OFFICER)
def officer_verify(application_id: int):
    """Verify: the application joins the queue with its points.
    ---
    post:
      tags: [officer]
      summary: Verify an application
      security: [{bearer: []}]
      requestBody:
        content:
          application/json:
            schema: NoteIn
      responses:
        200:
          description: The verified application
          content:
            application/json:
              schema: OfficerApplicationOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
    """
    application = operations.application_for_officer(application_id)
    note = _note_body()["note"]
    return _officer_out(operations.verify(application, current_api_user(), note))


@bp.post("/officer/applications/<int:application_id>/reject")
@token_required(Role.OFFICER)
def officer_reject(application_id: int):
    """Reject, with a reason the applicant reads.
    ---
    post:
      tags: [officer]
      summary: Reject an application
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: RejectIn
      responses:
        200:
          description: The rejected application
          content:
            application/json:
              schema: OfficerApplicationOut
        400: {$ref: '#/components/responses/Malformed'}
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    application = operations.application_for_officer(application_id)
    reason = json_body(RejectIn())["reason"]
    return _officer_out(operations.reject(application, current_api_user(), reason))


@bp.post("/officer/applications/<int:application_id>/request-documents")
@token_required(Role.OFFICER)
def officer_request_documents(application_id: int):
    """Send the application back to the applicant (a draft again) with what is missing.
    ---
    post:
      tags: [officer]
      summary: Request more documents
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: NoteIn
      responses:
        200:
          description: The application, now a draft
          content:
            application/json:
              schema: OfficerApplicationOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
        404: {$ref: '#/components/responses/NotFound'}
        409: {$ref: '#/components/responses/Conflict'}
        422: {$ref: '#/components/responses/Invalid'}
    """
    application = operations.application_for_officer(application_id)
    note = _note_body()["note"]
    return _officer_out(operations.request_documents(application, current_api_user(), note))


@bp.post("/officer/priorities/recompute")
@token_required(Role.OFFICER)
def officer_recompute():
    """Recompute every queued application's points under the current policy (appends history).
    ---
    post:
      tags: [officer]
      summary: Recompute priorities
      security: [{bearer: []}]
      responses:
        200:
          description: How many were recomputed and changed
          content:
            application/json:
              schema: RecomputeOut
        401: {$ref: '#/components/responses/Unauthorized'}
        403: {$ref: '#/components/responses/Forbidden'}
    """
    return operations.trigger_recompute(current_api_user())
