"""The public wording proposed to the moderator: the anonymised question without what only served
to reach the asker, everything else word for word."""

from __future__ import annotations

import pytest

from faq_site.wording import proposed_wording

QUESTION = "How long do you keep call recordings?"


@pytest.mark.parametrize(
    "greeting",
    [
        "Hi,",
        "Hi!",
        "Hi there,",
        "Hello,",
        "Hello [name],",
        "Hello Quillstone team,",
        "Hey,",
        "Hiya -",
        "Dear Sir or Madam,",
        "Dear Quillstone data protection team,",
        "Dear [name]:",
        "Good morning",
        "Good morning,",
        "Good afternoon all,",
        "Morning all,",
        "Greetings,",
        "To whom it may concern,",
        "Hello, hope you're well.",
        "Hi, I hope this email finds you well.",
        "Hello there! I trust you are well.",
    ],
)
@pytest.mark.parametrize("between", [" ", "\n", "\n\n"])
def test_a_greeting_is_left_out(greeting, between):
    assert proposed_wording(f"{greeting}{between}{QUESTION}") == QUESTION


SIGN_OFFS = [
    "Thanks,\n[name]",
    "Thanks!",
    "Thank you.",
    "Many thanks,\n[name]",
    "Thanks in advance for your help!\n[name]",
    "Thank you very much for your time.",
    "Kind regards",
    "Kind regards,\n[name]",
    "Best regards,\n[name]\nIT Manager\nA Small Charity Ltd",
    "Regards, [name]",
    "Best wishes\n[name] (DPO)",
    "Cheers",
    "Cheers, [name]",
    "Yours faithfully,\n[name]",
    "Sent from my iPhone",
    "Thanks\n\nSent from my Samsung Galaxy smartphone.",
    "Get Outlook for Android",
    "[name]",
    "- [name], IT Manager",
    "— [name]",
    "[name] from accounts",
    "Thanks,\n[name]\n[phone]\n[email]",
    "Tel: [phone]",
]


@pytest.mark.parametrize(
    ("sign_off", "between"),
    [
        (sign_off, between)
        for sign_off in SIGN_OFFS
        for between in ("\n", "\n\n", " ")
        # A signature of several lines starts on a line of its own.
        if between != " " or "\n" not in sign_off
    ],
)
def test_a_sign_off_and_signature_are_left_out(sign_off, between):
    assert proposed_wording(f"{QUESTION}{between}{sign_off}") == QUESTION


@pytest.mark.parametrize(
    "contact",
    [
        "My email is [email] and my phone is [phone].",
        "You can reach me at [phone].",
        "My name is [name].",
        "I'm [name] ([email]).",
        "I am [name].",
        "Please contact me on [email] or [phone].",
        "Feel free to call me on [phone] if you need anything else.",
        "My number is [phone], or email me at [email].",
        "Email: [email]",
        "Reply to [email] please.",
        "I live at [address], [postcode].",
        "Can you call me on [phone]?",
        "My website is [url].",
    ],
)
def test_a_sentence_of_nothing_but_contact_details_is_left_out(contact):
    assert proposed_wording(f"{QUESTION}\n\n{contact}") == QUESTION
    assert proposed_wording(f"{contact}\n{QUESTION}") == QUESTION
    if contact.endswith((".", "?")):  # a sentence of its own within a line
        assert proposed_wording(f"{contact} {QUESTION}") == QUESTION
        assert proposed_wording(f"{QUESTION} {contact}") == QUESTION


