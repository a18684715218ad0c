"""The rules for personal data that is recognised by the words around it rather than by its shape.

Names, dates of birth and ID numbers have no checksum that would tell them from ordinary words
and numbers, so each rule here looks for a cue first ("my name is", "born on", "passport
number") and takes only what follows it. Addresses and postcodes are in anonymise_addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Found = tuple[str, int, int]  # (kind, start, end) with offsets into the original text
# Visitors type curly apostrophes and long dashes as often as straight ones.
_APOSTROPHES, _DASHES = "'\u2019", "\u2013\u2014"

# --- ID numbers -----------------------------------------------------------------------------------

# In capitals, or typed all in lower case ("pw928173c"); read case-blind, then checked.
_NI_NUMBER = re.compile(
    r"(?i)\b(?:QQ|(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])"
    r"(?P<s> ?)\d{2}(?P=s)\d{2}(?P=s)\d{2}(?P=s)[A-D]\b"
)
_NHS_NUMBER = re.compile(r"(?<![\d-])\d{3}(?P<s>[ -]?)\d{3}(?P=s)\d{4}(?![\d-])")
_NHS_CUE = re.compile(
    r"(?i)\b(?:NHS|CHI|health)\b[^.\n]{0,20}$|\bNHS\s+(?:numbers?|no\.?)[^\n]{0,80}$"
)
_PHONE_BEFORE = re.compile(
    r"(?i)\b(?:phone|mobile|mob|tel|cell\w*|call|ring|text|whatsapp|fax|m[óo]vil|telefon\w*|"
    # "Telefonnummer", "Rückrufnummer", "mobilnummer"; not "Passnummer" or "Kundennummer"
    r"(?:tele?f[o\u00f8]*n?|handy|mobil|mobiel|ruf|r\u00fcckruf|festnetz|fax|gsm|sms|kontakt|tlf)"
    r"nummer\w*|"
    r"celular|portable)\b\W{0,12}$"
)
_NHS_NUMBER_CUE = re.compile(r"(?i)\bNHS(?:\s+(?:number|no\.?))?\s*(?:is\s+)?:?\s*$")
# Every match of the patterns marked (?=\w) starts with a letter or a digit: the lookahead says
# so first, which lets the regex engine pass over spaces and word endings without trying
# each alternative there. It changes no match.
# Where every alternative of such a pattern opens with its own \b, the pattern says \b once
# more straight after (?=\w): inside a word the engine then stops at that one check instead of
# trying each alternative there. It changes no match either.
# Patterns whose every match starts a word begin with WORD_START instead: not straight after a
# Latin letter. The engine then passes over the inside of every word at one look behind, where
# (?=\w) would let it try each alternative at every letter. Scripts written without spaces
# (Chinese, Japanese) are not Latin, so a match may still start straight after one of their
# characters.
WORD_START = r"(?<![A-Za-z\u00c0-\u024f])"


def _bare(pattern: str) -> Iterator[tuple[int, str]]:
    """The characters of a pattern that are neither escaped nor in a set: "a\\(|[(|]" -> a, |."""
    at, in_set = 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 1
        elif in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            at += pattern.startswith("^", at + 1)
            at += pattern.startswith("]", at + 1)  # "[]..]": a first "]" is a member
        else:
            yield at, char
        at += 1


def _alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern at its top level: "a(?:b|c)|d" -> ["a(?:b|c)", "d"]."""
    found, depth, start = [], 0, 0
    for at, char in _bare(pattern):
        if char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and not depth:
            found.append(pattern[start:at])
            start = at + 1
    return [*found, pattern[start:]]


_GROUP_OPENING = re.compile(r"\((?:\?(?:[aiLmsux]*-?[imsx]*:|:|<?[=!]))?")
_LATIN_LETTER = re.compile(r"(?i)[a-z]")
_OPTIONAL = re.compile(r"[?*]|\{0?,")  # a quantifier that lets its item be left out
_REPEATED = re.compile(r"[+]|\{\d*,?\d*\}")
_DIGIT = "0"  # the key of every character that \d matches


def _group(alternative: str) -> tuple[str, str, str] | None:
    """An alternative that opens with a group, cut into the group's opening, its inside and
    what follows: "(?i:a|b)c" -> ("(?i:", "a|b", "c"); None for a group that captures."""
    opening = _GROUP_OPENING.match(alternative)
    if not opening or opening.group() == "(":
        return None
    depth = 0
    for at, char in _bare(alternative):
        if char in "()":
            depth += 1 if char == "(" else -1
            if not depth:
                return opening.group(), alternative[opening.end() : at], alternative[at + 1 :]
    return None


def _keys(chars: str) -> set[str] | None:
    r"""The keys of characters a pattern's item matches ("" for one that is no Latin letter in
    any case, such as "\u0418"), or None when one of them is a Latin letter outside a-z, as
    "\u0130" (a dotted capital I) is an "i" to a pattern that ignores case."""
    keys: set[str] = set()
    for char in chars:
        if char.isascii() and char.isalpha():
            keys.add(char.lower())
        elif char.isascii() and char.isdigit():
            keys.add(_DIGIT)
        elif _LATIN_LETTER.match(char) or not (char.isalpha() or char.isdecimal()):
            return None  # "\u0130", "-", " ", or "\u00b2", a digit that \d does not match
        else:
            keys.add(_DIGIT if char.isdecimal() else "")
    return keys


def _set_keys(members: str) -> set[str] | None:
    r"""The keys of a set's members, "A-Z\u00c0-\u00dd" for instance; None for a set that
    excludes ("^") or holds an escape this does not read ("\s", "\w")."""
    chars = []
    at = 0
    while at < len(members):
        if members[at] == "\\":
            if members.startswith("\\u", at):
                chars.append(chr(int(members[at + 2 : at + 6], 16)))
                at += 6
            elif members.startswith("\\d", at):
                chars.append("0")
                at += 2
            else:
                return None
        else:
            chars.append(members[at])
            at += 1
    keys: set[str] = set()
    at = 0
    while at < len(chars):
        if at + 2 < len(chars) and chars[at + 1] == "-":
            span = "".join(map(chr, range(ord(chars[at]), ord(chars[at + 2]) + 1)))
            at += 3
        else:
            span = chars[at]
            at += 1
        found = _keys(span)
        if found is None:
            return None
        keys |= found
    return keys


def _first_letters(alternative: str) -> set[str] | None:
    r"""What an alternative may start with: lower-case Latin letters standing for themselves in
    either case, "0" for a digit, "" for a letter that is no Latin one in any case ("\u0418",
    "\u8eab"); None when this cannot tell ("\w", "s?he", "")."""
    if alternative.startswith((r"\b", "^")):  # they test the place, not a character
        return _first_letters(alternative[1 + alternative.startswith("\\") :])
    if alternative.startswith("("):
        group = _group(alternative)
        if group is None:
            return None
        opening, inside, after = group
        if opening.endswith(("=", "!")):  # a look around: "(?<!the )", "(?=[A-Z])"
            return None if _OPTIONAL.match(after) else _first_letters(after)
        if _OPTIONAL.match(after):
            return None  # "(?:my\s+)?ref"
        # "(?:\b|x)y" starts as "\by" or "xy" does; "(?:x|y)+z" as "x" or "y"
        after = "" if _REPEATED.match(after) else after
        letters: set[str] = set()
        for choice in _alternatives(inside):
            first = _first_letters(choice + after)
            if first is None:
                return None
            letters |= first
        return letters
    if alternative.startswith("["):
        end = 1 + alternative.startswith("]", 1)  # "[]..]": a first "]" is a member
        while end < len(alternative) and alternative[end] != "]":
            end += 2 if alternative[end] == "\\" else 1
        members, rest = alternative[1:end], alternative[end + 1 :]
        first = None if members.startswith(("^", "]")) else _set_keys(members)
    elif alternative.startswith("\\u") and len(alternative) >= 6:
        first, rest = _keys(chr(int(alternative[2:6], 16))), alternative[6:]
    elif alternative.startswith("\\d"):
        first, rest = {_DIGIT}, alternative[2:]
    elif alternative[:1] and alternative[:1] not in "\\.|)":
        first, rest = _keys(alternative[0]), alternative[1:]
    else:
        return None  # "\s", ".", nothing at all
    return None if _OPTIONAL.match(rest) else first


def _starting_with(alternative: str, letter: str) -> str:
    """An alternative without the words inside its opening group that cannot start with a
    letter ("" for any other character): "(?:born|DOB)[ ]" with "d" -> "(?:DOB)[ ]"."""
    marked = alternative.startswith(r"\b")
    group = _group(alternative[2:] if marked else alternative)
    if group is None or group[0].endswith(("=", "!")):
        return alternative
    opening, inside, after = group
    if _OPTIONAL.match(after) or _REPEATED.match(after):
        return alternative
    kept = []
    for choice in _alternatives(inside):
        first = _first_letters(choice + after)
        if first is None or letter in first:
            kept.append(_starting_with(choice, letter))
    return ("\\b" if marked else "") + opening + "|".join(kept) + ")" + after


def by_first_digit(pattern: str) -> str:
    r"""An alternation of many shapes cut in two, those that may start with a digit, tried only
    at a digit, and the others, tried only elsewhere: "\d+ Road|Flat \d+" -> "(?:(?=\d)
    (?:\d+ Road)|(?!\d)(?:Flat \d+))". Each keeps the pattern's order, and a shape that this
    cannot tell about is in both; so the result finds what the pattern finds."""
    choices = [(choice, _first_letters(choice)) for choice in _alternatives(pattern)]
    digits = [choice for choice, first in choices if first is None or _DIGIT in first]
    others = [choice for choice, first in choices if first != {_DIGIT}]
    return rf"(?:(?=\d)(?:{'|'.join(digits)})|(?!\d)(?:{'|'.join(others)}))"


def by_first_letter(pattern: str) -> str:
    """An alternation of many words, grouped by the Latin letter each starts with, so that at a
    word the engine tries only the alternatives that may start with its first letter:
    "born|DOB|birthday" -> "(?:(?=(?i:[Bb]))(?:born|birthday)|(?=(?i:[Dd]))(?:DOB))". Those
    that start with a digit make one group too. Each group keeps the pattern's order; an
    alternative that may start with more than one letter, or with what this cannot tell, is in
    each group and in a last one for any other character, with only the words of its opening
    group that may start there; so the result finds what the pattern finds, in the same order
    of preference."""
    choices = [(choice, _first_letters(choice)) for choice in _alternatives(pattern)]
    letters = sorted({letter for _, first in choices if first for letter in first} - {""})
    if not letters:
        return f"(?:{pattern})"
    guards = {letter: f"(?i:[{letter.upper()}{letter}])" for letter in letters}
    if _DIGIT in guards:
        guards[_DIGIT] = r"\d"
    groups = [
        f"(?={guards[letter]})(?:"
        + "|".join(
            _starting_with(choice, letter)
            for choice, first in choices
            if first is None or letter in first
        )
        + ")"
        for letter in letters
    ]
    others = [
        _starting_with(choice, "") for choice, first in choices if first is None or "" in first
    ]
    if others:
        cased = "".join(letter.upper() + letter for letter in letters if letter != _DIGIT)
        taken = [r"\d"] * (_DIGIT in guards) + [f"(?i:[{cased}])"] * bool(cased)
        groups.append(f"(?!{'|'.join(taken)})(?:" + "|".join(others) + ")")
    return "(?:" + "|".join(groups) + ")"


_CUED_ID = re.compile(
    r"(?=\w)\b"
    r"(?i:"
    + by_first_letter(
        r"\b(?:passport|(?:driving|driver'?s)\s+licen[cs]e|licen[cs]e)(?:\s+(?:number|no\.?|num|#))?"
        r"|\b(?:account|customer|client|membership|member|loyalty|employee|staff|student|patient|"
        r"policy|user|subscriber|tax|national\s+insurance|NI|NHS|payroll|applicant|candidate|tenant|"
        r"tenancy|driver|badge|pupil|claimant|volunteer|resident|passenger|guest|donor|supporter|"
        r"contractor)\s*"
        r"(?:number|no\.?|num|ID|#|reference|ref)|\bmy\s+ID|\bUTR|\buser\s?name|\blogin"
        r"|\b(?:payroll|employee|staff|member|customer|client|patient|student|contractor)"
        r"(?=[ ]\d{5})"
        # a member of staff's code after their role: "Engineer ENG-11029", "Agent CC-4471"
        r"|\b(?:engineer|agent|installer|adviser|advisor|operator)(?=[ ][A-Z]{2,4}-\d{4})"
        # a person's place on a register or a benefit: "PSR-9920114", "Universal Credit claim ref"
        r"|\bPSR(?:\s+(?:ref(?:erence)?|number|no\.?|record))?(?=\s*(?:is\s+)?:?\s*PSR-?\d)"
        r"|\b(?:universal\s+credit|pension\s+credit|UC)(?:\s+claim)?\s+(?:ref(?:erence)?|number|no\.?)"
        # A booking's reference is the traveller's: "Booking ref L7KZ9M", "booking EI5QPW"
        r"|\b(?:booking|reservation|reserva|r\u00e9servation|buchung|bespreking|PNR)"
        r"(?:\s+(?:ref(?:erence)?|code|number|no\.?|nr\.?|n\u00famero))?"
        # "code" is a person's only after a person's role: not "tax code", "post code", "promo code"
        r"|\b(?:applicant|candidate|driver|badge|staff|employee|member|student|pupil|patient|"
        r"customer|client|eligibility|volunteer)\s*code"
    )
    + r")"
    r"(?:\s*[:#=,]\s*|\s+(?:is|was)\s*:?\s*|\s+)"
    r"(?P<id>(?=[A-Za-z0-9/-]*\d)[A-Za-z0-9][A-Za-z0-9/-]{3,24}(?<![/-]))(?![\w@-])"
)


