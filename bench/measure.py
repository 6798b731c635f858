"""Small measuring helpers shared by the benchmarks (not a benchmark itself: no ``_bench``)."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def pct(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100, numpy's linear interpolation)."""
    return float(np.percentile(np.asarray(values), q))


def timed(
    fn: Callable[[], object],
    repeat: int,
    before: Callable[[], object] | None = None,
    cpu: list[float] | None = None,
) -> list[float]:
    """Wall-clock ms per run after one warm-up; ``cpu`` collects this process's CPU ms per run
    (load-independent on a shared machine: wall ≈ CPU when the machine is quiet)."""
    fn()  # warm-up
    out = []
    for _ in range(repeat):
        if before is not None:
            before()  # not timed
        c = time.process_time()
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c) * 1000)
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    """The machine's 1/5/15-minute load average, for the table beside timings."""
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


@dataclass
class Row:
    what: str
    value: str
    note: str = ""
