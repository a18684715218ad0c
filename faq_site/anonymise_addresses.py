"""Street addresses and postal codes: the shapes of the world's addresses, UK postcodes by Royal
Mail's rules, and other countries' codes where their shape, a cue or a town beside them shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from faq_site.anonymise_context import _ARTICLE_BEFORE
from faq_site.anonymise_lexicon import GIVEN, PLACE, STOP, STRONG, SURNAME, WEAK, WORD, classify
from faq_site.anonymise_rules import _APOSTROPHES, _NOT_NAMES, WORD_START, Found, by_first_digit

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
    r"(?i:\b(?:post ?code|postal code|zip(?: ?code)?|PLZ|Postleitzahl|code postal|CEP|"
    r"PIN(?: ?code)?|"
    r"código postal|CAP|kod pocztowy)|\bC\.P\.)"
    r"\s*(?:is\s+|was\s+|:\s*|-\s*)?"
    rf"(?P<code>(?i:{_UK_POSTCODE})|\d{{5}}-\d{{3}}|\d{{6}}|\d{{5}}(?:-\d{{4}})?"
    rf"|\d{{4}} ?[A-Z]{{2}}|\d{{2}}-\d{{3}}"
    r"|\d{3} ?\d{2}|\d{4}|[A-Z]\d[A-Z] ?\d[A-Z]\d)(?![\w-])"
)


# Shapes distinctive enough on their own: UK postcodes in lower case, Irish Eircodes, Canadian
# codes, and US ZIP codes after a state.
_ZIP_PLUS_FOUR = re.compile(r"(?<![\d-])\d{5}-\d{4}(?![\d-])")
_UK_POSTCODE_LOWER = re.compile(rf"(?<![\w-])(?i:{_UK_POSTCODE})(?![\w-])")
_EIRCODE = re.compile(
    r"(?<![\w-])(?i:(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?(?=[0-9AC-FHKNPRTV-Y]{0,3}\d)"
    r"[0-9AC-FHKNPRTV-Y]{4})"
    r"(?![\w-])"
)
_CANADIAN = re.compile(
    r"\b(?:[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d"
    r"|[abceghj-nprstvxy]\d[abceghj-nprstv-z] ?\d[abceghj-nprstv-z]\d)\b"
)
# Australian states before a four-digit code ("Surry Hills NSW 2010").
_AU_CODE = re.compile(r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)[ ](?P<code>\d{4})\b")
_US_STATES = (  # noqa: SIM905 - codes read best as one string
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
).split()
_US_ZIP = re.compile(rf"\b(?:{'|'.join(_US_STATES)}),?[ ](?P<code>\d{{5}}(?:-\d{{4}})?)\b")
# Codes that are only a few digits are taken where a town follows them ("1017 BX Amsterdam",
# "00-950 Warszawa", "75011 Paris") or where they close an address line.
_CODE_BEFORE_TOWN = re.compile(
    r"(?<![\w/.-])(?P<code>[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}|\d{4}-\d{3}|\d{2}-\d{3}|\d{3} \d{2}"
    # a code with its country's letters, as the Baltic states and others write it: "LT-01103"
    r"|(?:LT|LV|EE|FI|SE|DK|NO|IS|CH|AT|DE|FR|NL|BE|LU|PL|CZ|SK|HU|SI|HR|CY|GR|PT|ES|IT|RO|BG)-\d{4,5}"
    r"|\d{4,6})"
    r"(?=,?[ ](?:[A-ZÀ-ÝŁŚŻĆŃŹČŘŠŽĐ\u0130\u015e\u011e][a-zà-ÿąćęłńóśźżčřšžđığş]+|[A-Z]{2,}\b))"
)


# Codes whose place in the text shows them: after a Japanese postal mark, a Brazilian CEP on an
# address line, a five-digit number where the sentence speaks of ZIP or postal codes.
_JAPANESE = re.compile(
    r"(?:\u3012|\u90ae\u7f16|\u90f5\u905e\u5340\u865f)[:\uff1a ]?(?P<code>\d{3}-\d{4}|\d{6})"
)
_CEP = re.compile(r"(?<![\w-])\d{5}-\d{3}(?![\w-])")
_POSTAL_NEAR = re.compile(
    r"(?i:\b(?:zip(?:\s?codes?)?|post\s?codes?|postal\s+codes?|PLZ))\b[^\n.]{0,30}?"
    r"(?<![\w-])(?P<code>\d{5})(?![\w-])"
)


# A code after the town that closes an address line: "Kadikoy, Istanbul 34710.", "Athina 105 63".
_CODE_AFTER_TOWN = re.compile(
    r"(?:(?<=[^\W\d_][ ])|(?<=[^\W\d_],[ ]))(?P<code>\d{6}|\d{5}|\d{4}|\d{3}[ ]\d{2})"
    r"(?=[.,;]?(?:[ \t]*\n|[ ]*$)|[.,;][ ])"
)
_ADDRESS_LINE_BEFORE = re.compile(
    r"\d[^\n?!]{0,80}(?:,|,?[ ]?\n)[ ]?(?:[^\W\d_]+[ ]?){1,3}(?:,[ ])?$"
)
_ARGENTINE = re.compile(r"(?<![\w-])[A-HJ-NP-Z]\d{4}[A-Z]{3}(?![\w-])")
_BOX_CODE = re.compile(r"\bP\.?[ ]?O\.?[ ]Box[ ]\d{1,6}-(?P<code>\d{5})\b")


def postcodes(text: str) -> Iterator[Found]:
    """UK postcodes anywhere, and other countries' postal codes where their shape or a cue shows."""
    for pattern in (_UK_POSTCODE_RE, _UK_POSTCODE_LOWER, _EIRCODE, _CANADIAN, _ZIP_PLUS_FOUR):
        for match in pattern.finditer(text):
            letters = re.sub(r"[^A-Za-z]", "", match.group())
            if letters.isupper() or letters.islower():  # "P11Ds" is a form's name, typed so
                yield "postcode", match.start(), match.end()
    for match in _CEP.finditer(text):
        if _on_an_address_line(text, match.start()):
            yield "postcode", match.start(), match.end()
    for match in _ARGENTINE.finditer(text):
        if _on_an_address_line(text, match.start()):
            yield "postcode", match.start(), match.end()
    for match in _CODE_AFTER_TOWN.finditer(text):
        code = match.group("code")
        if len(code) == 4 and re.fullmatch(r"19[5-9]\d|20[0-4]\d", code):
            continue  # a year: "since Madrid 2019"
        line = _ADDRESS_LINE_BEFORE.search(text, max(0, match.start() - 90), match.start())
        town = re.split(r"[,\n]", line.group().rstrip(", "))[-1].split() if line else []
        if town and all(word[0].isupper() for word in town):
            yield "postcode", match.start("code"), match.end("code")
    for pattern in (_POSTAL_CUED, _US_ZIP, _AU_CODE, _JAPANESE, _POSTAL_NEAR, _BOX_CODE):
        for match in pattern.finditer(text):
            yield "postcode", match.start("code"), match.end("code")
    for match in _CODE_BEFORE_TOWN.finditer(text):
        code = match.group("code")
        town = re.match(r",?[ ](\w+)", text[match.end() :]).group(1)
        if code.isdigit() and not _on_an_address_line(text, match.start()):
            continue
        if _ARTICLE_BEFORE.search(text, max(0, match.start() - 8), match.start()) and re.fullmatch(
            r"19\d\d|20[0-4]\d", code
        ):
            continue  # "a 2019 Seat Leon", "my 2008 Honda Jazz": the year a thing was made
        if town.upper() in ("EU", "UK", "US", "GDPR") or town in _NOT_NAMES:
            continue
        yield "postcode", match.start("code"), match.end("code")