def nhs_valid(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check."""
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9])


# National numbers named by their cue: the code after the cue may have spaces, dots or dashes.
_NATIONAL_CUE = (
    r"(?i:(?:\b|(?=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]))"
    + by_first_letter(
        r"PPSN?|BSN|burgerservicenummer|PESEL|DNI|NIE|NIF|NIR|INSEE|CPR|personnummer|"
        r"social\s+security|s[ée]curit[ée]\s+sociale|Steuer-?ID|Steueridentifikationsnummer|"
        r"Steuernummer|IdNr|tax\s+(?:ID|identification|code|file|reference)|codice\s+fiscale|SSN|SIN|"
        r"Aadhaa?r|PAN|national\s+(?:ID|identity)|ID[ -]card|identity\s+card|identity\s+number|"
        r"personal\s+(?:ID|number|code)|(?:national|tax|ID|identity|insurance|registry)\s+number|AFM|"
        r"NIN|BVN|Emirates\s+ID|ID|UTR|Medicare|IRD|pension|NRIC|CPF|CURP|HKID|(?-i:My\s+Number)|"
        r"ID\s+card|Ghana\s+card|PIN|KRA\s+PIN|OHIP|my\s+ref(?:erence)?|Kundennummer|TFN|acct|"
        r"rijksregisternummer|Sozialversicherungsnummer|certificate|(?:tenant|tenancy|customer|client|"
        r"member|policy|account|booking|order)\s+ref(?:erence)?|supporter|donor|registration|"
        r"(?:Home\s+Office|HMRC|DWP|council|hospital)\s+(?:reference|ref)|c[ée]dula|RUT|"
        r"tax\s+file\s+number|national\s+numbers?|register\s+number|f\u00f8dselsnummer|kimlik(?:\s+numaram|\s+numaras\u0131|\s+no)?|\u0415\u0413\u041d|"
        r"Kundenkonto|Kundenkonto-?Nr|\u8ba2\u5355\u53f7(?:\u662f)?|\u4f1a\u5458\u53f7(?:\u662f)?|"
        # A membership number in Welsh, Romanian and Tamil; a finance or hire agreement, a contract
        # in the languages of Europe; a French driving licence
        r"rhif\s+aelodaeth|num[\u0103a]rul\s+(?:meu\s+)?de\s+membru|"
        r"\u0b89\u0bb1\u0bc1\u0baa\u0bcd\u0baa\u0bbf\u0ba9\u0bb0\u0bcd\s+\u0b8e\u0ba3\u0bcd|"
        r"agreement|umowa|Vertrag|contrato|contratto|contrat|permis(?:\s+de\s+conduire)?|"
        r"\uc8fc\ubbfc\ub4f1\ub85d\ubc88\ud638|\u30de\u30a4\u30ca\u30f3\u30d0\u30fc|"
        r"Mitgliedsnummer|Vertragsnummer|Versicherungsnummer|Kontonummer|num[ée]ro\s+(?:de\s+)?client|"
        r"n[úu]mero\s+de\s+cliente|numero\s+cliente|"
        # Customer, order, patient, employee and health numbers in the languages of the questions
        r"Kundennr\.?|Kd\.?-?Nr\.?|klantnummer|klantnr\.?|bestellnr\.?|polizza|pati[e\u00eb]ntnummer|"
        r"lidnummer|medlemsnummer|kundnummer|anst[\u00e4a]llningsnummer|asiakasnumero|"
        r"n[\u00fau]mero\s+de\s+(?:utente|socio|afiliaci[o\u00f3]n|cliente)(?:\s+de\s+sa[\u00fau]de)?|"
        r"Seguridad\s+Social|Seguran[\u00e7c]a\s+Social|carnet|ULN|UPN|hospital\s+number|"
        r"numer\s+(?:dowodu(?:\s+osobistego)?|klienta|PESEL)|numero\s+(?:di\s+)?tessera|"
        r"\u0391\u039c\u039a\u0391|family\s+plan|household\s+account|"
        r"(?-i:(?!VAT|CRO|CRN|EORI|DUNS|SIC|IBAN|ISBN|EIN|UTR\b|UK\b|US\b|EU\b|GB\b)[A-Z]{2,6})\s+number|"
        r"henkilötunnus|personnummer|rodné\s+číslo|CNP|EGN|OIB|AMKA|passport|NINO|driving\s+licen[cs]e|driver'?s\s+licen[cs]e|"
        r"Personalausweis(?:nummer)?|Reisepass(?:nummer)?|carte\s+d'identit\u00e9|AHV(?:-Nr\.?)?|"
        r"Ausweisnummer|NISS|Civil\s+ID|residence\s+permit|BRP|ITIN|SVNR|HETU|isikukood|"
        r"asmens\s+kodas|personas\s+kods|JMBG|EM\u0160O|PhilHealth|Pag-?IBIG|GSIS|NPWP|SSNIT|MyKad|"
        r"IC\s+(?:no\.?|number)|NRC|NIDA|"
        r"\u0418\u041d\u041d|\u0421\u041d\u0418\u041b\u0421|\u043f\u0430\u0441\u043f\u043e\u0440\u0442|"
        r"\u8eab\u4efd\u8bc1(?:\u53f7(?:\u7801)?)?|\u8eab\u5206\u8b49|"
        r"\u05ea\u05e2\u05d5\u05d3\u05ea\s+\u05d6\u05d4\u05d5\u05ea|"
        r"\u0631\u0642\u0645\s+\u0627\u0644\u0647\u0648\u064a\u0629|"
        r"\u0391\u03a6\u039c|\u0391\u0394\u03a4|(?-i:RG|FIN|NIC|INE|NIT|NID|C\.C\.)|"
        r"CNIC|NICOP|CCCD|CMND|kennitala|Iqama|NIK|KTP|TCKN|T\.?C\.?\s+Kimlik|CUIL|CUIT|RFC|NSS|DUI|PhilSys|"
        r"SSS|TIN|UMID|NHIS|NHIF|Huduma|Omang|BVN|RUC|DNI|(?:driver|employee|staff|badge|payroll)\s*#|"
        # A driver's licence badge, certificate or number; a Polish tax number and policy; a
        # Kenyan identity card; an exam candidate's number: "PH badge PHD 20431", "driver
        # D-0093381", "certificado TVDE TVDE-2021-048812", "NIP 5272849301", "Polisa PZU-OC-92",
        # "Kitambulisho: 31442870", "candidate 0931"
        r"(?:PH\s+|taxi\s+|private\s+hire\s+)?badge(?=\s*\(?\s*(?:[A-Z]|\d{5}))|(?-i:TVDE)(?:\s+certificate)?|"
        r"certificado(?:\s+TVDE)?|driver(?=\s+[A-Z]{1,4}-[A-Z0-9]*\d)|(?-i:NIP)|polisa|"
        r"kitambulisho(?:\s+(?:changu|chake)(?:\s+ni)?)?|candidate|"
        # an asylum seeker's Home Office reference: "HO ref O1456632"
        r"(?-i:HO)\s+ref(?:erence)?|Home\s+Office\s+(?:ref(?:erence)?|number)|"
        r"pedido|commande|Bestellung|Bestellnummer|ordine|encomenda|zam\u00f3wienie|bestelling|"
        r"licen[cs]e|sort\s+code|order|booking|contract|policy|customer|client|account|membership|"
        r"member|loyalty(?:\s+card)?|employee|staff|student|patient|subscriber|subscription"
    )
    + r")"
    r"(?:\s+card)?(?:\s+(?:numbers?|nos?\.?|num|n[°º]|#|ID|code|ref(?:erence)?))?"
    r"(?:,?\s+(?:like|such\s+as|e\.g\.)(?:\s+(?:ours|mine|this))?,?)?"
    r"(?:\s+(?:at|with|on|for|in)\s+(?:the|my|our|your)\s+\w+)?"
    # "Mitgliedsnummer beim Fitnessstudio ist", "patiëntnummer bij de kliniek is"
    r"(?:\s+(?:beim|bei\s+\w+|bij\s+(?:de|het|jullie)|presso\s+\w+|chez\s+\w+)\s+\w+)?"
    r"(?:\s+(?:there|here|mine))?"
    r"(?:\s*[:#=,\uff1a]\s*|\s*\(\s*|[.,]\s+(?:it'?s|it\s+is)\s+"
    r"|\s+(?:is|was|was:|is:|es|est|ist|\u00e8|\u00e9|er|\u00e4r|jest|este|yw)\s+|\s+"
    r"|(?<=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]))"  # Chinese, Japanese, Korean: no space
)
_CODE = re.compile(
    r"(?P<id>(?:(?:[A-Z]{1,5}[-/ ]?){1,3}|[A-Za-z]{1,5}[-/]|[a-z])?\d[\dA-Za-z]*"
    # Letters after a space only in capitals, so that "CR-2025-004417 to 14" stops at the code.
    r"(?:[ ./-](?:\d[\dA-Za-z]*|[A-Z]{1,2}\b)|[./-][a-z]{1,2}\b)*"
    r"(?:[ ][A-Za-z]\b)?)"
)
_NATIONAL = re.compile(r"(?=\w)" + _NATIONAL_CUE + _CODE.pattern)
# Shapes that are a national number with no cue needed.
_NATIONAL_SHAPES = re.compile(
    r"(?<![A-Za-z0-9_-])(?:\d{3}-\d{2}-\d{4}"  # US social security
    r"|\d{8}-?[A-HJ-NP-TV-Z]"  # Spanish DNI
    r"|[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z]"  # Spanish NIE
    r"|\d{7}[A-W][A-IW]?"  # Irish PPS
    r"|(?i:[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z])"  # Italian codice fiscale
    r"|[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]"  # Indian PAN
    r"|[12][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2])[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}"  # NIR
    r"|\d{2}-\d{2}-\d{2}[ ,]+\d{8}"  # a sort code and account number
    r"|[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}"  # UK driving licence
    r"|\d{3}\.\d{3}\.\d{3}-\d{2}"  # Brazilian CPF
    r"|[STFG]\d{7}[A-Z]"  # Singapore NRIC
    r"|[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d"  # Mexican CURP
    r"|\d{17}[\dX]"  # Chinese resident identity number
    r"|[A-Z]{1,2}\d{6}\([0-9A]\)"  # Hong Kong identity card
    r"|\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}"  # Belgian national number
    r"|\d{6}-\d{2}-\d{4}"  # Malaysian MyKad
    r"|[AP]\d{9}[A-Z]"  # Kenyan KRA PIN
    r"|\d{5}-\d{7}-\d"  # Pakistani CNIC
    r"|\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[1-8]\d{6}"  # Korean resident number
    r"|756\.\d{4}\.\d{4}\.\d{2}"  # Swiss AHV number
    r"|(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-+]\d{4}"  # Swedish personnummer
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-\d{4}"  # Danish CPR number
    r"|784-(?:19|20)\d{2}-\d{7}-\d"  # Emirates ID
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-+A]\d{3}[0-9A-Y]"  # Finnish henkilötunnus
    r")(?![A-Za-z0-9_-])"
)
# Reference numbers that belong to a business or a case, not to a person.
_NOT_PERSONAL_BEFORE = re.compile(
    r"(?i)(?=\w)\b(?:ticket|case|incident|SAR|request|invoice|quote|VAT|company|companies|registration|"
    r"reg|charity|version|build|release|error|article|section|recital|ref(?:erence)?|complaint|"
    r"tracking|receipt)\b[^\n]{0,12}$"
)
# Codes of letters and digits ("CR-2025-004417") outside any cue: possibly a person's reference.
_CODE_SHAPE = re.compile(
    r"(?<![\w/-])(?=[A-Za-z0-9-]*[A-Za-z])(?=(?:[A-Za-z-]*\d){4})[A-Za-z]{1,6}(?:-[A-Za-z]{1,4}){0,2}"
    r"[-/]?\d[\dA-Za-z]*"
    r"(?:[-/][\dA-Za-z]+)*(?![\w-])"
)


# A national insurance number after its name, whatever its letters ("NI TN 22 61 83 A": TN is
# a temporary one); a sort code after "sort" ("sort 60-83-71 acc 20411896").
_CUED_NI_OR_SORT_CODE = re.compile(
    r"(?=\w)\b(?:\b(?:NI|NINO|N\.I\.|(?i:national\s+insurance))(?:\s+(?i:number|no\.?))?"
    r"(?:\s*:\s*|\s+is\s+|\s+)(?P<id>[A-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D])\b"
    r"|(?i:\bsort(?:[ ]?code)?)\s*:?\s*(?P<sort>\d{2}-\d{2}-\d{2})\b"
    # an account's number after "acc": "acc 19920331", "acc heb3390418", "acc H84 100 25"
    r"|(?i:\bacc?(?:ount)?\.?(?:\s+(?:no\.?|number|#))?(?:\s+(?:is|was))?)\s*:?\s*"
    r"(?P<account>(?:[A-Za-z]{1,4}-?(?=\d)|[A-Z]{1,4}[ ](?=\d))?\d[\d ]{3,12}\d(?![\w-]))"
    # the number of a place on the Priority Services Register or of a benefit, in groups
    r"|\b(?:PSR|(?i:pension\s+credit|universal\s+credit))(?:\s+(?i:ref(?:erence)?|number|no\.?|"
    r"record|claim))*(?:\s+is)?\s*:?\s*(?P<grouped>(?:[A-Z]{1,3}[ -]?)?\d{2,4}(?:[ ]\d{2,4}){1,3})"
    r"(?![\w-]))"
)


# A code the writer calls theirs after naming someone else's: "His member number is M-55091,
# mine is M-55092", "does the parkrun barcode count? mine's A4829173".
_MINE = re.compile(
    r"(?i:\b(?:mine|his|hers|theirs)(?:'s|\u2019s|[ \t]+is|[ \t]+was)[ \t]*:?[ \t]*)"
    r"(?P<id>(?=[A-Za-z0-9/-]*\d{4})(?=[A-Za-z0-9/-]*[A-Za-z]|\d{6})"
    r"[A-Za-z0-9][A-Za-z0-9/-]{3,20}(?<![/-])|[A-Z]{1,4}[ ]\d{4,10})(?![\w@-])"
)


# A number given a few words after the document it belongs to is named: "my passport number and
# I gave it (533428719)", "my CNP (1850304123456)".
_DOCUMENT_THEN_NUMBER = re.compile(
    r"(?=\w)"
    r"(?i:\b"
    + by_first_letter(
        r"passport|identity\s+card|ID\s+card|national\s+ID|driving\s+licen[cs]e|kennitala|"
        r"CNP|CNIC|CCCD|Iqama|social\s+security|NIN|PESEL|BSN|PPSN?|dowod\w*|dow\u00f3d|"
        r"paszport\w*|passaporto|pasaporte|passeport|Reisepass\w*|Personalausweis\w*|pa[s\u0219]aport\w*|"
        r"carte\s+d['\u2019]identit\u00e9|carta\s+d['\u2019]identit\u00e0|"
        r"\u03c4\u03b1\u03c5\u03c4\u03cc\u03c4\u03b7\u03c4\w*"
    )
    + r"\b"
    # Arabic and Urdu: passport
    r"|\u062c\u0648\u0627\u0632|\u067e\u0627\u0633\u067e\u0648\u0631\u0679|\u62a4\u7167)[^\d\n.?!]{0,40}?"
    r"\(?(?P<id>(?<![\d-])\d{8,13}(?![\d-])|(?<![\w-])[A-Z\u0391-\u03a9]{1,3}[ ]?\d{6,9}(?![\w-])"
    # an identity card's code of capitals and digits: "(X4RTBPFW4)"
    r"|(?<![\w-])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,10}(?![\w-]))"
)


# Whatever number a person calls theirs: "her envelope number is ENV-0442", "my press card
# number is NUJ-55812". Business references are refused by _BUSINESS_CODE.
_OWNED_NUMBER = re.compile(
    r"(?i:\b(?:my|her|his|their)\s+(?:[a-z-]+\s+){1,2}(?:number|no\.?|ID|reference|ref|code))"
    r"(?i:\s+(?:with|at)\s+(?:you|us|your\s+\w+))?"  # "his account number with you was"
    r"(?:\s*[:#]\s*|\s+(?:is|was)\s*:?\s*)"
    r"(?P<id>(?=[A-Za-z0-9/-]*\d{3})[A-Za-z0-9][A-Za-z0-9/-]{3,24}(?<![/-]))(?![\w@-])"
)


# A study participant's code, often short: "participant code P-117", "(participante BL-0193)".
_PARTICIPANT = re.compile(
    r"(?i:\bparticipa(?:nt|nte|nts)(?:\s+(?:code|ID|number|no\.?|ref(?:erence)?))?)"
    r"\s*[:#]?\s*(?P<id>[A-Z]{1,4}(?:-[A-Z]{1,4})?-?\d{2,6}|\d{3,6})(?![\w-])"
)


# A person's place on a professional register, a waiting list or a tenancy, said by the
# register's or the list's name alone: "GMC 7012345", "NPI 1487295630", "AHPRA MED0001827364",
# "Application HA-201145", "Tenancy T-0031187", "rent ref RA0070419", "medicaid # TX8812093Q".
_REGISTER_CODE = re.compile(
    r"(?=\w)\b(?:(?-i:GMC|NMC|GPhC|HCPC|NPI|DEA|MCRN|IMC|AHPRA|CHI|NHI|TFN|PSI|CORU|NMBI|HPCSA)"
    r"|(?i:(?<!planning[ ])applications?|tenancy|tenancies|payroll|(?:funding|eligibility)[ ]code|"
    r"rent(?:[ ](?:account|payment))?[ ]ref(?:erence)?|lease(?:[ ]ref(?:erence)?)?|"
    r"medicaid|medicare(?:[ ]id)?|members?(?:[ ]id)?|(?:waiting|the)[ ]list|"
    # "member" in the languages of Europe: "socia HC-ES-20447", "Mitglied 44-1207"
    r"soci[oa]|s\u00f3ci[oa]|membre|adh\u00e9rente?|mitglied|cz\u0142onek|\u010dlan(?:ica)?))"
    r"(?:[ ](?i:number|no\.?|\#|ID|ref(?:erence)?))?"
    r"(?:[ ]*[:#][ ]*|[ ](?:is|was)[ ]*:?[ ]*|[ ])"
    r"(?P<id>(?!(?:19|20)\d\d\b)(?=(?:[A-Za-z/-]*\d){4})[A-Z0-9][A-Za-z0-9/-]{3,20}(?<![/-]))"
    r"(?![\w@-])"
)


# Makers of cars and vans: the capitalised words after one name a model, not a person ("Kia
# Picanto", "Dacia Sandero Stepway"), unless one of them is a surname ("Porsche Williams").
CAR_MAKERS = (
    r"Kia|Skoda|\u0160koda|Vauxhall|Opel|Dacia|Toyota|Porsche|Lexus|Audi|Volvo|Citro[e\u00eb]n|"
    r"Cupra|SEAT|Nissan|Honda|Hyundai|Mazda|Mercedes-Benz|Volkswagen|VW|Fiat|Jeep|Tesla|"
    r"Suzuki|Mitsubishi|Subaru|Land[ ]Rover|Range[ ]Rover|Alfa[ ]Romeo|Polestar|BYD|Peugeot|"
    r"Renault|Ford|BMW|Jaguar|Chevrolet|Chrysler|Dodge|Cadillac|Lamborghini|"
    r"Ferrari|Maserati|Bentley|Aston[ ]Martin|Lotus|Ssangyong|Isuzu|Iveco"
)
# A vehicle's registration: in the shape British plates have had since 2001 ("WK19 XBR")
# anywhere, and in any country's shape after a word for a plate or a vehicle ("matrícula
# 45-XR-21", "targata GF482KT", "my plate is FB 921 XW", "reg 231-D-4471").
_UK_PLATE = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}[ -]?[A-Z]{3}(?![\w-])")
# The same shape in lower case, after a word for a plate: "my reg is wk19 xbr".
_UK_PLATE_LOWER_CUED = re.compile(
    r"(?i:\b(?:plate|reg(?:istration)?|car|van))(?:[ ](?:is|was))?[ ]*[:#]?[ ]*"
    r"(?P<id>[a-z]{2}[ ]?\d{2}[ -]?[a-z]{3})(?![\w-])"
)
_PLATE = re.compile(
    r"(?=\w)\b(?i:(?:number|licen[cs]e|registration|reg)[ ]plate|plate|reg(?:istration)?"
    r"(?:[ ](?:number|no\.?|mark))?|reg\.|vehicle(?:[ ]registered)?|car|van|motorhome|"
    r"camper(?:van)?|coach|minibus|taxi|cab|"
    r"matr[\u00edi]cula|targa(?:ta)?|kennzeichen|kenteken|immatriculation|"
    r"registraci(?:ja|ju|jom)|rejestracj[ai]|rejestracyjn[aey]|plaka(?:s\u0131)?|"
    # the same words in Portuguese, Polish, Romanian and Swahili: "carro AT-52-RQ", "w aucie
    # KR 7H113", "mașina cu numărul B 88 KPL", "gari KDA 418X"
    r"carro|auto|aucie|autem|samoch[o\u00f3]d(?:zie|em)?|ma[\u0219s]in(?:a|ii)|autoturismul|"
    r"num[\u0103a]rul(?:[ ]de[ ]\u00eenmatriculare)?|\u00eenmatriculare|gari)"
    r"(?:[ ](?:is|was|es|est|\u00e9|\u00e8|ist|is[ ]de|era|avea|as|cu(?:[ ]num[\u0103a]rul)?))?"
    # a maker and a model between the word and the plate: "auto Toyota Corolla WX 4821K"
    rf"(?:[ ](?:{CAR_MAKERS})(?:[ ][A-Z][a-z]+){{0,2}})?"
    r"[ ]*[:#(,]?[ ]*"
    r"(?P<id>(?=[A-Z0-9 -]{0,10}[A-Z])(?=[A-Z0-9 -]{0,10}\d)[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4})?"
    r"[ -]?[A-Z0-9]{1,6})(?![\w-])"
)
# What a plate's cue says when the code after it is a firm's or a charity's ("our company
# registration SC045123", "charity reg. SC045123").
_NOT_A_PLATE_BEFORE = re.compile(
    r"(?i)\b(?:company|companies|charity|charities|firm|business|ICO|VAT)\b[^.;\n]{0,25}$"
)


# A code after a vehicle's word that is a model and its year, an amount or a law's part.
_NOT_A_PLATE = re.compile(
    r"[ -](?:19|20)\d\d$|^(?:EUR|GBP|USD|PLN|CHF|SEK|NOK|DKK|CZK|HUF|RON)\b|\b(?:PECR|GDPR|DPA)$"
)
_MAKER_BEFORE_CODE = re.compile(rf"\b(?:{CAR_MAKERS})[ ]$")
# A product's word after a code in a plate's shape: "the XR21 PRO headset".
_PRODUCT_AFTER = re.compile(
    r"[ \t]+(?i:headsets?|models?|series|cameras?|phones?|routers?|printers?|laptops?|units?|"
    r"devices?|edition|version|chips?|boards?)\b"
)


def plates(text: str) -> Iterator[Found]:
    """Vehicles' registration plates (an `id number`): a plate identifies its keeper."""
    for match in _UK_PLATE.finditer(text):
        if not _PRODUCT_AFTER.match(text, match.end()):
            yield "id number", match.start(), match.end()
    for match in _UK_PLATE_LOWER_CUED.finditer(text):
        yield "id number", match.start("id"), match.end("id")
    for match in _PLATE.finditer(text):
        code = match.group("id")
        if sum(c.isdigit() for c in code) < 2 or _BUSINESS_CODE.match(code):
            continue
        if _NOT_A_PLATE.search(code) or sum(c.isalnum() for c in code) < 5:
            continue  # "van T6 2019", "car BMW X1 2021", "van EUR 250", "reg 22 PECR", "car 4X4"
        if _MAKER_BEFORE_CODE.search(text, max(0, match.start("id") - 16), match.start("id")):
            continue  # "carro Volvo XC90": a maker, then its model's code
        if _NOT_A_PLATE_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue
        yield "id number", match.start("id"), match.end("id")


# A Polish tax number is a firm's where the words around it speak of one.
_A_FIRMS_NIP = re.compile(
    r"(?i)\b(?:company|companies|firma|firmy|firm|business|sp\u00f3\u0142ka|KRS|wasz|wasza|wasze)\b"
)
_STANDARD_OR_YEAR = re.compile(r"(?:ISO|IEC|SSL|TLS)[ -]?\d+|[A-Z]{1,4}[ ](?:19|20)\d\d")
# Kazakhstan's individual identification number: twelve digits (a card's IIN is six to eight).
_IIN = re.compile(r"\b(?:IIN|\u0418\u0418\u041d)\b[ ]*[:#]?[ ]*(?:is[ ])?(?P<id>\d{12})(?!\d)")
# An act's or an agreement's number of the year: "agreement 2019/1152", "contratto CCNL 2024".
_ACT_NUMBER = re.compile(r"(?:19|20)\d\d/\d{1,5}|\d{1,5}/(?:19|20)\d\d|[A-Z]{2,6}[ ](?:19|20)\d\d")


def id_numbers(text: str) -> Iterator[Found]:
    """National Insurance and NHS numbers, other countries' numbers, and IDs after a cue."""
    for match in _NI_NUMBER.finditer(text):
        if match.group().isupper() or match.group().islower():
            yield "id number", match.start(), match.end()
    for match in _CUED_NI_OR_SORT_CODE.finditer(text):
        group = next(g for g in ("id", "sort", "grouped", "account") if match.group(g))
        yield "id number", match.start(group), match.end(group)
    for match in _MINE.finditer(text):
        code = match.group("id")
        lettered = re.search(r"[A-Za-z]", code)
        if (lettered or not code.startswith("0")) and not _BUSINESS_CODE.match(code):
            yield "id number", match.start("id"), match.end("id")
    for match in _NHS_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        cued = _NHS_CUE.search(text, max(0, match.start() - 100), match.start())
        # Unspaced ten-digit numbers and ones starting with 0 are mostly phones or references.
        named = _NHS_NUMBER_CUE.search(text, max(0, match.start() - 20), match.start())
        if _PHONE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue  # "cellulare 333 123 4567" is a phone that happens to pass the check
        # Without a cue, only the ranges NHS numbers are issued in (400... to 499..., 600... to
        # 799...): "333 123 4567" passes the check but is an Italian mobile.
        issued = digits[0] in "4567"
        if named or ((cued or (match.group("s") and issued)) and nhs_valid(digits)):
            yield "id number", match.start(), match.end()
    for match in _CUED_ID.finditer(text):
        yield "id number", match.start("id"), match.end("id")
    for match in _REGISTER_CODE.finditer(text):
        planning = re.search(r"(?i)\bplanning\b", text[max(0, match.start() - 80) : match.start()])
        if not _BUSINESS_CODE.match(match.group("id")) and not planning:
            yield "id number", match.start("id"), match.end("id")
    for match in _PARTICIPANT.finditer(text):
        yield "id number", match.start("id"), match.end("id")
    for match in _IIN.finditer(text):
        yield "id number", match.start("id"), match.end("id")
    for match in _DOCUMENT_THEN_NUMBER.finditer(text):
        yield "id number", match.start("id"), match.end("id")
    for match in _OWNED_NUMBER.finditer(text):
        if not _BUSINESS_CODE.match(match.group("id")) and not re.search(
            r"(?i)\b(?:phone|mobile|cell|tel|fax|case|ticket|invoice|order|tracking|post|postal|"
            r"zip|area|discount|promo|voucher|access|security|verification|booking|SAR|request|"
            r"complaint|tax|crime|police|incident|claim|purchase)\b",
            match.group(),
        ):
            yield "id number", match.start("id"), match.end("id")
    for match in _UK_MOBILE.finditer(text):
        # A UK mobile number: never an ID, whatever the words before it say.
        yield "phone", match.start(), match.end()
    for match in _NATIONAL_SHAPES.finditer(text):
        if not re.search(r"(?i)\bVAT\b", text[max(0, match.start() - 20) : match.start()]):
            yield "id number", match.start(), match.end()
    for match in _NATIONAL.finditer(text):
        code = re.sub(r"(?:[ ./-]+[A-Za-z]{1,2})+$", "", match.group("id")).rstrip(" ./-")
        if _UK_MOBILE.fullmatch(code) or _BUSINESS_CODE.match(code) or code.startswith("IBAN"):
            continue  # "my German account, IBAN DE89 ...": the IBAN's own detector takes it
        agreed = re.match(r"(?i)agreement|contra|umowa|vertrag", match.group())
        if agreed and _ACT_NUMBER.fullmatch(code):
            continue  # "under agreement 2019/1152", "il contratto CCNL 2024"
        if (
            re.search(
                r"(?i)\bpurchase\s+$|\bP\.?O\.?\s+$",
                text[max(0, match.start() - 12) : match.start()],
            )
            and not re.match(r"(?i)agreement", match.group())
        ) or re.match(r"P\.?O\.?\s", match.group()):
            continue  # a purchase order's number, but a hire purchase agreement's is a person's
        if _UK_TAX_CODE.fullmatch(code) and re.search(r"(?i)tax\s+code", match.group()):
            continue  # "tax code 1257L", "S1257L": shared by millions, no one's identifier
        if re.match(r"(?i)regist|certificate", match.group()) and re.search(
            r"(?i)\b(?:company|companies|charity|business|firm)\W+$",
            text[max(0, match.start() - 14) : match.start()],
        ):
            continue  # "our company registration is 11223344": a firm's number
        if _STANDARD_OR_YEAR.fullmatch(code):
            continue  # "certificado ISO 27001", "polisa OC 2024": a standard, a product's year
        if match.group().startswith("NIP") and _A_FIRMS_NIP.search(
            text, max(0, match.start() - 30), min(len(text), match.end() + 14)
        ):
            continue  # "a Polish company (NIP 5252345678, KRS ...)": a firm's tax number
        if sum(c.isdigit() for c in code) >= 4 and not re.fullmatch(r"(?:19|20)\d\d", code):
            yield "id number", match.start("id"), match.start("id") + len(code)
            # "Account numbers ZA-10042 and ZA-10043": the next code in the list too.
            listed = _LISTED_CODE.match(text, match.start("id") + len(code))
            if listed:
                yield "id number", listed.start("id"), listed.end("id")
    for match in _THING_NUMBER.finditer(text):
        thing = match.group("thing").lower()
        code = match.group("id")
        if thing in _NOT_A_PERSONS_THING or _BUSINESS_CODE.match(code):
            continue
        if re.fullmatch(r"(?:19|20)\d\d|0[\d -]{8,13}", code):
            continue  # a year, or a number shaped like a phone
        yield "id number", match.start("id"), match.end("id")
    for match in _NUMBER_WORD_THEN_CODE.finditer(text):
        code = match.group("id").lstrip("#")
        if _BUSINESS_CODE.match(code) or _UK_MOBILE.fullmatch(code):
            continue
        if re.fullmatch(r"[A-Za-z]{2,6}[- ]?(?:19|20)\d\d", code):
            continue  # "plan PRO-2024": a product's name and its year
        if re.fullmatch(r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])", code):
            continue  # "Trip on 17/09", "deactivated 02/05": a day and a month
        if re.fullmatch(r"(?:19|20)\d\d|\d+/(?:19|20)\d\d|(?:19|20)\d\d/\d+", code) or (
            re.fullmatch(r"\+?0[\d -]{8,13}", code)
            and not _HOLDER_WORD.search(match.group(), 0, match.start("id") - match.start())
        ):
            continue  # a year, a number shaped like a phone, a case's number and year
        cue = text[match.start() : match.start("id")]
        if (
            re.fullmatch(r"[\d ]+", code)
            and " " in code
            and _BARE_NUMBER_WORD.fullmatch(cue)
            and not _HOLDER_WORD.search(text, max(0, match.start() - 25), match.start())
            and not _CARD_WORD_BEFORE.search(text, max(0, match.start() - 25), match.start())
        ):
            continue  # "il mio numero è 347 882 1904": digits in groups after "number" alone
        before = text[max(0, match.start() - 30) : match.start("id")]
        # only this sentence's words: "Bath Street, St Helier. Número de contribuinte 18765..."
        before = before[_sentence_start(before, len(before)) :]
        if NOT_A_PERSONS_NUMBER.search(before) or _PHONE_BEFORE.search(before):
            continue
        yield "id number", match.end("id") - len(code), match.end("id")
    # Where a question names a national number, a long run of digits in it is one.
    if _NAMED_NUMBER.search(text):
        for match in _LONG_DIGITS.finditer(text):
            if _PHONE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
                continue  # "NIE X1234567L. Tel. 612 345 678": the phone beside the number
            if _GROUPED_AS_A_PHONE.fullmatch(match.group()):
                continue  # "0412 345 678", "694 123 4567": a phone beside the named number
            if 8 <= sum(c.isdigit() for c in match.group()) <= 13:
                yield "id number", match.start(), match.end()
    # Where a question speaks of a passport, a code in a passport's shape is one ("my passport
    # being kept on file. It's PK4471920").
    if _PASSPORT_WORD.search(text):
        for match in _PASSPORT_SHAPE.finditer(text):
            yield "id number", match.start(), match.end()


