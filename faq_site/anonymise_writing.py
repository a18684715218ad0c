"""Names written outside ordinary sentences: in lower case, in other scripts, in signatures, in
mail headers, as nicknames in quotes and as salutations alone on a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from faq_site.anonymise_context import _PERSON_AFTER, _PLACE_BEFORE, _ROLE_WORDS
from faq_site.anonymise_lexicon import (
    _PARTICLES,
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
    foreign_word,
    lexicon,
    written_in_english,
)

# Every match of the patterns marked (?=\w) starts with a letter or a digit: the lookahead says
# so first, which lets the regex engine pass over spaces and word endings without trying
# each alternative there. It changes no match.

_LOWER_CUE = re.compile(
    r"(?=\w)"
    rf"(?:\b(?:name\s+is|name's|my\s+name|i'm|im|i\s+am|nombre\s+es|nome\s+[ée]|nom\s+est|"
    rf"m'appelle|naam\s+is|name\s+ist|nazywam\s+si[ęe]|mr|mrs|ms|miss|dr|aunty|auntie|uncle|girl|"
    # "sono" is "I am" but "ci sono" is "there are"
    rf"(?<!\bci[ ])(?<!\bvi[ ])sono|"
    rf"soy|sou|je\s+suis|ich\s+bin|ich\s+hei(?:ß|ss)e|mi\s+chiamo|me\s+llamo|ik\s+ben|ik\s+heet|"
    rf"jeg\s+heter|jag\s+heter|ja\s+sam|ben|capo|chef|jefe|"
    # "pls delete. name sandeep kaur": a form's field typed in a hurry, opening a sentence
    rf"(?:(?<=[.,;:!?\n][ ])|(?<=[.,;:!?\n])|^)name:?|"
    rf"{_ROLE_WORDS})"
    r"\.?,?[ \t]+)$"
)
# "a patient called hope": after a person called so, even a common word is a name.
_CALLED_CUE = re.compile(
    r"(?=\w)"
    rf"\b(?:{_ROLE_WORDS}|person|guy|lady|woman|man|girl|boy|bloke|kid|someone)s?\s+"
    r"(?:called|named)\s+$"
)
_LOWER_WEAK_CUE = re.compile(
    r"(?:\b(?:this\s+is|its|it's|me|from|regards|thanks|cheers|hi|hey|hello|dear)\.?,?[ \t]+)$"
)


_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
        "their",
        "its",
        "every",
        "each",
        "any",
        "some",
        "which",
        "what",
    ]
)
_ENDS_INTRODUCTION = re.compile(r"\s*(?:[,.!?\n(]|$|and\b|from\b|here\b)")
# A greeting, then "I'm" or "it's": what follows is who is writing, even a word ("summer").
_GREETED_INTRODUCTION = re.compile(
    r"(?:^|\b(?:hi|hey|hiya|hello|heya|yo)\b[ \t,.!]*)(?:i'm|im|i\s+am|its|it's|it\s+is)[ \t]+$"
)
_ENDS_GREETED = re.compile(r"\s*(?:[,.!?\n(]|$|and\b|from\b|here\b|again\b|i'?m\b|i\b)")
# "I am" in the languages of Europe, which a trade follows as often as a name.
_SAYS_WHAT_I_AM = re.compile(
    r"(?:\bsoy|\bsou|\bje\s+suis|\bik\s+ben|\bsono|\bich\s+bin|\bjestem|\bja\s+sam)\s+$"
)
# Words that say the writer's own name follows: "my name is", "my names", "ja sam".
_SELF_NAMED = re.compile(r"(?:\bname(?:s|['\u2019]s|\s+is)|\bja\s+sam|\bjsem|\bjestem)[ \t]+$")
_HERE = re.compile(r"[ \t]+here\b")
_OPENS_A_MESSAGE = re.compile(r"(?:[.!?]|\b(?:hi|hey|hiya|hello|ok|so))[ \t,]*$")
# Endings of English words that no list knows ("pseudonymised", "dropdown"): not names.
_NOT_A_NAME_ENDING = re.compile(
    r"(?:ed|ing|ise|ize|ised|ized|tion|sion|ment|ness|able|ible|ity|ous|ive|ly|down|up|out|"
    r"less|ful|ware|based|wise|like|ism|ist|ists|ers|ship|hood|ance|ence|ency|ical|ular)$"
)


# "mark from accounts says", "will from your team deleted": a person, whatever else the word is
_FROM_A_TEAM = re.compile(
    r"[ \t]+(?:from[ \t]+(?:the[ \t]+|your[ \t]+|our[ \t]+)?(?:team|office|customer[ \t]+service|"
    r"accounts|finance|hr|it|payroll|sales|marketing|reception|support|legal|compliance|ops|"
    r"admin|billing)|in[ \t]+(?:accounts|finance|hr|payroll|sales|marketing|reception|support|"
    r"legal|compliance|ops|admin|billing))\b"
)
_PERSONAL_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})
# "i miss london", "a near miss last week": "miss" as a verb or a noun, not a title
_MISSING = re.compile(
    r"(?i)\b(?:i|we|you|they|will|would|really|so|still|dont|don't|do|near|a|the|big|close)[ \t]+$"
)


def _after_a_lowercase_title(text: str, tokens: list[Token], index: int) -> bool:
    """A surname typed in lower case after a lower-case title: "mrs okafor", "miss jenkins"
    (a surname that is also software's name), but not "i miss london"."""
    if not index or tokens[index - 1].text.rstrip(".") not in _PERSONAL_TITLES:
        return False
    token, title = tokens[index], tokens[index - 1]
    if text[title.end : token.start].strip(" .") or token.kind == WORD:
        return False
    if title.key == "miss" and _MISSING.search(text, max(0, title.start - 12), title.start):
        return False
    if token.kind in (STRONG, UNKNOWN):
        return bool(re.search(r"[aeiouy]", token.key))
    return bool(lexicon().names.get(token.key, 0) & SURNAME)


def _lowercase_names(
    text: str, tokens: list[Token], english: bool | None = None
) -> Iterator[tuple[int, int]]:
    """Names typed in lower case: a word that is only ever a name, or any unknown word after
    the words that introduce a person ("im nkechi", "aunty bisi", "mrs okafor"). `english` is
    written_in_english(tokens) when the caller has worked it out already."""
    if english is None:
        english = written_in_english(tokens)
    # A message typed in lower case: it starts so, or writes "i" for "I" (in English: "i" is
    # "and" in Polish and Croatian, "the" in Italian).
    casual = text.lstrip()[:1].islower() or (
        english and bool(re.search(r"(?:^|\s)i(?:\s|'m|'ve|'d)", text))
    )
    for index, token in enumerate(tokens):
        if not token.latin or not token.text.islower() or len(token.text) < 2:
            continue
        if token.start >= 2 and text[token.start - 2].isdigit() and text[token.start - 1] == " ":
            continue  # "12 anni", "3 jours": what a number counts, not a name
        if _after_a_lowercase_title(text, tokens, index):
            yield tokens[index - 1].start, token.end  # "my teacher miss jenkins said"
            continue
        if (
            index >= 2
            and len(tokens[index - 1].text) == 1
            and "a" <= tokens[index - 1].text <= "z"  # an initial: "r."
            # not "miss a few": a full stop after the initial, or a title no verb is spelt like
            and (
                text[tokens[index - 1].end : tokens[index - 1].end + 1] == "."
                or (
                    tokens[index - 2].key in _PERSONAL_TITLES - {"miss"}
                    and tokens[index - 1].text not in "ai"
                )
            )
            and tokens[index - 2].key.rstrip(".") in _PERSONAL_TITLES
            and token.kind not in (WORD, STOP)
            and not text[tokens[index - 1].end : token.start].strip(" .")
        ):
            yield tokens[index - 2].start, token.end  # "addressed to mrs r. okafor"
            continue
        if (
            (token.flags & GIVEN or token.kind in (STRONG, UNKNOWN))
            and _GREETED_INTRODUCTION.search(text, max(0, token.start - 24), token.start)
            and _ENDS_GREETED.match(text, token.end)
        ):
            yield token.start, token.end  # "hey, i'm summer,", "hi its will again": a word-name
            continue
        if (
            token.kind in (WORD, STOP, WEAK)
            and token.flags & GIVEN
            and _SELF_NAMED.search(text, max(0, token.start - 16), token.start)
        ):
            # "my names dawn", "ja sam ante": a given name, whatever else the word is, and the
            # surname after it ("my name is summer o'brien")
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            end = token.end
            if (
                following is not None
                and following.text.islower()
                and following.kind in (STRONG, UNKNOWN)
                and text[token.end : following.start] == " "
            ):
                end = following.end
            yield token.start, end
            continue
        if token.kind in (WORD, STOP) or (
            token.kind == WEAK and not token.flags & (GIVEN | SURNAME)
        ):
            continue  # an ordinary word, whatever stands before it
        previous = tokens[index - 1] if index else None
        if previous is not None and previous.key in _DETERMINERS and token.kind == UNKNOWN:
            continue  # "the dropdown", "a chatbot": a thing, not a person
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        then_name = (
            following is not None
            and following.text.islower()
            and following.kind in (STRONG, UNKNOWN)
            and not following.foreign  # "ich bin ayşe und wohne": a word
            and not text[token.end : following.start].strip(" \t")
            and following.start > token.end
        )
        cued = bool(_LOWER_CUE.search(text, max(0, token.start - 20), token.start))
        if (
            cued
            and not casual
            and token.kind == UNKNOWN
            and _SAYS_WHAT_I_AM.search(text, max(0, token.start - 12), token.start)
        ):
            continue  # "Hola, soy mánager de", "je suis photographe": a trade, in a question
            # whose writer uses capitals, would be written with one if it were a name
        if re.search(r"name(?:\s+is|'s)\s+$", text[max(0, token.start - 10) : token.start]):
            rare_named = bool(token.flags & (GIVEN | SURNAME))
        else:
            rare_named = False
        if cued and re.search(
            r"(?:\bi'?m|\bi\s+am)\s+$", text[max(0, token.start - 8) : token.start]
        ):
            # "im writting to" is not a name; "im nkechi and" or "i am sarah." is
            cued = bool(_ENDS_INTRODUCTION.match(text, token.end)) or bool(then_name)
        # The weak cues are English words: "Torfs stuurt me een bon" holds no "me" of English.
        weakly = english and bool(
            _LOWER_WEAK_CUE.search(text, max(0, token.start - 20), token.start)
        )
        namelike = (
            token.kind == STRONG
            or (token.kind == UNKNOWN and not _NOT_A_NAME_ENDING.search(token.text))
        ) and bool(re.search(r"[aeiouy]", token.text))
        rare_name = bool(token.flags & GIVEN) and token.zipf < 5.0
        opening = index == 0 or _OPENS_A_MESSAGE.search(text, max(0, token.start - 8), token.start)
        if opening and _HERE.match(text, token.end) and token.kind not in (WORD, STOP):
            yield token.start, token.end  # "mo here.", "hi. jack here"
            continue
        if _CALLED_CUE.search(text, max(0, token.start - 30), token.start) and (
            namelike or token.flags & GIVEN
        ):
            yield token.start, token.end
            continue
        if (
            token.flags & PLACE
            and _PLACE_BEFORE.search(text, max(0, token.start - 20), token.start)
            # "im joão pereira", and "im jordan" in English: "im" is "I'm", not German "in"
            and not (cued and (then_name or english))
        ):
            continue  # "in india"
        if (
            casual
            and (namelike or (token.flags & GIVEN and token.zipf < 4.5))
            and _PERSON_AFTER.match(text[token.end : token.end + 60])
        ) or (token.flags & GIVEN and _FROM_A_TEAM.match(text, token.end)):
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
        end = token.end
        if then_name and following:
            end = following.end
            third = tokens[index + 2] if index + 2 < len(tokens) else None
            if (
                cued
                and third is not None
                and third.text.islower()
                and third.kind in (STRONG, UNKNOWN)
                and not third.foreign
                and third.start == end + 1
                and text[end] == " "
            ):
                end = third.end  # "mi nombre es josé luis peña"
        yield start, end


_OTHER_SCRIPT = (  # Arabic's comma, semicolon and question mark left out: they end a name
    "\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u060b\u060d-\u061a"
    "\u061c-\u061e\u0620-\u06ff\u0750-\u077f"
    "\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
)
_OTHER_SCRIPT_RUN = re.compile(rf"[{_OTHER_SCRIPT}]+(?:[ \u00b7\u30fb][{_OTHER_SCRIPT}]+)*")


_GREETINGS = frozenset(
    {"こんにちは", "こんばんは", "おはようございます", "你好", "您好", "안녕하세요", "Привет",
     "Здравствуйте", "Добрый день", "Γεια", "Γεια σας", "Χαίρετε", "مرحبا", "السلام عليكم",
     "नमस्ते", "Шановні", "Вітаю", "谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "謝謝",
     "Ευχαριστώ", "Ευχαριστώ πολύ", "Ευχαριστούμε", "Спасибо", "Дякую", "Благодарю", "תודה",
     "شكرا", "شكراً", "धन्यवाद", "शुक्रिया"}
)  # fmt: skip


# Questions written wholly in another script: a capitalised word inside a sentence (Cyrillic,
# Greek) or the words after "my name is" in scripts without capitals.
_CASED_NAME = re.compile(
    r"(?<=[^\s.!?;:\n(\"\u00ab][ ])[\u0391-\u03a9\u0386-\u038f\u0400-\u042f]"
    r"[\u03ac-\u03ce\u0430-\u045f]+"
    r"(?:[ ][\u0391-\u03a9\u0386-\u038f\u0400-\u042f][\u03ac-\u03ce\u0430-\u045f]+)*"
)
# The letters of a name written in Chinese, Japanese, Arabic, Devanagari, Cyrillic or Hangul,
# without their scripts' punctuation (the Arabic comma, the danda).
_FIELD_LETTER = r"[\u4e00-\u9fff\u3040-\u30ff\u0620-\u064a\u0900-\u0963\u0400-\u04ff\uac00-\ud7af]"
_SCRIPT_CUE = re.compile(
    r"(?:我叫|我是|名字是|我的名字叫)(?P<zh>[\u4e00-\u9fff]{2,3}?"
    r"(?=[\uff0c\u3002,.\uff01!\u3001\s的在是说已要和把被给也都想]|$)|[\u4e00-\u9fff]{2,4})"
    r"|(?:اسمي|أنا)\s+(?:(?:والد|والدة|أم|أخ|أخت|زوج|زوجة)\s+(?:الطالب|الطالبة)?\s*)?"
    r"(?P<ar>[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+)?)"
    r"|(?:저는|제\s+이름은)\s+(?P<ko>[\uac00-\ud7af]{2,4}?)(?:입니다|이고|예요|이에요|라고)"
    r"|(?:मेरा\s+नाम|मैं)\s+(?P<hi>[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+)?)\s+(?:है|हूँ|हूं)"
    r"|(?:、|。|\n|^)(?P<ja>[\u4e00-\u9fff]{1,3}[ \u3000]?[\u3040-\u30ff\u4e00-\u9fff]{1,3}?)"
    r"(?:です|と申します)"
    r"|(?:名前は)(?P<ja2>[\u4e00-\u9fff]{1,3}[ \u3000]?[\u3040-\u30ff\u4e00-\u9fff]{1,3}?)(?:です)"
    r"|(?:^|,[ ]?|\s)(?P<ko2>[\uac00-\ud7af]{2,4}?)입니다"
    r"|(?:אני|שמי)\s+(?P<he>[\u0590-\u05ff]+(?:\s+[\u0590-\u05ff]+)?)"
    r"|(?:私は|わたしは)(?P<ja3>[\u4e00-\u9fff]{1,3}[ \u3000]?[\u3040-\u30ff\u4e00-\u9fff]{1,3}?)"
    r"(?:です|と申します|と言います)"
    # After a relation: "父亲李建国", "मेरे पिता सुरेश पटेल का".
    r"|(?:父亲|母亲|爸爸|妈妈|儿子|女儿|丈夫|妻子|老公|老婆|哥哥|姐姐|弟弟|妹妹|同事|经理|父親|母親|兒子)"
    r"(?P<zh2>[\u4e00-\u9fff]{2,3}?)(?=[\uff0c\u3002,.\uff01!\u3001\s\uff08(]|$|[在是的说已要和把被给也都想去])"
    r"|(?:पिताजी|माताजी|पिता|माता|माँ|पति|पत्नी|बेटा|बेटे|बेटी|भाई|बहन|दोस्त|पापा|मम्मी)(?:\s+जी)?\s+"
    r"(?P<hi2>[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+){0,2}?)\s+(?:का|की|के|ने|को|है)(?![\u0900-\u097f])"
    # The same in Punjabi: "ਮੇਰੇ ਪਿਤਾ ਜੀ ਸੁਰਜੀਤ ਸਿੰਘ ਗਿੱਲ ਦੀ" (my father Surjit Singh Gill's)
    r"|(?:ਪਿਤਾ|ਮਾਤਾ|ਪਤੀ|ਪਤਨੀ|ਪੁੱਤਰ|ਬੇਟਾ|ਬੇਟੀ|ਧੀ|ਭਰਾ|ਭੈਣ)(?:\s+ਜੀ)?\s+"
    r"(?P<pa2>[\u0a00-\u0a7f]+(?:\s+[\u0a00-\u0a7f]+){0,2}?)\s+(?:ਦਾ|ਦੀ|ਦੇ|ਨੇ|ਨੂੰ|ਹੈ)(?![\u0a00-\u0a7f])"
    # After a relation in Arabic and Urdu: "ابنتي ليان،", "میری والدہ نسرین بیگم کا" (my
    # daughter Layan, my mother Nasreen Begum), the name ending at a postposition.
    r"|(?:ابنتي|ابني|بنتي|زوجتي|زوجي|أمي|امي|والدتي|أبي|ابي|والدي|أختي|اختي|أخي|اخي|جدتي|جدي"
    r"|والدہ|والد|بیٹی|بیٹا|بہن|بھائی|شوہر|بیوی|امی|ابو|دادی|نانی"
    # the pupil, his father, her son ("الطالب راشد", "والده سالم الكتبي", "بیٹے حسن")
    r"|الطالب|الطالبة|والده|والدته|والدها|ابنه|ابنها|ابنته|ابنتها|بیٹے)\s+"
    # not a word with the article ("ابني الكبير", my elder son), a postposition ("بیٹے کا") or
    # a common verb or noun ("الطالب يريد", the pupil wants; "والده توفي", his father died)
    r"(?!ال|(?:کا|کی|کے|نے|کو|سے|میں|يريد|تريد|توفي|توفيت|طالب|طالبة|كان|كانت|يدرس|تدرس|لديه|"
    r"لديها|لا|لم|قد|هو|هي|في|من|على|إلى)(?![\u0621-\u06d3]))"
    r"(?P<ar2>[\u0621-\u064a\u0671-\u06d3]+"
    r"(?:\s+(?!(?:کا|کی|کے|نے|کو|سے|میں|ہے|ہیں|في|من|على|إلى|عن|و|لا|لم|لن|قد|هو|هي)(?![\u0621-\u06d3]))"
    r"[\u0621-\u064a\u0671-\u06d3]+)?)"
    # Dari, Persian and Pashto "my name is ...", "I am ...": "نام من فریده احمدی است", "زما نوم
    # ګل محمد دی", "من عبدالقادر نوری هستم", "زه نجیب الله زدران یم"; Tigrinya "ሽመይ ... እዩ"
    r"|(?:نام\s+من|نامم|زما\s+نوم)\s+(?P<fa>[\u0620-\u06d3]+(?:\s+[\u0620-\u06d3]+){0,2}?)"
    r"\s+(?:است|ده|دی)(?![\u0620-\u06d3])"
    r"|(?:^|[\s\u060c،.])(?:من|زه)\s+"
    # not "from", "in", "a", nor a trade: "من از افغانستان هستم", "من مترجم هستم"
    r"(?!(?:از|له|در|به|د|په|یک|یو|یوه|دانشجو|مترجم|ژباړونکی|ترجمان|معلم|داکتر|رضاکار|کارمند)\s)"
    r"(?P<fa2>[\u0620-\u06d3]+(?:\s+[\u0620-\u06d3]+){1,2}?)"
    r"\s+(?:هستم|یم)(?![\u0620-\u06d3])"
    r"|\u123d\u1218\u12ed\s+(?P<ti>[\u1200-\u137f]+(?:\s+[\u1200-\u137f]+)?)\s+\u12a5\u12e9"
    # A Chinese name with the title written after it: "李伟先生", "王芳女士"
    r"|(?P<zh3>[\u4e00-\u9fff]{2,3}(?:先生|女士|小姐))"
    # A form's name field, as Chinese, Japanese, Hindi and Arabic forms label it
    r"|(?:姓名|氏名|お名前|名前|नाम|الاسم|Имя|ФИО|이름|성명)\s*[:\uff1a]\s*"
    rf"(?P<fld>{_FIELD_LETTER}+(?:[ \u3000]{_FIELD_LETTER}+){{0,3}})"
)


# The commonest Chinese surnames, which open most Chinese names; a run of Chinese characters that
# opens with none of them is more likely a word or a phrase ("请问", "身份证") than a name.
_HAN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤陳張劉楊黃趙吳鄭謝葉蘇魏呂盧鍾譚陸鄧馮韓蕭"
)
_HAN_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "歐陽", "司馬", "諸葛")
_HAN = re.compile(r"[\u3400-\u9fff]+")
# A name opening a Chinese clause, before the small words that follow a subject.
# A relative, then their name: "我父亲陈国强上个月去世了", "我奶奶王秀英".
_HAN_KIN_NAME = re.compile(
    r"(?:父亲|母亲|父親|母親|爸爸|妈妈|媽媽|丈夫|妻子|太太|儿子|女儿|兒子|女兒|奶奶|爷爷|爺爺|外婆|外公|"
    r"祖父|祖母|哥哥|姐姐|弟弟|妹妹)(?P<name>[\u4e00-\u9fff]{2,3}?)"
    r"(?=[在是的说說已要和把被给給也都想上去于於\uff0c\u3002,\u3001])"
)
_HAN_OPENING_NAME = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3}?)[在是的说已要和把被给也都想]")
_HAN_SIGNATURE = re.compile(
    r"[\u3002\uff01!.\n][ \t]*(?P<name>[\u4e00-\u9fff]{2,3})[ \t]*$"
    # a name as a field between a full-width comma and a full stop
    r"|[\uff0c,][ ]?(?P<field>[\u4e00-\u9fff]{2,3})[\u3002.]"
)