_TOWN_CONTEXT = re.compile(r"(?:\d[\w/-]*|[,\n]|\b(?:in|to|at|nach|en|a|aus|von))[ \t]*$")


def _on_an_address_line(text: str, start: int) -> bool:
    """A bare number before a capitalised word is a postal code only on an address line."""
    return bool(_TOWN_CONTEXT.search(text, max(0, start - 30), start))


# --- Street addresses -----------------------------------------------------------------------------

_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Yard|Close|Drive|Way|Place|Pl|Square|Sq|Court|"
    r"Gardens|Gdns|Terrace|Crescent|Hill|Row|Walk|Mews|Grove|Park|Green|Parade|Rise|View|Vale|"
    r"Boulevard|Wharf|Quay|Gate|Circus|Embankment|Approach|Villas|Passage|Wynd|Chase|Meadows?|Fields?|Cottages|"
    r"Mount|Heights|Paddocks?|Croft|Mead|Dale|Glade|Grange|Hollow|Brae|Ridge|Orchard|Fold|Garth|Drove|"
    r"Causeway|Esplanade|Promenade|Arcade|Gardens|Precinct|"
    r"Mews|Prospekt|Prospect|Kingsway|Broadway|Quayside|Parade|Industrial[ ]Estate|"
    r"Business[ ]Park|Retail[ ]Park|Trading[ ]Estate|Side|Blvd|Ct|Cres|Pkwy|Hwy|Ter|Cir|Trl)"
)
_PLACE_WORD = rf"[A-Z\u00c0-\u00de][A-Za-z\u00e0-\u00ff{_APOSTROPHES}-]*"  # "Dún Dealgan Park"
_FLAT = (
    r"(?:Flat|Apartment|Apt\.?|Unit|Suite)[ ]\d{1,4}[A-Za-z]?,?[ ]"
    r"(?:[A-Z][a-z]+[ ](?:Court|House|Heights|Towers|Residency|Apartments|Mansions|Lodge),[ ]"
    r"|The[ ][A-Z][a-z]+,[ ])?"
)
_NUMBERED = (
    rf"\d{{1,4}}(?:/\d{{1,4}})?[A-Za-z]?,?[ ](?:(?:North|South|East|West)[ ])?"
    rf"(?:\d{{1,3}}(?:st|nd|rd|th)[ ])?"
    rf"(?:{_PLACE_WORD}[ ]){{0,3}}{_STREET}"
    r"(?:[ ](?:North|South|East|West|Upper|Lower|NE|NW|SE|SW|N|S|E|W)\b)?"
)
_NAMED = rf"(?:{_PLACE_WORD}[ ]){{1,3}}{_STREET}"
# "Dr" ends a street only after a word of the street's name: "309 Oak Ridge Dr", not "3 Dr Jones".
_DRIVE = rf"\d{{1,4}}[ ](?:{_PLACE_WORD}[ ]){{1,3}}Dr\b\.?"
_UNIT_AFTER = r"(?:,?[ ](?:Apt|Apartment|Suite|Unit|Flat|#)\.?[ ]?\d{1,4}[A-Za-z]?)?"
_STREET_LOWER = (
    r"(?:street|st|road|rd|lane|avenue|ave|close|drive|crescent|gardens|terrace|way|grove|place|"
    r"court|"
    r"square|mews|rise|walk|row|hill|park|green|parade|view|vale)"
)
_FOREIGN_STREET_WORD = (
    r"(?:Bd\.|Bdul\.?|\u0218os\.|Calle|C/|Avenida|Avda\.?|Av\.|Paseo|Plaza|Pza\.?|Carrer|Avinguda|Passeig|Rua|Travessa|"
    r"Largo|Praça|Via|Viale|"
    r"Piazza|Corso|Vicolo|Strada|Rue|Avenue|Boulevard|Bd|Chaussée|Straße|Strasse|Platz|Chemin|"
    r"Impasse|All\u00e9e|Quai|"
    r"Str\.|Calea|Aleea|Bulevardul|Bd-ul|\u0218oseaua|Soseaua|Splaiul|Camino|Ronda|Rambla|"
    r"Traves\u00eda|Alameda|Estrada|Rodovia|Jalan|Jln\.?|Jl\.|Lorong|Taman|Soi|Thanon|Ulica|Ulice)"
)
_CAPITAL_WORD = r"[A-ZÀ-ÝŁŚŻŹĆŃ][\w'\u2019.-]*"
_CONNECTOR = r"(?:de|del|da|do|dos|das|la|las|los|el|di|della|delle|dei|des|du|le|l'|d'|von|der)"
_ADDRESS_SHAPES = (
    # A house in a mews or a close off a named street: "3 The Mews, Orchard Lane", before the
    # shorter "3 The Mews" alone.
    r"\b\d{1,4}[ ]The[ ][A-Z][a-z]+,[ ](?:[A-Z][a-z]+[ ]){1,2}"
    r"(?:Lane|Road|Street|Close|Drive|Way|Avenue|Green|Hill|Row)\b"
    rf"|(?:\b|(?<=[^\x00-\u024f\s]))(?:{_FLAT}(?:{_NUMBERED}|{_NAMED})|{_NUMBERED}|{_DRIVE}){_UNIT_AFTER}\b"
    # French streets typed with the street word in lower case: "45 cours Gambetta", "3 bis rue
    # de la Paix"
    r"|\b\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ](?:rue|avenue|boulevard|bd|cours|place|chemin|all\u00e9e|"
    r"impasse|quai|route|passage)[ ](?:(?:de|du|des|la|le|l'|d')[ ]?)*[A-Z\u00c0-\u00dd][\w'-]+"
    r"(?:[ -](?:(?:de|du|des|la|le|l'|d')[ ]?)*[A-Z\u00c0-\u00dd][\w'-]+){0,3}"
    # Rooms and flats in a named block: "Block C, Room 214, Edgehill Halls", "Room 4, Flat 12,
    # Cathays Court".
    r"|\b(?:(?i:room|flat|block|unit|apartment|apt|studio)\.?[ ][0-9A-Z]{1,4}[A-Za-z]?,[ ]){1,3}"
    r"(?:[A-Z][a-z]+[ ]){1,2}(?:Halls?|Court|House|Heights|Towers?|Residences?|Lodge|Mansions|"
    r"Apartments|Village|Quarter|Point|Place|Centre|Center|Buildings?|Works|Yard|Estate|Quay|Wharf|Square)\b"
    # Written in capitals: "22 BRAMLEY CLOSE".
    r"|\b\d{1,4}[A-Z]?[ ](?:[A-Z]{2,}(?:['\u2019]S)?[ ]){1,3}"
    r"(?:ROAD|STREET|LANE|AVENUE|CLOSE|DRIVE|WAY|CRESCENT|GARDENS|TERRACE|GROVE|PLACE|COURT|SQUARE|MEWS|RISE|WALK|ROW|HILL|PARK|GREEN)\b"
    rf"|\b(?:(?i:flat|apartment|apt\.?|unit)[ ]\d{{1,4}}[A-Za-z]?,?[ ])?(?!(?:19|20)\d\d,)"
    rf"\d{{1,4}}[a-z]?,?[ ]"
    # not what a number counts: "30 days at one park", "12 pitches on the green"
    r"(?!(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|times?|people|members|guests|"
    r"nights?|pitches|places|cars|miles|km|metres|meters|when|at|in|on|of|per|and|or|to|for)\b)"
    rf"(?:[a-z]+[ ]){{1,3}}"
    rf"{_STREET_LOWER}\b"
    # Dutch, German, Polish, Spanish, Italian, Portuguese and French shapes.
    r"|\b(?:[A-Z][a-z]+-)?[A-ZÄÖÜÅÆØ][a-zäöüßåæøé]+(?:gracht|straat|weg|laan|plein|kade|singel|dijk|"
    r"steeg|markt|hof|lei|dreef|baan|"
    r"straße|strasse|str\.|allee|gasse|ring|damm|ufer|chaussee|gatan|vägen|gade|vej|gate|veien|"
    r"gata|katu|tie)[ ]\d{1,4}(?:[-/ ]?\d{1,3}|[ ]?(?:bis|ter|hs|[A-Za-z])|-I{1,3})?\b"
    r"(?:[ ]bus[ ]\d{1,4}[A-Za-z]?\b)?"  # Belgian: the letterbox of a flat, "Meir 4 bus 2"
    r"(?:,[ ]\d{1,2}\.(?:[ ]?(?:th|tv|mf|sal)\b\.?)?)?"  # Danish: the floor and the side
    # A Belgian "vest" (a town's old rampart) only in a saint's street: "Sint-Jansvest 4"
    r"|\b(?:Sint|Sinte|Onze-Lieve-Vrouwe)-[A-Z][a-z]+vest[ ]\d{1,4}[A-Za-z]?\b"
    r"(?:[ ]bus[ ]\d{1,4}\b)?"
    # A Nordic street named after someone, its word apart: "Thorvald Meyers gate 12B, H0304"
    r"|\b(?:[A-ZÄÖÜÅÆØ][a-zäöüßåæøé]+[ ]){1,3}"
    r"(?:gate|gata|gatan|vei|veien|vej|v\u00e4gen|all\u00e9|plass|torg)"
    r"[ ]\d{1,4}[A-Za-z]?\b(?:,[ ][HKLU]\d{4}\b)?"
    r"|\b(?:The[ ])?[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?,[ ](?:[A-Z][a-z]+[ ]){1,2}"
    r"(?:Lane|Road|Street|Close|Drive|Way|Avenue|Green|Hill|Row)\b(?<!\bThe Street)"
    r"|\b\d{1,4}[ ]The[ ][A-Z][a-z]+,[ ](?:[A-Z][a-z]+[ ]){1,2}"
    r"(?:Lane|Road|Street|Close|Drive|Way)\b"
    r"|\b(?i:flat|apt|apartment|unit)[ ]\d{1,4}[a-z]?,[ ]\d{1,4}[a-z]?[ ][a-z]+"
    r"(?:way|gate|side|field)\b"
    r"|\b\d{1,2}-\d{1,2}-\d{1,2}[ ][A-Z][a-z]+"  # a Japanese block address
    r"|\bNo\.[ ]?\d{1,4},[ ]\d{1,2}(?:st|nd|rd|th)[ ](?:Cross|Main)(?:[ ]Road)?"  # Indian
    r"|\bHouse[ ]No\.?[ ]?\d{1,4},[ ](?:Sector|Block|Phase)[ ]\d{1,3}"
    r"|\bP\.?[ ]?O\.?[ ]Box[ ]\d{1,6}"
    # Pakistani and Indian: "House 23, Street 7, F-8/3".
    r"|\bHouse[ ](?:No\.?[ ]?)?\d{1,4}[A-Z]?,[ ](?:Street|Block)[ ]\d{1,3}"
    r"(?:,[ ][A-Z]-?\d{1,2}(?:/\d)?)?"
    # A house known by its name before the place: "Rose Cottage, Ballykeeran", "Plas Newydd Farm,"
    r"|(?<!\bthe[ ])\b(?:[A-Z][a-z]+[ ]){1,2}(?:Cottage|Farm|Farmhouse|Barn)(?=,[ ][A-Z])"
    # Chinese: the road and the number, "漕溪北路88号".
    r"|[\u4e00-\u9fff]{1,20}(?:路|街|道|巷|弄|大街)\d{1,5}(?:号|號)(?:[\u4e00-\u9fff\d]{0,12}(?:室|楼|樓))?"
    # Welsh and Irish streets, the street word first: "22 Heol y Parc", "12 Sráid an Mhuilinn".
    r"|\b\d{1,4}[ ](?:Heol|Stryd|Ffordd|L\u00f4n|Sr\u00e1id|Sr\u00e0id|B\u00f3thar|Ascaill|Cnoc"
    r"|Br\u00f3"
    r"|Plas|Maes|Cae|Ard|Gleann|P\u00e1irc|Cluain|Radharc|L\u00e1na|Bóithrín|Cois|Bron|Bryn|Glan"
    r"|Nant|Coed|Tan|Pen|Clos|Teras|Rhodfa|Cwrt|Stad)[ -]"
    r"(?:(?:y|yr|yn|an|na|na[hn]|de)[ -])?(?:[hnt]-)?[A-ZÁÉÍÓÚ][\wáéíóú'-]+"
    r"(?:[ ][A-ZÁÉÍÓÚ][\wáéíóú'-]+)?"
    # Indian: a flat in a named building on a numbered cross or main road.
    r"|\b(?:Flat|Apartment|House|Door)[ ](?:No\.?[ ]?)?\d{1,4}[A-Z]?,[ ](?:[A-Z][a-z]+[ ]){1,2}"
    r"(?:Residency|Apartments|Enclave|Towers|Heights|Nagar|Layout|Colony),[ ]\d{1,2}(?:st|nd|rd|th)"
    r"[ ](?:Cross|Main)(?:[ ]Road)?(?:,[ ][A-Z][a-z]+)?"
    # A Japanese address: the district in kanji, then the block numbers.
    r"|[\u4e00-\u9fff\u3040-\u30ff]{2,12}\d{1,2}-\d{1,2}(?:-\d{1,3})?"
    r"|\b[A-Z][a-z]+[ ](?:Cottage|House|Farm|Lodge|Barn|Villa|Manor|Mill|Hall),[ ]\d{1,4}[ ]"
    r"(?:[A-Z][a-z]+[ ]){1,2}(?:Lane|Road|Street|Close|Way|Avenue|Drive|Row|Hill)\b"
    r"|\b[A-Z][a-zł]+[ ]\d{1,4}[ ]m\.[ ]\d{1,4}"  # Polish, the flat after "m."
    # German streets named after someone, joined by hyphens: "Karl-Liebknecht-Straße 112"
    r"|\b(?:[A-ZÄÖÜ][a-zäöüß]+-){1,3}(?:Straße|Strasse|Str\.|Allee|Platz|Weg|Ring|Gasse|Damm|Ufer)"
    r"[ ]\d{1,4}[a-z]?\b"
    # Turkish: the street, "No:" and the flat, "Bağdat Caddesi No: 212 Daire: 7"
    r"|\b(?!Adres)(?:[A-ZÇĞİÖŞÜ][a-z\u00e7\u011f\u0131\u00f6\u015f\u00fc]+[ ]){1,2}"
    r"(?:Caddesi|Cad\.|Sokak|Soka\u011f\u0131|Sk\.|"
    r"Bulvar\u0131|Mahallesi|Mah\.)[ ]No[:.]?[ ]?\d{1,4}[A-Z]?(?:[ ](?:Daire|D)[:.]?[ ]?\d{1,4})?"
    # Indian: a house's number before the colony or the nagar, "House No. 23, Gandhi Nagar"
    r"|\b(?:House|Flat|Plot|Door)[ ]No\.?[ ]?\d{1,4}[A-Z]?,[ ](?:[A-Z][a-z]+[ ]){1,2}"
    r"(?:Nagar|Colony|Layout|Marg|Enclave|Vihar|Puram|Bagh)\b"
    r"|\b(?:Odos|Odós|Leoforos)[ ][A-Z][a-z]+[ ]\d{1,4}"
    r"|\b[A-Z][a-z]+[ ](?:Prospekt|Prospect|ulitsa)[ ]\d{1,4}(?:,[ ](?i:apt|kv)\.?[ ]\d{1,4})?"
    r"|\b[A-ZÄÖÜÇŞİ][a-zäöüßçğ\u0131ş]+(?:er)?[ ](?:Straße|Strasse|Allee|Weg|Platz|Gasse|"
    r"Ring|gate|vei|Caddesi|"
    r"Sokak|Soka\u011f\u0131|Cad\.|Sok\.)[ ](?:No:?[ ]?)?\d{1,4}[a-z]?(?:/\d{1,4})?"
    r"(?:,[ ]D:[ ]?\d+)?"
    r"|\b(?:[A-Z][a-z]+[ ])?(?:Cottage|House|Farm|Lodge|Barn|Barns|Villa|Manor|Mill|Hall),[ ]"
    rf"(?:{_PLACE_WORD}[ ]){{1,3}}(?:{_STREET}|Farm|Estate)\b"
    r"|\b(?:Flat|Apartment|Apt\.?|Unit|Suite)[ ]\d{1,4}[A-Za-z]?,[ ]The[ ][A-Z][a-z]+"
    r"(?:[ ][A-Z][a-z]+)?"
    r"|\b(?:ul|al|os|pl)\.[ ]?[A-ZŁŚŻŹĆŃ][\wąćęłńóśźż.-]*(?:[ ][A-ZŁŚŻŹĆŃ][\wąćęłńóśźż-]+){0,3}"
    r"[ ]\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)?"
    rf"|\b{_FOREIGN_STREET_WORD}[ ](?:{_CONNECTOR}[ ]?)*{_CAPITAL_WORD}(?:[ ](?:{_CONNECTOR}[ ]?)*"
    rf"{_CAPITAL_WORD}){{0,3}},?[ ](?:No\.?[ ]?|n\.?º?[ ]?|nr\.?[ ]?)?\d{{1,4}}[A-Za-z]?"
    r"(?:,?[ ]\d{1,2}º(?:[ ]?(?:[A-Z]\b|(?i:izquierda|derecha|izda\.?|dcha\.?|centro)))?)?"
    # The floor, the door or the flat: "Piso 5 Depto B", "Int. 8", "Apto 302".
    r"(?:,?[ ](?:Piso|Depto\.?|Dpto\.?|Departamento|Int\.|Interior|Apto\.?|Andar|Bloco|"
    r"Portal|Puerta|Escalera|Esc\.)[ ]?\w{1,4}\b){0,2}"
    # Colombian: the street's number, then the crossing and the distance, "Calle 93 # 11-26".
    r"|\b(?:Calle|Carrera|Cra\.?|Cl\.?|Avenida|Av\.|Transversal|Diagonal|Tv\.?|Dg\.?)[ ]\d{1,3}"
    r"[A-Z]?(?:[ ](?:Bis|Sur))?[ ]?(?:#|No\.?|N[°º])[ ]?\d{1,3}[A-Z]?-\d{1,3}"
    # Catalan, Spanish and Portuguese street words typed in lower case: "carrer de Verdi 44"
    rf"|\b(?:carrer|calle|avinguda|avenida|rua|via|viale|corso|piazza|vicolo|largo)[ ]"
    rf"(?:{_CONNECTOR}[ ]?)*{_CAPITAL_WORD}"
    rf"(?:[ ](?:{_CONNECTOR}[ ]?)*{_CAPITAL_WORD}){{0,3}},?[ ](?:n\.?º?[ ]?)?\d{{1,4}}[A-Za-z]?\b"
    # German streets named "Am ..." or "In der ...": "Am Stadtgarten 7a", "In der Au 3"
    r"|\b(?:Am|An[ ]der|Auf[ ]der|Im|In[ ]der|Zum|Zur|Unter[ ]den)[ ]"
    r"(?!(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|Anfang|Ende|"
    r"Jahr|Jahre|Monat|Kapitel|Abschnitt|Absatz|Artikel|Paragraph|Punkt|Schritt|Zimmer|Raum)\b)"
    r"[A-ZÄÖÜ][a-zäöüß]+(?:[ -][A-ZÄÖÜ][a-zäöüß]+)?[ ](?!(?:19|20)\d\d\b)\d{1,4}[a-z]?\b"
    r"(?![.,:]\d|[ ]?(?:Uhr|%|€))"
    # Baltic and South Slavic: the name, the street word, the number.
    r"|\b[A-ZÄÖÜÕŠŽČĆĐ][\w-]+[ ](?:t\u00e4nav|mnt\.?|maantee|iela|gatv\u0117|g\.|pr\.|"
    r"prospektas|bulv\u0101ris|cesta|ulica|trg)[ ]\d{1,4}[a-zA-Z]?\b"
    # Russian and Ukrainian: "ул. Тверская, д. 7, кв. 12".
    r"|(?:\u0443\u043b\.|\u0443\u043b\u0438\u0446\u0430|\u0432\u0443\u043b\.|"
    r"\u043f\u0440\.|\u043f\u0440\u043e\u0441\u043f\u0435\u043a\u0442|\u043f\u0435\u0440\.)"
    r"[ ]?[\u0410-\u042f\u0401\u0404\u0406][\u0430-\u044f\u0451\u0454\u0456\u0457-]+"
    r"(?:[ ][\u0410-\u042f][\u0430-\u044f-]+)?,?[ ](?:\u0434\.[ ]?)?\d{1,4}[\u0430-\u044f]?"
    r"(?:,?[ ](?:\u043a\u0432\.|\u043a\u0432\u0430\u0440\u0442\u0438\u0440\u0430)[ ]?\d{1,4})?"
    # The same romanised: "vul. Khreshchatyk 22, kv. 5", "prosp. Peremohy 10".
    r"|\b(?:vul\.|vulytsia|ulitsa|prosp\.|prospekt|pr-t|pereulok)[ ]?[A-Z][a-z'-]+"
    r"(?:[ ][A-Z][a-z'-]+)?,?[ ](?:d\.[ ]?|bud\.[ ]?)?\d{1,4}[a-z]?"
    r"(?:,?[ ](?:kv\.|kvartyra|kvartira)[ ]?\d{1,4})?"
    # Korean roads romanised: "Teheran-ro 152", "Sejong-daero 110", "Nonhyeon-ro 85-gil 12".
    r"|\b[A-Z][a-z]+(?:\d{1,3})?-(?:ro|gil|daero)(?:[ ]\d{1,3}(?:beon)?-gil)?[ ]\d{1,4}"
    r"(?:-\d{1,4})?\b"
    # Korean roads and Hebrew streets.
    r"|[\uac00-\ud7af]{1,10}(?:\ub85c|\uae38|\ub300\ub85c)[ ]?\d{1,4}(?:-\d{1,4})?"
    r"|(?:\u05e8\u05d7\u05d5\u05d1|\u05e8\u05d7')[ ][\u05d0-\u05ea]+"
    r"(?:[ ][\u05d0-\u05ea]+)?[ ]\d{1,4}"
    # Thai: the house number, then the lane.
    r"|\b\d{1,4}(?:/\d{1,4})?[ ](?:Moo[ ]\d{1,2},?[ ])?(?:Soi|Thanon)[ ][A-Z][a-z]+(?:[ ]\d{1,3})?"
    # Hungarian, Czech and Slovak: the street, then its word or adjective, then the number.
    r"|\b[A-ZÁÉÍÓÖŐÚÜŰ][a-záéíóöőúüű]+[ ](?:út|utca|u\.|tér|körút|köz)[ ]\d{1,4}(?:/[A-Za-z0-9]+)?"
    r"|\b[A-ZČŘŠŽ][a-záčďéěíňóřšťúůýž]+(?:ská|cká|ova|ovo|ého)[ ]\d{1,4}(?:/\d{1,4})?\b"
    # Vietnamese and Greek: the street word first.
    r"|\b\d{1,4}[A-Z]?[ ](?:Phố|Đường|Ngõ|Hẻm)[ ][^\W\d_]+(?:[ ][^\W\d_]+){0,3}(?=,|$)"
    r"|(?:\u039f\u03b4\u03cc\u03c2|\u03bf\u03b4\u03cc\u03c2|\u039b\u03b5\u03c9\u03c6\u03cc\u03c1\u03bf\u03c2)"
    r"[ ][\u0391-\u03a9\u0386-\u038f][^\W\d_]+"
    r"(?:[ ][\u0391-\u03a9\u0386-\u038f][^\W\d_]+)?[ ]\d{1,4}"
    # A house known by its name, before the town and a UK postcode: "Holly Cottage, Ivybridge".
    r"|\b[A-Z][a-z]+[ ](?:Cottage|House|Farm|Lodge|Barn|Villa|Manor|Mill|Hall|Bungalow|Croft)"
    rf"(?=,[ ][A-Z][a-z]+,?[ ](?i:{_UK_POSTCODE})\b)"
    # A house known by its name as a line or a field of an address: ", Rose Cottage, Ashby".
    r"|(?:(?<=,[ ])|(?<=\n)|(?<=\bat[ ])|(?<=^))(?:[A-Z][a-z]+[ ]){1,2}"
    r"(?:Cottage|Farmhouse|Bungalow|Croft|Barn|Cottages)(?=,|\n)"
    # German and French streets put the number after, or the street word first.
    r"|\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|weg|platz|allee|gasse|ring|damm)[ ]\d{1,4}[a-z]?\b"
    # The same typed in lower case or shortened: "venloer str. 221", "Venloer Str. 221".
    r"|\b(?i:[a-zäöüß]{3,}(?:er)?[ ]?(?:straße|strasse|str\.))[ ]?\d{1,4}[a-z]?\b"
    # A house number, then a street word of Spanish or Portuguese, as in the Americas:
    # "1840 Calle Ocho", "250 Rua Augusta".
    rf"|\b\d{{1,5}}[ ](?:Calle|Avenida|Rua|Camino|Paseo|Via)[ ](?:{_CONNECTOR}[ ])*{_CAPITAL_WORD}"
    rf"(?:[ ]{_CAPITAL_WORD})?"
    r"|\b(?:rue|calle|rua|avenida|piazza|viale|strada|chemin|bd|boulevard)[ ]"
    rf"(?:{_CONNECTOR}[ ]?)*{_CAPITAL_WORD}(?:[ ]{_CAPITAL_WORD})?,?[ ]\d{{1,4}}[a-z]?\b"
    r"|(?<![\d.,/-])\b\d{1,4}(?:[ ]?bis|[ ]?ter)?,?[ ](?i:rue|avenue|boulevard|bd|blvd|av\.|place|"
    r"chemin|allée|"
    r"impasse|quai)"
    r"(?:[ ](?:de|du|des|la|le|l'|d')){0,2}[ ]?[A-ZÉ][\w'-]+(?:[ ][A-Z][\w'-]+)?"
)
# Every shape starts a word, or follows a character of Chinese or Japanese, which is written
# without spaces and which WORD_START lets through. A shape that starts with a digit is tried
# only at a digit, and the others only elsewhere.
_ADDRESS = re.compile(WORD_START + by_first_digit(_ADDRESS_SHAPES))


