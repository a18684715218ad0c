"""The anonymiser: every kind of personal data, what must be left alone, odd input, the quality
measured on the labelled questions, and generated data that must always be found exactly."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_site import anonymise_measure
from faq_site.anonymise import KINDS, Anonymised, Redaction, anonymise, find, iban_valid, luhn_valid
from faq_site.anonymise_measure import (
    DEFAULT_PATH,
    HELDOUT_PATH,
    Span,
    format_details,
    format_report,
    load,
    main,
    match,
    measure,
    parse_line,
)
from faq_site.anonymise_rules import nhs_valid

# (text, kind, the data found, the text the public sees)
FOUND = [
    ("Email me at jane@example.com", "email", "jane@example.com", "Email me at [email]"),
    ("Write to jane.smith+gdpr@mail.example.org.", "email", "jane.smith+gdpr@mail.example.org",
     "Write to [email]."),
    ("or 'ops_team@example.net' works", "email", "ops_team@example.net", "or '[email]' works"),
    ("it is jane dot smith at example dot com", "email", "jane dot smith at example dot com",
     "it is [email]"),
    ("Call 07700 900123 today", "phone", "07700 900123", "Call [phone] today"),
    ("mobile +44 7700 900123", "phone", "+44 7700 900123", "mobile [phone]"),
    ("office 020 7946 0958.", "phone", "020 7946 0958", "office [phone]."),
    ("ring (0161) 496 0000", "phone", "(0161) 496 0000", "ring [phone]"),
    ("Berlin: +49 30 901820", "phone", "+49 30 901820", "Berlin: [phone]"),
    ("Paris +33 1 23 45 67 89", "phone", "+33 1 23 45 67 89", "Paris [phone]"),
    ("US +1 415 555 2671", "phone", "+1 415 555 2671", "US [phone]"),
    ("text 07700900123", "phone", "07700900123", "text [phone]"),
    ("My name is Jane Smith.", "name", "Jane Smith", "My name is [name]."),
    ("I'm Seán O'Neill and I live here.", "name", "Seán O'Neill", "I'm [name] and I live here."),
    ("Kind regards,\nAnne-Marie Jones", "name", "Anne-Marie Jones", "Kind regards,\n[name]"),
    ("Thanks, Tom", "name", "Tom", "Thanks, [name]"),
    ("Hi Sarah, quick question", "name", "Sarah", "Hi [name], quick question"),
    ("Dear Mr Patel,", "name", "Mr Patel", "Dear [name],"),
    ("my colleague Priya asked", "name", "Priya", "my colleague [name] asked"),
    ("our DPO, Maria Rossi, said no", "name", "Maria Rossi", "our DPO, [name], said no"),
    ("Please contact Dr Amara Nwosu", "name", "Dr Amara Nwosu", "Please contact [name]"),
    ("This is Emily Carter from Leeds", "name", "Emily Carter", "This is [name] from Leeds"),
    ("I live at 12 Oak Road now", "address", "12 Oak Road", "I live at [address] now"),
    ("Flat 3, 27 Willow Crescent, please", "address", "Flat 3, 27 Willow Crescent",
     "[address], please"),
    ("Not at 221B Baker Street", "address", "221B Baker Street", "Not at [address]"),
    ("post it to SW1A 1AA please", "postcode", "SW1A 1AA", "post it to [postcode] please"),
    ("M1 1AE", "postcode", "M1 1AE", "[postcode]"),
    ("area EC1A 1BB or", "postcode", "EC1A 1BB", "area [postcode] or"),
    ("PLZ 10115", "postcode", "10115", "PLZ [postcode]"),
    ("zip code 94105.", "postcode", "94105", "zip code [postcode]."),
    ("postcode: ls2 9jt", "postcode", "ls2 9jt", "postcode: [postcode]"),
    ("card 4111 1111 1111 1111", "card", "4111 1111 1111 1111", "card [card]"),
    ("5555-5555-5555-4444 was used", "card", "5555-5555-5555-4444", "[card] was used"),
    ("Amex 3782 822463 10005.", "card", "3782 822463 10005", "Amex [card]."),
    ("paid with 4242424242424242", "card", "4242424242424242", "paid with [card]"),
    # Printed in fours, a mistyped card number is still someone's card.
    ("4111 1111 1111 1112", "card", "4111 1111 1111 1112", "[card]"),
    ("IBAN: DE27 1001 0010 0987 6543 21", "iban", "DE27 1001 0010 0987 6543 21", "IBAN: [iban]"),
    ("IBAN GB82 WEST 1234 5698 7654 32.", "iban", "GB82 WEST 1234 5698 7654 32", "IBAN [iban]."),
    ("to DE89370400440532013000 now", "iban", "DE89370400440532013000", "to [iban] now"),
    ("FR14 2004 1010 0505 0001 3M02 606", "iban", "FR14 2004 1010 0505 0001 3M02 606", "[iban]"),
    ("gb82 west 1234 5698 7654 32", "iban", "gb82 west 1234 5698 7654 32", "[iban]"),
    ("from 192.0.2.44.", "ip", "192.0.2.44", "from [ip]."),
    ("from 2001:db8::1 again", "ip", "2001:db8::1", "from [ip] again"),
    ("mapped ::ffff:192.0.2.1", "ip", "::ffff:192.0.2.1", "mapped [ip]"),
    ("see https://example.com/a?b=c.", "url", "https://example.com/a?b=c", "see [url]."),
    ("(see https://example.com/page)", "url", "https://example.com/page", "(see [url])"),
    ("at www.example.org/privacy", "url", "www.example.org/privacy", "at [url]"),
    ("NI number QQ 12 34 56 C", "id number", "QQ 12 34 56 C", "NI number [id number]"),
    ("AB123456C", "id number", "AB123456C", "[id number]"),
    ("NHS number 943 476 5919", "id number", "943 476 5919", "NHS number [id number]"),
    ("passport number 502135326", "id number", "502135326", "passport number [id number]"),
    ("driving licence MORGA753116SM9IJ", "id number", "MORGA753116SM9IJ",
     "driving licence [id number]"),
    ("customer ID QS-55821.", "id number", "QS-55821", "customer ID [id number]."),
    ("membership no. M-889213", "id number", "M-889213", "membership no. [id number]"),
    ("account number is 44821907", "id number", "44821907", "account number is [id number]"),
    ("born on 14/03/1985", "date of birth", "14/03/1985", "born on [date of birth]"),
    ("date of birth: 14 March 1985", "date of birth", "14 March 1985",
     "date of birth: [date of birth]"),
    ("DOB March 14, 1985", "date of birth", "March 14, 1985", "DOB [date of birth]"),
    ("d.o.b. 1985-03-14", "date of birth", "1985-03-14", "d.o.b. [date of birth]"),
    ("my birthday is 3 June", "date of birth", "3 June", "my birthday is [date of birth]"),
    # Names with no cue, found from the word lists and the words around them.
    ("we sent Aoife's file to the team", "name", "Aoife", "we sent [name]'s file to the team"),
    ("Our Head of Sales Tunde Bakare said so", "name", "Tunde Bakare",
     "Our Head of Sales [name] said so"),
    ("a candidate, Faith Mwangi, wants it", "name", "Faith Mwangi", "a candidate, [name], wants it"),
    ("his wife Summer complained", "name", "Summer", "his wife [name] complained"),
    ("Marek here, a quick question", "name", "Marek", "[name] here, a quick question"),
    ("mrs okafor said you have it", "name", "mrs okafor", "[name] said you have it"),
    ("hi im sarah and i want it deleted", "name", "sarah", "hi im [name] and i want it deleted"),
    ("My colleague 李伟 asked too", "name", "李伟", "My colleague [name] asked too"),
    ("Ask Mr R. Patel first", "name", "Mr R. Patel", "Ask [name] first"),
    ("How long?\n- Priyanka, IT Manager", "name", "Priyanka", "How long?\n- [name], IT Manager"),
    # The world's addresses, postcodes and numbers.
    ("to Herengracht 402 please", "address", "Herengracht 402", "to [address] please"),
    ("at ul. Polna 14 now", "address", "ul. Polna 14", "at [address] now"),
    ("I live at 12 oak road", "address", "12 oak road", "I live at [address]"),
    ("eircode D02 X285", "postcode", "D02 X285", "eircode [postcode]"),
    ("post to 1017 BX Amsterdam", "postcode", "1017 BX", "post to [postcode] Amsterdam"),
    ("post to m1 1ae", "postcode", "m1 1ae", "post to [postcode]"),
    ("My PPS is 1234567TA", "id number", "1234567TA", "My PPS is [id number]"),
    ("PESEL: 85030412345", "id number", "85030412345", "PESEL: [id number]"),
    ("DNI 12345678Z", "id number", "12345678Z", "DNI [id number]"),
    ("customer CR-2025-004417", "id number", "CR-2025-004417", "customer [id number]"),
    ("Order 18822 arrived", "id number", "18822", "Order [id number] arrived"),
    ("see linkedin.com/in/jane-okafor", "url", "linkedin.com/in/jane-okafor", "see [url]"),
    ("j.smith[at]gmail[dot]com", "email", "j.smith[at]gmail[dot]com", "[email]"),
    ("call me on 06 12 34 56 78", "phone", "06 12 34 56 78", "call me on [phone]"),
    ("call me on 07700\u202f900321", "phone", "07700\u202f900321", "call me on [phone]"),
    ("born on the fourth of March, nineteen eighty-five", "date of birth",
     "the fourth of March, nineteen eighty-five", "born on [date of birth]"),
]  # fmt: skip

NOTHING = [
    "Article 15",
    "30 days",
    "within 72 hours",
    "since 25 May 2018",
    "version 2024.1",
    "invoice 4411 2233",
    "£20,000",
    "I'm worried about my data",
    "I'm a Quillstone customer",
    "GDPR",
    "4111 1111 1111",
    "GDPR Art. 17(3) and Article 6(1)(f)",
    "Ticket 99120 and case 2024-118",
    "VAT number GB123456789, company number 01234567",
    "Invoice INV-2024-0091 is wrong",
    "I bought Mr Muscle at Greggs in Sale, paid with Barclays and logged it in Pipedrive",
    "I live in Wells and work in Street; it's summer and I have faith.",
    "We use HubSpot, Mailchimp and Xero. Is that OK under Article 28?",
    "Our Florence data centre and the Chester office share a database.",
    "Grant Thornton audited us; Harvey Nichols is a customer.",
    "hi, im writting to ask how long you keep backups",
    "the reference 0123456789",
    "version 1.2.3.4 or v3.2.1",
    "from 09:30 to 17:00, 10:30:45",
    "on 12/04/2023, by 1 March",
    "Dear Sir or Madam",
    "Hi there, this is urgent",
    "Hello Quillstone team",
    "Contact Customer Services",
    "Thanks, that helps.",
    "a company called Brightwater rang me",
    "fines of up to €20 million or 4% of turnover",
    "- Only the support engineer\n- Delete the data",
]

ODD_INPUT = [
    "",
    "\x00",
    "jane@example.com\x00\x00 07700 900123",
    "\u202e",
    "\u202eMy name is Jane Smith\u202c, 12 Oak Road",
    "😀 My name is Zoë 😀 📞 07700 900123 🏠",
    "".join(chr(code) for code in range(32)),
    "\ud7ff\ue000\ufffd\U0010ffff",
    "@" * 500 + "." * 500 + ":" * 500,
    "1 " * 2000,
]


def check_consistent(result: Anonymised) -> None:
    """The invariants every result keeps: sorted, apart, and faithful to the original."""
    at = 0
    for redaction in result.redactions:
        assert redaction.kind in KINDS
        assert at <= redaction.start < redaction.end <= len(result.original)
        assert redaction.text == result.original[redaction.start : redaction.end]
        at = redaction.end
    assert "".join(piece for piece, _ in result.segments()) == result.original
    assert "".join(piece for piece, _ in result.public_segments()) == result.text


@pytest.mark.parametrize(("text", "kind", "value", "public"), FOUND)
def test_finds_each_kind(text: str, kind: str, value: str, public: str) -> None:
    result = anonymise(text)
    assert [(r.kind, r.text) for r in result.redactions] == [(kind, value)]
    assert result.text == public
    check_consistent(result)


def test_unit_cases_cover_every_kind() -> None:
    assert {kind for _, kind, _, _ in FOUND} == set(KINDS)


@pytest.mark.parametrize("text", NOTHING)
def test_finds_nothing(text: str) -> None:
    assert find(text) == []
    assert anonymise(text).text == text


def test_checksums() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB82WEST12345698765433")
    assert nhs_valid("9434765919")
    assert not nhs_valid("9434765918")


def test_interface() -> None:
    assert KINDS == ("email", "phone", "name", "address", "postcode", "card", "iban", "ip", "url",
                     "id number", "date of birth")  # fmt: skip
    redaction = find("jane@example.com")[0]
    assert redaction == Redaction("email", 0, 16, "jane@example.com")
    with pytest.raises(dataclasses.FrozenInstanceError):
        redaction.start = 1  # type: ignore[misc]


def test_segments_round_trip() -> None:
    text = "Hi, I'm Jane Smith (jane@example.com), card 4111 1111 1111 1111.\nRegards,\nJane"
    result = anonymise(text)
    assert result.text == "Hi, I'm [name] ([email]), card [card].\nRegards,\n[name]"
    assert result.segments()[0] == ("Hi, I'm ", None)
    assert result.segments()[1] == ("Jane Smith", result.redactions[0])
    assert result.public_segments()[:3] == [("Hi, I'm ", None), ("[name]", "name"), (" (", None)]
    assert result.public_segments()[-1] == ("[name]", "name")
    check_consistent(result)


def test_segments_of_text_without_data() -> None:
    assert anonymise("").segments() == []
    assert anonymise("").text == ""
    assert anonymise("Article 15").segments() == [("Article 15", None)]
    assert anonymise("Article 15").public_segments() == [("Article 15", None)]


@pytest.mark.parametrize("text", ODD_INPUT, ids=range(len(ODD_INPUT)))
def test_odd_input_never_raises(text: str) -> None:
    check_consistent(anonymise(text))


def test_long_mixed_text() -> None:
    paragraph = (
        "Hello, my name is Jane Smith 😀 and I live at 12 Oak Road, LS1 4AP. Article 15 gives "
        "me 30 days; call 07700 900123 or write to jane@example.com. Card 4111 1111 1111 1111, "
        "IBAN GB82 WEST 1234 5698 7654 32, IP 192.0.2.1, \x00 \u202e see www.example.com. "
    )
    text = (paragraph * 40)[:10_000]
    result = anonymise(text)
    check_consistent(result)
    assert {r.kind for r in result.redactions} >= {"name", "email", "phone", "card", "iban", "ip"}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    check_consistent(anonymise(text))


# --- The labelled questions --------------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return measure(DEFAULT_PATH)


def test_measured_quality(report) -> None:
    """The development set's figures, held so that they cannot slip; see the README for the
    held-out set's."""
    failures = []
    for name, value, needed in (
        ("value recall", report.value_recall, 0.968),
        ("name recall", report.name_recall, 0.963),
    ):
        if value < needed:
            failures.append(f"{name}: {value:.3f} < {needed}")
    if report.leak_rate > 0.047:
        failures.append(f"leak rate: {report.leak_rate:.3f} > 0.047")
    if report.clean_altered_rate > 0.073:
        failures.append(f"clean questions altered: {report.clean_altered_rate:.3f} > 0.073")
    for kind, score in report.scores.items():
        needed = 0.99 if kind in {"email", "phone", "card", "iban"} else 0.8
        if score.recall < needed:
            failures.append(f"{kind}: recall {score.recall:.3f} < {needed}")
        if score.precision < 0.8:
            failures.append(f"{kind}: precision {score.precision:.3f} < 0.8")
    if report.overall.precision < 0.9 or report.overall.recall < 0.9:
        failures.append(f"overall: {report.overall.precision:.3f} / {report.overall.recall:.3f}")
    table = f"{format_report(report)}\n\n{format_details(report)}"
    assert not failures, "\n".join(failures) + "\n\n" + table


