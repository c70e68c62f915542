"""The employer API (HR of an enterprise): the same operations as the employer pages."""

from flask import request

from housing.api import bp
from housing.api.employer_schemas import (
    BenefitIn,
    ConfirmIn,
    DenyIn,
    DepartureIn,
    DepartureOut,
    EmployerDashboardOut,
    RecommendIn,
    StaffOut,
)
from housing.api.oas import documented
from housing.api.util import current_api_user, json_body, paginate, token_required
from housing.applicants.operations import current_application
from housing.employers import operations, reminders
from housing.errors import NotFoundError
from housing.models import Application, ApplicationStatus, Role
from housing.money.choice import choose_benefit
from housing.pagination import enum_filter


def staff_out(application: Application) -> dict:
    answer = operations.answer_of(application)
    recommendation = operations.recommendation_of(application.id)
    return StaffOut().dump(
        {
            "id": application.id,
            "name": application.user.name,
            "id_number": application.user.id_number_masked,
            "status": application.status.value,
            "category": application.category.value if application.category else None,
            "submitted_at": application.submitted_at,
            "employment": operations.describe(answer) if answer else None,
            "recommendation": recommendation.benefit.value if recommendation else None,
        }
    )


@bp.get("/employer/applications")
@token_required(Role.EMPLOYER)
@documented(
    "get", "employer", "Applicants and tenants who name the own enterprise", out="StaffList",
    errors=(400,), params=("status", "page", "per_page"),
)  # fmt: skip
def employer_applications():
    """ID numbers are masked; applications that name another enterprise never appear."""
    employer = operations.employer_of(current_api_user())
    status = enum_filter(request.args, "status", ApplicationStatus)
    return paginate(operations.staff_query(employer, status), staff_out)


@bp.get("/employer/applications/<int:application_id>")
@token_required(Role.EMPLOYER)
@documented("get", "employer", "One application that names the enterprise", out="StaffOut",
            errors=(404,))  # fmt: skip
def employer_application(application_id: int):
    """Another enterprise's applicant is a 404."""
    return staff_out(operations.application_for(current_api_user(), application_id))


@bp.post("/employer/applications/<int:application_id>/confirm")
@token_required(Role.EMPLOYER)
@documented("post", "employer", "Confirm employment", out="StaffOut", body="ConfirmIn",
            errors=(400, 404, 409, 422))  # fmt: skip
def employer_confirm(application_id: int):
    """409 (with `first`, the earlier answer) when the enterprise already answered otherwise."""
    data = json_body(ConfirmIn())
    answer = operations.confirm(current_api_user(), application_id, data["start_date"])
    return staff_out(answer.application)


@bp.post("/employer/applications/<int:application_id>/deny")
@token_required(Role.EMPLOYER)
@documented("post", "employer", "Deny employment", out="StaffOut", body="DenyIn",
            errors=(400, 404, 409, 422))  # fmt: skip
def employer_deny(application_id: int):
    """The note goes to the housing officers."""
    data = json_body(DenyIn())
    answer = operations.deny(current_api_user(), application_id, data["note"])
    return staff_out(answer.application)


@bp.post("/employer/applications/<int:application_id>/recommend")
@token_required(Role.EMPLOYER)
@documented("post", "employer", "Recommend a member of staff", out="StaffOut",
            body="RecommendIn", errors=(400, 404, 409, 422), status=201)  # fmt: skip
def employer_recommend(application_id: int):
    """Within the enterprise's yearly quota (422 over it); employment must be confirmed."""
    data = json_body(RecommendIn())
    recommendation = operations.recommend(current_api_user(), application_id, data["benefit"])
    return staff_out(recommendation.application), 201


@bp.delete("/employer/applications/<int:application_id>/recommend")
@token_required(Role.EMPLOYER)
@documented("delete", "employer", "Withdraw a recommendation", out="StaffOut",
            errors=(404, 409))  # fmt: skip
def employer_withdraw(application_id: int):
    """Its points go; its place in the quota is free again."""
    recommendation = operations.withdraw_recommendation(current_api_user(), application_id)
    return staff_out(recommendation.application)


@bp.post("/employer/departures")
@token_required(Role.EMPLOYER)
@documented("post", "employer", "Report a departure", out="DepartureOut", body="DepartureIn",
            errors=(400, 404, 409, 422))  # fmt: skip
def employer_departure():
    """Starts the tenancy's exit (move out within the grace period) or ends the subsidy at
    the month's end. The date: not before the employment's start, at most a month ahead."""
    data = json_body(DepartureIn())
    result = operations.report_departure(
        current_api_user(), data["application_id"], data["left_on"]
    )
    return DepartureOut().dump(result)


@bp.get("/employer/dashboard")
@token_required(Role.EMPLOYER)
@documented("get", "employer", "The enterprise's figures", out="EmployerDashboardOut")
def employer_dashboard():
    """Staff by stage, the year's quota and the open monthly requests."""
    d = reminders.dashboard(current_api_user())
    d["reminders_due"] = [r.month for r in d.pop("reminders")]
    d.pop("employer")
    return EmployerDashboardOut().dump(d)


@bp.post("/employer/staff-list/confirm")
@token_required(Role.EMPLOYER)
@documented("post", "employer", "Confirm the housed staff", errors=(409,))
def employer_confirm_staff():
    """Answers the monthly request: everyone listed still works here."""
    return {"confirmed": reminders.confirm_staff_list(current_api_user())}


@bp.put("/me/benefit")
@token_required(Role.APPLICANT)
@documented("put", "applicant", "Choose the apartment or the subsidy", body="BenefitIn",
            errors=(400, 404, 409, 422))  # fmt: skip
def my_benefit():
    """Never both at once: the subsidy cannot be chosen while an offer or a unit is held."""
    application = current_application(current_api_user())
    if application is None:
        raise NotFoundError("You have no application.")
    data = json_body(BenefitIn())
    application = choose_benefit(application, current_api_user(), data["benefit"])
    return {"id": application.id, "benefit": application.benefit}
