"""Warm-up: load every indexed employee's merit facts (and nine-box) into the cache after
start-up.

The first search over people nobody has searched yet spends most of its time loading their
merit facts (about 0.5 ms per person: ~40 ms of a 100-person pool at 100,000 employees,
docs/benchmarks.md). Facts are keyed by ``(id, versi)``, so loading them ahead of time can
never serve a stale fact: a changed person has a new ``versi`` and is loaded again.

The warm-up runs in one daemon thread in batches, yielding between batches so that requests
served meanwhile are only slowed, never blocked; it stops early when asked to (shutdown) and
never loads more people than the cache holds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection
from typing import TYPE_CHECKING

from sqlmodel import Session

from retrieval.search.store import active_versions

if TYPE_CHECKING:
    from retrieval.search.service import SearchService

log = logging.getLogger(__name__)

BATCH = 400


def warm_merit_facts(
    svc: SearchService,
    instansi_ids: Collection[int],
    *,
    stop: threading.Event | None = None,
    batch: int = BATCH,
) -> int:
    """Load the facts of the active employees of ``instansi_ids``; returns how many."""
    started = time.perf_counter()
    with Session(svc.engine) as session:
        versions = active_versions(session, sorted(instansi_ids))
    budget = svc.merit_cache.capacity
    done = 0
    for inst in sorted(versions):
        items = sorted(versions[inst].items())
        for i in range(0, len(items), batch):
            if (stop is not None and stop.is_set()) or done >= budget:
                log.info("warm-up stopped", extra={"pegawai": done})
                return done
            chunk = dict(items[i : min(i + batch, i + budget - done)])
            with Session(svc.engine) as session:
                svc.merit_cache.warm(session, chunk, today=svc.today(), settings=svc.merit)
            done += len(chunk)
            time.sleep(0.001)  # hand the GIL to request threads between batches
    log.info(
        "merit facts warmed",
        extra={"pegawai": done, "seconds": round(time.perf_counter() - started, 2)},
    )
    return done
