"""What a reader typed, made safe for either database, and the words to show highlighted.

Nothing a reader types reaches a database's query syntax as it is: the text is cut into words,
quoted phrases, `or` and `-exclusions`, then written out again in each database's own syntax
with every word quoted (SQLite) or passed as a bound value to a function that reads plain
words (PostgreSQL). So quotes, operators, `*`, `NEAR` or a page of punctuation are only words or
nothing, never a syntax error.

A search is a question, not a formula: each meaningful word (common words left out) is a group
that may match, and a page that matches more of the groups ranks above one that matches fewer.
Only a quoted phrase is required (or, with `or`, one of it and its alternatives); `a or b`
makes one group of two words; `-a` excludes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from .spelling import one_spelling

# Beyond these, a query is cut: no question needs more, and every word costs index work.
MAX_QUERY_CHARS = 500
MAX_TERMS = 12
# The alternatives one group may grow to (synonyms, respellings), and all groups together.
MAX_ALTERNATIVES = 8
MAX_ALTERNATIVES_IN_ALL = 48

# Words that match nearly everything and mean little in a question: PostgreSQL's own English stop
# words (so that both databases leave out the same words), and the filler of a question typed in
# full ("please tell me what happens if ...").
_STOP_WORDS = """i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did doing a an
the and but if or because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under again further then once
here there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now
please tell know want need get gets getting got happen happens happened would could also may
might must let lets like really ever still anyone someone something anything everything im ive
id whats isn doesn didn cant can't"""
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


def index_words(text: str) -> list[str]:
    """The words of a text as the index holds them: folded, in one spelling for British and
    American English."""
    return [one_spelling(word) for word in words(text)]


def index_text(text: str) -> str:
    return " ".join(index_words(text))


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of several in this order."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Group:
    """Terms any one of which will do; `weight` is how many of the reader's words it stands for."""

    terms: list[Term]
    weight: int = 1
    required: bool = False


@dataclass
class Query:
    """Pages that match any group and every required one, and no excluded term."""

    groups: list[Group] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    truncated: bool = False
    # The plain words as typed, common words included, for the vocabulary's phrases.
    typed: list[str] = field(default_factory=list)

    @property
    def searchable(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group.terms]

    def fts5_groups(self) -> list[str]:
        """One SQLite FTS5 expression per group, every word quoted, each carrying the required
        phrases and the exclusions, so that each one alone selects only pages that qualify."""
        exclusion = "".join(f" NOT {_fts5_quoted(t)}" for t in self.excluded)
        expressions = []
        for group in self.groups:
            others = [g for g in self.groups if g.required and g is not group]
            condition = "".join(f" AND {_fts5_any(g)}" for g in others)
            expressions.append(f"({_fts5_any(group)}{condition}){exclusion}")
        return expressions


def _fts5_quoted(term: Term) -> str:
    return '"' + term.text + '"'


def _fts5_any(group: Group) -> str:
    return "(" + " OR ".join(_fts5_quoted(t) for t in group.terms) + ")"


def parse(text: str) -> Query:
    """Each meaningful word may match; `a or b` is one group; `"a b"` is a required phrase;
    `-a` excludes."""
    query = Query(truncated=len(text) > MAX_QUERY_CHARS)
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text[:MAX_QUERY_CHARS]):
        phrase_minus, phrase, word_minus, word = match.groups()
        if phrase is None and fold(word) == "or":
            pending_or = bool(query.groups)
            continue
        negated = bool(phrase_minus or word_minus)
        found = index_words(phrase if phrase is not None else word)
        if phrase is None and not negated:
            query.typed.extend(found)
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
            query.groups[-1].terms.append(term)
        else:
            query.groups.append(Group([term], required=phrase is not None))
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
    return one_spelling(fold(word))


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