# Any other thing's number, unless the thing is a business's or a document's rather than a
# person's: "pupil number P-20431", "health card number 1234-567-890-AB", "SV-Nummer 1234 010180".
_THING_NUMBER = re.compile(
    r"(?i:\b(?P<thing>[a-z][a-z'-]*)(?:[ ](?:card|record|file))?[ -]"
    r"(?:number|no\.|nummer|num[ée]ro|n[úu]mero|numer|numara)s?)"
    r"(?:\s*[:#=]\s*|\s+(?:is|was)\s*:?\s*|\s+)"
    r"(?P<id>(?=(?:[A-Za-z/-]*\d){4})[A-Za-z0-9][A-Za-z0-9/-]*(?:[ ]\d{3,}(?![\w-]))?(?<![/-]))"
    r"(?![\w@-])"
)
_NOT_A_PERSONS_THING = frozenset(
    re.split(
        r"\s+",
        """invoice ticket case incident version vat company companies registration reg
        charity article
        section tracking reference ref serial model part page room flight phone fax mobile
        telephone contact error build release batch lot product item sku quote po purchase receipt
        transaction request sar complaint table row line figure step question house street building
        bus route platform gate seat box office order the a an this that your our their its same
        new old next last first second third each every any which what form report project job
        vacancy trade firm business vendor supplier invoice's crn eori duns sic isbn issn ein lei
        bic swift routing sort iban card credit debit bank cheque check sequence index version's
        pin tax-free freephone helpline hotline extension ext room's flat unit apartment suite plot
        stock listing advert vehicle vin chassis
        unique random reference's matter claim's docket filing court tribunal decision notice
        regulation directive law act clause schedule paragraph recital sample example test dummy
        fake placeholder my mijn mein meine mon ma mi his her cro kvk siren siret abn acn gst uen
        nzbn cin ein registered company's with by under at of for on to and is""",
    )
)


