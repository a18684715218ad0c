"""People's names that no cue introduces, found from word lists and the shape of the text.

A word is judged by what the lists say of it (anonymise_lexicon) and by where it stands
(anonymise_context): after a title or a role, beside another name, at the start of a sentence,
after "in" or "at". A word that is only ever a name ("Aoife", "Okafor") is taken wherever it
stands; one that is also an ordinary word or a place ("Faith", "Rich", "Sale") only beside
another name or after a word that introduces a person; a capitalised word that no list knows is
left in the text, marked for the moderator to check. Names written outside sentences come from
anonymise_writing. A name found once is found again wherever the question repeats it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from faq_site.anonymise_context import (
    _ARTICLE_BEFORE,
    _NOT_A_PERSON_AFTER,
    _PERSON_AFTER,
    _PLACE_BEFORE,
    _PLACES_LISTED,
    _PREPOSITION_BEFORE,
    _PRONOUN_AFTER,
    _ROLE,
    _ROLE_BEFORE,
    _TITLE_BEFORE,
    APPOSITION,
    EVENT_NOUNS,
    FIRM_NAMED_AFTER,
    FIRM_NOUNS,
)
from faq_site.anonymise_lexicon import (
    _PARTICLES,
    _SENTENCE_START,
    _TITLES,
    GIVEN,
    PLACE,
    STOP,
    STRONG,
    SURNAME,
    UNKNOWN,
    WEAK,
    WORD,
    Token,
    _stop_phrases,
    _stop_spans,
    _tokens,
    classify,
    foreign_word,
    lexicon,
    written_in_english,
)
from faq_site.anonymise_rules import (
    _NOT_NAMES,
    _RELATIVE,
    _THING_CALLED,
    CAR_MAKERS,
    NAMED_PERSON_CUE,
    TITLE_AND_INITIAL,
    Found,
    _a_word,
    a_surname,
    by_first_letter,
)
from faq_site.anonymise_writing import (
    _NOT_A_NAME_ENDING,
    INITIALS_AND_SURNAME,
    named_by_cue,
    written_names,
)

_PREFIXED = re.compile(r"(?:d|l|al|el|ul|ad|as|ben|bin|van|de)['\u2019-][A-Z]")
_JOINS = frozenset("'\u2019-")  # a word without one of these cannot be _PREFIXED


def _runs(text: str, tokens: list[Token]) -> Iterator[list[Token]]:
    """Neighbouring capitalised words (with particles between them) that could form one name."""
    run: list[Token] = []
    for token in tokens:
        joined = bool(run) and text[run[-1].end : token.start] in (" ", "  ", "\t")
        particle = token.key in _PARTICLES and not token.initial
        prefixed = bool(_PREFIXED.match(token.text)) if _JOINS.intersection(token.text) else False
        if prefixed:
            token.kind = STRONG if token.kind in (UNKNOWN, WORD) else token.kind
        if (
            token.latin
            and (token.capitalised or prefixed or (particle and run))
            and (joined or not run)
        ):
            run.append(token)
            continue
        if run:
            yield run
        run = [token] if token.latin and (token.capitalised or prefixed) else []
    if run:
        yield run


_MONTH_NAMES = frozenset({"april", "may", "june", "august", "summer", "autumn"})


def _segments(run: list[Token]) -> Iterator[list[Token]]:
    """A run cut at the words that cannot be part of a name (STOP and WORD)."""
    part: list[Token] = []
    forced = False  # the words straight after a title belong to the name
    for index, token in enumerate(run):
        following = run[index + 1] if index + 1 < len(run) else None
        if token.key in _MONTH_NAMES and following is not None and following.kind == STRONG:
            part.append(token)  # "April Lewis"
            continue
        if (
            index
            and run[index - 1].key.rstrip(".") in _TITLES
            and token.kind == STOP  # not an ordinary word: "Mr Muscle", "Dr Bike" are products
            and token.key.rstrip(".") not in _TITLES
            and following is not None
        ):
            part.append(token)  # "Mr Sunday Adeyemi", "Mrs May Wells"
            forced = True
            continue
        if forced and token.kind == STOP and token.text not in _NOT_NAMES:
            part.append(token)  # a surname that is also a town or a firm: "Mrs May Wells"
            continue
        forced = False
        if (
            not part
            and re.fullmatch(r"[B-HJ-Z]", token.text)
            and following is not None
            and following.flags & SURNAME
            and following.kind != WORD
        ):
            part.append(token)  # "J King": an initial before a surname
            continue
        if part and _surname_behind_stop(part[-1], token):
            part.append(token)  # "Owen Jenkins", "Kwame Asante": a surname also a firm or a town
            continue
        if token.kind in (STOP, WORD) and token.key not in _PARTICLES:
            if part:
                yield part
            part = []
        else:
            part.append(token)
    if part:
        yield part


# Feasts read as surnames in the lists; after a name they are an event: "a Tudor Christmas".
_FEASTS = frozenset({"christmas", "easter", "halloween", "diwali", "hanukkah", "thanksgiving"})


def _surname_behind_stop(given: Token, token: Token) -> bool:
    """Whether a word the lists hold for a firm or a town, straight after a given name that is
    only ever a name, is that person's surname: "Owen Jenkins", not "Jenkins" the software."""
    if token.kind != STOP or not token.text[:1].isupper() or token.text.isupper():
        return False
    if given.kind != STRONG or not given.flags & GIVEN:
        return False
    if token.key.rstrip(".") in _TITLES or token.key in _PARTICLES or token.key in _FEASTS:
        return False
    return bool(lexicon().names.get(token.key, 0) & (SURNAME | PLACE))


_LISTED_BEFORE = re.compile(
    r"(?:[A-Z][\w'-]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+))+$"
)
# "in Seville", "near Gort": after these a single capitalised word is a place, not a person.
_IN_A_PLACE = re.compile(r"(?i:\b(?:in|near|outside|around)[ \t]+)$")
# "Savannah, GA": a US state after a town.
_STATE_AFTER = re.compile(
    r",[ ](?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|IA|ID|IL|IN|KS|KY|LA|MA|MD|ME|MI|MN|MO|MS|MT|NC|"
    r"ND|NE|NH|NJ|NM|NV|NY|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VA|VT|WA|WI|WV|WY|NSW|QLD)\b"
    r"(?![ ]?[A-Z]*\d+[A-Za-z-])"  # "David Okoro, ID U87312094": not Idaho, the code's name
)
# "Chez Marcel", "Casa Rosa": a restaurant's or a shop's name.
_FIRM_BEFORE = re.compile(r"\b(?:Chez|Casa|Trattoria|Bistro|Caf[eé]|Villa|Hotel|Club)[ ]$")
# Every match of the patterns marked (?=\w) starts with a letter or a digit: the lookahead says
# so first, which lets the regex engine pass over spaces and word endings without trying
# each alternative there. It changes no match.
# "your AI assistant "Clara"", "the bot Max": a product speaks, not a person.
_PRODUCT_BEFORE = re.compile(
    r"(?i)(?=\w)\b(?:(?:AI|virtual|digital|voice|chat)\s+assistant|chat\s?bot|bot|app|product|brand|"
    r"model|tool)\s*[\"\u201c']$"
)


def _context(text: str, start: int) -> str:
    return text[max(0, start - 40) : start]


# The words before a tool or a service, which an unlisted name after them more likely is.
_TOOL_BEFORE = re.compile(
    r"(?i)(?=\w)\b(?:use|uses|using|used|via|through|install\w*|integrat\w*\s+with|switch\w*\s+to|"
    r"migrat\w*\s+to|mov\w*\s+to|upgrad\w*\s+to|subscri\w*\s+to|on|in|into|run|runs|host\w*"
    r"|buy|bought|tried|trial\w*|vendor|tool|app|platform|software|product)\s+$"
)


@functools.lru_cache(maxsize=4)
def _english(text: str) -> bool:
    """Whether the question is written in English, asked once per question."""
    return written_in_english(_tokens(text))


def _trimmed(part: list[Token]) -> list[Token]:
    """A run of capitalised words without what cannot belong to the name in it."""
    # A particle does not end a name ("Pieter van"), but a capitalised one standing alone may be
    # a name of its own ("Ben", "Al").
    while (
        part
        and part[-1].key in _PARTICLES
        and (len(part) > 1 or not part[-1].capitalised or len(part[-1].text) < 2)
    ):
        part = part[:-1]
    # An ordinary word opening the sentence is not part of the name after it: "Later Fashola".
    while len(part) > 1 and part[0].initial and part[0].kind == WEAK and not part[0].flags & GIVEN:
        part = part[1:]
    # "I am" in another language before the name: "Olen Onni Heikkinen", "Jestem Anna Nowak".
    if len(part) > 1 and part[0].key in _BEFORE_A_NAME:
        part = part[1:]  # and "son" or "daughter": "Sin Luka", "Tochter Lena"
    return part


