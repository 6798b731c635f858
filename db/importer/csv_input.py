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

from db.importer.cells import FIELD_LIMIT, Row, shown, text_problems, too_long
from db.importer.issues import IssueLog
from db.importer.progress import ProgressSink

PROGRESS_EVERY = 5000
SNIFF_BYTES = 16 * 1024
READ_LIMIT = 16 * 1024 * 1024  # re-reading a value over 128 KB to name its column, up to this
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


def _utf16(head: bytes) -> bool:
    # Without a BOM, UTF-16 text shows as a NUL beside nearly every ASCII byte; a stray NUL
    # in a UTF-8 file is a different fault, reported at its row and column.
    boms = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    return head.startswith(boms) or head.count(b"\x00") > len(head) // 4


def _contains(path: Path, needle: bytes) -> bool:
    with path.open("rb") as f:
        return any(needle in chunk for chunk in iter(lambda: f.read(1 << 20), b""))


def csv_rows(
    path: Path, label: str, size: int, log: IssueLog, progress: ProgressSink
) -> Iterator[Row]:
    """Rows of the file numbered as a spreadsheet shows them (header = row 1), each with the
    problems of its cells (NUL characters, values over 128 KB, line breaks inside a value)."""
    with path.open("rb") as fb:
        head = fb.read(4096)
    if _utf16(head):
        log.error(
            label,
            "Berkas disimpan sebagai UTF-16 (Unicode Text), bukan UTF-8. " + CSV_ADVICE,
        )
        return
    delimiter = sniff_delimiter(path, label, log)
    if delimiter is None:
        return
    has_nul = _contains(path, b"\x00")
    number = 0
    header: list[str] = []
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
        reported = 0
        line = 0
        try:
            reader = csv.reader(f, delimiter=delimiter)
            for number, values in enumerate(reader, start=1):
                if number == 1:
                    header = values
                if has_nul or reader.line_num - line > 1:  # a NUL, or a value over lines
                    yield number, values, text_problems(values)
                else:
                    yield number, values, None
                line = reader.line_num
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
            if "field larger than field limit" in str(exc):
                _too_long(path, label, delimiter, number + 1, header, log)
            else:
                log.error(label, _csv_error(), number + 1)
        progress.advance(max(size - reported, 0))


def _too_long(
    path: Path, label: str, delimiter: str, number: int, header: list[str], log: IssueLog
) -> None:
    """Name the row and column of a value over the csv module's 128 KB limit (read again
    with a higher limit only for this: the usual cause is a quote left open)."""
    limit = csv.field_size_limit(READ_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            for n, values in enumerate(reader, start=1):
                if n == number:
                    for i, v in enumerate(values):
                        if len(v) > FIELD_LIMIT:
                            column = header[i].strip() if i < len(header) else None
                            log.error(label, too_long(len(v)), number, column, shown(v))
                            return
                    break
    except csv.Error:
        pass
    finally:
        csv.field_size_limit(limit)
    log.error(
        label,
        f'Satu nilai lebih dari {READ_LIMIT // (1 << 20)} MB: kemungkinan tanda kutip (") '
        "tidak ditutup, sehingga sisa berkas terbaca sebagai satu nilai.",
        number,
    )


def _csv_error() -> str:
    return "Format CSV rusak (tanda kutip atau pemisah kolom tidak seimbang). " + CSV_ADVICE


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
