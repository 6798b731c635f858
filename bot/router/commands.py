"""The command menu: one list, shown by /bantuan, set with set_my_commands, checked by tests."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.access import Role

R = Role
ALL = frozenset(Role)
STAFF = frozenset({R.admin, R.hr, R.ppk})


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    roles: frozenset[Role]


COMMANDS: tuple[Command, ...] = (
    Command("start", "Mulai / hubungkan akun dengan kode undangan", ALL),
    Command("bantuan", "Apa yang bisa saya lakukan", ALL),
    Command("kandidat", "Cari kandidat: /kandidat <jabatan atau kebutuhan>", STAFF),
    Command("profil", "Profil talenta Anda sendiri", frozenset({R.asn})),
    Command("peluang", "Jabatan yang bisa Anda incar dan yang kurang", frozenset({R.asn})),
    Command("aturan", "Tanya aturan: /aturan <pertanyaan>", ALL),
    Command(
        "talentpool",
        "Talent pool instansi: /talentpool [unit]",
        frozenset({R.admin, R.hr, R.ppk, R.komite, R.inspector}),
    ),
    Command("bandingkan", "Bandingkan 2–3 kandidat terakhir", STAFF | {R.komite}),
    Command("daftar", "Buka lagi daftar kandidat: /daftar SL-…", STAFF | {R.komite}),
    Command("keluar", "Lepaskan akun Telegram ini dari Talenta", ALL),
)

ROLE_LABEL: dict[Role, str] = {
    R.admin: "operator BKD/BKPSDM (admin)",
    R.hr: "staf kepegawaian (HR)",
    R.ppk: "Pejabat Pembina Kepegawaian (PPK)",
    R.komite: "anggota komite talenta",
    R.inspector: "pengawas (BKN regional)",
    R.asn: "ASN",
    R.guest: "tamu",
}

EXAMPLE: dict[Role, str] = {
    R.admin: "siapa yang cocok jadi kepala bidang anggaran?",
    R.hr: "apa syarat jabatan administrator?",
    R.ppk: "siapa yang cocok jadi kepala bidang anggaran?",
    R.komite: "talent pool dinas kesehatan",
    R.inspector: "talent pool instansi",
    R.asn: "jabatan apa yang bisa saya incar?",
    R.guest: "berapa batas usia pensiun pejabat administrator?",
}


def commands_for(role: Role) -> list[Command]:
    return [c for c in COMMANDS if role in c.roles]


def known(name: str) -> bool:
    return any(c.name == name for c in COMMANDS) or name == "help"
