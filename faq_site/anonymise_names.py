"""People's names that no cue introduces, found from word lists and the shape of the text.

A word is judged by what the lists say of it (a given name, a surname, a place, an ordinary
English word, a firm or product) and by where it stands (after a title or a role, beside another
name, at the start of a sentence, after "in" or "at"). A word that is only ever a name ("Aoife",
"Okafor") is taken wherever it stands; one that is also an ordinary word or a place ("Faith",
"Rich", "Sale") only beside another name or after a word that introduces a person; a capitalised
word that no list knows is left in the text, marked for the moderator to check. A name found once
is found again wherever the question repeats it. The lists are built by anonymise_data/build.py
and loaded once per process.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faq_site.anonymise_rules import _NOT_NAMES, _THING_CALLED, Found

_DATA = Path(__file__).resolve().parent / "anonymise_data"
GIVEN, SURNAME, PLACE = 1, 2, 4


@dataclass(frozen=True)
class Lexicon:
    """What the word lists say: names keyed by lower-case word, ordinary words, and stop words."""

    names: dict[str, int]  # word -> GIVEN|SURNAME|PLACE flags, plus 8 x its Zipf frequency x 10
    words: frozenset[str]  # ordinary English words, lower case
    others: frozenset[str]  # proper nouns that name no person: places, firms, products
    stops: frozenset[str]  # firms, products and places written like names (lower case)
    stop_phrases: tuple[str, ...]  # the same of several words, lower case


@functools.cache
def lexicon() -> Lexicon:
    """The word lists, read once per process."""
    names: dict[str, int] = {}
    flag_bits = {"g": GIVEN, "s": SURNAME, "p": PLACE}
    with (_DATA / "names.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, flags, zipf = line.split()
            names[word] = sum(flag_bits[flag] for flag in flags) | int(zipf) << 3
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
                names[word] = names.get(word, 0) | PLACE
    for line in (_DATA / "countries.txt").read_text(encoding="utf-8").splitlines():
        key = line.lower()
        if " " in key:
            phrases.append(key)
        elif names.get(key, 0) & GIVEN:  # "Jordan", "Chad", "Georgia": a place after "in"
            names[key] |= PLACE
        else:
            stops.add(key)
    return Lexicon(
        names=names,
        words=frozenset((_DATA / "words.txt").read_text(encoding="utf-8").split()),
        others=frozenset((_DATA / "proper.txt").read_text(encoding="utf-8").split()),
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
     "mevrouw", "dhr", "mevr"}
)  # fmt: skip
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "du", "la", "le",
     "bin", "ibn", "al", "el", "ter", "ten", "ó", "ní", "nic", "mac", "mc", "ap", "bint", "af",
     "zu", "op", "ben", "abu", "i", "y"}
)  # fmt: skip
# Words that introduce a person when they stand straight before a name, with or without "my".
_ROLE_WORDS = (
    r"customer|client|candidate|applicant|colleague|co-?worker|employee|intern|"
    r"contractor|consultant|freelancer|recruiter|volunteer|tenant|patient|student|pupil|user|"
    r"member|subscriber|lead|prospect|contact|manager|boss|supervisor|director|founder|"
    r"owner|partner|husband|wife|son|daughter|child|mother|mum|mom|father|dad|brother|sister|"
    r"cousin|aunt|uncle|grandmother|grandfather|gran|nan|nephew|niece|friend|neighbour|neighbor|"
    r"landlord|landlady|carer|solicitor|lawyer|accountant|DPO|officer|engineer|developer|"
    r"administrator|admin|assistant|secretary|receptionist|agent|rep|representative|advis[eo]r|"
    r"coordinator|executive|analyst|specialist|technician|nurse|doctor|teacher|coach|"
    r"fianc[ée]e?|spouse|ex|stepson|stepdaughter|trainer|hire|joiner|starter|mate|guy|"
    r"treasurer|chair|ceo|cto|cfo|coo|head|lead|vet|gp|dentist|tutor|lecturer|supervisor|holder|"
    r"inhaber|inhaberin|kontoinhaber|kontoinhaberin"
)
_ROLE = re.compile(
    rf"(?i:\b(?:{_ROLE_WORDS}|"
    r"e\.g\.|eg|i\.e\.|ie|attn|attention|it's|its|it\s+is|"
    r"nickname|volunteers?|i'm|i\s+am|im|this\s+is|call\s+(?:him|her|them|me)|aka|a\.k\.a\.|"
    r"parent\s+of|mother\s+of|father\s+of|behalf\s+of|welcome(?:\s+back)?,?|"
    r"name\s+is|"
    r"Head\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"(?:\s*[,:(]\s*|\s+))$"
)
# Words after which a place, not a person, is named.
_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:in|at|near|around|outside|inside|into|across|through|via|based|located|live|"
    r"lives|living|moved|visiting|visited|office|offices|branch|store|shop|town|city|"
    r"county|street|road|the|à|aus|im|em|vivo\s+a|vivo\s+en)\s+)$"
)
_ARTICLE_BEFORE = re.compile(r"(?i:\b(?:a|an|the|this|that|our|your|their|its|my|his|her)\s+)$")
_SENTENCE_START = re.compile(
    r"(?:^|[.!?:;\n\"\u201c(\u2022*>]|\s[-\u2013\u2014]\s?)[\s\"'\u201c(]*$"
)


@dataclass
class Token:
    start: int
    end: int  # without a possessive 's
    text: str
    kind: str
    flags: int
    latin: bool
    initial: bool

    @property
    def zipf(self) -> float:
        """How common the word is as an ordinary English word (0 when it is none)."""
        return (self.flags >> 3) / 10

    @property
    def capitalised(self) -> bool:
        bare = self.text.rstrip(".")
        return bare[:1].isupper() and (len(bare) == 1 or not bare.isupper())

    @property
    def key(self) -> str:
        return self.text.lower()


def _fold(word: str) -> str:
    """A word without its accents, for lists that spell it without them."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    ).lower()


