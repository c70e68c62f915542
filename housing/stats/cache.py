"""Figures reused for `STATS_CACHE_SECONDS`: a dashboard need not be newer than a minute,
and the public page, open to anyone, should not cost the database a dozen aggregates each
time it is asked. Per worker process, per app; callers must not change what they get.
"""

import time
from collections.abc import Callable
from typing import Any

from flask import current_app


def cached(key: str, compute: Callable[[], Any]) -> Any:
    seconds = current_app.config.get("STATS_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute()
    store = current_app.extensions.setdefault("stats_cache", {})
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    value = compute()
    store[key] = (now, value)
    return value