# A number word of any language, then at most three words naming whose or what number it is, then
# a code with four digits or more: "numer pracownika: 44719", "nº de sócio SOL-118274", "rhif
# gweithiwr CYM-3021", "clock no 7731", "MRN is BR-00982211", "passport copy (no. 533018842)".
_NUMBER_WORD = (
    r"(?:(?i:\b"
    + by_first_letter(
        r"\b(?:number|no\.?|n[º°o]\.?|nr\.?|num\.?|numer|numeris|num[ée]ro|n[úu]mero|numero|nummer|numara\w*|"
        r"\u010d\u00edslo\w*|sz\u00e1m\w*|numurs|rhif|uimhir|nomor|s\u1ed1|\u043d\u043e\u043c\u0435\u0440\w*|"
        r"\u03b1\u03c1\u03b9\u03b8\u03bc\u03cc\u03c2|n\.[\u00ba\u00b0]?)(?![\w])"
        # A compound whose last part says number: "Mitgliedsnummer", "Asiakasnumero", "Kundenr."
        r"|(?i:\b[^\W\d_]{3,}(?:nummer|numero(?:ni|si)?|nro|nr|sz\u00e1m(?:om|unk|a)?|numaras\u0131)"
        r"\.?(?![\w]))"
        # What a person's code belongs to, said without the word for number: "Konto DB-88412093",
        # "cliente MV-7711029", "polizza POL-7781", "Vertrag V-2023-0098812"
        r"|(?i:\b(?:konto|kontot|konta|contul(?:ui)?|account|cliente|client|kunde|kund|klant|asiakas|\u00fcgyf\u00e9l|"
        r"pelati|\u03c0\u03b5\u03bb\u03ac\u03c4\u03b7|vertrag|contrato|contratto|contrat|police|polizza|"
        r"p[\u00f3o]liza|ap[\u00f3o]lice|polis|socio|s[\u00f3o]cio|membre|mitglied|medlem|lid|"
        r"j\u00e4sen|tessera|abonnement|abbonamento|suscripci[\u00f3o]n|assinatura|conta|c?h?untas|"
        r"s\u0105skait\w*|plan|matricule)(?![\w]))"
        r"|\b(?-i:MRN|UHID|UAN|CRN|NHI|URN|EPIC|OCI|TAJ|CC|KRA|CIN|EMP|ID|CNP|AMKA|\u0391\u039c\u039a\u0391)\b"
        # The documents and cards a number belongs to, in the languages of the questions
        r"|(?i:\b(?:passport|passaporte|pasaporte|passeport|passaporto|paszport|reisepass|pass|carta|"
        r"cart[ãa]o|tarjeta|carte|karte|kaart|karta|kort|kortet|karty|kartya|card|permit|permesso|"
        r"s[ée]jour|identiteitskaart|identit\w+|licen[cs]e|condu[çc][ãa]o|conducir|F\u00fchrerschein|"
        r"rijbewijs|visa|kundenummer|kundnummer|klantnummer|adóazonosító\w*|TAJ-\w+|a\.[ ]?k\.|acc|"
        r"viaje|trip|kimlik|\u043f\u0430\u0441\u043f\u043e\u0440\u0442\w*)(?![\w]))"
    )
    + r")"
    r"|\ubc88\ud638|\u756a\u53f7|\u53f7\u7801|\u0631\u0642\u0645|\u0928\u0902\u092c\u0930|\u0915\u094d\u0930\u092e\u093e\u0902\u0915"
    # Punjabi "number"
    r"|\u0a28\u0a70\u0a2c\u0a30"
    # Hindi "number" and "ID"; Chinese account, student and serial numbers
    r"|\u0938\u0902\u0916\u094d\u092f\u093e|\u0906\u0908\u0921\u0940|[\u8d26\u5e10\u5b66\u7f16]\u53f7"
    r"|\u0916\u093e\u0924[\u093e\u0947])"
)
_NUMBER_WORD_THEN_CODE = re.compile(
    r"(?=\w)"
    + _NUMBER_WORD
    + r"(?:[ \t]+(?!(?i:is|was|es|est|ist|is:)\b)[^\W\d_][\w'\u2019.-]*){0,3}?"
    r"(?:\s*[:#=\uff1a]\s*|\s*\(\s*|\s+(?:is|was|es|est|ist|\u00e8|\u00e9|er|\u00e4r|jest|este)"
    r"\s*:?\s*|\s+|,[ ]|(?<=[^\x00-\u024f])(?:[\u662f\u4e3a][ ]?)?)"
    # Four digits before any space, or groups of digits apart ("123 456 788", "ADH 552 017")
    # or letters apart from their digits ("FB 482917", "MBR 20931")
    r"(?P<id>#?(?=(?:[A-Za-z/-]*\d){4}|(?:[A-Z]{1,4}[ ])?\d{2,4}(?:[ ]\d{2,4}){1,4}(?![\w-])"
    r"|[A-Z]{1,4}[ ]\d{5,10}(?![\w-]))"
    r"[A-Za-z0-9][A-Za-z0-9/-]*"
    r"(?:[ ](?:\d[\dA-Z]*|[A-Z]{1,3}\d*\b)){0,3}(?<![/-]))"
    r"(?![A-Za-z0-9_@-])"
)
# "number" said alone, which digits in groups follow as often when they are a phone.
_BARE_NUMBER_WORD = re.compile(
    r"(?i)(?:number|no\.?|nr\.?|num\.?|numer|num[\u00e9e]ro|n[\u00fau]mero|nummer|n[\u00ba\u00b0]\.?)"
    r"(?:\s*[:#=]\s*|\s+(?:is|was|es|est|ist|\u00e8|\u00e9|er|\u00e4r|jest|este)\s*:?\s*|\s+)"
)
# A card or document named just before "number": "Clubcard number 634004 0123 4567 890".
_CARD_WORD_BEFORE = re.compile(
    r"(?i)(?:card|kart\w*|carte|kaart|kort|tessera|tarjeta|cart\u00e3o|pass\w*|licen[cs]e|\bID)"
    r"\s*$"
)
# Whose the number is, when the words before it say: a number shaped like a phone is still the
# client's ("Cliente n. 0045-778812", "medlemsnr. 0039 1128").
_HOLDER_WORD = re.compile(
    r"(?i)\b(?:client\w*|customer\w*|kund\w*|klant\w*|member\w*|socio|s\u00f3cio|mitglied\w*|"
    r"medlem\w*|lid\w*|j\u00e4sen\w*|account|konto\w*|conta|cuenta|compte|asiakas\w*|"
    r"\u00fcgyf\u00e9l\w*|tessera|adh\u00e9rent|abonn\w*|polic\w*|polizza|p[\u00f3o]liza|"
    r"ap[\u00f3o]lice|contrat\w*|vertrag\w*|loyalty|fid\u00e9lit\u00e9|fedelt\u00e0|matricol\w*|"
    r"matricule|employee|staff|ansatt\w*|klient\w*|anst\u00e4ll\w*|patient\w*|pacient\w*|student\w*|"
    r"TAJ|AMKA|PESEL|BSN|PPSN?|EGN|OIB|CNP|SVNR|sz\u00e1m\w*)"
)
# What a number belongs to when it is a business's, a case's or a thing's, not a person's.
NOT_A_PERSONS_NUMBER = re.compile(
    r"(?i)(?=\w)\b(?:ticket|case|incident|invoice|factura|fattura|facture|rechnung|factuur|faktura|quote|"
    r"org|orgnr|MVA|moms|CVR|c\u00e9gjegyz\u00e9k\w*|"
    r"VAT|BTW|IVA|TVA|MwSt|company|companies|registration|reg|charity|version|build|release|error|"
    r"article|art|section|recital|ref|reference|complaint|tracking|receipt|tracking|flight|vol|vuelo|"
    r"serial|model|part|page|room|seat|gate|platform|phone|mobile|tel|telefon\w*|tel[eé]fono|"
    r"telefone|cell|fax|whatsapp|gsm|helpline|hotline|file|dossier|expediente|pratica|protocol\w*|"
    r"Vorgang|Aktenzeichen|GZ|SIREN|SIRET|USt|IdNr|HRB|\u00e4rende\w*|sak|saken|menetlus|sprawa|zgłoszeni\w*|reclama\w*|"
    r"ticket|commessa|lot|batch|sku|product|item|transaction|hausnummer|house|street|bus|route|job|"
    r"stock|listing|advert|vehicle|VIN|chassis|"  # "stock no. 40-XC-1182": a thing for sale
    r"registo|registro|[îi]nregistrare|KVK|SIREN|SIRET|ABN|ACN|UEN|CRO|IRN|docket|claim|law|loi|"
    r"ley|legge|lei|gesetz|wet|process|processo|proceso|procedimiento|procédure|note|album|"
    r"fi[sş]|fiche|bon|kvitto|kassenbon|scontrino|recibo|ricevuta|campaign|order\s+confirmation|"
    r"crime|(?-i:PO))\b"
    # a phone in the scripts that write no capitals: "फ़ोन नंबर", "رقم جوالي", "電話番号"
    r"|\u092b\u093c?\u094b\u0928|\u092e\u094b\u092c\u093e\u0907\u0932|\u09ab\u09cb\u09a8|"
    r"\u0c2b\u0c4b\u0c28\u0c4d|\u0641\u0648\u0646|\u0645\u0648\u0628\u0627\u0626\u0644|\u062c\u0648\u0627\u0644|"
    r"\u0647\u0627\u062a\u0641|\u03c4\u03b7\u03bb\u03ad\u03c6\u03c9\u03bd|\u03ba\u03b9\u03bd\u03b7\u03c4|"
    r"\u03bd\u03bf\u03cd\u03bc\u03b5\u03c1|\u0442\u0435\u043b\u0435\u0444\u043e\u043d|\u96fb\u8a71|\u643a\u5e2f|"
    r"\u624b\u673a|\u7535\u8bdd|\uc804\ud654"
)


_UK_TAX_CODE = re.compile(r"[SCK]?\d{1,4}[LMNTX]?|(?:S|C)?(?:BR|D0|D1|NT|0T)")
_BUSINESS_CODE = re.compile(
    r"(?i)(?:SAR[-/ ]?(?:[A-Z]{2}[-/ ]?)?|(?:INV|TCK|TKT|CASE|Q|QUOTE|TICKET|PO)[-/ ]?)\d"
)
_UK_MOBILE = re.compile(r"(?<![\d-])07\d{3}[ ]?\d{3}[ ]?\d{3}(?![\d-])")
_LISTED_CODE = re.compile(
    r"(?:,[ ]|[ ]and[ ]|[ ]or[ ]|[ ]&[ ])(?P<id>[A-Z]{0,5}-?\d{4,}[A-Z0-9-]*)\b"
)
_NAMED_NUMBER = re.compile(
    r"\b(?:BSN|PESEL|PPSN?|NIN|NIE|DNI|NIF|SSN|SIN|Aadhaa?r|codice fiscale|Steuer-?ID|INSEE|NIR|"
    r"asmens kod\w+|personas kods|isikukood\w*|AFM|Teudat zehut|NID|EPIC|CPR|OIB|EGN|EM\u0160O|"
    r"JMBG|CNP|RNOKPP|\u0418\u0418\u041d|\u0420\u041d\u041e\u041a\u041f\u041f|\u0406\u041f\u041d|"
    r"\u0906\u0927\u093e\u0930|ob\u010dan\w*|\u0391\u03a6\u039c|ad\u00f3azonos\u00edt\u00f3\w*|"
    r"tax\s+file\s+number|TFN|ID-nommer|identiteitsnommer|My\s+Number|(?i:personal\s+(?:identity\s+)?code)|"
    r"c\u0103n\s+c\u01b0\u1edbc|CCCD|CMND)"
    r"s?\b"
)
_GROUPED_AS_A_PHONE = re.compile(r"0\d{3} \d{3} \d{3}|\d{3} \d{3} \d{4}|0\d{2,4} \d{6,8}")
_PASSPORT_WORD = re.compile(r"(?i)\bpass(?:port|eport|aporte?|aporto|\u0103port|aport)s?\b")
_PASSPORT_SHAPE = re.compile(r"(?<![\w-])[A-Z]{1,2}[0-9]{6,9}(?![\w-])")
_LONG_DIGITS = re.compile(
    r"(?<![\d+.-])(?:\d{8,13}|\d{1,3}(?:\.\d{3}){2,3}|\d{2,4}(?:[ ]\d{2,4}){2,4})(?![\d-])"
)


_CODE_TOKEN = re.compile(
    r"(?<![\w/-])(?=[A-Za-z/-]{0,30}\d)[A-Za-z0-9][A-Za-z0-9/-]{4,30}(?![\w/-])"
)
_LEADING_LETTERS = re.compile(r"[A-Za-z]*")


def _shape(code: str) -> str:
    """A code with each capital written A, each small letter a and each digit 9."""
    return "".join("9" if c.isdigit() else "A" if c.isupper() else "a" if c.isalpha() else c
                   for c in code)  # fmt: skip


