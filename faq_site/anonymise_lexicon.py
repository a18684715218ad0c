"""The word lists the anonymiser reads, and what they say of each word of a question.

A word is a given name, a surname, a place, an ordinary English word, a firm's or a product's
name, or none of these; the lists are built by anonymise_data/build.py and read once per process.
A question is cut into tokens that carry that verdict, where they stand, and whether they open a
sentence.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faq_site.anonymise_rules import _NOT_NAMES

_DATA = Path(__file__).resolve().parent / "anonymise_data"
GIVEN, SURNAME, PLACE = 1, 2, 4


class WordTable:
    """A read-only map from words to small numbers, or a set of words, held as two arrays (the
    words' hashes in order, and their values) rather than as Python strings: about a tenth of
    the memory of a dict, which every worker would otherwise carry. A word's hash is fixed for the
    life of a process and its forked workers, and the table is built in that process."""

    __slots__ = ("_added", "_hashes", "_values")

    def __init__(self, hashes: array, values: array) -> None:
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self._hashes = array("q", (hashes[i] for i in order))
        self._values = array("I", (values[i] for i in order))
        self._added: dict[str, int] = {}  # the few words added after the lists were read

    @classmethod
    def of_words(cls, words: Iterable[str]) -> WordTable:
        hashes = array("q", (hash(word) for word in words))
        return cls(hashes, array("I", bytes(4 * len(hashes))))

    def _index(self, word: str) -> int:
        wanted = hash(word)
        index = bisect_left(self._hashes, wanted)
        return index if index < len(self._hashes) and self._hashes[index] == wanted else -1

    def get(self, word: str, default: int | None = None) -> int | None:
        index = self._index(word)
        return self._values[index] if index >= 0 else self._added.get(word, default)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (self._index(word) >= 0 or word in self._added)

    def __len__(self) -> int:
        return len(self._hashes) + len(self._added)

    def add_flags(self, word: str, flags: int) -> None:
        """Set flags on a word, adding it when the lists did not hold it (while they are read)."""
        index = self._index(word)
        if index >= 0:
            self._values[index] |= flags
        else:
            self._added[word] = self._added.get(word, 0) | flags


@dataclass(frozen=True)
class Lexicon:
    """What the word lists say: names keyed by lower-case word, ordinary words, and stop words."""

    names: WordTable  # word -> GIVEN|SURNAME|PLACE flags, plus 8 x its Zipf frequency x 10
    words: WordTable  # ordinary English words, lower case
    others: WordTable  # proper nouns that name no person: places, firms, products
    stops: frozenset[str]  # firms, products and places written like names (lower case)
    foreign: WordTable  # common words of other languages that are no given name
    stop_phrases: tuple[str, ...]  # the same of several words, lower case


def _names() -> WordTable:
    """names.txt, read line by line into arrays: no string of it is kept."""
    hashes, values = array("q"), array("I")
    flag_bits = {"g": GIVEN, "s": SURNAME, "p": PLACE}
    with (_DATA / "names.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, flags, zipf = line.split()
            hashes.append(hash(word))
            values.append(sum(flag_bits[flag] for flag in flags) | int(zipf) << 3)
    return WordTable(hashes, values)


def _words(name: str) -> WordTable:
    with (_DATA / name).open(encoding="utf-8") as lines:
        return WordTable.of_words(word for line in lines for word in line.split())


@functools.cache
def lexicon() -> Lexicon:
    """The word lists, read once per process."""
    names = _names()
    stops, phrases = set(), []
    for line in (_DATA / "not_names.txt").read_text(encoding="utf-8").splitlines():
        entry = line.strip().lower()
        if not entry or entry.startswith("#"):
            continue
        (phrases.append(entry) if " " in entry else stops.add(entry))
    # "Will" stays a possible name here: the rules below tell the verb from the person.
    stops.update(word.lower() for word in _NOT_NAMES if word != "Will")
    for line in (_DATA / "regions.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            for word in line.lower().split():
                names.add_flags(word, PLACE)
    for line in (_DATA / "countries.txt").read_text(encoding="utf-8").splitlines():
        key = line.lower()
        if " " in key:
            phrases.append(key)
        elif names.get(key, 0) & GIVEN:  # "Jordan", "Chad", "Georgia": a place after "in"
            names.add_flags(key, PLACE)
        else:
            stops.add(key)
    return Lexicon(
        names=names,
        words=_words("words.txt"),
        others=_words("proper.txt"),
        foreign=_words("foreign.txt"),
        stops=frozenset(stops),
        stop_phrases=tuple(sorted(phrases, key=len, reverse=True)),
    )


# What a word is, from the lists alone.
STRONG, WEAK, UNKNOWN, WORD, STOP = "strong", "weak", "unknown", "word", "stop"

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*\.?")
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lady", "lord",
     "madam", "herr", "frau", "pan", "pani", "señor", "señora", "sr", "sra", "signor", "signora",
     "dottor", "dott", "dottoressa", "mme", "mlle", "monsieur", "madame", "meneer",
     "mevrouw", "dhr", "mevr", "sgt", "grandma", "grandad", "grandpa", "granny", "nana", "nanna"}
)  # fmt: skip
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "du", "la", "le",
     "bin", "ibn", "al", "el", "ter", "ten", "ó", "ní", "nic", "mac", "mc", "ap", "bint", "af",
     "zu", "op", "ben", "abu", "i", "y", "binti", "binte", "bte"}
)  # fmt: skip
_SENTENCE_START = re.compile(
    r"(?:^|[.!?:;\n\"\u201c(\u2022*>\u00bf\u00a1]|\s[-\u2013\u2014]\s?)[\s\"'\u201c(\u00bf\u00a1]*$"
)


@dataclass(slots=True)
class Token:
    start: int
    end: int  # without a possessive 's
    text: str
    kind: str
    flags: int
    latin: bool
    initial: bool
    # The word in lower case, and whether it is written with a capital (not all in capitals):
    # worked out once per word by _word, since every rule asks and a token's text never changes.
    key: str = field(repr=False, compare=False)
    capitalised: bool = field(repr=False, compare=False)
    # Whether the lists hold the word as a common word of another language (any length).
    foreign: bool = field(repr=False, compare=False)

    @property
    def zipf(self) -> float:
        """How common the word is as an ordinary English word (0 when it is none)."""
        return (self.flags >> 3) / 10


def _fold(word: str) -> str:
    """A word without its accents, for lists that spell it without them."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    ).lower()


_NOT_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2019]")


