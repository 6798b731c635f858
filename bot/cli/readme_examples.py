"""Example conversations of the README, regenerated from the sample data and the current code.

``talenta dokumentasi contoh`` generates the synthetic sample (fixed seed, size and reference
date), imports it into a throwaway SQLite database, builds the index with the deterministic
hashing encoder, drives the console chat as a PPK, an ASN who exists in that sample and an HR
officer, and writes each transcript between its markers in README.md::

    <!-- contoh:NAME -->
    ...generated, never edited by hand...
    <!-- /contoh:NAME -->

Everything outside the markers is left as it is, so the README's prose can change freely. The
same inputs give the same text: a test regenerates into a copy and fails when the README
differs from it.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.chat.access import Role
from bot.config.settings import Settings, load_settings
from bot.config.wiring import build_services
from bot.doors.console import ConsoleChat, fixed_identity, persona
from db import migrate
from db.clock import WIB
from db.engine import Engine, make_engine
from db.generate import generate_to
from db.importer.api import import_directory
from db.models import Asesmen, Instansi, Jabatan, Kinerja, Pegawai
from db.settings import DatabaseSettings

SEED = 7
PEGAWAI = 600
AS_OF = date(2026, 11, 29)
PPK_INSTANSI = "PROV"
HR_INSTANSI = "PROV"
REGULATION_QUESTION = "min umur sy 57 msh bs ikut selter kadis gak?"


# Which generated examples go into which file (paths relative to the repository).
TARGETS: dict[str, tuple[str, ...]] = {
    "README.md": ("kandidat", "asn", "regulasi"),
    "docs/ask-door.md": ("ask-regulasi", "ask-peluang"),
}


@dataclass(frozen=True)
class Transcript:
    name: str
    text: str  # Markdown placed between the markers


def _block(chat: ConsoleChat, lines: list[str]) -> str:
    out = io.StringIO()
    chat.out = out
    chat.run(lines, echo=True)
    return out.getvalue().rstrip("\n")


def _example_asn(session: Session, instansi_id: int) -> Pegawai:
    """The first active section head (pengawas) of the agency with an assessment and two
    years of performance: a profile that shows a nine-box."""
    rows = session.exec(
        select(Pegawai)
        .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id))
        .where(
            Pegawai.instansi_id == instansi_id,
            Pegawai.status == "aktif",
            Jabatan.jenis == "pengawas",
        )
        .order_by(col(Pegawai.id))
    ).all()
    for p in rows:
        assessed = session.exec(select(Asesmen.id).where(Asesmen.pegawai_id == p.id)).first()
        years = session.exec(select(Kinerja.id).where(Kinerja.pegawai_id == p.id)).all()
        if assessed is not None and len(years) >= 2:
            return p
    raise RuntimeError("data contoh tidak memuat pengawas dengan asesmen dan kinerja")


def _example_post(session: Session, instansi_id: int) -> Jabatan:
    """A Kepala Bagian post of the agency (first by id), the README's candidate search."""
    jab = session.exec(
        select(Jabatan)
        .where(
            Jabatan.instansi_id == instansi_id,
            Jabatan.jenis == "administrator",
            col(Jabatan.nama).startswith("Kepala Bagian"),
        )
        .order_by(col(Jabatan.id))
    ).first()
    if jab is None:
        raise RuntimeError("data contoh tidak memuat jabatan Kepala Bagian")
    return jab


def generate(*, work: Path | None = None) -> list[Transcript]:
    """The transcripts, from a fresh sample in ``work`` (a temporary folder by default)."""
    with tempfile.TemporaryDirectory(prefix="talenta-dok-") as tmp:
        root = work or Path(tmp)
        generate_to(root / "csv", pegawai=PEGAWAI, seed=SEED, as_of=AS_OF)
        settings = load_settings(
            app={"data_dir": root / "var"},
            encoder={"backend": "hashing"},
            search={"index_dir": root / "index", "warm_up": False},
            database={"url": f"sqlite:///{root / 'contoh.db'}"},
        )
        engine = make_engine(DatabaseSettings(url=f"sqlite:///{root / 'contoh.db'}"))
        try:
            migrate.upgrade(engine)
            import_directory(engine, root / "csv")
            with Session(engine) as s:
                # "Data per …" is a record's last change: the import's clock, made the
                # reference date so the transcript does not change with the day it is made.
                stamp = datetime.combine(AS_OF, time(12), tzinfo=WIB)
                s.execute(update(Pegawai).values(updated_at=stamp))
                s.commit()
            services = build_services(settings, engine, None, today=lambda: AS_OF)
            with Session(engine) as s:
                prov = s.exec(select(Instansi).where(Instansi.kode == PPK_INSTANSI)).one()
                assert prov.id is not None
                asn = _example_asn(s, prov.id)
                post = _example_post(s, prov.id)
                nip, post_name = asn.nip, post.nama

            def chat(role: Role, instansi: str | None, who: str | None) -> ConsoleChat:
                from bot.router.assistant import Assistant

                identity = persona(engine, role, (instansi,) if instansi else (), who)
                return ConsoleChat(
                    Assistant(
                        engine, services, settings=settings.bot, identify=fixed_identity(identity)
                    )
                )

            return [
                *_transcripts(chat, nip=nip, post=post_name),
                *_ask_examples(settings, engine, nip=nip),
            ]
        finally:
            engine.dispose()