_CODE_AFTER_ADDRESS = re.compile(r",?[ ](?P<code>\d{5}|\d{4}(?:[ ]?[A-Z]{2})?)\b")
# Or after the district and the town that follow the street: "..., Maltepe, Istanbul 34844".
_CODE_AFTER_TOWNS = re.compile(
    r"(?:,[ ][A-ZÀ-ÝİŞÇĞÖÜ][\w'-]+(?:[ ][A-ZÀ-ÝİŞÇĞÖÜ][\w'-]+)?){1,2}[ ]"
    r"(?P<code>\d{5})(?![\d-])"
)
# The flat, the floor or the door after a street and its number, in many countries' words:
# "conj. 42", "bus 2", "lok. 12", "lgh 1102", "apto 92", "Suite 220", "3.º Esq.", "#08-1142".
_UNIT_TAIL = re.compile(
    r",?[ ](?:(?:(?i:conj|bus|lok|lgh|apto|apt|ap|suite|ste|unit|flat|piso|dpto|depto|dept|int|"
    r"bte|boite|boîte|whg|app|appt|daire|kat)\.?|(?:kv|m|lok)\.)[ ]?\d{1,4}[A-Za-z]?\b"
    r"|\d{1,2}\.?[º°ª](?:[ ]?(?:[A-Z]\b|Esq\.?|Dto\.?|Dir\.?|Fte\.?|(?i:izquierda|derecha|"
    r"izda\.?|dcha\.?|centro)))?"
    r"|\#\d{1,3}-\d{1,5}\b"
    # Romanian blocks, staircases and floors; French buildings; floors in German, Hungarian and
    # Catalan ("bl. A, sc. 2, ap. 5", "bât. C", "3. OG", "3. em. 4.", "2n 1a")
    r"|(?i:bl|sc|et|bât|bat|esc|em)\.[ ]?[0-9A-Z]{1,3}\b\.?"
    r"|\d{1,2}\.[ ]?(?:OG|EG|DG|Stock|Etage|kat|emelet|em\.(?:[ ]\d{1,3}\.)?)"
    r"(?:[ ](?:links|rechts|Mitte|li\.|re\.))?"
    r"|\d{1,2}(?:n|r|t|º|o)[ ]\d{1,2}(?:a|ª)\b"
    # The part of a building, its staircase, floor and door, in German, French, Italian,
    # Hungarian, Bulgarian and Greek ("Hinterhaus", "escalier C", "scala B, interno 7",
    # "3e étage", "12. ajtó", the Bulgarian "et. 3, ap. 8" and the Greek "4th floor" in their
    # own scripts)
    r"|(?:Hinterhaus|Vorderhaus|Seitenfl\u00fcgel|Gartenhaus|Querhaus|Hochparterre|Erdgeschoss|"
    r"Dachgeschoss)\b"
    r"|(?i:escalier|scala|interno|piano|porte|staircase|block|bloc|blok|entr\u00e9e|stiege|"
    r"stair|tür|top)[ ][0-9A-Z]{1,3}\b"
    r"|\d{1,2}(?:e|er|\u00e8me|eme|re)[ ](?:\u00e9tage|etage)\b"
    r"|\d{1,2}[°º][ ]piano\b|\d{1,3}\.[ ]ajt\u00f3\b"
    r"|(?:\u0435\u0442|\u0430\u043f|\u0432\u0445|\u044d\u0442|\u043a\u0432)\.[ ]?\d{1,4}\b"
    r"|\d{1,2}(?:\u03bf\u03c2|\u03b7\u03c2|\u03bf)[ ]\u03cc\u03c1\u03bf\u03c6\u03bf\u03c2)"
)
# A street named without a street word, then its number, the code and the town:
# "Schulterblatt 58, 20357 Hamburg", "Ermou 25, 105 63 Athens".
_NAME_NUMBER_CODE_TOWN = re.compile(
    r"\b(?P<street>[A-ZÄÖÜÅÆØÉ\u0391-\u03a9\u0386-\u038f\u0410-\u042f]"
    r"[a-zäöüßåæøéèáíóúç\u03ac-\u03ce\u0430-\u044f]{3,}"
    r"(?:[ ][A-Z][a-zäöüß]+)?[ ]\d{1,4}[a-z]?)"
    r",[ ](?P<code>\d{5}|\d{4}|\d{3}[ ]\d{2})[ ](?P<town>[A-ZÀ-ÝÅÆØ\u0391-\u03a9\u0386-\u038f"
    r"\u0410-\u042f][\wà-ÿ]+)"
)


