"""Find the article references (Pasal / ayat / huruf / angka) a text cites and the regulation
each may belong to, so a test can hold them against the fact sheet's list.

Two forms are read:

- provision ids as code writes them: ``pp-11-2017:pasal-107:huruf-c``;
- prose: "Pasal 107 ayat (2) PP 11/2017", "UU 27/2022 Pasal 8", "Pasal 190 ayat (1)–(6)",
  "Pasal 107 huruf a/b/c", "Pasal 111 sampai 112", "Pasal 20 ayat (2) huruf c and e",
  "Pasal 55 ayat (5), Pasal 109 … dan Pasal 166 ayat (2) PP 11/2017".

Which regulation a prose reference cites, first rule that applies:

1. the one named right after it (or after the list it ends);
2. the nearest one named before it in the same sentence (a provision id counts as a name);
3. in a corpus file, the file's own regulation;
4. any regulation named in the same file (the reference must exist in one of them);
5. when the file names none, any regulation of the fact sheet.

Rules 4 and 5 are lenient on purpose (a docstring says "Pasal 199" many lines after naming
PP 11/2017); they still catch an article number the fact sheet has nowhere near.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from knowledge.citations import ProvisionRef

# Regulation names in prose -> corpus id prefix. An amendment's articles are cited on the
# regulation it amends (the corpus and the fact sheet hold PP 17/2020's articles on PP 11/2017).
_TYPES = (
    (r"UU|Undang-Undang", "uu"),
    (r"PP|Peraturan Pemerintah", "pp"),
    (r"Perpres|Peraturan Presiden", "perpres"),
    (r"Permen\s*PAN\s*-?\s*RB|Permenpan(?:\s*-?\s*RB)?|Peraturan Menteri PANRB", "permenpanrb"),
    (r"Perban\s+BKN|Peraturan\s+BKN|Perka\s+BKN|Peraturan\s+Kepala\s+BKN", "perban-bkn"),
    (r"Peraturan\s+BRIN", "peraturan-brin"),
)
_TYPE_RE = "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(_TYPES))
_ALIASES = {"uu pdp": "uu-27-2022", "uu asn": "uu-20-2023"}
_REGULATION = re.compile(
    rf"(?<![\w-])(?:(?:{_TYPE_RE})\s*(?:No(?:mor)?\.?\s*)?(?P<number>\d{{1,4}})\s*"
    rf"(?:/|\s+Tahun\s+)(?P<year>(?:19|20)\d{{2}})\b|(?P<alias>UU\s+(?:PDP|ASN))\b)",
    re.IGNORECASE,
)
_AMENDS = {"pp-17-2020": "pp-11-2017"}

_SEP = r"\s*(?:–|-|sampai|s\.?d\.?|dan|and|/)\s*"
_PROSE = re.compile(
    rf"\bPasal\s+(?P<pasal>\d{{1,3}}(?:{_SEP}\d{{1,3}}\b(?!\s*(?:×|x\s*\d|jam|tahun|hari|%)))*)"
    rf"(?P<ayat>\s+ayat\s*\(?\d{{1,2}}\)?(?:{_SEP}\(?\d{{1,2}}\)?)*)?"
    rf"(?P<huruf>\s+huruf\s+[a-z]\b(?:{_SEP}[a-z]\b)*)?"
    rf"(?P<angka>\s+angka\s+\d{{1,3}}(?:{_SEP}\d{{1,3}}\b)*)?",
    re.IGNORECASE,
)
_ID = re.compile(
    r"(?<![\w-])(?!(?:pasal|ayat|huruf|angka)-)(?P<id>[a-z][a-z0-9]*(?:-[a-z0-9]+)+"
    r"(?::(?:lampiran|penjelasan|(?:pasal|ayat|huruf|angka)-[0-9a-z]+))+)"
)
_LIST_GLUE = re.compile(r"\s*,?\s*(?:(?:dan|and|serta)\s+)?", re.IGNORECASE)
_REGULATION_ID = re.compile(r"^(?:uu|pp|perpres|permenpanrb|perban-bkn|peraturan-brin)-\d+-\d{4}$")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_RANGE = re.compile(r"–|-|sampai|s\.?d\.?", re.IGNORECASE)


# bagian, pasal, ayat, huruf, angka
Address = tuple[str | None, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class Mention:
    line: int
    text: str  # what was written
    sentence: str  # the sentence it stands in
    addresses: tuple[Address, ...]  # one per article named (ranges written out)
    regulations: tuple[str, ...]  # where it may belong; one unless rules 4-5 applied

    def refs(self, regulation: str) -> list[ProvisionRef]:
        return [
            ProvisionRef.model_validate(
                {"regulation": regulation, "bagian": b, "pasal": p, "ayat": a, "huruf": h,
                 "angka": n}
            )
            for b, p, a, h, n in self.addresses
        ]  # fmt: skip


def _regulation_id(m: re.Match[str]) -> str:
    if m.group("alias"):
        return _ALIASES[" ".join(m.group("alias").lower().split())]
    prefix = next(_TYPES[i][1] for i in range(len(_TYPES)) if m.group(f"t{i}"))
    rid = f"{prefix}-{int(m.group('number'))}-{m.group('year')}"
    return _AMENDS.get(rid, rid)


def _named(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(position, regulation id) of every regulation named in ``text[start:end]``."""
    end = len(text) if end is None else end
    found = [(m.start(), _regulation_id(m)) for m in _REGULATION.finditer(text, start, end)]
    for m in _ID.finditer(text, start, end):
        regulation = ProvisionRef.parse(m.group("id")).regulation
        if _REGULATION_ID.match(regulation):  # sources number items, they hold no Pasal
            found.append((m.start(), _AMENDS.get(regulation, regulation)))
    return sorted(found)