_CHILD_WORDS = frozenset({"sin", "syn", "sohn", "tochter", "zoon", "dochter", "hija", "hijo",
                         "figlio", "figlia", "fils", "fille", "filho", "filha", "dotter", "søn",
                         "datter", "córka", "dcera", "kći", "hči", "ćerka"})  # fmt: skip
_I_AM = frozenset({"olen", "jestem", "jsem", "som", "sunt", "soy", "sou", "sono", "vagyok", "esmu",
                   "esu", "estoy"})  # fmt: skip
# Words that open a run of capitals without being part of the name after them.
_BEFORE_A_NAME = _I_AM | _CHILD_WORDS


# The capitalised word straight after another.
_CAPITALISED_AFTER = re.compile(r"[ ]([A-Z][a-z]+)\b")
# A number of one to three digits straight after a word, standing alone: "Stage 1", "Level 3".
_NUMBERED = re.compile(r"[ ]\d{1,3}(?![\d/:.,-]\d|\w)")


def _role_before(before: str) -> bool:
    """Whether the words before a name say who the person is ("my colleague", "tell").

    Asked only where a verdict turns on it: the patterns are long, and most names are settled
    before it matters."""
    return bool(_ROLE.search(before) or _ROLE_BEFORE.search(before)) and not _PLACE_BEFORE.search(
        before
    )


def _judge(text: str, part: list[Token]) -> bool | None:
    """True for a name, None for a possible one, False for none."""
    if not part:
        return False
    kinds = [token.kind for token in part]
    first = part[0]
    before = _context(text, first.start)
    after = text[part[-1].end : part[-1].end + 60]
    titled = _TITLE_BEFORE.search(before)
    if (
        len(part) == 1
        and first.kind != STRONG
        and not first.flags & GIVEN
        and not titled
        and _NUMBERED.match(after)
    ):
        return False  # "Stage 1 to Stage 7", "Level 3": a word numbering a thing
    couple = re.match(r"[ \t]*&[ \t]+([A-Z][a-z]+)[ \t]+[A-Z]", after)
    # "Mohammed Iqbal & Aisha Iqbal": two people, not a firm's partners
    two_people = couple and len(part) >= 2 and first.flags & GIVEN
    if not (two_people and classify(couple.group(1))[1] & GIVEN) and (
        _NOT_A_PERSON_AFTER.match(after) or re.search(r"(?i)\bst\.?\s+$", before)
    ):
        return False
    # "The dogs are called Bella, Max and Alfie": the words before a list speak for all of it.
    unlisted = _LISTED_BEFORE.sub("", before)
    thing = _THING_CALLED.search(unlisted) and not re.search(
        r"(?i)\b(?:person|someone|woman|man|guy|lady|agent|rep|girl|boy)\b", before
    )
    if (
        thing
        or (
            re.search(r"[A-Z][a-z]+\s*&\s*$", before)
            and not (  # "Mohammed Iqbal & Aisha Iqbal", not "Helen & Douglas House"
                len(part) >= 2 and first.flags & GIVEN and part[-1].kind in (STRONG, UNKNOWN)
            )
        )
        or _PRODUCT_BEFORE.search(before)
        or _FIRM_BEFORE.search(before)
        or _STATE_AFTER.match(after)
    ):
        return False  # "a company called Brightwater", "Hunter & Page"
    if re.search(
        r"(?:\b(?:S[ãa]o|San|Santa|Saint|Sankt|New|Port|Fort|Mount|Lake|Cape|Little|Great|Upper|"
        r"Lower|North|South|East|West|Queen's|King's)[ ]|(?:Road|Street|Lane|Avenue|Close|Drive|"
        r"Way|Court|Crescent|Place|Square|Gardens|Terrace|\d)[,]?[ ])$",
        before,
    ):
        return False  # "São Paulo", "18 Beach Road, Bondi": a town
    previous_place = re.search(r"([A-Z][a-z]+),[ ]$", before)
    if previous_place and classify(previous_place.group(1))[1] & PLACE and not titled:
        return False  # "Reading, Berkshire"
    nxt = re.match(r",[ ]+([A-Z][a-z]+)", after)
    if nxt and classify(nxt.group(1))[1] & PLACE and not any(t.kind == STRONG for t in part):
        return False  # "Victoria, London"
    located = (
        _PLACE_BEFORE.search(before)
        or re.search(r"\d[ \t]*,?[ \t]*$", before)
        or _PLACES_LISTED.search(before)
    )
    if (located or re.search(r"(?i)\bfrom\s+$", before)) and all(
        t.flags & PLACE or t.key in lexicon().others for t in part
    ):
        return False
    if (
        len(part) == 1
        and first.flags & PLACE
        and not titled
        and not _role_before(before)
        and not _PERSON_AFTER.match(after)
    ):
        return False  # "for India", "Chester and Bury branches"
    if (
        _IN_A_PLACE.search(before)
        and not titled
        and not re.match(r"['\u2019]s\b", after)
        and not _PERSON_AFTER.match(after)
        and not _PRONOUN_AFTER.search(text, part[-1].end, part[-1].end + 40)
    ):
        return False  # "I'm in Seville.", "a bakery in Grace Dieu"
    if STRONG in kinds:
        return True
    names = sum(1 for token in part if token.flags & (GIVEN | SURNAME))
    if titled and (kinds != [STOP] or not first.initial):
        return True  # "Mrs Okafor", "Mr Sunday"
    if part[0].text.endswith(".") and len(part[0].text) == 2 and len(part) >= 2:
        return True  # "D. Okonjo-Iweala", "M. J. Oyelaran"
    if (
        len(part) == 2
        and re.fullmatch(r"[B-HJ-Z]", first.text)
        and part[1].flags & SURNAME
        and part[1].kind != WORD
    ):
        return True  # "J King", "T Baker": an initial and a surname
    if len(part) >= 2 and UNKNOWN in kinds and names:
        return True
    if len(part) >= 2 and set(kinds) == {UNKNOWN}:
        if _PERSON_AFTER.match(after) or _role_before(before):
            return True
        # Two words no list knows, in the middle of an English sentence and not after "the" or
        # a place word: a given name and a surname from beyond the lists ("Tendai Moyo").
        unlisted = (
            len(part) == 2
            and _english(text)
            and not located
            and not _ARTICLE_BEFORE.search(before)
            and re.search(r"[a-z,][ \t]+$", before)
            and not _TOOL_BEFORE.search(before)
            and not any(_NOT_A_NAME_ENDING.search(t.key) for t in part)
        )
        return True if unlisted else None
    if len(part) >= 2 and names and part[0].flags & GIVEN:
        return not located or None
    if part[0].text.endswith(".") and len(part[0].text) == 2 and len(part) >= 2:
        return True  # "D. Okonjo-Iweala", "J. van den Berg"
    if (not first.initial or before.endswith("(")) and _role_before(before):
        # "the pharmacist (Dean)"
        proper = kinds == [WEAK] and not first.flags & 7
        return True if names or UNKNOWN in kinds or proper else None
    if _PREPOSITION_BEFORE.search(before) and not first.initial and not located:
        # "sent it to Brennan" names a person; "paid with Paystack" most likely a product.
        pronoun = _PRONOUN_AFTER.search(text, part[-1].end, part[-1].end + 90)
        apposition = APPOSITION.match(after)
        return True if names or len(part) >= 2 or pronoun or apposition else None
    if located and len(part) == 1 and not first.flags & PLACE:
        return None  # "near Bala": a place no list knows, or a person
    if (
        (first.flags & GIVEN or UNKNOWN in kinds)
        and _PERSON_AFTER.match(after)
        and len(part) == 1
        and not re.search(r"(?i)\b(?:a|an|the)\s+$", before)
    ):
        # A word no list knows opening a sentence before a verb is as often a firm as a person:
        # "Vinted asks for a selfie", "Zeeman vroeg naar mijn postcode".
        opening = re.fullmatch(r"(?i)\W*(?:(?:hi|hello|hey|hiya|morning|evening)\W*)?", before)
        if opening is not None and re.match(r"[ \t]+here\b", after):
            return True  # "Halyna here.", "Hi, Oksana here": the writer, at the start
        return None if first.initial and not first.flags & GIVEN else True
    if len(part) == 1 and first.flags & GIVEN and APPOSITION.match(after):
        return True  # "Mark, the caretaker, told me": who the person is, straight after
    if first.initial:
        return False
    if located or _ARTICLE_BEFORE.search(before) or re.match(r"\.?[ ]?\d", after):
        return False
    if kinds == [WEAK] and first.flags & GIVEN:
        title = _CAPITALISED_AFTER.match(after)
        kind, flags = classify(title.group(1)) if title else (None, 0)
        if kind == WORD and not flags & (GIVEN | SURNAME | PLACE):
            return None  # "Grace Period", "Summer Splash week": a word of a title, or a name
        return True  # a given name written with a capital in mid-sentence: "We hired Hope"
    if kinds == [UNKNOWN]:
        return None
    return False


