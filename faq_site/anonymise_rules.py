"""The rules for personal data that is recognised by the words around it rather than by its shape.

Names, street addresses, dates of birth, postcodes and ID numbers have no checksum that would
tell them from ordinary words and numbers, so each rule here looks for a cue first ("my name is",
"born on", "passport number", a house number before "Road") and takes only what follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Found = tuple[str, int, int]  # (kind, start, end) with offsets into the original text
# Visitors type curly apostrophes and long dashes as often as straight ones.
_APOSTROPHES, _DASHES = "'\u2019", "\u2013\u2014"

# --- Postcodes ------------------------------------------------------------------------------------

# Royal Mail's rules: which letters may stand where in the outward code and the inward code.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][0-9]?)"
)
_UK_POSTCODE = rf"(?:{_OUTWARD} ?[0-9][ABD-HJLNP-UW-Z]{{2}}|GIR ?0AA)"
_UK_POSTCODE_RE = re.compile(rf"\b{_UK_POSTCODE}\b")
# Elsewhere a postal code is just a few digits, so it is only taken straight after a cue.
_POSTAL_CUED = re.compile(
    r"(?i:\b(?:post ?code|postal code|zip(?: ?code)?|PLZ|Postleitzahl|code postal))"
    r"\s*(?:is\s+|was\s+|:\s*|-\s*)?"
    rf"(?P<code>(?i:{_UK_POSTCODE})|\d{{5}}(?:-\d{{4}})?|\d{{4}} ?[A-Z]{{2}}|\d{{2}}-\d{{3}}"
    r"|\d{3} ?\d{2}|\d{4}|[A-Z]\d[A-Z] ?\d[A-Z]\d)(?![\w-])"
)


def postcodes(text: str) -> Iterator[Found]:
    """UK postcodes anywhere, and other countries' postal codes straight after a cue."""
    for match in _UK_POSTCODE_RE.finditer(text):
        yield "postcode", match.start(), match.end()
    for match in _POSTAL_CUED.finditer(text):
        yield "postcode", match.start("code"), match.end("code")


# --- Street addresses -----------------------------------------------------------------------------

_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Yard|Close|Drive|Way|Place|Pl|Square|Sq|Court|"
    r"Gardens|Gdns|Terrace|Crescent|Hill|Row|Walk|Mews|Grove|Park|Green|Parade|Rise|View|Vale|"
    r"Boulevard|Wharf|Quay|Gate|Circus|Embankment|Passage|Wynd|Chase|Meadows?|Fields?)"
)
_PLACE_WORD = rf"[A-Z][A-Za-z{_APOSTROPHES}-]*"
_FLAT = r"(?:Flat|Apartment|Apt\.?|Unit|Suite)[ ]\d{1,4}[A-Za-z]?,?[ ]"
_NUMBERED = rf"\d{{1,4}}[A-Za-z]?,?[ ](?:{_PLACE_WORD}[ ]){{1,3}}{_STREET}"
_NAMED = rf"(?:{_PLACE_WORD}[ ]){{1,3}}{_STREET}"
_ADDRESS = re.compile(
    rf"\b(?:{_FLAT}(?:{_NUMBERED}|{_NAMED})|{_NUMBERED})\b"
    # German and French streets put the number after, or the street word first.
    r"|\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|weg|platz|allee|gasse|ring|damm)[ ]\d{1,4}[a-z]?\b"
    r"|\b\d{1,4}(?:[ ]?bis|[ ]?ter)?,?[ ](?:rue|avenue|boulevard|place|chemin|allée|impasse|quai)"
    r"(?:[ ](?:de|du|des|la|le|l'|d')){0,2}[ ]?[A-ZÉ][\w'-]+(?:[ ][A-Z][\w'-]+)?"
)


_CODE_AFTER_ADDRESS = re.compile(r",?[ ](?P<code>\d{5}|\d{4}(?:[ ]?[A-Z]{2})?)\b")


def addresses(text: str) -> Iterator[Found]:
    """Street addresses: a house number (or flat) and one to four words ending in a street word.

    A bare postal code straight after the address is taken as well, as a postcode.
    """
    for match in _ADDRESS.finditer(text):
        yield "address", match.start(), match.end()
        code = _CODE_AFTER_ADDRESS.match(text, match.end())
        if code:
            yield "postcode", code.start("code"), code.end("code")


# --- ID numbers -----------------------------------------------------------------------------------