def codes_like(text: str, found: list[Found]) -> Iterator[Found]:
    """Codes of the same shape, and with the same letters first, as an ID number found already:
    the second of a list ("orders 112-4490213-7781 and 112-5583310-0028", "M-55091, mine is
    M-55092"). Only shapes with letters or separators: a bare run of digits proves nothing."""
    wanted: set[tuple[str, str]] = set()
    for kind, start, end in found:
        code = text[start:end]
        if (
            kind == "id number"
            and _CODE_TOKEN.fullmatch(code)
            and sum(map(str.isdigit, code)) >= 4
            and not code.isdigit()
        ):
            wanted.add((_shape(code), _LEADING_LETTERS.match(code).group()))
    if not wanted:
        return
    for match in _CODE_TOKEN.finditer(text):
        code = match.group()
        if (_shape(code), _LEADING_LETTERS.match(code).group()) in wanted:
            yield "id number", match.start(), match.end()


# Whose a code is, said anywhere in its sentence: "Mortgage MTG-1020773", "please correct it on
# all accounts, CUS-7734561", "He took it from my ISA, ISA-00729184".
_HOLDER_IN_SENTENCE = re.compile(
    r"(?i)\b(?:customer|client|account|accounts|mortgage|loan|savings|ISA|policy|policies|member"
    r"|membership|participant|patient|student|employee|staff|candidate|cand|applicant|subscriber|"
    r"worker|temp|profiles?|my\s+file|"
    r"contract|pupil|tenant|cliente|kunde|klant|konto|conta|cuenta|compte|polizza)\b"
)
_SENTENCE_END = re.compile(r"(?P<word>[\w.]*)[.!?]\s+(?=[^\W\d_])|\n")
_ABBREVIATIONS = "no nr ref reg org tel st co ltd inc art p pp e.g i.e etc approx"
_ABBREVIATION = frozenset(_ABBREVIATIONS.split())


def _sentence_ends(text: str, start: int, stop: int) -> list[int]:
    """Where sentences end between two positions: a full stop not after an abbreviation, a line
    break."""
    return [
        m.end()
        for m in _SENTENCE_END.finditer(text, start, stop)
        if (m.group("word") or "").lower().rstrip(".") not in _ABBREVIATION
    ]


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding position `at` begins."""
    return max(_sentence_ends(text, 0, at), default=0)


def held_codes(text: str, codes: list[Found]) -> Iterator[Found]:
    """Of the codes with no cue, those whose sentence names a customer, an account or the like."""
    for kind, start, end in codes:
        if kind != "id number" or _BUSINESS_CODE.match(text, start):
            continue
        opening = _sentence_start(text, start)
        closing = min(_sentence_ends(text, end, len(text)), default=len(text))
        sentence = text[opening:closing]
        if _HOLDER_IN_SENTENCE.search(sentence):
            yield kind, start, end


# A reference that a customer's word says is theirs: "mortgage ref MTG00418872".
_HOLDERS_REFERENCE = re.compile(
    r"(?i)\b(?:customer|client|account|mortgage|loan|policy|member(?:ship)?|patient|student|"
    r"employee|staff|candidate|cand|worker)\s+(?:ref(?:erence)?|no\.?|number)\.?\s*[:#]?\s*$"
)


def possible_ids(text: str) -> Iterator[Found]:
    """Codes shaped like a customer's or an account's reference, with no cue to say whose."""
    for match in _CODE_SHAPE.finditer(text):
        if _NOT_PERSONAL_BEFORE.search(
            text, max(0, match.start() - 30), match.start()
        ) and not _HOLDERS_REFERENCE.search(text, max(0, match.start() - 40), match.start()):
            continue
        yield "id number", match.start(), match.end()


# --- Dates of birth -------------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    # French, Spanish, German, Italian and Portuguese, for dates of birth written in them
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    r"|Januar|Februar|März|Juni|Juli|Oktober|Dezember|gennaio|febbraio|maggio|giugno|luglio"
    r"|settembre|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro"
    r"|dezembro|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze\u015bnia"
    r"|pa\u017adziernika|listopada|grudnia|Ocak|\u015eubat|Mart|Nisan|May\u0131s|Haziran|Temmuz"
    r"|A\u011fustos|Eyl\u00fcl|Ekim|Kas\u0131m|Aral\u0131k|januari|februari|maart|mei|juli"
    r"|augustus|augusti|maj|marts|desember|ianuarie|februarie|martie|aprilie|iunie|iulie"
    r"|septembrie|noiembrie|decembrie|janu\u00e1r|febru\u00e1r|m\u00e1rcius|\u00e1prilis|m\u00e1jus"
    r"|j\u00fanius|j\u00falius|augusztus|szeptember|okt\u00f3ber|ledna|\u00fanora|b\u0159ezna"
    r"|dubna|kv\u011btna|\u010dervna|\u010dervence|srpna|z\u00e1\u0159\u00ed|\u0159\u00edjna"
    r"|listopadu|prosince|\u044f\u043d\u0432\u0430\u0440\u044f|\u0444\u0435\u0432\u0440\u0430\u043b\u044f"
    r"|\u043c\u0430\u0440\u0442\u0430|\u0430\u043f\u0440\u0435\u043b\u044f|\u043c\u0430\u044f"
    r"|\u0438\u044e\u043d\u044f|\u0438\u044e\u043b\u044f|\u0430\u0432\u0433\u0443\u0441\u0442\u0430"
    r"|\u0441\u0435\u043d\u0442\u044f\u0431\u0440\u044f|\u043e\u043a\u0442\u044f\u0431\u0440\u044f"
    r"|\u043d\u043e\u044f\u0431\u0440\u044f|\u0434\u0435\u043a\u0430\u0431\u0440\u044f"
    # Hindi: जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर
    r"|\u091c\u0928\u0935\u0930\u0940|\u092b(?:\u093c)?\u0930\u0935\u0930\u0940"
    r"|\u092e\u093e\u0930\u094d\u091a|\u0905\u092a\u094d\u0930\u0948\u0932|\u092e\u0908"
    r"|\u091c\u0942\u0928|\u091c\u0941\u0932\u093e\u0908|\u0905\u0917\u0938\u094d\u0924"
    r"|\u0938\u093f\u0924\u0902\u092c\u0930|\u0905\u0915\u094d\u091f\u0942\u092c\u0930"
    r"|\u0928\u0935\u0902\u092c\u0930|\u0926\u093f\u0938\u0902\u092c\u0930"
    # Greek, in the genitive a date uses: Ιανουαρίου ... Δεκεμβρίου
    r"|\u0399\u03b1\u03bd\u03bf\u03c5\u03b1\u03c1\u03af\u03bf\u03c5|\u03a6\u03b5\u03b2\u03c1\u03bf\u03c5\u03b1\u03c1\u03af\u03bf\u03c5"
    r"|\u039c\u03b1\u03c1\u03c4\u03af\u03bf\u03c5|\u0391\u03c0\u03c1\u03b9\u03bb\u03af\u03bf\u03c5|\u039c\u03b1\u0390\u03bf\u03c5"
    r"|\u0399\u03bf\u03c5\u03bd\u03af\u03bf\u03c5|\u0399\u03bf\u03c5\u03bb\u03af\u03bf\u03c5|\u0391\u03c5\u03b3\u03bf\u03cd\u03c3\u03c4\u03bf\u03c5"
    r"|\u03a3\u03b5\u03c0\u03c4\u03b5\u03bc\u03b2\u03c1\u03af\u03bf\u03c5|\u039f\u03ba\u03c4\u03c9\u03b2\u03c1\u03af\u03bf\u03c5"
    r"|\u039d\u03bf\u03b5\u03bc\u03b2\u03c1\u03af\u03bf\u03c5|\u0394\u03b5\u03ba\u03b5\u03bc\u03b2\u03c1\u03af\u03bf\u03c5"
    # The months of the Islamic calendar, as they are written in English
    r"|Muharram|Safar|Rabi[\u02bb'\u2019]?\s+al-(?:awwal|thani|akhir)|Jumad[ai]\s+al-(?:ula|awwal|thani|akhirah)"
    # Welsh
    r"|Ionawr|Chwefror|Mawrth|Ebrill|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr"
    # Irish and Swahili
    r"|Ean\u00e1ir|Feabhra|M\u00e1rta|Aibre\u00e1n|Bealtaine|Meitheamh|I\u00fail|L\u00fanasa"
    r"|Me\u00e1n[ ]F\u00f3mhair|Deireadh[ ]F\u00f3mhair|Samhain|Nollaig"
    r"|Machi|Aprili|Julai|Agosti|Septemba|Oktoba|Novemba|Desemba"
    r"|Rajab|Sha[\u02bb'\u2019]?ban|Ramadan|Ramadhan|Shawwal|Dhu\s+al-Qi[\u02bb'\u2019]?dah|Dhu\s+al-Hijjah)"
    r"(?![a-z\u00e0-\u00ff\u0430-\u044f])\.?"
)
_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|"
    r"thirty[- ]first)"
)
_YEAR_WORDS = (
    r"(?:nineteen|twenty)[- ](?:hundred|oh[- ]\w+|(?:ten|eleven|twelve|\w+teen)"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]\w+)?)"
    r"|two[- ]thousand(?:[- ]and)?(?:[- ]\w+)?"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:the[ ])?{_ORDINAL})"
_YEAR = rf"(?:\d{{4}}|'?\d{{2}}\b|{_YEAR_WORDS})"
_DATE = (
    rf"(?i:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    r"|\d{4}\s?(?:\u5e74|\ub144)\s?\d{1,2}\s?(?:\u6708|\uc6d4)\s?\d{1,2}\s?(?:\u65e5|\uc77c)?"
    rf"|\d{{1,2}}\.[ ]?{_MONTH}[ ]\d{{4}}|\d{{1,2}}-{_MONTH}-(?:\d{{4}}|\d{{2}})"
    # Lithuanian: the year, "m.", the month in the genitive, the day and "d."
    r"|\d{4}[ ]m\.[ ](?:sausio|vasario|kovo|baland\u017eio|gegu\u017e\u0117s|bir\u017eelio|liepos"
    r"|rugpj\u016b\u010dio|rugs\u0117jo|spalio|lapkri\u010dio|gruod\u017eio)[ ]\d{1,2}[ ]d\."
    rf"|{_DAY}(?:[ ]of|[ ]de)?[ ]{_MONTH}(?:[ ]de)?,?(?:[ ]{_YEAR})?"
    rf"|{_MONTH}[ ](?:the[ ])?{_DAY},?(?:[ ]{_YEAR})?"
    # A Japanese era year, in figures or in kanji ("平成2年8月15日", "昭和十五年八月二十日")
    r"|(?:\u660e\u6cbb|\u5927\u6b63|\u662d\u548c|\u5e73\u6210|\u4ee4\u548c)"
    r"[\d\u5143\u4e00-\u4e5d\u5341\u56db\u4e94\u516d\u4e03\u516b]{1,3}\u5e74"
    r"[\d\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u6708"
    r"[\d\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u65e5"
    # The year first, as Hungarian writes it ("1940. június 15."); day, month and year spaced
    # apart with full stops, as Czech and Slovak do ("6. 1. 1944")
    rf"|\d{{4}}\.[ ]?{_MONTH}[ ]\d{{1,2}}\.?|\d{{1,2}}\.[ ]\d{{1,2}}\.[ ]\d{{4}})"
    r"(?:[ ]AH\b)?"
)
_DOB = re.compile(
    r"(?=\w)"
    r"(?i:\b"
    + by_first_letter(
        r"born(?:\s+on)?|dates?\s+of\s+birth|birth\s?dates?|DOBs?|d\.o\.b\.?|birthdays?|b-?days?|"
        r"f\u00f8dselsdato|f\u00f6delsedatum|syntym\u00e4aika|data\s+na\u0219terii|data\s+nasterii|"
        r"sz\u00fclet\u00e9si\s+d\u00e1tum|datum\s+narozen\u00ed|tanggal\s+lahir|ng\u00e0y\s+sinh|"
        r"\u0434\u0430\u0442\u0430\s+(?:\u0440\u043e\u0436\u0434\u0435\u043d\u0438\u044f|\u043d\u0430\u0440\u043e\u0434\u0436\u0435\u043d\u043d\u044f)|"
        r"\u0440\u043e\u0434\u0438\u043b(?:\u0441\u044f|\u0430\u0441\u044c)|"
        r"\u062a\u0627\u0631\u064a\u062e\s+\u0627\u0644\u0645\u064a\u0644\u0627\u062f|"
        r"\u05ea\u05d0\u05e8\u05d9\u05da\s+\u05dc\u05d9\u05d3\u05d4|"
        r"Geburtsdatum|date\s+de\s+naissance|fecha\s+de\s+nacimiento|data\s+di\s+nascita|"
        r"data\s+de\s+nascimento|geboortedatum|dyddiad\s+geni|gimimo\s+dat[a\u0105]|"
        r"urodzi\u0142(?:a|o|am|em|y|y\u015bmy)?\s+si\u0119|ganwyd(?:\s+(?:hi|e|fi))?(?:\s+ar)?|ganed|"
        r"\u0a1c\u0a28\u0a2e\s+\u0a24\u0a3e\u0a30\u0a40\u0a16|"
        r"n[ée]e?\s+le|nacid[oa]\s+el|geboren\s+am|(?-i:nat[oa])|nasc(?:i|eu|id[oa])|urodzon[ya]|"
        r"\u03b3\u03b5\u03bd\u03bd\u03ae\u03b8\u03b7\u03ba[\u03b1\u03b5]|\u03b3\u03b5\u03bd\u03bd\u03b7\u03bc\u03ad\u03bd(?:\u03bf\u03c2|\u03b7)|"
        r"data\s+urodzenia|geb\.|f\u00f8dt|f\u00f6dd|syntynyt|geboren\s+op|doğum\s+tarihi|"
        r"sinh\s+ng\u00e0y|narozen[aá]?|sz\u00fcletett|ro\u0111en[a]?|n[ăa]scut[ăa]?|doğdum|"
        # Irish, Welsh and Swahili: "rugadh í ar an ...", "a aned ar ...", "dáta breithe",
        # "tarehe ya kuzaliwa", "alizaliwa"
        r"rugadh|d\u00e1ta\s+breithe|aned|(?:ei|ddyddiad)\s+geni|tarehe\s+ya\s+kuzaliwa|"
        r"(?:ni|a|wa)lizaliwa"
    )
    # Chinese and Korean write no spaces, so their cues stand without a word boundary.
    + r"|\u751f\u5e74\u6708\u65e5|\u51fa\u751f\u65e5\u671f|\u751f\u65e5|\uc0dd\ub144\uc6d4\uc77c"
    # Polish "ur.", Czech "nar.", Hungarian "szül." and Turkish "(d." (doğum), all "born";
    r"|(?<![\w.])(?:ur|nar|sz\u00fcl)\.|(?<=\()d\."
    # Hindi "जन्मतिथि" and "जन्म तिथि".
    r"|\u091c\u0928\u094d\u092e[ ]?\u0924\u093f\u0925\u093f)"
    rf"(?![a-z])[^\d\n?!]{{0,45}}?(?P<date>{_DATE})(?![\d/])"
    rf"(?:(?:,[ ]|[ ](?:and|or)[ ])(?P<second>{_DATE})(?![\d/]))?"
)
# "... 30.06.1984 as her date of birth": the cue is found first, then the date just before it.
_CUE_AFTER_DATE = re.compile(
    r"[ ,]+(?i:(?:as|is|was)\s+(?:my|her|his|their|the)\s+"
    r"(?:date\s+of\s+birth|DOB|birthday|birth\s?date)|\((?:DOB|date\s+of\s+birth|born)\)"
    r"|est\s+(?:ma|sa)\s+date\s+de\s+naissance|es\s+mi\s+fecha\s+de\s+nacimiento"
    r"|ist\s+mein\s+Geburtsdatum)"
)
_DATE_AT_END = re.compile(rf"(?P<date>{_DATE})$")
# A whole date with a year a living adult was born in, after "my" or "her": a birth date.
_DOB_WORDS = re.compile(
    r"(?i)\b(?:born|dates?\s+of\s+birth|birth\s?dates?|DOBs?|d\.o\.b|birthdays?|naissance|"
    r"nacimiento|Geburtsdatum|nascita|nascimento|geboortedatum|f\u00f8dselsdato|f\u00f6delsedatum|"
    r"syntym\u00e4aika|dat(?:a|y|\u0119|cie)\s+urodzenia|dacie\s+urodzenia|f\u00f8dselsdag)"
)
_WHOLE_DATE = re.compile(
    rf"{WORD_START}(?<![\d/.-])(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}"
    rf"|{_DAY}(?:[ ]of)?[ ]{_MONTH},?[ ]\d{{4}}|{_MONTH}[ ]{_DAY},?[ ]\d{{4}})(?![\d/])"
)
_LIFESPAN = re.compile(
    rf"(?P<date>{_WHOLE_DATE.pattern})[ \t]*(?:[{_DASHES}~-]|to|until|bis)[ \t]*"
    rf"(?P<end>{_WHOLE_DATE.pattern})"
)
# What a life's span is written beside: a death, a memorial, a funeral.
_DEATH_WORDS = re.compile(
    r"(?i)\b(?:in\s+loving\s+memory|memorial|died|passed\s+away|late|funeral|headstone|grave|"
    r"obituary|tribute|r\.?i\.?p|rest\s+in\s+peace)\b"
)
_ADULT_YEAR = re.compile(r"(?:19[2-9]\d|200\d|201[0-2])\b")
_DATE_AFTER_NAME = re.compile(
    r"\b(?P<word>[A-Z][a-z]?[A-Z]?[a-z\u00e0-\u00ff\u0101-\u017f]+|[A-Z]{2,})"
    r"(?:[ ](?:\(?(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]"
    rf"(?P<year>(?:19|20)\d\d))(?![\d/.-])|\((?P<worded>{_DATE})\))"
    # A list that identifies someone: "Stephen Adeleke-Brown, 21st of June 1978, 31 Kingsley Road",
    # "PATEL, RAJ, 1981-07-22, LE4 6BG".
    rf"|,[ ](?P<listed>{_WHOLE_DATE.pattern})(?=[,)]|[.;]?[ ]*$|[ ]*\n|[.;][ ]))"
)
# A family member and a date in brackets after a name: "Mahmoud (dad, 04/04/1979)".
_RELATIVE_DATE = re.compile(
    r"\((?i:(?:my|our|his|her|their)[ ])?"  # "(my mother, 12.12.1946)"
    r"(?i:me|dad|mum|mom|father|mother|husband|wife|partner|son|daughter|child|baby|brother|"
    r"sister|grandma|grandad|grandpa|grandmother|grandfather|nan|gran|stepson|stepdaughter|"
    r"guardian|carer|tenant|applicant|patient|myself|main\s+tenant|joint\s+tenant)"
    rf",?[ ](?P<date>{_WHOLE_DATE.pattern})\)"
)
_OWNED_DATE = re.compile(rf"(?i:\b(?:my|her|his|their))[ ](?P<date>{_DATE})(?![\d/])")
# A person said to be a whole date: "he's 4/4/1962, I'm 12/9/1990", as one says an age.
_PERSON_IS_DATE = re.compile(
    r"(?i:\b(?:he|she|I)(?:['\u2019](?:s|m)|[ ](?:is|am)))[ ]"
    rf"(?P<date>{_WHOLE_DATE.pattern})(?=[,;.)]|[ ](?:and|but)\b|\s*$)"
)
# A birth date in any language's words or calendar after a cue that says "born": "nací el treinta
# de abril de mil novecientos noventa y uno", "am zwölften Mai neunzehnhundertneunundsiebzig",
# "1985. gada 9. martā", "民國79年10月10日", "29 Esfand 1338". The date runs from the cue to the
# end of the clause, and must hold a year in figures or in words.
_GIVEN_DATE = re.compile(rf"[ \t]*[:\uff1a{_DASHES}-]?[ \t]*(?P<date>{_DATE})(?![\w/-]|[.]\d)")
_BIRTH_CUE = re.compile(
    r"(?=\w)"
    r"(?i:\b"
    + by_first_letter(
        r"born|nac[ií]|naci[óo]|nacid[oa]|nat[oa]|n\u00e9e?|nee?(?=\s+(?:le|en)\b)|geboren|nasc(?:i|eu|id[oa])|f\u00f8dt|f\u00f6dd|"
        r"narodil[a]?(?:\s+jsem\s+se)?|narozen[aá]?|dzimis|dzimusi|gim[ęe]s|gimusi|n[ăa]scut[ăa]?|"
        r"urodzon[ya]|syntynyt|gim\.|(?<=\()s\.|sz\u00fclett?em|sz\u00fcletett|do\u011fum\s+tarih(?:im|i)|"
        r"(?<=[(,][ ])b\.|(?<=\()b\.|"
        # Slovene, Croatian, Estonian, and the short forms of Finnish, Hungarian, Czech, Polish and
        # German; Bulgarian and Ukrainian
        r"rojen[a]?|ro\u0111en[a]?|s\u00fcndinud|synt\.|sz\u00fcl\.|nar\.|ur\.|geb\.|f\u00f8dd|"
        r"\u0440\u043e\u0434\u0435\u043d[\u0430]?|\u043d\u0430\u0440\u043e\u0434\u0438(?:\u0432\u0441\u044f|\u043b\u0430\u0441\u044f)|"
        r"\u0440\u043e\u0434\u0438\u043b(?:\u0441\u044f|\u0430\u0441\u044c)|"
        r"\u03b3\u03b5\u03bd\u03bd\u03ae\u03b8\u03b7\u03ba[\u03b1\u03b5]"
    )
    + r"(?![\w])"
    r"|\u51fa\u751f(?:\u4e8e|\u65e5\u671f\u662f|\u65e5\u671f)?|\u751f\u65e5\u662f?|\u51fa\u751f\u65e5\u671f\u662f"
    r"|\u062a\u0627\u0631\u064a\u062e\s+\u0645\u064a\u0644\u0627\u062f\u064a|"
    r"\u091c\u0928\u094d\u092e(?:[ ]?\u0924\u093f\u0925\u093f)?"
    # Greek "of birth", Urdu "birth", Arabic "the birth"
    r"|\u03b3\u03ad\u03bd\u03bd\u03b7\u03c3\u03b7\u03c2|\u067e\u06cc\u062f\u0627\u0626\u0634"
    r"|\u0627\u0644\u0645\u064a\u0644\u0627\u062f)"
)
_CLAUSE = re.compile(
    r"[^,;:()\n?!\uff0c\u3002\u060c]{3,90}?(?=[,;:()\n?!\uff0c\u3002\u060c]|\.(?:\s+[^\W\d_](?<![a-z\u00e0-\u017e]))"
    r"|\.\s+[\u00bf\u00a1]|\.?$)"  # a Spanish question or exclamation opens with ¿ or ¡
)
# "Ich bin am zwölften Mai 1979 geboren", "ik ben op 14 augustus 1990 geboren": the cue after.
_BORN_AFTER = re.compile(r"\b(?:am|op)\s+(?P<date>(?:[^,.;:()\n?!]|(?<=\d)\.){3,70}?)\s+geboren\b")
# A date in figures with the word for born after it: "2012年4月3日生まれ", "1978. november 2.-án
# születtem", "(19 Mart 2012 doğumlu)".
_BORN_AFTER_DATE = re.compile(
    rf"(?P<date>{_DATE})(?:\s*(?:\u751f\u307e\u308c|\u751f(?![\u4e00-\u9fff]))"
    r"|(?:-?[\u00e1a]n|-?[\u00e9e]n)?\s+(?:sz\u00fclett?em|sz\u00fclett\u00e9l|sz\u00fcletett)"
    r"|\s+do\u011fum\w*|\s+geboren\b)"
)
_BORN_AFTER_WORD = re.compile(r"(?i)\u751f|sz\u00fclet|do\u011fum|geboren")
# The longest date _BORN_AFTER_DATE reads, with the few letters between it and the word, is far
# shorter than this ("the twenty-third of September nineteen eighty-seven" is 52 characters).
_BORN_AFTER_REACH = 120
_LEADING_WORDS = re.compile(
    r"(?i)^\s*(?:(?:on|the|el|il|le|am|op|den|a|em|pe|dne|na|au|en|in|w|v|de|ar|an|oedd|yw|\u043d\u0430|の|は)\s+|"
    r"(?:[\u0626-\u064a]+\s+)?|(?:\u0939\u0948\s+)?)*"
)
_YEAR_IN_WORDS = re.compile(
    r"(?i)\d{4}|\b\d{2,3}\s*\u5e74|(?:mil|mille|tausend|hundert|honderd|hundred|thousand|duemila|"
    r"novecent|tusen|tusind|tuhat|ezer|tis[ií]c|\u0442\u044b\u0441\u044f\u0447|"
    r"\u0938\u094c)|[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u3007\u96f6]{4}\u5e74"
)
_AFTER_THE_DATE = re.compile(
    r"\s(?:en|in|\u00e0|em|und|aber|but|and|et|og|och|ja|ve|si|\u0219i|mais|pero|ma|maar|men|"
    r"geboren|\u0432|\u0438|\u043d\u043e|\u0436\u0438\u0432\u0443)\s"
)


def _worded_date(clause: str) -> tuple[int, int] | None:
    """Where a date with a year and a day or month sits at the start of a clause, if it does."""
    year = _YEAR_IN_WORDS.search(clause)
    if not year or _AFTER_THE_DATE.search(clause, 0, year.start()):
        return None  # "born in Leeds in 1990": the year, but not the day
    cut = _AFTER_THE_DATE.search(clause, year.end())
    end = cut.start() if cut else len(clause.rstrip())
    if year.group().isdigit() and re.search(r"[A-Za-z\u00c0-\u024f]", clause[: year.start()]):
        end = min(end, year.end())  # "el 4 de abril de 2015 y está en...": a year in figures
        # after the day and the month ends the date
    rest = clause[: year.start()] + clause[year.end() : end]
    if not re.search(r"\w", rest) or (
        re.match(r"[^\W\d_]+(?<![a-z])\s", clause) and not year.start()
    ):
        return None  # a year on its own is not a birth date
    return (0, end) if end >= 4 else None


def _a_common_word(word: str) -> bool:
    """Whether the word lists know a word as an ordinary word and not as a given name."""
    from faq_site.anonymise_lexicon import GIVEN, STOP, WORD, classify, lexicon  # reads this module

    kind, flags = classify(word)
    return (kind in (STOP, WORD) or word.lower() in lexicon().foreign) and not flags & GIVEN


def a_surname(word: str) -> bool:
    """Whether the word lists know a word as a surname and as no ordinary word: "Henderson",
    "Williams", not "Swift"."""
    from faq_site.anonymise_lexicon import STOP, SURNAME, WEAK, WORD, classify  # reads this module

    kind, flags = classify(word)
    return kind not in (STOP, WEAK, WORD) and bool(flags & SURNAME)


def _a_word(word: str) -> bool:
    """Whether the word lists know a word as an ordinary one, a name or not ("Kings", "Lanes")."""
    from faq_site.anonymise_lexicon import STOP, WEAK, WORD, classify  # reads this module

    return classify(word)[0] in (STOP, WEAK, WORD)


def _given_name(word: str) -> bool:
    """Whether the word lists know a word as a given name ("Fatima")."""
    from faq_site.anonymise_lexicon import GIVEN, classify  # the lexicon reads this module

    return bool(word.strip()) and bool(classify(word.strip())[1] & GIVEN)


_A_YEAR_ONLY = re.compile(r"(?i:(?:after|before|since|in|around|circa|c\.)[ ]+)?(?:19|20)\d\d")


def dates_of_birth(text: str) -> Iterator[Found]:
    """Dates introduced as a birth date; other dates in a question are not about a person, and
    a year alone ("anyone born after 1925") is no one's birth date."""
    for found in _dates_of_birth(text):
        if not _A_YEAR_ONLY.fullmatch(text, found[1], found[2]):
            yield found


