"""Core work per request kind, first time and repeated, at a given number of employees.

    python -m bench.core_work_bench                      # 5,000 employees (also in `make bench`)
    python -m bench.core_work_bench --pegawai 20000 --encoder hashing

What a worker thread spends in ``Assistant.handle`` (no Telegram, no queueing): the synthetic
Jambi data is generated and imported, the real assistant is built as in production (audit key,
search index), and three PPK, three HR staff and three ASN of nine different agencies ask each
request twice. "Pertama" is the first time for that agency or person (nothing of it cached),
"ulang" the same request again. Under load, the first-time figures are what a Monday morning
queue is made of (docs/scale.md, section 4).
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

from bench.bot_load import User, prepare
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


def _ask(assistant: Assistant, user: User, text: str) -> float:
    """Milliseconds of core work for one message."""
    tid = user.telegram_id
    inbound = Inbound(actor=f"tg:{tid}", private=True, text=text, telegram_id=tid, chat_id=tid)
    started = time.perf_counter()
    assistant.handle(inbound)
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pegawai", type=int, default=5_000)
    ap.add_argument("--encoder", default="hashing", help="bundled | hashing | …")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="talenta-core-") as tmp:
        started = time.perf_counter()
        (_settings, assistant), users = prepare(Path(tmp), args.pegawai, args.encoder, 9)
        ready_s = time.perf_counter() - started
        for user in users:
            _ask(assistant, user, f"/start {user.code}")
        load = [load_average()]
        first: dict[tuple[Role, str], list[float]] = {}
        again: dict[tuple[Role, str], list[float]] = {}
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
    for col in ("Peran", "Permintaan", "pertama median (ms)", "pertama maks", "ulang median"):
        table.add_column(col)
    for (role, text), times in first.items():
        table.add_row(
            role.value,
            text,
            f"{statistics.median(times):.0f}",
            f"{max(times):.0f}",
            f"{statistics.median(again[role, text]):.0f}",
        )
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
