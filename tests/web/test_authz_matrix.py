"""Who may call what: every route of the URL map, as every role, against the expected answer.

The objects behind id parameters (tests/web/matrix_world.py) belong to the first applicant and
the first landlord, so the "other" applicant and landlord must get 404 (docs/api.md: a resource
that exists but is not the caller's answers 404). A route the table lacks fails
`test_every_route_has_a_line`, which prints the answers it saw as a line to check and paste.

Letters, one per role in the order of the column header:
    A  allowed: the request got past authorization (2xx, a redirect elsewhere, 400, 409, 422)
    L  log in first: 401 on the API, a redirect to the login page on pages
    F  forbidden: 403, the wrong role
    N  not found: 404, not the caller's (or nothing to see)
A 5xx fails whatever the table says. Page forms are posted without CSRF (tested elsewhere) and
with empty or minimal bodies: the matrix is about who gets past the gates, not what they send.
"""

import pytest
from flask import url_for

from housing.models import User
from tests.web import matrix_world
from tests.web.matrix_world import ROLES

# fmt: off
# One line a route; the letters, in order: anonymous, applicant, other applicant, landlord,
# other organisation's landlord, officer, admin, employer (HR), other enterprise's employer
# (see the top of this file).
EXPECTED = {
    "GET /":                                                              "A A A A A A A A A",
    "GET /healthz":                                                       "A A A A A A A A A",
    "GET /readyz":                                                        "A A A A A A A A A",
    "GET /eligibility":                                                   "A A A A A A A A A",
    "POST /eligibility":                                                  "A A A A A A A A A",
    "POST /lang/<code>":                                                  "A A A A A A A A A",
    "GET /auth/login":                                                    "A A A A A A A A A",
    "POST /auth/login":                                                   "A A A A A A A A A",
    "POST /auth/logout":                                                  "A A A A A A A A A",
    "GET /auth/register":                                                 "A A A A A A A A A",
    "GET /auth/activate/<token>":                                         "A A A A A A A A A",
    "POST /auth/activate/<token>":                                        "A A A A A A A A A",
    "POST /auth/register":                                                "A A A A A A A A A",
    # Applicants' pages.
    "GET /me/":                                                           "L A A F F F F F F",
    "GET /me/application/":                                               "L A A F F F F F F",
    "GET /me/application/<step>":                                         "L A A F F F F F F",
    "POST /me/application/<step>":                                        "L A A F F F F F F",
    "GET /me/application/change":                                         "L A A F F F F F F",
    "POST /me/application/change":                                        "L A A F F F F F F",
    "GET /me/application/documents":                                      "L A A F F F F F F",
    "POST /me/application/documents":                                     "L A A F F F F F F",
    "POST /me/application/documents/<int:document_id>/remove":            "L A N F F F F F F",
    "POST /me/application/household/members":                             "L A A F F F F F F",
    "POST /me/application/household/members/<int:member_id>/remove":      "L A N F F F F F F",
    "POST /me/application/reopen":                                        "L A A F F F F F F",
    "GET /me/application/review":                                         "L A A F F F F F F",
    "POST /me/application/review":                                        "L A A F F F F F F",
    "GET /me/application/withdraw":                                       "L A A F F F F F F",
    "POST /me/application/withdraw":                                      "L A A F F F F F F",
    "GET /me/documents/<int:document_id>":                                "L A N F F A F F F",
    "GET /me/waitlist":                                                   "L A A F F F F F F",
    "GET /my/offers":                                                     "L A A F F F F F F",
    "POST /my/offers/<int:offer_id>/accept":                              "L A N F F F F F F",
    "POST /my/offers/<int:offer_id>/decline":                             "L A N F F F F F F",
    # Landlords' pages.
    "GET /landlord/":                                                     "L F F A A F F F F",
    "GET /landlord/buildings":                                            "L F F A A F F F F",
    "GET /landlord/buildings/new":                                        "L F F A A F F F F",
    "POST /landlord/buildings/new":                                       "L F F A A F F F F",
    "GET /landlord/offers":                                               "L F F A A F F F F",
    "GET /landlord/units":                                                "L F F A A F F F F",
    "GET /landlord/units/new":                                            "L F F A A F F F F",
    "POST /landlord/units/new":                                           "L F F A A F F F F",
    "GET /landlord/units/<int:unit_id>":                                  "L F F A N F F F F",
    "POST /landlord/units/<int:unit_id>":                                 "L F F A N F F F F",
    "POST /landlord/units/<int:unit_id>/delete":                          "L F F A N F F F F",
    "POST /landlord/units/<int:unit_id>/status":                          "L F F A N F F F F",
    "GET /landlord/units/import":                                         "L F F A A F F F F",
    "POST /landlord/units/import":                                        "L F F A A F F F F",
    "GET /landlord/units/import/template.csv":                            "L F F A A F F F F",
    "GET /landlord/units/import/template.xlsx":                           "L F F A A F F F F",
    "GET /landlord/invitation/<token>":                                   "A A A A A A A A A",
    "POST /landlord/invitation/<token>":                                  "A A A A A A A A A",
    # Officers' and admins' pages.
    "GET /officer/":                                                      "L F F F F A F F F",
    "GET /officer/admin":                                                 "L F F F F F A F F",
    "POST /officer/admin/log-out-everywhere":                             "L F F F F F A F F",
    "GET /officer/applications":                                          "L F F F F A F F F",
    "GET /officer/applications/<int:application_id>":                     "L F F F F A F F F",
    "POST /officer/applications/<int:application_id>/reject":             "L F F F F A F F F",
    "POST /officer/applications/<int:application_id>/request-documents":  "L F F F F A F F F",
    "POST /officer/applications/<int:application_id>/verify":             "L F F F F A F F F",
    "GET /officer/documents/<int:document_id>":                           "L F F F F A F F F",
    "GET /officer/partners":                                              "L F F F F A A F F",
    "GET /officer/partners/new":                                          "L F F F F A A F F",
    "POST /officer/partners/new":                                         "L F F F F A A F F",
    "GET /officer/partners/<int:landlord_id>/invite":                     "L F F F F A A F F",
    "POST /officer/partners/<int:landlord_id>/invite":                    "L F F F F A A F F",
    "GET /officer/policy":                                                "L F F F F A F F F",
    "POST /officer/policy":                                               "L F F F F A F F F",
    "POST /officer/priorities/recompute":                                 "L F F F F A F F F",
    "GET /officer/rounds/":                                               "L F F F F A F F F",
    "POST /officer/rounds/":                                              "L F F F F A F F F",
    "GET /officer/rounds/compare":                                        "L F F F F A F F F",
    "GET /officer/rounds/<int:round_id>":                                 "L F F F F A F F F",
    "GET /officer/rounds/<int:round_id>/<any(input, result):kind>.json":  "L F F F F A F F F",
    "GET /officer/rounds/<int:round_id>/assignments":                     "L F F F F A F F F",
    "GET /officer/rounds/<int:round_id>/unassigned":                      "L F F F F A F F F",
    "POST /officer/rounds/<int:round_id>/commit":                         "L F F F F A F F F",
    "POST /officer/rounds/<int:round_id>/objections":                     "L F F F F A F F F",
    # Public round notices.
    "GET /rounds/<int:round_id>":                                         "A A A A A A A A A",
    "GET /rounds/<int:round_id>/<any(input, result):kind>.json":          "A A A A A A A A A",
    # API: public and account.
    "GET /api/v1/openapi.json":                                           "A A A A A A A A A",
    "POST /api/v1/auth/token":                                            "A A A A A A A A A",
    "DELETE /api/v1/auth/token":                                          "L A A A A A A A A",
    "POST /api/v1/applicants":                                            "A A A A A A A A A",
    "POST /api/v1/eligibility":                                           "A A A A A A A A A",
    "GET /api/v1/employers":                                              "A A A A A A A A A",
    "GET /api/v1/me":                                                     "L A A A A A A A A",
    "GET /api/v1/me/notifications":                                       "L A A A A A A A A",
    "GET /api/v1/public/rounds/<int:round_id>":                           "A A A A A A A A A",
    "GET /api/v1/public/rounds/<int:round_id>/input":                     "A A A A A A A A A",
    "GET /api/v1/public/rounds/<int:round_id>/result":                    "A A A A A A A A A",
    # API: applicants (officers may read a document, as on their pages).
    "GET /api/v1/me/application":                                         "L A A F F F F F F",
    "PUT /api/v1/me/application":                                         "L A A F F F F F F",
    "POST /api/v1/me/application/changes":                                "L A A F F F F F F",
    "POST /api/v1/me/application/documents":                              "L A A F F F F F F",
    "GET /api/v1/me/application/documents/<int:document_id>":             "L A N F F A F F F",
    "POST /api/v1/me/application/submit":                                 "L A A F F F F F F",
    "POST /api/v1/me/application/withdraw":                               "L A A F F F F F F",
    "GET /api/v1/me/offers":                                              "L A A F F F F F F",
    "POST /api/v1/me/offers/<int:offer_id>/accept":                       "L A N F F F F F F",
    "POST /api/v1/me/offers/<int:offer_id>/decline":                      "L A N F F F F F F",
    "GET /api/v1/me/waitlist":                                            "L A A F F F F F F",
    # API: landlords.
    "GET /api/v1/landlord/buildings":                                     "L F F A A F F F F",
    "POST /api/v1/landlord/buildings":                                    "L F F A A F F F F",
    "GET /api/v1/landlord/units":                                         "L F F A A F F F F",
    "POST /api/v1/landlord/units":                                        "L F F A A F F F F",
    "POST /api/v1/landlord/units/import":                                 "L F F A A F F F F",
    "GET /api/v1/landlord/units/<int:unit_id>":                           "L F F A N F F F F",
    "PATCH /api/v1/landlord/units/<int:unit_id>":                         "L F F A N F F F F",
    "DELETE /api/v1/landlord/units/<int:unit_id>":                        "L F F A N F F F F",
    # API: officers.
    "GET /api/v1/officer/applications":                                   "L F F F F A F F F",
    "GET /api/v1/officer/applications/<int:application_id>":              "L F F F F A F F F",
    "POST /api/v1/officer/applications/<int:application_id>/reject":      "L F F F F A F F F",
    "POST /api/v1/officer/applications/<int:application_id>/request-documents": "L F F F F A F F F",
    "POST /api/v1/officer/applications/<int:application_id>/verify":      "L F F F F A F F F",
    "GET /api/v1/officer/offers":                                         "L F F F F A F F F",
    "GET /api/v1/officer/policy":                                         "L F F F F A F F F",
    "POST /api/v1/officer/policy":                                        "L F F F F A F F F",
    "POST /api/v1/officer/priorities/recompute":                          "L F F F F A F F F",
    "GET /api/v1/officer/rounds":                                         "L F F F F A F F F",
    "POST /api/v1/officer/rounds":                                        "L F F F F A F F F",
    "GET /api/v1/officer/rounds/compare":                                 "L F F F F A F F F",
    "GET /api/v1/officer/rounds/<int:round_id>":                          "L F F F F A F F F",
    "GET /api/v1/officer/rounds/<int:round_id>/assignments":              "L F F F F A F F F",
    "GET /api/v1/officer/rounds/<int:round_id>/input":                    "L F F F F A F F F",
    "GET /api/v1/officer/rounds/<int:round_id>/result":                   "L F F F F A F F F",
    "GET /api/v1/officer/rounds/<int:round_id>/unassigned":               "L F F F F A F F F",
    "POST /api/v1/officer/rounds/<int:round_id>/commit":                  "L F F F F A F F F",
    "POST /api/v1/officer/rounds/<int:round_id>/objections":              "L F F F F A F F F",
    # Leases, reviews, subsidies, incentives and the ledger.
    "GET /api/v1/landlord/statements":                                    "L F F A A F F F F",
    "GET /api/v1/landlord/statements/<int:statement_id>.<fmt>":           "L F F A N A F F F",
    "GET /api/v1/landlord/tenancies":                                     "L F F A A F F F F",
    "GET /api/v1/me/subsidy":                                             "L N A F F F F F F",
    "GET /api/v1/me/tenancy":                                             "L N N F F F F F F",
    "GET /api/v1/me/tenancy/lease.pdf":                                   "L N N F F F F F F",
    "GET /api/v1/me/tenancy/review":                                      "L N N F F F F F F",
    "GET /api/v1/officer/exports/ledger":                                 "L F F F F A F F F",
    "GET /api/v1/officer/exports/tenancies":                              "L F F F F A F F F",
    "GET /api/v1/officer/ledger":                                         "L F F F F A F F F",
    "GET /api/v1/officer/ledger/reconciliation":                          "L F F F F A F F F",
    "GET /api/v1/officer/payment-runs/<int:run_id>/bank-file":            "L F F F F A F F F",
    "GET /api/v1/officer/reviews":                                        "L F F F F A F F F",
    "GET /api/v1/officer/statements":                                     "L F F F F A F F F",
    "GET /api/v1/officer/statements/<int:statement_id>.<fmt>":            "L F F A N A F F F",
    "GET /api/v1/officer/subsidies":                                      "L F F F F A F F F",
    "GET /landlord/statements/":                                          "L F F A A F F F F",
    "GET /landlord/tenancies/":                                           "L F F A A F F F F",
    "GET /me/subsidy":                                                    "L A A F F F F F F",
    "GET /me/tenancy":                                                    "L A A F F F F F F",
    "GET /me/tenancy/lease.pdf":                                          "L N N F F F F F F",
    "GET /officer/ledger/":                                               "L F F F F A F F F",
    "GET /officer/ledger/export.<fmt>":                                   "L F F F F A F F F",
    "GET /officer/reviews/":                                              "L F F F F A F F F",
    "GET /officer/runs/":                                                 "L F F F F A F F F",
    "GET /officer/runs/<int:run_id>/bank-file":                           "L F F F F A F F F",
    "GET /officer/statements/":                                           "L F F F F A F F F",
    "GET /officer/subsidies/":                                            "L F F F F A F F F",
    "GET /statements/<int:statement_id>.<fmt>":                           "L F F A N A F F F",
    "POST /api/v1/landlord/tenancies/<int:tenancy_id>/move-in":           "L F F A N F F F F",
    "POST /api/v1/landlord/tenancies/<int:tenancy_id>/move-out":          "L F F A N F F F F",
    "POST /api/v1/me/subsidy":                                            "L A A F F F F F F",
    "POST /api/v1/me/tenancy/review":                                     "L A A F F F F F F",
    "POST /api/v1/officer/incentive-runs":                                "L F F F F A F F F",
    "POST /api/v1/officer/ledger/<int:entry_id>/corrections":             "L F F F F A F F F",
    "POST /api/v1/officer/payment-runs":                                  "L F F F F A F F F",
    "POST /api/v1/officer/reviews/<int:review_id>/refuse":                "L F F F F A F F F",
    "POST /api/v1/officer/reviews/<int:review_id>/renew":                 "L F F F F A F F F",
    "POST /api/v1/officer/statements/<int:statement_id>/approve":         "L F F F F A F F F",
    "POST /api/v1/officer/subsidies/<int:grant_id>/approve":              "L F F F F A F F F",
    "POST /api/v1/officer/subsidies/<int:grant_id>/reject":               "L F F F F A F F F",
    "POST /api/v1/officer/subsidies/<int:grant_id>/stop":                 "L F F F F A F F F",
    "POST /landlord/tenancies/<int:tenancy_id>/move-in":                  "L F F A N F F F F",
    "POST /landlord/tenancies/<int:tenancy_id>/move-out":                 "L F F A N F F F F",
    "POST /me/subsidy":                                                   "L A A F F F F F F",
    "POST /me/tenancy":                                                   "L A A F F F F F F",
    "POST /officer/ledger/<int:entry_id>/correct":                        "L F F F F A F F F",
    "POST /officer/reviews/<int:review_id>/refuse":                       "L F F F F A F F F",
    "POST /officer/reviews/<int:review_id>/renew":                        "L F F F F A F F F",
    "POST /officer/runs/<kind>":                                          "L F F F F A F F F",
    "POST /officer/statements/<int:statement_id>/approve":                "L F F F F A F F F",
    "POST /officer/subsidies/<int:grant_id>/approve":                     "L F F F F A F F F",
    "POST /officer/subsidies/<int:grant_id>/reject":                      "L F F F F A F F F",
    "POST /officer/subsidies/<int:grant_id>/stop":                        "L F F F F A F F F",
    # Employers (HR): the applications name the first enterprise; the other's HR get 404.
    # Departures name the application in the body, so the empty body is refused (422) first;
    # tests/web/test_employers.py shows the other enterprise's 404.
    "GET /employer/":                                                     "L F F F F F F A A",
    "GET /employer/staff":                                                "L F F F F F F A A",
    "GET /employer/staff/<int:application_id>":                           "L F F F F F F A N",
    "POST /employer/staff/<int:application_id>/confirm":                  "L F F F F F F A N",
    "POST /employer/staff/<int:application_id>/deny":                     "L F F F F F F A N",
    "POST /employer/staff/<int:application_id>/departure":                "L F F F F F F A N",
    "POST /employer/staff/<int:application_id>/recommend":                "L F F F F F F A N",
    "POST /employer/staff/<int:application_id>/withdraw":                 "L F F F F F F A N",
    "POST /employer/reminders/confirm":                                   "L F F F F F F A A",
    "GET /employer/invitation/<token>":                                   "A A A A A A A A A",
    "POST /employer/invitation/<token>":                                  "A A A A A A A A A",
    "GET /officer/employers":                                             "L F F F F A A F F",
    "POST /officer/employers":                                            "L F F F F A A F F",
    "POST /me/benefit":                                                   "L A A F F F F F F",
    "PUT /api/v1/me/benefit":                                             "L A A F F F F F F",
    "GET /api/v1/employer/applications":                                  "L F F F F F F A A",
    "GET /api/v1/employer/applications/<int:application_id>":             "L F F F F F F A N",
    "POST /api/v1/employer/applications/<int:application_id>/confirm":    "L F F F F F F A N",
    "POST /api/v1/employer/applications/<int:application_id>/deny":       "L F F F F F F A N",
    "POST /api/v1/employer/applications/<int:application_id>/recommend":  "L F F F F F F A N",
    "DELETE /api/v1/employer/applications/<int:application_id>/recommend": "L F F F F F F A N",
    "POST /api/v1/employer/departures":                                   "L F F F F F F A A",
    "GET /api/v1/employer/dashboard":                                     "L F F F F F F A A",
    "POST /api/v1/employer/staff-list/confirm":                           "L F F F F F F A A",
    # From the places work.
    "GET /api/v1/places":                                                 "A A A A A A A A A",
    "GET /places/metro.json":                                             "A A A A A A A A A",
    "GET /places/commute.json":                                           "A A A A A A A A A",
    # From the dash work.
    "GET /landlord/dashboard/<name>.csv":                                 "L F F A A F F F F",
    "GET /officer/dashboard/<name>.csv":                                  "L F F F F A F F F",
    "GET /officer/exports/<name>.<any(csv, xlsx):fmt>":                   "L F F F F A F F F",
    "GET /stats":                                                         "A A A A A A A A A",
    "GET /stats/<name>.csv":                                              "A A A A A A A A A",
    "GET /api/v1/public/stats":                                           "A A A A A A A A A",
    "GET /api/v1/officer/exports/queue":                                  "L F F F F A F F F",
    "GET /api/v1/officer/exports/rounds":                                 "L F F F F A F F F",
    "GET /api/v1/officer/exports/offers":                                 "L F F F F A F F F",
    "GET /api/v1/officer/dashboard":                                      "L F F F F A F F F",
    # From the accounts work.
    "GET /auth/forgot":                                                   "A A A A A A A A A",
    "POST /auth/forgot":                                                  "A A A A A A A A A",
    "GET /auth/reset/<token>":                                            "A A A A A A A A A",
    "POST /auth/reset/<token>":                                           "A A A A A A A A A",
    "GET /officer/admin/audit":                                           "L F F F F F A F F",
    "GET /officer/admin/staff":                                           "L F F F F F A F F",
    "GET /officer/admin/staff/new":                                       "L F F F F F A F F",
    "POST /officer/admin/staff/new":                                      "L F F F F F A F F",
    "GET /officer/admin/staff/<int:user_id>":                             "L F F F F F A F F",
    "POST /officer/admin/staff/<int:user_id>/active":                     "L F F F F F A F F",
    "POST /officer/admin/staff/<int:user_id>/role":                       "L F F F F F A F F",
    "POST /officer/admin/staff/<int:user_id>/password":                   "L F F F F F A F F",
    "POST /api/v1/auth/password-reset":                                   "A A A A A A A A A",
    # From the tools work.
    "GET /landlord/buildings/<int:building_id>/edit":                     "L F F A N F F F F",
    "POST /landlord/buildings/<int:building_id>/edit":                    "L F F A N F F F F",
    "GET /landlord/units/<int:unit_id>/delete":                           "L F F A N F F F F",
    "POST /officer/applications/request-documents":                       "L F F F F A F F F",
    "GET /officer/policy/history":                                        "L F F F F A A F F",
    "PATCH /api/v1/landlord/buildings/<int:building_id>":                 "L F F A N F F F F",
    "POST /api/v1/officer/applications/request-documents":                "L F F F F A F F F",
    "GET /api/v1/officer/policy/history":                                 "L F F F F A A F F",
    # From the whatif work.
    "GET /officer/policy/what-if":                                        "L F F F F A F F F",
    "POST /officer/policy/what-if":                                       "L F F F F A F F F",
    "GET /officer/policy/what-if/<int:run_id>":                           "L F F F F A F F F",
    "POST /officer/policy/what-if/<int:run_id>/publish":                  "L F F F F A F F F",
    "POST /api/v1/officer/what-if":                                       "L F F F F A F F F",
    "GET /api/v1/officer/what-if/<int:run_id>":                           "L F F F F A F F F",
}
# fmt: on

