"""Readable differences between two versions of a text, computed from their rendered HTML.

The text is cut into blocks (paragraphs, headings, list items, table rows). Blocks are matched
first as wholes, so that a paragraph that only moved is shown as moved, not as removed and added
again; blocks that changed are compared word by word and shown with <ins> and <del>.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

LEAF_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "hr"}
CONTAINERS = {"ul", "ol", "table", "thead", "tbody", "blockquote", "div"}
INLINE_KEPT = {"a", "strong", "em", "code", "abbr", "br", "del", "ins", "span"}
KEPT_ATTRIBUTES = {"a": ("href", "rel"), "abbr": ("title",)}
SIMILAR_ENOUGH = 0.5
# Tokens of block HTML: a tag, an entity, a word, a run of spaces, or one other character.
TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\w+|\s+|[^\w\s<&]")
Piece = tuple[str, list[str], list[str]]  # (opcode, old tokens, new tokens)


class Change(enum.StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"


@dataclass(frozen=True)
class Block:
    kind: str
    html: str
    text: str


@dataclass(frozen=True)
class DiffBlock:
    kind: str
    change: Change
    html: Markup
    moved: bool = False  # a changed block that also moved


@dataclass(frozen=True)
class Segment:
    """What a page shows in one piece: one block, a run of list items, or a gap of unchanged
    blocks left out."""

    blocks: list[DiffBlock]
    skipped: int = 0

    @property
    def is_list(self) -> bool:
        return bool(self.blocks) and self.blocks[0].kind == "li"


@dataclass(frozen=True)
class Diff:
    blocks: list[DiffBlock]

    def segments(self, only_changes: bool = False) -> list[Segment]:
        result: list[Segment] = []
        for block in self.blocks:
            if only_changes and block.change is Change.SAME:
                skipped = result.pop().skipped if result and result[-1].skipped else 0
                result.append(Segment([], skipped + 1))
            elif block.kind == "li" and result and result[-1].is_list:
                result[-1].blocks.append(block)
            else:
                result.append(Segment([block]))
        return result

    def count(self, change: Change | str) -> int:
        return sum(1 for block in self.blocks if block.change == Change(change))

    @property
    def identical(self) -> bool:
        return all(block.change is Change.SAME for block in self.blocks)


class _BlockReader(HTMLParser):
    """Cuts sanitised HTML into leaf blocks, keeping their inline markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._kind: str | None = None
        self._html: list[str] = []
        self._text: list[str] = []
        self._skip = 0  # inside a heading's permalink, which is not part of the text
        self._cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            self._skip += 1
            return
        if tag == "a" and ("class", "headerlink") in attrs:
            self._skip = 1
            return
        if tag in LEAF_BLOCKS or tag in CONTAINERS:
            if self._kind is not None and (self._text_so_far() or tag not in {"p"}):
                self._close()
            if tag in LEAF_BLOCKS and self._kind is None:
                self._kind = tag
                self._cells = 0
            if tag == "hr":
                self.blocks.append(Block("hr", "", "\N{EM DASH}"))
                self._kind = None
            return
        if tag in {"td", "th"}:
            if self._cells:
                self._html.append(" | ")
                self._text.append(" | ")
            self._cells += 1
            return
        if tag in INLINE_KEPT and self._kind is not None:
            kept = "".join(
                f' {name}="{escape(value or "")}"'
                for name, value in attrs
                if name in KEPT_ATTRIBUTES.get(tag, ())
            )
            self._html.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        if tag in LEAF_BLOCKS or tag in CONTAINERS:
            self._close()
        elif tag in INLINE_KEPT and tag != "br" and self._kind is not None:
            self._html.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._kind is None:
            if not data.strip():
                return
            self._kind = "p"
        self._html.append(escape(data, quote=False))
        self._text.append(data)

    def _text_so_far(self) -> str:
        return "".join(self._text).strip()

    def _close(self) -> None:
        text = " ".join(self._text_so_far().split())
        if self._kind is not None and text:
            html = "".join(self._html).strip()
            if self._kind != "pre":
                html = " ".join(html.split())
            self.blocks.append(Block(self._kind, html, text))
        self._kind = None
        self._html = []
        self._text = []


def _built(html: str) -> Markup:
    # Every piece of this HTML was escaped by this module as it was put together, from text that
    # had already passed the sanitiser: it is safe to show as it is.
    return Markup(html)  # noqa: S704 # nosec B704 # escaped here, from sanitised HTML


def blocks(html: str) -> list[Block]:
    reader = _BlockReader()
    reader.feed(html)
    reader.close()
    reader._close()
    return reader.blocks