def _values(part: str | None, pattern: str) -> list[str | None]:
    """Every value a part names, ranges written out: "ayat (1)–(3)" -> 1, 2, 3."""
    if not part:
        return [None]
    found = [v.lower() for v in re.findall(pattern, part, re.IGNORECASE)]
    if _RANGE.search(part) and len(found) == 2:
        a, b = found
        if a.isdigit() and b.isdigit():
            return [str(n) for n in range(int(a), int(b) + 1)]
        return [chr(c) for c in range(ord(a), ord(b) + 1)]
    return list(found)


def _after(text: str, end: int) -> str | None:
    """The regulation named right after a reference, or after the list of references it
    starts ("Pasal 55 ayat (5), Pasal 109 ayat (4), dan Pasal 166 ayat (2) PP 11/2017")."""
    while True:
        glue = _LIST_GLUE.match(text, end)
        nxt = _PROSE.match(text, glue.end()) if glue else None
        if nxt is None:
            break
        end = nxt.end()
    m = re.compile(r"[\s,(]*(?:dari|of|in|dalam)?\s*").match(text, end)
    reg = _REGULATION.match(text, m.end() if m else end)
    return _regulation_id(reg) if reg else None


def _sentence(text: str, start: int, end: int) -> tuple[int, str]:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    first = max([text.rfind("\n\n", 0, start) + 1, *ends])
    stop = _SENTENCE_END.search(text, end)
    return first, text[first : stop.end() if stop else len(text)]


def mentions(text: str, own: str | None, everywhere: Iterable[str]) -> Iterator[Mention]:
    """Every article reference in ``text``. ``own``: the regulation of a corpus file;
    ``everywhere``: the regulations rule 5 falls back to."""
    in_file = tuple(dict.fromkeys(rid for _, rid in _named(text)))
    own = _AMENDS.get(own, own) if own else None
    for m in _ID.finditer(text):
        ref = ProvisionRef.parse(m.group("id"))
        if ref.pasal is not None or ref.bagian is not None:
            _, sentence = _sentence(text, m.start(), m.end())
            bagian = ref.bagian.value if ref.bagian is not None else None
            address = (bagian, ref.pasal, ref.ayat, ref.huruf, ref.angka)
            line = text.count("\n", 0, m.start()) + 1
            yield Mention(line, m.group("id"), sentence, (address,), (ref.regulation,))
    for m in _PROSE.finditer(text):
        first, sentence = _sentence(text, m.start(), m.end())
        before = [rid for pos, rid in _named(text, first, m.start())]
        single = _after(text, m.end()) or (before[-1] if before else None) or own
        regulations = (single,) if single else (in_file or tuple(everywhere))
        combos = itertools.product(
            [None],
            _values(m.group("pasal"), r"\d{1,3}"),
            _values(m.group("ayat"), r"\(?(\d{1,2})\)?"),
            _values(m.group("huruf"), r"(?:huruf\s+|[–\-/]\s*|\b(?:dan|and|sampai)\s+)([a-z])\b"),
            _values(m.group("angka"), r"\d{1,3}"),
        )
        line = text.count("\n", 0, m.start()) + 1
        written = " ".join(m.group(0).split())
        yield Mention(line, written, sentence, tuple(combos), regulations)
