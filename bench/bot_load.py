"""Load check of the Telegram assistant through a fake Bot API server on loopback.

    python -m bench.bot_load [--users 50] [--requests 20] [--interval 3.2] [--pegawai 600]
                             [--encoder bundled|hashing]

Builds a fresh SQLite database of synthetic Jambi data, the real services (regulation answers,
candidate search with its index, profiles), the real python-telegram-bot ``Application``
polling a fake Bot API, then lets N bound users (PPK, HR, ASN) send mixed requests, each user
paced under the per-user rate limit. Prints: requests answered, share of real answers (not
rate-limit notices or apologies), reply-time median and p95. Targets: every request answered,
>= 95 % real answers, p95 <= 2 s on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from bot.chat import binding
from bot.chat.access import Role
from bot.chat.replies import Inbound, Reply
from bot.config.secrets import Secrets
from bot.config.settings import Settings, load_settings
from bot.config.wiring import build_assistant
from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.router.assistant import Assistant
from db import migrate
from db.clock import today_wib
from db.engine import make_engine
from db.generate import generate_to
from db.importer import import_directory
from db.models import Instansi, Pegawai
from db.settings import DatabaseSettings
from tests.bot.e2e.fake_bot_api import FakeBotApi

TARGET_REAL = 0.95
TARGET_P95_S = 2.0
NOT_REAL = ("terlalu cepat", "terjadi kesalahan")

PPK_REQUESTS = (
    "siapa yang cocok jadi kepala bidang anggaran?",
    "/kandidat analis kebijakan",
    "/talentpool",
    "calon kepala seksi pelayanan",
    "apa syarat jabatan administrator?",
    "/bantuan",
    "rekomendasi pengganti sekretaris dinas kesehatan",
    "/bandingkan",
)
HR_REQUESTS = (
    "berapa batas usia pensiun pejabat administrator?",
    "apa itu kelompok rencana suksesi?",
    "/aturan syarat JPT pratama",
    "/kandidat pranata komputer",
    "/talentpool",
    "dasar hukum manajemen talenta",
    "bolehkah PPPK menduduki jabatan struktural?",
)
ASN_REQUESTS = (
    "profil saya",
    "/peluang",
    "jabatan apa yang bisa saya incar?",
    "/bantuan",
    "apa syarat kenaikan jabatan fungsional?",
    "kotak talenta saya berapa?",
)


@dataclass
class User:
    telegram_id: int
    role: Role
    code: str
    requests: tuple[str, ...]
    times: list[float] = field(default_factory=list)
    by_text: dict[str, list[float]] = field(default_factory=dict)
    real: int = 0
    unanswered: int = 0


def prepare(
    workdir: Path, pegawai: int, encoder: str, users: int
) -> tuple[tuple[Settings, Assistant], list[User]]:
    db_url = f"sqlite:///{workdir / 'talenta.db'}"
    engine = make_engine(DatabaseSettings(url=db_url))
    migrate.upgrade(engine)
    generate_to(workdir / "sample", pegawai=pegawai, seed=7)
    import_directory(engine, workdir / "sample", instansi=None, strict=False)
    settings = load_settings(
        app={"data_dir": workdir, "log_level": "WARNING"},
        database={"url": db_url},
        encoder={"backend": encoder},
        search={"index_dir": workdir / "index"},
    )
    # As in production (`talenta run`): an audit key, so every candidate list shown is recorded
    # in the hash-chained audit log (the shortlist record is part of the reply's cost).
    key = Secrets(audit_hmac_key=SecretStr(secrets.token_hex(32)))
    assistant = build_assistant(settings, engine, secrets=key)
    made: list[User] = []
    with Session(engine) as s:
        kodes = [i.kode for i in s.exec(select(Instansi).order_by(col(Instansi.kode)))]
        for n in range(users):
            kode = kodes[n % len(kodes)]
            role = (Role.ppk, Role.hr, Role.asn)[n % 3]
            nip = None
            if role is Role.asn:
                inst = s.exec(select(Instansi).where(Instansi.kode == kode)).one()
                nips = s.exec(
                    select(Pegawai.nip).where(
                        Pegawai.instansi_id == inst.id, Pegawai.status == "aktif"
                    )
                ).all()
                nip = nips[n % len(nips)]
            user = binding.create_user(
                s,
                role=role,
                nama=f"Pengguna uji {n}",
                instansi_kodes=[kode],
                nip=nip,
                masa_jabatan_akhir=today_wib() + timedelta(days=365),
            )
            code = binding.invite(s, user).code
            pool = {Role.ppk: PPK_REQUESTS, Role.hr: HR_REQUESTS, Role.asn: ASN_REQUESTS}[role]
            made.append(User(500_000 + n, role, code, pool))
        s.commit()
    return (settings, assistant), made


def instrument(assistant: Any) -> dict[str, list[float]]:
    """Time the core's own work per request text (in the worker thread, without queueing)."""
    handle: Callable[[Inbound], list[Reply]] = assistant.handle
    spent: dict[str, list[float]] = {}
    lock = threading.Lock()

    def timed(inbound: Inbound) -> list[Reply]:
        started = time.perf_counter()
        try:
            return handle(inbound)
        finally:
            key = inbound.text if inbound.callback_token is None else "(tombol)"
            with lock:
                spent.setdefault(key, []).append(time.perf_counter() - started)

    assistant.handle = timed
    return spent


