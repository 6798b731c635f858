"""All tables. Importing this package registers them on ``SQLModel.metadata``."""

from __future__ import annotations

from sqlmodel import SQLModel

from db.models.access import (
    BotUser,
    BotUserInstansi,
    CallbackPayload,
    RateBucket,
    TelegramUpdate,
    Undangan,
)
from db.models.audit import (
    AuditEntry,
    AuditSubject,
    HrCase,
    Shortlist,
    ShortlistCandidate,
    ShortlistReveal,
)
from db.models.committee import (
    Committee,
    CommitteeChat,
    CommitteeMember,
    Sidang,
    SidangClose,
    SidangConflict,
    SidangVote,
)
from db.models.import_run import ImportRun
from db.models.org import Instansi, Jabatan, JabatanKompetensi, UnitKerja
from db.models.pegawai import Pegawai
from db.models.riwayat import (
    Asesmen,
    AsesmenKompetensi,
    Diklat,
    HukumanDisiplin,
    Keluarga,
    Kinerja,
    NineBoxResmi,
    RencanaSuksesi,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
)

metadata = SQLModel.metadata

__all__ = [
    "Asesmen",
    "AsesmenKompetensi",
    "AuditEntry",
    "AuditSubject",
    "BotUser",
    "BotUserInstansi",
    "CallbackPayload",
    "Committee",
    "CommitteeChat",
    "CommitteeMember",
    "Diklat",
    "HrCase",
    "HukumanDisiplin",
    "ImportRun",
    "Instansi",
    "Jabatan",
    "JabatanKompetensi",
    "Keluarga",
    "Kinerja",
    "NineBoxResmi",
    "Pegawai",
    "RateBucket",
    "RencanaSuksesi",
    "RiwayatJabatan",
    "RiwayatPendidikan",
    "Sertifikasi",
    "Shortlist",
    "ShortlistCandidate",
    "ShortlistReveal",
    "Sidang",
    "SidangClose",
    "SidangConflict",
    "SidangVote",
    "TelegramUpdate",
    "Undangan",
    "UnitKerja",
    "metadata",
]