def _title_start(text: str, start: int) -> int:
    """Where a name begins once a title written before it is counted in ("Mrs Okafor")."""
    match = _TITLE_BEFORE.search(text, max(0, start - 14), start)
    return match.start() if match else start


@dataclass(frozen=True)
class Judged:
    names: list[tuple[int, int]]
    possible: list[tuple[int, int]]


# Between names in a list ("Rose and Lily", "Harvey, Lily and baby Oscar"), or between a name
# and its misspelling ("Angharad, not Angharrad").
_JOINED = re.compile(
    r"(?:,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&|or)[ \t]+)(?:(?:baby|little|wee|lil)[ \t]+)?"
    r"|,?[ \t]+not[ \t]+"
)
# "and" in the languages of Europe, which joins only names written with capitals ("Claire et
# Marc Lefèvre", "Ana y Luis"): in lower case "i" and "e" are words of English and Italian.
_JOINED_ABROAD = re.compile(r"[ \t]+(?:et|und|y|e|en|i|og|och|ja)[ \t]+")
_JOINERS_ABROAD = frozenset({"et", "und", "y", "e", "en", "i", "og", "och", "ja"})


def _covered(text: str, spans: list[tuple[int, int]]) -> bytearray:
    """A mark for every character of the text that one of the spans holds."""
    covered = bytearray(len(text) + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def _joined_to(text: str, tokens: list[Token], names: list[tuple[int, int]]) -> Iterator[Token]:
    """Words listed with a name ("Rose and Lily", "dave, raj and kasia") are names as well."""
    tokens = [
        t
        for t in tokens
        if t.latin
        and t.key not in ("and", "or", "&", "not", "baby", "little", "wee", "lil")
        and not (t.key in _JOINERS_ABROAD and t.text.islower())
    ]
    covered = _covered(text, names)
    inside = [bool(covered[t.start]) for t in tokens]
    changed = True
    while changed:
        changed = False
        for i in range(len(tokens) - 1):
            for a, b in ((i, i + 1), (i + 1, i)):
                if not inside[a] or inside[b]:
                    continue
                left, right = sorted((tokens[a], tokens[b]), key=lambda t: t.start)
                between = text[left.end : right.start]
                other = tokens[b]
                if not _JOINED.fullmatch(between) and not (
                    _JOINED_ABROAD.fullmatch(between)
                    and other.capitalised
                    and tokens[a].capitalised
                ):
                    continue
                if re.match(r"[ \t]*[:#]?[ \t]*\d", text[other.end : other.end + 4]):
                    continue  # "pieter van den berg, bsn 123456782": the label of a number
                same_case = other.capitalised == tokens[a].capitalised
                if same_case and (
                    other.kind in (STRONG, UNKNOWN)
                    # a two-letter word is a pronoun more often: "josé peña, mi cuenta"
                    or (other.kind == WEAK and other.flags & GIVEN and len(other.key) > 2)
                ):
                    inside[b] = changed = True
                    yield other


# Words after which only a person's name can follow, whatever else the name may also be.
_PERSON_CUE = re.compile(
    r"(?i:\b(?:my|his|her|their)\s+(?:(?:full|real|profile|display|user)\s+)?name"
    r"(?:\s+on\s+(?:here|the\s+app|[\w.-]+))?(?:\s+is|\s+was|,)|\bmy\s+name's|\bcall\s+me"
    r"|\bcalls?\s+(?:me|him|her|them|himself|herself|themselves)|\baddressed\s+(?:me|him|her|them)\s+as"
    r"|\b(?:my|our|his|her|their)\s+(?:[a-z]+\s+)?(?:daughter|son|wife|husband|mum|mom|mother|"
    r"dad|father|brother|sister|colleague|agent|nurse|carer|friend|neighbou?r|partner|fianc[ée]e?|"
    r"boss|manager|assistant|employee|tenant|patient|niece|nephew|cousin|aunt|uncle|grandson|"
    r"granddaughter|bestie|best\s+friend|bff|granny|grandma|grandad|grandpa|nana|nan|gran)"
    rf"|{NAMED_PERSON_CUE})"
    r"[ \t]+[\"\u201c]?$"
)
_EVENT_WORD = re.compile(EVENT_NOUNS)
# The names that stand for anyone in an example.
_PLACEHOLDERS = frozenset({"John Doe", "Jane Doe", "Joe Bloggs", "Jane Bloggs", "Max Mustermann",
                           "Erika Mustermann"})  # fmt: skip
# The last word of a place's name that no surname is: "Parnell Square", "Custom House Quay"
# (not "Place", "Plaza" or "Sands": Martin Place and Lucía Plaza are people).
_PLACE_ENDINGS = frozenset({"Square", "Quay", "Cove", "Terrace", "Crescent", "Parade", "Circus",
                            "Airport", "County", "Island"})  # fmt: skip
# A card, a pass or a stop named like a person, after an owner or an article ("a Silver Robin
# pass", "my Robin card", "the Sean Graham bus stop"), and a firm's DPO after a greeting: never
# "make Gary Lewis stop", "did Callum Reid pass", "to Helen Mason DPO".
_THING_NAMED_AFTER = re.compile(
    r"[\"\u201d]?[ \t]+(?:cards?|pass(?:es)?|passholders?|(?:bus[ \t]+|tram[ \t]+)?stop|DPO|"
    r"privacy[ \t]+team|data[ \t]+protection[ \t]+team)\b"
)
_GREETED_BEFORE = re.compile(r"(?i)\b(?:dear|hi|hello|to)[ \t,]+$")
# A word of the thing's name, or a quote, between the article and the name: "an Access Robin
# pass", 'the "Sean Graham" bus stop'.
_NAME_OPENING = re.compile(r"(?:[A-Z][\w-]*[ \t]+)?[\"\u201c]?$")
_FIRM_WORD = re.compile(
    r"Ltd|Limited|Homes|Dental|Freight|Travel|Media|Studio|Solutions|Services|Consulting|"
    rf"Logistics|Group|Partners|Associates|Builders|Interiors|Lodge|Convent|Clinic|Surgery|"
    rf"Chapel|Hospital|Police|Constabulary|Council|Room|Rooms|Brothers|Rail|Railways?|Buses|Trams|"
    rf"Trains|Ferries|Airways|Airlines|Coaches|Business|Mobility|Technologies|{FIRM_NOUNS}"
)


# An event, a prize or a course named after someone ("the Ellie Simmonds open day"): "the" before
# the name, and after it, within a few words, what the event is.
_THE_BEFORE = re.compile(r"(?i)\bthe[ ]$")
_THE_OR_QUOTE_BEFORE = re.compile(r"(?i)\bthe[ ]$|[\"\u201c]$")
_EVENT_AFTER = re.compile(
    r"(?:[ ](?!(?i:who|that|which|whose|is|was|has|had|and|or|the|a|an|at|in|on|to|for|from|"
    r"with|runs?|ran|you|we|i|he|she|they|it|see|saw|every|each|this|that)\b)[\w-]+){0,2}?"
    r"[ ](?i:clinic|day|run|camp|programme|program|academy|"
    r"masterclass|event|festival|race|challenge|cup|trophy|award|prize|lecture|"
    r"scholarship|open[ ]day|fun[ ]run|5k|10k|marathon|tournament|league|memorial|shield|"
    r"plate)s?\b"
)


# Trades that Spanish, Portuguese, Dutch and Polish firms' names put before the owner's.
_TRADE_FIRST = re.compile(
    r"Agencia|Reformas|Construcciones|Inmobiliaria|Transportes|Talleres|Instalaciones|"
    r"Autoescuela|Farmacia|Cl[\u00edi]nica|Imobili[\u00e1a]ria|Bouwbedrijf|Schoonmaakbedrijf|"
    r"Us\u0142ugi|Firma|"
    # a school's or a college's word, before the saint, the place or the person it is named for
    r"Ysgol|Coleg|Colegio|Col\u00e1iste|Scoil|Gaelscoil|Escuela|Instituto|Liceo|Lyc\u00e9e|"
    r"Coll\u00e8ge|\u00c9cole|Gymnasium|Escola|Szko\u0142a|"
    # a council's or an office's word in Welsh, Irish and Gaelic: "Cyngor Sir Glanmor"
    r"Cyngor|Comhairle|Oifig"
)
_TRADE_BEFORE = re.compile(rf"\b(?:{_TRADE_FIRST.pattern})[ ]$")
# A device or a service after its name, the name after an article or an owner (_ARTICLE_BEFORE):
# "the Elsie thermostat", "my Theo hub", "the Milo baby monitor" (but "Ava's doorbell" is Ava's).
_DEVICE_AFTER = re.compile(
    r"(?:[ ](?:Pro|Plus|Max|Mini|Lite|Go|[vV]?\d[\w.]*))?[ ](?i:(?:indoor|outdoor|baby|smart|"
    r"video|voice|alarm|security|door)[ ])?(?i:doorbell|lock|thermostat|hub|monitor|cam|camera|"
    r"alarm|panel|sensor|speaker|plug|bulb|tracker|router|assistant|app|device|system|"
    r"pendant|keypad|siren|detector|collar|feeder|plan|tariff|package|"
    # a service's own drivers and cars: "a Vela driver", "the Vela vehicle"
    r"driver|rider|vehicle|car)s?\b(?!['\u2019])"
)
_MAKER = re.compile(CAR_MAKERS)
_MAKER_BEFORE = re.compile(rf"\b(?:{CAR_MAKERS})[ ]$")

_TOWN_BEFORE_POSTCODE = re.compile(
    r",?[ ](?:(?:Co\.|County)[ ][A-Z][a-z]+,?[ ])?"
    r"[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b"
)
_POSTAL_CODE_BEFORE = re.compile(r"(?:^|[,\n][ ]?)(?:\d{4,6}|\d{2,3}[ -]\d{2,3})[ ]$")


# A public office held by the person named: a public figure in their public role, not a private
# person ("Privacy Commissioner Carly Kind", "Prime Minister Lawrence Wong", "Sadiq Khan, as
# Mayor of London", "Is Michael Webster still the Privacy Commissioner").
_PUBLIC_OFFICE = (
    r"(?:(?:Deputy\s+|Vice[- ])?(?:Prime\s+Minister|President|Chancellor|Premier|Governor|"
    r"Senator|Mayor|"
    r"Minister|Secretary\s+of\s+State|Attorney\s+General|Advocate\s+General|Chief\s+Justice|"
    r"Justice|Congress(?:wo)?man|MEP|MP|King|Queen|Pope|(?:[A-Z][a-z]+\s+)?Commissioner|"
    r"(?:[A-Z][a-z]+\s+)?Ombuds(?:man|person)|Advocate|MSP|"
    r"Member\s+of\s+Parliament|Cabinet\s+Member(?:\s+for\s+[A-Z][a-z]+)?))"
)
# The office before the name, perhaps with a comma: "our MP, Sir David Allcock", "the Mayor, Cllr
# Rose Penhallow". (A councillor is not a public figure by the title alone: the councillor
# writing about a constituent's case is a person to hide.)
_OFFICE_BEFORE = re.compile(rf"\b{_PUBLIC_OFFICE},?[ \t]+$")
_OFFICE_AFTER = re.compile(
    r"(?:,?[ \t]+(?:as|the|our|still\s+the|is\s+(?:still\s+)?the|now)[ \t]+"
    rf"(?:(?:current|former|new)[ \t]+)?{_PUBLIC_OFFICE}"
    rf"|[ \t]+still[ \t]+(?:the[ \t]+)?(?:{_PUBLIC_OFFICE}|chair(?:person|man|woman)?)\b)"
)


_CODE_GOES_ON = re.compile(r"[-/]\d")
# The legal form of a firm of another country after its name, or the rest of one whose "S." a
# name ended on.
_FIRM_TAIL = re.compile(
    r"(?<=S\.)(?:p\.[ ]?A|r\.[ ]?l|L\.|A\.)"
    r"|,?[ \t]+(?:S\.p\.A|S\.r\.l|S\.A\.S|S\.A|S\.L\.U|S\.L|Sp\.[ ]z[ ]o\.o|A/S|AB|Oyj?|Kft|Zrt|"
    r"s\.r\.o|a\.s|AG|SE|SpA|Srl|Lda|Ltda|SAS|SARL|GmbH|KG|OHG|e\.V|BV|NV|ApS|ASA)(?![\w/])"
)
_NUMBER_ABBREVIATIONS = frozenset({"nr", "nro", "no", "num"})


# "Mitgliedsnummer", "Asiakasnumero", "Kundenr": a word that says a number follows.
_NUMBER_COMPOUND = re.compile(r"(?i)[^\W\d_]{3,}(?:nummer|numero|nro|nr|sz\u00e1m|numaras\u0131)")


# Words of other languages that open a sentence as often as any ("Nel nostro palazzo", "Já
# cancelei", "Su política", "Mana karte", "Olen syntynyt") and that lists know as given names
# too: in a question not in English, before a word in lower case, they are those words.
_FOREIGN_OPENERS = frozenset(
    re.split(
        r"\s+",
        """
    beth tá nel já mis su se mio mia elle na ați til olen mana mae yeni tu ti te le lo el os as
    do du en una uno ein eine sie ich jeg han hun vi ni het deze ze ona ono ty az ez bu ben sen moj
    moja mon ma ta sa son ton meu seu sua mijn zijn haar mein meine dein sein min mitt din sin
    kas vai ja ei ova ovo ovaj tam tady asun asumme onko deler nos vos voi noi lei lui dove
    come quando cosa qui que quem wie wer was wo hoe wat hvor hvad hvem kdo jak kde czy gdzie
    kiedy ki ką kas kur kodėl née né
        """.strip(),
    )
)


def _a_word_opening_a_sentence(text: str, start: int, end: int, word: Token) -> bool:
    """A word opening a sentence of a question not in English, before a word in lower case, that
    is a word there rather than a name: a short one lists know only as a surname ("Hun får", "Ni
    har"), or a common word lists know as a given name too ("Nel nostro", "Su política", "Já
    cancelei"). Another given name ("Anna hat") and a longer surname ("Kowalski napisał") stay
    names."""
    return (
        (word.key in _FOREIGN_OPENERS or (len(word.text) <= 4 and not word.flags & GIVEN))
        and bool(_SENTENCE_START.search(text, max(0, start - 6), start))
        and bool(re.match(r"[ \t]+[a-z\u00df-\u024f]", text[end : end + 3]))
        and not _english(text)
    )


# The words that open or close a letter in the languages of Europe, when they stand as a line
# of their own or open the message ("Tere!", "Beste,", "Dia duit,", "Bun\u0103 ziua,", "Cofion,"):
# many are names elsewhere ("Dag", "Dia", "Mana"), so they are not names only where they stand so.
_GREETINGS = frozenset(
    re.split(
        r"\s+",
        """
    tere dag beste hallo hej hei moi ahoj cześć czesc szia servus moin ciao salve hola olá
    bonjour bonsoir salut buongiorno buonasera goedemorgen goedemiddag goedenavond goeiedag
    dzień dobry dobrý den deň zdravo bok sveiki labdien labas laba diena hyvä hyvää päivää kære
    kära kedves tisztelt jó napot szanowni szanowny szanowna państwo vážení vážený vážená
    poštovani poštovana estimado estimada estimados prezado prezada prezados geachte liebe
    lieber liebes grüezi gentili gentile egregi egregio spettabile signori caro cara querido
    querida bom bon boa bona dia tarde noite buenos buenas días dias tardes buna bună ziua duit
    bore da prynhawn noswaith dda shwmae helo annwyl bonġu bongu merhaba selam allemaal
    iedereen zusammen tutti
        """.strip(),
    )
)
_CLOSINGS = frozenset(
    re.split(
        r"\s+",
        """
    dankie groete salamat mersi mahadsanid
    grüße grüsse gruß gruss saludos cumprimentos cordialement salutations saluti distinti
    cordiali groeten groet groetjes pozdrawiam pozdrowienia hälsningar hälsning hilsen hilsner
    mvh terveisin ystävällisin üdvözlettel pozdrav pozdravom pozdravy pozdravem mulțumesc
    multumesc grazie grazzi merci danke dank tack kiitos obrigado obrigada gracias dziękuję
    děkuji köszönöm takk tak ačiū paldies aitäh diolch cofion cynnes lugupidamisega
    atenciosamente abraços besos baci bises amitiés vänliga venlig venlige mfg vg lg lp
        """.strip(),
    )
)
_SALUTATION_WORDS = _GREETINGS | _CLOSINGS
_SALUTATION_WORD = re.compile(r"[^\W\d_]+")


def _a_salutation(text: str, start: int, end: int) -> bool:
    """Whether a span and the words beside it are a greeting or a closing standing as the
    opening of the message or a line of their own, before a comma, a '!', a colon or the line's
    end: "Tere!", "Dag allemaal,", "Bon dia,", "Cofion,\n"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    head = text[line_start:line_end]
    match = re.match(r"[ \t]*((?:[^\W\d_]+[ \t]*){1,3}?)[ \t]*(?:[,!:.]|$)", head)
    if not match or line_start + match.end(1) < end:
        return False
    words = [word.lower() for word in _SALUTATION_WORD.findall(match.group(1))]
    if not words or not all(word in _SALUTATION_WORDS for word in words):
        return False
    # A greeting opens the message; on a later line a word such as "Dag" or "Dia" is a name
    # signing it, unless the line holds a closing ("Cofion,", "Grazzi,").
    return not text[:line_start].strip() or any(word in _CLOSINGS for word in words)


_FOREIGN_TITLES = _TITLES - {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir",
                              "dame", "lady", "lord", "madam", "sgt", "grandma", "grandad",
                              "grandpa", "granny", "nana", "nanna"}  # fmt: skip
# German (and Dutch, Scandinavian) nouns are capitalised and compound: a word no list knows that
# ends in one of these is a thing or a role ("Vermieter", "Datenschutzbeauftragter",
# "Kundenkonto", "Tagesmutter"), not a surname no list knows.
_COMPOUND_NOUN = re.compile(
    r"(?i)(?=[^\W\d_]{5})[^\W\d_]*(?:geber|nehmer|mieter|beauftragte[rn]?|leiter|leiterin|inhaber|inhaberin|"
    r"mutter|vater|konto|nummer|daten|stelle|amt|recht|gesetz|schutz|ung|ungen|heit|keit|schaft|"
    r"verwaltung|beh\u00f6rde|firma|dienst|kollege|kollegin|nachbar|nachbarin|\u00e4rztin|arzt|"
    r"lehrer|lehrerin|kasse|versicherung|berater|beraterin|verein|zentrum|gruppe|abteilung|"
    r"pflicht|zeit|ausweis|karte|vertrag|antrag|anfrage|auskunft|werk|wagen|hof|haus)"
)


# A name given as an example: 'a made-up name like "Sarah"', "a fake name such as Tom".
_MADE_UP_BEFORE = re.compile(
    r"(?i)\b(?:made[- ]up|fake|fictional|fictitious|false|dummy|sample|placeholder|example|"
    r"generic|invented)[ \t]+names?[ \t]+(?:like|such[ \t]+as|e\.g\.|eg|for[ \t]+example)?"
    r"[ \t,:]*[\"'\u201c\u2018(]?$"
)
_TRADE_BY = re.compile(
    rf"\b(?:{FIRM_NOUNS}|Hair|Cakes|Designs|Photos|Nails|Lashes|Brows)[ \t]+by[ \t]+$"
)
# What a public work's author follows: a title in quotes, or the kind of work.
_AUTHOR_BEFORE = re.compile(
    r"(?:[\"\u201c][A-Z][^\"\u201c\u201d]*[\"\u201d]|(?i:\b(?:music|songs?|poems?|novels?|books?|"
    r"albums?|tracks?|hymns?|paintings?|films?|plays?|lyrics|words)))[ \t]+by[ \t]+$"
)
# Who the person is, said after the name: "by Megan Holt, his granddaughter", "Sean Kelly, our
# organist": a private person, whatever came before.
_APPOSITIVE = re.compile(r",[ \t]+(?:his|her|their|our|my|the|a|an)[ \t]+[a-z]")
_SHOP_AFTER = re.compile(r"['\u2019]s[ \t]+(?:in|on)[ \t]+[A-Z][a-z]+")
_AT_A_SHOP = re.compile(r"(?i)\b(?:at|is|called)[ \t]+$")
_CAPITALISED_PHRASE_BEFORE = re.compile(r"\bthe[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}$")


# What a brand name stands before: "a Kate Spade bag", "her Hermès scarf", "my Hunter wellies".
_BRAND_BEFORE_A_THING = re.compile(
    r"[ \t]+(?:bags?|handbags?|purses?|dress(?:es)?|coats?|jackets?|jeans|shoes|boots|wellies|"
    r"trainers|sneakers|heels|scarf|scarves|watch(?:es)?|jumpers?|tops?|skirts?|shirts?|"
    r"t-shirts?|hoodies?|sofas?|chairs?|dolls?|toys?|figures?|vases?|mugs?|perfumes?|lipsticks?|"
    r"sunglasses|necklaces?|bracelets?|rings?|earrings?|jewellery|jewelry|charms?|teethers?|"
    r"plush|lamps?|prints?|rugs?|candles?|collection|items?|listings?|range|stuff)\b"
)
_OWNED_BEFORE = re.compile(
    r"(?i:\b(?:a|an|the|my|her|his|their|our|your|this|these|those|some)(?:[ \t]+[a-z]+)?[ \t]+)$"
)
_ASK_BEFORE = re.compile(r"(?<![.!?][ ])(?<!^)\bAsk[ ]$")


_BOT_NAMED = re.compile(
    r"(?i:\b(?:chat)?bot,?[ \t]+)(?P<after>[A-Z][\w'-]*)"
    r"|\b(?P<before>[A-Z][\w'-]*),?[ \t]+(?:is[ \t]+)?"
    r"(?i:(?:your|our|the)[ \t]+(?:[a-z]+[ \t]+)?(?:chat)?bot)\b"
)


@functools.lru_cache(maxsize=16)
def _bots(text: str) -> frozenset[str]:
    """The names a question gives its chatbots: "Robin, your chatbot", "the bot Ava"."""
    return frozenset(m.group("after") or m.group("before") for m in _BOT_NAMED.finditer(text))


# Animals people keep, and the breeds most often named, in English and the languages of Europe:
# the name after one is a pet's ("our cat Mr Darcy", "my dogs Max and Alfie", "mi perra Nala").
_PET_NOUN = (
    r"dogs?|cats?|pupp(?:y|ies)|pups?|kittens?|kitty|horses?|pon(?:y|ies)|rabbits?|bunny|"
    r"hamsters?|guinea[ ]pigs?|ferrets?|parrots?|budgies?|tortoises?|gerbils?|"
    r"labradors?|retrievers?|spaniels?|springers?|terriers?|collies?|poodles?|beagles?|"
    r"dachshunds?|pugs?|greyhounds?|lurchers?|whippets?|husk(?:y|ies)|bulldogs?|cockapoos?|"
    r"cavapoos?|labradoodles?|schnauzers?|chihuahuas?|staff(?:ie|y)|westie|tabby|moggy|"
    r"perr[oa]s?|gat[oa]s?|chien(?:ne)?|gatt[oa]|c\u00e3o|cadela|hund|h\u00fcndin|katze|kater|"
    r"c\u00e2inele|pisica|pisic\u0103|madra|"
    # Words that are English words too ("a chat", "a cane", "pies") only after "my" or "the".
    r"(?:mon|ma|notre|le|la|sa|son)[ ]chat(?:te)?|(?:mio|il|nostro|suo|mia)[ ]cane|"
    r"(?:mijn|onze|de)[ ](?:hond|kat)|(?:m[o\u00f3]j|moja|mojego|mojej|dla|naszego)[ ]"
    r"(?:kot(?:a|ka)?|pies|psa)"
)
_PET_NAME = (
    r"(?:(?:Mr|Mrs|Miss|Sir|Lady|Lord|Dr)\.?[ ])?[A-Z][\w'\u2019-]*(?:[ ][A-Z][\w'\u2019-]*){0,2}"
)
_PETS_NAMED = re.compile(
    r"(?=\w)"
    rf"(?i:\b(?P<noun>{by_first_letter(_PET_NOUN)}))"
    # Not a person whose job is about animals: "our cat sitter, Jenny", "the Dog Warden".
    r"(?![ \t]+(?i:sitters?|sitting|walkers?|walking|wardens?|groomers?|grooming|minders?|"
    r"trainers?|training|carers?|care|rescue|shelter|food|owners?|lovers?|person|people|show|"
    r"club|insurance|hotel|daycare|bite|licen[cs]e|breeders?|charity|home|allergy)\b)"
    r"(?P<how>(?i:['\u2019]s[ \t]+name[ \t]+is|[ \t]+(?:is|was)[ \t]+(?:called|named)"
    r"|,?[ \t]+(?:also[ \t]+)?(?:called|named)|[ \t]+is)?)(?P<gap>[ \t]*,[ \t]*|[ \t]+)"
    rf"[\"\u201c]?(?P<names>{_PET_NAME}(?:(?:,[ \t]*|[ \t]+(?:and|&|y|et|e|und|en|i)[ \t]+)"
    rf"{_PET_NAME})*)"
)
# Whose animal it is, before its kind: a pet word typed with a capital ("Kitty Smith", "Cat
# Hughes", "Bunny Roberts" are people) is one only after these ("Our Labrador", "meine Hündin").
_PET_OWNER_BEFORE = re.compile(
    r"(?i:(?:\b(?:my|our|his|her|their|your|the|a|an|two|three|both|mi|mis|su|meu|minha|o|mon|ma|"
    r"notre|le|la|mein|meine|meinen|meinem|unser|unsere|unseren|ihr|ihre|ihren|sein|seine|"
    r"seinen|mijn|onze|de|het|il|mio|mia|am)|[\w-]+['\u2019]s)[ \t]+(?:[\w-]+[ \t]+)?)$"
)
# After "my dog, " or "my cat is ", a name stands alone: "my dog, Rex, is old", "my cat is Penny.";
# not "two dogs, Sarah and I walk them", "my dog is Helen's responsibility".
_ALONE_AFTER = re.compile(r"[ \t]*(?:[,.;:!?)\"\u201d]|$)")
_PET_WORD = re.compile(rf"(?i:{_PET_NOUN})")
_PET_NAMES_SPLIT = re.compile(r",[ \t]*|[ \t]+(?:and|&|y|et|e|und|en|i)[ \t]+")
# What only an animal has done to it: "Max's castration", "Hamish's walks", "Rex's microchip".
_PET_THING_AFTER = re.compile(
    r"['\u2019]s[ \t]+(?:castration|neutering|spaying|spay|microchip|worming|flea|collar|"
    r"kennel|grooming|walks)\b"
)


_PERSON_BEFORE = re.compile(
    rf"(?i:\b(?:{_RELATIVE}|vet|surgeon|nurse|gran(?:ny)?|grand(?:mother|father|ma|pa|dad))"
    r"(?:[ \t]+(?:is|was))?(?:[ \t]+(?:called|named))?)(?:[ \t]*,[ \t]*|[ \t]+)$"
    # "complained to Jack", "told Max": said to someone, so a person
    r"|(?i:\b(?:to|told|asked|emailed|rang|phoned|called|texted|messaged))[ \t]+$"
)


def _owned_pet(text: str, match: re.Match[str]) -> bool:
    """Whether a match of _PETS_NAMED names an animal, not a person called Kitty or Cat."""
    noun = match.group("noun").split()[-1]  # "Mon chat": the animal's word
    if noun[0].isupper() and not _PET_OWNER_BEFORE.search(
        text, max(0, match.start() - 30), match.start()
    ):
        return False
    if "," in match.group("gap") or match.group("how").strip().lower() == "is":
        return bool(_ALONE_AFTER.match(text, match.end("names")))
    return True


@functools.lru_cache(maxsize=16)
def _pets(text: str) -> tuple[frozenset[tuple[int, int]], frozenset[str]]:
    """Where a question names its animals, and the names whose every mention is the pet's: not
    a name another mention shows to be a person's ("my dog is called Dave and my husband is
    called Dave", "Max from the grooming salon posted my number")."""
    spans, named = set(), set()
    for match in _PETS_NAMED.finditer(text):
        if not _owned_pet(text, match):
            continue
        at = match.start("names")
        for name in _PET_NAMES_SPLIT.split(match.group("names")):
            at = text.index(name, at)
            if name in {"I", "We"}:
                continue
            spans.add((at, at + len(name)))
            named.add(name)
    starts = {start for start, _ in spans}
    for name in list(named):
        for mention in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if mention.start() in starts:
                continue
            if _PERSON_BEFORE.search(
                text, max(0, mention.start() - 40), mention.start()
            ) or _PERSON_AFTER.match(text, mention.end()):
                named.discard(name)
                break
    return frozenset(spans), frozenset(named)


# The judge asks of each name it finds, and find() asks again of every name any detector found.
@functools.lru_cache(maxsize=512)
def not_a_person(text: str, start: int, end: int) -> bool:
    """Whether a span another rule took for a name is a firm, a product or a place instead."""
    words = _tokens(text[start:end])
    if _a_salutation(text, start, end) or (
        words
        and all(w.key in _CLOSINGS for w in words)
        and re.match(r"[ \t]*(?:[,!]|\.?$)", text[end : end + 3])
    ):
        return True  # "Tere!", "Beste,", "Grüße, Sabine": a letter's greeting or closing
    if _FIRM_TAIL.match(text, end):
        return True  # "Ferrero S.p.A.", "Distribuciones Ibarra S.L.", "Netto A/S"
    if _CODE_GOES_ON.match(text, end) or (words and words[-1].key in _NUMBER_ABBREVIATIONS):
        return True  # "Ügyfélszám UF-77120384", "Rechnung Nr. RE-2024": the start of a code
    if len(words) == 1 and (
        _NUMBER_COMPOUND.fullmatch(words[0].text)
        or _a_word_opening_a_sentence(text, start, end, words[0])
    ):
        return True
    if _OFFICE_BEFORE.search(text, max(0, start - 40), start) or _OFFICE_AFTER.match(text, end):
        return True
    if text[start:end] in _PLACEHOLDERS:
        return True  # "a dummy customer called John Doe": an example, no one
    if (
        (
            _PERSON_CUE.search(text, max(0, start - 40), start)
            or named_by_cue(text, start)
            or INITIALS_AND_SURNAME.fullmatch(text, start, end)
            or TITLE_AND_INITIAL.fullmatch(text, start, end)
        )
        and not _NOT_A_PERSON_AFTER.match(text, end)
        and not (len(words) > 1 and _FIRM_WORD.fullmatch(words[-1].text))
    ):
        return False  # "my name is Ted Baker", "my daughter Zara"; not "a client, X Logistics"
    if any(at <= start and end <= stop for at, stop in _stop_spans(text)):
        return True
    if (
        len(words) == 1
        and words[0].text.isupper()
        and len(words[0].text) <= 5
        and re.search(r"[a-z][ \t]+$", text[max(0, start - 12) : start])
    ):
        return True  # "for PAYE Modernisation": an abbreviation inside a sentence
    if text[start:end] in _bots(text):
        return True  # "Is Robin, your chatbot, ...", "Your chatbot Ava told me"
    pet_spans, pet_names = _pets(text)
    if (
        any(at <= start and end <= stop for at, stop in pet_spans)
        or (  # "meine Hündin Frieda"; but "Kitty Smith"
            len(words) > 1
            and _PET_WORD.fullmatch(words[0].text)
            and _PET_OWNER_BEFORE.search(text, max(0, start - 30), start)
        )
        or text[start:end] in pet_names
        or (len(words) == 1 and _PET_THING_AFTER.match(text, end))
    ):
        return True  # "our dog Luna", "Max's castration": a pet
    if _BRAND_BEFORE_A_THING.match(text, end) and _OWNED_BEFORE.search(
        text, max(0, start - 24), start
    ):
        return True  # "a Kate Spade bag", "my Hunter wellies": a brand before what it made
    joined = "+" in text[max(0, start - 1) : end + 1]
    if joined or _ASK_BEFORE.search(text, max(0, start - 6), start):
        return True  # "Landis+Gyr"; "Ask Penny", a chat assistant's name
    if len(words) == 1 and _POSTAL_CODE_BEFORE.search(text, max(0, start - 12), start):
        return True  # ", 105 63 Αθήνα", ", 2000 Antwerpen": the town after its postal code
    if _TOWN_BEFORE_POSTCODE.match(text, end) and re.search(
        r",[ ]$", text[max(0, start - 2) : start]
    ):
        return True  # "..., Heol Isaf, Radyr CF15 8DY": the town of an address
    if words and _FIRM_WORD.fullmatch(words[-1].text):
        return True  # "a client, Fairline Homes"
    if len(words) > 1 and words[-1].text in _PLACE_ENDINGS:
        return True  # "Wolfe Tone Square", "Parnell Square", "Custom House Quay"
    if _THING_NAMED_AFTER.match(text, end) and (
        _ARTICLE_BEFORE.search(
            text, max(0, start - 24), _NAME_OPENING.search(text, 0, start).start()
        )
        or (
            len(words) == 1
            and not words[0].flags & GIVEN
            and _GREETED_BEFORE.search(text, 0, start)
        )
    ):
        return True  # "a Silver Robin pass", "my Robin card", "Dear Carrowline DPO"
    if (len(words) > 1 and _TRADE_FIRST.fullmatch(words[0].text)) or _TRADE_BEFORE.search(
        text, max(0, start - 14), start
    ):
        return True  # "Reformas Delgado", "Ysgol Llanfair", "Coleg Sir Benfro": not a person
    if (
        words
        and not any(w.flags & (GIVEN | SURNAME) for w in words[1:])  # not "the Robert Evans plan"
        and _ARTICLE_BEFORE.search(text, max(0, start - 6), start)
        and _DEVICE_AFTER.match(text, end)
    ):
        return True  # "the Ava doorbell", "my Hugo lock": a product named like a person
    if _THE_BEFORE.search(text, max(0, start - 5), start) and _EVENT_AFTER.match(text, end):
        return True  # "the Tom Daley diving day", "the Mo Farah 5k run": named after someone
    # A word the lists hold for a surname after a maker is a person's name ("Porsche Williams",
    # "Tesla Brown"), whatever stands before it; a given name there is a model ("Skoda Fabia").
    named = any(a_surname(w.text) for w in words[1:]) or (
        words and not _MAKER.fullmatch(words[0].text) and a_surname(words[0].text)
    )
    if not named and (
        _MAKER_BEFORE.search(text, max(0, start - 20), start)
        or (words and _MAKER.fullmatch(words[0].text))
    ):
        return True  # "a Kia Sportage", "Skoda Scala", "the Lexus": a car and its model
    if (
        len(words) > 1
        and _EVENT_WORD.fullmatch(words[-1].text)
        and (
            not words[0].flags & GIVEN
            or (len(words) > 2 and _THE_OR_QUOTE_BEFORE.search(text, max(0, start - 5), start))
        )
    ):
        return True  # "Bastille Day", "the Eileen Cassidy Plate"; but "Doris Day", "Sarah Jane Day"
    # Ordinary words, of English or of another language ("Basta!"); after a title, a month, a
    # day or a town may be a name ("Mr Sunday"), an ordinary word is a product ("Dr Bike").
    if (
        words
        and words[-1].kind == UNKNOWN
        and _COMPOUND_NOUN.fullmatch(words[-1].text)
        and (len(words) == 1 or words[0].key.rstrip(".") in _TITLES)
        and not _english(text)
    ):
        return True  # "Mein Vermieter", "Herr Bundesbeauftragter"
    titled = len(words) > 1 and words[0].key.rstrip(".") in _TITLES
    kinds = (WORD,) if titled else (STOP, WORD)
    # After a title of another language, a word of that language is a surname: "Frau Klein",
    # "Herr Weiss", "señora Blanco" (an English one makes a product of it: "Mr Muscle").
    foreign_titled = titled and words[0].key.rstrip(".") in _FOREIGN_TITLES
    if words and all(
        t.kind in kinds or (foreign_word(t.key) and not foreign_titled) for t in words[titled:]
    ):
        return True
    if FIRM_NAMED_AFTER.match(text, end) or _MADE_UP_BEFORE.search(text, max(0, start - 50), start):
        return True
    if _TRADE_BY.search(text, max(0, start - 30), start):
        return True  # "Hair by Jade", "Cakes by Sam": a trade's name
    if _AUTHOR_BEFORE.search(text, max(0, start - 40), start) and not _APPOSITIVE.match(text, end):
        return True  # '"Mid-Term Break" by Seamus Heaney', "music by Adele": a work's author
    if (
        len(words) == 1
        and _SHOP_AFTER.match(text, end)
        and _AT_A_SHOP.search(text, max(0, start - 12), start)
    ):
        return True  # "The restaurant is Gino's in Bath"
    if (
        len(words) == 1
        and words[0].kind == WEAK
        and _CAPITALISED_PHRASE_BEFORE.search(text, max(0, start - 60), start)
        and not _ROLE.search(_context(text, start))  # "the Sales Director Grant" is a person
    ):
        return True  # "the School Essentials Grant": the last word of a capitalised title
    return bool(_NOT_A_PERSON_AFTER.match(text, end) and not any(t.kind == STRONG for t in words))


# Endings that only surnames have: Lithuanian married and maiden names, Polish, Czech, Slovak,
# Serbo-Croatian and Romanian ones.
_SURNAME_ENDING = re.compile(
    r"[a-z\u00e0-\u017e](?:ien\u0117|ait\u0117|yt\u0117|ut\u0117|\u016bt\u0117|owska|ewska|owski|ewski|"
    r"wicz|ov\u00e1|ovi\u0107|evi\u0107|escu|eanu)$"
)


@functools.lru_cache(maxsize=16)  # both detectors below ask about the same text in turn
def judge(text: str) -> Judged:
    """Every name, and every possible name, that the lists and the words around them show."""
    tokens = _tokens(text)
    _stop_phrases(text, tokens)
    names: list[tuple[int, int]] = []
    possible: list[tuple[int, int]] = []
    english = written_in_english(tokens)
    for run in _runs(text, tokens):
        for whole in _segments(run):
            part = _trimmed(whole)
            if not part:
                continue
            verdict = _judge(text, part)
            if (
                part[0] is not whole[0]
                and whole[0].key not in _BEFORE_A_NAME
                and (part[0].flags & GIVEN or _TITLE_BEFORE.search(_context(text, whole[0].start)))
            ):
                part = whole  # "Big Mick", "Rev. Canon David Ashworth": the word is the name's
            if (
                verdict
                and not english
                and all(t.kind in (UNKNOWN, WEAK) for t in part)
                and not _TITLE_BEFORE.search(_context(text, part[0].start))
            ):
                verdict = None  # a question in another language: its capitals prove less,
                # but not after a title ("Herr Krautwurst", "pani Hudákovej")
            if verdict is None and any(
                t.kind in (UNKNOWN, STRONG) and _SURNAME_ENDING.search(t.text) for t in part
            ):
                verdict = True  # "Vaitkienė", "Butkutė", "Nowakowska": a surname by its ending
            span = (_title_start(text, part[0].start), part[-1].end)
            if verdict and not_a_person(text, *span):
                continue  # "Bastille Day": its words must not be taken again elsewhere
            if verdict:
                names.append(span)
            elif verdict is None:
                possible.append(span)
    # The lists' verdicts that _runs changes are never those of a word in lower case, so the
    # language found above is the one written_names would find again.
    names.extend(written_names(text, tokens, english))
    for start, end in list(possible):  # "Tendai Moyo, Rutendo Chikwanha and Farai Mutasa"
        if any(
            _JOINED.fullmatch(text[e:start]) or _JOINED.fullmatch(text[end:s]) for s, e in names
        ):
            names.append((start, end))
    names.extend((t.start, t.end) for t in _joined_to(text, tokens, names))
    # A name met once is a name wherever the question repeats it.
    covered = _covered(text, names)
    known = {
        token.key
        for token in tokens
        if token.kind in (STRONG, WEAK, UNKNOWN) and covered[token.start]
    }
    for token in tokens:
        if token.key in known and token.capitalised and token.latin:
            before = text[max(0, token.start - 40) : token.start]
            if _NOT_A_PERSON_AFTER.match(text, token.end) or (
                token.flags & PLACE and _PLACE_BEFORE.search(before)
            ):
                continue  # "Sydney Okafor lives in Sydney"
            names.append((token.start, token.end))
    possible = [
        (start, end) for start, end in possible if not any(s < end and start < e for s, e in names)
    ]
    return Judged(names, possible)


# "Hi I'm from Leeds": the greeting's cue sees a capitalised word where the writer speaks.
_I_CONTRACTED = frozenset({"i'm", "i\u2019m", "im", "i've", "i'd", "i'll"})


def names_by_lexicon(text: str) -> Iterator[Found]:
    """Names the word lists recognise."""
    for start, end in judge(text).names:
        if text[start:end].lower() not in _I_CONTRACTED:
            yield "name", start, end


def possible_names(text: str) -> Iterator[Found]:
    """Capitalised words that may be names: left for a moderator to redact or keep."""
    for start, end in judge(text).possible:
        yield "name", start, end


# A name that stands as a field of its own beside other contact details: "IL62 0108 ...,
# Noa Ben-David, 054-765-4321", "Lotte Peeters, Meir 50, 2000 Antwerpen".
_FIELD = r"[^\W\d_][\w'\u2019-]*(?:[ ][^\W\d_][\w'\u2019-]*){1,3}"
_FIELD_AFTER = re.compile(rf",[ ]*(?P<name>{_FIELD})(?=[ ]*(?:[.,;)]|\n|$))")
_FIELD_BEFORE = re.compile(rf"(?:^|(?<=[\n:;])|(?<=[.!?][ ]))[ ]*(?P<name>{_FIELD}),[ ]*$")


# A first name straight before a phone number, as in a list of people to call ("Sarah 07700 900
# 872, Dan 07700 900 335"), or alone after the last piece of data ("call me +49 30 5550 7712,
# Katrin").
_GIVEN_BEFORE = re.compile(r"(?:^|(?<=[\s,;:(]))(?P<name>[A-Z][a-z]+)[ ]$")
_GIVEN_CLOSING = re.compile(r",[ ]*(?P<name>[A-Z][a-z]+)[ .!]*$")


def names_beside_data(text: str, found: list[Found]) -> Iterator[Found]:
    """Names written as a field beside a phone number, an account or an address found already;
    not the field after a street or before a postal code, which is a district or a town."""
    for kind, start, end in found:
        if kind in ("phone", "email"):
            for match in (
                _GIVEN_BEFORE.search(text, max(0, start - 20), start),
                _GIVEN_CLOSING.match(text, end),
            ):
                word = _tokens(match.group("name")) if match else []
                if (
                    word
                    and word[0].flags & GIVEN
                    and (word[0].kind == STRONG or (word[0].kind == WEAK and word[0].zipf < 4.5))
                ):
                    yield "name", match.start("name"), match.end("name")
        after = _FIELD_AFTER.match(text, end) if kind != "address" else None
        before = _FIELD_BEFORE.search(text, max(0, start - 60), start)
        if kind == "postcode":
            before = None
        for match in (after, before):
            if match and _a_full_name(text, match.start("name"), match.end("name")):
                yield "name", match.start("name"), match.end("name")


# The parts of an email address's local part that name a role, not a person: "info@", "hr@".
_ROLE_MAILBOXES = frozenset({"info", "admin", "hello", "contact", "support", "office", "mail",
                             "sales", "team", "enquiries", "enquiry", "privacy", "dpo", "help",
                             "accounts", "account", "billing", "jobs", "careers", "noreply",
                             "reply", "data", "gdpr", "service", "customer", "customers", "the",
                             "and", "family", "home", "work", "official", "bookings", "booking",
                             "orders", "shop", "post", "mailbox", "inbox", "reception", "school",
                             "club", "church", "user", "test", "example"})  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]+")
