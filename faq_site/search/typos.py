"""Typo tolerance: a misspelt word finds what the right spelling finds, with no "did you mean".

A word of the query that the index does not hold is given, as alternatives, the indexed words
closest to it: within one edit (an extra, missing, wrong or swapped letter) for a word of five to
seven letters, within two from eight letters on (as Meilisearch and Typesense do). The indexed
words are kept in memory, built once per content revision, with each word's one-letter deletions
(the SymSpell method), so a look-up costs a few dozen dictionary reads, not a pass over every
word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .query import MAX_ALTERNATIVES, Query, Term, index_words

MIN_LENGTH = 5
TWO_TYPOS_FROM = 8
# No word of the texts is longer; a longer one is no misspelling, and its variants (which grow
# with the cube of its length) would cost seconds and gigabytes.
MAX_LENGTH = 24
CLOSEST = 3


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def distance(a: str, b: str) -> int:
    """Edits from a to b, a swap of neighbouring letters counting as one (optimal string
    alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class Lexicon:
    """The words of the index, how often each occurs, and their one-letter deletions."""

    counts: Counter[str] = field(default_factory=Counter)
    deleted: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Lexicon:
        lexicon = cls()
        for text in texts:
            lexicon.counts.update(w for w in index_words(text) if w.isalpha())
        for word in lexicon.counts:
            if len(word) >= MIN_LENGTH - 1:
                for shorter in _deletions(word):
                    lexicon.deleted.setdefault(shorter, []).append(word)
        return lexicon

    def closest(self, word: str) -> list[str]:
        """The indexed words nearest an unknown word, most frequent first among equals."""
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or word in self.counts or not word.isalpha():
            return []
        most = 2 if len(word) >= TWO_TYPOS_FROM else 1
        shorter = _deletions(word)
        if most == 2:
            shorter |= {s for once in shorter for s in _deletions(once)}
        candidates = set(self.deleted.get(word, ()))
        for variant in shorter:
            if variant in self.counts:
                candidates.add(variant)
            candidates.update(self.deleted.get(variant, ()))
        ranked = sorted(
            (d, -self.counts[c], c) for c in candidates if (d := distance(word, c)) <= most
        )
        return [c for _d, _n, c in ranked[:CLOSEST]]


def tolerate(query: Query, lexicon: Lexicon) -> Query:
    """The query with each unknown word's closest indexed words as its alternatives."""
    for group in query.groups:
        if group.required:
            continue
        for term in list(group.terms):
            if len(term.words) != 1 or len(group.terms) >= MAX_ALTERNATIVES:
                continue
            for close in lexicon.closest(term.words[0]):
                if Term((close,)) not in group.terms and len(group.terms) < MAX_ALTERNATIVES:
                    group.terms.append(Term((close,)))
    return query