def _is_latin(word: str) -> bool:
    return word.isascii() or not _NOT_LATIN.search(word)  # ASCII is all below \u024f


def _plain_given_name(value: int | None) -> bool:
    """Whether the lists hold a word as a given name and as nothing else (not a word too)."""
    return value is not None and bool(value & GIVEN) and not value >> 3


@functools.lru_cache(maxsize=8192)  # questions repeat their words, and each other's
def classify(word: str) -> tuple[str, int]:
    """What the lists say a word is (STRONG, WEAK, UNKNOWN, WORD or STOP), with its flags."""
    found = lexicon()
    key = word.lower().replace("\u2019", "'")
    if key in found.stops or key in _TITLES:
        return STOP, 0
    if f"{key}'s" in found.stops and not _plain_given_name(found.names.get(key)):
        return STOP, 0  # "Sainsbury", "McDonald", "Domino"; but "Wendy" is a woman's name
    if key.endswith("s") and key[:-1] in found.stops and word[:1].isupper():
        return STOP, 0  # "Europeans"
    if key in _PARTICLES and (word.islower() or key in ("van", "von", "de", "da", "di", "del")):
        return STOP, 0
    if re.search(r"[a-z][A-Z]", word) and not re.match(r"(?:Mc|Mac|De|Di|Le|La|Van|O')[A-Z]", word):
        return STOP, 0  # "BitLocker", "CleanPro": a product's name
    if re.search(r"'(?:d|ll|ve|re|t|m)$", key) or key.startswith(("i'", "i\u2019")):
        return WORD, 0  # I'd, we'll, don't
    if re.fullmatch(r"[A-Z]{2,}(?:-[A-Z]{2,})?s", word) or word.endswith("IDs"):
        return WORD, 0  # "BSNs", "Steuer-IDs"
    value = found.names.get(key)
    if value is None:
        value = found.names.get(_fold(key))
    if value is None and "-" in key:  # "Nowakowska-Wiśniewska": each half a name is enough
        halves = word.split("-")
        first_half = found.names.get(halves[0], 0)
        if (
            word.islower()
            and len(halves) == 2
            and first_half & GIVEN
            and not first_half >> 3
            and halves[1] not in found.words
        ):
            return STRONG, GIVEN  # "ellie-mae", "lacey-rae"
        if halves[0][:1].isupper() and all(h.islower() and len(h) <= 4 for h in halves[1:]):
            return UNKNOWN, 0  # "Ji-woo", "Hye-jin", "Fujimoto-san"
        if (
            word.islower()
            and all(found.names.get(half, 0) & (GIVEN | SURNAME) for half in halves)
            and any(
                not found.names.get(half, 0) >> 3 and half not in found.words for half in halves
            )
        ):
            return STRONG, SURNAME  # "kaur-sandhu": a double surname typed in lower case
        if not all(h[:1].isupper() and not h.isupper() for h in halves if h):
            return WORD, 0  # "UK-only", "Steuer-ID"
        parts = [found.names.get(_fold(half)) for half in halves]
        if any(p is not None and p & (GIVEN | SURNAME) and not p >> 3 for p in parts):
            return STRONG, SURNAME
    flags = (value or 0) & 7
    if not flags & (GIVEN | PLACE) and foreign_word(key):
        # "Quero", "tienda": a word of another language, a name only where the words around say so
        return WEAK, value or 0
    ordinary = bool(value and value >> 3) or key in found.words
    if value and value >> 3 >= 65:
        return WORD, 0  # "in", "the", "and": never a name, whatever a list of surnames says
    if key.endswith("s") and key[:-1] in found.words and not (value or 0) & GIVEN:
        return WORD, 0  # "bots", "Walkers"
    if flags & (GIVEN | SURNAME):
        return (WEAK if ordinary else STRONG), value or 0
    if flags & PLACE:
        return STOP, flags
    if key in found.others:  # "Faisal", "Liszt", "Lapland": a proper noun, person or not
        return WEAK, 0
    if ordinary:
        return WORD, 0
    return UNKNOWN, 0


