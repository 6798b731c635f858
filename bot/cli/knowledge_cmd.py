"""`talenta knowledge …`: the regulation knowledge base (list) and official texts (ingest)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from bot.cli.common import EXIT_USAGE, fail, out, runtime
from db.clock import now_wib, tanggal_panjang
from knowledge.corpus import Corpus, CorpusError, load_corpus
from knowledge.corpus_schema import RecordKind
from knowledge.ingest import IngestError, list_official, parse_official, store

app = typer.Typer(
    help="Basis pengetahuan regulasi: daftar regulasi dan teks resmi instansi.",
    no_args_is_help=True,
)


def _corpus() -> Corpus:
    try:
        return load_corpus()
    except CorpusError as exc:
        raise fail(f"Korpus regulasi tidak sah: {exc}") from None


@app.command("list")
def list_command() -> None:
    """Menampilkan regulasi dan sumber, statusnya, dan jumlah ketentuan per tingkat verifikasi."""
    rt = runtime()
    corpus = _corpus()
    official = set(list_official(Path(rt.settings.app.data_dir)))
    table = Table(title=f"Basis pengetahuan (mutakhir per {tanggal_panjang(corpus.current_to)})")
    for col in ("Id", "Nama", "Jenis", "Status", "Ketentuan", "V/S/U", "Teks resmi"):
        table.add_column(col)
    totals: Counter[str] = Counter()
    for reg in corpus.regulations(RecordKind.regulation) + corpus.regulations(RecordKind.source):
        levels = Counter(p.verification.value for p in reg.provisions)
        totals.update(levels)
        kind = "regulasi" if reg.kind is RecordKind.regulation else "sumber"
        status = reg.status.label() if reg.kind is RecordKind.regulation else "-"
        table.add_row(
            reg.id,
            reg.short_name,
            kind,
            status,
            str(len(reg.provisions)),
            f"{levels['verified']}/{levels['secondary']}/{levels['unverified']}",
            "ada" if reg.id in official else "-",
        )
    out.print(table)
    out.print(
        f"{len(corpus.regulations(RecordKind.regulation))} regulasi, "
        f"{len(corpus.regulations(RecordKind.source))} sumber, "
        f"{len(corpus.provisions())} ketentuan (terverifikasi {totals['verified']}, "
        f"sekunder {totals['secondary']}, belum terverifikasi {totals['unverified']}).",
        highlight=False,
    )


@app.command("ingest")
def ingest_command(
    file: Path = typer.Argument(..., help="Berkas PDF atau TXT salinan resmi peraturan"),
    regulation: str = typer.Option(..., "--regulation", "-r", help="Id regulasi, mis. pp-11-2017"),
) -> None:
    """Memecah teks resmi menjadi BAB/Pasal/ayat dan menyimpannya untuk dikutip dalam jawaban."""
    rt = runtime()
    corpus = _corpus()
    if regulation not in corpus:
        raise fail(
            f"Regulasi {regulation!r} tidak ada dalam korpus; lihat `talenta knowledge list`.",
            code=EXIT_USAGE,
        )
    with Progress(
        TextColumn("Membaca halaman"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:
        task = bar.add_task("read", total=None)
        try:
            doc = parse_official(
                file,
                regulation,
                now=now_wib(),
                progress=lambda i, n: bar.update(task, completed=i, total=n),
            )
        except IngestError as exc:
            raise fail(str(exc)) from None
    target = store(doc, Path(rt.settings.app.data_dir))
    ayat = sum(len(p.ayat) for p in doc.pasal)
    out.print(
        f"{corpus.regulation(regulation).short_name}: {doc.pages} halaman, {len(doc.babs)} BAB, "
        f"{len(doc.pasal)} Pasal, {ayat} ayat tersimpan di {target}.",
        highlight=False,
    )
