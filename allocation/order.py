"""The priority order: priority descending, applied_on ascending, then a seeded lottery.

The lottery ticket is sha256(f"{seed}:{applicant_id}"), so anyone can recompute it from the
published input, independent of Python's hash randomisation or of the input's order.
"""

from __future__ import annotations

import hashlib

from allocation.model import Applicant


def lottery_ticket(seed: int, applicant_id: str) -> str:
    return hashlib.sha256(f"{seed}:{applicant_id}".encode()).hexdigest()


def priority_order(applicants: tuple[Applicant, ...] | list[Applicant], seed: int) -> list[int]:
    """Indices of `applicants`, best first."""
    return sorted(
        range(len(applicants)),
        key=lambda i: (
            -applicants[i].priority,
            applicants[i].applied_on,
            lottery_ticket(seed, applicants[i].id),
            applicants[i].id,
        ),
    )