_AT_SIGN = re.compile(r"@|[ \t]*[\[(<{][ \t]*at[ \t]*[\])>}][ \t]*|[ \t]+at[ \t]+")
_SPELT_SIGNS = frozenset({"dot", "underscore", "dash", "hyphen"})


def names_in_emails(text: str, found: list[Found]) -> Iterator[Found]:
    """Words that spell out the local part of an email address in the question, which is how
    people write their own name beside it: "tom ng, tom.ng88 at example dot com", "chloe winters
    chloewinters92@...", "mr chinedu okeke ... chinedu.okeke@...". A piece alone counts when it
    is written as a name (a capital, or a word no list calls ordinary) or stands by the address."""
    emails = [(start, end) for kind, start, end in found if kind == "email"]
    tokens = [t for t in _tokens(text) if t.latin] if emails else []
    for start, end in emails:
        local = _AT_SIGN.split(text[start:end].lower(), maxsplit=1)[0]
        pieces = [p for p in _LETTERS.findall(local) if p not in _SPELT_SIGNS]
        joined = "".join(pieces)
        if len(joined) < 4:
            continue
        # Only the words the address spells can be part of a run that spells it.
        outside = [
            t
            for t in tokens
            if (t.end <= start or t.start >= end)
            and t.key.replace("-", "").replace("'", "") in joined
        ]
        for i in range(len(outside)):
            for j in range(i, min(i + 3, len(outside))):
                run = outside[i : j + 1]
                if j > i and text[run[-2].end : run[-1].start] not in (" ", "-"):
                    break
                words = [t.key.replace("-", "").replace("'", "") for t in run]
                spelt = "".join(words)
                if len(run) > 1:
                    named = spelt == joined or (len(spelt) >= 6 and spelt in joined)
                else:
                    token = run[0]
                    near = token.end <= start and not text[token.end : start].strip(" \t,(:<")
                    # alone on the last line, it signs the message: "...\nMoana"
                    signed = not text[token.end :].strip(" \t.!") and text[: token.start].rstrip(
                        " \t-"
                    ).endswith("\n")
                    named = (
                        spelt in pieces
                        and len(spelt) >= 3
                        and spelt not in _ROLE_MAILBOXES
                        and (token.kind not in (STOP,) or signed)
                        and (near or token.capitalised or token.kind in (STRONG, UNKNOWN))
                    )
                if named:
                    yield "name", run[0].start, run[-1].end


