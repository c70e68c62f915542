"""`python -m allocation solve | edges | bench`; exit 2 with one line on stderr for bad input."""

from __future__ import annotations

import argparse
import sys
import time
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
    s.add_argument(
        "--split-by",
        choices=["district"],
        help="solve each district's units and applicants as their own round, in parallel",
    )
    s.add_argument("--workers", type=int, help="processes for --split-by (default: CPUs)")
    e = sub.add_parser("edges", help="every eligible (applicant, unit) pair, for audit")
    e.add_argument("instance")
    e.add_argument(
        "--out",
        help="EDGES.json (one document), EDGES.jsonl (JSON lines), EDGES.jsonl.gz (compressed)",
    )
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


def _edges(inst: Instance, out: str | None) -> None:
    """Stream the export; to a file atomically, with its throughput on stderr."""
    from allocation.export import write_edges

    if out is None:
        write_edges(inst, sys.stdout.buffer)
        return
    path = Path(out)
    compress = path.suffix == ".gz"
    lines = (path.with_suffix("") if compress else path).suffix == ".jsonl"
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            w = write_edges(inst, fh, lines=lines, compress=compress)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    rate = w.edges / w.seconds if w.seconds > 0 else 0.0
    sys.stderr.write(
        f"{w.edges} edges, {w.bytes / 2**20:.1f} MiB in {w.seconds:.1f} s ({rate:,.0f} edges/s)\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "bench":
            from allocation.bench import run_bench

            return run_bench(args)
        inst, load_s = _load(args.instance)
        if args.command == "solve":
            from allocation.engine import solve

            if args.split_by == "district":
                from allocation.districts import solve_split

                result = solve_split(
                    inst, args.mechanism, workers=args.workers, load_seconds=load_s
                )
            else:
                result = solve(inst, args.mechanism, load_seconds=load_s)
            if args.out:
                dump_result(result, args.out)
            else:
                dump_result(result, sys.stdout)
        else:
            _edges(inst, args.out)
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
