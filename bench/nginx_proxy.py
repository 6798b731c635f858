"""The nginx of ``deploy/`` in front of several webhook workers, on loopback.

:class:`NginxProxy` runs the real ``nginx`` binary (Debian's ``nginx-light`` is enough) with a
configuration built from ``deploy/nginx-talenta.conf``: its ``location = /telegram`` block is
taken as written (body size, forwarded headers, read timeout), only ``proxy_pass`` is pointed
at an ``upstream`` of the workers, with ``proxy_next_upstream error timeout`` as the deploy
file's comment tells operators to add. Two things differ from production, both on purpose:
plain HTTP on a loopback port instead of TLS on 443 (no certificate here), and a ``map`` that
sends an update marked as a redelivery to the *other* worker, so the bench can make Telegram's
redelivery land where it hurts. It offers what :class:`bench.webhook_workers.RoundRobinProxy`
offers (``start``, ``stop``, ``forwarded``, ``next_upstream``), so the load runs unchanged.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from bench.webhook_workers import AVOID_HEADER, UPSTREAM_HEADER, free_port

DEPLOY_CONF = Path(__file__).resolve().parents[1] / "deploy" / "nginx-talenta.conf"
_LOCATION = re.compile(r"^\s*location = /telegram \{\n(?P<body>.*?)^\s*\}\n", re.M | re.S)
_PROXY_PASS = re.compile(r"^\s*proxy_pass [^;]+;\n", re.M)


class NginxMissing(RuntimeError):
    """No nginx binary on this machine."""


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise NginxMissing("nginx tidak terpasang (apt-get install nginx-light)")
    return found


def deploy_location(conf: Path = DEPLOY_CONF) -> str:
    """The body of ``location = /telegram`` in the deploy file, without its ``proxy_pass``."""
    match = _LOCATION.search(conf.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{conf}: tidak ada blok 'location = /telegram'")
    body = match.group("body")
    if not _PROXY_PASS.search(body):
        raise ValueError(f"{conf}: blok /telegram tanpa proxy_pass")
    return _PROXY_PASS.sub("", body)


def render_config(folder: Path, port: int, upstreams: list[str]) -> str:
    """nginx.conf for ``upstreams`` (``host:port`` each) listening on ``127.0.0.1:port``."""
    servers = "".join(f"        server {u};\n" for u in upstreams)
    # A redelivery names the worker that had the update; send it to the next one instead.
    avoid = "".join(
        f'        "{u}" {upstreams[(i + 1) % len(upstreams)]};\n' for i, u in enumerate(upstreams)
    )
    header = AVOID_HEADER.lower().replace("-", "_")
    temp = "".join(
        f"    {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root (CI), nginx's workers would run as nobody and could not use the 0700 folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""daemon off;
{user}worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
{temp}    log_format upstreams '$upstream_addr|$upstream_status|$status';
    upstream talenta_workers {{
{servers}    }}
    map $http_{header} $talenta_target {{
        default talenta_workers;
{avoid}    }}
    server {{
        listen 127.0.0.1:{port};
        access_log {folder / "access.log"} upstreams;
        location = /telegram {{
{deploy_location()}            proxy_pass http://$talenta_target/telegram;
            proxy_next_upstream error timeout;
            add_header {UPSTREAM_HEADER} $upstream_addr always;
        }}
        location / {{ return 404; }}
    }}
}}
"""


class NginxProxy:
    """nginx with the deploy file's ``/telegram`` location in front of ``upstreams`` (URLs)."""

    def __init__(self, upstreams: list[str]) -> None:
        self.addresses = [re.sub(r"^https?://([^/]+).*$", r"\1", u) for u in upstreams]
        self.forwarded = Counter[int]()  # answered posts by upstream index (from the access log)
        self.next_upstream = 0  # posts nginx passed on to another worker
        self._folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    async def start(self) -> str:
        """Start nginx; on any failure nothing is left running and the error says why."""
        binary = nginx_binary()
        self._folder = Path(tempfile.mkdtemp(prefix="talenta-nginx-"))
        try:
            return await self._start(binary, self._folder)
        except BaseException:
            await self.stop()
            raise

    async def _start(self, binary: str, folder: Path) -> str:
        port = free_port()
        conf = folder / "nginx.conf"
        conf.write_text(render_config(folder, port, self.addresses), encoding="utf-8")
        check = subprocess.run(
            [binary, "-t", "-q", "-p", str(folder), "-c", str(conf)],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t: {check.stderr.strip()}")
        self._process = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(conf)], stderr=subprocess.DEVNULL
        )
        for _ in range(100):
            if self._process.poll() is not None:
                break  # exited: the port was taken, or the configuration was refused
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            return f"http://127.0.0.1:{port}/telegram"
        log = folder / "error.log"
        tail = log.read_text(encoding="utf-8").strip().splitlines()[-3:] if log.exists() else []
        raise RuntimeError(f"nginx tidak mendengarkan di port {port}: {' | '.join(tail)}")

    async def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()  # SIGTERM: nginx's fast shutdown, the log is flushed
            try:
                await asyncio.to_thread(self._process.wait, 10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                await asyncio.to_thread(self._process.wait)
            self._process = None
        if self._folder is not None:
            self._count(self._folder)
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _count(self, folder: Path) -> None:
        log = folder / "access.log"
        if not log.exists():
            return
        for line in log.read_text(encoding="utf-8").splitlines():
            tried = [a.strip() for a in line.split("|", 1)[0].split(",")]
            self.next_upstream += len(tried) - 1
            if tried[-1] in self.addresses:
                self.forwarded[self.addresses.index(tried[-1])] += 1