_NI_NUMBER = re.compile(
    r"\b(?:QQ|(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])"
    r"(?P<s> ?)\d{2}(?P=s)\d{2}(?P=s)\d{2}(?P=s)[A-D]\b"
)
_NHS_NUMBER = re.compile(r"(?<![\d-])\d{3}(?P<s>[ -]?)\d{3}(?P=s)\d{4}(?![\d-])")
_NHS_CUE = re.compile(r"(?i)\b(?:NHS|CHI|health)\b[^.\n]{0,20}$")
_CUED_ID = re.compile(
    r"(?i:\b(?:passport|(?:driving|driver'?s)\s+licen[cs]e|licen[cs]e)(?:\s+(?:number|no\.?|num|#))?"
    r"|\b(?:account|customer|client|membership|member|loyalty|employee|staff|student|patient|"
    r"policy|user|subscriber|tax|national\s+insurance|NI|NHS|payroll)\s*"
    r"(?:number|no\.?|num|ID|#|reference|ref)|\bmy\s+ID|\bUTR|\buser\s?name|\blogin)"
    r"(?:\s*[:#=]\s*|\s+(?:is|was)\s*:?\s*|\s+)"
    r"(?P<id>(?=[A-Za-z0-9/-]*\d)[A-Za-z0-9][A-Za-z0-9/-]{3,24}(?<![/-]))(?![\w@-])"
)


