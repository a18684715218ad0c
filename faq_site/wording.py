"""The public wording a moderator starts from: the anonymised question without what only served
to reach the asker (a greeting, a sign-off and signature, a sentence holding nothing but contact
details), everything else word for word.

Plain text in, plain text out: no Flask, and no input makes it raise.
"""

from __future__ import annotations

import re

# Placeholders of what identifies or reaches the asker: a sentence made of these and the words
# that introduce them says nothing about the question.
_CONTACT = re.compile(r"\[(?:name|email|phone|address|postcode|url)\]")
_PLACEHOLDER = re.compile(r"\[[a-z ]+\]")
_FILLER = frozenset({
    "a", "i", "i'm", "im", "i've", "me", "my", "mine", "we", "we're", "us", "our", "you",
    "you're", "your", "it's", "its", "this", "that", "the", "is", "am", "are", "was", "be",
    "been", "can", "could", "may", "might", "will", "would", "should", "please", "kindly",
    "feel", "free", "also", "alternatively", "either", "or", "and", "but", "so", "then", "too",
    "as", "well", "name", "names", "called", "email", "emails", "e-mail", "mail", "address",
    "addresses", "postal", "home", "work", "office", "phone", "telephone", "tel", "mob",
    "mobile", "cell", "landline", "number", "numbers", "no", "details", "contact", "contacts",
    "info", "information", "website", "site", "web", "page", "url", "reach", "reached", "call",
    "ring", "text", "message", "write", "reply", "respond", "get", "touch", "back", "via", "by",
    "at", "on", "to", "in", "with", "from", "of", "for", "here", "below", "above", "directly",
    "anytime", "any", "time", "best", "way", "let", "know", "if", "need", "anything", "else",
    "further", "questions", "live", "lives", "living", "based",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")

_GREETING_WORDS = (
    r"hi|hello|hey|heya|hiya|howdy|greetings|dear|good\s+(?:morning|afternoon|evening|day)"
    r"|to\s+whom\s+it\s+may\s+concern"
)
# A greeting with whom it greets, up to the comma, colon, dash or line that ends it.
_GREETING = re.compile(
    rf"(?i)\A\s*(?:{_GREETING_WORDS})\b(?P<whom>[^\n,.!?:;—\u2013]{{0,50}}?)"
    r"\s*(?:[,.!:;—\u2013]+|\s-\s|\n|\Z)"
)
# A greeting word straight before the question itself ("Hi I have a question"), or a time of
# day said alone ("Morning all,"), which before anything else is the question's first word.
_BARE_GREETING = re.compile(
    rf"(?i)\A\s*(?:(?:{_GREETING_WORDS})\b[,!.]?\s+|(?:morning|afternoon|evening)"
    r"(?:\s+(?:all|everyone|team))?\s*[,!.]+\s*)"
)
# Words that show the text after a greeting word is already the question, not whom it greets.
_NOT_WHOM = re.compile(
    r"(?i)\b(?:i|i'm|i\u2019m|im|i've|my|we|we're|our|can|could|would|do|does|is|are|how|what|why"
    r"|when|where|which|who|just|quick|question|please)\b"
)
_PLEASANTRY = re.compile(
    r"(?i)\A\s*(?:i\s+)?(?:hope|trust)\s+(?:you(?:'re|\u2019re|\s+are)\s+(?:well|keeping\s+well|"
    r"doing\s+well|ok|okay)|(?:this|my)\s+(?:e-?mail|message|note)\s+finds\s+you\s+well|"
    r"all\s+is\s+well)\b[^\n.!?]{0,20}[.!]*\s*"
)

_THANKS = (
    r"(?:many\s+|big\s+)?(?:thanks|thank\s+you|thankyou|thx|ty|tia|cheers|ta)"
    r"(?:\s+(?:so\s+much|very\s+much|a\s+lot|a\s+million|again|all|team|kindly))?"
    r"(?:\s+in\s+advance)?"
    r"(?:\s+for\s+(?:your|any|the)\s+(?:help|time|reply|answer|assistance|support|response"
    r"|consideration|patience))?"
    r"(?:\s+in\s+advance)?"
)
_CLOSING = (
    r"(?:(?:kind|best|warm|warmest|many|with\s+kind|with\s+best)\s+(?:regards|wishes)|regards"
    r"|best|all\s+the\s+best|yours(?:\s+(?:faithfully|sincerely|truly))?|sincerely|respectfully"
    r"|speak\s+soon|take\s+care|have\s+a\s+(?:good|great|nice)\s+day)"
)
# A sign-off, alone or with the name that signs it ("Thanks, [name]", "Kind regards").
_SIGN_OFF = re.compile(
    rf"(?i)\A(?:{_THANKS}|{_CLOSING})(?:\s*[,.!:;]*\s*(?:[-\u2013—]\s*)?\[name\])?\s*[,.!:;]*\s*\Z"
)
# A line that only signs: the name, maybe with a role ("- [name], IT Manager", "[name] (DPO)").
_SIGNATURE = re.compile(
    r"\A[-\u2013—~*\s]*\[name\](?:\s*(?:[,|/(\u2013—-]|\s(?:from|at|of)\s)\s*[^?!\n]{0,60}?)?[).]?\s*\Z"
)
_SENT_FROM = re.compile(
    r"(?i)\A(?:sent\s+from\s+my\s+[\w\s'\u2019.-]{1,40}|sent\s+from\s+(?:mail|outlook)\b[\w\s.-]{0,40}"
    r"|get\s+outlook\s+for\s+\w+)\s*\.?\s*\Z"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”\u2019)\]])\s+")
