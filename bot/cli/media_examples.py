"""Example pictures for the README, from a fresh synthetic sample in a throwaway database.

``talenta gambar contoh`` generates the sample data (``db.generate``, fixed seed), imports it
into a temporary SQLite database, and renders from it: the nine-box of the province, one
employee's competency chart, and a shortlist document for an administrator position. The
example shortlist is recorded in the temporary database's own audit chain (a throwaway key);
its order is JPM against the target position among the eligible — a stand-in for the real
search, said so in the document's version line (``Model: contoh-urut-jpm``).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from bot.flows import pictures
from bot.flows.shortlists import document as shortlist_doc
from bot.media.cache import PictureCaches
from bot.media.competency import render_competency_chart
from bot.media.ninebox import render_ninebox
from db import migrate
from db.audit import Actor, AuditLog, CandidateIn, record_shortlist
from db.engine import make_engine
from db.generate import generate_to
from db.importer.api import import_directory
from db.models import Instansi, Jabatan, Pegawai
from db.settings import DatabaseSettings
from knowledge.rules import eligibility, jpm, load_employee_facts, load_position_facts
from knowledge.rules.result import Verdict

EXAMPLE_INSTANSI = "PROV"
SHORTLIST_SIZE = 5


@dataclass(frozen=True)
class ExampleFiles:
    written: tuple[Path, ...]
    skipped: tuple[str, ...]  # what could not be made here, with the reason
    shortlist_ref: str


def _shortlist(audit: AuditLog, session: Session, instansi_id: int, actor: Actor) -> str:
    """Record a small example list for the first administrator position with enough people."""
    jabs = session.exec(
        select(Jabatan)
        .where(Jabatan.instansi_id == instansi_id, Jabatan.jenis == "administrator")
        .order_by(col(Jabatan.id))
    ).all()
    ids = [
        int(i)
        for i in session.exec(
            select(Pegawai.id).where(Pegawai.instansi_id == instansi_id, Pegawai.status == "aktif")
        ).all()
        if i is not None
    ]
    facts = load_employee_facts(session, ids)
    for jab in jabs:
        assert jab.id is not None
        position = load_position_facts(session, jab.id)
        if position is None:
            continue
        scored: list[tuple[float, int, bool]] = []
        for pid, emp in facts.items():
            if pid in position.pemangku_ids:
                continue
            verdict = eligibility(emp, position).verdict
            persen = jpm(emp, position).persen
            if verdict is Verdict.not_eligible or persen is None:
                continue
            scored.append((persen / 100, pid, verdict is Verdict.eligible))
        if len(scored) < 3:
            continue
        scored.sort(key=lambda t: (-t[0], t[1]))
        top = scored[:SHORTLIST_SIZE]
        view = record_shortlist(
            audit,
            actor=actor,
            rendered={
                "query": jab.nama,
                "items": [
                    {"rank": i + 1, "pegawai_id": pid, "components": {"JPM": f"{s * 100:.1f}%"}}
                    for i, (s, pid, _) in enumerate(top)
                ],
            },
            candidates=[
                CandidateIn(pid, i + 1, round(s, 3), eligible=True)
                for i, (s, pid, _) in enumerate(top)
            ],
            request={"query": jab.nama, "contoh": True},
            config_hash="contoh",
            model="contoh-urut-jpm",
            index_version="tanpa-indeks",
            data_snapshot="data-contoh-seed",
            blind=False,
            instansi_id=instansi_id,
            jabatan_id=jab.id,
            pool_pegawai_ids=[pid for _, pid, _ in scored],
        )
        return view.ref
    raise RuntimeError("data contoh tidak memuat jabatan administrator dengan cukup calon")


def _first_page_png(pdf: Path, out_png: Path) -> str | None:
    """First PDF page as PNG via poppler's pdftoppm; the reason when it is not installed."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return "pdftoppm (poppler-utils) tidak terpasang: halaman PDF tidak dijadikan PNG"
    stem = out_png.with_suffix("")
    subprocess.run(
        [exe, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    return None


def make_examples(out: Path, *, pegawai: int = 600, seed: int = 7, actor: Actor) -> ExampleFiles:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="talenta-contoh-") as tmp:
        tmpdir = Path(tmp)
        generate_to(tmpdir / "csv", pegawai=pegawai, seed=seed)
        engine = make_engine(DatabaseSettings(url=f"sqlite:///{tmpdir / 'contoh.db'}"))
        try:
            migrate.upgrade(engine)
            import_directory(engine, tmpdir / "csv")
            audit = AuditLog(engine, secrets.token_bytes(32))
            with Session(engine) as s:
                inst = s.exec(select(Instansi).where(Instansi.kode == EXAMPLE_INSTANSI)).one()
                assert inst.id is not None
                g = pictures.pool_grid(
                    s, frozenset({inst.id}), None, people=True, caches=PictureCaches()
                )
                nb = out / "ninebox.png"
                nb.write_bytes(
                    render_ninebox(
                        g.cells,
                        title=f"Peta talenta — {inst.nama}",
                        caption=pictures.picture_caption(g),
                    )
                )
                written.append(nb)
                chart = _competency_example(s, inst.id)
                if chart is not None:
                    path = out / "kompetensi.png"
                    path.write_bytes(chart)
                    written.append(path)
                ref = _shortlist(audit, s, inst.id, actor)
            made = shortlist_doc.generate(audit, ref, actor)
            pdf = tmpdir / "daftar.pdf"
            pdf.write_bytes(made.pdf)
            page = out / "dokumen-daftar-hal1.png"
            reason = _first_page_png(pdf, page)
            if reason is None:
                written.append(page)
            else:
                skipped.append(reason)
        finally:
            engine.dispose()
    return ExampleFiles(tuple(written), tuple(skipped), ref)


def _competency_example(s: Session, instansi_id: int) -> bytes | None:
    """The first assessed employee of the agency whose chart shows at least one gap."""
    ids = s.exec(
        select(Pegawai.id)
        .where(Pegawai.instansi_id == instansi_id, Pegawai.status == "aktif")
        .order_by(col(Pegawai.id))
    ).all()
    fallback: bytes | None = None
    for pid in ids:
        if pid is None:
            continue
        points = pictures.competency_points(s, pid)
        if not points or all(p.level is None for p in points):
            continue
        png = render_competency_chart(points, title="Kompetensi vs standar jabatan saat ini")
        if any(p.gap for p in points):
            return png
        fallback = fallback or png
    return fallback