# What stands before a street address and belongs to it: the flat, room or block ("Flat 2/1,
# 88 Dumbarton Road", "Block C, Room 214, ...") or the house's name ("The Laurels, 7 Church
# Street", "Rosebank, 3 Mill Lane", "HILLTOP COTTAGE, ...").
_UNIT_BEFORE = re.compile(
    r"(?i:\b(?:flat|apartment|apt|room|unit|block|suite|floor|studio)\.?[ ]?[0-9A-Za-z]{1,4}"
    r"(?:/[0-9A-Za-z]{1,3})?),[ ]?[ ]$"
)
_HOUSE_BEFORE = re.compile(
    r"(?:^|(?<=[\n:(])|(?<=[,:][ ])|(?<=\b(?:at|of|is)[ ]))[ ]*"
    r"(?P<house>(?:The[ ])?[A-Z][\w'\u2019-]*(?:[ ](?:y|yr|na|an|[A-Z][\w'\u2019-]*)){0,2}),[ ]$"
)
_NOT_A_HOUSE = frozenset({"hi", "hello", "dear", "hey", "address", "home", "yes", "no", "ok",
                          "please", "thanks", "sorry", "old", "new", "now", "then"})  # fmt: skip
# A street named after the house, its word first or last: ", Ffordd Penrhos", ", Bell Lane".
_STREET_AFTER = re.compile(
    r",[ ](?:(?:Heol|Stryd|Ffordd|L\u00f4n|Sr\u00e1id|B\u00f3thar)[ ](?:(?:y|yr|an|na)[ ])?"
    rf"[A-Z][\w'-]+|(?:[A-Z][a-z]+[ ]){{1,2}}{_STREET})\b"
)


