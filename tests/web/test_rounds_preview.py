"""Preview: the input the engine gets, its digest and privacy, the report, and re-running it."""

import hashlib
import json
import subprocess
import sys

import sqlalchemy as sa

from housing.models import AllocationRound, RoundAssignment, RoundExclusion, RoundStatus
from housing.rounds import operations
from tests.web.round_helpers import make_world


def test_preview_stores_input_result_and_report(db):
    world = make_world(units=3, applicants=5)
    round_ = operations.start_preview("2027-01", world.officer)
    assert round_.status == RoundStatus.PREVIEW, round_.error
    assert hashlib.sha256(round_.input_json.encode()).hexdigest() == round_.input_sha256
    document = json.loads(round_.input_json)
    assert document["schema"] == "allocation-instance@1"
    assert len(document["applicants"]) == 5 and len(document["units"]) == 3
    report = round_.metrics
    assert report["served"] == 3 and report["serial"]["served"] == 3
    assert report["by_category"]["key_industry"] == {"queued": 5, "served": 3}
    assert report["by_layout"]["1BR"] == {"units": 3, "assigned": 3}
    assert report["reasons"] == {"outranked": 2}
    served = set(
        db.session.scalars(
            sa.select(RoundAssignment.application_id).where(RoundAssignment.round_id == round_.id)
        )
    )
    # Priority first: the three with the most points.
    assert served == {a.id for a in world.applicants[:3]}
    left = db.session.scalars(
        sa.select(RoundExclusion).where(RoundExclusion.round_id == round_.id)
    ).all()
    assert {e.application_id for e in left} == {a.id for a in world.applicants[3:]}


def test_input_holds_no_personal_data(db):
    world = make_world(units=2, applicants=3)
    round_ = operations.start_preview("2027-01", world.officer)
    text = round_.input_json
    for application in world.applicants:
        assert application.user.name not in text
        assert f'"A{application.id}"' not in text
    ids = [a["id"] for a in json.loads(text)["applicants"]]
    assert all(i.startswith("A") and len(i) == 13 for i in ids)
    # The same round names the same applicant the same way; another month does not.
    again = operations.start_preview("2027-01", world.officer)
    other = operations.start_preview("2027-02", world.officer)
    assert again.input_sha256 == round_.input_sha256
    assert not {a["id"] for a in json.loads(other.input_json)["applicants"]} & set(ids)
    workplace = json.loads(text)["applicants"][0]["workplace"]
    assert workplace != [31.2222, 121.4170]
    assert abs(workplace[0] - 31.2222) < 0.0012 and abs(workplace[1] - 121.4170) < 0.0014


def test_cli_rerun_of_stored_input_is_byte_identical(db, tmp_path):
    world = make_world(units=4, applicants=7)
    world.add_units(2, layout="2BR", max_occupants=3)
    round_ = operations.start_preview("2027-01", world.officer)
    (tmp_path / "input.json").write_text(round_.input_json, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "allocation",
            "solve",
            str(tmp_path / "input.json"),
            "--out",
            str(tmp_path / "result.json"),
        ],
        check=True,
    )
    rerun = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    stored = json.loads(round_.result_json)
    dumps = lambda x: json.dumps(x, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    assert dumps(rerun["order"]).encode() == dumps(stored["order"]).encode()
    assert dumps(rerun["assignments"]).encode() == dumps(stored["assignments"]).encode()
    assert len(stored["assignments"]) == 4


def test_empty_month_serves_nobody_with_a_clear_report(db):
    world = make_world(units=0, applicants=2)
    round_ = operations.start_preview("2027-03", world.officer)
    assert round_.status == RoundStatus.PREVIEW, round_.error
    assert round_.metrics["served"] == 0 and round_.metrics["units"] == 0
    assert round_.metrics["reasons"] == {"no_eligible_unit": 2}
    nobody = operations.start_preview("2027-04", world.officer)
    assert nobody.status == RoundStatus.PREVIEW


def test_a_failed_preview_says_why(db, monkeypatch):
    world = make_world(units=1, applicants=1)

    def broken(_instance, *a, **k):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(operations, "solve", broken)
    round_ = operations.start_preview("2027-01", world.officer)
    assert round_.status == RoundStatus.FAILED
    assert "engine exploded" in round_.error
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoundAssignment)) == 0
    assert db.session.get(AllocationRound, round_.id).input_json is None


def test_no_queue_serves_nobody_and_still_commits(db, client):
    world = make_world(units=2, applicants=0)
    round_ = operations.start_preview("2027-05", world.officer)
    assert round_.status == RoundStatus.PREVIEW, round_.error
    assert round_.metrics["applicants"] == 0 and round_.metrics["served"] == 0
    assert round_.metrics["vacant_reasons"] == {"no_eligible_applicant": 2}
    committed = operations.commit(round_.id, world.officer)
    assert committed.status == RoundStatus.NOTICE
    notice = client.get(f"/rounds/{round_.id}")
    assert notice.status_code == 200 and "本批次无人获配" in notice.text