@pytest.mark.parametrize(
    "text",
    [
        # Thanks that is part of the question, not a sign-off.
        "Thanks for the quick answer last time — can I ask whether backups are deleted too?",
        "Thank you for deleting my account. Why do I still get your newsletter?",
        # A placeholder in a real question.
        "Why do you still email [email]?",
        "Is my email address [email] on your marketing list?",
        "Do you have to delete [name]'s records when she leaves?",
        "My name is [name] and I run a charity: may we keep donors' addresses?",
        "Can a company call me on [phone] after I said no?",
        "I'm [name], the DPO of a small charity. Must we log every request?",
        "Why did you send my invoice to [email] instead of [email]?",
        "My account number is [id number]. Can you delete it?",
        # Words that begin like a greeting or a sign-off.
        "Morning calls from your sales team: are they legal?",
        "Hi-fi shops ask for my phone number: may they keep it?",
        "Dearest customers get discounts, but why do you need my birthday?",
        "Best practice says to delete logs: how long do you keep yours?",
        "Regards are not a legal basis, so what is yours for marketing?",
        "Cheers Ltd bought my data from you. Was that allowed?",
        "Sent from my phone, the form failed. Did my question arrive?",
        "Greetings from Spain! Do UK rules apply to us?",
        # Questions that end with a name, which is not a signature.
        "Who is your data protection officer, [name]?",
    ],
)
def test_the_question_itself_is_kept_word_for_word(text):
    assert proposed_wording(text) == text


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        (
            "Hello, I'm [name] ([email]). Must you delete my contact record if I ask?",
            "Must you delete my contact record if I ask?",
        ),
        (
            "Hi [name],\n\nI hope you are well.\n\nWe keep CVs for a year. Is that too long?\n\n"
            "Our second office keeps them for two.\n\nThanks,\n[name]\nHR Manager\n[phone]",
            "We keep CVs for a year. Is that too long?\n\nOur second office keeps them for two.",
        ),
        (
            "Dear Sir or Madam,\nhow long are logs kept?\nKind regards",
            "How long are logs kept?",
        ),
        (
            "Hi I have a question about retention. How long do you keep invoices?",
            "I have a question about retention. How long do you keep invoices?",
        ),
        (
            "Hi,\nWe are a charity ([url]) and want to know about consent.\nCheers, [name]",
            "We are a charity and want to know about consent.",
        ),
        (
            "Good morning\n\nMy name is [name] and my number is [phone].\n"
            "Do I need consent to text customers?\nMy email is [email].\n\nSent from my iPad",
            "Do I need consent to text customers?",
        ),
        (
            "Is it legal to record calls? Thanks, [name]",
            "Is it legal to record calls?",
        ),
        (
            "First line of the question,\nsecond line of it?\n\nA second paragraph.",
            "First line of the question,\nsecond line of it?\n\nA second paragraph.",
        ),
        (
            "Why do you keep my data?\nYou can reach me at [phone].\nAnd for how long?",
            "Why do you keep my data?\nAnd for how long?",
        ),
    ],
)
def test_what_is_left_is_tidy(text, wording):
    assert proposed_wording(text) == wording


@pytest.mark.parametrize(
    "text",
    [
        "Hi, my name is [name].",
        "Thanks,\n[name]",
        "Hello!\nMy email is [email].\nKind regards, [name]",
        "[name]",
        "Hello",
    ],
)
def test_it_never_leaves_nothing(text):
    assert proposed_wording(text) == text


def test_line_breaks_are_unix_ones():
    assert proposed_wording("Hi,\r\nHow long?\r\nThanks\r\n") == "How long?"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?!.,",
        "[",
        "((((",
        "Hi" * 5000,
        "Thanks,\n" * 500,
        "\u202e\u0000 odd",
        "(" + "[email] " * 200 + ")",
    ],
)
def test_no_input_makes_it_raise(text):
    assert isinstance(proposed_wording(text), str)


def test_what_follows_a_signature_separator_signs_the_message():
    text = f"{QUESTION}\n-- \n[name]\nSenior Engineer | Acme Ltd\n[phone]"
    assert proposed_wording(text) == QUESTION
    # A separator with nothing of the question before it leaves the text to the other rules.
    assert QUESTION in proposed_wording(f"[name]\n-- \n{QUESTION}")