# "My name is", "I am" and "my manager" in the scripts of South Asia and in Arabic script, then one
# to three words up to the small word that ends the clause ("है", "ہے", "ने") or a stop.
_INDIC = "\u0900-\u0dff"
_ARABIC = "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff"
_NAMED_CUE = (
    "मेरा नाम|मेरी नाम|माझे नाव|मेरे (?:मैनेजर|पिता|पति|बॉस|सहकर्मी)|मैनेजर|"
    "میرا نام|میرے (?:والد|مینیجر|شوہر|باس)|اسمي|مديري|"
    "என் பெயர்|எனது பெயர்|என் மேனேஜர்|నా పేరు|ನನ್ನ ಹೆಸರು|എന്റെ പേര്|আমার নাম|"
    "ਮੇਰਾ ਨਾਮ|ਮੇਰੇ ਮੈਨੇਜਰ|મારું નામ|सहकर्मी|সহকর্মী|സൂപ്പർവൈസർ|"
    # a parent or a spouse in Gujarati and Bengali: "મારા પિતા", "আমার বাবা"
    "મારા (?:પિતા|પતિ|દાદા|દાદી)|મારી (?:માતા|પત્ની|બા)|আমার (?:বাবা|মা|স্বামী|স্ত্রী|দাদা|দাদি|নানা|নানি)"
)
_SELF_CUE = "أنا|ഞാൻ|ನಾನು|আমি|मैं|నేను"
_ENDS_NAME = (
    "है|हूँ|हूं|हैं|आहे|ने|का|की|के|को|ہے|ہوں|کا|کی|کے|نے|کو|من|في|ਨੇ|ਦਾ|ਦੀ|ਹੈ|ആണ്|ಆಗಿ|ರ|ఆ|గా|ను|లో|ಆ|ഞാൻ|আমি|এর|"
    "નું|ની|નો|ના|એ"
)
_SCRIPT_LETTERS = rf"[{_INDIC}{_ARABIC}]+"
_SCRIPT_NAME = re.compile(
    rf"(?:^|(?<=[\s,.\u060c\u0964]))(?:(?P<named>{_NAMED_CUE})|(?P<self>{_SELF_CUE}))[ \t]+"
    rf"(?P<words>{_SCRIPT_LETTERS}(?:[ \t]+{_SCRIPT_LETTERS}){{0,4}})"
    r"(?P<stop>[ \t]*[,.\u060c\u0964:])?"
)
_ENDS_NAME_WORD = re.compile(rf"(?:{_ENDS_NAME})$")


