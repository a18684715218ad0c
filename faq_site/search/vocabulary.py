"""The search vocabulary: the words readers use for what the content calls otherwise.

Content editors keep it in content/search-vocabulary.txt, one set a line, in the format of
Solr's and Elasticsearch's synonym files:

    dsar, sar, subject access request      any of these finds all of them
    forget me, delete my account => erasure    the reader's words also find "erasure"

At query time a reader's word, or run of words, that the vocabulary knows also finds its other
words: a single word gains them as alternatives; a phrase adds a group of its own, which counts
for as many words as the phrase has. `flask content check` reports a malformed line with its
file and number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .query import (
    MAX_ALTERNATIVES,
    MAX_ALTERNATIVES_IN_ALL,
    STOP_WORDS,
    Group,
    Query,
    Term,
    index_words,
)

FILE_NAME = "search-vocabulary.txt"
MAX_LINE = 500
MAX_PHRASE_WORDS = 6
MAX_SET = 12


@dataclass
class Vocabulary:
    # A word or phrase a reader may type -> the other words and phrases it also finds.
    alternatives: dict[tuple[str, ...], list[tuple[str, ...]]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def longest(self) -> int:
        return max((len(key) for key in self.alternatives), default=0)


def _phrases(text: str, number: int, problems: list[tuple[int, str]]) -> list[tuple[str, ...]]:
    found = []
    for part in text.split(","):
        phrase = tuple(index_words(part))
        if not phrase:
            problems.append((number, f"{part.strip()!r} has no words: remove the extra comma"))
        elif len(phrase) > MAX_PHRASE_WORDS:
            problems.append((number, f"{part.strip()!r}: at most {MAX_PHRASE_WORDS} words"))
        else:
            found.append(phrase)
    # `opt-out` and `opt out` are the same words to search.
    return list(dict.fromkeys(found))


def parse_vocabulary(text: str) -> Vocabulary:
    vocabulary = Vocabulary()
    problems = vocabulary.problems
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) > MAX_LINE:
            problems.append((number, f"a line has at most {MAX_LINE} characters"))
            continue
        sides = line.split("=>")
        if len(sides) > 2:
            problems.append((number, "use => once: words => what they also find"))
            continue
        typed = _phrases(sides[0], number, problems)
        found = _phrases(sides[1], number, problems) if len(sides) == 2 else typed
        if len(set(typed) | set(found)) < 2:
            problems.append(
                (number, "a line needs at least two words or phrases, separated by commas")
            )
            continue
        if len(set(typed) | set(found)) > MAX_SET:
            problems.append((number, f"a line holds at most {MAX_SET} words or phrases"))
            continue
        for phrase in typed:
            if phrase in vocabulary.alternatives:
                problems.append((number, f"{' '.join(phrase)!r} is already on an earlier line"))
                continue
            if all(word in STOP_WORDS for word in phrase):
                problems.append((number, f"{' '.join(phrase)!r} holds only common words"))
                continue
            vocabulary.alternatives[phrase] = [p for p in found if p != phrase]
    return vocabulary


def read_vocabulary(path: Path) -> Vocabulary:
    try:
        return parse_vocabulary(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return Vocabulary(problems=[(0, "the file is not UTF-8 text")])


_CACHE: dict[str, tuple[tuple[int, int], Vocabulary]] = {}


def current_vocabulary(content_dir: str) -> Vocabulary:
    """The vocabulary in the content folder, read again only when the file changes; lines
    with problems are left out (`flask content check` names them)."""
    path = Path(content_dir) / FILE_NAME
    try:
        status = os.stat(path)
    except OSError:
        return Vocabulary()
    stamp = (status.st_mtime_ns, status.st_size)
    cached = _CACHE.get(str(path))
    if cached is None or cached[0] != stamp:
        cached = (stamp, read_vocabulary(path))
        _CACHE[str(path)] = cached
    return cached[1]


def expand(query: Query, vocabulary: Vocabulary) -> Query:
    """The query with what the vocabulary knows of the reader's words added to it."""
    if not vocabulary.alternatives or not query.groups:
        return query
    budget = MAX_ALTERNATIVES_IN_ALL - len(query.terms)
    by_word = {
        group.terms[0].words[0]: group
        for group in query.groups
        if not group.required and len(group.terms[0].words) == 1
    }
    typed, start, longest = query.typed, 0, vocabulary.longest
    while start < len(typed) and budget > 0:
        for size in range(min(longest, len(typed) - start), 0, -1):
            phrase = tuple(typed[start : start + size])
            alternatives = vocabulary.alternatives.get(phrase)
            if alternatives is None:
                continue
            terms = [Term(p) for p in alternatives][: min(MAX_ALTERNATIVES, budget)]
            meaningful = [w for w in phrase if w not in STOP_WORDS]
            group = by_word.get(phrase[0]) if size == 1 else None
            if group is not None:
                group.terms.extend(t for t in terms if t not in group.terms)
            elif size > 1:
                query.groups.append(Group([Term(phrase), *terms], weight=len(meaningful)))
            budget -= len(terms)
            start += size - 1
            break
        start += 1
    return query