def _ask_examples(settings: Settings, engine: Engine, *, nip: str) -> list[Transcript]:
    """JSON answers of ``talenta ask --json`` (docs/ask-door.md), recorded in the throwaway
    database's own audit chain (a fixed key: nothing real is signed with it)."""
    from bot.doors.ask import AskDoor, ReferenceClock, question
    from db.audit import AuditLog
    from knowledge.corpus import load_corpus

    clock = ReferenceClock()
    audit = AuditLog(engine, b"contoh-dokumentasi-".ljust(32, b"0"))
    door = AskDoor(
        engine,
        build_services(settings, engine, audit, today=clock),
        audit=audit,
        corpus=load_corpus(),
        merit=settings.merit,
        os_user="contoh",
        clock=clock,
    )

    def ask(text: str, **who: Any) -> str:
        answer = door.ask(question(text, tanggal=AS_OF, **who))
        return json.dumps(answer.obj, ensure_ascii=False, indent=1)

    hr = ask(REGULATION_QUESTION, role="hr", instansi=[HR_INSTANSI])
    asn = ask("jabatan apa yang bisa saya incar?", role="asn", nip=nip)
    return [
        Transcript(
            "ask-regulasi",
            f'`talenta ask "{REGULATION_QUESTION}" --json --peran hr --instansi {HR_INSTANSI} '
            f"--tanggal {AS_OF}`:\n\n```json\n{hr}\n```",
        ),
        Transcript(
            "ask-peluang",
            f'`talenta ask "jabatan apa yang bisa saya incar?" --json --peran asn --nip {nip} '
            f"--tanggal {AS_OF}`:\n\n```json\n{asn}\n```",
        ),
    ]


def _transcripts(
    chat: Callable[[Role, str | None, str | None], ConsoleChat], *, nip: str, post: str
) -> list[Transcript]:
    ppk = _block(chat(Role.ppk, PPK_INSTANSI, None), [f"siapa yang cocok jadi {post}?"])
    asn = _block(chat(Role.asn, None, nip), ["profil saya", "jabatan apa yang bisa saya incar?"])
    hr = _block(chat(Role.hr, HR_INSTANSI, None), [REGULATION_QUESTION])
    return [
        Transcript(
            "kandidat",
            f"**PPK** (`talenta chat --peran ppk --instansi {PPK_INSTANSI}`):\n\n```\n{ppk}\n```",
        ),
        Transcript(
            "asn",
            f"**ASN** (`talenta chat --peran asn --nip {nip}`): hanya dirinya sendiri.\n\n"
            f"```\n{asn}\n```",
        ),
        Transcript(
            "regulasi",
            f"**Staf BKD** (`talenta chat --peran hr --instansi {HR_INSTANSI}`): jawaban aturan "
            f"dengan dasar hukumnya.\n\n```\n{hr}\n```",
        ),
    ]


def _marker(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- contoh:{re.escape(name)} -->\n)(.*?)(<!-- /contoh:{re.escape(name)} -->)",
        re.DOTALL,
    )


def apply(text: str, transcripts: list[Transcript]) -> str:
    """``text`` with each transcript between its markers (a missing marker pair is an error:
    the README would silently keep a stale example)."""
    for t in transcripts:
        pattern = _marker(t.name)
        m = pattern.search(text)
        if m is None:
            raise ValueError(f"penanda <!-- contoh:{t.name} --> tidak ditemukan")
        text = text[: m.start(2)] + t.text + "\n" + text[m.end(2) :]
    return text
