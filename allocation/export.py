"""The audit export: every eligible (applicant, unit) pair with its commute and cost.

Streamed a block of applicants at a time (memory stays that of one block), formatted with
precomputed JSON ids, and written as one JSON document, as JSON lines, or gzip-compressed
JSON lines (`edges.jsonl.gz`), which is what a city round needs: billions of pairs.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import numpy as np

from allocation.commute import CommuteModel
from allocation.eligibility import Prepared
from allocation.model import Instance


def edge_blocks(
    instance: Instance, model: CommuteModel | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """(applicant, unit, commute_min, cost) index arrays, applicants in order, units by id."""
    prep = Prepared(instance, model)
    members = prep.members
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    flat = np.concatenate(members) if members else np.empty(0, dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]]) if len(sizes) else sizes
    by_id = np.argsort(np.array(prep.unit_ids, dtype=object), kind="stable")
    unit_pos = np.empty(len(by_id), dtype=np.int64)
    unit_pos[by_id] = np.arange(len(by_id))
    for ch in prep.chunks(prep.order, len(prep.groups)):
        ra, rg, rm, rc = prep.group_edges(ch)
        if len(ra) == 0:
            continue
        n = sizes[rg]
        pair = np.repeat(np.arange(len(ra)), n)  # each (applicant, group) once per unit
        within = np.arange(len(pair)) - np.repeat(np.cumsum(n) - n, n)
        unit = flat[first[rg[pair]] + within]
        o = np.lexsort((unit_pos[unit], prep.rank[ra[pair]]))
        pair, unit = pair[o], unit[o]
        yield ra[pair], unit, np.round(rm[pair], 1), rc[pair]


@dataclass(frozen=True)
class Written:
    edges: int
    bytes: int  # as written (compressed when gzip)
    seconds: float


def _lines(instance: Instance, model: CommuteModel | None) -> Iterator[list[str]]:
    """One list of JSON objects (without separators) per block."""
    a_json = np.array([json.dumps(a.id, ensure_ascii=False) for a in instance.applicants], object)
    u_json = np.array([json.dumps(u.id, ensure_ascii=False) for u in instance.units], object)
    for a, u, m, c in edge_blocks(instance, model):
        yield [
            f'{{"applicant":{x},"unit":{y},"commute_min":{mm!r},"cost":{cc}}}'
            for x, y, mm, cc in zip(
                a_json[a].tolist(), u_json[u].tolist(), m.tolist(), c.tolist(), strict=True
            )
        ]


def write_edges(
    instance: Instance,
    fh: IO[bytes],
    *,
    lines: bool = False,
    compress: bool = False,
    model: CommuteModel | None = None,
) -> Written:
    """Write the export to a binary stream: a JSON document `{"edges": [...]}` (one edge a
    line, so that audits can grep and diff), or JSON lines; gzip-compressed if asked."""
    t = time.perf_counter()
    out: IO[bytes] = (
        gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=1, mtime=0) if compress else fh
    )
    count = 0
    sep, tail = ("\n", "\n") if lines else (",\n", "")
    if not lines:
        out.write(b'{"edges":[\n')
    for block in _lines(instance, model):
        if not block:
            continue
        lead = ",\n" if count and not lines else ""
        out.write((lead + sep.join(block) + tail).encode())
        count += len(block)
    if not lines:
        out.write(b"\n]}\n")
    if compress:
        out.close()  # writes the gzip trailer; the caller closes fh
    fh.flush()
    return Written(count, fh.tell(), time.perf_counter() - t)
