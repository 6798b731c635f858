"""The header row: which file column holds which layout column (directly or via a profile).

Without a profile the header must use Talenta's column names (any order, optional ones may be
left out). With a profile, a table's columns may also carry the export's own names (see
``db.importer.profile``), absent columns may get a default, and columns the profile does not
know are skipped with one warning when the profile says so: they are never read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from db.importer.issues import IssueLog
from db.importer.profile import INSTANSI_OPTION, ReadOptions, normalise
from db.layout import FileSpec


@dataclass
class HeaderMap:
    index: list[int | None]  # layout position -> file position (None: absent)
    defaults: dict[int, str] = field(default_factory=dict)  # layout position -> value

    @property
    def identity(self) -> bool:
        return not self.defaults and self.index == list(range(len(self.index)))


def suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Mungkin maksudnya '{close[0]}'?" if close else ""


def map_header(
    label: str,
    spec: FileSpec,
    header: list[str],
    log: IssueLog,
    read: ReadOptions,
    instansi: list[str] | None,
) -> HeaderMap | None:
    """The mapping of ``header`` to ``spec``'s columns, or None (errors logged)."""
    profile = read.profile
    tm = read.table(spec.name)
    norm = normalise if profile else (lambda s: s.strip().lower())
    names = [norm(h) for h in header]
    while names and not names[-1]:
        names.pop()
    alias = {norm(c): c for c in spec.column_names}
    if tm is not None:
        for target, cm in tm.columns.items():
            alias.update({norm(n): target for n in cm.names})
    if names and not set(alias).intersection(names) and _looks_like_data(names):
        log.error(
            label,
            "Baris 1 harus berisi nama kolom (judul), tetapi berisi data. Tambahkan baris judul: "
            + ",".join(spec.column_names),
            1,
        )
        return None
    ok = True
    position: dict[str, int] = {}
    ignored: list[str] = []
    for i, name in enumerate(names):
        column = alias.get(name)
        if not name:
            log.error(label, "Ada kolom tanpa nama di baris judul.", 1)
            ok = False
        elif column is None:
            if profile is not None and profile.other_columns == "ignore":
                ignored.append(header[i].strip())
            else:
                log.error(label, "Nama kolom tidak dikenal." + suggest(name, alias), 1, name, name)
                ok = False
        elif column in position:
            first = header[position[column]].strip()
            log.error(
                label,
                f"Kolom '{header[i].strip()}' muncul dua kali di baris judul"
                + (f" (sama dengan '{first}')." if norm(first) != name else "."),
                1,
                column,
            )
            ok = False
        else:
            position[column] = i
    defaults = _defaults(label, spec, read, position, instansi, log)
    if defaults is None:
        return None
    missing = [
        c.name
        for c in spec.columns
        if c.required and c.name not in position and spec.column_names.index(c.name) not in defaults
    ]
    if missing:
        hint = ""
        if tm is not None:
            looked = [f"{c}: {', '.join(tm.columns[c].names)}" for c in missing if c in tm.columns]
            if looked and profile is not None:
                hint = f" Profil {profile.name} mencari " + "; ".join(looked) + "."
        log.error(
            label, "Kolom wajib tidak ada di baris judul: " + ", ".join(missing) + "." + hint, 1
        )
        ok = False
    if not ok:
        return None
    if ignored and profile is not None:
        log.warning(
            label,
            f"{len(ignored)} kolom tidak dipakai Talenta dan tidak dibaca (profil {profile.name}): "
            + ", ".join(ignored[:12])
            + (" …" if len(ignored) > 12 else "")
            + ".",
            1,
        )
    return HeaderMap([position.get(c) for c in spec.column_names], defaults)


def _defaults(
    label: str,
    spec: FileSpec,
    read: ReadOptions,
    position: dict[str, int],
    instansi: list[str] | None,
    log: IssueLog,
) -> dict[int, str] | None:
    tm = read.table(spec.name)
    out: dict[int, str] = {}
    if tm is None:
        return out
    for column, cm in tm.columns.items():
        if column in position or cm.default is None:
            continue
        value = cm.default
        if value == INSTANSI_OPTION:
            if not instansi or len(instansi) != 1:
                log.error(
                    label,
                    f"Kolom {column} tidak ada di berkas; profil mengisinya dari --instansi: "
                    "berikan tepat satu --instansi KODE.",
                    1,
                    column,
                )
                return None
            value = instansi[0].strip().upper()
        out[spec.column_names.index(column)] = value
    return out


def _looks_like_data(names: list[str]) -> bool:
    return any(n[:1].isdigit() for n in names if n)