def _script_names(text: str) -> Iterator[tuple[int, int]]:
    """The name after "my name is", "I am" or "my manager" in a South Asian or Arabic script."""
    for match in _SCRIPT_NAME.finditer(text):
        words = list(re.finditer(_SCRIPT_LETTERS, match.group("words")))
        ends = [i for i, word in enumerate(words) if _ENDS_NAME_WORD.match(word.group())]
        if ends and 0 < ends[0] <= 4:
            last = words[ends[0] - 1]
            if match.group("self"):
                # "I am" then a small word ends a clause that may say anything ("I live in
                # London"): only "मैं X हूँ" (two words at most) and "أنا X من" (from).
                end = words[ends[0]].group()
                if not ((ends[0] <= 2 and end in ("हूँ", "हूं")) or end in ("من", "في")):
                    continue
        elif not ends and match.group("stop") and len(words) <= (4 if match.group("named") else 3):
            last = words[-1]
        elif match.group("named") and not ends and len(words) >= 2:
            last = words[1]  # "مديري خالد العمري نشر": a given name and a surname, then a verb
        else:
            continue
        yield match.start("words"), match.start("words") + last.end()


def _han_name(run: str) -> bool:
    """Whether a run of Chinese characters (or a Japanese name in kanji) reads as a name."""
    parts = re.split(r"[ \u00b7\u30fb]", run)
    if len(parts) == 2 and all(1 <= len(part) <= 4 for part in parts):
        return True  # "佐藤 健", "李·伟"
    surname = run[0] in _HAN_SURNAMES or run.startswith(_HAN_COMPOUND_SURNAMES)
    return 2 <= len(run) <= 4 and surname


