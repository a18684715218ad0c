"""Writes a content tree with many FAQ entries, for the benchmark: the same seed, the same tree.

    python -m bench.seed DIR [--entries 10000] [--seed 2026]

DIR gets faq/categories.yml, faq/<slug>/<date>.md for every entry (some with several versions)
and the site's own statement versions, copied from content/statement. Every entry and version
is dated in the past, so that the whole FAQ is in force.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from faq_site.config import PROJECT_ROOT

from . import vocabulary as words

FIRST_DATE = dt.date(2018, 5, 25)
LAST_DATE = dt.date(2025, 12, 31)
# At most this many entries carry the rare term; searches for it find a handful.
RARE_ENTRIES = 5
# About this share of entries carry the common term; searches for it find thousands.
COMMON_SHARE = 0.3


@dataclass
class Manifest:
    """What was written, and what the benchmark needs to know about it."""

    root: Path
    entries: int = 0
    versions: int = 0
    common_hits: int = 0
    rare_hits: int = 0
    sample_slug: str = ""
    slugs: list[str] = field(default_factory=list)

    @property
    def common_term(self) -> str:
        return words.COMMON_TERM

    @property
    def rare_term(self) -> str:
        return words.RARE_TERM


class Writer:
    """Composes entries from the vocabulary with one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, pool: list[str]) -> str:
        return self.random.choice(pool)

    def fill(self, template: str) -> str:
        slots = {
            "action": words.ACTIONS,
            "thing": words.THINGS,
            "context": words.CONTEXTS,
            "event": words.EVENTS,
            "rule": words.RULES,
        }
        return re.sub(r"\{(\w+)\}", lambda m: self.pick(slots[m[1]]), template)

    def paragraph(self, extra: str | None = None) -> str:
        sentences = [
            self.fill(self.pick(words.SENTENCES)) for _ in range(self.random.randint(2, 4))
        ]
        if extra:
            sentences.insert(self.random.randint(0, len(sentences)), self.fill(extra))
        return " ".join(sentences)

    def listing(self) -> str:
        items = self.random.sample(words.LIST_ITEMS, self.random.randint(3, 5))
        return "Keep a record of:\n\n" + "\n".join(f"- {self.fill(item)}" for item in items)

    def table(self) -> str:
        rows = [
            f"| {self.pick(words.THINGS).capitalize()} | {self.pick(words.TABLE_PERIODS)} "
            f"| {self.pick(words.TABLE_ENDINGS)} |"
            for _ in range(self.random.randint(2, 4))
        ]
        return "\n".join([words.TABLE_HEADER, *rows])

    def section(self, links: list[str], extra: str | None = None) -> str:
        parts = [f"## {self.pick(words.HEADINGS)}", self.paragraph(extra)]
        shape = self.random.random()
        if shape < 0.25:
            parts.append(self.listing())
        elif shape < 0.35:
            parts.append(self.table())
        if links and self.random.random() < 0.4:
            target = self.pick(links)
            parts.append(f"See also [a related answer]({target}).")
        return "\n\n".join(parts)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.random.randint(0, (end - start).days))


def slugify(title: str, number: int) -> str:
    words_only = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return f"{words_only[:70].rstrip('-')}-{number}"


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def write_entry(writer: Writer, folder: Path, meta: dict, sections: list[str]) -> list[str]:
    """Write an entry's versions, each adding to or rewording the one before; returns bodies."""
    count = writer.random.choices([1, 2, 3], weights=[6, 3, 1])[0]
    date = writer.date_between(FIRST_DATE, LAST_DATE - dt.timedelta(days=400))
    bodies = []
    for number in range(count):
        if number == 0:
            summary = writer.fill(writer.pick(words.FIRST_SUMMARIES))
            extra: dict = {}
        elif writer.random.random() < 0.3:
            last = sections[-1]
            sections[-1] = last.replace(", ", "; ", 1) if ", " in last else last + " That is all."
            summary, extra = writer.pick(words.EDITORIAL_SUMMARIES), {"change": "editorial"}
        else:
            sections.append(writer.section([]))
            summary, extra = writer.fill(writer.pick(words.EDIT_SUMMARIES)), {}
        body = "\n\n".join(sections) + "\n"
        text = front_matter({**meta, "summary": summary, **extra}) + body
        (folder / f"{date.isoformat()}.md").write_text(text, encoding="utf-8")
        bodies.append(body)
        date = writer.date_between(date + dt.timedelta(days=30), date + dt.timedelta(days=400))
    return bodies


def write_categories(faq: Path) -> None:
    categories = [
        {"slug": slug, "title": title, "description": description}
        for slug, title, description in words.CATEGORIES
    ]
    (faq / "categories.yml").write_text(yaml.safe_dump(categories, sort_keys=False), "utf-8")


def copy_statement(root: Path) -> None:
    target = root / "statement"
    target.mkdir(parents=True)
    for version in sorted((PROJECT_ROOT / "content" / "statement").glob("*.md")):
        shutil.copy(version, target / version.name)


def mentions(term: str, text: str) -> bool:
    return re.search(rf"\b{term}s?\b", text, re.IGNORECASE) is not None


def seed(root: Path, entries: int = 10_000, seed_value: int = 2026) -> Manifest:
    """Write the content tree into root, which must not exist or be empty."""
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty: give a new folder for the seeded content.")
    writer = Writer(seed_value)
    faq = root / "faq"
    faq.mkdir(parents=True)
    copy_statement(root)
    write_categories(faq)
    rare = set(writer.random.sample(range(entries), min(RARE_ENTRIES, entries)))
    positions: dict[str, int] = {}
    manifest = Manifest(root)
    for number in range(entries):
        title = writer.fill(writer.pick(words.TITLES))
        slug = slugify(title, number + 1)
        category = writer.pick(words.CATEGORIES)[0]
        positions[category] = positions.get(category, 0) + 10
        meta = {"title": title, "category": category, "order": positions[category]}
        links = ["/gdpr", "/requests/new", *(f"/faq/{s}" for s in manifest.slugs[-50:])]
        extras = [writer.pick(words.RARE_SENTENCES)] if number in rare else []
        if writer.random.random() < COMMON_SHARE:
            extras.append(writer.pick(words.COMMON_SENTENCES))
        count = writer.random.randint(2, 5)
        sections = [
            writer.section(links, extras[i] if i < len(extras) else None) for i in range(count)
        ]
        folder = faq / slug
        folder.mkdir()
        bodies = write_entry(writer, folder, meta, sections)
        manifest.entries += 1
        manifest.versions += len(bodies)
        manifest.slugs.append(slug)
        text = title + "\n" + bodies[-1]
        manifest.common_hits += mentions(words.COMMON_TERM, text)
        manifest.rare_hits += mentions(words.RARE_TERM, text)
        if not manifest.sample_slug and number >= entries // 2 and len(bodies) > 1:
            manifest.sample_slug = slug
    manifest.sample_slug = manifest.sample_slug or manifest.slugs[-1]
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a new or empty folder for the content tree")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    manifest = seed(arguments.folder, arguments.entries, arguments.seed)
    print(
        f"Wrote {manifest.entries} entries ({manifest.versions} versions) to {manifest.root}: "
        f"{manifest.common_term!r} in {manifest.common_hits}, "
        f"{manifest.rare_term!r} in {manifest.rare_hits}; sample entry {manifest.sample_slug}."
    )


if __name__ == "__main__":
    main()