_NOT_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2019]")


def _is_latin(word: str) -> bool:
    return not _NOT_LATIN.search(word)


@functools.lru_cache(maxsize=8192)  # questions repeat their words, and each other's
def classify(word: str) -> tuple[str, int]:
    """What the lists say a word is (STRONG, WEAK, UNKNOWN, WORD or STOP), with its flags."""
    found = lexicon()
    key = word.lower().replace("\u2019", "'")
    if key in found.stops or f"{key}'s" in found.stops or key in _TITLES:
        return STOP, 0
    if key.endswith("s") and key[:-1] in found.stops and word[:1].isupper():
        return STOP, 0  # "Europeans"
    if key in _PARTICLES and (word.islower() or key in ("van", "von", "de", "da", "di", "del")):
        return STOP, 0
    if re.search(r"[a-z][A-Z]", word) and not re.match(r"(?:Mc|Mac|De|Di|Le|La|Van|O')[A-Z]", word):
        return STOP, 0  # "BitLocker", "CleanPro": a product's name
    if re.search(r"'(?:d|ll|ve|re|t|m)$", key) or key.startswith(("i'", "i\u2019")):
        return WORD, 0  # I'd, we'll, don't
    if re.fullmatch(r"[A-Z]{2,}(?:-[A-Z]{2,})?s", word.replace("-ID", "-ID")) or word.endswith(
        "IDs"
    ):
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
        if not all(h[:1].isupper() and not h.isupper() for h in halves if h):
            return WORD, 0  # "UK-only", "Steuer-ID"
        parts = [found.names.get(_fold(half)) for half in halves]
        if any(p is not None and p & (GIVEN | SURNAME) and not p >> 3 for p in parts):
            return STRONG, SURNAME
    flags = (value or 0) & 7
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


