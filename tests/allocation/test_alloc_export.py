"""The audit export's formats, and rounds split by district."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from allocation import parse_instance, result_json, solve
from allocation.cli import main
from allocation.districts import district_of, solve_split, split
from allocation.synthetic import generate


@pytest.fixture(scope="module")
def city_doc() -> dict:
    return generate(240, 900, 3, city=True)


def test_edges_formats_agree(tmp_path: Path, city_doc: dict, capsys) -> None:
    inp = tmp_path / "city.json"
    inp.write_text(json.dumps(city_doc))
    outs = {name: tmp_path / name for name in ("e.json", "e.jsonl", "e.jsonl.gz")}
    for out in outs.values():
        assert main(["edges", str(inp), "--out", str(out)]) == 0
        line = capsys.readouterr().err.strip()
        assert line.endswith("edges/s)") and " edges, " in line
    doc = json.loads(outs["e.json"].read_text())["edges"]
    plain = [json.loads(x) for x in outs["e.jsonl"].read_text().splitlines()]
    with gzip.open(outs["e.jsonl.gz"], "rt", encoding="utf-8") as fh:
        packed = [json.loads(x) for x in fh]
    assert doc == plain == packed
    assert len(doc) > 0
    # applicants in the order, units by id within an applicant; the solve's own cost
    res = solve(parse_instance(city_doc))
    rank = {a: r for r, a in enumerate(res.order)}
    keys = [(rank[e["applicant"]], e["unit"]) for e in doc]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    by_pair = {(e["applicant"], e["unit"]): (e["commute_min"], e["cost"]) for e in doc}
    for a in res.assignments:
        assert by_pair[a.applicant, a.unit] == (a.commute_min, a.cost)
    assert res.stats.edges == len(doc)
    # the compressed file is byte-identical on re-run (no timestamp in the gzip header)
    first = outs["e.jsonl.gz"].read_bytes()
    assert main(["edges", str(inp), "--out", str(outs["e.jsonl.gz"])]) == 0
    assert outs["e.jsonl.gz"].read_bytes() == first


def test_split_by_district_is_each_district_on_its_own(city_doc: dict) -> None:
    inst = parse_instance(city_doc)
    parts = split(inst)
    assert len(parts) > 3
    assert sum(len(p.units) for p in parts.values()) == len(inst.units)
    assert sum(len(p.applicants) for p in parts.values()) == len(inst.applicants)
    for name, part in parts.items():
        assert set(district_of([u.location for u in part.units])) <= {name}
    merged = solve_split(inst, workers=2)
    assert merged.order == solve(inst).order  # the whole round's order
    rank = {a: r for r, a in enumerate(merged.order)}
    expected = set()
    for part in parts.values():
        alone = solve(part)
        expected |= {(a.applicant, a.unit, a.cost) for a in alone.assignments}
        expected |= {(u.applicant, u.reason, u.detail) for u in alone.unassigned}
    got = {(a.applicant, a.unit, a.cost) for a in merged.assignments}
    got |= {(u.applicant, u.reason, u.detail) for u in merged.unassigned}
    assert got == expected
    assert [rank[a.applicant] for a in merged.assignments] == sorted(
        rank[a.applicant] for a in merged.assignments
    )
    again = solve_split(inst, workers=1)
    assert result_json(again).split('"stats"')[0] == result_json(merged).split('"stats"')[0]


def test_split_from_the_command_line(tmp_path: Path, city_doc: dict) -> None:
    inp, out = tmp_path / "city.json", tmp_path / "res.json"
    inp.write_text(json.dumps(city_doc))
    assert main(["solve", str(inp), "--out", str(out), "--split-by", "district"]) == 0
    res = json.loads(out.read_text())
    assert res["stats"]["served"] == len(res["assignments"]) > 0
