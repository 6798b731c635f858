"""Official texts: read an agency's own PDF/TXT copy of a regulation and split it by article.

The corpus holds our summaries; this module holds the *official wording* an agency drops in,
so answers can quote it. Steps:

1. :func:`read_pages` — pages of text (pypdf for PDF; form feed separates pages in TXT).
2. :func:`clean_lines` — drop running headers/footers (lines repeated at the top or bottom of
   most pages, compared with digits masked) and page numbers ("- 3 -", "Halaman 3 dari 9").
3. :func:`logical_lines` — re-join wrapped lines into one line per structural unit, undoing
   hyphenation at line ends (but keeping reduplication such as ``undang-undang``).
4. :func:`split_units` — BAB / Pasal / ayat / huruf / angka, with sequence checks so that a
   wrapped cross-reference ("… dimaksud pada ayat" / "(2) …") does not start a new ayat.
5. :func:`store` — ``<data_dir>/official/<regulation-id>.json``, written atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from knowledge.corpus_official import Ayat, Bab, Item, OfficialText, Pasal, Unit, units_of
from knowledge.errors import IngestError

log = logging.getLogger(__name__)

OFFICIAL_DIR = "official"

_BAB = re.compile(r"^BAB\s+([IVXLCDM]+)\b\s*(.*)$")
_PASAL = re.compile(r"^Pasal\s+(\d+[A-Z]?)$")
_AYAT = re.compile(r"^\((\d+[a-z]?)\)\s*(.*)$")
_HURUF = re.compile(r"^([a-z])\.\s+(.*)$")
_ANGKA = re.compile(r"^(\d+)\.\s+(.*)$")
_SECTION = re.compile(r"^(Bagian|Paragraf)\s+\S+")
_CLOSING = re.compile(r"^(Ditetapkan di|Diundangkan di|PENJELASAN\b)")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d+\s*[-–—]|\d+|Halaman\s+\d+(?:\s+dari\s+\d+)?|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
_HYPHEN_END = re.compile(r"(\w+)-$")


__all__ = [
    "Ayat",
    "Bab",
    "IngestError",
    "Item",
    "OfficialText",
    "Pasal",
    "Unit",
    "clean_lines",
    "list_official",
    "load_official",
    "logical_lines",
    "official_path",
    "parse_official",
    "read_pages",
    "split_units",
    "store",
]


# -- 1. reading -----------------------------------------------------------------------------


def read_pages(path: Path, progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Text of each page. PDF via pypdf; TXT pages are separated by form feeds (``\\f``)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(path)
            pages = []
            for i, page in enumerate(reader.pages, start=1):
                pages.append(page.extract_text() or "")
                if progress is not None:
                    progress(i, len(reader.pages))
        except (PdfReadError, OSError, ValueError) as exc:
            raise IngestError(f"{path.name}: PDF tidak dapat dibaca: {exc}") from None
        return pages
    if suffix == ".txt":
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path.name}: bukan teks UTF-8 (byte {exc.start})") from None
        pages = text.split("\f")
        if progress is not None:
            progress(len(pages), len(pages))
        return pages
    raise IngestError(f"{path.name}: jenis berkas tidak didukung (hanya .pdf atau .txt)")


# -- 2. cleaning ----------------------------------------------------------------------------


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _edge_lines(lines: list[str], depth: int) -> set[str]:
    body = [ln for ln in lines if ln and not _PAGE_NUMBER.match(ln)]
    return {_mask(ln) for ln in body[:depth] + body[-depth:] if not _starts_unit(ln)}


def clean_lines(pages: list[str], edge_depth: int = 3) -> list[str]:
    """All content lines in order, without running headers/footers and page numbers.

    A running header/footer is a line (digits masked) found among the first or last
    ``edge_depth`` lines of at least half the pages (and of at least two pages). Structural
    lines ("Pasal 3", "(2) …") are never taken for headers, although masked they repeat.
    """
    split = [[ln.strip() for ln in page.splitlines()] for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update(_edge_lines(lines, edge_depth))
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= threshold}
    out: list[str] = []
    for lines in split:
        edges = _edge_lines(lines, edge_depth)
        for ln in lines:
            if not ln or _PAGE_NUMBER.match(ln):
                continue
            if _mask(ln) in running and _mask(ln) in edges:
                continue
            out.append(ln)
    return out


# -- 3. re-joining wrapped lines ------------------------------------------------------------


def _starts_unit(line: str) -> bool:
    return bool(
        _BAB.match(line)
        or _PASAL.match(line)
        or _AYAT.match(line)
        or _HURUF.match(line)
        or _ANGKA.match(line)
        or _SECTION.match(line)
        or _CLOSING.match(line)
    )


def _join(prev: str, nxt: str) -> str:
    """Join a wrapped line; undo a hyphen at the line end unless it is reduplication."""
    m = _HYPHEN_END.search(prev)
    if m is None:
        return f"{prev} {nxt}"
    before = m.group(1).lower()
    after = re.match(r"\w+", nxt)
    after_word = after.group(0).lower() if after else ""
    # "perundang-" + "undangan", "masing-" + "masing": the hyphen belongs to the word.
    redup = before == after_word or any(
        before.endswith(after_word[:k]) for k in range(3, len(after_word) + 1)
    )
    if nxt[:1].islower() and not redup:
        return prev[:-1] + nxt
    return prev + nxt


def logical_lines(lines: Iterable[str]) -> list[str]:
    """One line per structural unit (BAB, Pasal, ayat, huruf, angka) or heading."""
    out: list[str] = []
    for ln in lines:
        prev = out[-1] if out else ""
        new = (
            not out
            or _starts_unit(ln)
            or bool(_PASAL.match(prev))  # the body of an article starts on its own line
            or bool(_BAB.match(prev))  # so does a chapter title
            or (prev.isupper() and not ln.isupper())  # end of an all-caps heading
        )
        if new:
            out.append(ln)
        else:
            out[-1] = _join(prev, ln)
    return out


# -- 4. splitting ---------------------------------------------------------------------------


def _next_label(labels: list[str], first: str) -> str:
    if not labels:
        return first
    last = labels[-1]
    if last.isdigit():
        return str(int(last) + 1)
    if len(last) == 1 and last.isalpha():
        return chr(ord(last) + 1)
    return ""


class _PasalBuilder:
    """Accumulates the current Pasal while walking the logical lines."""

    def __init__(self, number: str, bab: str | None) -> None:
        self.number = number
        self.bab = bab
        self.lead: list[str] = []  # text before the first ayat
        self.ayat: list[tuple[str, list[str], list[Item], list[Item]]] = []
        self.huruf: list[Item] = []
        self.angka: list[Item] = []
        self._open: list[Item] | None = None  # item list whose last item takes continuations

    def _target(self) -> tuple[list[str], list[Item], list[Item]]:
        if self.ayat:
            _, text, huruf, angka = self.ayat[-1]
            return text, huruf, angka
        return self.lead, self.huruf, self.angka

    def add(self, line: str) -> None:
        text, huruf, angka = self._target()
        m = _AYAT.match(line)
        # Sequence check: "(2)" opens ayat 2 only after ayat 1, and never right after the word
        # "ayat" (a wrapped cross-reference such as "dimaksud pada ayat / (1) …").
        after_ayat_word = bool(text) and text[-1].rstrip().lower().endswith("ayat")
        if m and m.group(1) == _next_label([a[0] for a in self.ayat], "1") and not after_ayat_word:
            self.ayat.append((m.group(1), [line], [], []))
            self._open = None
            return
        for pattern, items, first in ((_HURUF, huruf, "a"), (_ANGKA, angka, "1")):
            m = pattern.match(line)
            if m and m.group(1) == _next_label([i.label for i in items], first):
                items.append(Item(label=m.group(1), text=m.group(2)))
                text.append(line)
                self._open = items
                return
        # A continuation (e.g. a wrapped cross-reference that looked like a unit start).
        if text:
            text[-1] = f"{text[-1]} {line}"
        else:
            text.append(line)
        if self._open:
            last = self._open[-1]
            self._open[-1] = Item(label=last.label, text=f"{last.text} {line}")

    def build(self) -> Pasal:
        ayat = tuple(
            Ayat(number=n, text=" ".join(t), huruf=tuple(h), angka=tuple(a))
            for n, t, h, a in self.ayat
        )
        parts = self.lead + [a.text for a in ayat]
        return Pasal(
            number=self.number,
            bab=self.bab,
            text=" ".join(parts),
            ayat=ayat,
            huruf=tuple(self.huruf),
            angka=tuple(self.angka),
        )


def split_units(lines: list[str]) -> tuple[str, list[Bab], list[Pasal], str]:
    """(preamble, babs, pasal, closing) from logical lines."""
    preamble: list[str] = []
    closing: list[str] = []
    babs: list[Bab] = []
    pasal: list[Pasal] = []
    current: _PasalBuilder | None = None
    bab: str | None = None
    pending_bab_title = False
    for line in lines:
        if closing or _CLOSING.match(line):
            closing.append(line)
            continue
        if m := _BAB.match(line):
            bab = m.group(1)
            babs.append(Bab(number=bab, title=m.group(2).strip()))
            pending_bab_title = not m.group(2).strip()
            continue
        if pending_bab_title and not _starts_unit(line):
            babs[-1] = Bab(number=babs[-1].number, title=line)
            pending_bab_title = False
            continue
        pending_bab_title = False
        if m := _PASAL.match(line):
            if current is not None:
                pasal.append(current.build())
            current = _PasalBuilder(m.group(1), bab)
            continue
        if _SECTION.match(line):
            continue  # Bagian / Paragraf headings carry no provision text
        if current is None:
            preamble.append(line)
        else:
            current.add(line)
    if current is not None:
        pasal.append(current.build())
    return " ".join(preamble), babs, pasal, " ".join(closing)


# -- 5. the whole job and storage -----------------------------------------------------------


def parse_official(
    path: Path,
    regulation_id: str,
    *,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None = None,
) -> OfficialText:
    if not path.is_file():
        raise IngestError(f"{path}: berkas tidak ditemukan")
    pages = read_pages(path, progress)
    lines = logical_lines(clean_lines(pages))
    preamble, babs, pasal, closing = split_units(lines)
    if not pasal:
        raise IngestError(f"{path.name}: tidak ditemukan satu pun 'Pasal' — bukan teks peraturan?")
    numbers = [p.number for p in pasal]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    if dupes:
        raise IngestError(f"{path.name}: Pasal ganda {', '.join(dupes)} — periksa teksnya")
    return OfficialText(
        regulation=regulation_id,
        source_name=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        ingested_at=now,
        pages=len(pages),
        preamble=preamble,
        babs=tuple(babs),
        pasal=tuple(pasal),
        closing=closing,
        units=units_of(regulation_id, pasal),
    )


def official_path(data_dir: Path, regulation_id: str) -> Path:
    return Path(data_dir) / OFFICIAL_DIR / f"{regulation_id}.json"


def store(doc: OfficialText, data_dir: Path) -> Path:
    """Write atomically: a temporary file in the same folder, then rename over the old one."""
    target = official_path(data_dir, doc.regulation)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{doc.regulation}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(doc.model_dump_json(indent=1))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    ayat = sum(len(p.ayat) for p in doc.pasal)
    log.info(
        "official text stored",
        extra={"regulation": doc.regulation, "pasal": len(doc.pasal), "ayat": ayat},
    )
    return target


def load_official(data_dir: Path, regulation_id: str) -> OfficialText | None:
    path = official_path(data_dir, regulation_id)
    if not path.exists():
        return None
    try:
        return OfficialText.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise IngestError(f"{path}: berkas teks resmi rusak: {exc}") from None


def list_official(data_dir: Path) -> list[str]:
    folder = Path(data_dir) / OFFICIAL_DIR
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