def _dates_of_birth(text: str) -> Iterator[Found]:
    for match in _DOB.finditer(text):
        yield "date of birth", match.start("date"), match.end("date")
        if match.group("second"):
            yield "date of birth", match.start("second"), match.end("second")
    spoken_of = _DOB_WORDS.search(text)
    for cue in _CUE_AFTER_DATE.finditer(text) if spoken_of else ():
        start = max(0, cue.start() - 60)
        date = _DATE_AT_END.search(text, start, cue.start())
        if date:
            yield "date of birth", date.start("date"), date.end("date")
    # Where a question speaks of a birth date, a whole date with an adult's year is one.
    if spoken_of:
        for match in _WHOLE_DATE.finditer(text):
            year = re.search(r"(?:19|20)\d\d", match.group())
            if year and 1920 <= int(year.group()) <= 2012:
                yield "date of birth", match.start(), match.end()
    # A whole date straight after a person's name: "Ben Hollis 03-07-1992", "Ethan (12/04/2009)".
    for match in _DATE_AFTER_NAME.finditer(text):
        group = next(g for g in ("date", "worded", "listed") if match.group(g))
        place = re.search(
            r"(?i)\b(?:in|at|from|near|to|on|of)[ ]+(?P<first>[A-Z][a-z]+[ ]+)?$",
            text[max(0, match.start() - 30) : match.start()],
        )
        if group == "listed" and place and not _given_name(place.group("first") or ""):
            continue  # "opened in Leeds, 12 March 1985": a place and a day in its history
        year = re.search(r"(?:19|20)\d\d", match.group(group))
        # In brackets after a name, a date of this decade is a child's birth date too
        latest = 2025 if text[match.start(group) - 1 : match.start(group)] == "(" else 2020
        if match.group("word") not in _NOT_NAMES and year and 1920 <= int(year.group()) <= latest:
            yield "date of birth", match.start(group), match.end(group)
    # A life's span, as on a headstone or a notice: "4th June 1940 - 2nd February 2025"; the
    # first date is a birth date when the second is ten years or more later.
    for match in _LIFESPAN.finditer(text) if _DEATH_WORDS.search(text) else ():
        born, died = (int(re.search(r"\d{4}", match.group(g)).group()) for g in ("date", "end"))
        if died >= born:
            yield "date of birth", match.start("date"), match.end("date")
    for cue in _BIRTH_CUE.finditer(text):
        if _DOB.match(text, cue.start()):
            continue
        # "Ημερομηνία γέννησης: 21/07/1998": the date straight after the cue, in figures or with
        # a month's name, ends where it ends, whatever words follow in the clause
        given = _GIVEN_DATE.match(text, cue.end())
        if given:
            yield "date of birth", given.start("date"), given.end("date")
            continue
        clause = _CLAUSE.match(text, cue.end())
        if not clause:
            continue
        lead = _LEADING_WORDS.match(clause.group())
        start = clause.start() + (lead.end() if lead else 0)
        found = _worded_date(text[start : clause.end()])
        if found:
            yield "date of birth", start + found[0], start + found[1]
    # Only a text holding one of the words for born after a date can hold such a date: the
    # pattern, which starts at every date, is tried on those alone (a few milliseconds saved).
    born_after = _BORN_AFTER_WORD.search(text)
    for word in _BORN_AFTER_WORD.finditer(text):
        # The date ends at most a few characters before the word, so the pattern, which could
        # start at every date of the text, is tried on the stretch just before each word alone.
        stretch = (max(0, word.start() - _BORN_AFTER_REACH), word.end() + 16)
        for match in _BORN_AFTER_DATE.finditer(text, *stretch):
            yield "date of birth", match.start("date"), match.end("date")
    for match in _BORN_AFTER.finditer(text) if born_after else ():
        found = _worded_date(match.group("date"))
        if found:
            yield "date of birth", match.start("date") + found[0], match.start("date") + found[1]
    for match in _RELATIVE_DATE.finditer(text):
        year = re.search(r"(?:19|20)\d\d", match.group("date"))
        if year and 1920 <= int(year.group()) <= 2025:
            yield "date of birth", match.start("date"), match.end("date")
    for match in _PERSON_IS_DATE.finditer(text):
        year = re.search(r"(?:19|20)\d\d", match.group("date"))
        if year and 1900 <= int(year.group()) <= 2020:  # a grown person, as "he's" says
            yield "date of birth", match.start("date"), match.end("date")
    for match in _OWNED_DATE.finditer(text) if _ADULT_YEAR.search(text) else ():
        year = re.search(r"(?:19|20)\d\d", match.group("date"))
        if year and 1920 <= int(year.group()) <= 2012:
            yield "date of birth", match.start("date"), match.end("date")


