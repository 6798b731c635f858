"""`talenta ask "…" --peran ROLE [--json] [--jsonl FILE]`: the conversation core as a script door.

Runs the same core as Telegram and the console chat under a synthetic identity built from the
flags, on a reference date, and prints what that person would read (or, with ``--json``, one
JSON object; docs/ask-door.md). Exit codes: 0 answered, 1 error, 2 usage error, 3 refused.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import typer

from bot.chat.access import Role
from bot.cli.common import EXIT_USAGE, asker_instansi_option, fail, out, runtime
from bot.config.doors import build_ask_door

log = logging.getLogger("talenta.cli.ask")


def _print(text: str) -> None:
    # Plain print: rich markup would eat [brackets] in regulation text.
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _run_jsonl(path: Path, defaults: dict[str, Any]) -> int:
    from bot.doors.ask import from_line
    from bot.errors import UsageError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise fail(f"Berkas {path} tidak dapat dibaca: {exc.strerror}.", EXIT_USAGE) from None
    door = build_ask_door(runtime())
    worst = 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            q = from_line(json.loads(line), defaults)
            answer = door.ask(q)
        except json.JSONDecodeError as exc:
            _print(_dump({"line": n, "error": f"{path}:{n}:{exc.colno}: JSON tidak valid."}))
            worst = EXIT_USAGE
            continue
        except UsageError as exc:
            _print(_dump({"line": n, "error": f"{path}:{n}: {exc}"}))
            worst = EXIT_USAGE
            continue
        except Exception:  # one broken question must not lose the answers of the others
            log.exception("ask failed", extra={"line": n})
            _print(_dump({"line": n, "error": f"{path}:{n}: galat tak terduga (lihat log)."}))
            worst = max(worst, 1)
            continue
        _print(_dump({"line": n, **answer.obj}))
    return worst


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask(
        pertanyaan: str = typer.Argument(
            "", help="Pertanyaan, dalam tanda kutip (kosongkan bila memakai --jsonl)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Cetak satu objek JSON."),
        role: Role | None = typer.Option(None, "--peran", help="Peran penanya."),
        instansi: list[str] = asker_instansi_option(),
        nip: str | None = typer.Option(None, "--nip", help="NIP penanya (wajib untuk asn)."),
        tanggal: str | None = typer.Option(
            None, "--tanggal", help="Tanggal acuan TTTT-BB-HH (bawaan: hari ini, WIB)."
        ),
        operator_view: bool = typer.Option(
            False, "--operator-view", help="Tampilkan nama/NIP tanpa samaran (tercatat)."
        ),
        ineligible: bool = typer.Option(
            False,
            "--termasuk-tidak-memenuhi",
            help="Sertakan pegawai yang tidak memenuhi syarat, dengan syarat yang gagal.",
        ),
        jsonl: Path | None = typer.Option(
            None, "--jsonl", help="Satu pertanyaan (objek JSON) per baris; satu JSON per baris."
        ),
    ) -> None:
        """Bertanya kepada asisten sebagai peran tertentu; --json untuk keluaran mesin."""
        from bot.doors.ask import question
        from bot.errors import UsageError

        if jsonl is not None:
            if pertanyaan.strip():
                raise fail("Pakai pertanyaan ATAU --jsonl, tidak keduanya.", EXIT_USAGE)
            defaults: dict[str, Any] = {
                "as": role,
                "instansi": list(instansi),
                "nip": nip,
                "tanggal": tanggal,
                "operator_view": operator_view,
                "termasuk_tidak_memenuhi": ineligible,
            }
            raise typer.Exit(code=_run_jsonl(jsonl, defaults))
        try:
            q = question(
                pertanyaan,
                role=role,
                instansi=instansi,
                nip=nip,
                tanggal=tanggal,
                operator_view=operator_view,
                include_ineligible=ineligible,
            )
        except UsageError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        door = build_ask_door(runtime())
        try:
            answer = door.ask(q)
        except UsageError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        _print(_dump(answer.obj) if as_json else answer.obj["text"])
        raise typer.Exit(code=answer.exit_code)