# The commonest small words of Hindi, Urdu and Punjabi, which people mix into English questions:
# a run of that script holding one is a phrase of the question, not a name.
_GRAMMAR = """को से ने पर है हैं हूँ हूं था थी थे मैं में की का के और कि यह वह मेरा मेरी मेरे उनका उनकी
    उनके उसका उसकी आप हम क्या नहीं भी तो ही गया गई किया करें करना दिया दी आया आई हुआ रहते
    रहता रहती कुछ लिए बाद साथ अब
    ہے ہیں ہوں پر میں کی کا کے اور نے سے کو یہ وہ میرا میری میرے لیکن تھا تھی کیا نہیں بھی
    ਹੈ ਹਨ ਦਾ ਦੀ ਦੇ ਨੂੰ ਵਿੱਚ ਅਤੇ ਮੇਰਾ ਮੇਰੀ ਮੈਂ ਨਾਮ ਕਿ"""
_GRAMMAR_WORDS = frozenset(_GRAMMAR.split())


# A name in the script of South Asia or in Arabic script signing a question: alone on the last
# line ("\n- सुरेश"), perhaps above a phone number, or one or two words after the last stop.
_SCRIPT_SIGNATURE = re.compile(
    r"(?:\n[ \t]*(?:[-\u2013\u2014~]+[ \t]*)?|[-\u2013\u2014~][ \t]*)"
    rf"(?P<name>[{_INDIC}{_ARABIC}]+(?:[ ][{_INDIC}{_ARABIC}]+){{0,2}})"
    rf"|[.\u0964\u06d4!?][ \t]+(?P<short>[{_INDIC}{_ARABIC}]+(?:[ ][{_INDIC}{_ARABIC}]+)?)"
)
_SIGNATURE_TAIL = re.compile(r"[ \t]*(?:\n[ \t]*\+?\d[\d \t()-]{6,})?[ \t]*$")
_CLOSINGS_IN_SCRIPTS = (
    "धन्यवाद शुक्रिया बहुत कृपया नमस्ते آپ شکریہ شكرا شكراً شكرًا مع تحياتي والسلام السلام عليكم مرحبا ਧੰਨਵਾਦ"
)
_CLOSING_WORDS = frozenset(_CLOSINGS_IN_SCRIPTS.split())


