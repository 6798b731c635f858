"""Operations: `talenta backup DIR` and `talenta restore DIR`."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import console, fail, out, runtime
from bot.config.runtime import Runtime
from db.backup import BackupError, backup, restore
from db.models import metadata

# Files outside the database that are needed to rebuild indexes and verify the audit chain:
# ingested official regulation texts and exported audit anchors. Index shards themselves are
# derived data and are rebuilt after a restore (`talenta index build`).
BACKED_UP_DIRS = ("official", "audit")


def _data_files(rt: Runtime) -> dict[str, Path]:
    root = Path(rt.settings.app.data_dir)
    found: dict[str, Path] = {}
    for sub in BACKED_UP_DIRS:
        base = root / sub
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.name.endswith(".key"):
                    found[str(path.relative_to(root))] = path
    return found


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_command(
        directory: Path = typer.Argument(..., help="Folder baru untuk cadangan"),
    ) -> None:
        """Mencadangkan basis data dan berkas yang dibutuhkan untuk membangun ulang indeks."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        rt = runtime()
        tables = [t for t in metadata.sorted_tables if t.name != "alembic_version"]
        try:
            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
            ) as bar:
                task = bar.add_task("Mencadangkan tabel", total=len(tables))
                summary = backup(
                    rt.engine,
                    directory,
                    metadata,
                    files=_data_files(rt),
                    after_table=lambda _name: bar.advance(task),
                )
        except BackupError as exc:
            raise fail(str(exc)) from None
        rows = sum(summary.tables.values())
        out.print(
            f"Cadangan selesai di {directory}: {len(summary.tables)} tabel, {rows} baris, "
            f"{len(summary.files)} berkas, revisi skema {summary.revision}."
        )

    @app.command("restore")
    def restore_command(directory: Path = typer.Argument(..., help="Folder cadangan")) -> None:
        """Memulihkan cadangan ke basis data kosong (checksum diperiksa lebih dulu)."""
        rt = runtime(schema_check=False)
        root = Path(rt.settings.app.data_dir)
        try:
            from db.backup import read_manifest

            names = read_manifest(directory).get("files", {})
            summary = restore(rt.engine, directory, metadata, files_to={n: root / n for n in names})
        except BackupError as exc:
            raise fail(str(exc)) from None
        out.print(
            f"Pemulihan selesai: {sum(summary.tables.values())} baris dari {len(summary.tables)} "
            f"tabel, {len(summary.files)} berkas. Jalankan `talenta index build` lalu "
            "`talenta audit verify`."
        )