def test_labelled_set_is_big_and_varied() -> None:
    questions = load(DEFAULT_PATH)
    counts = dict.fromkeys(KINDS, 0)
    for question in questions:
        for span in question.gold:
            counts[span.kind] += 1
            assert question.text[span.start : span.end] == span.text
    assert len(questions) >= 1900
    assert 0.6 <= sum(bool(q.gold) for q in questions) / len(questions) <= 0.75
    assert all(count >= 12 for count in counts.values()), counts
    assert counts["name"] >= 700, counts
    assert all(counts[kind] >= 20 for kind in ("email", "phone", "card", "iban")), counts


def test_parse_line() -> None:
    text, gold = parse_line(r"I'm {name|Jane} at {email|j@example.com}.\nBye")
    assert text == "I'm Jane at j@example.com.\nBye"
    assert gold == [Span("name", 4, 8, "Jane"), Span("email", 12, 25, "j@example.com")]
    with pytest.raises(ValueError, match="unknown kind"):
        parse_line("{shoe size|9}")


def test_match_needs_half_the_label() -> None:
    label = [Span("name", 0, 10, "Jane Smith")]
    assert match(label, [Span("name", 0, 5, "Jane ")]) == {0: 0}
    assert match(label, [Span("name", 0, 4, "Jane")]) == {}
    assert match(label, [Span("email", 0, 10, "Jane Smith")]) == {}
    two = [Span("name", 0, 4, "Jane"), Span("name", 0, 4, "Jane")]
    assert match(two, [Span("name", 0, 4, "Jane")]) == {0: 0}


def test_command_line(tmp_path, capsys) -> None:
    labelled = tmp_path / "questions.txt"
    labelled.write_text("# a comment\n\nCall {phone|07700 900123}, ask {name|bob}\nNone\n")
    assert main([str(labelled), "--details"]) == 0
    out = capsys.readouterr().out
    assert "2 questions" in out
    assert re.search(r"phone\s+1\s+1\s+1\s+1\.000\s+1\.000", out)
    assert "Missed (1):" in out
    assert "'bob'" in out


# --- Generated data, embedded in ordinary words ---------------------------------------------------

WORDS = ["please", "delete", "the", "data", "we", "hold", "and", "thanks", "for", "your", "help",
         "question", "regarding", "privacy", "consent", "here", "is", "it", "today", "send",
         "update", "records", "kindly", "use", "new", "old", "listed", "below", "note", "this"]  # fmt: skip


@st.composite
def sentence_around(draw, value: st.SearchStrategy[str]) -> tuple[str, int, str]:
    """A sentence of ordinary words with the value somewhere in it: (text, start, value)."""
    before = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6)))
    after = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6)))
    stop = draw(st.sampled_from(["", ".", ",", "!", "?"]))
    chosen = draw(value)
    prefix = f"{before} " if before else ""
    return f"{prefix}{chosen}{stop} {after}".rstrip(), len(prefix), chosen


def assert_found(kind: str, generated: tuple[str, int, str]) -> None:
    text, start, value = generated
    expected = Redaction(kind, start, start + len(value), value)
    assert expected in find(text), (text, find(text))


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=count, max_size=count)


def with_luhn_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


@st.composite
def card_numbers(draw) -> str:
    body = draw(st.integers(12, 18).flatmap(digits))
    number = with_luhn_digit(body)
    if len(set(number)) == 1:  # a run of one repeated digit is deliberately not taken for a card
        number = with_luhn_digit(("4" if body[0] != "4" else "5") + body[1:])
    separator = draw(st.sampled_from(["", " ", "-"]))
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


@st.composite
def ibans(draw) -> str:
    country = draw(st.sampled_from(["GB", "DE"]))
    if country == "GB":
        bank = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4))
        bban = bank + draw(digits(14))
    else:
        bban = draw(digits(18))
    check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    compact = f"{country}{check:02d}{bban}"
    if draw(st.booleans()):
        return compact
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


@st.composite
def uk_phones(draw) -> str:
    shape = draw(st.sampled_from(["mobile", "london", "manchester"]))
    if shape == "mobile":
        rest = "7" + draw(digits(9))
        return draw(st.sampled_from([
            f"0{rest[:4]} {rest[4:]}", f"0{rest}", f"+44 {rest[:4]} {rest[4:]}", f"+44{rest}",
            f"+44 (0){rest[:4]} {rest[4:]}", f"0{rest[:4]}-{rest[4:7]}-{rest[7:]}",
        ]))  # fmt: skip
    if shape == "london":
        rest = draw(st.sampled_from("378")) + draw(digits(7))
        return draw(st.sampled_from([
            f"020 {rest[:4]} {rest[4:]}", f"(020) {rest[:4]} {rest[4:]}",
            f"+44 20 {rest[:4]} {rest[4:]}", f"020{rest}",
        ]))  # fmt: skip
    rest = draw(digits(7))
    return draw(st.sampled_from([f"0161 {rest[:3]} {rest[3:]}", f"(0161) {rest[:3]} {rest[3:]}"]))


def plausible_ip(text: str) -> bool:
    # A colon-only "::" or a hex word such as "cafe::" is left alone by design (see _ips).
    return ":" not in text or text.count(":") >= 3 or any(c.isdigit() for c in text)


@settings(max_examples=100, deadline=None)
@given(sentence_around(st.emails().filter(str.isascii)))
def test_generated_emails_are_found(generated) -> None:
    assert_found("email", generated)


@settings(max_examples=100, deadline=None)
@given(sentence_around(card_numbers()))
def test_generated_cards_are_found(generated) -> None:
    assert_found("card", generated)


@settings(max_examples=100, deadline=None)
@given(sentence_around(ibans()))
def test_generated_ibans_are_found(generated) -> None:
    assert_found("iban", generated)


@settings(max_examples=100, deadline=None)
@given(sentence_around(st.ip_addresses().map(str).filter(plausible_ip)))
def test_generated_ips_are_found(generated) -> None:
    assert_found("ip", generated)


@settings(max_examples=100, deadline=None)
@given(sentence_around(uk_phones()))
def test_generated_uk_phones_are_found(generated) -> None:
    assert_found("phone", generated)


# --- Possible data, the word lists and the held-out set -------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("we forwarded Brennanova the file yesterday", "Brennanova"),
        ("please look up ZX-2025-00441 for me", "ZX-2025-00441"),
    ],
)
def test_possible_data_is_marked_for_a_check_not_replaced(text: str, value: str) -> None:
    result = anonymise(text)
    assert [(r.text, r.certain) for r in result.redactions] == [(value, False)]
    assert result.checks == result.redactions
    assert value in result.text  # left for the moderator to decide


def test_a_certain_finding_wins_over_a_possible_one() -> None:
    result = anonymise("customer ZX-2025-00441 and Brennanova")
    kinds = {(r.text, r.certain) for r in result.redactions}
    assert ("ZX-2025-00441", True) in kinds
    assert "[id number]" in result.text


def test_a_name_is_found_again_wherever_it_is_repeated() -> None:
    result = anonymise("Oluwatobi Fashola asked us to stop. Later Fashola's details came back.")
    assert result.text == "[name] asked us to stop. Later [name]'s details came back."