def _a_full_name(text: str, start: int, end: int) -> bool:
    """Whether a few capitalised words read as a person's full name, not a place or a phrase."""
    words = _tokens(text[start:end])
    named = [t for t in words if not (t.key in _PARTICLES and t.text.islower())]
    if (
        2 <= len(named) <= 3
        and all(t.text.islower() and t.kind in (STRONG, UNKNOWN) for t in named)
        and any(t.kind == STRONG for t in named)
    ):
        return True  # "shabnam rahimi, flat 9, 2 kingsway": typed in lower case
    if len(named) < 2 or not all(t.capitalised for t in named):
        return False
    if named[0].kind not in (STRONG, UNKNOWN) and not (named[0].flags & GIVEN):
        return False
    if any(t.kind in (WORD, STOP) for t in named[1:]):
        return False
    return not not_a_person(text, start, end)


_CODE_AFTER_TOWN = re.compile(
    r"\b(?P<town>[A-Z][a-z]+),?[ ](?P<code>\d{4,6}|\d{3}-\d{4})(?![\d-])(?![ ]?(?:%|GB|MB|"
    r"users|people|staff|records|customers|employees))"
)


def codes_after_towns(text: str) -> Iterator[Found]:
    """A postal code written after its town ("Chicago, 60614", "Bengaluru 560038")."""
    for match in _CODE_AFTER_TOWN.finditer(text):
        town = match.group("town").lower()
        value = lexicon().names.get(town, 0)
        code = match.group("code")
        if len(code) == 4 and (
            re.match(r"(?:1[89]|20)\d\d", code)
            or not re.search(r"\d[^\n.]{0,40}$", text[max(0, match.start() - 45) : match.start()])
        ):
            continue  # "London 2012"; four digits after a town only close an address line
        if value & PLACE or town in lexicon().others:
            yield "postcode", match.start("code"), match.end("code")


