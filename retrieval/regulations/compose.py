"""Turn provision ids into what an answer shows, and write the (phone-length) reply text."""

from __future__ import annotations

from collections.abc import Sequence

from db.clock import tanggal_panjang as tanggal
from knowledge.citations import Verification
from knowledge.corpus import Corpus
from retrieval.regulations.answer import Answer, CitedProvision, Intent

MARKERS = {
    Verification.secondary: "(terverifikasi sekunder)",
    Verification.unverified: "(belum terverifikasi)",
}
SUMMARY_CHARS = 260
FIRST_SUMMARY_CHARS = 900
SCOPE = (
    "Yang tercakup antara lain: UU ASN, manajemen PNS dan PPPK, manajemen talenta, sistem merit, "
    "standar dan penilaian kompetensi, pengelolaan kinerja, seleksi terbuka JPT, pola karier, "
    "mutasi, BUP, dan pelindungan data pribadi."
)  # a phone screen per provision, not a page

NO_ANSWER_HINT = (
    "Coba sebut jabatan atau topiknya dengan istilah lain, atau sebut peraturannya, misalnya "
    '"syarat JPT pratama", "BUP pejabat administrator", "Pasal 107 PP 11/2017" atau '
    '"apa itu kelompok rencana suksesi?".'
)


def citation_line(corpus: Corpus, provision_id: str) -> str:
    provision = corpus.provision(provision_id)
    regulation = corpus.regulation(provision.regulation)
    label = provision.ref.label()
    return f"{regulation.short_name} {label}".strip()


def official_location(corpus: Corpus, regulation_id: str) -> str:
    text = corpus.regulation(regulation_id).official_text
    return f"{text.where} ({text.url})" if text.url else text.where


def cite(corpus: Corpus, provision_id: str, official_quote: str | None = None) -> CitedProvision:
    provision = corpus.provision(provision_id)
    regulation = corpus.regulation(provision.regulation)
    if regulation.kind.value == "source":
        line = corpus.status_line(regulation.id)
        status_note = line[:1].upper() + line[1:] + "."
    else:
        status_note = corpus.current_version(regulation.id).line()
    if provision.amended_note:
        status_note += f" {provision.amended_note}"
    return CitedProvision(
        citation=corpus.citation(provision_id),
        line=citation_line(corpus, provision_id),
        summary=provision.summary,
        status_note=status_note,
        marker=MARKERS.get(provision.verification),
        official_text=official_location(corpus, regulation.id),
        official_quote=official_quote,
    )


def _shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters: after its last whole sentence that fits
    when that keeps at least half, otherwise after a word, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    sentence_end = max(head.rfind(". "), head.rfind(".\n"))
    if sentence_end >= limit // 2:
        return text[: sentence_end + 1] + " …"
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def _footer(corpus: Corpus, cited: Sequence[CitedProvision]) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for c in cited:
        reg = c.citation.regulation
        if reg not in seen:
            seen.add(reg)
            lines.append(f"Teks resmi {corpus.regulation(reg).short_name}: {c.official_text}")
    lines.append(
        f"Basis pengetahuan Talenta per {tanggal(corpus.current_to)}; untuk keperluan hukum, "
        "cocokkan dengan teks resmi."
    )
    return lines


def on_subject(corpus: Corpus, cited: Sequence[CitedProvision]) -> list[CitedProvision]:
    """The cited provisions that speak to the same point as the first (best) one: the same
    article, or a provision sharing one of its topics. A retrieved answer's conclusion is its
    best provision; a neighbour on another subject (a data-protection article next to the
    training-hours rule) supports nothing in it, however well it scored."""
    if not cited:
        return []
    best = corpus.provision(cited[0].citation.id)
    topics = set(best.topics)

    def same_subject(c: CitedProvision) -> bool:
        other = corpus.provision(c.citation.id)
        same_article = (other.regulation, other.ref.pasal) == (best.regulation, best.ref.pasal)
        return (same_article and best.ref.pasal is not None) or bool(topics & set(other.topics))

    return [c for c in cited if same_subject(c)]


def compose_answer(
    corpus: Corpus,
    cited: Sequence[CitedProvision],
    *,
    verdict: str | None = None,
    lead: str | None = None,
) -> Answer:
    """The reply. With ``verdict`` (a rule check), ``cited`` is exactly what the verdict rests
    on ("Dasar aturannya"). With ``lead`` (an overview of a regulation), ``cited`` is shown as
    given. Otherwise ``cited`` are retrieved provisions and only those on the subject of the
    best one are shown (:func:`on_subject`)."""
    if verdict is None and lead is None:
        cited = on_subject(corpus, cited)
    blocks: list[str] = []
    if verdict:
        blocks.append(verdict)
    if lead:
        blocks.append(lead)
    heading = "Dasar aturannya:" if verdict else "Ketentuan yang paling relevan:"
    items = [heading]
    for n, c in enumerate(cited, start=1):
        marker = f" {c.marker}" if c.marker else ""
        # The first provision carries the answer: its summary is cut much later, so the
        # sentence with the figure asked for ("paling singkat 2 tahun") is not lost.
        limit = FIRST_SUMMARY_CHARS if n == 1 else SUMMARY_CHARS
        item = f"{n}. {c.line}{marker}\n{_shorten(c.summary, limit)}\nStatus: {c.status_note}"
        if c.official_quote:
            item += f'\nTeks resmi (salinan instansi): "{_shorten(c.official_quote, 200)}"'
        items.append(item)
    blocks.append("\n\n".join(items))
    blocks.append("\n".join(_footer(corpus, cited)))
    return Answer(
        intent=Intent.cek_aturan if verdict else Intent.regulasi,
        text="\n\n".join(blocks),
        citations=tuple(c.citation for c in cited),
        provisions=tuple(cited),
        current_to=corpus.current_to,
        rule_verdict=verdict,
    )


def not_found(
    corpus: Corpus, *, reason: str | None = None, nearest: CitedProvision | None = None
) -> Answer:
    """No answer. With ``nearest`` (the best-ranked provision of a declined question), it is
    named as a hint to check, not as an answer: no citation is attached."""
    first = reason or (
        "Maaf, saya tidak menemukan ketentuan yang cukup relevan untuk pertanyaan itu di basis "
        "pengetahuan Talenta, jadi saya tidak mau menebak."
    )
    hint = NO_ANSWER_HINT
    if nearest is not None:
        first = (
            "Saya belum yakin ada ketentuan yang menjawab pertanyaan itu. Yang paling dekat, "
            "tetapi belum tentu menjawabnya:"
        )
        marker = f" {nearest.marker}" if nearest.marker else ""
        hint = (
            f"{nearest.line}{marker}\n{_shorten(nearest.summary, 700)}\n\n"
            f"Periksa sendiri apakah ketentuan itu menjawab pertanyaan Anda. {NO_ANSWER_HINT}"
        )
    text = f"{first}\n\n{hint}\n\n{SCOPE}\nBasis pengetahuan per {tanggal(corpus.current_to)}."
    return Answer(intent=Intent.tidak_ditemukan, text=text, current_to=corpus.current_to)
