"""Row validation: types, required columns, NIP, business rules, references, duplicates.

Tables are read in layout order, so every reference points to a table already validated.
Everything found goes to an ``IssueLog``; nothing here touches the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from db.importer.issues import IssueLog
from db.importer.profile import ReadOptions
from db.importer.progress import ProgressSink
from db.importer.rowplan import TablePlan
from db.importer.snapshot import Row, Snapshot
from db.importer.sources import FileState, Source, ordered, read_rows
from db.layout import FILES_BY_NAME, REQUIRED_FILES, FileSpec
from db.nip import NipError, check_nip_date, mismatches, parse_nip


class Validator:
    def __init__(
        self,
        *,
        instansi: list[str] | None,
        strict: bool,
        today: date,
        log: IssueLog,
        read: ReadOptions | None = None,
    ):
        self.requested = [k.strip().upper() for k in instansi] if instansi else None
        self.read = read or ReadOptions()
        self.strict = strict
        self.today = today
        self.log = log
        self.snap = Snapshot()
        self._unit_rows: dict[tuple[str, str], int] = {}
        self._jabatan_rows: dict[tuple[str, str], int] = {}
        # NIPs whose pegawai row was rejected: their history rows are not reported again.
        self._rejected: set[str] = set()
        self._unusable: set[str] = set()  # tables with a file-level problem (or behind one)

    def run(self, sources: dict[str, Source], progress: ProgressSink) -> Snapshot:
        for name in REQUIRED_FILES:
            if name not in sources:
                self.log.error(f"{name}.csv", "Berkas wajib tidak ada di folder impor.")
        if "asesmen_kompetensi" in sources and "asesmen" not in sources:
            self.log.error(
                sources["asesmen_kompetensi"].label,
                "Berkas asesmen_kompetensi memerlukan berkas asesmen di folder yang sama.",
            )
        if self.log.error_count:
            return self.snap
        self.snap.present = frozenset(sources)
        progress.phase(
            "Membaca dan memeriksa", sum(s.size for s in sources.values() if not s.sheet)
        )
        for src in ordered(sources):
            self._table(src, progress)
            if src.table == "instansi":
                self._coverage(src.label)
            elif src.table == "unit_kerja":
                self._check_induk(src.label)
            elif src.table == "jabatan":
                self._check_atasan(src.label)
        self.snap.header_only = frozenset(n for n in sources if not self.snap.rows_read.get(n))
        return self.snap

    # -- one table ---------------------------------------------------------------------------

    def _table(self, src: Source, progress: ProgressSink) -> None:
        spec = FILES_BY_NAME[src.table]
        plan = TablePlan(spec, self.today, self.read)
        convs = plan.converters
        store = getattr(self, f"_store_{spec.name}", None)
        count = 0
        log = self.log
        label = src.label
        state = FileState()
        # A table that refers to an unreadable one is only checked for file-level problems:
        # its rows would all fail their references and bury the real cause.
        depends = {target.split(".")[0] for target in spec.references.values()}
        check_only = bool(depends & self._unusable)
        width = len(convs)
        for number, values, problems in read_rows(
            src, log, progress, state, self.read, self.requested
        ):
            count += 1
            if check_only:
                continue
            if problems:  # cells that are no value at all (NUL, formula, line break, …)
                for i, (message, shown) in sorted(problems.items()):
                    log.error(label, message, number, spec.column_names[i], shown)
                if spec.name == "pegawai":
                    self._rejected.add(values[0].strip())
                continue
            row: list[Any] = [None] * width
            ok = True
            for i, name, required, conv in convs:
                s = values[i].strip()
                if not s:
                    if required:
                        log.error(label, "Wajib diisi.", number, name)
                        ok = False
                    continue
                try:
                    row[i] = conv(s)
                except ValueError as exc:
                    log.error(label, str(exc), number, name, s)
                    ok = False
            if ok and plan.check(log, label, number, row):
                if store is not None:
                    store(label, number, tuple(row))
                    if spec.name == "pegawai" and not self._known_nip(row[0]):
                        self._rejected.add(row[0])
                else:
                    self._store_history(spec, plan, label, number, tuple(row))
            elif spec.name == "pegawai":
                self._rejected.add(values[0].strip())
        self.snap.rows_read[spec.name] = count
        if state.broken or check_only:
            self._unusable.add(spec.name)

    # -- org tables --------------------------------------------------------------------------

    def _store_instansi(self, label: str, number: int, row: Row) -> None:
        kode = row[0].upper()
        if kode in self.snap.instansi:
            self.log.error(
                label, "Kode instansi ganda (kunci: kode_instansi).", number, "kode_instansi", kode
            )
            return
        self.snap.instansi[kode] = (kode, *row[1:])

    def _coverage(self, label: str) -> None:
        known = set(self.snap.instansi)
        if self.requested is None:
            self.snap.covered = frozenset(known)
            return
        for kode in self.requested:
            if kode not in known:
                self.log.error(
                    label,
                    f"Instansi --instansi {kode} tidak ada di berkas instansi.",
                    None,
                    "kode_instansi",
                    kode,
                )
        self.snap.covered = frozenset(k for k in self.requested if k in known)

    def _instansi_ref(self, label: str, number: int, kode: str) -> str | None:
        k = kode.upper()
        if k not in self.snap.instansi:
            self.log.error(
                label, "Kode instansi tidak ada di berkas instansi.", number, "kode_instansi", kode
            )
            return None
        return k

    def _store_unit_kerja(self, label: str, number: int, row: Row) -> None:
        ki = self._instansi_ref(label, number, row[0])
        if ki is None:
            return
        key = (ki, row[1])
        if key in self.snap.units:
            self.log.error(
                label,
                "Unit ganda (kunci: kode_instansi, kode_unit), sama dengan baris "
                f"{self._unit_rows[key]}.",
                number,
                "kode_unit",
                row[1],
            )
            return
        self.snap.units[key] = (ki, *row[1:])
        self._unit_rows[key] = number

    def _check_induk(self, label: str) -> None:
        for key, row in self.snap.units.items():
            induk = row[4]
            if induk and (key[0], induk) not in self.snap.units:
                self.log.error(
                    label,
                    "kode_induk tidak ada di unit_kerja instansi yang sama.",
                    self._unit_rows[key],
                    "kode_induk",
                    induk,
                )

    def _store_jabatan(self, label: str, number: int, row: Row) -> None:
        ki = self._instansi_ref(label, number, row[0])
        if ki is None:
            return
        key = (ki, row[1])
        ok = True
        if (ki, row[6]) not in self.snap.units:
            self.log.error(
                label,
                "kode_unit tidak ada di unit_kerja instansi ini.",
                number,
                "kode_unit",
                row[6],
            )
            ok = False
        if row[3] == "fungsional" and row[4] is None:
            self.log.error(label, "Wajib diisi untuk jabatan fungsional.", number, "jenjang")
            ok = False
        if key in self.snap.jabatan:
            self.log.error(
                label,
                "Jabatan ganda (kunci: kode_instansi, kode_jabatan), sama dengan baris "
                f"{self._jabatan_rows[key]}.",
                number,
                "kode_jabatan",
                row[1],
            )
            ok = False
        if ok:
            self.snap.jabatan[key] = (ki, *row[1:])
            self._jabatan_rows[key] = number

    def _check_atasan(self, label: str) -> None:
        for key, row in self.snap.jabatan.items():
            atasan = row[9]
            if atasan and (key[0], atasan) not in self.snap.jabatan:
                self.log.error(
                    label,
                    "kode_atasan tidak ada di jabatan instansi yang sama.",
                    self._jabatan_rows[key],
                    "kode_atasan",
                    atasan,
                )

    def _store_jabatan_kompetensi(self, label: str, number: int, row: Row) -> None:
        ki = self._instansi_ref(label, number, row[0])
        if ki is None:
            return
        key = (ki, row[1])
        if key not in self.snap.jabatan:
            self.log.error(
                label,
                "kode_jabatan tidak ada di berkas jabatan instansi ini.",
                number,
                "kode_jabatan",
                row[1],
            )
            return
        per = self.snap.kompetensi.setdefault(key, {})
        if row[2] in per:
            self.log.error(
                label,
                "Kompetensi ganda untuk jabatan ini "
                "(kunci: kode_instansi, kode_jabatan, kompetensi).",
                number,
                "kompetensi",
                row[2],
            )
            return
        per[row[2]] = (ki, *row[1:])

    # -- employees ---------------------------------------------------------------------------

    def _store_pegawai(self, label: str, number: int, row: Row) -> None:
        (
            nip,
            _nama,
            _gd,
            _gb,
            jk,
            lahir,
            status_kep,
            gol,
            _tmt_gol,
            tmt_cpns,
            kode_instansi,
            kode_unit,
            kode_jabatan,
            *_rest,
        ) = row
        ok = True
        try:
            parsed = parse_nip(nip, pppk=status_kep == "PPPK")
        except NipError as exc:
            self.log.error(label, str(exc), number, "nip", nip)
            return
        future = check_nip_date(parsed, self.today)
        if future:
            self.log.error(label, future, number, "nip", nip)
            ok = False
        for message in mismatches(parsed, tanggal_lahir=lahir, jenis_kelamin=jk):
            column = "tanggal_lahir" if message.startswith("Tanggal") else "jenis_kelamin"
            value = lahir.isoformat() if column == "tanggal_lahir" else jk
            if self.strict:
                self.log.error(label, message + " (mode --strict)", number, column, value)
                ok = False
            else:
                self.log.warning(label, message, number, column, value)
        if lahir >= self.today:
            self.log.error(
                label,
                "Tanggal lahir harus di masa lalu.",
                number,
                "tanggal_lahir",
                lahir.isoformat(),
            )
            ok = False
        if status_kep == "PNS":
            for col, v in (("golongan", gol), ("tmt_cpns", tmt_cpns)):
                if v is None:
                    self.log.error(label, "Wajib diisi untuk PNS.", number, col)
                    ok = False
        ki = self._instansi_ref(label, number, kode_instansi)
        if ki is None:
            return
        if (ki, kode_unit) not in self.snap.units:
            self.log.error(
                label,
                "kode_unit tidak ada di unit_kerja instansi ini.",
                number,
                "kode_unit",
                kode_unit,
            )
            ok = False
        if kode_jabatan and (ki, kode_jabatan) not in self.snap.jabatan:
            self.log.error(
                label,
                "kode_jabatan tidak ada di berkas jabatan instansi ini.",
                number,
                "kode_jabatan",
                kode_jabatan,
            )
            ok = False
        if nip in self.snap.pegawai or nip in self.snap.elsewhere:
            self.log.error(
                label,
                "NIP ganda: satu pegawai hanya boleh satu baris (kunci: nip).",
                number,
                "nip",
                nip,
            )
            return
        if not ok:
            return
        if ki in self.snap.covered:
            self.snap.pegawai[nip] = (nip, *row[1:10], ki, *row[11:])
        else:
            self.snap.elsewhere[nip] = ki

    def _known_nip(self, nip: str) -> bool:
        return nip in self.snap.pegawai or nip in self.snap.elsewhere

    def _store_history(
        self, spec: FileSpec, plan: TablePlan, label: str, number: int, row: Row
    ) -> None:
        nip = row[0]
        covered = nip in self.snap.pegawai
        if not covered and nip not in self.snap.elsewhere:
            if nip in self._rejected:
                return
            self.log.error(label, "NIP tidak ada di berkas pegawai.", number, "nip", nip)
            return
        if spec.name == "keluarga" and row[1] == nip:
            self.log.error(label, "nip_keluarga sama dengan nip.", number, "nip_keluarga", row[1])
            return
        if not covered:
            return
        key = tuple(row[i] or "" for i in plan.key_rest)
        if spec.name == "asesmen_kompetensi":
            asesmen = self.snap.histories.get("asesmen", {}).get(nip, {})
            if (row[1],) not in asesmen:
                self.log.error(
                    label,
                    "Tidak ada asesmen dengan nip dan tanggal ini di berkas asesmen.",
                    number,
                    "tanggal",
                    row[1].isoformat(),
                )
                return
        per = self.snap.histories.setdefault(spec.name, {}).setdefault(nip, {})
        if key in per:
            self.log.error(
                label,
                f"Baris ganda untuk pegawai ini (kunci: {', '.join(spec.key)}).",
                number,
                spec.key[-1],
                str(key[-1]),
            )
            return
        per[key] = row