# --- Names ----------------------------------------------------------------------------------------

# A person's handle on an app or a site, after the word for one: "username azizz.k", "her
# handle is kismet_girl_lisbon", 'se hace llamar Osky_77'; after "called" or "named" only in
# quotes or in a handle's shape ('a profile named "PK_Hyd"').
_HANDLE_WORD = r"@?[A-Za-z0-9][\w.-]{1,40}(?<![.-])"
_HANDLE_CUED = re.compile(
    r"(?i:\b(?:user[ -]?name|(?:my|his|her|their|your|the)[ ](?:handle|nickname)|screen[ ]name|"
    r"gamertag|profile[ ]name|account[ ]name|se[ ]hace[ ]llamar|si[ ]fa[ ]chiamare)['\u2019]?s?)"
    r"(?!\w)"
    r"(?P<said>(?:[ \t]+on[ \t]+[\w.]+)?(?:[ \t]+(?:is|was|es))?[ \t]*[:=]?[ \t]*[\"\u201c']?)"
    rf"(?P<handle>{_HANDLE_WORD})"
)
_HANDLE_QUOTED = re.compile(
    r"(?i:\b(?:(?:profile|account|user|person|guy|girl|man|woman|someone|somebody|member|match|"
    r"lad|bloke)[ ]+(?:called|named)|calls?[ ](?:him|her|them)self))[ \t]+[\"\u201c']"
    rf"(?P<handle>{_HANDLE_WORD})[\"\u201d']"
)
# What a system's names follow: "a cookie called", "a column", "the field".
_NOT_A_HANDLE_BEFORE = re.compile(
    r"(?i)\b(?:cookies?|columns?|fields?|files?|folders?|keys?|variables?|settings?|parameters?|"
    r"groups?|networks?|channels?|teams?|updates?|versions?|projects?|"
    r"tables?|tags?|errors?|codes?|buttons?|tabs?|options?|events?|scripts?|_[a-z]+)\b[^.?!\n]*$"
)
# Where people and their accounts are spoken of: a handle-shaped word there is someone's.
_SOCIAL = re.compile(
    r"(?i)\b(?:user[ ]?names?|handles?|profiles?|accounts?|app|instagram|insta|tiktok|snapchat|"
    r"snap|twitter|facebook|discord|reddit|telegram|whatsapp|messag\w*|dm|dms|follow\w*|block\w*|"
    r"match\w*|chat\w*|posted|gamer|llamar|chiamare)\b"
)
# A player's tag after the words for one: "my tag is FischerKing", "known in game as Vortex",
# "IGN: KarimHD", "il joue sous TheoGG", "(LunaRaven on twitch)".
_TAG_CUED = re.compile(
    r"(?i:\b(?:(?:my|his|her|their|your|the|a)[ ](?:gamer[ ]?|player[ ])?tag|gamer[ ]?tag|IGN|"
    r"in[- ]game[ ]name|(?:known[ ])?in[- ]game(?:[ ]as)?|plays?[ ](?:as|under)|streams?[ ]as|"
    r"joue[ ]sous|spielt[ ]als|joga[ ]como|goes[ ]by|tag[ ]is))(?![A-Za-z])"
    r"(?:[ \t]+(?:is|was|es))?[ \t]*[:=]?[ \t]*[\"\u201c']?"
    rf"(?P<handle>{_HANDLE_WORD})"
    rf"|\((?P<streamer>{_HANDLE_WORD})[ ]on[ ]"
    r"(?i:twitch|youtube|tiktok|kick|discord|instagram|x|twitter)\)"
)
# Where games and their players are spoken of: a word shaped like a player's tag there is one.
_GAMING = re.compile(
    r"(?i)\b(?:games?|gamers?|gaming|players?|stream\w*|twitch|discord|clans?|lobby|esports?|"
    r"tournaments?|servers?|banned|skins?|loot|xbox|playstation|steam|leaderboards?|tags?|"
    r"toxic\w*|harass\w*|reported)\b"
)
# A tag's shapes: a name and a word run together ("LunaRaven", "ProGamerPaul", "SeanD"), or
# letters and then digits ("Schattenwolf88", "coachmike1980", "Ghost4Hire").
_TAG_SHAPE = re.compile(
    r"(?<![\w@./#-])(?P<tag>(?:xX)?[A-Za-z][a-z]+(?:[A-Z][A-Za-z]*)+\d{0,4}(?:Xx)?"
    r"|[A-Za-z]{3,}\d{1,4}(?:[A-Za-z]+\d*)?)(?![\w@/-]|\.\w)"
)
_LOCALE = re.compile(r"[a-z]{2}_[A-Z]{2}")
# Parts of a system's names joined by "_" ("utm_source", "aws_s3_bucket", "ga_client_id").
_TECHNICAL_PARTS = frozenset(
    re.split(
        r"\s+",
        """source medium campaign id at token bucket key name type code date time url uri path
        file data value count status config session cookie utm aws gcp api db sql json xml html
        env var tmp src dst ref s3 ga gid uid pid ts client user""",
    )
)
# A word in a handle's shape, joined by underscores: "dk_1994", "bigbear_manc" (but not a
# field's name made of words, "user_id", "created_at").
_UNDERSCORED = re.compile(r"(?<![\w@./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w@/-])")


