"""Agency choices for the merit rules (composed into ``bot.config.settings.Settings`` as ``merit``).

Numbers with a legal or documented source live in ``thresholds.yaml``; this model holds the
choices the law leaves open, each with its default. ``None`` means "use the table's value".
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

JpmSkema = Literal["brin_90_78", "jf_80_68"]
UsiaTafsir = Literal["hari_ulang_tahun", "sebelum_ulang_tahun_berikut"]
PotensiSumber = Literal["jpm", "skor", "jpm_dan_skor", "jpm_atau_skor"]


class MeritSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # JPM threshold scheme: 90/78 (Peraturan BRIN 3/2023 Pasal 33) or 80/68 (JF competency
    # test). Neither binds a regional government; per agency by instansi kode.
    jpm_skema: JpmSkema = "brin_90_78"
    jpm_skema_instansi: dict[str, JpmSkema] = Field(default_factory=dict)
    # Capped: a level above the standard counts as the standard, so a surplus in one
    # competency cannot hide a gap in another.
    jpm_dibatasi: bool = True
    # Nine-box performance axis: the last 1 or 2 completed years (2 = the lower of the two).
    ninebox_tahun_kinerja: Literal[1, 2] = 2
    # Nine-box potential axis: JPM against the current position, the assessor's potential
    # score/category, both (the lower level), or whichever is present.
    ninebox_potensi: PotensiSumber = "jpm_dan_skor"
    # Overrides of table values (None = thresholds.yaml).
    hukuman_jendela_tahun: int | None = Field(default=None, ge=1, le=30)
    usia_maks_tafsir: UsiaTafsir | None = None

    def skema_for(self, instansi_kode: str) -> JpmSkema:
        return self.jpm_skema_instansi.get(instansi_kode, self.jpm_skema)


DEFAULT_SETTINGS = MeritSettings()


class CommitteeSettings(BaseModel):
    """Defaults of a sidang komite (``committee:`` in config.yaml). Local policy, not law: the
    regulation text on the composition and quorum of a talent committee is not verified, so
    the PPK may override both when opening a sidang (``/komite sidang SL-… kuorum N jam H``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quorum: int = Field(default=3, ge=1, le=50)  # members with a valid recommendation
    close_after_hours: int = Field(default=48, ge=1, le=24 * 30)
    provenance: Literal["kebijakan lokal"] = "kebijakan lokal"
