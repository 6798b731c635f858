"""A history table without a file in the import means "unchanged", never "delete all".

Before the snapshot is compared with the database, the stored rows of every history table
that has no file (nor sheet) in this import are put into the snapshot for the covered
employees, in the layout's row form. The comparison then finds them unchanged: nothing of
that table is written, and an employee whose other data did not change keeps their content
hash (no new version, no re-index).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from db.importer.dbops import chunks
from db.importer.mapping import ASESMEN_KOMPETENSI, HISTORIES, HistoryMap, table_of
from db.importer.rowplan import key_positions
from db.importer.snapshot import Row, Snapshot
from db.layout import FILES_BY_NAME
from db.models import Asesmen, Pegawai


def carry_absent(conn: Connection, snap: Snapshot) -> list[str]:
    """Fill the snapshot with stored rows of the history tables not given; returns their names."""
    absent = [hm for hm in HISTORIES if hm.file not in snap.present]
    kompetensi = ASESMEN_KOMPETENSI.file not in snap.present
    if not snap.pegawai or not (absent or kompetensi):
        return []
    for hm in absent:
        _carry(conn, snap, hm)
    if kompetensi:
        _carry(conn, snap, ASESMEN_KOMPETENSI)
    return [hm.file for hm in absent] + ([ASESMEN_KOMPETENSI.file] if kompetensi else [])


def _carry(conn: Connection, snap: Snapshot, hm: HistoryMap) -> None:
    spec = FILES_BY_NAME[hm.file]
    names = spec.column_names
    db_of = dict(hm.columns)
    p = table_of(Pegawai)
    t = hm.table
    if hm is ASESMEN_KOMPETENSI:
        a = table_of(Asesmen)
        source = t.join(a, t.c.asesmen_id == a.c.id).join(p, a.c.pegawai_id == p.c.id)
        db_of["tanggal"] = "tanggal"
        cols = [p.c.nip, *(a.c.tanggal if n == "tanggal" else t.c[db_of[n]] for n in names[1:])]
    else:
        source = t.join(p, t.c.pegawai_id == p.c.id)
        cols = [p.c.nip, *(t.c[db_of[n]] for n in names[1:])]
    key_rest = key_positions(spec)
    blank_none = {i for i, n in enumerate(names) if not spec.column(n).required}
    out = snap.histories.setdefault(hm.file, {})
    parents = snap.histories.get("asesmen", {})
    for part in chunks(sorted(snap.pegawai)):
        for r in conn.execute(select(*cols).select_from(source).where(p.c.nip.in_(part))):
            row: Row = tuple(_from_db(v, i in blank_none) for i, v in enumerate(r))
            nip = row[0]
            if hm is ASESMEN_KOMPETENSI and (row[1],) not in parents.get(nip, {}):
                continue  # its assessment is gone from this snapshot: the rows go with it
            out.setdefault(nip, {})[tuple(row[i] or "" for i in key_rest)] = row


def _from_db(value: Any, optional: bool) -> Any:
    # An optional key column stored as "" (rencana_suksesi without a target) was None in the
    # file's row form.
    return None if optional and value == "" else value
