"""Find personal data in a visitor's question and hide it before anyone else reads the question.

Rules only, no model: structured data (emails, phone numbers, cards, IBANs, IP addresses, URLs,
postcodes, ID numbers) is found by pattern and checked by its checksum where it has one; names,
street addresses and dates of birth are found from the words that introduce them ("my name is",
"Regards,", "born on", a house number before "Road"); those rules live in anonymise_rules.
Nothing here depends on Flask, and no input, however odd, makes it raise.
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers

from faq_site.anonymise_addresses import addresses, postcodes
from faq_site.anonymise_lexicon import lexicon
from faq_site.anonymise_names import (
    codes_after_towns,
    names_beside_data,
    names_by_lexicon,
    names_in_emails,
    nicknames,
    not_a_person,
    possible_names,
)
from faq_site.anonymise_rules import (
    NOT_A_PERSONS_NUMBER,
    Found,
    by_first_letter,
    codes_like,
    dates_of_birth,
    handles,
    held_codes,
    id_numbers,
    names,
    plates,
    possible_ids,
)

KINDS: tuple[str, ...] = (
    "email", "phone", "name", "address", "postcode", "card", "iban", "ip",
    "url", "id number", "date of birth",
)  # fmt: skip

# When two findings overlap the longer one wins; on a tie the kind earlier here wins, because a
# checksum or an explicit cue is better evidence than the shape of a phone number or a capital.
_PRECEDENCE = ("email", "url", "iban", "card", "ip", "id number", "date of birth", "postcode",
               "address", "phone", "name")  # fmt: skip
_RANK = {kind: rank for rank, kind in enumerate(_PRECEDENCE)}


@dataclass(frozen=True)
class Redaction:
    """One piece of personal data: what kind it is and where it sits in the original text."""

    kind: str
    start: int
    end: int
    text: str
    # False for a possible piece of data ("check"): shown to the moderator, not replaced.
    certain: bool = True

    @property
    def placeholder(self) -> str:
        """What replaces the data in the public text, e.g. "[email]"."""
        return f"[{self.kind}]"


@dataclass(frozen=True)
class Anonymised:
    """A question together with the personal data found in it."""

    original: str
    redactions: tuple[Redaction, ...]

    @property
    def text(self) -> str:
        """The question as the public may see it, each certain piece replaced by "[kind]"."""
        return "".join(piece for piece, _ in self.public_segments())

    @property
    def checks(self) -> tuple[Redaction, ...]:
        """The possible pieces of data, left in the text for a moderator to redact or keep."""
        return tuple(r for r in self.redactions if not r.certain)

    def segments(self) -> list[tuple[str, Redaction | None]]:
        """The original text cut into consecutive pieces, each redacted piece with its Redaction."""
        pieces: list[tuple[str, Redaction | None]] = []
        at = 0
        for redaction in self.redactions:
            if redaction.start > at:
                pieces.append((self.original[at : redaction.start], None))
            pieces.append((self.original[redaction.start : redaction.end], redaction))
            at = redaction.end
        if at < len(self.original):
            pieces.append((self.original[at:], None))
        return pieces

    def public_segments(self) -> list[tuple[str, str | None]]:
        """The anonymised text in pieces: kept text with None, placeholders with their kind."""
        return [
            (piece, None)
            if redaction is None or not redaction.certain
            else (redaction.placeholder, redaction.kind)
            for piece, redaction in self.segments()
        ]


# --- Addresses on the internet ------------------------------------------------------------------

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"  # what RFC 5322 allows in an unquoted local part
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9!#$%&'*+/=?^_`{{|}}~.-]){_ATEXT}+(?:\.{_ATEXT}+)*"
    rf"@(?:{_LABEL}\.)+[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?![A-Za-z0-9-]|\.[A-Za-z0-9])"
)
# "at" and "dot" as people spell them out in the languages of the questions, bracketed or not.
_AT_WORDS = (
    r"(?:at|arroba|arobase|chiocciola|Klammeraffe|malpa|ma\u0142pa|apenstaartje|snabel-a|kukac"
    r"|zavin\u00e1\u010d|kr\u00f8llalfa|\u00e4t|arond|eta|\u03c0\u03b1\u03c0\u03ac\u03ba\u03b9|"
    r"\u0441\u043e\u0431\u0430\u043a\u0430|et|a|bij)"
)
_DOT_WORDS = (
    r"(?:dot|punto|punkt|point|ponto|punt|kropka|pisteen|piste|pont|te\u010dka|prikk|punktum|"
    r"punct|taskas|nokta|\u03c4\u03b5\u03bb\u03b5\u03af\u03b1|\u0442\u043e\u0447\u043a\u0430)"
)
_AT = (
    rf"\s*(?:[\[({{<]\s*(?:{_AT_WORDS}|@)\s*[\])}}>]"
    rf"|[ ]{_AT_WORDS}[ ]|[ ]@[ ])\s*"
)
_DOT = rf"\s*(?:[\[({{<]\s*(?:{_DOT_WORDS}|\.)\s*[\])}}>]|[ ]{_DOT_WORDS}[ ])\s*"
_JOIN = r"[ ](?:underscore|dash|hyphen)[ ]"  # "mike underscore t at example dot com"
_SPELT_EMAIL = re.compile(
    r"(?i)(?<![a-z0-9_+.-])(?!(?:is|are|was|me|us|it|them|him|her|you|be|am|site|page|here|"
    r"there|located|based|available|found|portfolio|profile|online|live|now|work|home)\b)"
    rf"[a-z0-9_+-]+(?:(?:{_DOT}|\.|{_JOIN})[a-z0-9_+-]+)*{_AT}[a-z0-9-]+"
    rf"(?:(?:{_DOT}|\.)[a-z0-9-]+)*(?:{_DOT}|\.)"
    r"(?:com|org|net|uk|de|fr|ie|eu|io|info|nl|pl|es|it|pt|be|at|ch|se|dk|no|fi|me|dev|app|biz|co|"
    r"edu|gov|us|ca|au|in|ng|za|gr|cz|sk|hu|ro|bg|hr|si|lt|lv|ee|is|tr|ru|ua|jp|cn|kr|br|mx|ar|"
    r"cl|nz|sg|hk|my|ph|ae|sa|il|ke|gh|vn|th|id|pk|bd|lk|lu|mt|cy)\b"
)
_CLOSING = {"'": "'", "`": "`", "{": "}", "|": "|"}
_URL = re.compile(
    r"(?i)\b(?:https?://|www\.[a-z0-9-]+\.|(?:[a-z0-9-]+\.)+(?:com|org|net|io|uk|de|fr|nl|ie|pl|es|"
    r"it|eu|me|dev|app|info|biz|co|be|ch|at|se|no|dk|fi|pt|ca|au|us|in|ly|gg|tv|link|site|page)/(?=\S))"
    r"[^\s<>\"'`]*"
)
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.\d{1,3}){0,3}(?![\w:])"
)
_VERSION_BEFORE = re.compile(r"(?i)\b(?:version|ver\.?|v|release|build|firmware)\s*$")


def _emails(text: str) -> Iterator[Found]:
    """Email addresses, including ones spelt out as "jane dot smith at example dot com"."""
    for match in _EMAIL.finditer(text):
        start, end = match.span()
        # A quote or brace may legally open a local part, but round an address it is punctuation.
        if text[start] in _CLOSING and text[end : end + 1] == _CLOSING[text[start]]:
            start += 1
        yield "email", start, end
    for match in _SPELT_EMAIL.finditer(text):
        yield "email", match.start(), match.end()


# A bare domain that the writer calls their own site: "my portfolio zoltanvarga.example.net".
_OWN_SITE = re.compile(
    r"(?i:\bmy[ \t]+(?:own[ \t]+)?(?:portfolio|website|web[ \t]+site|site|blog|homepage|shop|"
    r"store|channel)(?:[ \t]+(?:is|at))?[ \t]*:?[ \t]+)"
    r"(?P<url>(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[^\s<>\"'`]*)?)"
)


def _urls(text: str) -> Iterator[Found]:
    """Web addresses starting with http://, https:// or www., or with a path; a bare domain
    that the writer calls their own site."""
    for match in _OWN_SITE.finditer(text):
        site = match.group("url").rstrip(".,;:!?")  # the sentence's stop is not the address's
        yield "url", match.start("url"), match.start("url") + len(site)
    for match in _URL.finditer(text):
        url = match.group()
        # Trailing punctuation usually ends the sentence; a closing bracket belongs to the
        # address only when the address opened one.
        while url and (
            url[-1] in ".,;:!?\u201d\u2019"
            or (url[-1] == ")" and url.count(")") > url.count("("))
            or (url[-1] == "]" and url.count("]") > url.count("["))
        ):
            url = url[:-1]
        yield "url", match.start(), match.start() + len(url)


def _ips(text: str) -> Iterator[Found]:
    """IPv4 and IPv6 addresses that the ipaddress module accepts, but not version numbers."""
    for match in _IPV4.finditer(text):
        if _VERSION_BEFORE.search(text, max(0, match.start() - 12), match.start()) or re.search(
            r"(?i)\b(?:build|version|release|firmware|changelog)",
            text[max(0, match.start() - 60) : match.end() + 50],
        ):
            continue
        if _is_ip(match.group()):
            yield "ip", match.start(), match.end()
    for match in _IPV6.finditer(text):
        candidate = match.group()
        # Without a digit and with only two colons, "cafe::" is more likely prose than an address.
        if (candidate.count(":") >= 3 or any(c.isdigit() for c in candidate)) and _is_ip(candidate):
            yield "ip", match.start(), match.end()


def _is_ip(candidate: str) -> bool:
    """Whether a string is an IP address of either version."""
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


# --- Money ----------------------------------------------------------------------------------------

_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}")
# Lengths of the IBANs most often seen here, so that a word after an IBAN is never taken in.
_IBAN_LENGTHS = {"AT": 20, "BE": 16, "CH": 21, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27,
                 "GB": 22, "IE": 22, "IT": 27, "LU": 20, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
                 "SE": 24, "HU": 28, "LT": 20, "LV": 21, "EE": 20, "RO": 24, "HR": 21, "SI": 19,
                 "SK": 24, "CZ": 24, "BG": 22, "GR": 27, "CY": 28, "MT": 31, "IS": 26, "TR": 26,
                 "LI": 21, "MC": 27, "AD": 24, "GI": 23, "SA": 24, "AE": 23}  # fmt: skip


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check used by payment cards."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# Sixteen digits printed in fours, or a number after the word "card", is a card number even when
# it fails the Luhn check: a mistyped card number is still someone's card.
_CARD_SHAPE = re.compile(
    r"(?<![\d-])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?![\d-])"
    r"|(?i:\b(?:card|visa|mastercard|amex|debit|credit)(?:\s+(?:number|no\.?))?\s*:?\s+)"
    r"(?P<cued>\d{4}[ -]?\d{4,6}[ -]?\d{4,5}(?:[ -]?\d{1,4})?)(?![\d-])"
)
# Every match of the patterns marked (?=\w) starts with a letter or a digit: the lookahead says
# so first, which lets the regex engine pass over spaces and word endings without trying
# each alternative there. It changes no match.
# An IBAN after the word IBAN, even one that fails its check.
_IBAN_CUED = re.compile(
    r"(?=\w)"
    r"(?i:\bIBAN)(?:\s+(?:is|was|number))?\s*:?\s*"
    r"(?P<iban>[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?)(?![A-Za-z0-9])"
)


# A bank's IBAN shape with its bank code in letters ("GB47 BARC 2003 ..."), checked or not.
_IBAN_SHAPE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{2,4}){3,7}(?![A-Za-z0-9])"
)


# An identity number that happens to pass the Luhn check, as South Africa's do.
_ID_BEFORE = re.compile(
    r"(?i:\b(?:ID|identity|national)(?:\s+(?:number|no\.?|card))?"
    # A loyalty, membership or travel card's number passes Luhn too, and is the holder's ID.
    r"|\b(?:loyalty|membership|member|club\w*|rewards?|bonus|points|fid[\u00e9e]lit[\u00e9e]|"
    r"fedelt[\u00e0a]|klantenkaart|kundenkarte|nectar|payback|bahncard|mobib|oyster|miles\W?)"
    r"(?:\s+card)?(?:\s+(?:number|no\.?|nr\.?))?(?:\s+(?:is|was|ist|est|\u00e8))?"
    r")\W{0,3}$"
)


def _cards(text: str) -> Iterator[Found]:
    """Payment card numbers: 13 to 19 digits, split by spaces or dashes or not, passing Luhn."""
    for match in _CARD_SHAPE.finditer(text):
        group = "cued" if match.group("cued") else 0
        if not _ID_BEFORE.search(text, max(0, match.start(group) - 30), match.start(group)):
            yield "card", match.start(group), match.end(group)
    for match in _IBAN_CUED.finditer(text):
        yield "iban", match.start("iban"), match.end("iban")
    for match in _IBAN_SHAPE.finditer(text):
        yield "iban", match.start(), match.end()
    for run in _DIGIT_RUN.finditer(text):
        groups = [(g.start(), g.group()) for g in re.finditer(r"\d+", run.group())]
        first = 0
        while first < len(groups):
            best, digits = None, ""
            for last in range(first, len(groups)):
                # Card numbers are printed in groups of at most six digits, or not split at all.
                # Every group but the last holds three to six digits: "03-07-1992 07700" is none.
                if last > first and not 3 <= len(groups[last - 1][1]) <= 6:
                    break
                digits += groups[last][1]
                if len(digits) > 19:
                    break
                if len(digits) >= 13 and len(set(digits)) > 1 and luhn_valid(digits):
                    best = last
            if best is None:
                first += 1
                continue
            end = groups[best][0] + len(groups[best][1])
            start = run.start() + groups[first][0]
            if not _ID_BEFORE.search(text, max(0, start - 30), start):
                yield "card", start, run.start() + end  # after "ID": a national number (ZA)
            first = best + 1


def iban_valid(compact: str) -> bool:
    """Whether an IBAN without spaces passes the ISO 7064 mod-97 check."""
    if not compact.isascii() or not compact.isalnum() or not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


_PRINTED_IBAN = re.compile(r"[A-Z]{2}\d{2}(?:[ ][A-Z0-9]{4})+(?:[ ][A-Z0-9]{1,3})?")


def _ibans(text: str) -> Iterator[Found]:
    """IBANs, with or without spaces, in either case, that pass the mod-97 check."""
    for match in _IBAN.finditer(text):
        chars = [(i, c) for i, c in enumerate(match.group().upper()) if c != " "]
        known = _IBAN_LENGTHS.get(match.group()[:2].upper())
        for length in [known] if known else range(len(chars), 14, -1):
            if length > len(chars):
                continue
            end = match.start() + chars[length - 1][0] + 1
            if end < len(text) and text[end].isalnum():
                continue
            printed = text[match.start() : end]
            # Written as banks print one, in capitals in groups of four and as long as its
            # country's: an IBAN, even mistyped ("PT50 0035 0123 0001 2345 6781 2").
            # ("SA12 7F3K 9QX2 LM4P 8RT6 ZW1B", a voucher's code, has too many letters)
            if iban_valid("".join(c for _, c in chars[:length])) or (
                known
                and _PRINTED_IBAN.fullmatch(printed)
                and sum(c.isalpha() for _, c in chars[4:length]) <= 4
            ):
                yield "iban", match.start(), end
                break


# --- Phones ---------------------------------------------------------------------------------------

# Numbers after these words are references to a thing, not a way of reaching a person.
_NOT_A_PHONE_BEFORE = re.compile(
    r"(?i)(?=\w)\b(?:invoice|order|ticket|ref|reference|case|transaction|receipt|booking|tracking|"
    r"serial|version|po|account|customer|membership|member|policy|passport|licen[cs]e|id|"
    # national and health numbers, whose digits may be grouped as a phone's: "TAJ-számom 044 ..."
    r"TAJ(?:-sz\u00e1m\w*)?|AMKA|PESEL|BSN|PPSN?|EGN|OIB|CNP|NIF|NIE|DNI|SVNR)"
    r"(?:\s*(?:number|no\.?|num|id|#|code|ref))?\s*[:#]?\s*$"
)


# Any country's number in its own national format, where the words before it say it is a phone.
_CUED_PHONE = re.compile(
    r"(?=\w)"
    r"(?i:\b"
    + by_first_letter(
        r"phone|mobile|mob|tel|telephone|cell|cellphone|call(?!\s+cent(?:re|er))|ring|text|"
        r"whatsapp|fax|"
        r"landline|handy|t[ée]l[ée]phone|telefon(?:[eo]|u|em|ie|y)?|tel[ée]fono|telefoon|puhelin|(?:telefon|handy|mobil|ruf)nummer|"
        r"tlf|mobilnr|tel\.?nr|"
        r"contact\s+\w+\s+on|"
        r"cellulare|cellulaire|portable|m[óo]vil|celular|direct\s+line|line|"
        r"reach\s+\w+\s+on"
    )
    + r")\b[^\d\n+(]{0,24}"
    r"(?P<number>\(?\+?\d[\d ().\-/\u00a0\u202f]{6,20}\d)(?![\d])"
)


# North American numbers as they are written there: 604-555-0187, (604) 555-0187.
_NANP = re.compile(
    r"(?<![\d.-])(?:\(\d{3}\)[ ]?\d{3}-|\d{3}-\d{3}-|[2-9]\d{2}\.\d{3}\.)\d{4}(?![\d-]|\.\d)"
)


# A number after the words for "mobile" or "phone" in Chinese, Japanese and Korean.
_CUED_PHONE_CJK = re.compile(
    r"(?:\u624b\u673a\u53f7?\u7801?|\u7535\u8bdd\u53f7?\u7801?|\u624b\u6a5f|\u96fb\u8a71|"
    r"\u643a\u5e2f|\uc804\ud654\ubc88\ud638|\ud734\ub300\ud3f0)[\s:\uff1a\u662f\u4e3a]*"
    r"(?P<number>\+?\d[\d \-]{6,16}\d)(?!\d)"
)


# And in scripts whose words Python's word boundary does not always see: Devanagari, Cyrillic,
# Greek, Arabic, Hebrew and Thai.
_CUED_PHONE_SCRIPTS = re.compile(
    r"(?:\u092b\u093c?\u094b\u0928|\u092e\u094b\u092c\u093e\u0907\u0932|"
    r"\u0442\u0435\u043b\u0435\u0444\u043e\u043d|\u0442\u0435\u043b\.|\u043c\u043e\u0431\.|"
    r"\u043c\u043e\u0431\u0438\u043b\u044c\u043d|"
    r"\u03c4\u03b7\u03bb\u03ad\u03c6\u03c9\u03bd|\u03c4\u03b7\u03bb\.|"
    r"\u03ba\u03b9\u03bd\u03b7\u03c4\u03cc|\u0647\u0627\u062a\u0641|\u062c\u0648\u0627\u0644|"
    r"\u0645\u0648\u0628\u0627\u064a\u0644|\u05d8\u05dc\u05e4\u05d5\u05df|\u05e0\u05d9\u05d9\u05d3|"
    r"\u0e42\u0e17\u0e23)[^\d\n+(]{0,20}?"
    r"(?P<number>\(?\+?\d[\d ().\-/\u00a0]{6,20}\d)(?!\d)"
)


# A number read out digit by digit, as in a transcribed voicemail: "oh one six three two, nine
# six oh". Eight or more digits in a row are a phone number; prose never runs so many together.
_DIGIT_WORD = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)"
_SPOKEN_DIGITS = re.compile(
    rf"(?i)(?=\w)\b(?:plus[ ])?(?:(?:double|triple)[ ])?{_DIGIT_WORD}"
    rf"(?:(?:[ ,-]|,[ ]|[ ]-[ ])(?:(?:double|triple)[ ])?{_DIGIT_WORD}){{4,}}\b"
)


def _spoken_digits(found: str) -> int:
    """How many digits a number read out in words stands for."""
    words = re.findall(r"[a-z]+", found.lower())
    count = 0
    for at, word in enumerate(words):
        if word in ("double", "triple"):
            continue
        before = words[at - 1] if at else ""
        count += {"double": 2, "triple": 3}.get(before, 1) if word != "plus" else 0
    return count


# A second number given straight after a phone number: "+353 87 123 4567 and (01) 555 0192".
_ANOTHER_NUMBER = re.compile(
    r"[ \t]*(?:,|/|\bor\b|\band\b|&)[ \t]*(?:(?:on|at|also)[ \t]+)?"
    r"(?P<number>\(?\+?\d[\d ().\-/\u00a0\u202f]{5,20}\d)(?![\d])"
)


def _phones(text: str) -> Iterator[Found]:
    """Phone numbers: North American shapes, any country's after a word that says "phone", and
    what phonenumbers reads (UK by default, others after + or 00); and a number listed straight
    after one of them."""
    found = list(_phone_numbers(text))
    yield from found
    for _kind, _start, end in found:
        more = _ANOTHER_NUMBER.match(text, end)
        if more and 7 <= sum(c.isdigit() for c in more.group("number")) <= 15:
            yield "phone", more.start("number"), more.end("number")


# Words that may stand straight before a phone number with a hyphen: "tel-0161 496 0123".
_PHONE_WORDS = frozenset({"tel", "tele", "phone", "mobile", "mob", "cell", "wa", "whatsapp", "fax",
                          "ph", "t", "m", "telefon", "tlf", "gsm", "handy"})  # fmt: skip


def _phone_numbers(text: str) -> Iterator[Found]:
    for match in _NANP.finditer(text):
        yield "phone", match.start(), match.end()
    cued = (_CUED_PHONE, _CUED_PHONE_CJK, _CUED_PHONE_SCRIPTS)
    for match in (found for pattern in cued for found in pattern.finditer(text)):
        digits = sum(c.isdigit() for c in match.group("number"))
        at = match.start("number")
        word = (
            re.search(r"[A-Za-z]+$", text[: at - 1]) if at >= 2 and text[at - 1] in "-/" else None
        )
        if word and word.group().lower() not in _PHONE_WORDS:
            continue  # the tail of a code: "re invoice INV-2025-0117", but not "tel-0161 .."
        if 8 <= digits <= 15:
            yield "phone", match.start("number"), match.end("number")
    for match in _SPOKEN_DIGITS.finditer(text):
        if _spoken_digits(match.group()) >= 8:
            yield "phone", match.start(), match.end()
    yield from _parsed_phones(text)
    yield from _mobiles_abroad(text)


# A number grouped as people group a phone number ("683 21 09 47", "936 218 447", "090-1234-5678")
# is one when it is a mobile number of one of these countries; a card, an ID or an amount is not.
_GROUPED = re.compile(
    r"(?<![A-Za-z0-9_+/.,-])(?:\d{2,5}(?:[ -]\d{2,5}){1,4}|0\d{2,4}[ /-]\d{6,8})"
    r"(?![A-Za-z0-9_-]|[.,]\d)"
)
# Countries whose fixed lines have no trunk 0 to tell them, written in three groups or more:
# "958 22 31 47", "21 234 5678".
_NO_TRUNK = frozenset({"ES", "PT", "GR", "DK", "NO"})
_MOBILE_REGIONS = ("ES", "PT", "GR", "IE", "IT", "FR", "DE", "NL", "BE", "PL", "IN", "JP", "TR",
                   "RO", "HU", "CZ", "SE", "NO", "DK", "FI", "AU", "NZ", "ZA", "KE",
                   "NG")  # fmt: skip
_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
_FIXED = (phonenumbers.PhoneNumberType.FIXED_LINE,)


def _mobiles_abroad(text: str) -> Iterator[Found]:
    for match in _GROUPED.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        before = text[max(0, match.start() - 30) : match.start()]
        # Norway and Denmark have eight digits, grouped "412 34 567" or "20 12 34 56".
        nordic = len(digits) == 8 and re.fullmatch(
            r"\d{3} \d{2} \d{3}|\d{2}(?: \d{2}){3}", match.group()
        )
        if (
            not (9 <= len(digits) <= (12 if digits[0] == "0" else 11) or nordic)
            or re.match(r"(?:19|20)\d\d-", match.group())  # "2025-01-7731": a case's number
            or re.search(r"\b[A-Z]{2}[ ]?$", before)  # "GB 293 4417 62": a VAT number
            or _NOT_A_PHONE_BEFORE.search(before)
            or NOT_A_PERSONS_NUMBER.search(before)
        ):
            continue
        for region in ("NO", "DK") if nordic else _MOBILE_REGIONS:
            try:
                number = phonenumbers.parse(digits, region)
            except phonenumbers.NumberParseException:
                continue
            # A fixed line too when written with its national 0 in three groups or more:
            # "053 21 44 87"; a bare pair of groups is too often something else.
            grouped = match.group().count(" ") >= 2
            wanted = _MOBILE + (
                _FIXED if grouped and (digits[0] == "0" or region in _NO_TRUNK) else ()
            )
            if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in wanted:
                yield "phone", match.start(), match.end()
                break


def _parsed_phones(text: str) -> Iterator[Found]:
    """Phone numbers as phonenumbers reads them: UK ones by default, others after + or 00."""
    # A third-party parser must never be able to break a visitor's form, so whatever it
    # raises simply means that no phone number was found.
    try:
        matches = list(phonenumbers.PhoneNumberMatcher(text, "GB", phonenumbers.Leniency.POSSIBLE))
    except Exception:
        return
    for match in matches:
        raw = match.raw_string
        if match.start and (text[match.start - 1] in "-/" or text[match.start - 1].isalnum()):
            continue  # the tail of a code: "C-00093421"
        if raw.startswith("000"):
            continue  # a register number padded with zeros: "KRS 0000123456"
        digits = sum(c.isdigit() for c in raw)
        # People write a UK number with its leading 0 and a foreign one with + or 00; a bare
        # run of digits is far more often an amount, a year or a reference.
        national = raw.lstrip("(").startswith("0") and not raw.lstrip("(").startswith("00")
        if not raw.lstrip("(").startswith(("0", "+")):
            continue
        if (national and not 10 <= digits <= 11) or digits < 8:
            continue
        if _NOT_A_PHONE_BEFORE.search(text, max(0, match.start - 30), match.start):
            continue
        yield "phone", match.start, match.end


# --- Putting it together --------------------------------------------------------------------------

_DETECTORS: tuple[Callable[[str], Iterator[Found]], ...] = (
    _emails, _urls, _ips, _cards, _ibans, _phones,
    id_numbers, plates, postcodes, addresses, dates_of_birth, names, names_by_lexicon,
    codes_after_towns,
)  # fmt: skip
# Shapes that may be data but often are not: marked for a moderator to decide, never replaced.
_POSSIBLE_DETECTORS: tuple[Callable[[str], Iterator[Found]], ...] = (possible_names, possible_ids)


# Detectors of names read capitals; in a question typed in capitals they read a copy in which
# only the words that are not ordinary ones keep a capital.
_NAME_DETECTORS = frozenset({names, names_by_lexicon, possible_names})
_WORD = re.compile(r"[^\W\d_]+")


def _unshouted(text: str) -> str:
    """A text typed in capitals, written as usual: "I AM PATRICK" -> "I am Patrick"."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if len(letters) < 12 or upper < 0.7 * len(letters):
        return text

    def write(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) == 1:
            return word
        lowered = word.lower()
        if lowered in lexicon().words or lowered in lexicon().foreign or lowered in _OPENERS:
            return lowered
        return word[0] + word[1:].lower()

    unshouted = _WORD.sub(write, text)
    return unshouted if len(unshouted) == len(text) else text


