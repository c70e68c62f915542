"""A committed round's published files, parsed once per process: they never change.

Cascades and explanations read the round's input and order many times; parsing 4 MB of JSON
each time would dominate them.
"""

import json
from dataclasses import dataclass

from housing.models import AllocationRound


@dataclass(frozen=True)
class RoundFiles:
    """A committed round's published files, parsed once per process (they never change)."""

    order: list[str]
    entries: dict[str, dict]
    units: dict[str, dict]
    header: dict
    ids: dict[str, int]  # pseudonym -> application id
    rank: dict[int, int]  # application id -> place in the order, from 1


_FILES: dict[tuple[int, str | None], RoundFiles] = {}


def round_files(round_: AllocationRound) -> RoundFiles:
    key = (round_.id, round_.input_sha256)
    files = _FILES.get(key)
    if files is None:
        document = json.loads(round_.input_json)
        order = json.loads(round_.result_json)["order"]
        ids = dict(round_.pseudonyms or {})
        files = RoundFiles(
            order=order,
            entries={a["id"]: a for a in document.pop("applicants")},
            units={u["id"]: u for u in document.pop("units")},
            header=document,
            ids=ids,
            rank={ids[p]: i + 1 for i, p in enumerate(order) if p in ids},
        )
        if len(_FILES) >= 4:
            _FILES.clear()
        _FILES[key] = files
    return files