# Shapes met in held-out sets once they were studied: each stands for a class of text.
FOUND_IN_CONTEXT = [
    # From an outside review: people the pet and event rules must not take for pets or events
    (
        "Bunny Collins at the leisure centre gave my card number to her friend.",
        [("name", "Bunny Collins")],
    ),
    ("Our Cat Sitter, Rhian Powell, kept a key to my flat.", [("name", "Rhian Powell")]),
    ("The Dog Warden, Omar Haddad, told my neighbour my address.", [("name", "Omar Haddad")]),
    (
        "We have three cats, Megan and I feed them, and the landlord filmed Megan at home.",
        [("name", "Megan"), ("name", "Megan")],
    ),
    (
        "My horse is Gwen Parry's responsibility this week and she posted my address.",
        [("name", "Gwen Parry")],
    ),
    ("I believe Lucy walks past my desk and reads my screen.", [("name", "Lucy")]),
    # Vehicles' plates: the British shape anywhere, other countries' after a word for a plate
    (
        "The barrier camera logged my car, registration KP21 WZN, twice last week.",
        [("id number", "KP21 WZN")],
    ),
    ("O sistema registou a matrícula 72-LM-09 do meu carro.", [("id number", "72-LM-09")]),
    ("Il parcheggio ha fotografato la mia auto targata DK731RS.", [("id number", "DK731RS")]),
    (
        "Does the app still hold my plate HH-KL 902 from the Hamburg car park?",
        [("id number", "HH-KL 902")],
    ),
    ("Ma plaque d'immatriculation est AB-123-CD.", [("id number", "AB-123-CD")]),
    # A family with a particle; names joined by another language's "and"; "members" and a
    # foreign word for a member before their numbers
    (
        "We are the Van der Merwe family and we want our photos removed.",
        [("name", "Van der Merwe")],
    ),
    (
        "Rose et Marc Lefèvre ont reçu vos courriels.",
        [("name", "Rose"), ("name", "Marc Lefèvre")],
    ),
    (
        "We are members KX-220914 and KX-220915 of the owners' club.",
        [("id number", "KX-220914"), ("id number", "KX-220915")],
    ),
    ("Escribo como socia KT-ES-30812 del club.", [("id number", "KT-ES-30812")]),
    # Writers introducing themselves in lower case or loosely; lower-case titles with an initial
    ("hi my names grace n my booking vanished", [("name", "grace")]),
    ("my name is hope okonkwo-bell and i never signed up", [("name", "hope okonkwo-bell")]),
    ("hey im Jay my sister says you keep photos", [("name", "Jay")]),
    ("hey i'm oksana i worked the bar last summer", [("name", "oksana")]),
    ("bok, ja sam ivan, radio sam na recepciji", [("name", "ivan")]),
    ("Please post it to mrs k ashdown, she handles the estate.", [("name", "mrs k ashdown")]),
    ("Your email greeted someone else; I'm not Delyth.", [("name", "Delyth")]),
    (
        'My passport says Nikolaos, but I go by "Nikos" at work.',
        [("name", "Nikolaos"), ("name", "Nikos")],
    ),
    # Streets of Croatia, Belgium and the Gàidhealtachd; a house's name before its postcode
    (
        "Moja adresa je Ulica Kralja Tomislava 21, Split.",
        [("address", "Ulica Kralja Tomislava 21")],
    ),
    (
        "Schrijf naar Sint-Pieterslei 12 bus 3, 2000 Antwerpen.",
        [("address", "Sint-Pieterslei 12 bus 3"), ("postcode", "2000")],
    ),
    (
        "Post it to Eilidh Munro, The Old Bakehouse, IV2 4RT.",
        [("name", "Eilidh Munro"), ("address", "The Old Bakehouse"), ("postcode", "IV2 4RT")],
    ),
    ("We moved to 14 Sràid na Mara last spring.", [("address", "14 Sràid na Mara")]),
    # A plan's, a staff member's and a Hungarian "my ... number"'s codes; a life's span; a
    # Polish "date of birth" said before the date; relatives named in Chinese and Bengali
    (
        "Please cancel my late mother's plan FP-4471902 and refund the estate.",
        [("id number", "FP-4471902")],
    ),
    ("Az ügyfélszámom UG-558120, kérem töröljék.", [("id number", "UG-558120")]),
    ("Mon matricule est AGT-31-8820, merci.", [("id number", "AGT-31-8820")]),
    (
        "In loving memory of Dora Penhaligon, 12 March 1938 – 3 January 2025.",
        [("name", "Dora Penhaligon"), ("date of birth", "12 March 1938")],
    ),
    (
        "W dacie urodzenia jest błąd, powinno być 3 maja 1951.",
        [("date of birth", "3 maja 1951")],
    ),
    ("我母亲王秀英上周去世了。", [("name", "王秀英")]),
    ("আমার মা রোকেয়া খাতুন গত মাসে মারা গেছেন।", [("name", "রোকেয়া খাতুন")]),
    # A name and its misspelling; "baby" in a list of names; a form's "name" in lower case; a
    # best friend; a signature above a job's title
    ("It's Angharad, not Angharrad.", [("name", "Angharad"), ("name", "Angharrad")]),
    # From an outside review: real people the "not a person" rules must not let through (a
    # verb or a role after the name, a surname that is a place's word, an author who is private)
    ("Can you make Gary Lewis stop texting me?", [("name", "Gary Lewis")]),
    ("Did Callum Reid pass his probation?", [("name", "Callum Reid")]),
    ("Please forward this to Helen Mason DPO at your Leeds office.", [("name", "Helen Mason")]),
    ("Our client Lucía Plaza asked us to remove her photos.", [("name", "Lucía Plaza")]),
    (
        "On the funeral page you published a poem by Megan Holt, his granddaughter.",
        [("name", "Megan Holt")],
    ),
    ('I was called "useless" by Mark Dunn in front of the team.', [("name", "Mark Dunn")]),
    # Also from the review: a handle said with "'s" or "on X is"; a plate in lower case after its
    # word, with a hyphen, or in brackets after "car"
    ("My username's moonpie88 and I want the account deleted.", [("name", "moonpie88")]),
    ("My handle on X is jdoe1987, please remove my posts.", [("name", "jdoe1987")]),
    ("My reg is wk19 xbr, can you remove it?", [("id number", "wk19 xbr")]),
    ("The parking fine was for WK19-XBR but I sold that car.", [("id number", "WK19-XBR")]),
    ("Your photo shows my car (LFZ 1234) outside the venue.", [("id number", "LFZ 1234")]),
    # Handles and usernames, after their word, in quotes after "called", or shaped with "_"
    ("i can't log in, username moonpie.88, please help", [("name", "moonpie.88")]),
    (
        "Her handle is sunflower_girl_cork and she copied my photos.",
        [("name", "sunflower_girl_cork")],
    ),
    ("Alguien (se hace llamar Nacho_23) me acosa.", [("name", "Nacho_23")]),
    ("He made new accounts: first RJ_Boy, now rj_2001.", [("name", "RJ_Boy"), ("name", "rj_2001")]),
    # Said to be someone's name, in quotes or in another language; "my ex"
    ("mi hija se llama Alba y tiene 14 años.", [("name", "Alba")]),
    ('She calls herself "Honey" on the app but that is not her name.', [("name", "Honey")]),
    ('The letter addressed me as "Grace" again.', [("name", "Grace")]),
    ('My name on the app is "Pixie" and nobody knows it.', [("name", "Pixie")]),
    # A Polish phone after its inflected word; Irish and Turkish plates
    ("Skąd macie mój numer telefonu 601 223 447?", [("phone", "601 223 447")]),
    ("My registration plate 152-D-20931 shows in a photo.", [("id number", "152-D-20931")]),
    ("Aracın plakası 06 ABC 123 idi.", [("id number", "06 ABC 123")]),
    # Streets with Irish letters, German streets joined by hyphens, Turkish and Indian shapes,
    # and a street named as where someone lives
    ("He lives at 22 Cúl Árd Park, Sligo.", [("address", "22 Cúl Árd Park")]),
    (
        "Schreiben Sie an Rosa-Luxemburg-Straße 19, 10178 Berlin.",
        [("address", "Rosa-Luxemburg-Straße 19"), ("postcode", "10178")],
    ),
    (
        "Adresim Atatürk Caddesi No: 14 Daire: 3, Çankaya.",
        [("address", "Atatürk Caddesi No: 14 Daire: 3")],
    ),
    (
        "Please write to House No. 41, Nehru Nagar, Pune.",
        [("address", "House No. 41, Nehru Nagar")],
    ),
    (
        "A stranger waited outside my house on Beech Grove Terrace last night.",
        [("address", "Beech Grove Terrace")],
    ),
    # A verb after a titled name is not a pass; an IBAN of another country printed as banks
    # print one, its check digits mistyped
    ("Our neighbour Miss Opal pass away in May.", [("name", "Miss Opal")]),
    (
        "Számlaszám: HU93 1160 0006 0000 0000 4781 2397, köszönöm.",
        [("iban", "HU93 1160 0006 0000 0000 4781 2397")],
    ),
    (
        "Love from Rose, Lily and baby Alfie",
        [("name", "Rose"), ("name", "Lily"), ("name", "Alfie")],
    ),
    ("pls delete. name gurpreet sandhu, ta", [("name", "gurpreet sandhu")]),
    ("My bestie Temi got the tickets.", [("name", "Temi")]),
    (
        "Can you send it to me?\nMarian Gill\nPractice Manager",
        [("name", "Marian Gill")],
    ),
    (
        "Our puppy is called Ollie. Ollie from the reception desk read my card out loud.",
        [("name", "Ollie")],
    ),
    ("Mary Ellen Bay, the letting agent, never returned my deposit.", [("name", "Mary Ellen Bay")]),
    # A child named after the parent who writes; other countries' streets; a Polish birth date;
    # an NHS number some words after the question that names it
    ("Sou a mãe do Tiago, do 5.º ano, e quero apagar os dados.", [("name", "Tiago")]),
    ("Hi, we are the parents of Jude (Year 4) and want his photos removed.", [("name", "Jude")]),
    (
        "My address is vul. Shevchenka 8, kv. 41, Kharkiv.",
        [("address", "vul. Shevchenka 8, kv. 41")],
    ),
    ("Please post it to Jongno-ro 45 in Seoul.", [("address", "Jongno-ro 45")]),
    ("Urodziłem się 5 maja 1979 i chcę poprawić datę.", [("date of birth", "5 maja 1979")]),
    (
        "Is an NHS number sensitive? A patient put 943 476 5919 on the form.",
        [("id number", "943 476 5919")],
    ),
    ("TJ here again. Still no answer.", [("name", "TJ")]),
    # The other name a person goes by, in brackets beside the one found; a team is not one
    (
        "Our treasurer, Margaret Huxley (Mags to everyone), keeps the list.",
        [("name", "Margaret Huxley"), ("name", "Mags")],
    ),
    (
        "I'm Rhodri Pugh (known to all as Taffy) from the Bala branch.",
        [("name", "Rhodri Pugh"), ("name", "Taffy")],
    ),
    (
        "Ask our keeper Stevo (Steven Marsh) for the sheet.",
        [("name", "Stevo"), ("name", "Steven Marsh")],
    ),
    (
        "My granda, Eamon (we call him Mossy), wants his records.",
        [("name", "Eamon"), ("name", "Mossy")],
    ),
    (
        "Please ask Sarah Jones (HR) or Tom Price (Finance) about it.",
        [("name", "Sarah Jones"), ("name", "Tom Price")],
    ),
    # A pet's name that a person in the question also bears is still that person's
    ("Our dog is called Harry and my husband is called Harry.", [("name", "Harry")]),
    (
        "My dog Bonnie is fine, but my neighbour Bonnie Clarke can see her records.",
        [("name", "Bonnie Clarke")],
    ),
    ("Mr Sunday Adeyemi asked us to fix his record.", [("name", "Mr Sunday Adeyemi")]),
    ("Volunteer Mrs May Wells asked to leave the rota.", [("name", "Mrs May Wells")]),
    ("Please remove my daughter Zara from the list.", [("name", "Zara")]),
    ("My name is Ted Baker and I get the shop's newsletters.", [("name", "Ted Baker")]),
    ("I sent the payslip to Farhad, my colleague, by mistake.", [("name", "Farhad")]),
    ("a customer called bob wants a copy of the cctv", [("name", "bob")]),
    ("hi. jack here from the garage, quick question", [("name", "jack")]),
    ('Staff called her "Aga" in emails. Do we search for Aga too?', [("name", "Aga")] * 2),
    (
        "I OBJECT. I AM PATRICK J. FLANAGAN AND I DID NOT CONSENT.",
        [("name", "PATRICK J. FLANAGAN")],
    ),
    ('Our new hire Daniel "Danny" Ferreira cannot log in.', [("name", 'Daniel "Danny" Ferreira')]),
    ("请删除我的账户。王芳", [("name", "王芳")]),
    ("李伟在我们公司工作, can you delete his account?", [("name", "李伟")]),
    (
        "Write to rue du Marché 22, 1000 Bruxelles.",
        [("address", "rue du Marché 22"), ("postcode", "1000")],
    ),
    ("I live at 22 Heol y Parc, Cardiff.", [("address", "22 Heol y Parc")]),
    (
        "〒150-0001 東京都渋谷区神宮前2-14-3",
        [("postcode", "150-0001"), ("address", "東京都渋谷区神宮前2-14-3")],
    ),
    (
        "Moved to Rua Augusta, 1508, São Paulo - SP, 01304-001.",
        [("address", "Rua Augusta, 1508"), ("postcode", "01304-001")],
    ),
    ("Numéro national 85.03.04-123.45, merci.", [("id number", "85.03.04-123.45")]),
    ("They keep MyKad numbers like 850304-14-5566 here.", [("id number", "850304-14-5566")]),
    (
        "can i get my data? Ben Hollis 03-07-1992",
        [("name", "Ben Hollis"), ("date of birth", "03-07-1992")],
    ),
    ("我的手机号138 0013 8000被用来发广告", [("phone", "138 0013 8000")]),
    ("My zip (94110) is on a marketing map.", [("postcode", "94110")]),
    ("ID 8001015009087, please delete it.", [("id number", "8001015009087")]),
    ("Her envelope number is ENV-0442.", [("id number", "ENV-0442")]),
    ("A Korean shop asked for my number 850412-1234567.", [("id number", "850412-1234567")]),
    ("Bitte, Kontoinhaberin Sabine Krüger.", [("name", "Sabine Krüger")]),
    ("It's Grandma Nell typing.", [("name", "Grandma Nell")]),
    ("Здравствуйте, тел. +380 67 123 4567.", [("phone", "+380 67 123 4567")]),
    ('Our son Maxwell ("Max") signed up.', [("name", "Maxwell"), ("name", "Max")]),
    ("佐藤花子 (Hanako Sato) です。", [("name", "佐藤花子"), ("name", "Hanako Sato")]),
    (
        "Av. Corrientes 1234, Piso 5 Depto B, CABA, C1043AAZ.",
        [("address", "Av. Corrientes 1234, Piso 5 Depto B"), ("postcode", "C1043AAZ")],
    ),
    (
        "Moda Cad. No: 45, Kadıköy, İstanbul 34710.",
        [("address", "Moda Cad. No: 45"), ("postcode", "34710")],
    ),
    ("Andrássy út 60, 1062 Budapest.", [("address", "Andrássy út 60"), ("postcode", "1062")]),
    ("Vinohradská 12, 120 00 Praha 2.", [("address", "Vinohradská 12"), ("postcode", "120 00")]),
    (
        "Nørregade 7, 2. th., 1165 København.",
        [("address", "Nørregade 7, 2. th."), ("postcode", "1165")],
    ),
    ("P.O. Box 4821-00100 Nairobi.", [("address", "P.O. Box 4821"), ("postcode", "00100")]),
    (
        "Letters to Holly Cottage, Ivybridge PL21 0AB.",
        [("address", "Holly Cottage"), ("postcode", "PL21 0AB")],
    ),
    ("Write to 25 Phố Hàng Bạc, please.", [("address", "25 Phố Hàng Bạc")]),
    ("Please send it to Calle 93 # 11-26, Bogotá.", [("address", "Calle 93 # 11-26")]),
    (
        "Alamat saya Jl. Sudirman No. 45, Jakarta 10220.",
        [("address", "Jl. Sudirman No. 45"), ("postcode", "10220")],
    ),
    ("Адрес: ул. Тверская, д. 7, кв. 12.", [("address", "ул. Тверская, д. 7, кв. 12")]),
    ("我的生日是1990年3月15日，请删除。", [("date of birth", "1990年3月15日")]),
    ("Her date of birth: 12. marts 1985.", [("date of birth", "12. marts 1985")]),
    ("My Ausweisnummer is L01X00T47.", [("id number", "L01X00T47")]),
    ("The payslip went to an email meant for Owen Jenkins.", [("name", "Owen Jenkins")]),
    (
        "Sent to Schulterblatt 58, 20357 Hamburg, by mistake.",
        [("address", "Schulterblatt 58"), ("postcode", "20357")],
    ),
    (
        "Home: 3 The Mews, Orchard Lane, Reading RG1 7HD.",
        [("address", "3 The Mews, Orchard Lane"), ("postcode", "RG1 7HD")],
    ),
    (
        "WHY DO YOU HAVE 22 BRAMLEY CLOSE, LEEDS LS16 5HN",
        [("address", "22 BRAMLEY CLOSE"), ("postcode", "LS16 5HN")],
    ),
    (
        "Kerkstraat 9, bus 2, 9000 Gent.",
        [("address", "Kerkstraat 9, bus 2"), ("postcode", "9000")],
    ),
    (
        "Write to Kungsgatan 8 B, lgh 1102, 411 19 Göteborg.",
        [("address", "Kungsgatan 8 B, lgh 1102"), ("postcode", "411 19")],
    ),
    (
        "Calle de Atocha 45, 2º izquierda, 28012 Madrid.",
        [("address", "Calle de Atocha 45, 2º izquierda"), ("postcode", "28012")],
    ),
    ("I'm at 12 Main Street, 5 m from the station.", [("address", "12 Main Street")]),
    (
        "We have Tendai Moyo and Farai Mutasa as duplicates.",
        [("name", "Tendai Moyo"), ("name", "Farai Mutasa")],
    ),
    (
        "For identification: Stephen Adeleke-Brown, 21st of June 1978, 31 Kingsley Road.",
        [
            ("name", "Stephen Adeleke-Brown"),
            ("date of birth", "21st of June 1978"),
            ("address", "31 Kingsley Road"),
        ],
    ),
    ("我的订单号是CN-882013。", [("id number", "CN-882013")]),
    ("マイナンバー1234 5678 9018を入力しました。", [("id number", "1234 5678 9018")]),
    ("TC kimlik numaram 10000000146.", [("id number", "10000000146")]),
    ("Participants with ЕГН numbers like 7501020018.", [("id number", "7501020018")]),
    ("My membership card number is 4410 2290 8812.", [("id number", "4410 2290 8812")]),
    ("मेरा फ़ोन नंबर 98765 43210 है।", [("phone", "98765 43210")]),
    ("Το τηλέφωνό μου είναι 694 123 4567.", [("phone", "694 123 4567")]),
    # A number read out in words, dotted North American numbers, spelt-out addresses abroad.
    (
        "Voicemail: my number is oh two oh, seven nine four six, double oh five eight.",
        [("phone", "oh two oh, seven nine four six, double oh five eight")],
    ),
    ("Text me on 312.555.0148 please.", [("phone", "312.555.0148")]),
    ("Telefone (11) 91234-5678, obrigado.", [("phone", "(11) 91234-5678")]),
    (
        "Mi DNI es 12345678Z. Tel. 699 123 456.",
        [("id number", "12345678Z"), ("phone", "699 123 456")],
    ),
    (
        "write to k.ioannou at example dot cz or sam underscore b at example dot com",
        [
            ("email", "k.ioannou at example dot cz"),
            ("email", "sam underscore b at example dot com"),
        ],
    ),
    (
        "Str. Florilor nr. 7, ap. 12, Cluj 400001.",
        [("address", "Str. Florilor nr. 7, ap. 12"), ("postcode", "400001")],
    ),
    (
        "Στείλτε το στη διεύθυνση Αιόλου 14, 105 51 Αθήνα.",
        [("address", "Αιόλου 14"), ("postcode", "105 51")],
    ),
    ("Groenplaats 12, 2000 Antwerpen.", [("address", "Groenplaats 12"), ("postcode", "2000")]),
    # A name standing as a field of its own beside an account or a phone number.
    (
        "Refund to GB33 BUKB 2020 1555 5555 55, Tuomas Räikkönen.",
        [("iban", "GB33 BUKB 2020 1555 5555 55"), ("name", "Tuomas Räikkönen")],
    ),
    (
        "Call back: 0161 496 0322, Ngozi Eze-Obi.",
        [("phone", "0161 496 0322"), ("name", "Ngozi Eze-Obi")],
    ),
    (
        "Please add my brother, Idris Tanko, March 3, 1990.",
        [("name", "Idris Tanko"), ("date of birth", "March 3, 1990")],
    ),
    (
        "tôi là Lê Văn Hùng, sinh ngày 02/11/1988.",
        [("name", "Lê Văn Hùng"), ("date of birth", "02/11/1988")],
    ),
    ("私は田中花子です。", [("name", "田中花子")]),
    ("我是王芳的母亲陈丽。", [("name", "王芳"), ("name", "陈丽")]),
    (
        "北京市朝阳区建国路88号，邮编100022，刘洋。",
        [("address", "北京市朝阳区建国路88号"), ("postcode", "100022"), ("name", "刘洋")],
    ),
    ("मेरी माता सीता वर्मा का ईमेल बंद करें।", [("name", "सीता वर्मा")]),
    ("our tutor mrs jenkins keeps the register", [("name", "mrs jenkins")]),
    ("Her pupil number is K-88213 and she is in year 5.", [("id number", "K-88213")]),
    ("Meine SV-Nummer 4411 120385 steht auf dem Brief.", [("id number", "4411 120385")]),
    ("Home: 15 Marina Road, Victoria Island, Lagos.", [("address", "15 Marina Road")]),
    ("Mój syn Kacper ma konto, proszę je usunąć.", [("name", "Kacper")]),
    (
        "Pani Nowak, ur. 14 lutego 1987, prosi o kopię danych.",
        [("name", "Pani Nowak"), ("date of birth", "14 lutego 1987")],
    ),
    ("hello, i'm robin, is my phone number stored?", [("name", "robin")]),
    (
        "Please stop ringing 01632 960111 or 07700 900222.",
        [("phone", "01632 960111"), ("phone", "07700 900222")],
    ),
    (
        "We shipped order KX-2231-0045 to 9 Bramble Way yesterday.",
        [("id number", "KX-2231-0045"), ("address", "9 Bramble Way")],
    ),
    (
        "Send it to 312 Calle Luna, Austin TX 78701.",
        [("address", "312 Calle Luna"), ("postcode", "78701")],
    ),
    (
        "wir wohnen in der berliner str. 14, 10115.",
        [("address", "berliner str. 14"), ("postcode", "10115")],
    ),
    (
        "My new address: Bağdat Caddesi No: 12 Daire 4, Maltepe, İstanbul 34844.",
        [("address", "Bağdat Caddesi No: 12 Daire 4"), ("postcode", "34844")],
    ),
    ("me llamo ana maría, mi cuenta es nueva", [("name", "ana maría")]),
    # Addresses spelt out with the words for "at" and "dot" of other languages
    (
        "Mon adresse : marie point lenoir arobase example point fr, merci.",
        [("email", "marie point lenoir arobase example point fr")],
    ),
    (
        "Mijn mail is sanne punt bakker apenstaartje example punt nl.",
        [("email", "sanne punt bakker apenstaartje example punt nl")],
    ),
    (
        "Skriv till olle.berg snabel-a example punkt se tack.",
        [("email", "olle.berg snabel-a example punkt se")],
    ),
    (
        "Scrivetemi a giulia.neri[chiocciola]example[punto]it per favore.",
        [("email", "giulia.neri[chiocciola]example[punto]it")],
    ),
    # Customer, policy and member numbers named in other languages; Swedish personal numbers
    ("Unsere Kundennr. 448812930 steht auf jeder Rechnung.", [("id number", "448812930")]),
    ("Mijn klantnummer is 5512098843, graag verwijderen.", [("id number", "5512098843")]),
    ("Il mio numero di polizza è RCA-5530017 e vorrei una copia.", [("id number", "RCA-5530017")]),
    ("Meine Mitgliedsnummer beim Sportverein ist SV-20931.", [("id number", "SV-20931")]),
    ("Kan ni radera mitt personnummer 850612-3347 tack?", [("id number", "850612-3347")]),
    # Birth dates in Italian, Portuguese and Greek, the Islamic and Japanese calendars, and a
    # French date named as the birth date after it
    ("Sono nata a Bari il 3 marzo 1979.", [("date of birth", "3 marzo 1979")]),
    ("A minha avó nasceu em 2 de maio de 1941.", [("date of birth", "2 de maio de 1941")]),
    ("Ο παππούς μου γεννήθηκε στις 9 Απριλίου 1938.", [("date of birth", "9 Απριλίου 1938")]),
    ("I was born on 3 Shawwal 1410 AH, please store it.", [("date of birth", "3 Shawwal 1410 AH")]),
    ("He was born 昭和55年4月1日 in Osaka.", [("date of birth", "昭和55年4月1日")]),
    ("Le 2 mars 1990 est ma date de naissance.", [("date of birth", "2 mars 1990")]),
    # Lower-case names with the particles of a surname; names typed in capitals
    ("hi i am maria dos santos, please delete me", [("name", "maria dos santos")]),
    ("hey its lotte van der berg again", [("name", "lotte van der berg")]),
    ("URGENT!!! this is MARGARET HOLLOWAY from the shop, call me", [("name", "MARGARET HOLLOWAY")]),
    ("Please write to MRS D. OKONKWO about it.", [("name", "MRS D. OKONKWO")]),
    # A house known by its name, before the town and the postcode
    (
        "Send the forms to Willowbank, Ashford TN24 8QT, please.",
        [("address", "Willowbank"), ("postcode", "TN24 8QT")],
    ),
    (
        "Post goes to The Old Vicarage, Market Drayton TF9 1AA now.",
        [("address", "The Old Vicarage"), ("postcode", "TF9 1AA")],
    ),
    # Birth dates written in words or another calendar, after a cue in the language used
    (
        "Nací el nueve de mayo de mil novecientos ochenta y dos en Cádiz.",
        [("date of birth", "nueve de mayo de mil novecientos ochenta y dos")],
    ),
    (
        "Ich bin am dritten März neunzehnhundertfünfundsechzig geboren, bitte korrigieren.",
        [("date of birth", "dritten März neunzehnhundertfünfundsechzig")],
    ),
    ("Jeg er født den tredje juni 1977, ikke i juli.", [("date of birth", "tredje juni 1977")]),
    ("Narodila jsem se 4. května 1990, prosím opravte to.", [("date of birth", "4. května 1990")]),
    # A number word, the words saying whose number it is, then the number
    ("Mój numer klienta: 88412, proszę o usunięcie.", [("id number", "88412")]),
    ("Please find me under MRN TX-5531092 at the clinic.", [("id number", "TX-5531092")]),
    (
        "The photo shows my identiteitskaart (592-1148830-17) clearly.",
        [("id number", "592-1148830-17")],
    ),
    # "My name is" and "I am" in scripts without capitals
    ("நமஸ்தே, என் பெயர் பிரியா ராமன். எனக்கு உதவுங்கள்.", [("name", "பிரியா ராமன்")]),
    ("মাফ করবেন, আমি রাহুল সেন, আমার তথ্য মুছে দিন।", [("name", "রাহুল সেন")]),
    ("سلام، میرا نام زینب ملک ہے اور میرا سوال ہے۔", [("name", "زینب ملک")]),
    # Spelt-out email addresses in more languages; mobile numbers of other countries
    (
        "Svar gjerne til ola.vik krøllalfa example punktum no takk.",
        [("email", "ola.vik krøllalfa example punktum no")],
    ),
    ("Llamadme al 655 43 21 09 por la tarde.", [("phone", "655 43 21 09")]),
    ("Liga-me para o 912 345 678 amanhã.", [("phone", "912 345 678")]),
    # A postal code with its country's letters; a code after the town on its own line
    (
        "Mano adresas Vilniaus g. 12, LT-01118 Vilnius.",
        [("address", "Vilniaus g. 12"), ("postcode", "LT-01118")],
    ),
    # A person's code after the word for what it belongs to, or a compound saying number
    (
        "Meine Kundennummer ist leider weg, mein Vertrag VX-2031-44871 läuft noch.",
        [("id number", "VX-2031-44871")],
    ),
    ("Jäsennumeroni on unohtunut. Asiakasnumero QT-5512094.", [("id number", "QT-5512094")]),
    ("Ho pagato la quota, tessera n. 3412 7756 2201.", [("id number", "3412 7756 2201")]),
    ("Sou sócio n.º LX-30418 desde 2019.", [("id number", "LX-30418")]),
    # A birth date with the word for born after it, or after an abbreviation of it
    ("Ich bin am 3. März 1961 geboren.", [("date of birth", "3. März 1961")]),
    ("息子（2011年9月2日生まれ）の登録を消してください。", [("date of birth", "2011年9月2日")]),
    ("Anyám (szül. 1951. május 4.) nevében írok.", [("date of birth", "1951. május 4.")]),
    ("Píšu za babičku, nar. 14. 2. 1938.", [("date of birth", "14. 2. 1938")]),
    # Eight-digit Nordic mobiles; an Italian mobile that passes the NHS number's check
    ("Mobilen min: 934 56 781, ring i morgen.", [("phone", "934 56 781")]),
    ("Mi chiamano al 333 123 4567 ogni sera.", [("phone", "333 123 4567")]),
    # A Nordic street named after someone; a Swiss street with its number after
    ("Jeg flyttet til Henrik Ibsens gate 41B i fjor.", [("address", "Henrik Ibsens gate 41B")]),
    ("J'habite Chemin des Pâquerettes 12 à Morges.", [("address", "Chemin des Pâquerettes 12")]),
    # "I am" in other languages before a name
    ("ciao, sono Benedetta e scrivo per mia madre.", [("name", "Benedetta")]),
    ("Dzień dobry, jestem Zofia Kaczmarek, proszę o kopię danych.", [("name", "Zofia Kaczmarek")]),
    # A German mobile with its prefix apart; a Spanish fixed line, which has no trunk 0
    ("Meine neue Nummer ist 0151 23456789, die alte bitte löschen.", [("phone", "0151 23456789")]),
    ("Me llaman cada día al 915 23 44 18 desde vuestra empresa.", [("phone", "915 23 44 18")]),
    # A form's name field in other scripts
    ("姓名：张伟，电话已经换了。", [("name", "张伟")]),
    ("नाम: सुरेश पटेल, कृपया डेटा हटाएँ।", [("name", "सुरेश पटेल")]),
    # Floors, blocks and flats after the street; German "Am ..." streets; lower-case "carrer"
    (
        "Adresa: Str. Florilor nr. 7, bl. B2, sc. 1, ap. 9, Cluj.",
        [("address", "Str. Florilor nr. 7, bl. B2, sc. 1, ap. 9")],
    ),
    ("Ich wohne jetzt Am Lindenhof 12b, 2. OG.", [("address", "Am Lindenhof 12b, 2. OG")]),
    ("Visc al carrer de Balmes 120, 3r 2a.", [("address", "carrer de Balmes 120, 3r 2a")]),
    # A short sentence closing the message is no signature, a name alone is
    ("Kan ni radera mina uppgifter? Tack.\nMalin Berg", [("name", "Malin Berg")]),
    # Set 25's classes: a title of another language before a surname no list knows; an ordinary
    # word of that language after it; a street line, then the code and town on the next line
    ("Mein Nachbar, Herr Quastenberg, filmt den Hof.", [("name", "Herr Quastenberg")]),
    ("Our cleaner Frau Klein has a key.", [("name", "Frau Klein")]),
    (
        "S pozdravom\nJana Mrázková\nDlhá 17, 2. poschodie\n811 02 Bratislava",
        [("name", "Jana Mrázková"), ("address", "Dlhá 17, 2. poschodie"), ("postcode", "811 02")],
    ),
    (
        "Adresa: Vukovarska 88, 21000 Split. Hvala.",
        [("address", "Vukovarska 88"), ("postcode", "21000")],
    ),
    (
        "Wohnhaft Lindenweg 4, Hinterhaus, 2. OG links, 04109 Leipzig.",
        [("address", "Lindenweg 4, Hinterhaus, 2. OG links"), ("postcode", "04109")],
    ),
    (
        "Abito in via Cavour 12, scala A, interno 3.",
        [("address", "via Cavour 12, scala A, interno 3")],
    ),
    # Born, in more languages; a loyalty card's number; digits in groups after a holder's word
    ("Sin Luka (rođen 3. 5. 2011) ima račun.", [("name", "Luka"), ("date of birth", "3. 5. 2011")]),
    ("Hčerka je rojena 14. 2. 2013.", [("date of birth", "14. 2. 2013")]),
    ("My loyalty card number is 6011 0009 9013 9424.", [("id number", "6011 0009 9013 9424")]),
    ("TAJ-számom 044 217 903, kérem töröljék.", [("id number", "044 217 903")]),
    ("Mon numéro d'adhérent est ADH 771 204.", [("id number", "ADH 771 204")]),
    ("Il mio numero è 347 882 1904, potete cancellarlo?", [("phone", "347 882 1904")]),
    # Sets 21 and 27's classes. A relative or friend named by a month or an ordinary word; a
    # writer introducing themself by such a word; names given as names
    ("my son August is 12 and the club posted his photo", [("name", "August")]),
    ("ok so my mate rob added me to the group chat", [("name", "rob")]),
    ("my nephew TOBIAS WREN was tagged in it", [("name", "TOBIAS WREN")]),
    ("Hi, this is May from the front desk. Can I share rotas?", [("name", "May")]),
    ("hey, dawn here again. did u get my email?", [("name", "dawn")]),
    ("Hello, I'm Dior, a nail technician. Do I need a privacy notice?", [("name", "Dior")]),
    (
        "Their names are Ottilie, Bram and Sennen.",
        [("name", "Ottilie"), ("name", "Bram"), ("name", "Sennen")],
    ),
    ("Please drop my middle name, Adebayo, from the file.", [("name", "Adebayo")]),
    ("hi im jordan and i need help", [("name", "jordan")]),
    # A name spelt out by the email address beside it; initials and a surname as a signature;
    # a double surname after a title typed in lower case
    (
        "can i get a copy of my data. lin wu, lin.wu77@example.com",
        [("name", "lin wu"), ("email", "lin.wu77@example.com")],
    ),
    ("Please confirm in writing.\nR. Stone", [("name", "R. Stone")]),
    ("our client mrs patel-khan asked for her file", [("name", "mrs patel-khan")]),
    # A code of the same shape as the one just named; codes after a person's role; a national
    # insurance number in lower case; a Polish identity card in brackets
    (
        "Her member number is GYM-30418, mine is GYM-30419.",
        [("id number", "GYM-30418"), ("id number", "GYM-30419")],
    ),
    ("is a loyalty barcode personal data? mine's K77120934", [("id number", "K77120934")]),
    ("Candidate ref AP-7731-B was rejected.", [("id number", "AP-7731-B")]),
    ("Show my staff code, KT-2210, to nobody.", [("id number", "KT-2210")]),
    ("my NI is yk482913b", [("id number", "yk482913b")]),
    ("Prosi o skan dowodu osobistego (CAX 204871).", [("id number", "CAX 204871")]),
    # Birth dates with the month as a word between hyphens, in Welsh and in Lithuanian
    ("Her details: DOB 04-Mar-1961.", [("date of birth", "04-Mar-1961")]),
    ("Dyddiad geni: 9 Hydref 1980.", [("date of birth", "9 Hydref 1980")]),
    ("gimimo data 1990 m. birželio 5 d.", [("date of birth", "1990 m. birželio 5 d.")]),
    # A house's name or a flat before the street; rooms in a named block
    (
        "We live at Orchard End, 4 Mill Lane, Ludlow.",
        [("address", "Orchard End, 4 Mill Lane")],
    ),
    (
        "i live at flat 2c, 19 Crown Street, leeds",
        [("address", "flat 2c, 19 Crown Street")],
    ),
    (
        "post goes to Block D, Room 12, Fenwick Halls now",
        [("address", "Block D, Room 12, Fenwick Halls")],
    ),
    # A name after a relative in Arabic and Urdu
    ("صورة ابني كريم على الموقع", [("name", "كريم")]),
    # Sets 28 and 29's classes. A booking's reference; a sort code after "sort"; a national
    # insurance number after its name whatever its letters; "his is" before a code; a code in a
    # passport's shape where a passport is spoken of; a role before a long number
    ("Can you move booking ref Q7ZP4K to my account?", [("id number", "Q7ZP4K")]),
    ("sort 20-31-44 acc 55102938 is mine", [("id number", "20-31-44"), ("id number", "55102938")]),
    ("which one is right? NI TN 40 18 22 C", [("id number", "TN 40 18 22 C")]),
    (
        "Two accounts: his is 40718822 and mine is 40718830.",
        [("id number", "40718822"), ("id number", "40718830")],
    ),
    ("My passport is on file. It's KR5520918. Delete it.", [("id number", "KR5520918")]),
    (
        "My pay is wrong. Nikos Andreou, payroll 66120.",
        [("name", "Nikos Andreou"), ("id number", "66120")],
    ),
    # A chat pasted in; "X this side"; a Chinese name with its title after it; a surname known
    # by its ending; a nickname one "goes by"; Afrikaans and Tagalog "I am"
    (
        "sam: did u book it?\nkofi: yes, under my name",
        [("name", "sam"), ("name", "kofi")],
    ),
    ("Hi! Tendai this side. Why is my booking shared?", [("name", "Tendai")]),
    ("王芳女士的订单 was sent to me.", [("name", "王芳女士")]),
    ("Nauja pavardė Žemaitienė, ar galite pakeisti?", [("name", "Žemaitienė")]),
    ("Call me what you like (I go by Tayo) but fix it.", [("name", "Tayo")]),
    ("Haai, ek is Marli Fourie. Dankie!", [("name", "Marli Fourie")]),
    # Birth dates after "bday", and a date after a name written "McLeod" in a list
    ("fix my bday pls, its 3rd of may 1999", [("date of birth", "3rd of may 1999")]),
    (
        "1. Ruby McKay, 04/11/2011\n2. Ellis Fane, 19/02/2012\nThanks",
        [
            ("name", "Ruby McKay"),
            ("date of birth", "04/11/2011"),
            ("name", "Ellis Fane"),
            ("date of birth", "19/02/2012"),
        ],
    ),
    # Streets: a French street word in lower case, a street typed in capitals with a saint's
    # name, a Romanian boulevard with its block and flat, "rd" in lower case
    (
        "Adresse : 12 rue de la Paix, 75002 Paris.",
        [("address", "12 rue de la Paix"), ("postcode", "75002")],
    ),
    ("MY ADDRESS IS 9 ST JOHN'S ROAD AND I WANT IT DELETED NOW", [("address", "9 ST JOHN'S ROAD")]),
    ("send it to 22 kingsland rd please", [("address", "22 kingsland rd")]),
    # Sets 30 and 31's classes. A user name made of a person's names; a code straight after a
    # name; an account's number after "acc"; a place on the Priority Services Register; staff
    # codes after a role; a child named with their age
    ("the buyer (piotr_nowak_88) keeps messaging me", [("name", "piotr_nowak_88")]),
    (
        "Refund it to Dara Quinn, KLM-7718203, please.",
        [("name", "Dara Quinn"), ("id number", "KLM-7718203")],
    ),
    ("meter read done. acc 40718822 thanks", [("id number", "40718822")]),
    ("My PSR reference is PSR 5512 0093.", [("id number", "PSR 5512 0093")]),
    ("The visit was by Engineer ENG-40217 on Monday.", [("id number", "ENG-40217")]),
    ("Ciao, sono il papà di Matilde (12 anni).", [("name", "Matilde")]),
    ("Nom : Lefèvre\nPrénom : Camille", [("name", "Lefèvre"), ("name", "Camille")]),
    ('He said his name was "Gaz" and asked for my card.', [("name", "Gaz")]),
    ("Welsh street: 4 Pen-y-Graig, Bangor", [("address", "4 Pen-y-Graig")]),
    # A surname that is also a tariff's word is still a surname
    ("Please close the account of Sarah Power, she moved.", [("name", "Sarah Power")]),
    # Sets 32 and 33's classes. A student's number signed after a name; a code whose sentence
    # says whose it is; a participant's short code; a title then an initial; a signature line
    # that goes on after the name, or signed by two people
    (
        "Why was my timetable shared? Priya Nandakumar, 23118405",
        [("name", "Priya Nandakumar"), ("id number", "23118405")],
    ),
    ("Loan LNX-5520913 is closed, please stop writing.", [("id number", "LNX-5520913")]),
    ("My customer ref ABQ0092211 was on the envelope.", [("id number", "ABQ0092211")]),
    ("I was participant VR-044 in the memory study.", [("id number", "VR-044")]),
    ("On behalf of our client Mr T Abernethy, please reply.", [("name", "Mr T Abernethy")]),
    ("Who sold my data?\nGlenys Harcourt, retired nurse", [("name", "Glenys Harcourt")]),
    ("Please reply by post.\nOwen & Bethan Pritchard", [("name", "Owen & Bethan Pritchard")]),
    # The number of an account in Hindi, Chinese, Irish and Portuguese; a national number named
    # ("personal code"); a birth date after its cue in Greek and Hindi, ending where it ends
    ("मेरा बचत खाता संख्या 44718820 है", [("id number", "44718820")]),
    ("我的账号是61120875，请删除。", [("id number", "61120875")]),
    ("Athraigh an seoladh ar mo chuntas, 58802317 le do thoil.", [("id number", "58802317")]),
    ("My Estonian personal code is 49403136515, is that needed?", [("id number", "49403136515")]),
    ("Ημερομηνία γέννησης: 02/09/1987. Ευχαριστώ", [("date of birth", "02/09/1987")]),
    ("मेरी बेटी का जन्म 3 मार्च 2009 को हुआ था", [("date of birth", "3 मार्च 2009")]),
    # A name signed under a question in Devanagari or Arabic script, and after a relation in
    # Chinese within an English question
    ("कृपया मेरा डेटा हटा दीजिए।\n- रमेश", [("name", "रमेश")]),
    ("Please help. 我的妻子王静去年去世了。", [("name", "王静")]),
    # A street written straight after a Chinese word; street words of estates
    ("我的地址是7 Orchard Mount, Leeds", [("address", "7 Orchard Mount")]),
    ("We moved to 15 Beacon Heights last year.", [("address", "15 Beacon Heights")]),
    # Sets 34 and 35's classes. Codes with several groups of letters where the sentence says
    # whose; a misspelt "account"; a Finnish possessive; an Emirates ID; a Finnish birth date; a
    # whole name after "of" before a date; a signature line going on; two people joined by "&";
    # a house's name; a Dutch "bis"; a portfolio's bare domain
    ("Please update my profile, candidate MAN-C-40177.", [("id number", "MAN-C-40177")]),
    ("my acount is 66120458 pls check", [("id number", "66120458")]),
    ("Asiakasnumeroni on 771203945.", [("id number", "771203945")]),
    ("My ID is 784-1990-1234567-1, please delete it.", [("id number", "784-1990-1234567-1")]),
    (
        "Äitini Liisa Mäkinen (s. 4.7.1941) asuu Oulussa.",
        [("name", "Liisa Mäkinen"), ("date of birth", "4.7.1941")],
    ),
    (
        "I am the carer of Amina Yusuf, 03/02/1950, who lives with me.",
        [("name", "Amina Yusuf"), ("date of birth", "03/02/1950")],
    ),
    (
        "I am owed holiday pay. Tunde Bakare, worker GLA-T-5521, sort 20-11-04.",
        [("name", "Tunde Bakare"), ("id number", "GLA-T-5521"), ("id number", "20-11-04")],
    ),
    (
        "Signed: Imran Qureshi & Sadia Qureshi",
        [("name", "Imran Qureshi"), ("name", "Sadia Qureshi")],
    ),
    ("Post goes to Ivy Cottage, Kilmore, please stop it.", [("address", "Ivy Cottage")]),
    ("Mijn adres: Prinsengracht 88bis, Amsterdam.", [("address", "Prinsengracht 88bis")]),
    ("my portfolio annaberg.example.org shows my photos", [("url", "annaberg.example.org")]),
    # A flat on its own; a street named in one word; a place on a register or a list
    ("the woman in FLAT 14 plays music all night", [("address", "FLAT 14")]),
    (
        "Post for Flats 3-6, Orchard House keeps coming to us.",
        [("address", "Flats 3-6, Orchard House")],
    ),
    ("Mum lives at 9 Westgate now.", [("address", "9 Westgate")]),
    (
        "Dr Ola Ade, GMC 6612093, left the clinic.",
        [("name", "Dr Ola Ade"), ("id number", "6612093")],
    ),
    ("Why is application BX-20391 still pending?", [("id number", "BX-20391")]),
    ("Rent ref RT0044182 shows arrears I never had.", [("id number", "RT0044182")]),
    # Birth dates: a relative's in brackets, after a name with a Polish letter, in Ukrainian
    (
        "Household: Yusuf (husband, 02/03/1981) and me.",
        [("name", "Yusuf"), ("date of birth", "02/03/1981")],
    ),
    (
        "Jerzy Wiśniewski, 14/05/1972, asked for his file.",
        [("name", "Jerzy Wiśniewski"), ("date of birth", "14/05/1972")],
    ),
    ("Моя дата народження 03.09.1988.", [("date of birth", "03.09.1988")]),
    # Names after whom a message is for, a role in brackets, a role after a comma, a record's
    # field written surname first, a signature with its firm in brackets, a writer's "here"
    ("Please tell Nicola the boiler is fixed.", [("name", "Nicola")]),
    ("I spoke to Graham yesterday about the leak.", [("name", "Graham")]),
    ("I asked the pharmacist (Dean) about it.", [("name", "Dean")]),
    ("Grace, the cleaner, found my keys.", [("name", "Grace")]),
    ("Patient: OKAFOR, Chidi\nplease send his file", [("name", "OKAFOR, Chidi")]),
    ("Keys are in the safe.\nMarta (Hillside Lettings)", [("name", "Marta")]),
    ("Halyna here. The heater is broken.", [("name", "Halyna")]),
    (
        "Member Ruth Abebe, ID K88120394-02, moved away.",
        [("name", "Ruth Abebe"), ("id number", "K88120394-02")],
    ),
    # A finance or hire agreement's number, a contract's in Polish; a membership number in
    # Welsh, Romanian and Chinese; a French driving licence
    ("Please close agreement FN-2203-118 early.", [("id number", "FN-2203-118")]),
    ("Our hire purchase agreement is 5512-0093-774.", [("id number", "5512-0093-774")]),
    ("Proszę o kopię, umowa KR/2020/44123.", [("id number", "KR/2020/44123")]),
    ("Fy rhif aelodaeth yw 772031.", [("id number", "772031")]),
    ("Numărul de membru este GY-5540012.", [("id number", "GY-5540012")]),
    ("我的会员号是MB-0099431。", [("id number", "MB-0099431")]),
    ("Mon permis de conduire 09XY55123 a expiré.", [("id number", "09XY55123")]),
    # Birth dates: "nació", a relative named with "my" in brackets, a person said to be a date
    ("Mi hijo nació el 9 de mayo de 2016 y juega aquí.", [("date of birth", "9 de mayo de 2016")]),
    (
        "Bring Alun Rees (my father, 03.11.1950) to the desk.",
        [("name", "Alun Rees"), ("date of birth", "03.11.1950")],
    ),
    (
        "Two of us share a name: he's 2/8/1958, I'm 30/1/1987.",
        [("date of birth", "2/8/1958"), ("date of birth", "30/1/1987")],
    ),
    # A name after a salesman or an instructor; a person in a branch of the firm; "Ben" alone,
    # which is also a particle inside names
    ("Our instructor Wojtek filmed the class.", [("name", "Wojtek")]),
    ("The salesman Dariusz kept my licence.", [("name", "Dariusz")]),
    ("Yes, Ben in your Leeds branch sorted it.", [("name", "Ben")]),
    # A child named after "mama of" or "uncle and guardian of"; a family by its surname; a
    # title and an initial; a name ending the line before "Sent from my"; a report's field
    (
        "I am Sipho's uncle and guardian of Thandeka, in Room 2.",
        [("name", "Sipho"), ("name", "Thandeka")],
    ),
    ("Please ring the Okonjo family about pick-up.", [("name", "Okonjo")]),
    ("The note about me says 'rude, Mrs K' and nothing else.", [("name", "Mrs K")]),
    ("Take me off your list please, Gwen\nSent from my iPhone", [("name", "Gwen")]),
    ("Reviewer: Nadia Farouk\nJob: patio", [("name", "Nadia Farouk")]),
    ("Hola, mi nombre es Beatriz y trabajo aquí.", [("name", "Beatriz")]),
    # A child's recent birth date in brackets after the name; a payroll or funding code alone
    (
        "Please update Milo Carter (14/09/2023) in the Ladybird group.",
        [("name", "Milo Carter"), ("date of birth", "14/09/2023")],
    ),
    ("Payroll KX-40912, I left in June.", [("id number", "KX-40912")]),
    ("Is funding code 50044332211 still valid?", [("id number", "50044332211")]),
    # A family in the plural; a lower-case title with an initial; Kazakhstan's IIN
    ("Our son will stay with the Abernathys in May.", [("name", "Abernathys")]),
    ("please stop writing to mrs k. adebayo here", [("name", "mrs k. adebayo")]),
    ("My IIN is 870412300518, please check it.", [("id number", "870412300518")]),
    # From an outside review: what the new "not a person" rules must not let through
    ("Call me on tel-07700 900 123.", [("phone", "07700 900 123")]),
    ("Porsche Williams called me about the refund.", [("name", "Williams")]),
    ("Please cancel the Robert Evans plan, he passed away.", [("name", "Robert Evans")]),
    ("We are raising money for the Lily Evans fund.", [("name", "Lily Evans")]),
    ("Water leaked into Emily's Room from above.", [("name", "Emily")]),
    ("The Kowalskis owe me money.", [("name", "Kowalskis")]),
    # A Spanish birth date in a sentence that a question opening with "¿" follows
    (
        "Mi hija nació el 2 de junio de 2014 y nada aquí los sábados por la tarde. ¿Es legal?",
        [("date of birth", "2 de junio de 2014")],
    ),
    # A person named by what they do ("a courier named ...", "one of your drivers, ...") in
    # English, Portuguese and Polish; a name signed above a phone number; a name the firm lists
    # keep only in a brand's possessive
    ("A courier named Graça left the parcel with my neighbour.", [("name", "Graça")]),
    ("The driver's name was Sunday and he kept my bag.", [("name", "Sunday")]),
    ("One of your drivers, Tunji, asked for my number.", [("name", "Tunji")]),
    ("O motorista chamava-se Adilson e foi simpático.", [("name", "Adilson")]),
    ("Kierowca miał na imię Ołeksandr i nagrywał kurs.", [("name", "Ołeksandr")]),
    (
        "Where do I return the bag?\nGwil\n07700 900 174",
        [("name", "Gwil"), ("phone", "07700 900 174")],
    ),
    ("Is the clip deleted yet? I asked twice.\nWendy", [("name", "Wendy")]),
    # Plates of other countries after their words, with a maker and a model between
    ("Zostawiłam torbę w aucie Toyota Corolla WX 4821K.", [("id number", "WX 4821K")]),
    ("Am uitat geanta în mașina cu numărul B 88 KPL.", [("id number", "B 88 KPL")]),
    ("O condutor do carro AT-52-RQ filmou-me.", [("id number", "AT-52-RQ")]),
    ("Nilisahau simu kwenye gari Toyota Axio KDA 418X.", [("id number", "KDA 418X")]),
    (
        "The bus hit my bike; the vehicle registered 221-KE-4409 drove off.",
        [("id number", "221-KE-4409")],
    ),
    # Licences, badges and other countries' numbers after their words
    ("My private hire licence is PH badge PHD 20431.", [("id number", "PHD 20431")]),
    ("Please look again at driver D-0093381's record.", [("id number", "D-0093381")]),
    ("Kitambulisho changu ni 28816403.", [("id number", "28816403")]),
    ("Mój NIP 5272849301, proszę o fakturę.", [("id number", "5272849301")]),
    ("My son sat the paper as candidate 0931.", [("id number", "0931")]),
    # Welsh streets with the street's word first; Irish and Swahili dates of birth
    ("Send it to 21 Clos Tŷ Gwyn, Cardiff.", [("address", "21 Clos Tŷ Gwyn")]),
    ("Rugadh ar an 12 Meitheamh 2010 í.", [("date of birth", "12 Meitheamh 2010")]),
    ("tarehe ya kuzaliwa 8 Februari 1994", [("date of birth", "8 Februari 1994")]),
    # Relatives in Welsh, Spanish, Romanian and Arabic; a lawyer by their title
    (
        "Rwy'n ysgrifennu am fy mab, Gruffydd ap Iorwerth, ym mlwyddyn 9.",
        [("name", "Gruffydd ap Iorwerth")],
    ),
    ("Mi sobrino Álvaro vive conmigo.", [("name", "Álvaro")]),
    ("Sunt mama lui Rareș și vreau datele.", [("name", "Rareș")]),
    ("Numele meu este Ionuț-Cătălin Dobre.", [("name", "Ionuț-Cătălin Dobre")]),
    ("والده سالم الكتبي لا يعيش معنا.", [("name", "سالم الكتبي")]),
    ("Our lawyer, Advocate Wanjiku Muriuki, will write.", [("name", "Advocate Wanjiku Muriuki")]),
    # From sets 56 and 57 and an outside review: a plate in lower case with its spaces; a record
    # written surname first in capitals; Somali, Punjabi and Hindi names after their cues;
    # Welsh, Irish and Swahili birth dates; council tax accounts in Polish and Romanian; a
    # name that the review found taken from people
    ("my car is gj 17 vrl and the warden photographed me", [("id number", "gj 17 vrl")]),
    ("Account holder: O'SULLIVAN, BRENDAN. Close it.", [("name", "O'SULLIVAN, BRENDAN")]),
    ("Salaan, magacaygu waa Hodan Warsame.", [("name", "Hodan Warsame")]),
    ("ਮੇਰੇ ਪਿਤਾ ਜੀ ਸੁਰਜੀਤ ਸਿੰਘ ਗਿੱਲ ਦੀ ਚਿੱਠੀ ਆਈ।", [("name", "ਸੁਰਜੀਤ ਸਿੰਘ ਗਿੱਲ")]),
    ("मेरे पिताजी राजेश कुमार वर्मा का खाता बंद करें।", [("name", "राजेश कुमार वर्मा")]),
    ("Mae fy modryb, a aned ar 5 Mehefin 1941, wedi symud.", [("date of birth", "5 Mehefin 1941")]),
    ("My grandfather (b. 11.11.1931) came over in 1952.", [("date of birth", "11.11.1931")]),
    ("Dáta breithe: 5 Eanáir 1990.", [("date of birth", "5 Eanáir 1990")]),
    ("Nilizaliwa tarehe 3 Julai 1992 mjini Mombasa.", [("date of birth", "3 Julai 1992")]),
    ("Mój numer konta podatku lokalnego to 60177430.", [("id number", "60177430")]),
    ("Vreau să închid contul de taxă locală 60188514.", [("id number", "60188514")]),
    ("أرجو تحديث ملف الطالبة مريم في الصف العاشر.", [("name", "مريم")]),
    ("Please send Mimi's report to me, not her teacher.", [("name", "Mimi")]),
    ("My son Tom rides the school bus with your tracker.", [("name", "Tom")]),
    ("Kierowca jechał samochodem Skoda Fabia WX 4821K.", [("id number", "WX 4821K")]),
    ("My father's blue badge (AB12C3456) was photographed.", [("id number", "AB12C3456")]),
    ("Thanks!\nDPO\ndpo@example.com", [("email", "dpo@example.com")]),
    # From sets 58 and 59: players' tags after their words and, where games are spoken of, in a
    # tag's shapes; Dari, Pashto and Tigrinya "my name is"; a Home Office reference
    ("I'm a streamer (LunaRaven on twitch) and a viewer doxxed me.", [("name", "LunaRaven")]),
    ("Our player, known in game as Vortex, wants his data.", [("name", "Vortex")]),
    ("His tag is FischerKing and his account was banned.", [("name", "FischerKing")]),
    ("my ign is Schattenwolf88 and i got banned", [("name", "Schattenwolf88")]),
    (
        "the player coachmike1980 keeps messaging my daughter lilybean8 in the game chat",
        [("name", "coachmike1980"), ("name", "lilybean8")],
    ),
    ("A streamer, ProGamerPaul, showed my discord in his video.", [("name", "ProGamerPaul")]),
    ("سلام، نام من فریده احمدی است.", [("name", "فریده احمدی")]),
    ("سلام، زما نوم ګل محمد دی.", [("name", "ګل محمد")]),
    ("ሰላም፣ ሽመይ ሳባ ተስፋይ እዩ።", [("name", "ሳባ ተስፋይ")]),
    ("Please confirm his address, HO ref O1456632.", [("id number", "O1456632")]),
]
NOTHING_IN_CONTEXT = [
    "Our chain, Frankie's Fish Bar, has shops in Preston and Kendal.",
    "We're the Mozart Society of Galway. Can we share our member list?",
    "We run the Florence Nightingale Care Home in Derby.",
    "Our restaurant is Chez Marcel in Lyon.",
    "The dogs are called Bella, Max and Alfie mostly.",
    'Our app is called "Mabel". Is naming a chatbot after a person a problem?',
    'Our AI assistant "Clara" answers questions at night.',
    "Olá! Quero saber quais dados vocês têm. Basta!",
    "您好，请问身份证可以存在CRM里吗？",
    "Good evening. I'm in Seville this week, is my data in Spain?",
    "Before you ask, yes, my parents were Hitchcock fans.",
    "Are staff trained under the Philippine Data Privacy Act 2012?",
    "The newsletter glitch happened on Bastille Day.",
    "I WAS CHARGED £348.00 ON 01/04/2025 AND I WANT EVERYTHING DELETED.",
    "Do you run Jenkins or Grafana on customer data?",
    'Our new plan ("Pro") costs more.',
    "Grüezi! Bitte Auskunft. Tack.",
    "We opened two offices, Leeds and York, in 2024.",
    "Our museum runs a Tudor Christmas fair; are visitors' photos covered?",
    "The member card scheme runs from 2024 onwards.",
    "We use Kixo Trellon for invoicing.",
    "Our office opened in Leeds, 12 March 1985, and has grown since.",
    "i really miss london since we moved",
    "The invoice number 2024-0113 and model number XR-4410 are on the box.",
    "Our CRO number 534217 is on the letterhead.",
    "We counted one, two, three, four, five steps to the door.",
    "hi i'm sorry, but is the RODO the same as the GDPR?",
    "Tôi muốn biết dữ liệu được lưu ở đâu.",
    "Ik wil weten of jullie mijn gegevens delen.",
    "Kan ni förklara vad ni sparar?",
    "Does Leroy Merlin or Albert Heijn get my address from you?",
    "Wojciech Wiewiórowski spoke at the conference about it.",
    "Fulano de Tal is the example name on the form.",
    "WE NEED THE GDPR POLICY FROM THE ICO BY FRIDAY",
    "CALL ME ABOUT THE NHS APP, NOT THE WEBSITE",
    "Guten Abend, wer ist Ihr Datenschutzbeauftragter?",
    # Public figures in their public role; placeholder names of other countries
    "Has Information Commissioner John Edwards said anything about smart doorbells?",
    "Is Mette Frederiksen still the Prime Minister of Denmark?",
    "The form's example name is Jan Novák; must I use my own?",
    # A brand opening a sentence before a verb is checked, not replaced
    "Quorvix asks for a selfie before I can sell a jacket.",
    # Numbers that belong to a case, a VAT registration or a law, not to a person
    "Our VAT number is GB 314 5926 53, do you need it?",
    "The authority gave our complaint the number 2025/1187.",
    "Does the DPA mention KVKK (Law No. 6698)?",
    # Not a birth date: a place and a year
    "I was born in Leeds in 1990 and still live there.",
    # A business's code after its invoice word; a weekday; a closing line of another language
    "Auf der Rechnung Nr. RE-2025-40017 steht Ihre Adresse. Ich war am Dienstag dort.",
    "Hon har aldrig fått något svar från er.",
    "Sayın Yetkili,\nverilerimin kimlerle paylaşıldığını öğrenmek istiyorum.\nSaygılarımla",
    "mennyi ideig őrzik a hívásnaplót? csak kíváncsi vagyok",
    # Firms with their legal form; a last sentence typed in lower case; a year after "Im"
    "Il titolare è Lavazza S.p.A. oppure Barilla S.r.l.?",
    "Neden hâlâ SMS alıyorum? Verilerimi silin lütfen",
    "Im Jahr 2024 habe ich dort bestellt.",
    # Greetings and closings of other languages, months, common opening words, compound nouns
    "Tere! Kas teie rakendus salvestab asukohta?",
    "Dag allemaal, hoe lang bewaren jullie camerabeelden?",
    "Beste, hoe lang bewaart u mijn gegevens?",
    "Grazzi,\nnixtieq naf kemm iżżommu d-data.",
    "Ich habe am 3. März eine Auskunft beantragt. Grüße!",
    "Nel nostro ufficio ci sono telecamere.",
    "Su política de privacidad no explica cuánto tiempo guardan los datos.",
    "Mein Arbeitgeber fragt nach der Steuer-ID. Darf der Datenschutzbeauftragter das sehen?",
    # A firm named after a person; a trade "by" someone; a made-up example name; a near miss;
    # the last word of a scheme's title; an introduction that is no name
    "We are Mrs Hartley's Tearoom in Kendal, do we need a privacy notice?",
    "Nails by Precious is our salon's name. Can we keep clients' allergies?",
    'Can a case study use a made-up name like "Tom"?',
    "We had a near miss last month with a lost laptop.",
    "Does the Household Support Grant form need my bank details?",
    "Hi, I'm new here and worried about cookies.",
    "Hi, it's Monday again and the portal is down.",
    "thanks love, that helps",
    # A chatbot's name; an abbreviation in a sentence; a tax code; a form's name that looks like
    # a postcode; venues and airlines; a closing of Afrikaans
    "Is Juno, your chatbot, keeping what I type? I asked Juno about refunds.",
    "We use the portal for PAYE and RTI submissions.",
    "Does the tax code 1257L say where I live?",
    "Do we still need to file P11Ds this year?",
    "The gig moved from the Utilita Arena to Wembley Stadium.",
    "Ek wil net weet hoe lank julle my data hou. Dankie.",
    # Tariffs and brands named like people; a chat assistant; firms joined by "+"
    "Is the Stanley Saver tariff cheaper than Florence Fix 24?",
    "Can I list a Kate Spade bag and my old Hunter wellies?",
    "Does Ask Penny keep what I type into the chat?",
    "Our meters are made by Landis+Gyr.",
    # Hindi mixed into English: its small words are not names; an abbreviation's full stop
    # does not end the sentence that names a company's number
    "Papa को bank से letter आया, please update करें.",
    "We are Marsh & Pike Ltd, company no. 09123344. Do we need a DPO?",
    "谢谢。",
    # Firms and charities joined by "&"; a job advert's code with no one's word beside it
    "Can Helen & Douglas House share data with the GP?",
    "We use Hunter & Page Solicitors for conveyancing.",
    "The advert WAW-FIN-0032 closed in May.",
    # A firm's registration and number; a planning application; a flat fee and a flat's size
    "Our company registration is 11223344, do you need it?",
    "Is that the firm on Companies House with number 04567321?",
    "The planning notice gives application 24/01187/FUL for the site.",
    "They charge a flat 20% fee, or a flat 2 bed costs more.",
    "We run 3 Gateway servers in Frankfurt.",
    # Cars by maker and model, and a model's year; the police and a firm of brothers or of
    # leisure; a word numbering a thing; a stock number; a word that is a name, in a title
    "Does a Kia Ceed or a Skoda Fabia keep my trips?",
    "I test drove a 2017 Vauxhall Astra last week.",
    "A letter came from Avon and Somerset Constabulary.",
    "Is Harbourside Leisure the same firm as Crane Brothers?",
    "Are Level 2 and Level 3 results kept?",
    "I like the van, stock no. 22-TR-4410, but not yet.",
    "Why is Grace Period an option in the app?",
    # An event named after a public figure; a nursery's room; a job number; the tail of an
    # invoice's code after a word for calling back; "the Royal family"
    "Is the Jonny Wilkinson kicking clinic filmed for the website?",
    "Is there a camera in the Poppy Room at Ely?",
    "Is job number JB-2023-44101 tied to a name?",
    "Please ring back about invoice REF-2024-8812 today.",
    "Does the Royal family appear in your example data?",
    # Devices and plans named like people after an article or an owner; firms of other
    # languages by their trade
    "Does the Nora doorbell keep audio, and does my Felix lock log each opening?",
    "Is the Ruby Plus plan cheaper than the Edith smart thermostat?",
    "Trabajo en Reformas Delgado y en Construcciones Navarro.",
    "Then the Lanes team cleared the drains near the Downs.",
    # From an outside review: ordinary wording the new "is personal" rules must leave alone
    "What if I miss a few sessions in May?",
    "Both certificates expire soon; they are 31/12/2025.",
    "Passenger: Economy Class, Member: Gold Plus",
    "Does the Haven family pass include swimming?",
    "Does your checkout accept cards with IIN 222100 to 272099?",
    "Is that under agreement 2019/1152 of the directive?",
    # Competitions and grounds named after someone
    "Who keeps the entry forms for the Harold Jenkins Memorial Cup and the Mary Price Shield?",
    "Our ground is the Sean Doyle Memorial Park.",
    # Pets, named after the animal or its breed, in lists and in other languages, and again later
    "Our spaniel Biscuit and my cat, Sir Pounce, both had their boosters in June.",
    "Mi gata Luna y mi perro Toby están asegurados con ustedes.",
    "Can you move Rufus's microchip record to the new practice?",
    "My horse is called Duchess and my pony is Captain Jack.",
    "Our kittens Salt and Pepper were chipped at your Leeds branch; are Salt's papers shared?",
    "My late uncle's old Spaniel, Captain, is still on his account.",
    'The leaflet mentions "Sandy Lane Day" and where it was.',
    "Please send it as per. Article 15 and nothing else.",
    # Cards, passes and stops named like people; places ending in a square or a quay; what a
    # number counts before a word for a street; a transport firm's names; a charity's number
    "Do the Golden Iris cards record which stop I use?",
    "How long are images kept at the Fintan Lalor Square stop?",
    'Is the "Molly Malone" tram stop covered by cameras?',
    "Is Harriet Quay covered by the same camera policy?",
    "Footage is kept 45 days at each park.",
    "Do you still hold bookings from 2019, when the park changed owners?",
    "Does Brightwell Rail share data with Brightwell Buses?",
    "We're a charity (reg. SC041772) running two hostels.",
    "Write to the Carrowmore DPO about it.",
    "The memorial plaque 14B is ours, and our charity shop chain (reg. SC045123) pays for it.",
    # A system's names joined by "_": fields, settings, cookies; a word after "login" or
    # "username"; a word starting with "Nick"; Street View
    "The export has a user_id and a created_at column.",
    "Our login page and the username field are broken.",
    "The config key MAX_UPLOAD_SIZE is set to 10.",
    'I see _ga, _gid and a cookie called "consent_token" in Chrome.',
    'We run a society called "The Jack Nicklaus Appreciation Society".',
    "Is a photo of my house on Google Street View personal data?",
    # From an outside review: technical words, a model and its year, an amount, a law, a
    # product's code, a voucher printed like an IBAN, districts, dates that are not a life's
    "I tried to login 10 times and now I'm locked out. After login: Unauthorized is all I see.",
    "They tried to nick 50 quid from my account last night. Who handles 2FA resets?",
    "Do you strip utm_source from links, and is an aws_s3_bucket compliant for our app?",
    "The app shows en_GB dates even though I picked French.",
    'I set up a WhatsApp group called "Class_2B"; our network named "BT-Hub6" is in the logs.',
    "I sold my ex Vodafone phone and the new owner sees my messages.",
    "El formulario se llama Solicitud de Acceso y no lo encuentro.",
    "Your chatbot addressed me as Valued Customer in every message.",
    "I've lived in Earls Court for years; my flat is in Kew Gardens.",
    "Residents on Princes Street complained about the festival noise.",
    "Are Harvest 2025 tickets refundable if the festival moves?",
    "We held his tenancy records from 1 March 2012 to 1 March 2024, can we delete them now?",
    "The policy period was 01/01/2014 - 31/12/2024 and the claim was refused.",
    "Is the plan PRO-2024 still available for small charities?",
    "My gift voucher code SA12 7F3K 9QX2 LM4P 8RT6 ZW1B was rejected at checkout.",
    "Which van T6 2019 models are affected, and does the lease car BMW X1 2021 track me?",
    "Does reg 22 PECR apply to B2B emails? We use the XR21 PRO headset.",
    "Ik kreeg een boete van EUR 250 voor te laat betalen.",
    "My username on here is fine, and my car is at 10am in the shop.",
    # A police reference, a purchase order, a request's reference with its country; a sentence
    # opened by "¿"; a trade after "je suis"; a poem's author; a stay's dates
    "Their crime reference is 12/44190/25, the police said to send it.",
    "PO number 4500071234 covers the hospitality tickets.",
    "Mi pedido SAR-ES-2025-004 sigue sin respuesta. ¿Se guarda mi pasaporte?",
    "Bonjour, je suis régisseuse pour la tournée.",
    'The reading will be "Crossing the Bar" by Alfred Tennyson.',
    "We stayed from 4 June 2024 to 9 June 2024 at the park.",
    # A brand's possessive; a firm's Polish tax number; schools named after saints, places and
    # people; a service's own drivers and accounts; a day and a month; a law's article; words
    # of Welsh, Irish, Swahili and Pidgin; a placeholder person
    "We had lunch at Wendy's and paid by card.",
    "We are a Polish company (NIP 5252345678) selling to the UK.",
    "She moved from Ysgol Maes Glas to Coleg Sir Benfro last year.",
    "Mi hija va al Colegio San Patricio de Madrid.",
    "I'm a governor at Cardinal Newman Sixth Form.",
    "I'm on the Vela Business account; a Vela driver filmed me.",
    "Trip on 17/09 from the airport, refunded 02/05.",
    "This is a complaint under Article 77 about the way it was handled.",
    "Rwy'n athrawes. Beth ddylwn i ei wneud?",
    "Dia dhuit. Tá imní orm faoi na ceamaraí.",
    "Abeg una help me, na wetin una dey do with the video?",
    "Sijui jina lake. Asanteni.",
    "Our test customer is called John Doe.",
    "Our lawyer said the notice is fine.",
    # From an outside review: "called" as the verb; firms after "one of our clients,"; a car's
    # model and a standard after the words that cue plates and certificates; a firm's NIP; a
    # firm founded in a month; a count of forts; Arabic verbs after "the pupil" and "his
    # father"; a year of birth alone; public offices; an island; a Welsh closing
    "The customer called Barclays about my account.",
    "One of our clients, Barclays, asked for the logs.",
    "Why does the car 4X4 option cost more?",
    "O carro Volvo XC90 tem o meu telemóvel emparelhado.",
    "A vossa empresa tem certificado ISO 27001?",
    "Czy polisa OC 2024 obejmuje auto?",
    "The Gold badge 5000 points scheme uses my data.",
    "Wasz NIP 5272849301 jest błędny na fakturze.",
    "Rugadh an comhlacht seo i mBealtaine 1998.",
    "Gwelais 2 Caer Rufeinig yn yr ardal.",
    "الطالب يريد حذف بياناته من النظام.",
    "والده توفي العام الماضي.",
    "Do your records include anyone born after 1925?",
    "Our MP, Sir David Allcock, has a caseworker who says so.",
    "Is the Ellis Island passenger list online?",
    "Helo, oes modd dileu fy nghyfrif? Diolch yn fawr.",
    # Products named in a tag's shape where games are spoken of; "ignored" is no "IGN"; a
    # Dari speaker saying where they are from or what they do
    "Does the game support PlayStation 5 and YouTube? We use FaceTime, DoorDash and GameStop.",
    "Is EasyAntiCheat or BattlEye on your servers? My Office365 and iPhone15 are linked.",
    "My last email was ignored, please reply.",
    "من از افغانستان هستم.",
    "من مترجم هستم.",
]


