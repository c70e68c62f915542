"""`python -m allocation bench`: mechanisms side by side on one generated instance.

Each mechanism runs in its own subprocess (`python -m allocation.bench WORKER ...`), so that
its peak memory (ru_maxrss) is its own. Quality columns are computed here, the same way for
every mechanism, from the assignments each one wrote. The calibration workload
(`allocation.calibrate`) runs before and after the mechanisms, and every time is also printed
as a multiple of the faster of the two, since these machines vary by a factor of two.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from allocation.calibrate import calibrate
from allocation.eligibility import Prepared
from allocation.engine import solve
from allocation.model import Instance
from allocation.schema import load_instance
from allocation.synthetic import generate

LSA = "linear-sum-assignment"
LSA_MAX_CELLS = 200_000_000  # a dense float64 matrix beyond this is pointless to try


def _lsa(inst: Instance) -> list[dict]:
    """scipy's dense assignment, priority folded into the weights (test extra: scipy)."""
    from scipy.optimize import linear_sum_assignment

    prep = Prepared(inst)
    n, m = len(inst.applicants), len(inst.units)
    t = prep.groups
    cost = np.zeros((n, m))
    ok = np.zeros((n, m), dtype=bool)
    mins = np.zeros((n, m), dtype=np.float32)
    rows = np.arange(n)
    for ch in prep.chunks(rows, len(t)):
        cm = prep.commute(ch)
        ok[ch] = prep.eligible(ch, t, cm)[:, prep.unit_group]
        cost[ch] = prep.cost(ch, t, cm)[:, prep.unit_group]
        mins[ch] = cm[:, t.loc][:, prep.unit_group]
    big = float(cost.max(initial=0) + 1) * m  # one rank step outweighs any total fit cost
    for ch in prep.chunks(rows, m):
        weight = (n - prep.rank[ch]).astype(np.float64)[:, None] * big
        cost[ch] = np.where(ok[ch], cost[ch] - weight, 0.0)
    del ok
    r, c = linear_sum_assignment(cost)
    keep = cost[r, c] < 0
    return [
        {
            "applicant": inst.applicants[a].id,
            "unit": inst.units[u].id,
            "commute_min": float(mins[a, u]),
        }
        for a, u in zip(r[keep], c[keep], strict=True)
    ]


def worker(mechanism: str, instance: str, out: str) -> None:
    t0 = time.perf_counter()
    inst = load_instance(instance)
    if mechanism == LSA:
        rows = _lsa(inst)
    else:
        res = solve(inst, mechanism)
        rows = [
            {"applicant": a.applicant, "unit": a.unit, "commute_min": a.commute_min}
            for a in res.assignments
        ]
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    Path(out).write_text(json.dumps({"seconds": seconds, "peak_bytes": peak, "assignments": rows}))


def _quality(prep: Prepared, rows: list[dict]) -> dict:
    inst = prep.instance
    a_idx = {a.id: i for i, a in enumerate(inst.applicants)}
    u_idx = {u.id: j for j, u in enumerate(inst.units)}
    n = len(inst.applicants)
    served = np.zeros(n, dtype=bool)
    holder_rank = np.full(len(prep.groups), -1, dtype=np.int64)  # worst-ranked holder per group
    for r in rows:
        a = a_idx[r["applicant"]]
        served[a] = True
        g = prep.unit_group[u_idx[r["unit"]]]
        holder_rank[g] = max(holder_rank[g], prep.rank[a])
    top = prep.order[: max(1, n // 10)]
    commute = np.array([r["commute_min"] for r in rows])
    # priority violations: left out while a worse-ranked applicant holds an eligible unit
    violations = 0
    left = prep.order[~served[prep.order]]
    for ch in prep.chunks(left, len(prep.groups)):
        ok = prep.eligible(ch, prep.groups)
        violations += int((ok & (holder_rank[None, :] > prep.rank[ch, None])).any(axis=1).sum())
    return {
        "served": int(served.sum()),
        "top10": f"{int(served[top].sum())}/{len(top)}",
        "mean": float(commute.mean()) if len(commute) else 0.0,
        "p95": float(np.percentile(commute, 95)) if len(commute) else 0.0,
        "violations": violations,
    }


def run_bench(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="allocation-bench-") as tmp:
        if args.instance:
            path = args.instance
        else:
            path = str(Path(tmp) / "instance.json")
            doc = generate(args.units, args.applicants, args.seed, city=args.scale == "city")
            Path(path).write_text(json.dumps(doc))
        before = calibrate(args.calibration_repeats)
        inst = load_instance(path)
        prep = Prepared(inst)
        mechanisms = ["priority-flow", "serial-dictatorship"]
        cells = len(inst.applicants) * len(inst.units)
        if not args.no_lsa and cells <= LSA_MAX_CELLS:
            mechanisms.append(LSA)
        print(f"instance: {len(inst.units)} units, {len(inst.applicants)} applicants", end="")
        print(f", seed {inst.seed}" + ("" if args.instance else " (allocation.synthetic)"))
        results = []
        for mech in mechanisms:
            out = str(Path(tmp) / f"{mech}.json")
            cmd = [sys.executable, "-m", "allocation.bench", mech, path, out]
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                last = (run.stderr.strip().splitlines() or ["?"])[-1]
                results.append((mech, None, last))
                continue
            rep = json.loads(Path(out).read_text())
            results.append((mech, rep, _quality(prep, rep["assignments"])))
        after = calibrate(args.calibration_repeats)
        cal = min(before, after)
        print(f"calibration: {before:.3f} s before, {after:.3f} s after; multiples of {cal:.3f} s")
        cols = ["mechanism", "seconds", "x calibration", "peak MiB", "served"]
        cols += ["served in top 10%", "mean commute", "p95 commute", "priority violations"]
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for mech, rep, q in results:
            if rep is None:
                print(f"| {mech} | failed: {q} ||||||||")
                continue
            print(
                f"| {mech} | {rep['seconds']:.2f} | {rep['seconds'] / cal:.2f} "
                f"| {rep['peak_bytes'] / 2**20:.0f} | {q['served']} "
                f"| {q['top10']} | {q['mean']:.1f} | {q['p95']:.1f} | {q['violations']} |"
            )
        if len(mechanisms) == 2 and not args.no_lsa:
            print(f"({LSA} skipped: a dense {cells:,}-cell matrix)")
    return 0


if __name__ == "__main__":
    worker(*sys.argv[1:4])