def _script_signature(text: str) -> Iterator[tuple[int, int]]:
    """The name signing a question at its end, in the script of South Asia or Arabic script."""
    for match in _SCRIPT_SIGNATURE.finditer(text, max(0, len(text) - 80)):
        group = "name" if match.group("name") else "short"
        if not _SIGNATURE_TAIL.match(text, match.end(group)):
            continue
        words = set(match.group(group).split())
        if not words & (_GRAMMAR_WORDS | _CLOSING_WORDS):
            yield match.span(group)
        return  # only the last line can sign


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
                g
                for g in (
                    "zh",
                    "ar",
                    "ko",
                    "hi",
                    "ja",
                    "ja2",
                    "ko2",
                    "he",
                    "ja3",
                    "zh2",
                    "hi2",
                    "pa2",
                    "ar2",
                    "zh3",
                    "fa",
                    "fa2",
                    "ti",
                    "fld",
                )
                if match.group(g)
            )
            yield match.start(name), match.end(name)
        for match in _HAN_KIN_NAME.finditer(text):
            if _han_name(match.group("name")):
                yield match.span("name")
        yield from _script_names(text)
        yield from _script_signature(text)
        for signature in _HAN_SIGNATURE.finditer(text):
            part = "name" if signature.group("name") else "field"
            if _han_name(signature.group(part)):
                yield signature.span(part)
        return
    greetings = {greeting.lower() for greeting in _GREETINGS}
    for run in runs:
        if _GRAMMAR_WORDS.intersection(re.findall(r"[^\s\u0964\u06d4.,!?\u060c]+", run.group())):
            # "Papa को bank से letter आया": the writer's own language mixed into English, whose
            # words are names only where it says so ("मेरा नाम प्रिया शर्मा है")
            for start, end in _script_names(run.group()):
                yield run.start() + start, run.start() + end
            continue
        if run.group().isupper() and len(run.group()) <= 6:
            continue  # "ЕГН", "ΑΦΜ": an abbreviation, not a name
        if run.group().strip(" ,!.\u3002\uff01").lower() in greetings:
            continue
        if re.match(r"[ \t]*[:\uff1a]|\.?[ \t]*\+?\d", text[run.end() :]):
            continue  # "电话: 138…", "тел. +380…": a label before its value
        if re.fullmatch(r"[\u3040-\u309f\u30fc]+", run.group()):
            continue  # hiragana alone ("です", "ありがとう") is grammar, not a name
        if not _HAN.fullmatch(run.group().replace(" ", "").replace("\u00b7", "")) or _han_name(
            run.group()
        ):
            yield run.start(), run.end()
            continue
        if text[run.start() - 1 : run.start()] == "(" and text[run.end() : run.end() + 1] == ")":
            yield run.start(), run.end()  # "Kenji Watanabe (渡辺健二)"
            continue
        if re.match(r"[ ]?\([A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\)", text[run.end() :]):
            yield run.start(), run.end()  # "佐藤花子 (Hanako Sato)": the name, then how it is read
            continue
        for match in _SCRIPT_CUE.finditer(text, run.start(), run.end()):
            for group in ("zh", "zh2", "zh3"):
                if match.group(group):
                    yield match.span(group)  # "我叫李伟" opening a longer clause, "李伟先生的"
        opening = _HAN_OPENING_NAME.match(run.group())
        if opening and opening.group("name")[0] in _HAN_SURNAMES:
            yield run.start(), run.start() + len(opening.group("name"))  # "李伟在我们公司工作"


_LABEL_BEFORE_DIGITS = re.compile(
    r"(?i)\b(?:acc|account|tel|phone|mob|mobile|ref|no|id|nr|order|customer|member|card|number|"
    r"psr|client|policy)\.?[ \t:#]*$"
)
INITIALS_AND_SURNAME = re.compile(r"(?:[A-Z]\.[ ]?){1,2}[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?")


# A last line that holds only a way to reach the writer: "...\nGwil\n07700 900 174".
_CONTACT_LINE_AT_END = re.compile(
    r"\n[ \t]*(?:(?i:t|tel|mob|m|phone|e|email)[ \t]*[:.][ \t]*)?"
    r"(?:\+?\d[\d \t()-]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)[ \t.]*$"
)

# The line above the contact line opens the signature when a sentence or a closing ends the
# line before it: "Where should I send it?\nGwil\n07700 900 174", "Diolch,\nMererid\n...".
# A label or a mailbox's role on that line: "DPO", "Work", "Unknown", "Mobile".
_NOT_A_SIGNATURE = re.compile(
    r"\n[ \t]*(?:[A-Z]{2,5}|(?i:work|home|mobile|office|unknown|freephone|landline|personal|"
    r"email|phone|tel))[ \t:]*$"
)
_OPENS_A_SIGNATURE = re.compile(
    r"(?:[.?!,:]|(?i:thanks|regards|cheers|diolch|cofion|grazie|danke|merci|gracias|obrigad[oa]))"
    r"[ \t]*\n[^\n]+$"
)