def _a_tag(tag: str) -> bool:
    """Whether a word in a tag's shape is a player's tag rather than a product's name: a name
    the lists know runs through it ("LunaRaven", "TheoGG"), or letters no list knows come
    before its digits ("Schattenwolf88", not "Office365")."""
    letters = re.sub(r"\d+", " ", tag).split()
    parts = [p for word in letters for p in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", word)]
    if any(c.isdigit() for c in tag):
        head = letters[0].lower() if letters else ""
        return len(head) >= 4 and not _a_word(head) and head not in _lexicon_stops()
    if tag.lower() in _lexicon_stops() or re.match(r"M[a]?c[A-Z]", tag):
        return False  # "YouTube", "WhatsApp": a product the lists know; "McDonalds"
    return any(len(p) >= 4 and _a_name_part(p) for p in parts)


def _a_name_part(word: str) -> bool:
    """Whether the lists know a word as a given name that is not only an ordinary word ("Luna",
    "Jack"; not "Stop"); surnames are too often words ("Dash", "Master") to count."""
    from faq_site.anonymise_lexicon import GIVEN, STOP, WORD, classify  # reads this module

    kind, flags = classify(word)
    return kind not in (STOP, WORD) and bool(flags & GIVEN)


def _lexicon_stops() -> frozenset[str]:
    """The firms, products and places the lists know, in lower case."""
    from faq_site.anonymise_lexicon import lexicon  # the lexicon reads this module's lists

    return lexicon().stops


def handles(text: str) -> Iterator[Found]:
    """People's usernames and handles, which name them as well as their names do."""
    for match in _TAG_CUED.finditer(text):
        group = "handle" if match.group("handle") else "streamer"
        tag = match.group(group)
        if tag[0].isupper() or re.search(r"[\d_]", tag):
            yield "name", match.start(group), match.end(group)
    if _GAMING.search(text):
        for match in _TAG_SHAPE.finditer(text):
            if _a_tag(match.group("tag")):
                yield "name", match.start("tag"), match.end("tag")
    for pattern in (_HANDLE_CUED, _HANDLE_QUOTED):
        for match in pattern.finditer(text):
            handle = match.group("handle")
            shaped = bool(re.search(r"[\d_.]", handle))
            if pattern is _HANDLE_CUED and not shaped and _a_word(handle):
                said = re.sub(r"^on\s+[\w.]+\s*", "", match.group("said").strip())
                if not said or (said in ("is", "was", "es") and handle.islower()):
                    continue  # "the username field", "the login page is down"
            if _NOT_A_HANDLE_BEFORE.search(text, max(0, match.start() - 60), match.start()):
                continue
            if pattern is _HANDLE_QUOTED and not shaped:
                continue  # 'a profile named "Grace"': the names' own rules judge a name
            yield "name", match.start("handle"), match.end("handle")
    if "_" in text and _SOCIAL.search(text):
        for match in _UNDERSCORED.finditer(text):
            word = match.group()
            if (
                word.isupper()
                or _LOCALE.fullmatch(word)
                or any(part.lower() in _TECHNICAL_PARTS for part in word.split("_"))
                or _NOT_A_HANDLE_BEFORE.search(text, max(0, match.start() - 60), match.start())
            ):
                continue  # "CRS_ID", 'a cookie called "didomi_token"': a field's or a system's
            mixed = any(c.isupper() for c in word)
            if (
                any(c.isdigit() for c in word)
                or mixed
                or not all(_a_word(part) for part in word.split("_") if part)
            ):
                yield "name", match.start(), match.end()


_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČŘȘȚ", "a-zß-öø-ÿĀ-žșț"
_NAME_WORD = (
    rf"(?:[A-Z][{_APOSTROPHES}])?[{_UPPER}][{_LOWER}]+(?:[A-Z][{_LOWER}]+)?"
    rf"(?:-[{_UPPER}][{_LOWER}]+)*"
)
_PARTICLE = r"(?:van|von|de|der|den|da|di|del|du|la|le|bin|bint|ibn|al|ap|ab|ferch)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame)\.?[ ]"
_NAME = (  # a title may come before initials: "Mrs J Pattinson"
    rf"(?:{_TITLE}(?:[A-Z]\.?[ ]){{0,2}})?{_NAME_WORD}(?:[ ](?:{_PARTICLE}[ ])*{_NAME_WORD}){{0,2}}"
)
_RELATIVE = (
    r"colleague|co-?worker|manager|boss|supervisor|husband|wife|partner|fianc[ée]e?|son|daughter|"
    r"child|mother|mum|mom|mam|father|dad|da|daddy|brother|sister|cousin|aunt|uncle|grandmother|"
    r"grandfather|granda|(?:ex-)?(?:boyfriend|girlfriend|husband|wife|partner)|coach|captain|"
    r"referee|ref|teacher|tutor|volunteer|"
    r"gran|nan|granny|grandma|grandad|grandpa|nana|nanna|bestie|best\s+friend|bff|"
    r"grandson|granddaughter|friend|neighbour|neighbor|tenant|landlord|landlady|"
    r"employee|assistant|client|carer|solicitor|accountant|DPO|data\s+protection\s+officer|"
    r"team\s+leader|line\s+manager|HR\s+manager|director|stepson|stepdaughter|rep|"
    r"representative|(?:support|sales|service)\s+(?:agent|rep)|agent|account\s+manager|"
    r"advis[eo]r|consultant|contact\s+person|lawyer|attorney|barrister|advocate"
)
_MY_FOREIGN = (
    r"moja|mój|moj[ae]j|moich|meine?|meinem|meiner|mon|ma|mes|mi|mis|mio|mia|mí[ao]|minha|meu|"
    r"mijn|min|mitt|mina|mé|mou|mea|meu|mojego|savo|mano|fy"
)
_RELATIVE_FOREIGN = (
    r"córka|córki|syn|syna|żona|mąż|brat|siostra|matka|ojciec|mama|tata|babcia|dziadek|Tochter|"
    r"Sohn|Frau|Mann|"
    r"Bruder|Schwester|Mutter|Vater|Freundin|Freund|fille|fils|femme|mari|frère|sœur|mère|père|"
    r"hija|hijo|esposa|esposo|marido|hermano|hermana|madre|padre|figlia|figlio|moglie|marito|"
    r"fratello|sorella|filha|filho|irmão|irmã|mãe|pai|dochter|zoon|vrouw|broer|zus|moeder|"
    r"vader|datter|søn|kone|dotter|hustru|fru|dcera|manžel|manželka|fiica|fiul|soția|soțul|"
    # Spanish and Italian relatives beyond the household; Welsh after "fy" ("fy mab, Cai")
    r"sobrin[oa]|prim[oa]|niet[oa]|abuel[oa]|t\u00edo|t\u00eda|nipote|cugin[oa]|nonn[oa]|zi[oa]|"
    r"mab|merch|g\u0175r|gwr|gwraig|tad|mam|brawd|chwaer|nai|nith|\u0175yr|wyres|"
    # Polish and Lithuanian in the genitive, as "on behalf of my ..." takes them
    r"mamy|matki|córki|żony|siostry|babci|męża|ojca|taty|brata|dziadka|mamos|tėvo|motinos|"
    r"dukters|sūnaus|vyro|žmonos"
)
_MY_RELATIVE_SUFFIXED = (
    r"babam|annem|o\u011flum|k\u0131z\u0131m|e\u015fim|karde\u015fim|\u00e9desap\u00e1m|"
    r"\u00e9desany\u00e1m|ap\u00e1m|any\u00e1m|fiam|l\u00e1nyom|f\u00e9rjem|feles\u00e9gem|"
    r"is\u00e4ni|\u00e4itini|poikani|tytt\u00e4reni|mieheni|vaimoni"
)
# People a question speaks of by what they do, then names: "a rider named Graça", "the driver's
# name is Sunday", "he gave me his name as Sohail", "one of your drivers, Tunji, saw", "o
# motorista chamava-se Adilson", "kierowca miał na imię Ołeksandr". What follows is a person's
# name even when the lists know it as a day or a place.
_PERSON_NOUN = (
    r"(?:driver|rider|passenger|customer|client|man|woman|lady|gentleman|guy|girl|boy|lad|bloke|"
    r"person|someone|somebody|child|kid|pupil|student|teacher|officer|agent|worker|member|"
    r"neighbou?r|tenant|colleague|nurse|doctor|carer|cleaner|engineer|courier|caller|user|"
    r"match|seller|buyer|host|guest|employee|volunteer|coach|TA)"
)
# Only people, for "one of your drivers, ...": "one of our clients, Tesco," is a firm.
_PEOPLE_ONLY = (
    r"(?:driver|rider|passenger|teacher|officer|worker|neighbou?r|tenant|colleague|nurse|doctor|"
    r"carer|cleaner|engineer|courier|volunteer|coach|pupil|student|kid|child|employee|staff)"
)
# "called" names only after "a" or "one" ("a rider called Becky"); after "the" it is often the
# verb ("the customer called Barclays").
NAMED_PERSON_CUE = (
    rf"\b{_PERSON_NOUN}\s+named"
    rf"|\b(?:a|an|one|another)\s+(?:[a-z]+\s+)?{_PERSON_NOUN}\s+called"
    rf"|\b{_PERSON_NOUN}(?:['\u2019]s)?\s+name\s+(?:is|was)"
    r"|\b(?:gave|told)\s+(?:me|us)\s+(?:his|her|their)\s+name\s+as"
    rf"|\bone\s+of\s+(?:your|our|the|their|my|his|her)\s+{_PEOPLE_ONLY}(?:s|ren),"
    r"|\b(?:chamava-se|se\s+chamava|na\s+imi\u0119|anaitwa|aliitwa"
    r"|(?:\u0219|s)oferul\s+era)"
)
_NAME_CUE = re.compile(
    r"(?=\w)\b"
    + by_first_letter(
        r"(?i:\b(?:(?:my|his|her|their|our|the)\s+(?:(?:full|real|profile|display|user)\s+)?name"
        r"(?:\s+on\s+(?:here|the\s+app|[\w.-]+))?\s+(?:is|was)"
        r"(?:\s+(?:spelt|spelled|written))?|my\s+name's|call\s+me|called|named|known\s+as|this\s+is"
        r"|contact|signed|ich\s+hei(?:ß|ss)e|ich\s+bin|je\s+m'appelle|je\s+suis|mi\s+chiamo"
        r"|me\s+llamo|soy|ik\s+heet|ik\s+ben|jeg\s+heter|jag\s+heter|nazywam\s+się"
        r"|mi\s+nombre\s+es|meu\s+nome\s+[\u00e9e]|mon\s+nom\s+est|mein\s+name\s+ist"
        r"|il\s+mio\s+nome\s+[\u00e8e]"
        r"|sono|jestem|sunt|s\u00f3c|jsem|(?-i:ben)|eu\s+sou|jeg\s+er|jag\s+\u00e4r|me\s+chamo"
        r"|fy\s+enw(?:\s+i)?\s+yw|is\s+mise|my\s+naam\s+is|ek\s+is|ako\s+si"
        # Romanian, and Hindi or Urdu written in Latin letters: "Numele meu este ...", "Mera
        # naam Rukhsana Parveen hai"
        r"|numele\s+meu\s+(?:este|e)|mera\s+(?:naam|nam|name)"
        # Somali "my name is", "I am"
        r"|magacaygu\s+waa|magacayga\s+waa|waxaan\s+ahay"
        r"|ang\s+pangalan\s+ko\s+ay"
        # "is called" of the languages of Europe: "se llama Alba", "si chiama Luca"
        r"))[ \t]+"
        # "is called" of other languages, after a person: "mi hija se llama Alba"
        r"|(?i:\b(?:hij[oa]|madre|padre|novi[oa]|herman[oa]|marido|mujer|amig[oa]|ella|\u00e9l|"
        r"chic[oa]|figli[oa]|marito|moglie|amic[oa]|lui|lei|fille|fils|m\u00e8re|p\u00e8re|mari|"
        r"femme|ami|amie|il|elle|tochter|sohn|mutter|vater|mann|frau|freund|freundin|er|sie|"
        r"filh[oa]|m\u00e3e|pai|ele|ela|c\u00f3rka|syn|mama|tata|m\u0105\u017c|\u017cona|on|ona)"
        r"\s+(?:se\s+llama|si\s+chiama|s'appelle|hei(?:\u00df|ss)t|se\s+chama|chama-se|"
        r"nazywa\s+si\u0119))[ \t]+"
        # A name in quotes after what says it is one: 'my name on the app is "Dimpy"', 'calls
        # herself "Grace"', 'addressed me as "Grace"'
        r"|(?i:\b(?:(?:my|his|her|their)\s+(?:(?:full|real|profile|display|user)\s+)?name"
        r"(?:\s+on\s+(?:here|the\s+app|[\w.-]+))?\s+(?:is|was)"
        r"|calls?\s+(?:me|him|her|them|himself|herself|themselves)|addressed\s+(?:me|him|her|them)\s+as"
        r"))[ \t]+[\"\u201c]"
        r"|(?i:\bcalls?\s+(?:himself|herself|themselves))[ \t]+"
        rf"|(?i:\bname)[ \t]*[:{_DASHES}-][ \t]*"
        # A form's name fields in the languages of Europe: "Nom : Diallo", "Vorname: Lena"
        r"|(?i:\b(?:nom|pr\u00e9nom|vorname|nachname|nombre|apellidos?|imi\u0119|nazwisko|nome|cognome|"
        r"voornaam|achternaam|f\u00f6rnamn|efternamn|fornavn|etternavn|sukunimi|etunimi))"
        r"[ \t]*:[ \t]*"
        r"|(?i:\b(?:my\s+details|about\s+me))[ \t]*:[ \t]*"
        rf"|(?i:{NAMED_PERSON_CUE})[ \t]+"
        # A form's or a report's field for a person: "Trader: Liam Kehoe", "Son: Dominykas ..."
        r"|(?i:\b(?:trader|customer|client|tenant|landlord|landlady|resident|student|pupil|child|son|"
        r"daughter|mother|father|parent|guardian|reviewer|engineer|cleaner|employee|applicant|"
        r"candidate|passenger|guest|member|witness|driver))[ \t]*:[ \t]*"
        r"|(?i:\bmy[ \t]+name)[ \t]+(?=[A-Z])|(?i:\bname)[ \t]+(?=[A-Z][a-z]+[ ][A-Z][a-z])"
        # Words from forms and bank details that introduce whose name follows.
        r"|(?i:\b(?:name\s+on\s+(?:the\s+)?(?:account|card)|account\s+(?:holder|owner)|card\s*holder"
        r"|applicant(?:\s+name)?|(?:first|last|maiden)\s+name|surname|Kontoinhaber(?:in)?"
        r"|Inhaber(?:in)?|titulaire|titular)(?:\s+(?:is|was))?)"
        rf"(?:[ \t]*[:{_DASHES}-][ \t]*|[ \t]+)"
        rf"|\bI(?:[{_APOSTROPHES}]m|[ ]am)[ ](?:not[ ])?"
        # "hi im Kyle", "I go by "Tom"", "ja sam Ante"
        r"|(?i:\b(?:hi|hey|hiya|hello|yo))[ ,.!]+im[ ]"
        r"|(?i:\b(?:go|goes|went)\s+by)[ \t]+[\"\u201c]?"
        r"|(?i:\bja\s+sam)[ \t]+"
        r"|(?i:\b(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)))(?:[ \t]+|,[ \t]*)"
        rf"|(?i:\b(?:my|our|his|her|their|your)\s+(?:(?:late|former|ex-|new|old|elderly|eldest|"
        rf"youngest|teenage)\s*)?(?:{_RELATIVE}))(?:,|[ ](?:is|was|called|named))?[ \t]+"
        rf"|(?i:\b(?:a|an|the)\s+(?:(?:late|former|new|old)\s+)?(?:{_RELATIVE})),[ \t]+"
        # Whose parent is writing: "parents of Isla", "mãe do Gabriel", "père de Lucas".
        r"|(?i:\b(?:parents?|mother|father|mum|dad|guardian|m\u00e3e|pai|madre|padre|m\u00e8re|"
        r"p\u00e8re|moeder|vader|mutter|vater|mama|tata)\s+(?:of|do|da|de|du|di|van|von|lui)\s+)"
        rf"(?=[A-Z][{_LOWER}]+\b(?![ ][A-Z]))"
        # Welsh says whose parent with no word for "of": "mam Deio a Mabli", "tad Osian"
        r"|(?-i:\b(?:mam|tad|rhieni))[ ](?=[A-Z][a-z]+\b(?![ ][A-Z]))"
        # The same in the languages people most often write to us in: "moja córka Zuzanna",
        # "meine Tochter Lena", "mon mari Karim", "mi hija Lucía".
        rf"|(?i:\b(?:{_MY_FOREIGN})\s+(?:{_RELATIVE_FOREIGN}))(?:,[ \t]*|[ \t]+)"
        # Languages that say "my" with an ending: "babam", "édesanyám", "tyttäreni"
        rf"|(?i:\b(?:{_MY_RELATIVE_SUFFIXED}))(?:,[ \t]*|[ \t]+)"
        r"|(?i:\b(?:(?:kind|best|warm|warmest|many|with)\s+)?(?:regards|thanks|thank\s+you|wishes|"
        r"cheers|sincerely|faithfully|best)(?:\s+(?:again|in\s+advance|so\s+much|very\s+much))?)"
        r"(?:[,.!]?[ \t]*\n[ \t]*|,[ \t]*)"
        rf"|\b(?={_TITLE})"
    )
    + rf"(?P<name>{_NAME})"
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
    rf"(?:[.!?]|\n)[ \t]*(?:[-{_DASHES}~]+[ \t]*)?(?P<name>{_NAME}(?:[ ](?:&|and)[ ]{_NAME})?)"
    # what may follow the name on its line: a code, a role, a company ("Rebecca Lyons, MA-7704128")
    r"(?:[ \t]*[.!]?|,[ \t]*(?:[^\n.?!]|[.](?!\s)){1,80}[.!]?)"
    # or on the line below, a job's title: "Fiona Gill\nPractice Manager"
    r"(?:\n[ \t]*(?:[A-Z][a-z]+[ ]){1,3}(?:Manager|Director|Officer|Secretary|Assistant|Adviser|"
    r"Advisor|Co-?ordinator|Executive|Lead|Partner|Solicitor|Consultant|Clerk|Supervisor|Owner|"
    r"Administrator|Engineer|Specialist|Analyst)[ \t]*)?\s*$"
)
# "called" and "named" after one of these introduce the name of a thing, not of a person.
_THING_CALLED = re.compile(
    r"(?i)(?=\w)\b"
    + by_first_letter(
        r"company|firm|business|organisation|organization|agency|charity|shop|brand|app|tool|"
        r"product|service|platform|website|site|file|folder|field|list|group|campaign|plugin|"
        r"add-on|integration|feature|plan|team|house|lodge|hotel|pub|cafe|restaurant|salon|studio|"
        r"practice|clinic|school|nursery|club|range|line|dog|cat|pupp(?:y|ie)|kitten|horse|pon(?:y|ie)|"
        r"spaniel|labrador|terrier|collie|poodle|parrot|rabbit|hamster|pet|bot|chatbot|robot|"
        r"(?:AI|virtual|digital|voice)\s+assistant|game|podcast|newsletter|event|course|project|"
        r"boat|ward|room|bar|band|show"
    )
    + r"s?\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:called|named|known\s+as)"
    r"[ \t]+[\"\u201c']?$"
)
_ORGANISATION_AFTER = re.compile(r"[ ](?:Ltd|Limited|plc|PLC|Inc|LLP|GmbH|Group|Bank|Council)\b")


def names(text: str) -> Iterator[Found]:
    """People's names after the words that introduce them: cues, greetings, titles, sign-offs."""
    ending = _SIGNATURE_AT_END.search(text, max(0, len(text) - 140))
    if (
        ending
        and text[ending.end("name") :].lstrip().startswith(",")
        and (
            len(text[ending.end("name") :].split()) > 6  # a clause, not a role or a code
            or (" " not in ending.group("name") and _a_common_word(ending.group("name")))
        )
    ):
        ending = None  # "However, nothing came of it.": a sentence, not a signature
    for match in [*_NAME_CUE.finditer(text), *([ending] if ending else [])]:
        start, end = match.span("name")
        if _FIELD_CUE.fullmatch(text, match.start(), start) and not _given_name(
            text[start:end].split()[0]
        ):
            continue  # "Passenger: Economy Class", "Member: Gold Plus": a field's value
        if _THING_CALLED.search(text, max(0, start - 40), start):
            continue
        words = list(re.finditer(r"\S+", text[start:end]))
        titled = bool(re.match(_TITLE, text[start:end]))
        # "My name is Jenkins", "he is called Paul Smith": said so, a brand's name is a person's.
        cue = text[match.start() : start]
        named = re.search(r"(?i)\b(?:name\s+(?:is|was)|name's|called|named)\s+$", cue)
        kept_end = None
        for index, word in enumerate(words):
            if titled and index == 0:
                continue
            if word.group() in _NOT_NAMES and not named:
                break
            kept_end = start + word.end()
        if kept_end is None or _ORGANISATION_AFTER.match(text, kept_end):
            continue
        yield "name", start, kept_end
    for pattern in (_FAMILY, TITLE_AND_INITIAL, _BEFORE_SENT_FROM, _AGAIN_AT_START):
        for match in pattern.finditer(text):
            following = re.match(r"[ ]([a-z]+)", text[match.end() :])
            if pattern is _FAMILY and following and following.group(1) not in _AFTER_A_FAMILY:
                continue
            if match.group("name") not in _NOT_NAMES and not _a_common_word(match.group("name")):
                yield "name", match.start("name"), match.end("name")
    for match in _FAMILY_PLURAL.finditer(text):
        plural = match.group("name")
        if a_surname(plural[:-1]) and not _a_word(plural):
            yield "name", match.start("name"), match.end("name")  # "staying with the Hendersons"


# A form's field for a person, as _NAME_CUE reads it.
_FIELD_CUE = re.compile(
    r"(?i:trader|customer|client|tenant|landlord|landlady|resident|student|pupil|child|son|"
    r"daughter|mother|father|parent|guardian|reviewer|engineer|cleaner|employee|applicant|"
    r"candidate|passenger|guest|member|witness|driver)[ \t]*:[ \t]*"
)
# What may follow "the Grant family" when it names people, not a thing ("the Haven family
# pass", "the Chelsea kids shirt").
_AFTER_A_FAMILY = frozenset({"and", "or", "is", "are", "was", "were", "has", "have", "had", "who",
                             "that", "next", "in", "at", "from", "to", "on", "for", "with", "said",
                             "says", "asked", "moved", "came", "left", "live", "lives", "about",
                             "of", "again", "too", "want", "wants", "do", "did", "will", "would",
                             "can", "could", "kept", "keep", "still", "just", "also"})  # fmt: skip
# A family known by its surname: "the Grant family", "the Hayes household".
_FAMILY = re.compile(
    r"\b(?i:the)[ ](?!(?:Royal|Host|Foster|Extended|Nuclear|Modern|Whole|Same|Other|New)\b)"
    r"(?P<name>(?:(?:Van|Von|De|Du|Da|Di|Le|La|Mac|Mc)[ ](?:(?:der|den|de|la)[ ])?)?"
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ ](?:family|household|twins|kids)\b"
)
# A family called by its surname in the plural: "the Kowalskis", "the Hendersons".
_FAMILY_PLURAL = re.compile(
    r"(?:\bthe|(?:^|(?<=[.!?\n])[ ]*)The)[ ](?P<name>[A-Z][a-z]{3,}s)\b(?!['\u2019]|[ ]of\b)"
)
# A title and an initial alone: "Mrs D", "difficult customer, Mrs Q".
TITLE_AND_INITIAL = re.compile(
    r"\b(?P<name>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ ][A-WYZ])(?![\w.&-]|['\u2019]\w)"
)
# The writer, writing again: "Kasia again.", "Hi, TJ here again".
_AGAIN_AT_START = re.compile(
    r"^[ \t]*(?:(?i:hi|hello|hey|hiya|morning|good[ ]morning|afternoon)[,.!]*[ \t]+)?"
    r"(?:(?i:it['\u2019]s|this[ ]is)[ \t]+)?"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:[ ][A-Z][\w'\u2019-]*)?)[ \t]+(?:here[ \t]+)?again\b"
)
# A name ending the line before a phone's "Sent from my ..." footer.
_BEFORE_SENT_FROM = re.compile(
    r"(?m)(?:^[ \t]*|[.!?,][ \t]+)(?P<name>[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)[ \t]*\n[ \t]*"
    r"Sent from my\b"
)
