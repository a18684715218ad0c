"""One spelling for words that British and American English spell differently.

Applied by rule, to the words of the index and of every query alike, so that `organisation`
finds `organization`, `licence` finds `license` and `analyse` finds `analyze` without a list of
words. Each rule maps both spellings to one form; a rule that also touches a word with no
other spelling (`exercise` becomes `exercize`) does no harm, since both sides are changed the same
way and no two different words end up spelt alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (pattern, replacement), tried in order on a folded word; each is anchored at the word's end and
# leaves a few letters of stem, so short words (`our`, `hour`, `size`) stay as they are.
_RULES = [
    # organise, organisation, authorised, realising -> -ize
    (re.compile(r"^(\w{3,}?)is(e|es|ed|ing|er|ers|ation|ations|able)$"), r"\1iz\2"),
    # analyse, paralysed -> -yze
    (re.compile(r"^(\w{2,}?)ys(e|es|ed|ing|er|ers)$"), r"\1yz\2"),
    # colour, behavioural, favourite -> -or
    (
        re.compile(r"^(\w{3,}?)our(s|ed|ing|al|ally|ite|ites|able|ably|ful|less|er|ers)?$"),
        r"\1or\2",
    ),
    # licence, defence, licencing -> -ense
    (re.compile(r"^(\w{2,}?)enc(e|es|ed|ing)$"), r"\1ens\2"),
    # centre, fibre -> -er
    (re.compile(r"^(\w{2,}?)(t|b)re(s|d)?$"), r"\1\2er\3"),
    # cancelled, labelling, cancellation -> one l
    (re.compile(r"^(\w{2,}?[aeiou])ll(ed|ing|er|ers|ation|ations)$"), r"\1l\2"),
    # programme -> program, judgement -> judgment, catalogue -> catalog
    (re.compile(r"^(\w{3,}?)mme(s)?$"), r"\1m\2"),
    (re.compile(r"^(\w{2,}?)dgement(s)?$"), r"\1dgment\2"),
    (re.compile(r"^(\w{3,}?)ogue(s)?$"), r"\1og\2"),
]


@lru_cache(maxsize=100_000)
def one_spelling(word: str) -> str:
    """The form of a folded word that both its British and its American spelling share."""
    for pattern, replacement in _RULES:
        changed = pattern.sub(replacement, word)
        if changed != word:
            return changed
    return word