_PARENTHESIS = re.compile(r"\s*\(([^()\n]{1,80})\)")
_SIGNATURE_SEPARATOR = re.compile(r"\n[ \t]*--[ \t]*\n")
_SIGNATURE_MAX_LINES = 5
_SIGNATURE_MAX_WORDS = 8


def proposed_wording(anonymised_text: str) -> str:
    """The anonymised question without its greeting, sign-off, signature and sentences that only
    give contact details; the anonymised text itself when nothing of the question would be left."""
    text = anonymised_text.replace("\r\n", "\n").replace("\r", "\n").strip()
    # Everything after an email signature's separator ("-- " alone on a line) signs the message.
    signed = _SIGNATURE_SEPARATOR.search(text)
    before = text[: signed.start()] if signed else ""
    body = before if _WORD.search(_PLACEHOLDER.sub(" ", before)) else text
    opened = _drop_opening(body)
    lines: list[str | None] = list(_drop_closing(opened.split("\n")))
    lines = [_drop_contact_sentences(line) for line in lines if line is not None]
    wording = _tidy(lines, capitalise=opened != body)
    if not _WORD.search(_PLACEHOLDER.sub(" ", wording)):
        return text
    return wording


def _drop_opening(text: str) -> str:
    """The text after its greeting, any "I hope you are well" and any sentences before the
    question that only say who is writing and how to reach them."""
    while True:
        before = text
        greeting = _GREETING.match(text)
        if greeting and re.match(r"(?i)\s*from\b", greeting.group("whom")):
            return text  # "Greetings from Spain!" says where the question comes from
        if greeting and not _NOT_WHOM.search(greeting.group("whom")):
            text = text[greeting.end() :]
        else:
            bare = _BARE_GREETING.match(text)
            if bare:
                text = text[bare.end() :]
        pleasantry = _PLEASANTRY.match(text)
        if pleasantry:
            text = text[pleasantry.end() :]
        text = text.lstrip(" \t\n,;:.!—\u2013-")
        if text == before:
            return text


def _drop_closing(lines: list[str]) -> list[str]:
    """The lines without the sign-off and signature that end them."""
    lines = list(lines)
    # "Kind regards,\n[name]\nHead of IT\nA Company Ltd": a sign-off, then a short signature.
    for at in range(len(lines) - 1, max(-1, len(lines) - 2 - _SIGNATURE_MAX_LINES), -1):
        if _SIGN_OFF.match(lines[at].strip()) and all(
            _is_signature_like(line) for line in lines[at + 1 :]
        ):
            lines = lines[:at]
            break
    while lines:
        last = lines[-1].strip()
        if not last or _is_signature_line(last) or _SIGN_OFF.match(last):
            lines.pop()
            continue
        sentences = _sentences(last)
        if len(sentences) > 1 and (
            _SIGN_OFF.match(sentences[-1]) or _is_signature_line(sentences[-1])
        ):
            lines[-1] = " ".join(sentences[:-1])
            continue
        break
    return lines


def _is_signature_line(line: str) -> bool:
    return bool(_SIGNATURE.match(line) or _SENT_FROM.match(line)) or _is_contact_only(line)


def _is_signature_like(line: str) -> bool:
    """A line that may belong to a signature: short, no question in it."""
    line = line.strip()
    short = len(line.split()) <= _SIGNATURE_MAX_WORDS
    return (
        not line
        or _is_signature_line(line)
        or (short and "?" not in line and not line.endswith((".", "!")))
    )


def _drop_contact_sentences(line: str) -> str | None:
    """A line without the sentences and brackets that hold nothing but contact details; None
    when nothing of it is left."""
    if not _CONTACT.search(line):
        return line
    line = _PARENTHESIS.sub(lambda m: "" if _is_contact_only(m.group(1)) else m.group(0), line)
    sentences = _sentences(line)
    kept = [sentence for sentence in sentences if not _is_contact_only(sentence)]
    if len(kept) == len(sentences):
        return line
    return " ".join(kept) or None


def _is_contact_only(text: str) -> bool:
    """Whether a piece of text holds a contact placeholder and otherwise only the words that
    introduce one ("My email is [email] and my phone is [phone].")."""
    if not _CONTACT.search(text):
        return False
    rest = _PLACEHOLDER.sub(" ", text)
    words = [word.casefold().replace("\u2019", "'") for word in _WORD.findall(rest)]
    if any(char.isdigit() for char in rest):
        return False
    return all(word in _FILLER for word in words)


def _sentences(line: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(line.strip()) if part]


def _tidy(lines: list[str | None], *, capitalise: bool) -> str:
    """Lines joined again: a blank line only where the asker left one, no line of bare
    punctuation, and a capital to begin with once the opening has gone."""
    kept: list[str] = []
    blank = False
    for line in lines:
        if line is None:
            continue
        line = line.rstrip()
        if not _WORD.search(line) and not _PLACEHOLDER.search(line):
            blank = blank or bool(kept)
            continue
        if blank:
            kept.append("")
            blank = False
        kept.append(line)
    wording = "\n".join(kept).strip().lstrip(",;:.!—\u2013- ")
    if capitalise and wording[:1].islower():
        wording = wording[0].upper() + wording[1:]
    return wording
