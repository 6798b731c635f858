"""Several `talenta serve` webhook workers behind a reverse proxy, fed like Telegram feeds them.

What a big province runs (docs/scale.md): N worker processes in webhook mode sharing one
PostgreSQL, a reverse proxy spreading Telegram's POSTs over them. Here, on loopback:

- :func:`start_workers` starts each worker exactly as ``deploy/talenta.service`` does (the
  installed ``talenta serve``, configuration from ``TALENTA_CONFIG``, secrets from the
  environment), each on its own port, all replying through the fake Bot API;
- :class:`RoundRobinProxy` stands in for nginx's ``upstream`` block (the bench and the tests
  also run the real nginx, :mod:`bench.nginx_proxy`):
  POST /telegram goes to the workers in turn, and to the next one when a worker refuses the
  connection (nginx's ``proxy_next_upstream error``);
- :class:`Telegram` POSTs each update through the proxy with the secret header and, for a
  chosen share, posts the same update again to *another* worker, as Telegram does when it did
  not get the 200 in time (nginx itself never passes a sent POST on to another worker:
  ``proxy_next_upstream error timeout`` covers connection failures, not non-idempotent retries).

The users and their measures are in :mod:`bench.webhook_load`.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import aiohttp
import yaml
from aiohttp import web

from tests.bot.e2e.fake_bot_api import FakeBotApi

TALENTA = Path(sys.executable).with_name("talenta")
SECRET = "bench-webhook_secret-0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
AVOID_HEADER = "X-Bench-Avoid-Upstream"  # a redelivery must land on another worker
UPSTREAM_HEADER = "X-Bench-Upstream"
AUDIT_KEY = "k" * 48


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the reverse proxy ---------------------------------------------------------------------


class RoundRobinProxy:
    """POST /telegram forwarded to the upstreams in turn (a loopback stand-in for nginx)."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self.forwarded = Counter[int]()  # posts answered, by upstream index
        self.next_upstream = 0  # posts passed on because a worker refused the connection
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self._http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=60),  # proxy_read_timeout 60s, as in deploy/
            connector=aiohttp.TCPConnector(limit=0),
        )
        return f"http://127.0.0.1:{port}/telegram"

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def _order(self, avoid: int | None) -> list[int]:
        n = len(self.upstreams)
        first = next(self._turn) % n
        order = [(first + i) % n for i in range(n)]
        return [i for i in order if i != avoid] or order

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        headers = {"Content-Type": request.headers.get("Content-Type", "application/json")}
        if SECRET_HEADER in request.headers:
            headers[SECRET_HEADER] = request.headers[SECRET_HEADER]
        avoid = request.headers.get(AVOID_HEADER)
        for k, i in enumerate(self._order(int(avoid) if avoid is not None else None)):
            if k:
                self.next_upstream += 1
            try:
                async with self._http.post(self.upstreams[i], data=body, headers=headers) as up:
                    text = await up.read()
                    self.forwarded[i] += 1
                    return web.Response(
                        status=up.status, body=text, headers={UPSTREAM_HEADER: str(i)}
                    )
            except aiohttp.ClientConnectionError:
                continue
        return web.Response(status=502, text="Bad Gateway")


# -- the workers ---------------------------------------------------------------------------


