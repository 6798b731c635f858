"""Agencies, units, positions and competency standards: small tables, synced by natural key.

Units and positions missing from a snapshot are left in place (employees' histories and
ended employees may still point at them); competency standards of a position in the files
are replaced line by line, and left as they are when the import has no jabatan_kompetensi.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, select, true

from db.importer.dbops import delete_ids, insert_many, update_many
from db.importer.mapping import table_of
from db.importer.progress import NullProgress
from db.importer.report import EntityCounts, ImportReport
from db.importer.snapshot import Snapshot
from db.models import Instansi, Jabatan, JabatanKompetensi, UnitKerja

Key = tuple[Any, ...]
_QUIET = NullProgress()


def sync(
    conn: Connection,
    table: Table,
    key_cols: tuple[str, ...],
    scope: ColumnElement[bool],
    desired: dict[Key, dict[str, Any]],
    counts: EntityCounts,
    *,
    late: Callable[[dict[Key, int]], dict[Key, dict[str, Any]]] | None = None,
    late_cols: tuple[str, ...] = (),
    delete_absent: bool = False,
) -> dict[Key, int]:
    """Make ``table`` (within ``scope``) hold ``desired``; returns natural key -> id.

    ``late`` gives the ``late_cols`` values, columns that point at rows of the same table
    (parent unit, superior position): set after every row exists.
    """
    value_cols = list(next(iter(desired.values()))) if desired else []
    cols = [*key_cols, *value_cols, *late_cols]
    pos = {c: i + 1 for i, c in enumerate(cols)}
    nkey = len(key_cols)
    stmt = select(table.c.id, *(table.c[c] for c in cols)).where(scope)
    existing = {tuple(r[1 : nkey + 1]): tuple(r) for r in conn.execute(stmt)}
    inserts = [
        {**dict(zip(key_cols, k, strict=True)), **v}
        for k, v in desired.items()
        if k not in existing
    ]
    changed: dict[Key, dict[str, Any]] = {}
    for k, v in desired.items():
        e = existing.get(k)
        if e is not None and any(e[pos[c]] != x for c, x in v.items()):
            changed[k] = {"b_id": e[0], **v}
    insert_many(conn, table, inserts, _QUIET)
    update_many(conn, table, list(changed.values()), _QUIET)
    if inserts:
        key_stmt = select(table.c.id, *(table.c[c] for c in key_cols)).where(scope)
        ids = {tuple(r[1:]): r[0] for r in conn.execute(key_stmt)}
    else:
        ids = {k: e[0] for k, e in existing.items()}
    touched = set(changed)
    if late is not None:
        late_updates = []
        for k, v in late(ids).items():
            current = existing.get(k)
            if any((current[pos[c]] if current else None) != x for c, x in v.items()):
                late_updates.append({"b_id": ids[k], **v})
                if k in existing:
                    touched.add(k)
        update_many(conn, table, late_updates, _QUIET)
    absent = [e[0] for k, e in existing.items() if k not in desired]
    if delete_absent:
        delete_ids(conn, table, absent, _QUIET)
        counts.deleted += len(absent)
    counts.created += len(inserts)
    counts.updated += len(touched)
    counts.unchanged += len(desired) - len(inserts) - len(touched)
    return {k: i for k, i in ids.items() if not delete_absent or k in desired}


def sync_org(conn: Connection, snap: Snapshot, report: ImportReport) -> OrgIds:
    covered = sorted(snap.covered)
    t_inst = table_of(Instansi)
    inst = sync(
        conn,
        t_inst,
        ("kode",),
        true(),
        {(k,): {"nama": snap.instansi[k][1], "jenis": snap.instansi[k][2]} for k in covered},
        report.entity("instansi"),
    )
    instansi_id = {k[0]: i for k, i in inst.items()}
    scope_ids = [instansi_id[k] for k in covered]

    t_unit = table_of(UnitKerja)
    units = {k: r for k, r in snap.units.items() if k[0] in snap.covered}
    unit_ids = sync(
        conn,
        t_unit,
        ("instansi_id", "kode"),
        t_unit.c.instansi_id.in_(scope_ids),
        {(instansi_id[ki], ku): {"nama": r[2], "singkatan": r[3]} for (ki, ku), r in units.items()},
        report.entity("unit_kerja"),
        late_cols=("induk_id",),
        late=lambda ids: {
            (instansi_id[ki], ku): {"induk_id": ids[(instansi_id[ki], r[4])] if r[4] else None}
            for (ki, ku), r in units.items()
        },
    )

    t_jab = table_of(Jabatan)
    jabs = {k: r for k, r in snap.jabatan.items() if k[0] in snap.covered}
    jabatan_ids = sync(
        conn,
        t_jab,
        ("instansi_id", "kode"),
        t_jab.c.instansi_id.in_(scope_ids),
        {
            (instansi_id[ki], kj): {
                "nama": r[2],
                "jenis": r[3],
                "jenjang": r[4],
                "eselon": r[5],
                "unit_id": unit_ids[(instansi_id[ki], r[6])],
                "bidang": r[7],
                "pendidikan_min": r[8],
                "formasi": 1 if r[10] is None else r[10],
            }
            for (ki, kj), r in jabs.items()
        },
        report.entity("jabatan"),
        late_cols=("atasan_id",),
        late=lambda ids: {
            (instansi_id[ki], kj): {"atasan_id": ids[(instansi_id[ki], r[9])] if r[9] else None}
            for (ki, kj), r in jabs.items()
        },
    )

    if "jabatan_kompetensi" in snap.present:  # no file: the standards stay as they are
        _sync_kompetensi(conn, snap, report, instansi_id, jabatan_ids, list(jabs))
    return OrgIds(
        instansi={k: instansi_id[k] for k in covered},
        unit={(ki, ku): unit_ids[(instansi_id[ki], ku)] for ki, ku in units},
        jabatan={(ki, kj): jabatan_ids[(instansi_id[ki], kj)] for ki, kj in jabs},
    )


def _sync_kompetensi(
    conn: Connection,
    snap: Snapshot,
    report: ImportReport,
    instansi_id: dict[str, int],
    jabatan_ids: dict[Key, int],
    jabs: list[tuple[str, str]],
) -> None:
    t_komp = table_of(JabatanKompetensi)
    jab_scope = [jabatan_ids[(instansi_id[ki], kj)] for ki, kj in jabs]
    desired_komp = {
        (jabatan_ids[(instansi_id[ki], kj)], name): {"jenis": r[3], "level": r[4]}
        for (ki, kj), per in snap.kompetensi.items()
        if ki in snap.covered
        for name, r in per.items()
    }
    counts = report.entity("jabatan_kompetensi")
    for part in _parts(jab_scope):
        part_set = set(part)
        sync(
            conn,
            t_komp,
            ("jabatan_id", "kompetensi"),
            t_komp.c.jabatan_id.in_(part),
            {k: v for k, v in desired_komp.items() if k[0] in part_set},
            counts,
            delete_absent=True,
        )


def _parts(ids: list[int], size: int = 5000) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


class OrgIds:
    """Database ids of the covered agencies' rows, by the codes used in the files."""

    def __init__(
        self,
        instansi: dict[str, int],
        unit: dict[tuple[str, str], int],
        jabatan: dict[tuple[str, str], int],
    ) -> None:
        self.instansi = instansi
        self.unit = unit
        self.jabatan = jabatan
