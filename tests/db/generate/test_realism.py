"""Realism of the synthetic people: tested on the generated files, not asserted in code."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from datetime import date

from db.reference import GOLONGAN, KOMPETENSI_MANAJERIAL, golongan_rank
from tests.db.generate.conftest import Dataset

ENTRY = {
    "SLTA": "II/a",
    "D-III": "II/c",
    "S1": "III/a",
    "D-IV": "III/a",
    "S2": "III/b",
    "S3": "III/c",
}


def _age(birth: date, on: date) -> float:
    return (on - birth).days / 365.25


def _bup(jab: dict[str, str] | None) -> int:
    if jab is None:
        return 58
    if jab["jenis"].startswith("jpt") or jab["jenjang"] == "ahli_madya":
        return 60
    return 65 if jab["jenjang"] == "ahli_utama" else 58


def _jabatan(ds: Dataset) -> dict[tuple[str, str], dict[str, str]]:
    return {(j["kode_instansi"], j["kode_jabatan"]): j for j in ds.rows["jabatan"]}


def _active(ds: Dataset) -> list[dict[str, str]]:
    return [p for p in ds.rows["pegawai"] if p["status"] == "aktif"]


def _job(ds: Dataset, jabs: dict, p: dict[str, str]) -> dict[str, str] | None:
    return jabs.get((p["kode_instansi"], p["kode_jabatan"])) if p["kode_jabatan"] else None


def test_nobody_active_past_retirement_age_and_some_near_it(dataset: Dataset) -> None:
    jabs = _jabatan(dataset)
    near = 0
    for p in _active(dataset):
        bup = _bup(_job(dataset, jabs, p))
        age = _age(date.fromisoformat(p["tanggal_lahir"]), dataset.as_of)
        assert age < bup, f"active at {age:.1f} with BUP {bup}"
        if p["kode_jabatan"] and bup - age <= 2:
            near += 1
    assert near >= 0.02 * len(_active(dataset))
    retired = [p for p in dataset.rows["pegawai"] if p["status"] == "pensiun"]
    assert retired and all(p["tanggal_status"] and not p["kode_jabatan"] for p in retired)


def test_rank_consistent_with_age_education_and_service(dataset: Dataset) -> None:
    edu: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in dataset.rows["riwayat_pendidikan"]:
        edu[e["nip"]].append((int(e["tahun_lulus"]), e["jenjang"]))
    for p in _active(dataset):
        if p["status_kepegawaian"] == "PPPK":
            assert not p["golongan"] and not p["tmt_cpns"]
            continue
        gol, lahir = p["golongan"], date.fromisoformat(p["tanggal_lahir"])
        cpns, tmt_gol = date.fromisoformat(p["tmt_cpns"]), date.fromisoformat(p["tmt_golongan"])
        assert cpns <= tmt_gol <= dataset.as_of
        age = _age(lahir, dataset.as_of)
        if golongan_rank(gol) >= golongan_rank("IV/a"):
            assert age >= 30, f"{gol} at {age:.0f}"
        at_entry = [j for y, j in edu[p["nip"]] if y <= cpns.year] or ["SLTA"]
        entry = max((ENTRY[j] for j in at_entry if j in ENTRY), key=golongan_rank)
        steps = golongan_rank(gol) - golongan_rank(entry)
        service = (dataset.as_of - cpns).days / 365.25
        assert steps >= 0, f"{gol} below entry rank {entry}"
        assert steps * 4 <= service + 0.5, f"{gol} after {service:.1f} years from {entry}"
        assert 18 <= _age(lahir, cpns) <= 46


def test_position_kind_consistent_with_rank(dataset: Dataset) -> None:
    jabs = _jabatan(dataset)
    floor = {
        "jpt_madya": "IV/c",
        "jpt_pratama": "IV/b",
        "administrator": "III/d",
        "pengawas": "III/b",
    }
    jenjang_floor = {"ahli_muda": "III/c", "ahli_madya": "IV/a", "ahli_utama": "IV/d"}
    seen = Counter()
    for p in _active(dataset):
        jab = _job(dataset, jabs, p)
        if jab is None or not p["golongan"]:
            continue
        r = golongan_rank(p["golongan"])
        seen[jab["jenis"]] += 1
        if jab["jenis"] in floor:
            assert r >= golongan_rank(floor[jab["jenis"]]), (jab["nama"], p["golongan"])
        if jab["jenjang"] in jenjang_floor:
            assert r >= golongan_rank(jenjang_floor[jab["jenjang"]]), (jab["nama"], p["golongan"])
        if jab["jenis"] == "pelaksana":
            assert r <= golongan_rank("III/d")
    assert set(seen) >= {
        "jpt_madya",
        "jpt_pratama",
        "administrator",
        "pengawas",
        "fungsional",
        "pelaksana",
    }


def test_positions_of_every_kind_with_standards(dataset: Dataset) -> None:
    jabs = dataset.rows["jabatan"]
    std: dict[tuple[str, str], dict[str, tuple[str, int]]] = defaultdict(dict)
    for k in dataset.rows["jabatan_kompetensi"]:
        std[(k["kode_instansi"], k["kode_jabatan"])][k["kompetensi"]] = (
            k["jenis"],
            int(k["level"]),
        )
    ranges = {
        "jpt_madya": (4, 5),
        "jpt_pratama": (4, 5),
        "administrator": (3, 4),
        "pengawas": (2, 3),
    }
    for j in jabs:
        s = std[(j["kode_instansi"], j["kode_jabatan"])]
        assert all(k in s for k in (*KOMPETENSI_MANAJERIAL, "Perekat Bangsa")), j["nama"]
        assert 1 <= sum(1 for jenis, _ in s.values() if jenis == "teknis") <= 3
        lo, hi = ranges.get(j["jenis"], (1, 5))
        for k in KOMPETENSI_MANAJERIAL:
            assert lo <= s[k][1] <= hi, (j["nama"], k, s[k])
        if j["jenis"] == "fungsional":
            assert j["jenjang"]
        if j["jenis"] in ranges:
            assert j["eselon"]
    occupied = Counter(
        (p["kode_instansi"], p["kode_jabatan"]) for p in _active(dataset) if p["kode_jabatan"]
    )
    vacant = [
        j for j in jabs if occupied[(j["kode_instansi"], j["kode_jabatan"])] < int(j["formasi"])
    ]
    assert any(j["jenis"] in ("administrator", "pengawas", "jpt_pratama") for j in vacant)
    assert any(j["jenis"] == "pelaksana" and int(j["formasi"]) > 1 for j in jabs)
    for key, n in occupied.items():
        assert n <= int(
            next(j for j in jabs if (j["kode_instansi"], j["kode_jabatan"]) == key)["formasi"]
        )
    fields = {j["bidang"] for j in jabs}
    assert {
        "keuangan",
        "perencanaan",
        "kepegawaian",
        "kesehatan",
        "pendidikan",
        "pengawasan",
        "pengadaan",
        "teknologi informasi",
        "hukum",
    } <= fields
    names = " ".join(j["nama"] for j in jabs)
    for jf in (
        "Analis Keuangan Pusat dan Daerah",
        "Auditor",
        "Perencana",
        "Dokter",
        "Perawat",
        "Guru",
        "Pranata Komputer",
        "Analis Kebijakan",
        "Arsiparis",
    ):
        assert jf in names, jf


def test_predicates_spread_as_agencies_report(dataset: Dataset) -> None:
    preds = Counter(r["predikat"] for r in dataset.rows["kinerja"])
    total = sum(preds.values())
    assert preds["Baik"] / total > 0.6
    assert 0.05 < preds["Sangat Baik"] / total < 0.3
    lower = preds["Butuh Perbaikan"] + preds["Kurang"] + preds["Sangat Kurang"]
    assert 0.02 < lower / total < 0.15
    assert preds["Kurang"] > 0


def test_sanctions_incomplete_profiles_and_family_links(dataset: Dataset) -> None:
    rows, as_of = dataset.rows, dataset.as_of
    hd = rows["hukuman_disiplin"]
    levels = Counter(h["tingkat"] for h in hd)
    assert levels["ringan"] > levels["sedang"] > 0 and levels["berat"] >= 1
    assert any(date.fromisoformat(h["tmt_selesai"]) > as_of for h in hd), "none still running"
    placed = [p["nip"] for p in _active(dataset) if p["kode_jabatan"]]
    assessed = {a["nip"] for a in rows["asesmen"]}
    recent = {k["nip"] for k in rows["kinerja"] if int(k["tahun"]) == as_of.year - 1}
    assert 0.05 < sum(n not in assessed for n in placed) / len(placed) < 0.8
    assert sum(n not in recent for n in placed) >= 0.02 * len(placed)
    fam = rows["keluarga"]
    pairs = {(f["nip"], f["nip_keluarga"]): f["hubungan"] for f in fam}
    inverse = {
        "pasangan": "pasangan",
        "anak": "orang_tua",
        "orang_tua": "anak",
        "saudara": "saudara",
    }
    for (a, b), rel in pairs.items():
        assert pairs[(b, a)] == inverse[rel]
    assert 5 <= len(pairs) // 2 <= 0.05 * len(rows["pegawai"])
    agency = {p["nip"]: p["kode_instansi"] for p in rows["pegawai"]}
    assert any(agency[a] != agency[b] for a, b in pairs)
    assert any(agency[a] == agency[b] for a, b in pairs)
    born = {p["nip"]: date.fromisoformat(p["tanggal_lahir"]) for p in rows["pegawai"]}
    for (a, b), rel in pairs.items():
        if rel == "orang_tua":
            assert (born[a] - born[b]).days > 20 * 365


def test_careers_end_at_the_current_position(dataset: Dataset) -> None:
    jabs = _jabatan(dataset)
    hist: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in dataset.rows["riwayat_jabatan"]:
        hist[r["nip"]].append(r)
    multi = 0
    for p in _active(dataset):
        jab = _job(dataset, jabs, p)
        if jab is None:
            continue
        h = sorted(hist[p["nip"]], key=lambda r: r["tmt_mulai"])
        assert h[-1]["tmt_selesai"] == "" and h[-1]["nama_jabatan"] == jab["nama"]
        assert h[-1]["tmt_mulai"] == p["tmt_jabatan"]
        assert all(r["tmt_selesai"] for r in h[:-1])
        for prev, nxt in itertools.pairwise(h):
            assert prev["tmt_mulai"] < prev["tmt_selesai"] <= nxt["tmt_mulai"]
        multi += len(h) > 1
        if p["tmt_cpns"]:
            assert h[0]["tmt_mulai"] >= p["tmt_cpns"]
    assert multi > 0.3 * len(_active(dataset))


def test_training_hours_and_leadership_training(dataset: Dataset) -> None:
    rows, year = dataset.rows, dataset.as_of.year - 1
    jp: Counter[str] = Counter()
    kinds: dict[str, set[str]] = defaultdict(set)
    for d in rows["diklat"]:
        kinds[d["nip"]].add(d["jenis"])
        if int(d["tahun"]) == year:
            jp[d["nip"]] += int(d["jp"])
    placed = [
        p
        for p in _active(dataset)
        if p["kode_jabatan"] and p["tmt_cpns"] and p["tmt_cpns"] < f"{year}"
    ]
    share = sum(jp[p["nip"]] >= 20 for p in placed) / len(placed)
    assert 0.55 < share < 0.97
    jabs = _jabatan(dataset)
    admins = [
        p
        for p in _active(dataset)
        if (_job(dataset, jabs, p) or {}).get("jenis") == "administrator"
    ]
    assert sum("PKA" in kinds[p["nip"]] for p in admins) > 0.7 * len(admins)
    assert any("LATSAR" in k for k in kinds.values())


def test_rich_profiles_for_candidate_search(dataset: Dataset) -> None:
    certs = Counter(s["nama"] for s in dataset.rows["sertifikasi"])
    assert certs["Sertifikat Ahli Pengadaan Barang/Jasa"] > 0
    assert certs["Qualified Internal Auditor (QIA)"] > 0
    trainings = {d["nama"] for d in dataset.rows["diklat"]}
    for t in (
        "Pelatihan Audit Berbasis Risiko",
        "Bimtek Penyusunan RKA-SKPD pada SIPD",
        "Pelatihan Manajemen Puskesmas",
        "Pelatihan Keamanan Siber untuk Instansi Pemerintah",
    ):
        assert t in trainings
    titles = Counter(p["gelar_belakang"] for p in dataset.rows["pegawai"])
    assert any("S.E." in t for t in titles) and any("S.Kom." in t for t in titles)
    assert any(p["gelar_depan"] in ("H.", "Hj.") for p in dataset.rows["pegawai"])


def test_assessments_follow_the_position_standard(dataset: Dataset) -> None:
    rows = dataset.rows
    by_nip = {p["nip"]: p for p in rows["pegawai"]}
    std = {
        (k["kode_instansi"], k["kode_jabatan"], k["kompetensi"]): int(k["level"])
        for k in rows["jabatan_kompetensi"]
    }
    diffs = []
    for a in rows["asesmen_kompetensi"]:
        p = by_nip[a["nip"]]
        key = (p["kode_instansi"], p["kode_jabatan"], a["kompetensi"])
        if key in std:
            diffs.append(int(a["level"]) - std[key])
    assert diffs and sum(abs(d) <= 1 for d in diffs) / len(diffs) > 0.8
    assert any(d < 0 for d in diffs) and any(d > 0 for d in diffs)
    cats = Counter(a["kategori_potensi"] for a in rows["asesmen"])
    assert set(cats) == {"rendah", "menengah", "tinggi"}


def test_official_ninebox_and_succession_group(dataset: Dataset) -> None:
    rows = dataset.rows
    boxes = rows["ninebox_resmi"]
    assert boxes and all(
        b["sumber"] == f"BKN ProASN {b['tahun']}" and 1 <= int(b["kotak"]) <= 9 for b in boxes
    )
    assert len({b["kotak"] for b in boxes}) >= 6
    succ = {r["nip"] for r in rows["rencana_suksesi"]}
    assert succ and len(succ) < 0.2 * len(rows["pegawai"])
    box = {b["nip"]: int(b["kotak"]) for b in boxes}
    preds = defaultdict(list)
    for k in rows["kinerja"]:
        preds[k["nip"]].append(k["predikat"])
    good = sum(
        (box.get(n, 9) >= 6 and "Sangat Baik" in preds[n]) or box.get(n, 0) >= 7 for n in succ
    )
    assert good / len(succ) > 0.9
    assert all(g in GOLONGAN for g in {p["golongan"] for p in rows["pegawai"]} - {""})


def test_education_meets_position_minimum_and_fits_the_field(dataset: Dataset) -> None:
    from db.reference import pendidikan_level

    jabs = _jabatan(dataset)
    highest: dict[str, str] = {}
    majors: dict[str, set[str]] = defaultdict(set)
    for e in dataset.rows["riwayat_pendidikan"]:
        if e["nip"] not in highest or pendidikan_level(e["jenjang"]) > pendidikan_level(
            highest[e["nip"]]
        ):
            highest[e["nip"]] = e["jenjang"]
        majors[e["nip"]].add(e["jurusan"])
    short = 0
    placed = 0
    for p in _active(dataset):
        jab = _job(dataset, jabs, p)
        if jab is None:
            continue
        placed += 1
        short += pendidikan_level(highest[p["nip"]]) < pendidikan_level(jab["pendidikan_min"])
        if jab["bidang"] == "kedokteran" and jab["jenis"] == "fungsional":
            assert "Pendidikan Dokter" in majors[p["nip"]]
            assert p["gelar_depan"].find("dr.") >= 0
    assert short <= 0.01 * placed