def nhs_valid(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check."""
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9])


def id_numbers(text: str) -> Iterator[Found]:
    """National Insurance and NHS numbers, and account, passport or licence IDs after a cue."""
    for match in _NI_NUMBER.finditer(text):
        yield "id number", match.start(), match.end()
    for match in _NHS_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        cued = _NHS_CUE.search(text, max(0, match.start() - 40), match.start())
        # Unspaced ten-digit numbers and ones starting with 0 are mostly phones or references.
        if (cued or (match.group("s") and digits[0] != "0")) and nhs_valid(digits):
            yield "id number", match.start(), match.end()
    for match in _CUED_ID.finditer(text):
        yield "id number", match.start("id"), match.end("id")


# --- Dates of birth -------------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|{_DAY}(?:[ ]of)?[ ]{_MONTH},?(?:[ ]\d{{4}})?|{_MONTH}[ ]{_DAY}(?:,?[ ]\d{{4}})?"
)
_DOB = re.compile(
    r"(?i:\b(?:born(?:\s+on)?|date\s+of\s+birth|birth\s?date|DOB|d\.o\.b\.?|birthday))(?![a-z])"
    rf"[^\d\n.?!]{{0,30}}?(?P<date>{_DATE})(?![\d/])"
)


def dates_of_birth(text: str) -> Iterator[Found]:
    """Dates introduced as a birth date; other dates in a question are not about a person."""
    for match in _DOB.finditer(text):
        yield "date of birth", match.start("date"), match.end("date")


# --- Names ----------------------------------------------------------------------------------------

_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČŘ", "a-zß-öø-ÿĀ-ž"
_NAME_WORD = (
    rf"(?:[A-Z][{_APOSTROPHES}])?[{_UPPER}][{_LOWER}]+(?:[A-Z][{_LOWER}]+)?"
    rf"(?:-[{_UPPER}][{_LOWER}]+)*"
)
_PARTICLE = r"(?:van|von|de|der|den|da|di|del|du|la|le|bin|ibn|al)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame)\.?[ ]"
_NAME = rf"(?:{_TITLE})?{_NAME_WORD}(?:[ ](?:{_PARTICLE}[ ])*{_NAME_WORD}){{0,2}}"
_RELATIVE = (
    r"colleague|co-?worker|manager|boss|supervisor|husband|wife|partner|fianc[ée]e?|son|daughter|"
    r"child|mother|mum|mom|father|dad|brother|sister|cousin|aunt|uncle|grandmother|grandfather|"
    r"gran|nan|grandson|granddaughter|friend|neighbour|neighbor|tenant|landlord|landlady|"
    r"employee|assistant|client|carer|solicitor|accountant|DPO|data\s+protection\s+officer|"
    r"team\s+leader|line\s+manager|HR\s+manager|director|stepson|stepdaughter|rep|"
    r"representative|(?:support|sales|service)\s+(?:agent|rep)|agent|account\s+manager|"
    r"advis[eo]r|consultant|contact\s+person"
)
_NAME_CUE = re.compile(
    r"(?:(?i:\b(?:(?:my|his|her|their|our|the)\s+(?:full\s+)?name\s+(?:is|was)"
    r"(?:\s+(?:spelt|spelled|written))?|my\s+name's|call\s+me|called|named|known\s+as|this\s+is"
    r"|contact|signed|ich\s+hei(?:ß|ss)e|ich\s+bin|je\s+m'appelle|je\s+suis|mi\s+chiamo"
    r"|me\s+llamo|soy|ik\s+heet|ik\s+ben|jeg\s+heter|jag\s+heter|nazywam\s+się))[ \t]+"
    rf"|(?i:\bname)[ \t]*[:{_DASHES}-][ \t]*"
    r"|(?i:\b(?:my\s+details|about\s+me))[ \t]*:[ \t]*"
    # Words from forms and bank details that introduce whose name follows.
    r"|(?i:\b(?:name\s+on\s+the\s+(?:account|card)|account\s+(?:holder|owner)|card\s*holder"
    r"|applicant(?:\s+name)?|(?:first|last|maiden)\s+name|surname)(?:\s+(?:is|was))?)"
    rf"(?:[ \t]*[:{_DASHES}-][ \t]*|[ \t]+)"
    rf"|\bI(?:[{_APOSTROPHES}]m|[ ]am)[ ]"
    r"|(?i:\b(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)))(?:[ \t]+|,[ \t]*)"
    rf"|(?i:\b(?:my|our|his|her|their|your)\s+(?:(?:late|former|ex-|new|old|elderly|eldest|"
    rf"youngest|teenage)\s*)?(?:{_RELATIVE}))(?:,|[ ](?:is|was|called|named))?[ \t]+"
    rf"|(?i:\b(?:a|an|the)\s+(?:(?:late|former|new|old)\s+)?(?:{_RELATIVE})),[ \t]+"
    r"|(?i:\b(?:(?:kind|best|warm|warmest|many|with)\s+)?(?:regards|thanks|thank\s+you|wishes|"
    r"cheers|sincerely|faithfully|best)(?:\s+(?:again|in\s+advance|so\s+much|very\s+much))?)"
    r"(?:[,.!]?[ \t]*\n[ \t]*|,[ \t]*)"
    rf"|\b(?={_TITLE}))"
    rf"(?P<name>{_NAME})"
)
# Capitalised words that follow those cues without being anyone's name.
_NOT_NAME_WORDS = """
    I A An The This That These Those It We You They He She My Our Your Their His Her Its Me Us
    What When Where Why How Who Which If And But Or So Is Are Was Were Do Does Did Can Could
    Would Should Will Shall May Might Must Have Has Had Not No Yes Please Thanks Thank Sorry
    Just Also Still Here There Again Now Today Tomorrow Yesterday Hi Hello Dear Regards Kind
    Best Many Cheers Sincerely Yours Faithfully Warm Warmest Team All Everyone Anyone Someone
    Somebody Folks Sir Madam Sirs Support Customer Customers Service Services Care Data Privacy
    Protection Officer Article Articles Section Recital Regulation Act Chapter Schedule Annex
    Appendix Part Head Director Manager Chief Senior Lead Member Owner Admin Administrator
    Controller Processor Company Business Department Legal Compliance Marketing Sales Accounts
    Billing Finance Security Engineering Operations Help Helpdesk Desk Information Commissioner
    Office Ombudsman Council University School College Hospital Bank Ltd Limited Plc Inc Group
    Urgent Writing Happy Glad Confused Concerned Worried Unsure Interested Looking Hoping Trying
    Going Currently Following Regarding Re Subject Details Form Website Site App Account
    Settings Cookie Cookies Policy Request Requests Question Questions Complaint Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April June July August
    September October November December Christmas Easter Brexit English British Scottish Welsh
    Irish European American German French Spanish Italian Dutch Polish Portuguese Swedish Danish
    Belgian Swiss Austrian Indian Chinese Europe England Scotland Wales Ireland Britain Germany
    France Spain Italy London Catholic Christian Muslim Jewish Hindu Sikh Buddhist Quillstone
    Google Facebook Meta Microsoft Amazon Apple Salesforce Mailchimp Hubspot HubSpot LinkedIn
    Twitter Instagram WhatsApp Excel Outlook Gmail Zoom Slack Stripe Paypal PayPal Yahoo Hotmail
    Android Windows Stop Done Asap Ok Okay Fine Great Ta Bye Goodbye Advice Anybody Nobody
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
# A name standing alone at the very end is a signature, whatever came before it.
_SIGNATURE_AT_END = re.compile(
    rf"(?:[.!?]|\n)[ \t]*(?:[-{_DASHES}~]+[ \t]*)?(?P<name>{_NAME})[ \t]*[.!]?\s*$"
)
# "called" and "named" after one of these introduce the name of a thing, not of a person.
_THING_CALLED = re.compile(
    r"(?i)\b(?:company|firm|business|organisation|organization|agency|charity|shop|brand|app|tool|"
    r"product|service|platform|website|site|file|folder|field|list|group|campaign|plugin|"
    r"add-on|integration|feature|plan|team)\s+(?:called|named|known\s+as)[ \t]+$"
)
_ORGANISATION_AFTER = re.compile(r"[ ](?:Ltd|Limited|plc|PLC|Inc|LLP|GmbH|Group|Bank|Council)\b")


def names(text: str) -> Iterator[Found]:
    """People's names after the words that introduce them: cues, greetings, titles, sign-offs."""
    ending = _SIGNATURE_AT_END.search(text, max(0, len(text) - 80))
    for match in [*_NAME_CUE.finditer(text), *([ending] if ending else [])]:
        start, end = match.span("name")
        if _THING_CALLED.search(text, max(0, start - 40), start):
            continue
        words = list(re.finditer(r"\S+", text[start:end]))
        titled = bool(re.match(_TITLE, text[start:end]))
        kept_end = None
        for index, word in enumerate(words):
            if titled and index == 0:
                continue
            if word.group() in _NOT_NAMES:
                break
            kept_end = start + word.end()
        if kept_end is None or _ORGANISATION_AFTER.match(text, kept_end):
            continue
        yield "name", start, kept_end