def _before_the_street(text: str, start: int) -> int:
    """Where an address begins once its flat, its room or its house's name is counted in."""
    for _ in range(3):
        window = max(0, start - 48)
        unit = _UNIT_BEFORE.search(text, window, start)
        if unit:
            start = unit.start()
            continue
        house = _HOUSE_BEFORE.search(text, window, start)
        if not house:
            break
        words = house.group("house").split()
        if words[0].lower() in _NOT_A_HOUSE or not _a_house(house.group("house")):
            break
        if len(words) == 1 and classify(words[0])[1] & PLACE and not words[0].isupper():
            break  # "Bury, 7 Church Street"? the town goes first only in a list of places
        start = house.start("house")
    return start


_INTRODUCED = re.compile(r"\b(?:I['\u2019]m|I[ ]am|name[ ]is)[ ](?:[A-Z][\w'-]+[ ])?$")


_LAW_PART_BEFORE = re.compile(
    r"(?i:\b(?:article|art\.?|section|s\.|recital|regulation|clause|paragraph|para\.|rule))[ ]$"
)


def addresses(text: str) -> Iterator[Found]:
    """Street addresses: a house number (or flat) and one to four words ending in a street word.

    A bare postal code straight after the address is taken as well, as a postcode.
    """
    for match in _ADDRESS.finditer(text):
        if match.group()[:1].isupper() and _INTRODUCED.search(text, 0, match.start()):
            continue  # "I'm Faith Wambui, Kenyatta Avenue": who is writing, then the street
        if _LAW_PART_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue  # "under Article 77 about the way ...": a law's part, then words
        end = match.end()
        for _ in range(3):
            tail = _UNIT_TAIL.match(text, end)
            if not tail:
                break
            end = tail.end()
        more = _STREET_AFTER.match(text, end)
        if more:
            end = more.end()  # "2 Bron y De, Ffordd Penrhos": the street after the house
        yield "address", _before_the_street(text, match.start()), end
        code = _CODE_AFTER_ADDRESS.match(text, end) or _CODE_AFTER_TOWNS.match(text, end)
        if code:
            yield "postcode", code.start("code"), code.end("code")
    for match in _NAME_NUMBER_CODE_TOWN.finditer(text):
        first = match.group("street").split()[0]
        if classify(first)[0] in (WORD, WEAK):
            continue
        # "Meir 50, 2000 Antwerpen" is an address; "Clause 50, 2019 Edition" names a year.
        year = re.fullmatch(r"19[5-9]\d|20[0-4]\d", match.group("code"))
        if year and classify(match.group("town"))[0] == WORD:
            continue
        yield "address", match.start("street"), match.end("street")
        yield "postcode", match.start("code"), match.end("code")
    for match in _STREET_THEN_CODE_LINE.finditer(text):
        code = match.group("code")
        town_kind, town_flags = classify(match.group("town").split()[0])
        if re.fullmatch(r"(?:19|20)\d\d", code) or (
            town_kind in (WORD, STOP) and not town_flags & PLACE
        ):
            continue  # "Clause 50\n2019 Edition": a year and a word, not a code and a town
        first = match.group("street").lstrip('"\u201e\u201c ').split()[0]
        if classify(first)[0] == WORD and not _STREET_ABBREVIATION.match(first):
            continue
        yield "address", match.start("street"), match.end("street")
        yield "postcode", match.start("code"), match.end("code")
    yield from _house_names(text)
    for match in _FLAT_ALONE.finditer(text):
        yield "address", match.start(), match.end()
    for match in _ONE_WORD_STREET.finditer(text):
        if classify(match.group("street"))[0] not in (WORD, STOP):
            yield "address", match.start(), match.end()
    for match in _HOME_ON_A_STREET.finditer(text):
        yield "address", match.start("street"), match.end("street")


