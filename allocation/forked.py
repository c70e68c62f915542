"""Work for a second CPU: a function run in a forked process while the round goes on.

A city round spends most of its time in OR-Tools, which holds Python's lock for a whole
solve, so a thread beside it would wait; a forked process does not, and it starts with the
round's arrays as they stand (copy on write) instead of a pickled copy. Only the result
travels back, pickled through a pipe, once the function is done. Whoever uses one must get
the same answer without it: a child that fails or dies gives None, and the caller then
does the work itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def spare_cpu() -> bool:
    """Whether this process may run on more than one CPU, and can fork (not on Windows)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; elsewhere, every CPU
    return (len(affinity(0)) if affinity else os.cpu_count() or 1) > 1


def _run(fn: Callable[..., Any], args: tuple[Any, ...], out: Connection) -> None:
    try:
        got = fn(*args)
    except Exception:  # any failure: the parent does the work itself
        got = None
    try:
        out.send(got)
    finally:
        out.close()


class Forked:
    """fn(*args) in a child process started now."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        ctx = multiprocessing.get_context("fork")
        self._in, out = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(fn, args, out), daemon=True)
        self._proc.start()
        out.close()

    def result(self) -> Any:
        """What fn returned (waiting for it), or None if it failed or the child died."""
        try:
            got = self._in.recv()
        except (EOFError, OSError):
            got = None
        self.close()
        return got

    def close(self) -> None:
        """Stop the child, if it still runs."""
        self._in.close()
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join()