@pytest.mark.parametrize(("text", "found"), FOUND_IN_CONTEXT)
def test_finds_data_that_the_words_around_it_show(text: str, found: list) -> None:
    result = anonymise(text)
    assert [(r.kind, r.text) for r in result.redactions if r.certain] == found
    check_consistent(result)


@pytest.mark.parametrize("text", NOTHING_IN_CONTEXT)
def test_leaves_firms_places_pets_and_other_languages_alone(text: str) -> None:
    assert not [r.text for r in anonymise(text).redactions if r.certain]


def test_word_lists_are_read_once_and_know_names_from_words() -> None:
    from faq_site.anonymise_lexicon import STOP, STRONG, WEAK, WORD, classify, lexicon

    assert lexicon() is lexicon()
    assert classify("Okafor")[0] == STRONG
    assert classify("Faith")[0] == WEAK
    assert classify("Pipedrive")[0] == STOP
    assert classify("spreadsheet")[0] == WORD
    assert classify("Quero")[0] == WEAK  # a word of Portuguese, and a surname in some lists


HELDOUT = HELDOUT_PATH


def test_heldout_set_is_apart_and_big_enough() -> None:
    """Written from LABELLING.md alone; it is measured, never studied (see the README)."""
    heldout = load(HELDOUT)
    assert len(heldout) >= 300
    assert sum(not q.gold for q in heldout) >= len(heldout) / 4 - 1
    development = {q.text for q in load(DEFAULT_PATH)}
    assert not development & {q.text for q in heldout}