# A street named as where someone lives, without a number: "I live on Kilmore Road", "outside
# my building on Wellington Terrace".
_HOME_ON_A_STREET = re.compile(
    r"(?i:\b(?:live|lives|living|lived|resident|my[ ](?:building|house|flat|home)|"
    r"our[ ](?:building|house|flat|home)))[ ]+(?:(?:is|are)[ ]+)?on[ ]+(?:the[ ]+)?"
    r"(?P<street>(?:[A-Z][\w'\u2019-]+[ ]){1,3}(?:Road|Street|Lane|Avenue|Close|Drive|Crescent|"
    r"Terrace|Gardens|Way|Grove|Place|Court|Row|Rise|Mews|Walk|Parade))\b(?![ ]View)"
)


# A flat named on its own, which in a block's own questions is where someone lives: "the guy in
# flat 2", "FLAT 7", "Flat 20, Clement House", "Flats 1-12, Wren House", "flat 9 lister house";
# not a length of time, a size or a rate after it ("flat 2 bed", "a flat 20% fee").
_FLAT_ALONE = re.compile(
    r"\b(?i:flats?|apartment|apt\.?)[ ]\d{1,4}[A-Za-z]?(?:[-\u2013]\d{1,4})?\b"
    r"(?![ ]?(?:%|\.\d|(?i:per|bed|beds|bedroom|bedrooms|bedroomed|years?|months?|weeks?|days?|"
    r"hours?|minutes?|mins?|am|pm|fee|rate|x|times)\b))"
    r"(?:,?[ ](?:[A-Z][a-z]+[ ](?:[A-Z][a-z]+[ ])?(?:Court|House|Lodge|Heights|Towers?|Mansions|"
    r"Point|Buildings?)|[a-z]+[ ](?:court|house|lodge|heights|towers?|mansions))\b)?"
)
# A house number and a street named in one word with no street word apart: "8 Kirkgate",
# "6 Ashgrove", "56c Parkside", "47 Queensway"; not an ordinary word ("3 Gateway servers").
_ONE_WORD_STREET = re.compile(
    r"(?<![\d.,/:-])\b\d{1,4}[a-z]?[ ](?P<street>[A-Z][a-z]{2,}(?:gate|grove|way|side|walk|field|"
    r"fields|wood|croft|mead|brook|dale|garth|holme|lea|moor|hurst|stead|acre|acres))\b"
)