_OPENERS = frozenset({"hi", "hello", "dear", "regards", "thanks", "from", "to"})


_BESIDE_A_NAME = re.compile(r"[ ]?[(,][ ]?|[ ]")


def find(text: str) -> list[Redaction]:
    """Every piece of personal data found in a text, sorted by position and never overlapping.

    Certain pieces come first; a possible one ("check") is kept only where no certain one is.
    """
    if not isinstance(text, str) or not text:
        return []
    written = _unshouted(text)
    certain: set[Found] = set()
    for detector in _DETECTORS:
        read = written if detector in _NAME_DETECTORS else text
        certain.update(
            f
            for f in detector(read)
            if f[1] < f[2] and not (f[0] == "name" and not_a_person(read, f[1], f[2]))
        )
    # A handle is a name by where it stands, even when made of words ("sunflower_girl_cork").
    certain.update(f for f in handles(text) if f[1] < f[2])
    if written is not text:  # "14 ST MARY'S ROAD" in a question typed in capitals
        certain.update(f for f in addresses(written) if f[1] < f[2])
    certain.update(codes_like(text, [found for found in certain if found[0] == "id number"]))
    beside = [found for found in certain if found[0] not in ("name", "url")]
    certain.update(names_beside_data(written, beside))
    certain.update(names_in_emails(text, beside))
    possible: set[Found] = set()
    for detector in _POSSIBLE_DETECTORS:
        read = written if detector in _NAME_DETECTORS else text
        possible.update(f for f in detector(read) if f[1] < f[2])
    # A code written straight after a person's name is that person's: "Brian Maddox
    # (HAL-0772901)", "Kiran Bhatt, HEB-5561902".
    name_ends = {end for kind, _, end in certain if kind == "name"}
    owned = {
        found
        for found in possible
        if found[0] == "id number"
        and any(
            end in name_ends and _BESIDE_A_NAME.fullmatch(text, end, found[1])
            for end in range(max(0, found[1] - 3), found[1])
        )
    }
    owned.update(held_codes(text, sorted(possible - owned)))
    certain |= owned
    possible -= owned
    certain.update(nicknames(written, certain, possible))
    certain.update(_numbers_after_names(text, certain))
    starts: list[int] = []
    chosen: list[tuple[str, int, int, bool]] = []  # kept sorted by start; no two overlap
    for group, is_certain in ((certain, True), (possible, False)):
        for kind, start, end in sorted(group, key=lambda f: (f[1] - f[2], _RANK[f[0]], f[1])):
            at = bisect_right(starts, start)
            if at and chosen[at - 1][2] > start:
                continue
            if at < len(chosen) and chosen[at][1] < end:
                continue
            starts.insert(at, start)
            chosen.insert(at, (kind, start, end, is_certain))
    return [
        Redaction(kind, start, end, text[start:end], is_certain)
        for kind, start, end, is_certain in _joined_names(text, chosen)
    ]


