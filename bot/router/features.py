"""What the router sees of a message: character and word n-grams, a few shape marks, the role.

Character n-grams (2–5, inside word boundaries) carry the vocabulary through typos, slang and
abbreviations ("kabid", "kdis", "bndingkan"); word uni- and bigrams carry phrases ("riwayat
akses", "siapa yang"). Four marks are added as words before vectorising, because n-grams of
a lower-cased text cannot see them:

- ``nipnum``: an 18-digit NIP, also written in groups ("19790815 200501 1 002");
- ``capword``: a capitalised word after the first one ("profil Rina Oktaviani");
- ``namehit``: a word that is a common Indonesian personal name (Faker's ``id_ID`` lists,
  minus names that are everyday or position words, see :data:`NOT_NAMES`);
- ``postabbr``: a rank's abbreviation from the post vocabulary (``knowledge/vocabularies/
  posts.yaml``: "kadis", "irban", "kasubbag"), also fused with a unit's ("kadinkes").

The role is a one-hot block: the same words mean different things from an ASN and a PPK.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.chat.access import Role

_NIP = re.compile(r"\d[\d .]{13,26}\d")
_WORD = re.compile(r"[^\W\d_]+")
_TRIM = "?.,!:;()[]\"'“”‘’"

# Names in Faker's id_ID lists that are also ordinary words or parts of position titles
# ("JPT pratama", "pranata komputer", "harga emas", "hari ini").
NOT_NAMES = frozenset(
    [
        "among",
        "bagus",
        "bakti",
        "catur",
        "cinta",
        "damar",
        "dasa",
        "dipa",
        "emas",
        "enteng",
        "gada",
        "galak",
        "gamblang",
        "ganda",
        "garda",
        "hari",
        "indah",
        "intan",
        "jaga",
        "jail",
        "jasmani",
        "jati",
        "jaya",
        "kala",
        "karya",
        "karma",
        "lamar",
        "lega",
        "lembah",
        "luwes",
        "mala",
        "manah",
        "mandala",
        "mitra",
        "mujur",
        "nalar",
        "nasab",
        "panca",
        "pangeran",
        "paris",
        "perkasa",
        "pertiwi",
        "prima",
        "puji",
        "purwa",
        "raden",
        "rama",
        "restu",
        "sabar",
        "sakti",
        "satya",
        "suci",
        "surya",
        "tari",
        "unggul",
        "utama",
        "pranata",
        "pratama",
        "wacana",
        "warta",
        "queen",
        "ana",
        "ina",
        "ida",
        "ira",
        "ika",
        "uda",
        "umi",
        "tri",
        "eja",
        "ega",
        "ian",
        "pia",
        "ozy",
        "oni",
        "ami",
        "ani",
        "leo",
        "uli",
    ]
)


@lru_cache(maxsize=1)
def personal_names() -> frozenset[str]:
    from faker.providers.person.id_ID import Provider

    names = (
        *Provider.first_names_male,
        *Provider.first_names_female,
        *Provider.last_names_male,
        *Provider.last_names_female,
    )
    return frozenset(n.lower() for n in names if len(n) >= 3) - NOT_NAMES


def _nip(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return " nipnum " if 15 <= len(digits) <= 18 else match.group(0)


def marked(text: str) -> str:
    """The message in lower case with the shape marks appended (see the module docstring)."""
    text = _NIP.sub(_nip, text)
    marks: list[str] = []
    words = text.split()
    shouting = text.upper() == text
    for k, raw in enumerate(words):
        word = raw.strip(_TRIM)
        if k and not shouting and len(word) > 2 and word[0].isupper() and word[1:].islower():
            marks.append("capword")
    names = personal_names()
    said = _KASI_GIVE.sub("kasih", text.lower())
    lowered = _WORD.findall(said)
    marks += ["namehit" for w in lowered if w in names]
    marks += ["postabbr" for w in lowered if _post_abbreviation(w, names)]
    return " ".join([said, *marks])


@lru_cache(maxsize=1)
def post_abbreviations() -> tuple[frozenset[str], tuple[str, ...]]:
    """The ranks' one-word abbreviations of the post vocabulary ("kadis", "irban", "kasubbag"),
    and those long enough to start a compound ("kadin" + "kes", "kadis" + "hub")."""
    from knowledge.post_vocabulary import post_vocabulary

    short = {k for r in post_vocabulary().ranks for k in r.short if " " not in k}
    short -= {"sekretaris"}  # a word of titles and of ordinary sentences alike
    return frozenset(short), tuple(sorted((k for k in short if len(k) >= 5), key=len))


# "kasi" is also everyday speech for "give": "kasi tau", "kasi lihat", "kasi saran".
_KASI_VERB = frozenset(
    [
        "tau",
        "tahu",
        "liat",
        "lihat",
        "info",
        "informasi",
        "saran",
        "masukan",
        "contoh",
        "izin",
        "ijin",
        "kabar",
        "waktu",
    ]
)


# Spelled as the verb, so it is neither marked as the rank's abbreviation nor pulled towards
# the rank by its letters ("kasi tau syarat kabid").
_KASI_GIVE = re.compile(r"\bkasi(?=\s+(?:" + "|".join(sorted(_KASI_VERB)) + r")\b)")


def _post_abbreviation(word: str, names: frozenset[str]) -> bool:
    """A rank abbreviation, alone or fused with a unit's ("kadinkes", "kadishub"); a
    personal name that happens to start like one ("Kadinah") is not."""
    exact, prefixes = post_abbreviations()
    if word in exact:
        return True
    if word in names:
        return False
    return any(word.startswith(p) and len(word) >= len(p) + 3 for p in prefixes)


class Features:
    """Fitted vectorisers: ``fit`` on the training messages, then ``transform`` any message.

    :meth:`transform` goes through scikit-learn (batches: training, evaluation);
    :meth:`active` computes the same row for one message directly from the fitted vocabularies
    and idf weights, because scikit-learn's input checks cost milliseconds per call.
    """

    def __init__(self) -> None:
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        self.words = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\w+"
        )
        self.roles = tuple(Role)

    def fit(self, texts: Sequence[str], roles: Sequence[Role]) -> Features:
        marked_texts = [marked(t) for t in texts]
        self.chars.fit(marked_texts)
        self.words.fit(marked_texts)
        return self

    def transform(self, texts: Sequence[str], roles: Sequence[Role]) -> sparse.csr_matrix:
        marked_texts = [marked(t) for t in texts]
        one_hot = sparse.csr_matrix(
            ([1.0] * len(roles), ([*range(len(roles))], [self.roles.index(r) for r in roles])),
            shape=(len(roles), len(self.roles)),
        )
        blocks = [self.chars.transform(marked_texts), self.words.transform(marked_texts), one_hot]
        return sparse.hstack(blocks, format="csr")

    def active(self, text: str, role: Role) -> tuple[np.ndarray, np.ndarray]:
        """The non-zero columns of ``transform([text], [role])`` and their values."""
        m = marked(text)
        parts = [_tfidf(v, m) for v in (self.chars, self.words)]
        offset = len(self.chars.vocabulary_)
        columns = [parts[0][0], parts[1][0] + offset]
        role_column = offset + len(self.words.vocabulary_) + self.roles.index(role)
        columns.append(np.array([role_column]))
        values = [parts[0][1], parts[1][1], np.ones(1)]
        return np.concatenate(columns), np.concatenate(values)


def _tfidf(vectorizer: TfidfVectorizer, text: str) -> tuple[np.ndarray, np.ndarray]:
    """One l2-normalised, sublinear tf-idf row as (columns, values), as ``transform`` makes it."""
    vocabulary = vectorizer.vocabulary_
    counts = Counter(t for t in vectorizer.build_analyzer()(text) if t in vocabulary)
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    columns = np.fromiter((vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
    tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    values = tf * vectorizer.idf_[columns]
    return columns, values / np.linalg.norm(values)
