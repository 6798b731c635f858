"""A Monday-morning load against one `talenta serve` process through the fake Bot API: bound
users with mixed requests, lost and duplicated replies counted at the API, peak RSS from /proc."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.pg_scratch import Database
from bench.webhook_load import NO_LIST, PDF, REPLY_METHODS, fingerprint, pdf_button
from bot.chat import binding
from bot.chat.access import Role
from db.clock import today_wib
from db.models import Instansi, Jabatan, Pegawai
from retrieval.settings import SearchSettings
from tests.bot.e2e.fake_bot_api import Call, FakeBotApi

TALENTA = Path(sys.executable).with_name("talenta")
NEEDS = (
    "butuh orang yang paham pengadaan barang jasa dan audit",
    "penyusunan anggaran dan laporan keuangan daerah",
    "analis kebijakan publik dan evaluasi program",
)
REGULATION = (
    "/aturan syarat JPT pratama",
    "/aturan batas usia pensiun pejabat administrator",
    "/aturan apa itu kelompok rencana suksesi",
)


# -- the load ------------------------------------------------------------------------------


@dataclass
class User:
    telegram_id: int
    role: Role
    code: str
    requests: list[str]
    times: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    sent: int = 0
    pdfs: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)


def make_users(engine: Engine, n: int, requests: int, seed: int = 11) -> list[User]:
    rng = random.Random(seed)
    made: list[User] = []
    with Session(engine) as s:
        kodes = [i.kode for i in s.exec(select(Instansi).order_by(col(Instansi.kode)))]
        for k in range(n):
            kode = kodes[k % len(kodes)]
            role = (Role.ppk, Role.hr, Role.asn)[k % 3]
            inst = s.exec(select(Instansi).where(Instansi.kode == kode)).one()
            posts = [
                j.nama
                for j in s.exec(
                    select(Jabatan).where(
                        Jabatan.instansi_id == inst.id,
                        col(Jabatan.jenis).in_(["administrator", "pengawas"]),
                    )
                ).all()
            ] or ["analis kebijakan"]
            nip = None
            if role is Role.asn:
                nips = s.exec(
                    select(Pegawai.nip).where(
                        Pegawai.instansi_id == inst.id, Pegawai.status == "aktif"
                    )
                ).all()
                nip = nips[k % len(nips)]
            user = binding.create_user(
                s,
                role=role,
                nama=f"Pengguna uji {k}",
                instansi_kodes=[kode],
                nip=nip,
                masa_jabatan_akhir=today_wib() + timedelta(days=365),
            )
            code = binding.invite(s, user).code
            plan: list[str] = []
            for i in range(requests):
                if role is Role.asn:
                    plan.append(("/profil", rng.choice(REGULATION), "/peluang")[i % 3])
                elif role is Role.ppk:
                    plan.append(
                        (
                            f"/kandidat {rng.choice(posts)}",
                            PDF,
                            "/talentpool",
                            rng.choice(REGULATION),
                        )[i % 4]
                    )
                else:
                    plan.append(
                        (f"/kandidat {rng.choice(posts)}", rng.choice(REGULATION), "/talentpool")[
                            i % 3
                        ]
                    )
            made.append(User(700_000 + k, role, code, plan))
        s.commit()
    return made


async def _drive(user: User, api: FakeBotApi, interval: float, timeout: float) -> None:
    rng = random.Random(user.telegram_id)
    since = await api.user_says(user.telegram_id, f"/start {user.code}")
    await api.replies_after(user.telegram_id, since, timeout=timeout, settle=0)
    await asyncio.sleep(rng.uniform(0, interval))
    last_list: Call | None = None
    for request in user.requests:
        started = time.monotonic()
        if request == PDF:
            button = pdf_button(last_list)
            if button is None:
                request = NO_LIST
        if request == PDF and last_list is not None and button is not None:
            since = await api.user_presses(user.telegram_id, last_list, button)
        else:
            since = await api.user_says(user.telegram_id, request)
        user.sent += 1
        got = await api.replies_after(user.telegram_id, since, timeout=timeout, settle=0)
        if not got:
            user.lost += 1
        else:
            user.times.append(got[0].at - since)
            kind = request.split()[0] if request.startswith("/") else request
            user.by_kind.setdefault(kind, []).append(got[0].at - since)
            if request.startswith("/kandidat"):
                last_list = got[0]
        # Everything this request caused arrives before the next one is sent.
        await asyncio.sleep(max(0.3, interval - (time.monotonic() - started)))
        window = [c for m in REPLY_METHODS for c in api.sent(user.telegram_id, m) if c.at >= since]
        user.duplicated += sum(n - 1 for n in Counter(map(fingerprint, window)).values() if n > 1)
        if request == PDF and any(c.method == "sendDocument" for c in window):
            user.pdfs += 1


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_load(
    db: Database,
    work: Path,
    settings: SearchSettings,
    encoder: str,
    users: list[User],
    interval: float,
    timeout: float,
) -> tuple[list[User], float, float, float]:
    api = FakeBotApi()
    base = await api.start()
    config = work / f"config-{db.kind}.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "app": {"data_dir": str(work), "log_format": "text", "log_level": "WARNING"},
                "database": {"url": db.url},
                "encoder": {"backend": encoder},
                "search": {"index_dir": str(settings.index_dir)},
                "bot": {"base_url": base, "base_file_url": base, "poll_timeout": 1},
            }
        )
    )
    env = {
        **os.environ,
        "TALENTA_CONFIG": str(config),
        "TELEGRAM_BOT_TOKEN": "123456:SCALE-bench",
        "TALENTA_AUDIT_HMAC_KEY": "k" * 48,
    }
    errlog = open(work / f"serve-{db.kind}.log", "wb")  # noqa: SIM115 - closed below
    proc = await asyncio.create_subprocess_exec(
        str(TALENTA),
        "serve",
        env=env,
        cwd=work,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=errlog,
    )
    try:
        t = time.monotonic()
        # getUpdates is not recorded; deleteWebhook comes just before polling starts.
        while not any(c.method == "deleteWebhook" for c in api.calls):
            if proc.returncode is not None or time.monotonic() - t > 600:
                raise RuntimeError(f"talenta serve did not start; see {errlog.name}")
            await asyncio.sleep(0.2)
        ready = time.monotonic() - t
        t = time.monotonic()
        await asyncio.gather(*(_drive(u, api, interval, timeout) for u in users))
        wall = time.monotonic() - t
        rss = _vm_hwm_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        errlog.close()
        await api.stop()
    return users, ready, wall, rss


def merge_kinds(users: list[User]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for u in users:
        for kind, ts in u.by_kind.items():
            out.setdefault(kind, []).extend(ts)
    return out
