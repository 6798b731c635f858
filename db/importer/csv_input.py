"""Reading one CSV file as rows of text: encoding checks and the column separator.

Excel writes ``,`` in most locales but ``;`` where the decimal mark is a comma (Indonesian
among them), and "Unicode Text" exports are tab-separated. The separator is sniffed with
Python's ``csv.Sniffer`` restricted to those three and checked against the header row; when
the two disagree or the sniffer cannot decide, the file is refused with a message rather than
read wrongly.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from db.importer.errors import IssueLog
from db.importer.progress import ProgressSink

PROGRESS_EVERY = 5000
SNIFF_BYTES = 64 * 1024
DELIMITERS = {",": "koma (,)", ";": "titik koma (;)", "\t": "tab"}
CSV_ADVICE = (
    "Simpan ulang dari Excel sebagai 'CSV UTF-8' (dipisah koma atau titik koma), "
    "atau berikan sebagai XLSX."
)


def sniff_delimiter(path: Path, label: str, log: IssueLog) -> str | None:
    """The file's separator, or None (an error is logged) when it cannot be told for sure."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    if len(head) == SNIFF_BYTES and "\n" in text:
        text = text[: text.rfind("\n") + 1]  # whole lines only: a cut row misleads the sniffer
    header = text.splitlines()[0] if text.strip() else ""
    if not header.strip():
        return ","  # empty file or empty first line: the header check says what is wrong
    try:
        sniffed = csv.Sniffer().sniff(text, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    in_header = [d for d in DELIMITERS if d in header]
    if sniffed is not None and sniffed in in_header:
        return sniffed
    if sniffed is None and len(in_header) == 1:
        # Too few rows for the sniffer: the header's separator will do if every row has it.
        rows = [line for line in text.splitlines()[1:] if line.strip()]
        if all(in_header[0] in line for line in rows):
            return in_header[0]
    if "|" in header and not in_header:
        message = "Pemisah kolom garis tegak (|) tidak didukung: gunakan koma, titik koma atau tab."
    else:
        message = (
            "Pemisah kolom tidak dapat dipastikan (koma, titik koma atau tab). Pastikan baris 1 "
            "berisi nama kolom yang dipisah satu jenis pemisah saja."
        )
    log.error(label, message + " " + CSV_ADVICE, 1)
    return None


def csv_rows(
    path: Path, label: str, size: int, log: IssueLog, progress: ProgressSink
) -> Iterator[tuple[int, list[str]]]:
    """Rows of the file numbered as a spreadsheet shows them (header = row 1)."""
    with path.open("rb") as fb:
        head = fb.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        log.error(
            label,
            "Berkas disimpan sebagai UTF-16 (Unicode Text), bukan UTF-8. " + CSV_ADVICE,
        )
        return
    delimiter = sniff_delimiter(path, label, log)
    if delimiter is None:
        return
    number = 0
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
        reported = 0
        try:
            for number, values in enumerate(csv.reader(f, delimiter=delimiter), start=1):
                yield number, values
                if number % PROGRESS_EVERY == 0:
                    pos = raw.tell()
                    progress.advance(pos - reported)
                    reported = pos
        except UnicodeDecodeError:
            bad_row, value = _first_bad_byte(path)
            log.error(
                label,
                "Berkas bukan UTF-8 (kemungkinan ANSI/Windows-1252, misalnya huruf é atau "
                "tanda kutip miring dari Excel). " + CSV_ADVICE,
                bad_row or number + 1,
                None,
                value,
            )
        except csv.Error as exc:
            log.error(label, f"Format CSV rusak: {exc}.", number + 1)
        progress.advance(max(size - reported, 0))


def _first_bad_byte(path: Path) -> tuple[int | None, str | None]:
    """Row (1-based line) and the text around the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        line = data[line_start : line_end if line_end >= 0 else len(data)]
        snippet = line.decode("cp1252", errors="replace").strip()[:80]
        return data.count(b"\n", 0, exc.start) + 1, snippet
    return None, None
