"""Users driven through the webhook workers of :mod:`bench.webhook_workers`, and one whole run.

Users are driven closed-loop (:func:`drive`): send, wait for the first reply at the fake Bot
API, pause, send the next. A request with no reply within the timeout is *lost*; the same
message twice for one request is *duplicated*. :func:`burst` sends one user's messages all at
once, spread over the workers, and counts how many the rate limit let through. :func:`run`
starts the workers, the proxy and the fake Bot API, binds everyone and drives the load with the
burst in the middle of it.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine
from sqlmodel import Session

from bench.nginx_proxy import NginxProxy
from bench.webhook_workers import RoundRobinProxy, Telegram, start_workers, worker_tracebacks
from bot.chat import binding
from bot.chat.access import Role
from db.clock import today_wib
from tests.bot.e2e.fake_bot_api import Call, FakeBotApi, Fault

PDF = "(PDF daftar)"  # a press of the PDF button under the last candidate list
# Sent instead of PDF when no candidate list with a PDF button was shown yet. It differs from
# every request a plan puts next to PDF: duplicates are counted per request, and an answer's
# late part (a picture resent after a 5xx) must not meet the same answer of an identical
# request that follows it, which would count as a duplicate although each was answered once.
NO_LIST = "/bantuan"
RATE_LIMITED = "terlalu cepat"  # bot/templates/rate_limited.html
REPLY_METHODS = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")

# -- users -------------------------------------------------------------------------------------


@dataclass
class Load:
    """What one user saw: reply times by kind, lost and duplicated replies."""

    times: dict[str, list[float]] = field(default_factory=dict)
    sent: int = 0
    lost: int = 0
    duplicated: int = 0
    rate_limited: int = 0
    # Each duplicate as "request -> method 'text' at +s, +s": what to read when one is counted.
    duplicates: list[str] = field(default_factory=list)


def fingerprint(c: Call) -> tuple[str, str]:
    p = c.params
    return c.method, str(p.get("text") or p.get("caption") or p.get("document") or "")[:200]


def pdf_button(listed: Call | None) -> str | None:
    """The callback data of the PDF button under a candidate list, if it has one."""
    markup: Any = (listed.params.get("reply_markup") if listed else None) or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    for row in markup.get("inline_keyboard", []):
        for b in row:
            if "PDF" in b.get("text", ""):
                return str(b.get("callback_data"))
    return None


def _replies(api: FakeBotApi, chat: int, since: float) -> Iterator[Call]:
    for method in REPLY_METHODS:
        yield from (c for c in api.sent(chat, method) if c.at >= since)


async def bind(tg: Telegram, user_id: int, code: str, timeout: float) -> bool:
    since = await tg.send(tg.api.message_update(user_id, f"/start {code}"))
    got = await tg.api.replies_after(user_id, since, timeout=timeout, settle=0)
    return any("berhasil terhubung" in str(c.params.get("text", "")) for c in got)


async def drive(
    tg: Telegram, user_id: int, requests: list[str], *, interval: float, timeout: float
) -> Load:
    """One user's requests in order, each sent once the previous one was answered (or lost)."""
    api, load = tg.api, Load()
    rng = random.Random(user_id)
    await asyncio.sleep(rng.uniform(0, interval))
    last_list: Call | None = None
    previous = ""
    for request in requests:
        started = time.monotonic()
        button = pdf_button(last_list) if request == PDF else None
        if request == PDF and last_list is not None and button is not None:
            since = await tg.send(api.press_update(user_id, last_list, button))
        else:
            request = NO_LIST if request == PDF else request
            since = await tg.send(api.message_update(user_id, request))
        load.sent += 1
        got = await api.replies_after(user_id, since, timeout=timeout, settle=0)
        if not got:
            load.lost += 1
        else:
            kind = request.split()[0] if request.startswith("/") else request
            load.times.setdefault(kind, []).append(got[0].at - since)
            load.rate_limited += RATE_LIMITED in str(got[0].params.get("text", ""))
            if request.startswith("/kandidat"):
                last_list = got[0]
        # Everything this request caused arrives before the next one is sent.
        await asyncio.sleep(max(0.3, interval - (time.monotonic() - started)))
        replies = list(_replies(api, user_id, since))
        seen = Counter(map(fingerprint, replies))
        for key, n in seen.items():
            if n > 1:
                load.duplicated += n - 1
                at = ", ".join(f"+{c.at - since:.2f}s" for c in replies if fingerprint(c) == key)
                load.duplicates.append(
                    f"{request!r} (after {previous!r}) -> {key[0]} {key[1][:60]!r} at {at}"
                )
        previous = request
    return load


@dataclass
class Burst:
    sent: int
    answered: int
    accepted: int  # answered with anything but the rate-limit notice
    refused: int  # answered with the rate-limit notice