def test_command_line_reports_the_whole_question_figures(tmp_path, capsys) -> None:
    labelled = tmp_path / "questions.txt"
    labelled.write_text(
        "Write to {email|jo@example.com}\nAsk the {name|zqxwv} team now\nNothing here at all\n"
    )
    assert main([str(labelled)]) == 0
    out = capsys.readouterr().out
    assert "value recall 0.500 (1/2)" in out
    assert "leak rate 0.500 (1/2" in out
    assert "clean questions altered 0.000 (0/1)" in out


def test_command_line_without_a_file_reports_both_sets_and_no_heldout_mistakes(
    capsys, monkeypatch, report
) -> None:
    # The development set's report is the module's own (`report`, measured by the same
    # function from the same file): the command is run as it is, and the set is not measured a
    # second time. The held-out set is measured here.
    measured = anonymise_measure.measure
    monkeypatch.setattr(
        anonymise_measure,
        "measure",
        lambda path: report if Path(path) == DEFAULT_PATH else measured(path),
    )
    assert main(["--details"]) == 0
    out = capsys.readouterr().out
    development, heldout = out.split("Held-out set (heldout.txt)")
    assert development.startswith("Development set (questions.txt)")
    assert "Missed (" in development and "value recall" in development
    # The held-out set is measured, never studied: its figures, never its mistakes.
    assert "value recall" in heldout
    assert "Missed (" not in heldout and "Spurious (" not in heldout


def test_word_table_answers_as_a_dict_of_the_same_words_would() -> None:
    from array import array

    from faq_site.anonymise_lexicon import WordTable

    words = {"okafor": 2, "faith": 1 | 40 << 3, "sale": 4}
    table = WordTable(array("q", map(hash, words)), array("I", words.values()))
    for word, value in words.items():
        assert table.get(word) == value and word in table
    assert table.get("pipedrive") is None and table.get("pipedrive", 0) == 0
    assert "pipedrive" not in table and 3 not in table
    table.add_flags("sale", 1)
    table.add_flags("kerry", 4)  # a word the lists did not hold
    assert table.get("sale") == 5 and table.get("kerry") == 4 and len(table) == 4
    assert "okafor" in WordTable.of_words(["okafor"]) and "faith" not in WordTable.of_words([])