# A street line in the shape of most of Europe, its name then its number (and its floor or flat),
# with the postal code and the town after it on the same line or the next: "Hlavná 45, 040 01
# Košice", "Ilica 45, 2. kat\n10000 Zagreb", "Brīvības iela 55-12\nLV-1010 Rīga",
# "12, Triq il-Kbira\nZBR 1234 Żabbar", and the same in Greek and Cyrillic letters.
_STREET_WORD_CHARS = r"[^\W\d_][^\W\d_'\u2019.\"\u201c\u201d\u201e-]*"
_STREET_ABBREVIATION = re.compile(r"(?i)(?:ul|bul|bd|str|al|pl|ул|бул|вул)\.?$")
_STREET_THEN_CODE_LINE = re.compile(
    r"(?m)(?:^|(?<=:[ ])|(?<=,[ ]))(?P<street>"
    rf"(?:[\"\u201e\u201c]?{_STREET_WORD_CHARS}\.?[\"\u201c\u201d]?[ ]){{1,4}}"
    r"\d{1,4}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?|-[IVX]{1,4})*"
    r"(?:,[ ][^\n,]{1,16}?){0,3}"
    rf"|\d{{1,4}},?[ ]{_STREET_WORD_CHARS}(?:[ -]{_STREET_WORD_CHARS}){{0,3}})"
    r"(?:\n|,[ ])(?P<code>(?:[A-Z]{1,3}-?[ ]?)?\d{3,5}(?:[ ]\d{2,3})?)[ ]"
    r"(?P<town>[^\W\d_][^\n,.!?]{1,30})[ \t]*$"
)