# A nickname in brackets after a name: "Bartholomew Finch (Barty to everyone at the club)",
# "Keith Lomax (known to everyone as Kipper)", "Dominika (Domi)", "Tam (everyone calls him Ned)".
_NICKNAME_AFTER = re.compile(
    r"[ \t]*\([ \t]*(?P<cue>(?i:(?:also[ \t]+)?known(?:[ \t]+to[ \t]+(?:everyone|all|friends|us))?"
    r"[ \t]+as|a\.?k\.?a\.?|(?:everyone|we|people|they)[ \t]+calls?[ \t]+(?:him|her|them|me)"
    r"|(?:he|she|they)[ \t]+goes[ \t]+by|nicknamed?)[ \t]+)?"
    r"[\"'\u201c\u2018]?(?P<nick>[^\W\d_][^\W\d_'\u2019-]*(?:[ ][A-Z][^\W\d_'\u2019-]*)?)"
    r"[\"'\u201d\u2019]?"
    r"(?P<tail>[ \t]+to[ \t]+(?:everyone|all|friends|us|the[ \t]+\w+)[^()\n]{0,40})?[ \t]*\)"
)
_BRACKETS_OPEN = re.compile(r"[ \t]*\([ \t]*")


def nicknames(text: str, certain: set[Found], possible: set[Found]) -> Iterator[Found]:
    """The other names a person goes by, written in brackets beside the name found: a nickname
    after it ("Dominika (Domi)"), or the full name after a nickname ("Gaz (Gareth Pryce)")."""
    spans = {(start, end) for kind, start, end in certain if kind == "name"}
    for _, end in spans:
        match = _NICKNAME_AFTER.match(text, end)
        if not match:
            continue
        nick = match.group("nick")
        said = match.group("cue") or match.group("tail")
        if not said and (
            not nick[0].isupper()
            or (nick.isupper() and len(nick) <= 5)  # "(HR)", "(CEO)": a team or a role
            or nick in _NOT_NAMES
            or _a_word(nick.split()[0])
        ):
            continue
        if said or not not_a_person(text, match.start("nick"), match.end("nick")):
            yield "name", match.start("nick"), match.end("nick")
    for kind, start, end in possible:
        opened = _BRACKETS_OPEN.match(text, end) if kind == "name" else None
        if opened and any(at == opened.end() and text.startswith(")", stop) for at, stop in spans):
            yield "name", start, end
