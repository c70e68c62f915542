"""Schemathesis against /api/v1/openapi.json as every role: no input makes the API answer 5xx.

Each operation gets bodies, queries and ids generated from its schema, valid and not, and
also the ids of real objects (tests/web/matrix_world.py), so the code behind the ownership
checks is reached too. Bounded: FUZZ_EXAMPLES cases per operation and role (default 10),
derandomized so CI sees the same cases every run; set FUZZ_EXAMPLES higher and
FUZZ_RANDOM=1 to search further by hand. A 5xx found here becomes a regular test elsewhere.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from housing.models import User
from tests.web import matrix_world
from tests.web.matrix_world import ROLES

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"


def _strategy(operation, ids: dict):
    """Valid and invalid cases, and valid ones aimed at the world's real objects."""
    modes = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    names = [p.name for p in operation.path_parameters]
    if names and all(n in ids for n in names):
        real = {n: ids[n] for n in names}
        modes.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
    return st.one_of(modes)


def _fuzz(operation, ids: dict, headers: dict) -> str | None:
    """The first server error this operation gave, as a line to reproduce it; else None."""

    @given(case=_strategy(operation, ids))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    try:
        run()
    except Exception as exc:
        return f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_no_server_errors(app, client, db, role):
    world = matrix_world.build()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, count = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        count += 1
        # A fresh token for each operation: fuzzing DELETE /auth/token revokes the one it sent.
        headers = (
            matrix_world.bearer(db.session.get(User, world.users[role].id))
            if world.users[role]
            else {}
        )
        if failure := _fuzz(operation, world.ids, headers):
            failures.append(failure)
    assert count >= 40, f"only {count} operations in the OpenAPI document"
    assert not failures, "\n\n".join(failures)
