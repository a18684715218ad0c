"""Names written outside ordinary sentences: in lower case, in other scripts, in signatures, in
mail headers, as nicknames in quotes and as salutations alone on a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from faq_site.anonymise_context import _PERSON_AFTER, _PLACE_BEFORE, _ROLE_WORDS
from faq_site.anonymise_lexicon import (
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
    classify,
)

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


def written_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """Every name written outside an ordinary sentence."""
    yield from _lowercase_names(text, tokens)
    yield from _scripts(text, tokens)
    yield from _signature(text, tokens)
    yield from (m.span(1) for m in _HEADER_NAME.finditer(text))
    for match in _NICKNAME.finditer(text):
        yield match.span(1)
        around = [t for t in tokens if t.end == match.start() or t.start == match.end() + 1]
        yield from ((t.start, t.end) for t in around if t.kind not in (STOP, WORD))
    dashed = _DASHED_SIGNATURE.search(text)
    if dashed and all(classify(w)[0] not in (STOP, WORD) for w in dashed.group(1).split()):
        yield dashed.span(1)
    yield from (
        (m.start(1), m.end(1))
        for m in _SALUTATION_LINE.finditer(text)
        if classify(m.group(1))[0] not in (STOP, WORD)
    )
