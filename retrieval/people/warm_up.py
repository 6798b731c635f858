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

from sqlmodel import Session

from retrieval.people.context import SearchContext
from retrieval.people.store import active_versions

log = logging.getLogger(__name__)

BATCH = 400


def warm_merit_facts(
    ctx: SearchContext,
    instansi_ids: Collection[int],
    *,
    stop: threading.Event | None = None,
    batch: int = BATCH,
) -> int:
    """Load the facts of the active employees of ``instansi_ids``; returns how many."""
    started = time.perf_counter()
    with Session(ctx.engine) as session:
        versions = active_versions(session, sorted(instansi_ids))
    budget = ctx.merit_cache.capacity
    done = 0
    for inst in sorted(versions):
        items = sorted(versions[inst].items())
        for i in range(0, len(items), batch):
            if (stop is not None and stop.is_set()) or done >= budget:
                log.info("warm-up stopped", extra={"pegawai": done})
                return done
            chunk = dict(items[i : min(i + batch, i + budget - done)])
            with Session(ctx.engine) as session:
                ctx.merit_cache.warm(session, chunk, today=ctx.today(), settings=ctx.merit)
            done += len(chunk)
            time.sleep(0.001)  # hand the GIL to request threads between batches
    log.info(
        "merit facts warmed",
        extra={"pegawai": done, "seconds": round(time.perf_counter() - started, 2)},
    )
    return done


class WarmUp:
    """The service's one warm-up thread: started after start-up and again after a reload
    (a request for another round while one runs makes it go round once more)."""

    def __init__(self, ctx: SearchContext):
        self.ctx = ctx
        self.wanted = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._again = False
        self._lock = threading.Lock()

    def start(self) -> None:
        if not self.ctx.settings.warm_up:
            return
        with self._lock:
            self.wanted = True
            if self._thread is not None:
                self._again = True
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="search-warm-up", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running warm-up; True when none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.wait(timeout)

    def _loop(self) -> None:
        while True:
            with self._lock:
                self._again = False
            try:
                warm_merit_facts(self.ctx, self.ctx.shards.loaded_instansi(), stop=self._stop)
            except Exception:  # searches still load facts on demand; never kill the service
                log.exception("warm-up failed")
            with self._lock:
                if not self._again or self._stop.is_set():
                    self._thread = None
                    return