# A bare number straight after a person's name, as people sign with their student or customer
# number: "Hamza Yusuf, 21044780", "Ella Brightwell 2201887". Not a phone's shape (0 and ten or
# eleven digits), and only where nothing else was found.
_NUMBER_AFTER_A_NAME = re.compile(r"(?:,[ ]?|[ ]?\([ ]?|[ ])(?P<id>\d{6,12})(?![\w/-]|[.,:]\d)")


def _numbers_after_names(text: str, certain: set[Found]) -> Iterator[Found]:
    """IDs written straight after a name found already."""
    taken = sorted((start, end) for _, start, end in certain)
    for kind, _, end in list(certain):
        if kind != "name":
            continue
        match = _NUMBER_AFTER_A_NAME.match(text, end)
        if not match:
            continue
        number = match.group("id")
        if number.startswith("0") and len(number) in (10, 11):
            continue
        start, stop = match.span("id")
        if any(s < stop and start < e for s, e in taken):
            continue
        yield "id number", start, stop


# Between two parts of one name: a nickname's quotes or brackets ('Daniel "Danny" Ferreira').
_WITHIN_A_NAME = re.compile(r"[ ]?[\"'\u201c\u201d\u2018\u2019()][ ]?")


def _joined_names(
    text: str, chosen: list[tuple[str, int, int, bool]]
) -> list[tuple[str, int, int, bool]]:
    """Names that stand apart only by a nickname's quotes, joined into one piece."""
    joined: list[tuple[str, int, int, bool]] = []
    for piece in chosen:
        if joined:
            kind, start, end, is_certain = joined[-1]
            if (
                kind == piece[0] == "name"
                and is_certain
                and piece[3]
                and _WITHIN_A_NAME.fullmatch(text, end, piece[1])
                and text[end : piece[1]].strip() not in ("(", ")")
            ):
                joined[-1] = (kind, start, piece[2], True)
                continue
        joined.append(piece)
    return joined


def anonymise(text: str) -> Anonymised:
    """A question with its personal data found, ready to be shown publicly as `.text`."""
    return Anonymised(text, tuple(find(text)))
