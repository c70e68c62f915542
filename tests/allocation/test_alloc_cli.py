"""Command line: good runs, and bad input that must exit 2 with one line naming the JSON path."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from allocation.cli import main

GOOD = {
    "schema": "allocation-instance@1",
    "round": "2026-12",
    "seed": 20261201,
    "applicants": [
        {
            "id": f"A{i}",
            "priority": 800.0 - i,
            "applied_on": "2025-03-02",
            "household_size": 2,
            "category": "key_industry",
            "employer": "E0012",
            "workplace": [31.2196, 121.4245],
            "max_commute_min": 45,
            "max_rent": 6000,
            "needs_accessible": False,
            "layouts": ["1BR", "2BR"],
        }
        for i in range(5)
    ],
    "units": [
        {
            "id": f"U{j}",
            "landlord": "L01",
            "building": "B00017",
            "layout": "1BR",
            "bedrooms": 1,
            "area_m2": 42.5,
            "max_occupants": 2,
            "location": [31.2101, 121.4012],
            "rent": 4300,
            "accessible": False,
            "reserved_for_employers": [],
            "reserved_for_categories": [],
        }
        for j in range(3)
    ],
    "policy": {},
}


def _write(tmp_path: Path, doc: object, name: str = "inst.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return p


def test_solve_writes_result(tmp_path: Path) -> None:
    inp, out = _write(tmp_path, GOOD), tmp_path / "res.json"
    assert main(["solve", str(inp), "--out", str(out)]) == 0
    res = json.loads(out.read_text())
    assert res["schema"] == "allocation-result@1"
    assert res["round"] == "2026-12" and res["mechanism"] == "priority-flow"
    assert res["order"] == ["A0", "A1", "A2", "A3", "A4"]
    assert [a["applicant"] for a in res["assignments"]] == ["A0", "A1", "A2"]
    assert [u["reason"] for u in res["unassigned"]] == ["outranked", "outranked"]
    assert res["stats"]["served"] == 3 and res["stats"]["edges"] == 15
    assert set(res["stats"]["seconds"]) == {"load", "edges", "solve"}


def test_serial_and_edges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inp = _write(tmp_path, GOOD)
    assert main(["solve", str(inp), "--mechanism", "serial-dictatorship"]) == 0
    assert json.loads(capsys.readouterr().out)["mechanism"] == "serial-dictatorship"
    out = tmp_path / "edges.json"
    assert main(["edges", str(inp), "--out", str(out)]) == 0
    edges = json.loads(out.read_text())["edges"]
    assert len(edges) == 15
    assert set(edges[0]) == {"applicant", "unit", "commute_min", "cost"}


def _bad(doc: dict, path: list, value: object = None, delete: bool = False) -> dict:
    doc = copy.deepcopy(doc)
    node = doc
    for k in path[:-1]:
        node = node[k]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


BAD = [
    (_bad(GOOD, ["applicants", 3, "household_size"], 0), "applicants[3].household_size"),
    (_bad(GOOD, ["applicants", 3, "household_size"], "2"), "applicants[3].household_size"),
    (_bad(GOOD, ["applicants", 1, "workplace"], [31.2]), "applicants[1].workplace"),
    (_bad(GOOD, ["applicants", 1, "workplace"], [131.2, 121.4]), "applicants[1].workplace[0]"),
    (_bad(GOOD, ["applicants", 0, "applied_on"], "2025-13-01"), "applicants[0].applied_on"),
    (_bad(GOOD, ["applicants", 0, "needs_accessible"], 0), "applicants[0].needs_accessible"),
    (_bad(GOOD, ["applicants", 0, "layouts"], ["1BR", 2]), "applicants[0].layouts[1]"),
    (_bad(GOOD, ["applicants", 2, "max_rent"], None, delete=True), "applicants[2].max_rent"),
    (_bad(GOOD, ["applicants", 2, "pets"], True), "applicants[2].pets"),
    (_bad(GOOD, ["applicants", 4, "id"], "A0"), "applicants[4].id"),
    (_bad(GOOD, ["units", 1, "rent"], float("nan")), "units[1].rent"),
    (_bad(GOOD, ["units", 2, "floor"], 3), "units[2].floor"),
    (_bad(GOOD, ["units", 0, "max_occupants"], True), "units[0].max_occupants"),
    (_bad(GOOD, ["units", 0, "reserved_for_employers"], "E1"), "units[0].reserved_for_employers"),
    (_bad(GOOD, ["policy", "commute_wieght"], 3), "policy.commute_wieght"),
    (_bad(GOOD, ["policy", "commute_weight"], "high"), "policy.commute_weight"),
    (_bad(GOOD, ["policy", "walk_speed_kmh"], 0), "policy.walk_speed_kmh"),
    (_bad(GOOD, ["extra"], 1), "extra"),
    (_bad(GOOD, ["schema"], "allocation-instance@2"), "schema"),
    (_bad(GOOD, ["seed"], 1.5), "seed"),
    (_bad(GOOD, ["units"], {}), "units"),
    ([1, 2], "must be an object"),
    ('{"schema": "allocation-instance@1", "applicants": [', "not valid JSON"),
]


@pytest.mark.parametrize(("doc", "where"), BAD, ids=[w for _, w in BAD])
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: object, where: str
) -> None:
    inp, out = _write(tmp_path, doc), tmp_path / "res.json"
    for cmd in ("solve", "edges"):
        assert main([cmd, str(inp), "--out", str(out)]) == 2
        err = capsys.readouterr()
        assert err.out == ""
        assert err.err.count("\n") == 1
        assert err.err.startswith("invalid instance: ")
        assert where in err.err
        assert not out.exists()
        assert [p.name for p in tmp_path.iterdir()] == ["inst.json"]


def test_missing_file_and_bad_arguments(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["solve", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["solve", str(tmp_path / "x.json"), "--mechanism", "lottery"])
    assert e.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_real_process(tmp_path: Path) -> None:
    """The module runs as `python -m allocation`, exit codes included."""
    good, bad = _write(tmp_path, GOOD, "good.json"), _write(tmp_path, BAD[0][0], "bad.json")
    out = tmp_path / "res.json"
    run = [sys.executable, "-m", "allocation", "solve"]
    ok = subprocess.run([*run, str(good), "--out", str(out)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    first = out.read_bytes()
    ok = subprocess.run([*run, str(good), "--out", str(out)], capture_output=True, text=True)
    assert _without_seconds(out.read_bytes()) == _without_seconds(first)
    out.unlink()
    ko = subprocess.run([*run, str(bad), "--out", str(out)], capture_output=True, text=True)
    assert ko.returncode == 2 and ko.stdout == ""
    assert ko.stderr.strip().splitlines() == [
        "invalid instance: applicants[3].household_size: must be an integer >= 1, got 0"
    ]
    assert not out.exists()


def _without_seconds(raw: bytes) -> bytes:
    return raw.split(b',"seconds"')[0]