# The lines of an address that has no street number, before the town and its postcode:
# "Braeside, Kirkton of Glenisla, PH11 8PH", "Ty Gwyn, Heol y Felin, Llandeilo SA19 6PX".
_POSTCODE_AFTER_TOWN = re.compile(
    r"(?:,[ ]|\n)(?P<town>(?:near[ ])?[A-Z][\w'\u2019-]*"
    r"(?:[ ](?:of|on|upon|y|na|an|[A-Z][\w'-]*)){0,3})"
    r"(?:,[ ](?:Co\.|County)[ ][A-Z][a-z]+)?,?[ ]"
    rf"(?:{_UK_POSTCODE}|(?:[AC-FHKNPRTV-Y]\d{{2}}|D6W)[ ][0-9AC-FHKNPRTV-Y]{{4}})\b"
)
_ADDRESS_PART = re.compile(
    r"(?:The[ ])?[A-Z][\w'\u2019-]*(?:[ ](?:y|yr|na|an|of|[A-Z][\w'\u2019-]*)){0,3}"
)


def _house_names(text: str) -> Iterator[Found]:
    """One or two lines of an address known by its house's name, between whoever lives there
    and the town: never a person's name, and never more than two lines back."""
    for match in _POSTCODE_AFTER_TOWN.finditer(text):
        end = cursor = match.start()
        found_start = None
        for _ in range(2):
            line_start = max(
                [text.rfind("\n", 0, cursor) + 1]
                + [m.end() for m in _LINE_OPENING.finditer(text, max(0, cursor - 60), cursor)]
            )
            part = text[line_start:cursor]
            if not _ADDRESS_PART.fullmatch(part) or not _a_house(part):
                break
            found_start = line_start
            cursor = line_start - (2 if text[line_start - 2 : line_start] == ", " else 1)
            if cursor <= 0:
                break
        if match.group("town").lower() in ("eircode", "postcode", "post code"):
            continue
        if re.fullmatch(r"The[ ](?:[A-Z][a-z]+[ ]?){1,2}", match.group("town")):
            # "Andrew Pennington, The Old Forge, LA12 8DT": no town is called "The Old Forge"
            yield "address", match.start("town"), match.end("town")
            continue
        if found_start is not None and not _NUMBERED_LINE_BEFORE.search(
            text, max(0, found_start - 60), found_start
        ):
            yield "address", found_start, end


_LINE_OPENING = re.compile(r",[ ]|:[ ]|\b(?:at|from|to)[ ]")
# An address line with a number before the lines taken: those are its town and county.
_NUMBERED_LINE_BEFORE = re.compile(r"\d[^,\n]*,[ ]$")


def _a_house(part: str) -> bool:
    """Whether the words of an address line may be a house's name rather than a person's."""
    words = part.split()
    titles = ("MR", "MRS", "MS", "MISS", "MX", "DR", "PROF", "SIR", "LADY", "LORD", "DAME", "REV")
    if words[0].rstrip(".").upper() in titles:
        return False
    kind, flags = classify(words[0])
    if kind == STRONG and flags & GIVEN and len(words) > 1:
        last_kind, last_flags = classify(words[-1])
        if last_kind == STRONG and last_flags & SURNAME:
            return False  # "Rhodri Vaughan, Bryn Awel": the person, then the house
    return not (kind in (WORD, WEAK) and len(words) == 1 and words[0] not in _HOUSE_WORDS)


_HOUSE_WORDS = frozenset({"Braeside", "Hillside", "Riverside", "Westview", "Eastview"})