def _signature(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """One to three words alone on the last line, or after the last full stop: a signature; or
    on the line above a last line that holds only a phone number or an email address."""
    contact = _CONTACT_LINE_AT_END.search(text)
    ended = text[: contact.start()] if contact else text
    if contact and (not _OPENS_A_SIGNATURE.search(ended) or _NOT_A_SIGNATURE.search(ended)):
        return  # "Sorcha Kavanagh\nCelebrant\n+353 ...": the line above the phone is a role
    match = re.search(
        r"(?:\n|[.!?][ \t]+)[ \t]*[-\u2013\u2014~]*[ \t]*([^\n.!?]{1,40}?)[ \t.!]*$", ended
    )
    if not match:
        return
    start, end = match.span(1)
    line_start = text.rfind("\n", 0, start) + 1
    initials = re.fullmatch(r"[ \t]*((?:[A-Z]\.[ ]?){1,2})", text[line_start:start])
    if initials:
        start = line_start + initials.start(1)  # "J. Moss": the initials are the name's
    closing = re.match(
        r"(?i)(?:(?:kind|best|warm|many)\s+)?(?:regards|thanks|thank\s+you|cheers|wishes)[,!]?\s+",
        text[start:end],
    )
    if closing:
        start += closing.end()
    bracket = re.search(r"[ \t]*\([^()\n]{1,60}\)[ \t]*$", text[start:end])
    if bracket and bracket.start():
        end = start + bracket.start()  # "Ben (Mears)", "Grace (support worker, Turning Point)"
    comma = text.find(",", start, end)
    if comma != -1:
        end = comma
    digit = re.search(r"[ \t]*\d", text[start:end])
    if digit:
        if sum(c.isdigit() for c in text[start + digit.start() : end]) < 9:
            return  # "Case 2025-441.": a word and a reference, not a name
        end = start + digit.start()  # "chidi nwankwo 07700 900418": the name before the phone
        if _LABEL_BEFORE_DIGITS.search(text, start, end):
            return  # "acc 006610041": the number's label, not a name
    words = [t for t in tokens if start <= t.start < end]
    if not 1 <= len(words) <= 3 or re.search(r"[^\w \t'\u2019.-]", text[start:end]):
        return
    if INITIALS_AND_SURNAME.fullmatch(text[start:end]):
        yield start, end  # "J. Moss", "G. A. Wood": initials and a surname, even a word's
        return
    if any(t.kind in (STOP, WORD) and not t.flags & GIVEN for t in words):
        return
    if all(foreign_word(t.key) for t in words) or text[start:end].strip() in _GREETINGS:
        return  # "Basta!", "Groeten", "Ευχαριστώ": a word of another language closing it
    if all(t.text.islower() and t.kind == WEAK for t in words) and len(words) > 1:
        return
    if len(words) > 1 and _a_clause(text, words):
        return  # "Treenaan siellä tiistaisin.", "csak kerdezem": a last sentence, not a name
    yield words[0].start, words[-1].end


def _a_clause(text: str, words: list[Token]) -> bool:
    """Whether the words closing a message are a short sentence of their own, not a name: in a
    text with capitals, a lower-case word after a capitalised one; in a text in lower case, a
    common word of another language that no list knows as a name."""
    if any(c.isupper() for c in text):
        if words[0].text.islower():
            # "silin lütfen": a writer who uses capitals writes their name with one
            return not any(t.flags & (GIVEN | SURNAME) for t in words)
        return any(t.text.islower() and t.key not in _PARTICLES for t in words[1:])
    return any(t.foreign and not t.flags & (GIVEN | SURNAME) for t in words)


_DASHED_SIGNATURE = re.compile(
    r"[\u2013\u2014-][ \t]*([A-Z][a-z]+(?:[ ](?:de[ ]|van[ ])?[A-Z][a-z]+)?)[ \t.!]*$"
)
# "From: Grant, Fiona <...>", "To: Lee, Daniel": a mail header writes the surname first.
_HEADER_NAME = re.compile(
    r"(?im)^[>\s]*(?:From|To|Cc|Von|De|An|À):[ \t]*([A-Z][a-z'-]+,[ \t]*[A-Z][a-z'-]+)"
)
# A record's field holding a name, the surname first and often in capitals: "Patient: BAKER,
# Thomas", "My name in your system: MCCARTHY, SEAN P".
_RECORD_NAME = re.compile(
    r"(?i:\b(?:patient|name|member|client|customer|tenant|resident|applicant|employee|student|"
    r"pupil|policyholder|holder|system|record|label))[ \t]*:[ \t]*"
    r"((?:[A-Z]['\u2019])?(?:[A-Z][a-z]?[A-Z]+|[A-Z][a-z'-]+)(?:[-'][A-Z][A-Za-z]+)?,"
    r"[ \t]*[A-Z][A-Za-z'-]+"
    r"(?:[ ][A-Z]\b\.?)?)"
)
# A nickname in quotes between a first name and a surname: Callum "Cal" Fraser.
_NICKNAME = re.compile(
    r"(?<=[A-Za-z])[ ][\"'\u201c\u2018(]([A-Z][a-z]+)[\"'\u201d\u2019)][ ](?=[A-Z][a-z])"
)
# A nickname in quotes and brackets after the name it shortens: 'Maxwell ("Max")'.
_BRACKETED_NICKNAME = re.compile(
    r"(?<=[A-Za-z])[ ]\([\"\u201c'\u2018](?P<name>[A-Z][a-z]+)[\"\u201d'\u2019]\)"
)
# A nickname given in quotes: 'staff called her "Aga"', 'known as "Bubbles"'.
_QUOTED_NICKNAME = re.compile(
    r"(?i:\b(?:(?:call(?:s|ed)?|know[sn]?)\s+(?:him|her|them|me)\s+(?:as\s+)?|known\s+as\s+"
    r"|nicknamed\s+|name\s+(?:is|was)\s+))"
    r"[\"\u201c'\u2018](?P<name>[A-Z][a-z]+)[\"\u201d'\u2019]"
    # Without quotes after a verb of naming: "(everyone calls him Stevo)".
    r"|(?i:\b(?:(?:calls?|called|know[sn]?)\s+(?:him|her|them|me)\s+(?:as\s+)?|go(?:es)?\s+by\s+))"
    r"(?P<bare>(?-i:[A-Z][a-z]+))(?=[ \t]*[),.;!]|[ \t]+(?:for|at|in|but|and|because)\b)"
)
# A closing word and a first name ending a message typed in one line: "... ta Daz", "thx kev".
_CLOSING_NAME = re.compile(
    r"(?i:\b(?:ta|thx|thanks|cheers|ty|tia|regards|many\s+thanks|mersi|merci|danke|diolch|"
    r"grazie|gracias|obrigad[oa]|dzi\u0119kuj\u0119|dzi\u0119ki|tack|takk|dank\s+je|bedankt))"
    r"[,!]?[ \t]+"
    r"(?P<name>[^\W\d_][\w'\u2019-]*(?:[ ][^\W\d_][\w'\u2019-]*)?)[ \t.!x]*$"
)
# What a closing word may call the reader rather than sign the message with.
_ENDEARMENTS = frozenset({"love", "luv", "hun", "babe", "mate", "lad", "pal", "dear", "all",
                          "again", "guys", "kid", "boss", "chief", "bro", "sis"})  # fmt: skip

# A relative or a friend, then their name: "my daughter June is 9", "my mate ash set up",
# "my flatmate becca posted", "one lad, Jordan, owes". The word after names the person even
# when it is a month or an ordinary word, since a person's own word for their relative is
# rarely followed by anything else but a verb, a comma or their name.
_KIN_WORDS = (
    r"(?i:\b(?:my|our|his|her|their)[ \t]+(?:(?:little|baby|eldest|oldest|youngest|older|younger"
    r"|big|best|twin|late|new|other)[ \t]+)?"
    r"(?:daughter|son|sister|brother|sis|bro|mate|friend|flatmate|housemate|roommate|boyfriend"
    r"|girlfriend|ex|husband|hubby|wife|partner|fianc[ée]e?|mum|mom|mam|dad|nan|nana|gran|granny"
    r"|grandma|grandad|grandpa|grandson|granddaughter|niece|nephew|cousin|stepson|stepdaughter"
    r"|stepmum|stepdad|kid|child|baby|twin|neighbour|neighbor)"
    r"|\bone[ \t]+(?:lad|girl|guy|bloke|kid|lady|woman|man|boy|customer|client|member)[ \t]*,)"
)
_KIN = re.compile(rf"{_KIN_WORDS}[ \t]+(?=[^\W\d_])")
_KIN_BEFORE = re.compile(rf"{_KIN_WORDS}[ \t]+$")
# Words that follow a word for a relative without being a name: "my son aged 9", "my ex bf".
_NOT_AFTER_KIN = frozenset({"bf", "gf", "hubby", "wifey", "bestie", "lol", "aged", "age", "who",
                            "whom", "whose", "which", "that", "too", "also", "now", "then",
                            "just", "still", "recently", "said", "says"})  # fmt: skip
# "my daughter hope got an email": a given name that is a common word, before a verb
_VERB_AFTER = re.compile(
    r"[ \t]+(?:got|gets|is|was|has|had|wants|wanted|says|said|told|asked|received|lives|works|"
    r"goes|went|started|left|uses|used|made|sent|signed|joined|applied|[a-z]+ed)\b"
)
_MONTHS_AS_NAMES = frozenset({"april", "may", "june", "august", "summer", "autumn", "winter"})


def named_by_cue(text: str, start: int) -> bool:
    """Whether a word at `start` follows a word for a relative or friend, or opens the message as
    the writer's introduction: there it names a person whatever else it may be."""
    if _KIN_BEFORE.search(text, max(0, start - 40), start):
        return True
    match = _INTRODUCTION.match(text)
    return bool(match and match.start("name") == start)


# Names given as such: "names are Isla, Finn and Rosa", "my children's names, Chidi and Kamsi",
# "my middle name, Oluwadamilare,".
_NAMES_GIVEN = re.compile(
    r"(?i:\b(?:first|middle|last|maiden|given|full|sur|nick|christian)?[ -]?names?"
    r"(?:[ \t]+(?:are|were|is|was)[ \t]*:?|[ \t]*[,:]))[ \t]+"
    r"(?P<names>(?-i:[A-Z][\w'\u2019-]+)(?:(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+|,[ \t]+and[ \t]+)"
    r"(?-i:[A-Z][\w'\u2019-]+)){0,5})"
)


# A child named with their age after them: "Aurora (14 anni)", "(Kuba, 15 lat)", "Noor (14)".
_NAME_THEN_AGE = re.compile(
    r"\b(?P<name>[A-Z\u00c0-\u00dd\u0141\u015a\u017b][a-z\u00e0-\u017e]+)[ ]?[(,][ ]?\d{1,2}"
    r"(?:[ ]?(?:lat|anni|ans|a\u00f1os|anos|Jahre|\u00e5r|jaar|years?|yrs?|y/?o|vuotta|\u00e9ves))?"
    r"[ ]?\)"
)


def _kin_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """The name after a word for a relative or a friend, whatever else the word may be; and the
    names given as names ("names are Isla, Finn and Rosa")."""
    at = {token.start: token for token in tokens}
    for match in _NAME_THEN_AGE.finditer(text):
        token = at.get(match.start("name"))
        if (
            token is not None
            and token.kind in (STRONG, WEAK, UNKNOWN)
            and (token.flags & GIVEN or not token.flags & PLACE)
        ):
            yield match.span("name")
    for match in _NAMES_GIVEN.finditer(text):
        for token in tokens:
            if (
                match.start("names") <= token.start < match.end("names")
                and token.capitalised
                and token.kind in (STRONG, WEAK, UNKNOWN)
            ):
                yield token.start, token.end
    for match in _KIN.finditer(text):
        token = at.get(match.end())
        if token is None or not token.latin or len(token.key) < 2:
            continue
        if token.key in _NOT_AFTER_KIN or text[token.end : token.end + 2] in ("'s", "\u2019s"):
            continue
        if token.capitalised:
            named = token.kind in (STRONG, WEAK, UNKNOWN) or token.key in _MONTHS_AS_NAMES
            if token.flags & PLACE and not token.flags & GIVEN:
                named = False  # "my son Durham"? a place, more likely his university
        elif token.text.islower():
            named = (
                token.kind in (STRONG, UNKNOWN)
                and not _NOT_A_NAME_ENDING.search(token.key)
                and bool(re.search(r"[aeiouy]", token.key))
            ) or (
                token.kind == WEAK
                and bool(token.flags & (GIVEN | SURNAME))
                and (
                    token.zipf < 4.5 or (token.flags & GIVEN and _VERB_AFTER.match(text, token.end))
                )
            )
        elif token.text.isupper() and len(token.key) >= 3:
            named = token.kind in (STRONG, WEAK, UNKNOWN)  # "my son JAYDEN PRICE got"
        else:
            named = False
        if named:
            end = token.end
            following = at.get(token.end + 1)
            if (
                following is not None
                and text[token.end] == " "
                and following.text.isupper() == token.text.isupper()
                and following.capitalised == token.capitalised
                and following.kind in (STRONG, WEAK, UNKNOWN)
            ):
                end = following.end  # and the surname after it
            yield token.start, end


# Who is writing, said at the opening of the message: "Hi, this is April from reception",
# "Hey, mark here.", "hi gem here again", "Hiya, I'm Chanel, a makeup artist", "im MAX and im
# 13", "Hi team, Rosa from Valencia". A greeting or the start of the message, then the
# introduction, then what ends one.
_INTRODUCTION = re.compile(
    r"(?i:^[ \t]*(?P<greeting>(?:hi|hey|hiya|heya|hello|morning|good[ \t]+(?:morning|afternoon|"
    r"evening)|afternoon|evening)\b[ \t]*(?:there|all|team|guys|folks)?[ \t,.!-]*\n?[ \t]*)?"
    r"(?:(?P<cue>this[ \t]+is|it'?s|it[ \t]+is|i'?m|i[ \t]+am)[ \t]+)?)"
    r"(?P<name>[^\W\d_][\w'\u2019-]*)"
    r"(?=[ \t]+(?P<here>here|this[ \t]+side)\b|[ \t]+from[ \t]+(?P<place>[A-Z])?"
    r"|[ \t]*,[ \t]*(?:an?|the|one|your)[ \t]|[ \t]+and[ \t]+i'?m\b|[ \t]+again\b"
    r"|(?P<stop>[ \t]*[,.!]))"
)
_DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                   "christmas", "easter"})  # fmt: skip
_NOT_INTRODUCED = frozenset({"new", "just", "first", "anyone", "someone", "everyone", "nobody",
                             "still", "back", "only", "writing", "not", "so", "also", "really",
                             "currently", "based", "out", "over", "there", "me", "you", "all",
                             "here", "looking", "having", "trying", "coming", "calling",
                             "emailing", "messaging", "contacting", "ok", "okay", "fine", "sorry",
                             "urgent", "us", "we", "unsure", "confused", "worried",
                             "afraid", "aware", "sure", "glad", "happy"})  # fmt: skip