def foreign_word(key: str) -> bool:
    """Whether a lower-case word is a common word of another language, long enough to tell
    ("quero", "tienda"; not "gaz", which is a nickname as often as French for gas)."""
    return len(key) > 3 and key in lexicon().foreign


def written_in_english(tokens: list[Token]) -> bool:
    """Whether most lower-case words of a text are English ones (names and firms aside)."""
    lower = [t for t in tokens if t.latin and t.text.islower()]
    english = sum(t.kind in (WORD, WEAK, STOP) and not t.foreign for t in lower)
    return english >= 0.6 * len(lower)


_Word = tuple[str, bool, str, int, str, bool, bool, bool]


@functools.lru_cache(maxsize=8192)  # questions repeat their words, and each other's
def _word(found: str) -> _Word | None:
    """What a token's text says wherever it stands: the word without a full stop or a
    possessive 's, whether it is Latin, its kind and flags, its key, whether it is capitalised,
    whether it starts with a capital, and whether it is a foreign word; None when nothing is
    left of it."""
    initial = len(found) == 2 and found[0].isupper() and found[1] == "."  # "J." stays "J."
    word = found if initial else found.rstrip(".")
    firm = False
    if word[-2:] in ("'s", "\u2019s") and len(word) > 3:
        firm = word.lower().replace("\u2019", "'") in lexicon().stops  # "Wendy's", "Nando's"
        word = word[:-2]
    if not word:
        return None
    latin = _is_latin(word)
    kind, flags = (STOP, 0) if firm else classify(word) if latin else (STRONG, GIVEN)
    bare = word.rstrip(".")
    capitalised = bare[:1].isupper() and (len(bare) == 1 or not bare.isupper())
    key = word.lower()
    foreign = key in lexicon().foreign
    if foreign and kind == STRONG:
        kind = WEAK  # "una", "Mam", "Ley": a name, and a common word of another language too
    return word, latin, kind, flags, key, capitalised, word[0].isupper(), foreign


def _tokens(text: str) -> list[Token]:
    """The words of a text as tokens of the caller's own, which it may mark (a firm's name as
    STOP) without changing what another rule reads."""
    return [Token(*fields) for fields in _token_fields(text)]


_TokenFields = tuple[int, int, str, str, int, bool, bool, str, bool, bool]


# The names detector and the search for names beside an email address both cut the whole
# question into words, and the lists are asked about each word: that is done once per text.
@functools.lru_cache(maxsize=128)
def _token_fields(text: str) -> tuple[_TokenFields, ...]:
    """What each word of a text is and where it stands, in the order of Token's fields."""
    tokens = []
    for match in _TOKEN.finditer(text):
        said = _word(match.group())
        if said is None:
            continue
        word, latin, kind, flags, key, capitalised, upper, foreign = said
        start = match.start()
        # Only a capital needs to know whether it opens a sentence.
        initial = upper and bool(_SENTENCE_START.search(text, max(0, start - 6), start))
        end = start + len(word)
        tokens.append((start, end, word, kind, flags, latin, initial, key, capitalised, foreign))
    return tuple(tokens)


_LETTER_RUN = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[str, ...]]:
    """The stop phrases keyed by the first run of letters in each."""
    keyed: dict[str, list[str]] = {}
    for phrase in lexicon().stop_phrases:
        first = _LETTER_RUN.search(phrase)
        if first:
            keyed.setdefault(first.group(), []).append(phrase)
    return {word: tuple(phrases) for word, phrases in keyed.items()}


@functools.lru_cache(maxsize=16)
def _stop_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the names of firms and products of several words ("Ted Baker") stand in a text."""
    lowered, spans = text.lower(), []
    # Only the phrases whose first word the text holds can stand in it: a look-up per word of
    # the text, not a search of the text per phrase.
    by_first = _phrases_by_first_word()
    candidates = {
        phrase for word in set(_LETTER_RUN.findall(lowered)) for phrase in by_first.get(word, ())
    }
    for phrase in sorted(candidates, key=lambda p: (-len(p), p)):
        at = lowered.find(phrase)
        while at != -1:
            end = at + len(phrase)
            if (at == 0 or not lowered[at - 1].isalnum()) and (
                end == len(lowered) or not lowered[end].isalnum()
            ):
                spans.append((at, end))
            at = lowered.find(phrase, end)
    return tuple(spans)


def _stop_phrases(text: str, tokens: list[Token]) -> None:
    """Mark the words of a firm's or product's name of several words as STOP."""
    for at, end in _stop_spans(text):
        for token in tokens:
            if at <= token.start < end:
                token.kind = STOP