async def burst(tg: Telegram, user_id: int, count: int, *, timeout: float) -> Burst:
    """``count`` messages from one user at once, spread over the workers by the proxy."""
    since = time.monotonic()
    updates = [tg.api.message_update(user_id, "/bantuan") for _ in range(count)]
    await asyncio.gather(*(tg.post(u) for u in updates))
    got = await tg.api.replies_after(user_id, since, count=count, timeout=timeout, settle=1.0)
    refused = sum(RATE_LIMITED in str(c.params.get("text", "")) for c in got)
    return Burst(count, len(got), len(got) - refused, refused)


def bound_user(engine: Engine, *, role: Role, kode: str, nama: str) -> str:
    """A user of ``role`` in agency ``kode``, not yet bound; returns the invitation code."""
    with Session(engine) as s:
        user = binding.create_user(
            s,
            role=role,
            nama=nama,
            instansi_kodes=[kode],
            masa_jabatan_akhir=today_wib() + timedelta(days=365),
        )
        code = binding.invite(s, user).code
        s.commit()
    return code


# -- one run -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Who sends what: users ``(telegram id, invitation code, requests)`` and one burst."""

    users: Sequence[tuple[int, str, list[str]]]
    burst_user: tuple[int, str]
    burst_count: int
    workers: int = 2
    interval: float = 3.5  # seconds between one user's requests
    timeout: float = 60.0  # seconds before a reply counts as lost
    redeliver_share: float = 0.1
    burst_after: float = 5.0  # seconds into the load
    # The first this many pictures fail once with a 502 each (the bot sends them again).
    photo_faults: int = 0


@dataclass
class Run:
    loads: list[Load]
    burst: Burst
    bound: int
    tg: Telegram
    proxy: RoundRobinProxy | NginxProxy
    ready_s: float
    wall_s: float
    rss_mb: list[float]
    tracebacks: list[str]

    def times(self) -> list[float]:
        return sorted(t for load in self.loads for ts in load.times.values() for t in ts)

    def duplicates(self) -> list[str]:
        return [d for load in self.loads for d in load.duplicates]

    def total(self, name: str) -> int:
        return sum(int(getattr(load, name)) for load in self.loads)


async def run(
    plan: Plan,
    *,
    db_url: str,
    work: Path,
    index_dir: Path,
    encoder: str,
    proxy_kind: Literal["nginx", "loopback"] = "loopback",
) -> Run:
    """Start the workers, the proxy and the fake Bot API; bind everyone; drive the load with
    the burst in the middle of it; stop everything. Timings are measured at the fake Bot API.

    ``proxy_kind``: ``nginx`` (the deploy file's location, :mod:`bench.nginx_proxy`) or
    ``loopback`` (:class:`bench.webhook_workers.RoundRobinProxy`)."""
    api = FakeBotApi()
    api_url = await api.start()
    for _ in range(plan.photo_faults):  # each failed call is followed by one that passes
        api.inject("sendPhoto", Fault("502"), Fault("slow", delay=0.0))
    try:
        t = time.monotonic()
        async with start_workers(
            plan.workers,
            api=api,
            api_url=api_url,
            db_url=db_url,
            work=work,
            index_dir=index_dir,
            encoder=encoder,
        ) as workers:
            ready = time.monotonic() - t
            urls = [w.url for w in workers]
            proxy = NginxProxy(urls) if proxy_kind == "nginx" else RoundRobinProxy(urls)
            try:
                endpoint = await proxy.start()
                async with Telegram(api, endpoint, plan.redeliver_share) as tg:
                    everyone = [(uid, code) for uid, code, _ in plan.users] + [plan.burst_user]
                    done = await asyncio.gather(
                        *(bind(tg, uid, code, plan.timeout) for uid, code in everyone)
                    )
                    t = time.monotonic()

                    async def later() -> Burst:
                        await asyncio.sleep(plan.burst_after)
                        return await burst(
                            tg, plan.burst_user[0], plan.burst_count, timeout=plan.timeout
                        )

                    bursting = asyncio.create_task(later())
                    loads = await asyncio.gather(
                        *(
                            drive(tg, uid, reqs, interval=plan.interval, timeout=plan.timeout)
                            for uid, _, reqs in plan.users
                        )
                    )
                    bursted = await bursting
                    wall = time.monotonic() - t
            finally:
                await proxy.stop()
            rss = [w.peak_rss_mb() for w in workers]
        return Run(
            loads=list(loads),
            burst=bursted,
            bound=sum(done),
            tg=tg,
            proxy=proxy,
            ready_s=ready,
            wall_s=wall,
            rss_mb=rss,
            tracebacks=worker_tracebacks(workers),
        )
    finally:
        await api.stop()
