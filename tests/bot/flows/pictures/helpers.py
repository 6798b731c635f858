"""Shared helpers for the picture and document tests: pixel sampling and extra people."""

from __future__ import annotations

import io

from PIL import Image
from sqlmodel import Session, select

from bot.media.ninebox import HIGHLIGHT, cell_centres_px
from db.models import Instansi, Jabatan, Pegawai
from tests.factories import add_asesmen, add_kinerja, make_pegawai, standar_default


def highlighted(png: bytes) -> list[tuple[int, int]]:
    """Grid positions (kinerja, potensi) whose fill is the highlight colour."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    hexes = {
        pos: "#{:02x}{:02x}{:02x}".format(*img.getpixel(xy)[:3])
        for pos, xy in cell_centres_px().items()
    }
    return [pos for pos, h in hexes.items() if h == HIGHLIGHT]


def add_estimated_star(s: Session, kode: str, nama: str) -> Pegawai:
    """An employee without an official box whom the rules place in box 9 (estimate)."""
    inst = s.exec(select(Instansi).where(Instansi.kode == kode)).one()
    jab = s.exec(select(Jabatan).where(Jabatan.instansi_id == inst.id)).first()
    peg = make_pegawai(s, inst, jabatan=jab, nama=nama)
    add_kinerja(s, peg, {2024: "Sangat Baik", 2025: "Sangat Baik"})
    add_asesmen(s, peg, standar_default(3), skor_potensi=88.0)
    return peg


def add_gapped(s: Session, kode: str, nama: str) -> Pegawai:
    """An employee assessed below standard on two competencies (gaps to show)."""
    inst = s.exec(select(Instansi).where(Instansi.kode == kode)).one()
    jab = s.exec(select(Jabatan).where(Jabatan.instansi_id == inst.id)).first()
    peg = make_pegawai(s, inst, jabatan=jab, nama=nama)
    levels = standar_default(3)
    first, second = list(levels)[:2]
    levels[first], levels[second] = 1, 2
    add_asesmen(s, peg, levels, skor_potensi=50.0)
    return peg
