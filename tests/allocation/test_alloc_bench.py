"""The benchmark command and its synthetic generator (small sizes only)."""

from __future__ import annotations

import json
import subprocess
import sys

from allocation import parse_instance, solve
from allocation.synthetic import generate


def test_synthetic_instances_are_valid_and_deterministic() -> None:
    doc = generate(80, 300, 5)
    assert json.dumps(doc) == json.dumps(generate(80, 300, 5))
    inst = parse_instance(doc)
    assert len(inst.units) == 80 and len(inst.applicants) == 300
    res = solve(inst)
    assert 0 < res.stats.served <= 80
    assert res.stats.edges > 0


def test_bench_prints_the_table() -> None:
    run = subprocess.run(
        [
            sys.executable,
            *("-m", "allocation", "bench", "--units", "60", "--applicants", "240"),
            *("--calibration-repeats", "1"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    # the calibration of the same run, and every time also as a multiple of it
    cal = next(line for line in lines if line.startswith("calibration: "))
    base = float(cal.rsplit("multiples of ", 1)[1].split()[0])
    assert base > 0
    rows = [line.split("|")[1:-1] for line in lines if line.startswith("| ")]
    assert [c.strip() for c in rows[0][1:3]] == ["seconds", "x calibration"]
    names = [r[0].strip() for r in rows]
    assert names == ["mechanism", "priority-flow", "serial-dictatorship", "linear-sum-assignment"]
    by = {r[0].strip(): [c.strip() for c in r[1:]] for r in rows[1:]}
    # priority-flow never leaves someone out for a worse-ranked holder of an eligible unit,
    # and serves as many as the dense assignment with priority folded into its weights
    for cells in by.values():
        assert abs(float(cells[1]) - float(cells[0]) / base) <= 0.0051 + 0.01
    assert by["priority-flow"][7] == "0"
    assert by["priority-flow"][3] == by["linear-sum-assignment"][3]
    assert int(by["priority-flow"][3]) >= int(by["serial-dictatorship"][3])
