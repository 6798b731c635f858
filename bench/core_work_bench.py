"""Core work per request kind, first time and repeated, at a given number of employees.

    python -m bench.core_work_bench                      # 5,000 employees (also in `make bench`)
    python -m bench.core_work_bench --pegawai 20000 --encoder hashing

What a worker thread spends in ``Assistant.handle`` (no Telegram, no queueing): the synthetic
Jambi data is generated and imported, the real assistant is built as in production (audit key,
search index), and three PPK, three HR staff and three ASN of nine different agencies (each
bound with ``/start`` first) ask each request twice. "Pertama" is the first time that request
is made for that agency or person; the first user of a role also pays the process's own first
use of a path (a module's first picture, first query plan), so "pertama maks" is usually that
user. "Ulang" is the same request again. Wall and CPU time of this process are both shown:
on a busy machine wall time grows, CPU time hardly. Every answer must be a real one (not an
apology, refusal or rate-limit notice); the bench stops otherwise. Under load, the first-time
figures are what a Monday morning queue is made of (docs/scale.md, section 4).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.bot_load import NOT_REAL, User, prepare
from bench.measure import load_average
from bot.chat.access import Role
from bot.chat.replies import Inbound
from bot.router.assistant import Assistant
from db.clock import WIB

REQUESTS: dict[Role, tuple[str, ...]] = {
    Role.ppk: ("/talentpool", "siapa yang cocok jadi kepala bidang anggaran?"),
    Role.hr: ("/talentpool", "/aturan berapa lama harus menjabat sebelum dimutasi?"),
    Role.asn: ("/profil", "/peluang"),
}
console = Console()


def _ask(assistant: Assistant, user: User, text: str) -> tuple[float, float]:
    """(wall, CPU) milliseconds of core work for one message; fails on an answer that is not
    a real one, so an error path is never timed as if it were the request."""
    tid = user.telegram_id
    inbound = Inbound(actor=f"tg:{tid}", private=True, text=text, telegram_id=tid, chat_id=tid)
    cpu = time.process_time()
    started = time.perf_counter()
    replies = assistant.handle(inbound)
    wall = (time.perf_counter() - started) * 1000
    cpu = (time.process_time() - cpu) * 1000
    html = " ".join(r.html for r in replies).lower()
    if not replies or any(m in html for m in (*NOT_REAL, "tidak diizinkan", "belum terdaftar")):
        raise SystemExit(f"{user.role.value} {text!r}: bukan jawaban sebenarnya: {html[:120]!r}")
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pegawai", type=int, default=5_000)
    ap.add_argument("--encoder", default="hashing", choices=("bundled", "hashing"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="talenta-core-") as tmp:
        started = time.perf_counter()
        (_settings, assistant), users = prepare(Path(tmp), args.pegawai, args.encoder, 9)
        ready_s = time.perf_counter() - started
        for user in users:
            _ask(assistant, user, f"/start {user.code}")
        load = [load_average()]
        first: dict[tuple[Role, str], list[tuple[float, float]]] = {}
        again: dict[tuple[Role, str], list[tuple[float, float]]] = {}
        for user in users:
            for text in REQUESTS[user.role]:
                first.setdefault((user.role, text), []).append(_ask(assistant, user, text))
                again.setdefault((user.role, text), []).append(_ask(assistant, user, text))
        load.append(load_average())
    table = Table(
        title=(
            f"Kerja inti per permintaan, {args.pegawai} pegawai, encoder {args.encoder} "
            f"({datetime.now(WIB):%Y-%m-%d %H:%M} WIB, beban {load[0]} → {load[1]}; "
            f"siap dalam {ready_s:.0f} s)"
        )
    )
    columns = (
        "Peran",
        "Permintaan",
        "pertama median (ms)",
        "pertama maks (ms)",
        "pertama CPU median (ms)",
        "ulang median (ms)",
    )
    for col in columns:
        table.add_column(col)
    for (role, text), times in first.items():
        walls = [w for w, _ in times]
        table.add_row(
            role.value,
            text,
            f"{statistics.median(walls):.0f}",
            f"{max(walls):.0f}",
            f"{statistics.median(c for _, c in times):.0f}",
            f"{statistics.median(w for w, _ in again[role, text]):.0f}",
        )
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