def diff(old_html: str, new_html: str) -> Diff:
    """Compare two rendered texts and describe every block of the result, in the new order."""
    old, new = blocks(old_html), blocks(new_html)
    matcher = SequenceMatcher(a=[b.text for b in old], b=[b.text for b in new], autojunk=False)
    opcodes = matcher.get_opcodes()
    removed = [i for tag, i1, i2, _, _ in opcodes if tag != "equal" for i in range(i1, i2)]
    added = [j for tag, _, _, j1, j2 in opcodes if tag != "equal" for j in range(j1, j2)]

    # A block found word for word elsewhere only moved.
    moved: dict[int, int] = {}
    for j in added:
        source = next(
            (i for i in removed if i not in moved.values() and old[i].text == new[j].text), None
        )
        if source is not None:
            moved[j] = source
    # Within one changed stretch, a new block similar to an old one is that block, edited.
    edited: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "replace":
            continue
        waiting = [i for i in range(i1, i2) if i not in moved.values()]
        for j in range(j1, j2):
            best = None if j in moved else _most_similar(old, new[j], waiting)
            if best is not None:
                edited[j] = best
                waiting = waiting[waiting.index(best) + 1 :]
    # What is left may have moved and been edited too.
    unmatched = [i for i in removed if i not in moved.values() and i not in edited.values()]
    moved_and_edited: dict[int, int] = {}
    for j in added:
        if j not in moved and j not in edited:
            best = _most_similar(old, new[j], unmatched)
            if best is not None:
                moved_and_edited[j] = best
                unmatched.remove(best)
    shown_elsewhere = set(moved.values()) | set(moved_and_edited.values())

    result: list[DiffBlock] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            result.extend(DiffBlock(b.kind, Change.SAME, _built(b.html)) for b in new[j1:j2])
            continue
        waiting = [i for i in range(i1, i2) if i not in shown_elsewhere]
        for j in range(j1, j2):
            block = new[j]
            if j in moved:
                result.append(DiffBlock(block.kind, Change.MOVED, _built(block.html)))
            elif j in moved_and_edited:
                source = old[moved_and_edited[j]]
                result.append(
                    DiffBlock(
                        block.kind, Change.CHANGED, words(source.html, block.html), moved=True
                    )
                )
            elif j in edited:
                # Old blocks before the edited one had no partner: they were removed here.
                position = waiting.index(edited[j])
                result.extend(_removed(old[i]) for i in waiting[:position])
                waiting = waiting[position + 1 :]
                result.append(
                    DiffBlock(block.kind, Change.CHANGED, words(old[edited[j]].html, block.html))
                )
            else:
                result.append(DiffBlock(block.kind, Change.ADDED, _built(block.html)))
        result.extend(_removed(old[i]) for i in waiting)
    return Diff(result)


def _removed(block: Block) -> DiffBlock:
    return DiffBlock(block.kind, Change.REMOVED, _built(block.html))


def _most_similar(old: list[Block], block: Block, candidates: list[int]) -> int | None:
    best, best_ratio = None, SIMILAR_ENOUGH
    for i in candidates:
        ratio = SequenceMatcher(a=old[i].text, b=block.text, autojunk=False).ratio()
        if ratio >= best_ratio:
            best, best_ratio = i, ratio
    return best


def words(old_html: str, new_html: str) -> Markup:
    """Mark the words of a block that differ from its old version with <ins> and <del>.

    Both sides are block HTML built by this module. The new side's inline markup (links, bold)
    is kept whole; removed words are shown as plain struck-through text.
    """
    a, b = TOKEN.findall(old_html), TOKEN.findall(new_html)
    pieces: list[Piece] = [
        (tag, a[i1:i2], b[j1:j2])
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    ]
    out: list[str] = []
    for tag, before, after in _slide_to_word_start(_absorb_gaps(pieces)):
        if tag == "equal":
            out.extend(after)
            continue
        removed = "".join(token for token in before if not _is_tag(token))
        if removed.strip():
            out.append(f"<del>{removed}</del>")
        out.append(_mark_inserted(after))
    return _built("".join(out))


def _is_tag(token: str) -> bool:
    return token.startswith("<")


def _mark_inserted(tokens: list[str]) -> str:
    """Wrap runs of inserted words in <ins>, leaving tags outside so nesting stays valid."""
    out: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        text = "".join(run)
        out.append(f"<ins>{text}</ins>" if text.strip() else text)
        run.clear()

    for token in tokens:
        if _is_tag(token):
            close_run()
            out.append(token)
        else:
            run.append(token)
    close_run()
    return "".join(out)


def _absorb_gaps(pieces: list[Piece]) -> list[Piece]:
    """Fold a lone space between two changes into them, so a changed phrase reads as one."""
    merged: list[Piece] = []
    for index, piece in enumerate(pieces):
        tag, before, after = piece
        gap = tag == "equal" and not "".join(after).strip() and 0 < index < len(pieces) - 1
        joins = gap and pieces[index + 1][0] != "equal"
        if (joins or tag != "equal") and merged and merged[-1][0] != "equal":
            previous = merged.pop()
            merged.append(("replace", previous[1] + before, previous[2] + after))
            continue
        merged.append(piece)
    return merged


def _slide_to_word_start(pieces: list[Piece]) -> list[Piece]:
    """Shift a pure insertion or deletion that starts with a space to start with its word:
    "makes<ins> friendly</ins> software" reads better as "makes <ins>friendly </ins>software"."""
    pieces = list(pieces)
    for index in range(1, len(pieces) - 1):
        tag, before, after = pieces[index]
        changed = after if not before else before if not after else []
        previous, following = pieces[index - 1], pieces[index + 1]
        if tag == "equal" or not changed or previous[0] != "equal" or following[0] != "equal":
            continue
        space = changed[0]
        if space.isspace() and following[2][:1] == [space]:
            shifted = [*changed[1:], space]
            pieces[index - 1] = ("equal", [*previous[1], space], [*previous[2], space])
            pieces[index] = (tag, shifted if before else [], shifted if after else [])
            pieces[index + 1] = ("equal", following[1][1:], following[2][1:])
    return pieces


def spoken(html: Markup, added: str, removed: str) -> Markup:
    """Put a word before each marked change that screen readers say and eyes do not see: most
    screen readers read <ins> and <del> as plain text."""
    hidden = '<span class="visually-hidden">{} </span>'
    return _built(
        str(html)
        .replace("<ins>", "<ins>" + hidden.format(escape(added)))
        .replace("<del>", "<del>" + hidden.format(escape(removed)))
    )