def _tokens(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        word = word if len(word) == 2 and word[0].isupper() and word[1] == "." else word.rstrip(".")
        if word[-2:] in ("'s", "\u2019s") and len(word) > 3:
            word = word[:-2]
        if not word:
            continue
        latin = _is_latin(word)
        kind, flags = classify(word) if latin else (STRONG, GIVEN)
        # Only a capital needs to know whether it opens a sentence.
        initial = word[0].isupper() and bool(_SENTENCE_START.search(text, max(0, start - 6), start))
        tokens.append(Token(start, start + len(word), word, kind, flags, latin, initial))
    return tokens


@functools.lru_cache(maxsize=16)
def _stop_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the names of firms and products of several words ("Ted Baker") stand in a text."""
    lowered, spans = text.lower(), []
    for phrase in lexicon().stop_phrases:
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


def _runs(text: str, tokens: list[Token]) -> Iterator[list[Token]]:
    """Neighbouring capitalised words (with particles between them) that could form one name."""
    run: list[Token] = []
    for token in tokens:
        joined = bool(run) and text[run[-1].end : token.start] in (" ", "  ", "\t")
        particle = token.key in _PARTICLES and not token.initial
        prefixed = bool(
            re.match(r"(?:d|l|al|el|ul|ad|as|ben|bin|van|de)['\u2019-][A-Z]", token.text)
        )
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
    for index, token in enumerate(run):
        following = run[index + 1] if index + 1 < len(run) else None
        if token.key in _MONTH_NAMES and following is not None and following.kind == STRONG:
            part.append(token)  # "April Lewis"
            continue
        if token.kind in (STOP, WORD) and token.key not in _PARTICLES:
            if part:
                yield part
            part = []
        else:
            part.append(token)
    if part:
        yield part


def _context(text: str, start: int) -> str:
    return text[max(0, start - 40) : start]


# Verbs and phrases that follow a person's first name at the start of a sentence.
_PERSON_AFTER = re.compile(
    r"[ \t]+(?:says|said|asked|asks|wants|wanted|told|thinks|thought|joined|set|sent|emailed|"
    r"called|rang|believes|left|agreed|mentioned|complained|signed|uploaded|exported|deleted|"
    r"needs|needed|and\s+I|and\s+[A-Z][a-z]+\s+(?:both|have|are|were|asked|want)|has|had|is\s+"
    r"(?:asking|leaving|our|my|a|the|on|off|in)|was\s+(?:asking|our|my|a|the|told)|will\s+be|"
    r"would|can|could|should|does|doesn't|did|didn't|never|only|still|also|just|keeps|got|gets|"
    r"prefers|likes|lives|moved|resigned|retired|died|passed|applied|complained|phoned|texted|"
    r"works|worked|handles|runs|ran|used|uses|found|noticed|forwarded|replied|wrote|writes|"
    r"(?:\([A-Za-z &]+\)[ \t]+)?here\b|from\s+[A-Z][a-z]+\s+here\b|again\b|"
    r"(?:from|in)\s+[A-Z][a-z]+'s\s+team\b|"
    r"(?:'s|\u2019s)\s+(?:mum|mom|dad|mother|father|wife|husband|son|daughter|brother|sister|"
    r"partner|boss|manager|phone|number|mobile|email|address|account|file|record|details|data|"
    r"payslip|CV|contract|passport|photo|login|profile)\b|"
    r",?\s+from\s+(?:the\s+)?[A-Z][a-z]+[.,!]|"
    r"(?:at|on|in|from)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:reception|front\s+desk|desk|till|counter|"
    r"shop|salon|store|warehouse|kitchen)\b|"
    r"(?:in|from|at|on)\s+(?:the\s+|our\s+|my\s+)?[a-z][a-z-]+(?:\s+[a-z]+)?\s+"
    r"(?:team|dept|department|office)\b|(?:in|from)\s+(?:the\s+)?(?:HR|IT|[a-z]+)\b)"
)
_PLACES_LISTED = re.compile(
    r"\b(?:in|at|near|between)\s+[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?,?\s+(?:and|or|&)\s+$"
)
# "He", "she" and the like soon after a word show that it named a person.
_PRONOUN_AFTER = re.compile(r"(?i)\b(?:he|she|him|her|his|hers|himself|herself)\b")
_PREPOSITION_BEFORE = re.compile(r"(?i:\b(?:to|from|by|with|for|and|or|cc)\s+|&\s*)$")
_ROLE_BEFORE = re.compile(
    rf"(?i:\b(?:my|our|his|her|their|your)\s+(?:[a-z][a-z-]+\s+){{0,2}}(?:{_ROLE_WORDS})s?\s+)$"
    r"|(?i:\b(?:aunty|auntie|uncle|cousin|grandma|grandpa|nana|granny)\s+)$"
)


# What follows the name of a firm, a place or a public figure rather than of a private person.
_NOT_A_PERSON_AFTER = re.compile(
    r"(?:(?:'s|\u2019s)?(?:\s+[A-Z][A-Za-z]*){0,2}\s*(?:Ltd|Limited|plc|PLC|Inc|LLP|GmbH|B\.V\.|"
    r"N\.V\.|S\.A\.|S\.L\.|SARL|Travel|Tours|Foods|Bakery|Florists?|Flowers|Show|Festival|"
    r"Awards|Rangers|United|City|FC|Sponge|Freight|Convent|Abbey|Priory|Homes|Dental|Fair|Fete|"
    r"Valley|Trading|Accountancy|Plumbing|Tearoom|Bakery|Kitchen|Joinery|Salon|Garage)\b"
    r"|(?:'s|\u2019s)?\s+(?:builds?|pipelines?|app|apps|chatbot|bot|franchisee?s?|brand|stores?|"
    r"clothing|shirts|ticketing|concessions?|range|products?)\b"
    r"|,?\s+(?:your|our|the)\s+(?:support\s+)?(?:chat)?bot\b|\s+in\s+the\s+(?:US|USA|UK)\b"
    r"|(?:'s|\u2019s)?\s*(?:Ltd|Limited|plc|PLC|Inc|LLP|GmbH|AG|Group|Bank|& Co|&\s+[A-Z]\w+|"
    r"University|"
    r"College|School|Hospital|Council|Trust|Foundation|Street|Road|Avenue|Lane|Ambulance|"
    r"Island|Airport|Station|Park|Church|Cathedral|Chapel|Mosque|Temple|Synagogue|Residency|"
    r"Business\s+Campus|Foundation\s+Trust|Dental|Homes|Lodge|Solicitors|Accountants|Builders|Interiors|"
    r"Media|Studio|Studios|Consulting|Partners|Associates|Clinic|Surgery|Practice|Pharmacy|Motors|"
    r"Garage|Salon|Cafe|Café|Restaurant|Hotel|Academy|Nursery|Charity|Logistics|Systems|Labs|"
    r"Digital|Software|Solutions|Services|Holdings|Ventures|Capital|Estates|Lettings|Insurance)\b"
    r"|\s+v\.?\s+[A-Z]|\s+(?:office|offices|branch|branches|store|stores|site|campus|data\s+cent(?:re|er)|"
    r"warehouse|depot|plant|factory|headquarters|HQ|region|area|county)\b"
    r"|,\s+(?:the\s+)?(?:former\s+)?(?:Information\s+Commissioner|Prime\s+Minister|"
    r"Minister|Secretary|President|Chancellor|Commissioner|CEO\s+of|founder\s+of|author|judge)"
    r"|,\s+(?:[A-Z][a-z]+\s+)?(?:Canada|Australia|USA|US|UK|England|Scotland|Wales|Ireland|"
    r"France|Germany|Spain|Italy|Poland|Netherlands|Belgium|Portugal|India|Nigeria|Brazil)\b)"
)


def _judge(text: str, part: list[Token]) -> bool | None:
    """True for a name, None for a possible one, False for none."""
    while part and part[-1].key in _PARTICLES:
        part = part[:-1]
    # An ordinary word opening the sentence is not part of the name after it: "Later Fashola".
    while len(part) > 1 and part[0].initial and part[0].kind == WEAK and not part[0].flags & GIVEN:
        part = part[1:]
    if not part:
        return False
    kinds = [token.kind for token in part]
    first = part[0]
    before = _context(text, first.start)
    after = text[part[-1].end : part[-1].end + 60]
    titled = _TITLE_BEFORE.search(before)
    role = (_ROLE.search(before) or _ROLE_BEFORE.search(before)) and not _PLACE_BEFORE.search(
        before
    )
    if _NOT_A_PERSON_AFTER.match(after) or re.search(r"(?i)\bst\.?\s+$", before):
        return False
    thing = _THING_CALLED.search(before) and not re.search(
        r"(?i)\b(?:person|someone|woman|man|guy|lady|agent|rep|girl|boy)\b", before
    )
    if thing or re.search(r"[A-Z][a-z]+\s*&\s*$", before):
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
        and not role
        and not _PERSON_AFTER.match(after)
    ):
        return False  # "for India", "Chester and Bury branches"
    if STRONG in kinds:
        return True
    names = sum(1 for token in part if token.flags & (GIVEN | SURNAME))
    if titled and kinds != [STOP]:
        return True
    if part[0].text.endswith(".") and len(part[0].text) == 2 and len(part) >= 2:
        return True  # "D. Okonjo-Iweala", "M. J. Oyelaran"
    if len(part) >= 2 and UNKNOWN in kinds and names:
        return True
    if len(part) >= 2 and set(kinds) == {UNKNOWN}:
        return True if _PERSON_AFTER.match(after) or role else None
    if len(part) >= 2 and names and part[0].flags & GIVEN:
        return not located or None
    if part[0].text.endswith(".") and len(part[0].text) == 2 and len(part) >= 2:
        return True  # "D. Okonjo-Iweala", "J. van den Berg"
    if role and not first.initial:
        proper = kinds == [WEAK] and not first.flags & 7
        return True if names or UNKNOWN in kinds or proper else None
    if _PREPOSITION_BEFORE.search(before) and not first.initial and not located:
        # "sent it to Brennan" names a person; "paid with Paystack" most likely a product.
        pronoun = _PRONOUN_AFTER.search(text, part[-1].end, part[-1].end + 90)
        return True if names or len(part) >= 2 or pronoun else None
    if located and len(part) == 1 and not first.flags & PLACE:
        return None  # "near Bala": a place no list knows, or a person
    if (
        (first.flags & GIVEN or UNKNOWN in kinds)
        and _PERSON_AFTER.match(after)
        and len(part) == 1
        and not re.search(r"(?i)\b(?:a|an|the)\s+$", before)
    ):
        return True  # "Summer from HR wants", "Rich set up", "Joy here"
    if first.initial:
        return False
    if located or _ARTICLE_BEFORE.search(before) or re.match(r"\.?[ ]?\d", after):
        return False
    if kinds == [WEAK] and first.flags & GIVEN:
        return True  # a given name written with a capital in mid-sentence: "We hired Hope"
    if kinds == [UNKNOWN]:
        return None
    return False


_LOWER_CUE = re.compile(
    rf"(?:\b(?:name\s+is|name's|i'm|im|i\s+am|mr|mrs|ms|miss|dr|aunty|auntie|uncle|girl|sono|"
    rf"soy|sou|je\s+suis|ich\s+bin|ich\s+hei(?:ß|ss)e|mi\s+chiamo|me\s+llamo|ik\s+ben|ik\s+heet|"
    rf"jeg\s+heter|jag\s+heter|ben|capo|chef|jefe|"
    rf"{_ROLE_WORDS})"
    r"\.?,?[ \t]+)$"
)
_LOWER_WEAK_CUE = re.compile(
    r"(?:\b(?:this\s+is|its|it's|me|from|regards|thanks|cheers|hi|hey|hello|dear)\.?,?[ \t]+)$"
)


_ENDS_INTRODUCTION = re.compile(r"\s*(?:[,.!?\n]|$|and\b|from\b|here\b)")
_HERE = re.compile(r"[ \t]+here\b")
_TITLE_BEFORE = re.compile(
    r"(?i)\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|herr|frau|pan|pani|se[ñn]ora?|sra?|signora?|"
    r"dott(?:or|oressa)?|mme|mlle|monsieur|madame|meneer|mevrouw|dhr|mevr)\.?[ \t]+"
    r"(?:(?:de|van|von|der|den|da|di|du|la|le|el|al|ter|ten)[ \t]+)*$"
)

# Endings of English words that no list knows ("pseudonymised", "dropdown"): not names.
_NOT_A_NAME_ENDING = re.compile(
    r"(?:ed|ing|ise|ize|ised|ized|tion|sion|ment|ness|able|ible|ity|ous|ive|ly|down|up|out|"
    r"less|ful|ware|based|wise|like|ism|ist|ists|ers|ship|hood|ance|ence|ency|ical|ular)$"
)


def _lowercase_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """Names typed in lower case: a word that is only ever a name, or any unknown word after
    the words that introduce a person ("im nkechi", "aunty bisi", "mrs okafor")."""
    lower = [t for t in tokens if t.latin and t.text.islower()]
    english = sum(t.kind in (WORD, WEAK, STOP) for t in lower) >= 0.6 * len(lower)
    # A message typed in lower case: it starts so, or writes "i" for "I".
    casual = text.lstrip()[:1].islower() or bool(re.search(r"(?:^|\s)i(?:\s|'m|'ve|'d)", text))
    for index, token in enumerate(tokens):
        if not token.latin or not token.text.islower() or len(token.text) < 2:
            continue
        if token.kind in (WORD, STOP) or (
            token.kind == WEAK and not token.flags & (GIVEN | SURNAME)
        ):
            continue  # an ordinary word, whatever stands before it
        previous = tokens[index - 1] if index else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        then_name = (
            following is not None
            and following.text.islower()
            and following.kind in (STRONG, UNKNOWN)
            and not text[token.end : following.start].strip(" \t")
            and following.start > token.end
        )
        cued = bool(_LOWER_CUE.search(text, max(0, token.start - 20), token.start))
        if re.search(r"name(?:\s+is|'s)\s+$", text[max(0, token.start - 10) : token.start]):
            rare_named = bool(token.flags & (GIVEN | SURNAME))
        else:
            rare_named = False
        if cued and re.search(
            r"(?:\bi'?m|\bi\s+am)\s+$", text[max(0, token.start - 8) : token.start]
        ):
            # "im writting to" is not a name; "im nkechi and" or "i am sarah." is
            cued = bool(_ENDS_INTRODUCTION.match(text, token.end)) or bool(then_name)
        weakly = bool(_LOWER_WEAK_CUE.search(text, max(0, token.start - 20), token.start))
        namelike = (
            token.kind == STRONG
            or (token.kind == UNKNOWN and not _NOT_A_NAME_ENDING.search(token.text))
        ) and bool(re.search(r"[aeiouy]", token.text))
        rare_name = bool(token.flags & GIVEN) and token.zipf < 5.0
        if index == 0 and _HERE.match(text, token.end) and token.kind not in (WORD, STOP):
            yield token.start, token.end  # "mo here."
            continue
        if token.flags & PLACE and _PLACE_BEFORE.search(
            text, max(0, token.start - 20), token.start
        ):
            continue  # "in india"
        if (
            casual
            and (namelike or (token.flags & GIVEN and token.zipf < 4.0))
            and _PERSON_AFTER.match(text[token.end : token.end + 60])
        ):
            pass  # "mark from accounts says", "tunde said" in a message typed in lower case
        elif (
            (english and token.kind == STRONG and token.flags & GIVEN and len(token.text) >= 3)
            or (cued and (namelike or rare_name or rare_named))
            or (weakly and (namelike or (rare_name and then_name)))
        ):
            pass
        else:
            continue
        titled = previous is not None and previous.key.rstrip(".") in _TITLES
        start = previous.start if titled else token.start
        yield start, following.end if then_name and following else token.end


_OTHER_SCRIPT = (
    "\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    "\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
)
_OTHER_SCRIPT_RUN = re.compile(rf"[{_OTHER_SCRIPT}]+(?:[ \u00b7\u30fb][{_OTHER_SCRIPT}]+)*")


_GREETINGS = frozenset(
    {"こんにちは", "こんばんは", "おはようございます", "你好", "您好", "안녕하세요", "Привет",
     "Здравствуйте", "Добрый день", "Γεια", "Γεια σας", "Χαίρετε", "مرحبا", "السلام عليكم",
     "नमस्ते", "Шановні", "Вітаю"}
)  # fmt: skip


# Questions written wholly in another script: a capitalised word inside a sentence (Cyrillic,
# Greek) or the words after "my name is" in scripts without capitals.
_CASED_NAME = re.compile(
    r"(?<=[^\s.!?;:\n(\"\u00ab][ ])[\u0391-\u03a9\u0386-\u038f\u0400-\u042f]"
    r"[\u03ac-\u03ce\u0430-\u045f]+"
    r"(?:[ ][\u0391-\u03a9\u0386-\u038f\u0400-\u042f][\u03ac-\u03ce\u0430-\u045f]+)*"
)
_SCRIPT_CUE = re.compile(
    r"(?:我叫|我是|名字是|我的名字叫)(?P<zh>[\u4e00-\u9fff]{2,4})"
    r"|(?:اسمي|أنا)\s+(?P<ar>[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+)?)"
    r"|(?:저는|제\s+이름은)\s+(?P<ko>[\uac00-\ud7af]{2,4}?)(?:입니다|이고|예요|이에요|라고)"
    r"|(?:मेरा\s+नाम|मैं)\s+(?P<hi>[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+)?)\s+(?:है|हूँ|हूं)"
    r"|(?:、|。|\n|^)(?P<ja>[\u4e00-\u9fff]{1,3}[ \u3000]?[\u3040-\u30ff\u4e00-\u9fff]{1,3}?)"
    r"(?:です|と申します)"
    r"|(?:名前は)(?P<ja2>[\u4e00-\u9fff]{1,3}[ \u3000]?[\u3040-\u30ff\u4e00-\u9fff]{1,3}?)(?:です)"
    r"|(?:^|,[ ]?|\s)(?P<ko2>[\uac00-\ud7af]{2,4}?)입니다"
    r"|(?:אני|שמי)\s+(?P<he>[\u0590-\u05ff]+(?:\s+[\u0590-\u05ff]+)?)"
)


def _scripts(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """Names in another script within a question in a Latin one ("my colleague 李伟")."""
    runs = list(_OTHER_SCRIPT_RUN.finditer(text))
    other = sum(len(run.group()) for run in runs)
    latin = sum(len(t.text) for t in tokens if t.latin)
    if other >= latin:
        for match in _CASED_NAME.finditer(text):
            if not re.search(
                r"(?:^|\s)(?:\u0432|\u0443|\u043d\u0430|\u0437|\u0456\u0437|\u0432\u043e|\u0438\u0437|\u03c3\u03c4\u03b7\u03bd|\u03c3\u03c4\u03bf|\u03c3\u03c4\u03b7|\u03b1\u03c0\u03cc)\s$",
                text[: match.start()][-6:],
            ):
                yield match.start(), match.end()  # not "в Україні": a place
        for match in _SCRIPT_CUE.finditer(text):
            name = next(
                g for g in ("zh", "ar", "ko", "hi", "ja", "ja2", "ko2", "he") if match.group(g)
            )
            yield match.start(name), match.end(name)
        return
    for run in runs:
        if run.group().strip(" ,!.") not in _GREETINGS:
            yield run.start(), run.end()


def _signature(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """One to three words alone on the last line, or after the last full stop: a signature."""
    match = re.search(
        r"(?:\n|[.!?][ \t]+)[ \t]*[-\u2013\u2014~]*[ \t]*([^\n.!?]{1,40}?)[ \t.!]*$", text
    )
    if not match:
        return
    start, end = match.span(1)
    closing = re.match(
        r"(?i)(?:(?:kind|best|warm|many)\s+)?(?:regards|thanks|thank\s+you|cheers|wishes)[,!]?\s+",
        text[start:end],
    )
    if closing:
        start += closing.end()
    comma = text.find(",", start, end)
    if comma != -1:
        end = comma
    words = [t for t in tokens if start <= t.start < end]
    if not 1 <= len(words) <= 3 or re.search(r"[^\w \t'\u2019.-]", text[start:end]):
        return
    if any(t.kind in (STOP, WORD) and not t.flags & GIVEN for t in words):
        return
    if all(t.text.islower() and t.kind == WEAK for t in words) and len(words) > 1:
        return
    yield words[0].start, words[-1].end


def _title_start(text: str, start: int) -> int:
    """Where a name begins once a title written before it is counted in ("Mrs Okafor")."""
    match = _TITLE_BEFORE.search(text, max(0, start - 14), start)
    return match.start() if match else start


@dataclass(frozen=True)
class Judged:
    names: list[tuple[int, int]]
    possible: list[tuple[int, int]]


_DASHED_SIGNATURE = re.compile(
    r"[\u2013\u2014-][ \t]*([A-Z][a-z]+(?:[ ](?:de[ ]|van[ ])?[A-Z][a-z]+)?)[ \t.!]*$"
)
# "From: Grant, Fiona <...>", "To: Lee, Daniel": a mail header writes the surname first.
_HEADER_NAME = re.compile(
    r"(?im)^[>\s]*(?:From|To|Cc|Von|De|An|À):[ \t]*([A-Z][a-z'-]+,[ \t]*[A-Z][a-z'-]+)"
)
# A nickname in quotes between a first name and a surname: Callum "Cal" Fraser.
_NICKNAME = re.compile(
    r"(?<=[A-Za-z])[ ][\"'\u201c\u2018(]([A-Z][a-z]+)[\"'\u201d\u2019)][ ](?=[A-Z][a-z])"
)
# A first name alone on a line before a comma opens a forwarded message: "Kev,\nSee below".
_SALUTATION_LINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][a-z]+),[ \t]*\n")
_JOINED = re.compile(r"(?:,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&|or)[ \t]+)")


def _covered(text: str, spans: list[tuple[int, int]]) -> bytearray:
    """A mark for every character of the text that one of the spans holds."""
    covered = bytearray(len(text) + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def _joined_to(text: str, tokens: list[Token], names: list[tuple[int, int]]) -> Iterator[Token]:
    """Words listed with a name ("Rose and Lily", "dave, raj and kasia") are names as well."""
    tokens = [t for t in tokens if t.latin and t.key not in ("and", "or", "&")]
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
                if not _JOINED.fullmatch(text[left.end : right.start]):
                    continue
                other = tokens[b]
                same_case = other.capitalised == tokens[a].capitalised
                if same_case and (
                    other.kind in (STRONG, UNKNOWN) or (other.kind == WEAK and other.flags & GIVEN)
                ):
                    inside[b] = changed = True
                    yield other


_FIRM_WORD = re.compile(
    r"Ltd|Limited|Homes|Dental|Freight|Travel|Media|Studio|Solutions|Services|Consulting|"
    r"Logistics|Group|Partners|Associates|Builders|Interiors|Lodge|Convent|Clinic|Surgery"
)


def not_a_person(text: str, start: int, end: int) -> bool:
    """Whether a span another rule took for a name is a firm, a product or a place instead."""
    if any(at <= start and end <= stop for at, stop in _stop_spans(text)):
        return True
    words = _tokens(text[start:end])
    if words and _FIRM_WORD.fullmatch(words[-1].text):
        return True  # "a client, Fairline Homes"
    if words and all(t.kind in (STOP, WORD) for t in words):
        return True
    return bool(_NOT_A_PERSON_AFTER.match(text, end) and not any(t.kind == STRONG for t in words))


@functools.lru_cache(maxsize=16)  # both detectors below ask about the same text in turn
def judge(text: str) -> Judged:
    """Every name, and every possible name, that the lists and the words around them show."""
    tokens = _tokens(text)
    _stop_phrases(text, tokens)
    names: list[tuple[int, int]] = []
    possible: list[tuple[int, int]] = []
    lower = [t for t in tokens if t.latin and t.text.islower()]
    english = sum(t.kind in (WORD, WEAK, STOP) for t in lower) >= 0.6 * len(lower)
    for run in _runs(text, tokens):
        for part in _segments(run):
            verdict = _judge(text, part)
            if verdict and not english and all(t.kind in (UNKNOWN, WEAK) for t in part):
                verdict = None  # a question in another language: its capitals prove less
            span = (_title_start(text, part[0].start), part[-1].end)
            if verdict:
                names.append(span)
            elif verdict is None:
                possible.append(span)
    names.extend(_lowercase_names(text, tokens))
    names.extend(_scripts(text, tokens))
    names.extend(_signature(text, tokens))
    names.extend(m.span(1) for m in _HEADER_NAME.finditer(text))
    for match in _NICKNAME.finditer(text):
        names.append(match.span(1))
        around = [t for t in tokens if t.end == match.start() or t.start == match.end() + 1]
        names.extend((t.start, t.end) for t in around if t.kind not in (STOP, WORD))
    dashed = _DASHED_SIGNATURE.search(text)
    if dashed and all(classify(w)[0] not in (STOP, WORD) for w in dashed.group(1).split()):
        names.append(dashed.span(1))
    names.extend(
        (m.start(1), m.end(1))
        for m in _SALUTATION_LINE.finditer(text)
        if classify(m.group(1))[0] not in (STOP, WORD)
    )
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


def names_by_lexicon(text: str) -> Iterator[Found]:
    """Names the word lists recognise."""
    for start, end in judge(text).names:
        yield "name", start, end


def possible_names(text: str) -> Iterator[Found]:
    """Capitalised words that may be names: left for a moderator to redact or keep."""
    for start, end in judge(text).possible:
        yield "name", start, end


_CODE_AFTER_TOWN = re.compile(r"\b(?P<town>[A-Z][a-z]+),?[ ](?P<code>\d{5,6}|\d{3}-\d{4})(?![\d-])")


def codes_after_towns(text: str) -> Iterator[Found]:
    """A postal code written after its town ("Chicago, 60614", "Bengaluru 560038")."""
    for match in _CODE_AFTER_TOWN.finditer(text):
        town = match.group("town").lower()
        value = lexicon().names.get(town, 0)
        if value & PLACE or town in lexicon().others:
            yield "postcode", match.start("code"), match.end("code")
