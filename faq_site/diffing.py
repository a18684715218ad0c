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
WORD = re.compile(r"\w+|\s+|[^\w\s]")


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

    def count(self, change: Change) -> int:
        return sum(1 for block in self.blocks if block.change is change)

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
            self.blocks.append(Block(self._kind, "".join(self._html).strip(), text))
        self._kind = None
        self._html = []
        self._text = []


def _built(html: str) -> Markup:
    # Every piece of this HTML was escaped by this module as it was put together, from text that
    # had already passed the sanitiser: it is safe to show as it is.
    return Markup(html)  # noqa: S704


def blocks(html: str) -> list[Block]:
    reader = _BlockReader()
    reader.feed(html)
    reader.close()
    reader._close()
    return reader.blocks


def diff(old_html: str, new_html: str) -> Diff:
    """Compare two rendered texts and describe every block of the result."""
    old, new = blocks(old_html), blocks(new_html)
    matcher = SequenceMatcher(a=[b.text for b in old], b=[b.text for b in new], autojunk=False)
    opcodes = matcher.get_opcodes()
    removed = {
        i for tag, i1, i2, _, _ in opcodes if tag in {"delete", "replace"} for i in range(i1, i2)
    }
    added = {
        j for tag, _, _, j1, j2 in opcodes if tag in {"insert", "replace"} for j in range(j1, j2)
    }
    moved_from: dict[int, int] = {}
    for j in sorted(added):
        source = next((i for i in sorted(removed) if old[i].text == new[j].text), None)
        if source is not None:
            moved_from[j] = source
            removed.discard(source)
    result: list[DiffBlock] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            result.extend(DiffBlock(b.kind, Change.SAME, _built(b.html)) for b in new[j1:j2])
            continue
        olds = [i for i in range(i1, i2) if i in removed]
        news = list(range(j1, j2))
        result.extend(_pair(old, new, olds, news, moved_from))
    return Diff(result)


def _pair(
    old: list[Block], new: list[Block], olds: list[int], news: list[int], moved_from: dict[int, int]
) -> list[DiffBlock]:
    """Within one changed stretch, match each new block to a similar old one, in order."""
    result: list[DiffBlock] = []
    waiting = list(olds)
    for j in news:
        if j in moved_from:
            result.append(DiffBlock(new[j].kind, Change.MOVED, _built(new[j].html)))
            continue
        best, best_ratio = None, SIMILAR_ENOUGH
        for i in waiting:
            ratio = SequenceMatcher(a=old[i].text, b=new[j].text, autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = i, ratio
        if best is None:
            result.append(DiffBlock(new[j].kind, Change.ADDED, _built(new[j].html)))
            continue
        # Old blocks before the match had no partner: they were removed here.
        for i in waiting[: waiting.index(best)]:
            result.append(DiffBlock(old[i].kind, Change.REMOVED, _built(old[i].html)))
        waiting = waiting[waiting.index(best) + 1 :]
        result.append(DiffBlock(new[j].kind, Change.CHANGED, words(old[best].text, new[j].text)))
    result.extend(DiffBlock(old[i].kind, Change.REMOVED, _built(old[i].html)) for i in waiting)
    return result


def words(old: str, new: str) -> Markup:
    """Mark the words of new that differ from old with <ins> and <del>."""
    a, b = WORD.findall(old), WORD.findall(new)
    pieces: list[tuple[str, str, str]] = []  # (kind, old text, new text)
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        pieces.append((tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    pieces = _absorb_gaps(pieces)
    out: list[str] = []
    for tag, before, after in pieces:
        if tag == "equal":
            out.append(escape(after, quote=False))
            continue
        if before:
            out.append(f"<del>{escape(before, quote=False)}</del>")
        if after:
            out.append(f"<ins>{escape(after, quote=False)}</ins>")
    return _built("".join(out))


def _absorb_gaps(pieces: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Fold a lone space between two changes into them, so a changed phrase reads as one."""
    merged: list[tuple[str, str, str]] = []
    for index, piece in enumerate(pieces):
        tag, before, after = piece
        gap = tag == "equal" and not after.strip() and 0 < index < len(pieces) - 1
        if gap and merged and merged[-1][0] != "equal" and pieces[index + 1][0] != "equal":
            previous = merged.pop()
            merged.append(("replace", previous[1] + before, previous[2] + after))
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            previous = merged.pop()
            merged.append(("replace", previous[1] + before, previous[2] + after))
            continue
        merged.append(piece)
    return merged