def _introductions(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """The writer's name as they introduce themself at the opening of the message: after "I'm"
    or "it's", or after a greeting and before "here" or "from" a place."""
    match = _INTRODUCTION.match(text)
    if not match:
        return
    cue = match.group("cue")
    if not cue and not (match.group("greeting") and (match.group("here") or match.group("place"))):
        return  # "Someone here said" is no introduction; "hey, mark here" is
    token = next((t for t in tokens if t.start == match.start("name")), None)
    if token is None or not token.latin or token.key in _NOT_INTRODUCED or len(token.key) < 2:
        return
    if (token.kind == STOP and token.flags & PLACE) or token.key in _DAYS:
        return  # "I'm London based", "Hi, it's Monday again"
    if match.group("stop") and (token.kind in (WORD, STOP) or not (token.capitalised or cue)):
        return  # "it's fine, ...", "I'm Confused."
    if token.kind == WORD and not token.capitalised and not token.text.isupper():
        if not cue and not re.search(r"[aeiouy]", token.key):
            return
        if cue:
            return  # "i'm sorry, a" or "i'm new here": in lower case an ordinary word is one
    yield token.start, token.end


# A first name alone on a line before a comma opens a forwarded message: "Kev,\nSee below".
_SALUTATION_LINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][a-z]+),[ \t]*\n")


# Particles between a given name and a surname typed in lower case: "pieter van den berg".
_LOWER_PARTICLES = re.compile(
    r"(?:[ ](?:van|von|de|der|den|da|das|dos|do|del|della|la|le|ten|ter|di|du|bin|binti|al|el))"
    r"{1,3}"
    r"[ ](?P<last>[a-z\u00e0-\u00ff][a-z\u00e0-\u00ff'\u2019-]+)"
)
_LOWER_PARTICLES_BEFORE = re.compile(
    r"(?P<first>[a-z\u00e0-\u00ff][a-z\u00e0-\u00ff'-]+)"
    r"(?:[ ](?:van|von|de|der|den|da|das|dos|do|del|della|la|le|ten|ter|di|du)){1,3}[ ]$"
)


def _with_particles(text: str, start: int, end: int) -> tuple[int, int]:
    """A lower-case name stretched over the particles of a surname on either side."""
    after = _LOWER_PARTICLES.match(text, end)
    last = after.group("last") if after else ""
    if after and classify(last)[0] not in (WORD, STOP) and not foreign_word(last):
        end = after.end()
    before = _LOWER_PARTICLES_BEFORE.search(text, max(0, start - 30), start)
    if before and lexicon().names.get(before.group("first"), 0) & GIVEN:
        start = before.start()
    return start, end


_SHOUTED_TITLE = re.compile(r"(?:MR|MRS|MS|MISS|MX|DR|PROF|SIR|DAME|LADY|LORD)\.?[ ]$")
_SHOUTED_CUE = re.compile(
    r"(?i:\b(?:it'?s|this\s+is|i'?m|i\s+am|name\s+is|name:|not|from|for|to|call|ring|"
    r"regards|thanks)[ \t,:]*)$"
)
_SHOUTED_WORD = re.compile(r"\b(?:[A-Z][A-Z'\u2019-]*[A-Z]\b(?![\w-])|[A-Z]\.)")
_SHOUTED_PARTICLES = frozenset({"DA", "DE", "DI", "DO", "DOS", "DAS", "DEL", "VAN", "VON", "DER",
                                "DEN", "LA", "LE", "AL", "EL", "BIN", "MAC", "ST"})  # fmt: skip


def _shouted_parts(run: list[re.Match[str]]) -> list[bool]:
    """Which words of a run in capitals may be part of a name: a given name or a surname no
    list calls an ordinary word, an initial, or a particle between two of them."""
    parts = []
    for word in (m.group() for m in run):
        kind, flags = classify(word.strip("'\u2019.").title())
        named = kind in (STRONG, UNKNOWN) and bool(flags & (GIVEN | SURNAME)) and len(word) > 2
        parts.append(named or word.endswith("."))
    return parts


