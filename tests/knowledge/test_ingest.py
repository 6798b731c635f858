"""Official-text ingestion on an invented regulation ("Peraturan Contoh") as TXT and PDF."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from bot.cli import app
from knowledge.citations import ProvisionRef
from knowledge.ingest import (
    IngestError,
    OfficialText,
    clean_lines,
    list_official,
    load_official,
    logical_lines,
    official_path,
    parse_official,
    store,
)

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HEADER = "SALINAN - Peraturan Contoh Nomor 7 Tahun 2026"

# Three pages, each with a running header, a page number at the top and a footer. Words are
# hyphenated across line breaks; an ayat and a huruf list run over a page break; a wrapped
# cross-reference puts "(1)" at the start of a line in Pasal 3.
PAGES = [
    [
        HEADER,
        "- 1 -",
        "PERATURAN CONTOH",
        "NOMOR 7 TAHUN 2026",
        "TENTANG",
        "TATA KELOLA KEPEGAWAIAN CONTOH",
        "Menimbang: bahwa contoh ini hanya untuk pengujian.",
        "BAB I",
        "KETENTUAN UMUM",
        "Pasal 1",
        "Dalam Peraturan ini yang dimaksud dengan:",
        "1. Pegawai adalah orang yang bekerja pada instansi",
        "contoh.",
        "2. Pejabat adalah pegawai yang diberi wewe-",
        "nang mengelola kepegawaian.",
        "3. Instansi adalah lembaga contoh.",
        "BAB II",
        "PENYELENGGARAAN",
        "Pasal 2",
        "(1) Penyelenggaraan kepegawaian dilaksanakan ber-",
        "dasarkan peraturan perundang-",
        "undangan.",
        "Halaman 1 dari 3",
    ],
    [
        HEADER,
        "- 2 -",
        "(2) Penyelenggaraan sebagaimana dimaksud pada",
        "ayat (1) meliputi:",
        "a. perencanaan kebutuhan pegawai;",
        "b. pengembangan kepega-",
        "waian; dan",
        "c. pengawasan.",
        "(3) Ketentuan lebih lanjut diatur oleh Pejabat.",
        "Pasal 3",
        "(1) Pejabat menyusun laporan setiap tahun.",
        "(2) Laporan sebagaimana dimaksud pada ayat",
        "(1) disampaikan kepada pimpinan paling lambat",
        "tanggal 31 Januari.",
        "Pasal 4",
        "Pegawai wajib mengikuti pengembangan kompe-",
        "tensi paling sedikit 20 (dua puluh) jam pelajaran",
        "Halaman 2 dari 3",
    ],
    [
        HEADER,
        "- 3 -",
        "dalam 1 (satu) tahun.",
        "BAB III",
        "KETENTUAN PENUTUP",
        "Pasal 5",
        "Peraturan ini mulai berlaku pada tanggal di-",
        "undangkan.",
        "Ditetapkan di Jambi",
        "pada tanggal 2 Januari 2026",
        "Halaman 3 dari 3",
    ],
]

EXPECTED = {
    "1": {
        "bab": "I",
        "text": (
            "Dalam Peraturan ini yang dimaksud dengan: "
            "1. Pegawai adalah orang yang bekerja pada instansi contoh. "
            "2. Pejabat adalah pegawai yang diberi wewenang mengelola kepegawaian. "
            "3. Instansi adalah lembaga contoh."
        ),
        "ayat": [],
        "angka": {
            "1": "Pegawai adalah orang yang bekerja pada instansi contoh.",
            "2": "Pejabat adalah pegawai yang diberi wewenang mengelola kepegawaian.",
            "3": "Instansi adalah lembaga contoh.",
        },
    },
    "2": {
        "bab": "II",
        "ayat": [
            (
                "1",
                "(1) Penyelenggaraan kepegawaian dilaksanakan berdasarkan peraturan "
                "perundang-undangan.",
            ),
            (
                "2",
                "(2) Penyelenggaraan sebagaimana dimaksud pada ayat (1) meliputi: "
                "a. perencanaan kebutuhan pegawai; b. pengembangan kepegawaian; dan "
                "c. pengawasan.",
            ),
            ("3", "(3) Ketentuan lebih lanjut diatur oleh Pejabat."),
        ],
        "huruf_2": {
            "a": "perencanaan kebutuhan pegawai;",
            "b": "pengembangan kepegawaian; dan",
            "c": "pengawasan.",
        },
    },
    "3": {
        "bab": "II",
        "ayat": [
            ("1", "(1) Pejabat menyusun laporan setiap tahun."),
            (
                "2",
                "(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan kepada pimpinan "
                "paling lambat tanggal 31 Januari.",
            ),
        ],
    },
    "4": {
        "bab": "II",
        "text": (
            "Pegawai wajib mengikuti pengembangan kompetensi paling sedikit 20 (dua puluh) "
            "jam pelajaran dalam 1 (satu) tahun."
        ),
        "ayat": [],
    },
    "5": {
        "bab": "III",
        "text": "Peraturan ini mulai berlaku pada tanggal diundangkan.",
        "ayat": [],
    },
}


def _write_txt(path: Path) -> Path:
    path.write_text("\f".join("\n".join(page) for page in PAGES), encoding="utf-8")
    return path


def _write_pdf(path: Path) -> Path:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for page in PAGES:
        pdf.add_page()
        for line in page:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _check_split(doc: OfficialText) -> None:
    assert [(b.number, b.title) for b in doc.babs] == [
        ("I", "KETENTUAN UMUM"),
        ("II", "PENYELENGGARAAN"),
        ("III", "KETENTUAN PENUTUP"),
    ]
    assert [p.number for p in doc.pasal] == ["1", "2", "3", "4", "5"]
    for pasal in doc.pasal:
        exp = EXPECTED[pasal.number]
        assert pasal.bab == exp["bab"], pasal.number
        assert [(a.number, a.text) for a in pasal.ayat] == exp["ayat"], pasal.number
        if "text" in exp:
            assert pasal.text == exp["text"], pasal.number
    assert {a.label: a.text for a in doc.pasal[0].angka} == EXPECTED["1"]["angka"]
    ayat2 = doc.pasal[1].ayat[1]
    assert {h.label: h.text for h in ayat2.huruf} == EXPECTED["2"]["huruf_2"]
    # Nothing of the page furniture survives anywhere.
    dump = doc.model_dump_json()
    assert "SALINAN" not in dump and "Halaman" not in dump and "- 2 -" not in dump
    assert doc.preamble.startswith("PERATURAN CONTOH NOMOR 7 TAHUN 2026")
    assert doc.closing == "Ditetapkan di Jambi pada tanggal 2 Januari 2026"
    assert doc.pages == 3
    assert [(u.id, u.text) for u in doc.units] == [
        ("peraturan-contoh:pasal-1", EXPECTED["1"]["text"]),
        *[(f"peraturan-contoh:pasal-2:ayat-{n}", t) for n, t in EXPECTED["2"]["ayat"]],
        *[(f"peraturan-contoh:pasal-3:ayat-{n}", t) for n, t in EXPECTED["3"]["ayat"]],
        ("peraturan-contoh:pasal-4", EXPECTED["4"]["text"]),
        ("peraturan-contoh:pasal-5", EXPECTED["5"]["text"]),
    ]


def test_txt_is_split_exactly(tmp_path: Path) -> None:
    doc = parse_official(_write_txt(tmp_path / "contoh.txt"), "peraturan-contoh", now=NOW)
    _check_split(doc)


def test_pdf_is_split_exactly(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = _write_pdf(tmp_path / "contoh.pdf")
    doc = parse_official(
        path, "peraturan-contoh", now=NOW, progress=lambda i, n: seen.append((i, n))
    )
    _check_split(doc)
    assert seen[-1] == (3, 3)


def test_quote_follows_provision_refs(tmp_path: Path) -> None:
    doc = parse_official(_write_txt(tmp_path / "contoh.txt"), "peraturan-contoh", now=NOW)
    q = doc.quote
    assert q(ProvisionRef.parse("peraturan-contoh:pasal-2:ayat-2:huruf-b")) == (
        "pengembangan kepegawaian; dan"
    )
    assert q(ProvisionRef.parse("peraturan-contoh:pasal-1:angka-2")) == EXPECTED["1"]["angka"]["2"]
    assert q(ProvisionRef.parse("peraturan-contoh:pasal-3:ayat-1")) == (
        "(1) Pejabat menyusun laporan setiap tahun."
    )
    assert q(ProvisionRef.parse("peraturan-contoh:pasal-4")) == EXPECTED["4"]["text"]
    assert q(ProvisionRef.parse("peraturan-contoh:pasal-9")) is None
    assert q(ProvisionRef.parse("peraturan-contoh:pasal-3:ayat-7")) is None
    assert q(ProvisionRef.parse("peraturan-contoh")) is None
    assert q(ProvisionRef.parse("pp-11-2017:pasal-1")) is None


def test_store_is_atomic_and_round_trips(tmp_path: Path) -> None:
    doc = parse_official(_write_txt(tmp_path / "contoh.txt"), "peraturan-contoh", now=NOW)
    data_dir = tmp_path / "var"
    target = store(doc, data_dir)
    assert target == official_path(data_dir, "peraturan-contoh")
    assert json.loads(target.read_text(encoding="utf-8"))["regulation"] == "peraturan-contoh"
    assert load_official(data_dir, "peraturan-contoh") == doc
    assert list_official(data_dir) == ["peraturan-contoh"]
    # A second store replaces the file; no temporary files are left behind.
    store(doc, data_dir)
    assert sorted(p.name for p in target.parent.iterdir()) == ["peraturan-contoh.json"]
    assert load_official(data_dir, "pp-11-2017") is None


def test_dehyphenation_keeps_reduplication() -> None:
    lines = logical_lines(["Pasal 1", "undang-", "undang dan masing-", "masing pene-", "tapan."])
    assert lines == ["Pasal 1", "undang-undang dan masing-masing penetapan."]


def test_pasal_numbers_are_not_taken_for_running_headers() -> None:
    words = ["pertama", "kedua", "ketiga", "keempat"]
    pages = [f"KEPALA\nPasal {i}\nIsi {w}.\nkaki {i}" for i, w in enumerate(words, start=1)]
    assert clean_lines(pages) == [
        line for i, w in enumerate(words, start=1) for line in (f"Pasal {i}", f"Isi {w}.")
    ]


def test_unreadable_inputs_name_the_file(tmp_path: Path) -> None:
    no_pasal = tmp_path / "surat.txt"
    no_pasal.write_text("Ini surat biasa tanpa pasal.\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"surat\.txt: tidak ditemukan satu pun 'Pasal'"):
        parse_official(no_pasal, "x", now=NOW)
    doc = tmp_path / "teks.docx"
    doc.write_bytes(b"PK")
    with pytest.raises(IngestError, match=r"teks\.docx: jenis berkas tidak didukung"):
        parse_official(doc, "x", now=NOW)
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4 bukan pdf")
    with pytest.raises(IngestError, match=r"rusak\.pdf: PDF tidak dapat dibaca"):
        parse_official(broken, "x", now=NOW)
    with pytest.raises(IngestError, match="tidak ditemukan"):
        parse_official(tmp_path / "tidak-ada.txt", "x", now=NOW)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the CLI in an empty folder (no config.yaml) with data_dir inside tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TALENTA_CONFIG", raising=False)
    monkeypatch.setenv("TALENTA_APP__DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TALENTA_APP__LOG_FORMAT", "text")
    return tmp_path / "var"


def test_cli_ingest_then_list(tmp_path: Path, cli_env: Path) -> None:
    # The invented text stands in for the agency's copy of PP 49/2018 (id must be in the corpus).
    source = _write_pdf(tmp_path / "salinan.pdf")
    runner = CliRunner()
    result = runner.invoke(app, ["knowledge", "ingest", str(source), "--regulation", "pp-49-2018"])
    assert result.exit_code == 0, result.output
    assert "3 BAB, 5 Pasal, 5 ayat" in result.output
    stored = load_official(cli_env, "pp-49-2018")
    assert stored is not None and [p.number for p in stored.pasal] == ["1", "2", "3", "4", "5"]

    result = runner.invoke(app, ["knowledge", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "pp-49-2018" in line)
    assert "ada" in row and "berlaku" in row
    row = next(line for line in result.output.splitlines() if "pp-100-2000" in line)
    assert "berlaku (belum terverifikasi)" in row
    assert "22 regulasi" in result.output


def test_cli_ingest_refuses_unknown_regulation_and_bad_file(tmp_path: Path, cli_env: Path) -> None:
    source = _write_txt(tmp_path / "salinan.txt")
    runner = CliRunner()
    result = runner.invoke(app, ["knowledge", "ingest", str(source), "--regulation", "pp-1-1900"])
    assert result.exit_code == 2
    assert "tidak ada dalam korpus" in result.output
    bad = tmp_path / "kosong.txt"
    bad.write_text("tanpa pasal\n", encoding="utf-8")
    result = runner.invoke(app, ["knowledge", "ingest", str(bad), "--regulation", "pp-49-2018"])
    assert result.exit_code == 1
    assert "kosong.txt" in result.output
    assert load_official(cli_env, "pp-49-2018") is None
