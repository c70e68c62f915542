"""The officers' queue on the API reads a page in a fixed number of queries, however long.

Found while load testing (docs/benchmarks.md): each application's members and documents were
loaded one application at a time, two queries per row of the page.
"""

import sqlalchemy as sa

from tests.web.applicant_helpers import make_employer, submitted
from tests.web.conftest import VALID_IDS


def _queries_for_queue(client, db, headers) -> tuple[int, int]:
    seen = []

    def count(*_args):
        seen.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get("/api/v1/officer/applications?per_page=50", headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen), response.json["total"]


def test_queue_queries_do_not_grow_with_the_page(client, db, make_user, token):
    employer = make_employer(db)
    headers = token(make_user("officer").email)
    for n in range(2):
        submitted(make_user("applicant", id_number=VALID_IDS[n]), employer)
    few, total = _queries_for_queue(client, db, headers)
    assert total == 2
    for n in range(2, 3):
        submitted(make_user("applicant", id_number=VALID_IDS[n]), employer)
    more, total = _queries_for_queue(client, db, headers)
    assert total == 3
    assert more == few