def _shouted_names(text: str) -> Iterator[tuple[int, int]]:
    """Names typed in capitals ("LINDA MORRISON", "MRS B. JOSEPH", "DR. PATEL"): a title in
    capitals and what follows it, two names in a row, or a given name after the words that
    introduce a person. Capitals that are a firm's or an acronym stay."""
    words = list(_SHOUTED_WORD.finditer(text))
    index = 0
    while index < len(words):
        run = [words[index]]
        while index + len(run) < len(words) and text[
            run[-1].end() : words[index + len(run)].start()
        ] in (" ", " '", "' "):
            run.append(words[index + len(run)])
        index += len(run)
        found = _shouted_name(text, run, _shouted_parts(run))
        if found:
            yield found


def _shouted_name(text: str, run: list[re.Match[str]], parts: list[bool]) -> tuple[int, int] | None:
    """The first name in one run of words in capitals, if any."""
    for at, word in enumerate(run):
        last_at = at - 1
        while last_at + 1 < len(run) and (
            parts[last_at + 1]
            or (last_at + 1 > at and run[last_at + 1].group() in _SHOUTED_PARTICLES)
        ):
            last_at += 1
        while last_at >= at and run[last_at].group() in _SHOUTED_PARTICLES:
            last_at -= 1  # a name does not end on a particle
        if last_at < at:
            continue
        last = run[last_at]
        titled = _SHOUTED_TITLE.search(text, max(0, word.start() - 6), word.start())
        if titled:
            return titled.start(), last.end()
        two_names = last_at > at and not last.group().endswith(".")
        introduced = bool(
            _SHOUTED_CUE.search(text, max(0, word.start() - 14), word.start())
            or re.match(r"!{2,}|[ ]here\b", text[last.end() : last.end() + 5], re.I)
        )
        given = bool(classify(word.group().strip("'\u2019.").title())[1] & GIVEN)
        if two_names or (given and introduced):
            return word.start(), last.end()
    return None


# A user name made of a person's names: "joao_pinto_lx", "ania.kowalczyk92", "@sean.gallagher.88",
# "t_eriksen_dk". Its parts are joined by dots or underscores; one of them is a name the lists
# know, or the name of the person the question gives.
_HANDLE = re.compile(
    r"(?<![\w@./-])@?(?P<handle>[a-z][a-z0-9]*(?:[._][a-z0-9]+)+)(?![\w@/-]|\.[a-z])"
)
_NOT_A_HANDLE_END = re.compile(
    r"\.(?:com|org|net|co|uk|ie|de|fr|es|it|nl|be|pl|pt|se|eu|io|info|gov|edu|ac|pdf|csv|txt|docx?|"
    r"xlsx?|jpe?g|png|gif|zip|json|xml|html?|py|js|exe|apk)$"
)


def _handles(text: str) -> Iterator[tuple[int, int]]:
    """User names on a platform that spell a person's names."""
    if "." not in text and "_" not in text:
        return
    for match in _HANDLE.finditer(text):
        handle = match.group("handle")
        if _NOT_A_HANDLE_END.search(handle) or re.fullmatch(r"[a-z]\.[a-z](?:\.[a-z])*", handle):
            continue  # "example.com", "report.pdf", "e.g."
        parts = [part for part in re.split(r"[._\d]+", handle) if len(part) >= 3]
        if any(
            (classify(part)[0] in (STRONG, WEAK) and classify(part)[1] & (GIVEN | SURNAME))
            for part in parts
        ):
            yield match.start(), match.end()


# A chat pasted in, each line opening with who wrote it: "jess: hey did u book\ntom: yeah".
_CHAT_LINE = re.compile(r"(?m)^[ \t]*(?P<who>[^\W\d_][\w'\u2019-]{1,20}):[ \t]+\S")
_NOT_SPEAKERS = frozenset({"from", "to", "cc", "bcc", "subject", "date", "sent", "re", "fwd",
                           "name", "email", "e-mail", "phone", "tel", "mobile", "address", "ref",
                           "reference", "note", "notes", "passenger", "flight", "seats", "seat",
                           "contact", "request", "booking", "customer", "account", "dob", "order",
                           "job", "trader", "reviewer", "review", "service", "location", "site",
                           "status", "error", "question", "answer", "agent", "bot", "chatbot",
                           "me", "you", "them", "update", "edit", "ps", "nb", "tl", "dr", "q",
                           "a", "option", "step", "total", "price", "amount", "details", "info",
                           "postcode", "zip", "country", "city", "town", "hotel", "dates",
                           "guests", "room", "user", "admin", "system", "support"})  # fmt: skip


def _chat_speakers(text: str) -> Iterator[tuple[int, int]]:
    """The people speaking in a pasted chat: two or more lines open with one of two or more
    names and a colon, a name no form uses as a label."""
    lines = [m for m in _CHAT_LINE.finditer(text) if m.group("who").lower() not in _NOT_SPEAKERS]
    if len(lines) < 2 or len({m.group("who").lower() for m in lines}) < 2:
        return
    for match in lines:
        if classify(match.group("who"))[0] not in (STOP,):
            yield match.span("who")


def written_names(
    text: str, tokens: list[Token], english: bool | None = None
) -> Iterator[tuple[int, int]]:
    """Every name written outside an ordinary sentence."""
    lowercase = _lowercase_names(text, tokens, english)
    yield from (_with_particles(text, *span) for span in lowercase)
    yield from _shouted_names(text)
    yield from _scripts(text, tokens)
    yield from _signature(text, tokens)
    yield from (m.span(1) for m in _HEADER_NAME.finditer(text))
    for match in _RECORD_NAME.finditer(text):
        surname, given = (w.strip() for w in match.group(1).split(",", 1))
        (last, last_flags), (first, first_flags) = classify(surname), classify(given.split()[0])
        if (
            last not in (STOP, WORD)
            and first not in (STOP, WORD)
            and (last_flags & SURNAME or first_flags & GIVEN)
        ):
            yield match.span(1)
    for match in _NICKNAME.finditer(text):
        yield match.span(1)
        around = [t for t in tokens if t.end == match.start() or t.start == match.end() + 1]
        yield from ((t.start, t.end) for t in around if t.kind not in (STOP, WORD))
    for match in _QUOTED_NICKNAME.finditer(text):
        name = "name" if match.group("name") else "bare"
        if classify(match.group(name))[0] not in (STOP, WORD):
            yield match.span(name)
    closing = _CLOSING_NAME.search(text)
    if closing and all(
        classify(word)[0] in (STRONG, UNKNOWN)
        or (
            classify(word)[0] == WEAK
            and classify(word)[1] & GIVEN
            # "ta, joy" signs a message; "thanks love", "cheers mate" call the reader something
            and (word[0].isupper() or word.lower() not in _ENDEARMENTS)
        )
        for word in closing.group("name").split()
    ):
        yield closing.span("name")
    yield from _kin_names(text, tokens)
    yield from _introductions(text, tokens)
    yield from _chat_speakers(text)
    yield from _handles(text)
    for match in _BRACKETED_NICKNAME.finditer(text):
        before = [t for t in tokens if t.end == match.start()]
        if before and (before[0].kind == STRONG or before[0].flags & GIVEN):
            yield match.span("name")
    dashed = _DASHED_SIGNATURE.search(text)
    if dashed and all(classify(w)[0] not in (STOP, WORD) for w in dashed.group(1).split()):
        yield dashed.span(1)
    yield from (
        (m.start(1), m.end(1))
        for m in _SALUTATION_LINE.finditer(text)
        if classify(m.group(1))[0] not in (STOP, WORD)
    )
