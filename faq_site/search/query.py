"""What a reader typed, made safe for either database, and the words to show highlighted.

Nothing a reader types reaches a database's query syntax as it is: the text is cut into words,
quoted phrases, `or` and `-exclusions`, then written out again in each database's own syntax
with every word quoted. So quotes, operators, `*`, `NEAR` or a page of punctuation are only
words or nothing, never a syntax error.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

# Beyond these, a query is cut: no question needs more, and every word costs index work.
MAX_QUERY_CHARS = 500
MAX_TERMS = 12

# Words that match nearly everything; PostgreSQL drops them itself, SQLite would not.
_STOP_WORDS = """a an and are as at be but by can could did do does for from had has have how i
if in into is it its me my no not of on or our should so than that the their them then there
these they this to was we were what when where which who why will with would you your"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"\w+")
# A quoted phrase, a word (with an optional leading minus), or anything else between them.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def fold(text: str) -> str:
    """Lower case without accents: `Résumé` and `resume` are the same word to a reader."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of several in this order."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Query:
    """Every group must match (any term of a group will do); no excluded term may."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    truncated: bool = False

    @property
    def searchable(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def fts5(self) -> str:
        """The query in SQLite FTS5's syntax, every word quoted, fully bracketed."""

        def quoted(term: Term) -> str:
            return '"' + term.text + '"'

        groups = ["(" + " OR ".join(quoted(t) for t in group) + ")" for group in self.groups]
        expression = " AND ".join(groups)
        for term in self.excluded:
            expression = f"({expression}) NOT {quoted(term)}"
        return expression

    def websearch(self) -> str:
        """The query in PostgreSQL's websearch_to_tsquery syntax, built from plain words only."""

        def written(term: Term) -> str:
            return f'"{term.text}"' if len(term.words) > 1 else term.text

        parts = [" or ".join(written(t) for t in group) for group in self.groups]
        parts += ["-" + written(term) for term in self.excluded]
        return " ".join(parts)

    def any_word(self) -> Query:
        """The looser query behind "close matches": any single word of this one."""
        seen: dict[str, Term] = {}
        for term in self.terms:
            for word in term.words:
                if word not in STOP_WORDS:
                    seen.setdefault(word, Term((word,)))
        return Query(groups=[list(seen.values())] if seen else [])


def parse(text: str) -> Query:
    """Words are all required; `a or b` takes either; `"a b"` is a phrase; `-a` excludes."""
    query = Query(truncated=len(text) > MAX_QUERY_CHARS)
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text[:MAX_QUERY_CHARS]):
        phrase_minus, phrase, word_minus, word = match.groups()
        if phrase is None and fold(word) == "or":
            pending_or = bool(query.groups)
            continue
        negated = bool(phrase_minus or word_minus)
        found = words(phrase if phrase is not None else word)
        if phrase is None:
            # A word with punctuation inside (e.g. e-mail, Art.15) is a phrase of its parts.
            found = [w for w in found if w not in STOP_WORDS or len(found) > 1]
        if not found:
            continue
        if count >= MAX_TERMS:
            query.truncated = True
            break
        count += 1
        term = Term(tuple(found))
        if negated:
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        pending_or = False
    return query


# Highlighting: a word of the text is marked when it is a form of a searched word.

_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=100_000)
def _folded_word(word: str) -> str:
    # Texts repeat their words: each is folded once per worker.
    return fold(word)


def _matcher(query: Query):
    stems = tuple({stem(w) for term in query.terms for w in term.words if w not in STOP_WORDS})
    exact = frozenset(stems)
    prefixes = tuple(s for s in stems if len(s) >= 3)

    def matches(token: str) -> bool:
        folded = _folded_word(token)
        return folded in exact or folded.startswith(prefixes)

    return matches


def highlight(text: str, query: Query) -> Markup:
    """The text, escaped, with each searched word in <mark>."""
    matches = _matcher(query)
    out, last = [], 0
    for token in _WORD.finditer(text):
        if matches(token.group()):
            out.append(escape(text[last : token.start()]))
            out.append(Markup("<mark>%s</mark>") % token.group())
            last = token.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _best_window(tokens: list[re.Match], hits: list[int], size: int) -> int:
    """Where the window of `size` words holding the most distinct searched words begins,
    the earliest of equals, found in one pass over the hits."""
    counts: Counter[str] = Counter()
    best, start, left = 0, hits[0], 0
    for index in hits:
        counts[_folded_word(tokens[index].group())] += 1
        while hits[left] <= index - size:
            word = _folded_word(tokens[hits[left]].group())
            counts[word] -= 1
            if not counts[word]:
                del counts[word]
            left += 1
        if len(counts) > best:
            best, start = len(counts), hits[left]
    return start


def snippet(text: str, query: Query, size: int = 32) -> Markup:
    """About `size` words of the text around its best stretch of searched words."""
    matches = _matcher(query)
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return Markup("")
    hits = [i for i, token in enumerate(tokens) if matches(token.group())]
    start = 0
    if hits:
        start = max(0, min(_best_window(tokens, hits, size) - size // 4, len(tokens) - size))
    end = min(len(tokens), start + size)
    begin_char = tokens[start].start() if start else 0
    end_char = tokens[end - 1].end() if end < len(tokens) else len(text)
    result = highlight(text[begin_char:end_char], query)
    if start:
        result = Markup("… ") + result
    if end < len(tokens):
        result = result + Markup(" …")
    return result
