"""`talenta users invite|list|revoke`: who may use the bot, and their one-time codes."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import typer
from rich.table import Table

from bot.chat import binding
from bot.chat.access import Role
from bot.cli.audit_cmd import cli_audit_log
from bot.cli.common import EXIT_USAGE, fail, out, runtime
from bot.config.audit_hooks import record_role_grant
from bot.config.doors import bot_username
from bot.doors.telegram_me import deep_link
from db.engine import session_scope
from db.private_files import open_private

app = typer.Typer(help="Pengguna bot: undangan, daftar, pencabutan.", no_args_is_help=True)


@app.command("invite")
def invite(
    role: Role | None = typer.Option(None, "--peran", help="Peran pengguna."),
    nama: str = typer.Option(None, "--nama", help="Nama orang yang diundang"),
    instansi: list[str] = typer.Option([], "--instansi", help="Kode instansi (boleh berulang)"),
    nip: str | None = typer.Option(None, "--nip", help="NIP (wajib untuk asn)"),
    akhir_jabatan: str | None = typer.Option(None, "--akhir-jabatan", help="YYYY-MM-DD (ppk)"),
    berlaku_hari: int = typer.Option(7, "--berlaku-hari", min=1, max=60),
    dari_csv: Path | None = typer.Option(
        None, "--csv", help="CSV: role,nama,instansi,nip,akhir_jabatan"
    ),
    keluaran: Path | None = typer.Option(
        None, "--keluaran", help="CSV kode undangan untuk dibagikan"
    ),
) -> None:
    """Membuat kode undangan sekali pakai (satu orang, atau banyak dari CSV)."""
    rt = runtime()
    rows: list[dict[str, str]] = []
    if dari_csv is not None:
        with dari_csv.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    elif role and nama:
        rows = [
            {
                "role": role,
                "nama": nama,
                "instansi": ";".join(instansi),
                "nip": nip or "",
                "akhir_jabatan": akhir_jabatan or "",
            }
        ]
    else:
        raise fail("Berikan --peran dan --nama, atau --csv BERKAS.", EXIT_USAGE)
    issued = []
    grants: list[tuple[int, dict[str, object]]] = []
    with session_scope(rt.engine) as s:
        for i, row in enumerate(rows, start=2):
            try:
                user = binding.create_user(
                    s,
                    role=Role(row["role"].strip()),
                    nama=row["nama"].strip(),
                    instansi_kodes=[k for k in row.get("instansi", "").split(";") if k.strip()],
                    nip=row.get("nip", "").strip() or None,
                    masa_jabatan_akhir=(
                        date.fromisoformat(row["akhir_jabatan"])
                        if row.get("akhir_jabatan")
                        else None
                    ),
                )
                inv = binding.invite(s, user, expiry=timedelta(days=berlaku_hari))
            except (binding.BindingError, ValueError, KeyError) as exc:
                where = f"{dari_csv}, baris {i}: " if dari_csv else ""
                raise fail(f"{where}{exc}", EXIT_USAGE) from None
            issued.append((user.id, row["role"], row["nama"], inv.code, inv.expires_at))
            grants.append(
                (
                    user.id or 0,
                    {
                        "role": row["role"].strip(),
                        "instansi": row.get("instansi", ""),
                        "akhir_jabatan": row.get("akhir_jabatan") or None,
                    },
                )
            )
    audit = cli_audit_log(rt)
    for gid, grant in grants:
        record_role_grant(
            audit, user_id=gid, action="invite", before=None, after=grant, reason=None
        )
    name = bot_username(rt)  # bot.username, else getMe (once per command)
    if keluaran is not None:
        with open_private(keluaran, newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["user_id", "role", "nama", "tautan", "berlaku_sampai"])
            for uid, r, n, code, exp in issued:
                w.writerow([uid, r, n, deep_link(name, code), exp.isoformat(timespec="minutes")])
        out.print(
            f"{len(issued)} undangan ditulis ke {keluaran} (mode 0600: hanya pemilik berkas yang "
            "dapat membacanya; kode di dalamnya masih berlaku). Bagikan secara pribadi, lalu "
            "hapus berkasnya."
        )
        return
    for uid, r, _n, code, exp in issued:
        out.print(
            f"Pengguna {uid} ({r}): {deep_link(name, code)}  (berlaku s.d. {exp:%Y-%m-%d %H:%M})"
        )


@app.command("list")
def list_users() -> None:
    """Daftar pengguna, peran, instansi, status ikatan dan waktu terhubung."""
    rt = runtime()
    with session_scope(rt.engine) as s:
        rows = binding.list_users(s)
    table = Table(title="Pengguna Talenta")
    for col in ("ID", "Peran", "Nama", "Instansi", "Terhubung", "Sejak", "Status"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r.id),
            r.role,
            r.nama,
            r.instansi,
            "ya" if r.bound else "tidak",
            f"{r.bound_at:%Y-%m-%d %H:%M}" if r.bound_at else "-",
            r.status,
        )
    out.print(table)


@app.command("revoke")
def revoke(
    user_id: int = typer.Argument(..., help="ID pengguna (lihat `talenta users list`)"),
    alasan: str = typer.Option("dicabut operator", "--alasan"),
) -> None:
    """Mencabut akses seorang pengguna (berlaku pada permintaan berikutnya)."""
    rt = runtime()
    with session_scope(rt.engine) as s:
        try:
            binding.revoke(s, user_id, alasan)
        except binding.BindingError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
    record_role_grant(
        cli_audit_log(rt),
        user_id=user_id,
        action="revoke",
        before={"status": "aktif"},
        after={"status": "dicabut"},
        reason=alasan,
    )
    out.print(f"Akses pengguna {user_id} dicabut.")
