"""`talenta health` (is this installation fit to serve?) and `talenta serve` (run the bot)."""

from __future__ import annotations

import typer
from rich.table import Table

from bot.cli.common import EXIT_NOT_READY, fail, out, runtime
from bot.cli.serving import serve_telegram
from bot.config.runtime import Runtime
from bot.config.wiring import audit_dev_key_path
from bot.ops.health import (
    CheckResult,
    check_audit_key,
    check_bot_api,
    check_database,
    check_migrations,
    run_checks,
)
from retrieval.encoders.base import Encoder
from retrieval.encoders.factory import build_encoder
from retrieval.people.store import IndexStore

EXIT_UNHEALTHY = 1


def check_model(rt: Runtime) -> tuple[CheckResult, Encoder | None]:
    """Build the configured encoder and encode one sentence (no network: bundled or local)."""
    try:
        encoder = build_encoder(rt.settings.encoder)
        vec = encoder.encode(["uji kesehatan"])
    except Exception as exc:  # any failure to load is "not loadable"
        detail = f"tidak dapat dimuat ({type(exc).__name__}): periksa bagian `encoder:`"
        return CheckResult("model", False, detail), None
    if vec.shape != (1, encoder.dim):
        return CheckResult(
            "model", False, f"dimensi keluaran {vec.shape}, harap {encoder.dim}"
        ), None
    return CheckResult("model", True, f"{encoder.name} (dim {encoder.dim})"), encoder


def check_indexes(rt: Runtime, encoder: Encoder) -> CheckResult:
    """The index check of `talenta index check`, with the same meaning of stale."""
    from bot.cli.index_cmd import INDEX_FIX, stale_detail

    store = IndexStore(rt.settings.search.index_dir, encoder, rt.settings.search)
    checks = store.check(rt.engine)
    if not checks:
        return CheckResult("indeks", True, "tidak ada pegawai aktif, tidak ada indeks")
    detail = stale_detail(checks)
    if detail is not None:
        return CheckResult("indeks", False, f"usang: {detail}: {INDEX_FIX}")
    return CheckResult("indeks", True, f"{len(checks)} instansi sesuai basis data")


def _audit_key_result(rt: Runtime) -> CheckResult:
    secret = rt.secrets.audit_hmac_key
    key = secret.get_secret_value() if secret is not None else None
    return check_audit_key(key, audit_dev_key_path(rt.settings))


def health_results(rt: Runtime, *, skip_bot_api: bool) -> list[CheckResult]:
    results = run_checks([lambda: check_database(rt.engine), lambda: check_migrations(rt.engine)])
    model, encoder = check_model(rt)
    results.append(model)
    if all(r.ok for r in results) and encoder is not None:
        results += run_checks([lambda: check_indexes(rt, encoder)])
    else:
        results.append(
            CheckResult("indeks", False, "tidak diperiksa: perbaiki basis data/migrasi/model dulu")
        )
    results += run_checks([lambda: _audit_key_result(rt)])
    token = rt.secrets.telegram_bot_token
    if skip_bot_api:
        pass
    elif token is None:
        results.append(CheckResult("Bot API", True, "tidak diperiksa: TELEGRAM_BOT_TOKEN kosong"))
    else:
        results.append(check_bot_api(rt.settings.bot.base_url, token.get_secret_value()))
    return results


def register(app: typer.Typer) -> None:
    @app.command("health")
    def health(
        skip_bot_api: bool = typer.Option(
            False, "--skip-bot-api", help="Jangan hubungi Bot API (mis. saat systemd memulai)"
        ),
    ) -> None:
        """Memeriksa basis data, migrasi, model, indeks, kunci audit, Bot API; 1 bila sakit."""
        from db.readiness import missing_sqlite_file

        rt = runtime(schema_check=False)  # the schema's state is one of the checks
        missing = missing_sqlite_file(rt.settings.database.url)
        if missing is not None:
            raise fail(
                f"Talenta TIDAK sehat: berkas basis data {missing.resolve()} tidak ada.",
                EXIT_NOT_READY,
                hint="jalankan dari folder instalasi atau set TALENTA_CONFIG; pemasangan baru: "
                "`talenta setup`.",
            )
        results = health_results(rt, skip_bot_api=skip_bot_api)
        table = Table(title="Kesehatan Talenta")
        for name in ("Pemeriksaan", "Status", "Keterangan"):
            table.add_column(name)
        for r in results:
            table.add_row(r.name, "OK" if r.ok else "GAGAL", r.detail)
        out.print(table)
        bad = [r for r in results if not r.ok]
        if bad:
            raise fail(
                "Talenta TIDAK sehat: " + "; ".join(f"{r.name}: {r.detail}" for r in bad),
                EXIT_UNHEALTHY,
            )
        out.print("Talenta sehat.")

    @app.command("serve")
    def serve() -> None:
        """Menjalankan bot Telegram saja (tanpa persiapan); yang dijalankan unit systemd."""
        rt = runtime()
        if rt.secrets.telegram_bot_token is None:
            raise fail(
                "TELEGRAM_BOT_TOKEN tidak diset: `talenta serve` hanya menjalankan bot Telegram. "
                "Isi token di /etc/talenta/talenta.env (lihat docs/operations.md), atau pakai "
                "`talenta chat` untuk mencoba di konsol.",
                2,
            )
        serve_telegram(rt)
