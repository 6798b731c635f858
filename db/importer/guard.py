"""What makes an import destructive, measured inside its own transaction before it commits.

A monthly snapshot that lost its rows (a header-only export, a forgotten file, the wrong
agency's folder) must not end every employee or empty a table. The importer writes the
snapshot, counts what the covered agencies hold before and after, and stops (rolls back)
when the counts show one of these, unless the operator confirmed with ``--yakin``:

- more than ``max_ended_percent`` of an agency's active employees would be ended;
- a table would be emptied for an agency that had rows in it;
- a table the agency's last import had is missing from this one (its data is left as it is,
  but a forgotten file is worth a question).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, Table, func, select

from db.import_settings import ImportSettings
from db.importer.mapping import ASESMEN_KOMPETENSI, HISTORIES, table_of
from db.importer.report import Caution, CensusRow
from db.models import Asesmen, Jabatan, JabatanKompetensi, Pegawai
from db.reference import StatusPegawai

Census = dict[tuple[str, str], int]  # (table, agency code) -> rows


def _grouped(
    conn: Connection, stmt: Select[Any], ids: dict[int, str], table: str, out: Census
) -> None:
    for instansi_id, n in conn.execute(stmt):
        out[(table, ids[instansi_id])] = n


def census(conn: Connection, instansi: dict[str, int]) -> Census:
    """Active employees and the rows of every table an import can empty, per agency."""
    out: Census = {}
    if not instansi:
        return out
    ids = {i: k for k, i in instansi.items()}
    scope = list(ids)
    p = table_of(Pegawai)
    for kode in instansi:
        out[("pegawai", kode)] = 0
    _grouped(
        conn,
        select(p.c.instansi_id, func.count())
        .where(p.c.instansi_id.in_(scope), p.c.status == StatusPegawai.aktif.value)
        .group_by(p.c.instansi_id),
        ids,
        "pegawai",
        out,
    )
    j, jk = table_of(Jabatan), table_of(JabatanKompetensi)
    _grouped(
        conn,
        select(j.c.instansi_id, func.count())
        .select_from(jk.join(j, jk.c.jabatan_id == j.c.id))
        .where(j.c.instansi_id.in_(scope))
        .group_by(j.c.instansi_id),
        ids,
        "jabatan_kompetensi",
        out,
    )
    for hm in HISTORIES:
        _grouped(conn, _per_owner_agency(hm.table, p, scope), ids, hm.file, out)
    a, ak = table_of(Asesmen), ASESMEN_KOMPETENSI.table
    _grouped(
        conn,
        select(p.c.instansi_id, func.count())
        .select_from(ak.join(a, ak.c.asesmen_id == a.c.id).join(p, a.c.pegawai_id == p.c.id))
        .where(p.c.instansi_id.in_(scope))
        .group_by(p.c.instansi_id),
        ids,
        ASESMEN_KOMPETENSI.file,
        out,
    )
    return out


def _per_owner_agency(t: Table, p: Table, scope: list[int]) -> Select[Any]:
    return (
        select(p.c.instansi_id, func.count())
        .select_from(t.join(p, t.c.pegawai_id == p.c.id))
        .where(p.c.instansi_id.in_(scope))
        .group_by(p.c.instansi_id)
    )


def census_rows(before: Census, after: Census, covered: Iterable[str]) -> list[CensusRow]:
    """Every (table, agency) of the covered agencies that had or has rows, in a stable order."""
    keys = {k for k in (*before, *after) if k[1] in set(covered)}
    order = {name: i for i, name in enumerate(["pegawai", "jabatan_kompetensi"])}
    rows = [
        CensusRow(table, kode, before.get((table, kode), 0), after.get((table, kode), 0))
        for table, kode in keys
    ]
    rows = [r for r in rows if r.before or r.after]
    return sorted(rows, key=lambda r: (r.instansi, order.get(r.table, 2), r.table))


def cautions(
    *,
    before: Census,
    after: Census,
    ended: dict[str, int],
    deleted: dict[str, int],
    header_only: set[str],
    missing: dict[str, list[tuple[str, str]]],
    limits: ImportSettings,
) -> list[Caution]:
    """Why this import needs ``--yakin`` (empty: it may commit without asking).

    ``ended`` counts ended employees per agency, ``deleted`` deleted rows per table; ``missing``
    maps a table to the (agency, date of its last import) pairs that had it.
    """
    found: list[Caution] = []
    ended_flagged: set[str] = set()
    headers_only = " Berkas {} hanya berisi baris judul."
    for (table, kode), active in sorted(before.items()):
        if table != "pegawai" or not active:
            continue
        n = ended.get(kode, 0)
        share = 100.0 * n / active
        if share > limits.max_ended_percent:
            ended_flagged.add(kode)
            message = (
                f"{n} dari {active} pegawai aktif instansi {kode} akan diakhiri "
                f"({share:.0f} %, batas {limits.max_ended_percent:g} %)."
            )
            if "pegawai" in header_only:
                message += headers_only.format("pegawai")
            found.append(Caution("ended", "pegawai", kode, message))
    for (table, kode), rows in sorted(before.items()):
        if not rows or after.get((table, kode), 0):
            continue
        if table == "pegawai" and kode in ended_flagged:
            continue
        # Rows that followed their employee to another covered agency were not deleted.
        if not (ended.get(kode) if table == "pegawai" else deleted.get(table)):
            continue
        what = "pegawai aktif" if table == "pegawai" else f"baris {table}"
        message = f"Semua {rows} {what} instansi {kode} akan dihapus (tabel menjadi kosong)."
        if table in header_only:
            message += headers_only.format(table)
        found.append(Caution("emptied", table, kode, message))
    for table, last in sorted(missing.items()):
        for kode, when in last:
            found.append(
                Caution(
                    "missing_file",
                    table,
                    kode,
                    f"Berkas {table} ada pada impor terakhir instansi {kode} ({when}) tetapi "
                    f"tidak ada sekarang. Data {table} instansi ini dibiarkan seperti semula.",
                )
            )
    return found