#: Bodies for the few routes that check their input before ownership: without one, every
#: caller would get 422 and the matrix would not see the 404 behind it.
BODIES = {
    # A well-formed body, so that ownership is what decides (not a missing field).
    "POST /api/v1/landlord/tenancies/<int:tenancy_id>/move-in": {"date": "2027-02-01"},
    "POST /api/v1/landlord/tenancies/<int:tenancy_id>/move-out": {"date": "2099-01-31"},
    "POST /landlord/tenancies/<int:tenancy_id>/move-in": {"date": "2027-02-01"},
    "POST /landlord/tenancies/<int:tenancy_id>/move-out": {"date": "2099-01-31"},
    "POST /api/v1/me/offers/<int:offer_id>/decline": {"reason": "Too far from work"},
    "POST /my/offers/<int:offer_id>/decline": {"reason": "Too far from work"},
    "POST /api/v1/employer/applications/<int:application_id>/confirm": {"start_date": "2025-01-01"},
    "POST /api/v1/employer/applications/<int:application_id>/deny": {"note": "Not with us"},
}

#: Routes that act only on a draft: both applicants' applications are drafts for them, or the
#: stranger would be turned away for the state of their own application, not for ownership.
ON_DRAFTS = {
    "POST /me/application/documents/<int:document_id>/remove",
    "POST /me/application/household/members/<int:member_id>/remove",
}

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def routes(app) -> dict[str, tuple]:
    """`"METHOD /rule"` -> (rule, method) for every route but static files."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - SKIPPED_METHODS):
            found[f"{method} {rule.rule}"] = (rule, method)
    return found


def classify(response) -> str:
    status = response.status_code
    assert status < 500, f"{status}: {response.get_data(as_text=True)[:300]}"
    if status == 401 or (300 <= status < 400 and "/auth/login" in (response.location or "")):
        return "L"
    return {403: "F", 404: "N"}.get(status, "A")


class Caller:
    """Asks one route as each role of a world: bearer tokens on the API, sessions on pages."""

    def __init__(self, app, db, world: matrix_world.MatrixWorld) -> None:
        self.app, self.db, self.world = app, db, world
        self.tokens: dict[str, dict] = {}

    def user(self, role: str) -> User | None:
        user = self.world.users[role]
        return None if user is None else self.db.session.get(User, user.id, populate_existing=True)

    def ask(self, key: str, rule, method: str, role: str) -> str:
        missing = [a for a in rule.arguments if a not in self.world.ids]
        assert not missing, f"{key}: add an object for {missing} to tests/web/matrix_world.py"
        with self.app.test_request_context():
            url = url_for(
                rule.endpoint, **{a: self.world.id_for(rule.endpoint, a) for a in rule.arguments}
            )
        client = self.app.test_client()
        body = BODIES.get(key)
        if rule.rule.startswith("/api/"):
            if role not in self.tokens:
                self.tokens[role] = matrix_world.bearer(self.user(role))
            json = body if body is not None else ({} if method != "GET" else None)
            return classify(client.open(url, method=method, headers=self.tokens[role], json=json))
        matrix_world.log_in(client, self.user(role))
        return classify(client.open(url, method=method, data=body or {}))

    def row(self, key: str, rule, method: str) -> str:
        return " ".join(self.ask(key, rule, method, role) for role in ROLES)


@pytest.fixture
def caller(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    return Caller(app, db, matrix_world.build())


def test_every_route_has_a_line(app, caller):
    """A new route fails here until its line is written; a removed one, until it is deleted."""
    found = routes(app)
    missing = sorted(set(found) - set(EXPECTED))
    suggestions = [_suggestion(caller, key, *found[key]) for key in missing]
    assert not missing, (
        "routes without a line in EXPECTED (what they answer now; check before pasting):\n"
        + "\n".join(suggestions)
    )
    assert not sorted(set(EXPECTED) - set(found)), "lines for routes that no longer exist"


def _suggestion(caller, key: str, rule, method: str) -> str:
    lacking = [a for a in rule.arguments if a not in caller.world.ids]
    if lacking:
        return f"    {key}: first add objects for {lacking} to tests/web/matrix_world.py"
    return f'    "{key}": "{caller.row(key, rule, method)}",'


def test_table_lines_are_well_formed():
    for key, letters in EXPECTED.items():
        assert letters.split() and len(letters.split()) == len(ROLES), key
        assert set(letters.split()) <= set("ALFN"), key


def test_reading_routes(app, caller):
    """GETs change nothing, so one world serves them all."""
    found = routes(app)
    wrong = []
    for key, expected in EXPECTED.items():
        if key.startswith("GET ") and key in found:
            got = caller.row(key, *found[key])
            if got != expected:
                wrong.append(f"{key}\n    expected {expected}\n    got      {got}")
    assert not wrong, "\n".join(wrong)


CHANGING = [key for key in EXPECTED if not key.startswith("GET ")]


@pytest.mark.parametrize("key", CHANGING)
def test_changing_route(app, caller, key):
    """Each state-changing route gets a fresh world: an allowed call may change it."""
    found = routes(app)
    if key not in found:
        pytest.skip("reported by test_every_route_has_a_line")
    if key in ON_DRAFTS:
        matrix_world.as_drafts(caller.world)
    assert caller.row(key, *found[key]) == EXPECTED[key], ROLES