@dataclass
class Worker:
    port: int
    proc: asyncio.subprocess.Process
    log: IO[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def _config(work: Path, db_url: str, api: str, port: int, encoder: str, index: Path) -> Path:
    path = work / f"config-worker-{port}.yaml"
    bot = {
        "mode": "webhook",
        "base_url": api,
        "base_file_url": api,
        "webhook": {
            "url": "https://talenta.example.go.id/telegram",
            "listen": "127.0.0.1",
            "port": port,
            "path": "telegram",
        },
    }
    path.write_text(
        yaml.safe_dump(
            {
                "app": {"data_dir": str(work), "log_format": "text", "log_level": "WARNING"},
                "database": {"url": db_url},
                "encoder": {"backend": encoder},
                "search": {"index_dir": str(index)},
                "bot": bot,
            }
        )
    )
    return path


async def _listening(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    with suppress(OSError):
        await writer.wait_closed()
    return True


@asynccontextmanager
async def start_workers(
    n: int,
    *,
    api: FakeBotApi,
    api_url: str,
    db_url: str,
    work: Path,
    index_dir: Path,
    encoder: str = "hashing",
    ready_within: float = 600.0,
) -> AsyncIterator[list[Worker]]:
    """``n`` `talenta serve` webhook workers on one database; yields them once all listen."""
    workers: list[Worker] = []
    base_env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": "123456:WORKERS-bench",
        "TALENTA_AUDIT_HMAC_KEY": AUDIT_KEY,
        "TALENTA_WEBHOOK_SECRET": SECRET,
        # Two cores for every worker together: keep torch and BLAS from oversubscribing them.
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    try:
        for _ in range(n):
            port = free_port()
            config = _config(work, db_url, api_url, port, encoder, index_dir)
            log = open(work / f"worker-{port}.log", "wb")  # noqa: SIM115 - closed below
            proc = await asyncio.create_subprocess_exec(
                str(TALENTA),
                "serve",
                env={**base_env, "TALENTA_CONFIG": str(config)},
                cwd=work,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=log,
            )
            workers.append(Worker(port, proc, log))
        t = time.monotonic()
        # A worker is up once it told "Telegram" its URL (setWebhook) and its port listens.
        while sum(c.method == "setWebhook" for c in api.calls) < n or not all(
            [await _listening(w.port) for w in workers]
        ):
            dead = [w for w in workers if w.proc.returncode is not None]
            if dead or time.monotonic() - t > ready_within:
                tail = Path(dead[0].log.name).read_text(errors="replace")[-2000:] if dead else ""
                raise RuntimeError(f"talenta serve did not start:\n{tail}")
            await asyncio.sleep(0.2)
        yield workers
    finally:
        for w in workers:
            if w.proc.returncode is None:
                w.proc.send_signal(signal.SIGINT)
        for w in workers:
            try:
                await asyncio.wait_for(w.proc.wait(), 30)
            except TimeoutError:
                w.proc.kill()
                await w.proc.wait()
            w.log.close()


def worker_tracebacks(workers: list[Worker]) -> list[str]:
    """Tracebacks the workers logged (an unexpected error anywhere in them)."""
    out = []
    for w in workers:
        text = Path(w.log.name).read_text(errors="replace")
        if "Traceback" in text:
            out.append(text[text.index("Traceback") :][:2000])
    return out


# -- Telegram's side ---------------------------------------------------------------------------


@dataclass
class Telegram:
    """Posts updates to the webhook behind the proxy, and posts some of them again."""

    api: FakeBotApi
    endpoint: str
    redeliver_share: float = 0.0
    seed: int = 5
    statuses: Counter[int] = field(default_factory=Counter)
    redelivered: int = 0
    rerouted: int = 0  # redeliveries the proxy gave to a worker other than the first one
    _http: aiohttp.ClientSession | None = None
    _again: list[asyncio.Task[None]] = field(default_factory=list)

    async def __aenter__(self) -> Telegram:
        self._http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self._rng = random.Random(self.seed)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*self._again)
        assert self._http is not None
        await self._http.close()

    async def post(self, update: dict[str, Any], avoid: str | None = None) -> str | None:
        """POST one update as Telegram does; returns which upstream the proxy chose."""
        assert self._http is not None
        headers = {SECRET_HEADER: SECRET}
        if avoid is not None:
            headers[AVOID_HEADER] = avoid
        async with self._http.post(self.endpoint, json=update, headers=headers) as response:
            self.statuses[response.status] += 1
            return response.headers.get(UPSTREAM_HEADER)

    async def send(self, update: dict[str, Any]) -> float:
        """Deliver ``update``; a share of them is delivered again to another worker a moment
        later, while the first worker may still be answering. Returns when it was sent."""
        since = time.monotonic()
        upstream = await self.post(update)
        if self._rng.random() < self.redeliver_share:
            self.redelivered += 1
            delay = self._rng.uniform(0.0, 0.5)
            self._again.append(asyncio.create_task(self._again_after(update, upstream, delay)))
        return since

    async def _again_after(self, update: dict[str, Any], upstream: str | None, s: float) -> None:
        await asyncio.sleep(s)
        again = await self.post(update, avoid=upstream)
        if again is not None and upstream is not None and again != upstream:
            self.rerouted += 1
