"""`python -m allocation solve | edges | bench`; exit 2 with one line on stderr for bad input."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from allocation.model import MECHANISMS, Instance
from allocation.schema import InputError, dump_result, load_instance


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like bad input
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m allocation", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("solve", help="allocate one round")
    s.add_argument("instance", help="allocation-instance@1 JSON file ('-' for stdin)")
    s.add_argument("--out", help="result file (default: stdout)")
    s.add_argument("--mechanism", choices=MECHANISMS, default="priority-flow")
    e = sub.add_parser("edges", help="every eligible (applicant, unit) pair, for audit")
    e.add_argument("instance")
    e.add_argument("--out")
    b = sub.add_parser("bench", help="compare mechanisms on a generated instance")
    b.add_argument("--units", type=int, default=5000)
    b.add_argument("--applicants", type=int, default=20000)
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--scale", choices=["district", "city"], default="district")
    b.add_argument("--calibration-repeats", type=int, default=3, metavar="N")
    b.add_argument("--instance", help="use this instance file instead of generating one")
    b.add_argument("--no-lsa", action="store_true", help="skip scipy linear_sum_assignment")
    return p


def _load(path: str) -> tuple[Instance, float]:
    t = time.perf_counter()
    inst = load_instance(sys.stdin if path == "-" else path)
    return inst, time.perf_counter() - t


def _write_text(out: str | None, chunks: Iterable[str]) -> None:
    if out is None:
        for c in chunks:
            sys.stdout.write(c)
        return
    path = Path(out)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(c)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _edges_json(inst: Instance) -> Iterator[str]:
    from allocation.engine import eligible_edges

    yield '{"edges":[\n'
    sep = ""
    for a, u, m, c in eligible_edges(inst):  # one edge a line, so that audits can grep and diff
        row = {"applicant": a, "unit": u, "commute_min": m, "cost": c}
        yield sep + json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        sep = ",\n"
    yield "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "bench":
            from allocation.bench import run_bench

            return run_bench(args)
        inst, load_s = _load(args.instance)
        if args.command == "solve":
            from allocation.engine import solve

            result = solve(inst, args.mechanism, load_seconds=load_s)
            if args.out:
                dump_result(result, args.out)
            else:
                dump_result(result, sys.stdout)
        else:
            _write_text(args.out, _edges_json(inst))
    except InputError as e:
        sys.stderr.write(f"invalid instance: {e}\n")
        return 2
    except OSError as e:  # e.g. --out in a folder that does not exist
        sys.stderr.write(f"allocation: cannot write: {e}\n")
        return 1
    except MemoryError as e:  # valid input, too large for this machine: say so, write nothing
        sys.stderr.write(f"allocation: out of memory ({e})\n")
        return 1
    return 0