async def drive(user: User, api: FakeBotApi, requests: int, interval: float) -> None:
    rng = random.Random(user.telegram_id)
    since = await api.user_says(user.telegram_id, f"/start {user.code}")
    await api.replies_after(user.telegram_id, since, settle=0)
    await asyncio.sleep(rng.uniform(0, interval))
    for i in range(requests):
        started = time.monotonic()
        text = user.requests[i % len(user.requests)] if i else rng.choice(user.requests)
        since = await api.user_says(user.telegram_id, text)
        got = await api.replies_after(user.telegram_id, since, timeout=15, settle=0)
        if not got:
            user.unanswered += 1
        else:
            user.times.append(got[0].at - since)
            user.by_text.setdefault(text, []).append(got[0].at - since)
            if not any(m in got[0].params.get("text", "") for m in NOT_REAL):
                user.real += 1
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - started)))


async def run_load(
    assistant: Assistant, bot: BotSettings, users: list[User], requests: int, interval: float
) -> float:
    api = FakeBotApi()
    base = await api.start()
    settings = bot.model_copy(update={"base_url": base, "base_file_url": base, "poll_timeout": 1})
    app = build_application("123456:BENCH-token", settings, assistant)
    started = time.monotonic()
    async with polling(app, timeout=1):
        await asyncio.gather(*(drive(u, api, requests, interval) for u in users))
    await api.stop()
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3.2, help="seconds between requests")
    parser.add_argument("--pegawai", type=int, default=600)
    parser.add_argument("--encoder", choices=("bundled", "hashing"), default="bundled")
    args = parser.parse_args(argv)
    console = Console()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="talenta-bot-load-") as tmp:
        console.print(
            f"Menyiapkan {args.pegawai} pegawai sintetis, indeks, {args.users} pengguna …"
        )
        (settings, assistant), users = prepare(Path(tmp), args.pegawai, args.encoder, args.users)
        spent = instrument(assistant)
        wall = asyncio.run(run_load(assistant, settings.bot, users, args.requests, args.interval))
    times = sorted(t for u in users for t in u.times)
    sent = len(users) * args.requests
    answered = len(times)
    real = sum(u.real for u in users)
    p95 = times[int(0.95 * (len(times) - 1))] if times else float("inf")
    table = Table(title="Beban bot (fake Bot API, Application PTB sungguhan)")
    for c in ("Ukuran", "Nilai", "Target"):
        table.add_column(c)
    table.add_row("pengguna × permintaan", f"{len(users)} × {args.requests} = {sent}", "")
    table.add_row("dijawab", f"{answered} ({answered / sent:.1%})", "100%")
    table.add_row("jawaban sungguhan", f"{real} ({real / sent:.1%})", f">= {TARGET_REAL:.0%}")
    table.add_row("waktu balas median", f"{statistics.median(times):.3f} s" if times else "-", "")
    table.add_row("waktu balas p95", f"{p95:.3f} s", f"<= {TARGET_P95_S:.1f} s")
    table.add_row("waktu balas maks", f"{times[-1]:.3f} s" if times else "-", "")
    table.add_row("durasi", f"{wall:.1f} s", "")
    console.print(table)
    per = Table(title="Per jenis permintaan (paling lambat dulu)")
    for c in ("Permintaan", "n", "balas median (s)", "balas p95 (s)", "kerja inti median (s)"):
        per.add_column(c)
    merged: dict[str, list[float]] = {}
    for u in users:
        for text, ts in u.by_text.items():
            merged.setdefault(text, []).extend(ts)
    for text, ts in sorted(merged.items(), key=lambda kv: -statistics.median(kv[1])):
        ts.sort()
        p95_t = ts[int(0.95 * (len(ts) - 1))]
        work = spent.get(text, [])
        per.add_row(
            text[:48],
            str(len(ts)),
            f"{statistics.median(ts):.3f}",
            f"{p95_t:.3f}",
            f"{statistics.median(work):.3f}" if work else "-",
        )
    console.print(per)
    busy = sum(sum(v) for v in spent.values())
    console.print(
        f"kerja inti total {busy:.0f} s dalam {wall:.0f} s "
        f"(rata-rata {busy / wall:.2f} thread sibuk dari {settings.bot.workers})"
    )
    load_after = os.getloadavg()
    console.print(
        "load average (1/5/15 min) sebelum: "
        + " ".join(f"{x:.2f}" for x in load_before)
        + " · sesudah: "
        + " ".join(f"{x:.2f}" for x in load_after)
    )
    ok = answered == sent and real / sent >= TARGET_REAL and p95 <= TARGET_P95_S
    console.print("LULUS" if ok else "TIDAK LULUS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
