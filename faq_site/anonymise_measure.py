"""Measure how well `faq_site.anonymise` finds personal data, against hand-labelled questions.

The labelled file has one question per line, with each piece of personal data marked inline as
{kind|value}; the two characters \\n stand for a line break, and blank lines and lines starting
with # are ignored. Run `python -m faq_site.anonymise_measure [path] [--details]` for a table of
precision and recall per kind; --details also lists what was missed and what was found wrongly.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from faq_site.anonymise import KINDS, find

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "tests/data/anonymise/questions.txt"
HELDOUT_PATH = DEFAULT_PATH.parent / "heldout.txt"
_MARK = re.compile(r"\{([a-z ]+)\|([^{}]*)\}")


@dataclass(frozen=True)
class Span:
    """A labelled or predicted piece of personal data in one question."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Question:
    """One labelled question: its plain text and the personal data marked in it."""

    line: int
    text: str
    gold: tuple[Span, ...]


@dataclass
class KindScore:
    """Counts for one kind of data (or for all of them together)."""

    kind: str
    gold: int = 0
    found: int = 0
    true_positives: int = 0

    @property
    def precision(self) -> float:
        """Share of what was found that was labelled; 1.0 when nothing was found."""
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Share of what was labelled that was found; 1.0 when nothing was labelled."""
        return self.true_positives / self.gold if self.gold else 1.0


@dataclass(frozen=True)
class Mistake:
    """A labelled span that was missed, or a found span that was not labelled."""

    line: int
    kind: str
    text: str
    question: str


@dataclass
class Report:
    """The result of measuring: scores per kind, and the mistakes behind them.

    Beside the per-kind scores, three figures say what a reader of the public text would see:
    value recall (a labelled value counts as hidden when redactions of any kind cover at least
    80% of its letters and digits), the leak rate (questions holding personal data in which some
    value is left wholly visible) and the share of clean questions that were altered at all.
    Possible pieces ("check" marks) are not redactions and count for none of them; `checked`
    says how many values only a check mark covered.
    """

    questions: int
    scores: dict[str, KindScore]
    missed: list[Mistake] = field(default_factory=list)
    spurious: list[Mistake] = field(default_factory=list)
    values: int = 0
    hidden: int = 0
    checked: int = 0
    names: int = 0
    names_hidden: int = 0
    with_data: int = 0
    leaking: int = 0
    clean: int = 0
    clean_altered: int = 0
    check_marks: int = 0

    @property
    def value_recall(self) -> float:
        return self.hidden / self.values if self.values else 1.0

    @property
    def name_recall(self) -> float:
        return self.names_hidden / self.names if self.names else 1.0

    @property
    def leak_rate(self) -> float:
        return self.leaking / self.with_data if self.with_data else 0.0

    @property
    def clean_altered_rate(self) -> float:
        return self.clean_altered / self.clean if self.clean else 0.0

    @property
    def overall(self) -> KindScore:
        """Micro-averaged counts over every kind."""
        total = KindScore("overall")
        for score in self.scores.values():
            total.gold += score.gold
            total.found += score.found
            total.true_positives += score.true_positives
        return total


def parse_line(line: str) -> tuple[str, list[Span]]:
    """A labelled line's plain text, and the spans marked in it with offsets into that text."""
    line = line.replace("\\n", "\n")
    pieces: list[str] = []
    gold: list[Span] = []
    at = length = 0
    for mark in _MARK.finditer(line):
        kind, value = mark.groups()
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {line!r}")
        pieces.append(line[at : mark.start()])
        length += mark.start() - at
        gold.append(Span(kind, length, length + len(value), value))
        pieces.append(value)
        length += len(value)
        at = mark.end()
    pieces.append(line[at:])
    return "".join(pieces), gold


def load(path: Path | str) -> list[Question]:
    """Every labelled question in a file."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, gold = parse_line(line)
        questions.append(Question(number, text, tuple(gold)))
    return questions


def match(gold: list[Span] | tuple[Span, ...], predicted: list[Span]) -> dict[int, int]:
    """Pair labelled spans with predictions: same kind, overlapping by half the label or more.

    Returns {index in gold: index in predicted}; each side is used at most once.
    """
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for g, label in enumerate(gold):
        for p, guess in enumerate(predicted):
            if p in used or guess.kind != label.kind:
                continue
            overlap = min(label.end, guess.end) - max(label.start, guess.start)
            if overlap > 0 and 2 * overlap >= label.end - label.start:
                pairs[g] = p
                used.add(p)
                break
    return pairs


def _covered(text: str, label: Span, spans: list[Span]) -> float:
    """The share of a label's letters and digits that the spans cover."""
    positions = [i for i in range(label.start, label.end) if text[i].isalnum()]
    if not positions:
        return 1.0
    inside = sum(1 for i in positions if any(s.start <= i < s.end for s in spans))
    return inside / len(positions)


HIDDEN = 0.8  # the share of a value's letters and digits that must be covered to hide it


def measure(path: Path | str = DEFAULT_PATH) -> Report:
    """Run the anonymiser over a labelled file and score it kind by kind."""
    questions = load(path)
    report = Report(len(questions), {kind: KindScore(kind) for kind in KINDS})
    for question in questions:
        found = find(question.text)
        predicted = [Span(r.kind, r.start, r.end, r.text) for r in found if r.certain]
        checks = [Span(r.kind, r.start, r.end, r.text) for r in found if not r.certain]
        report.check_marks += len(checks)
        if question.gold:
            report.with_data += 1
            leaked = False
            for label in question.gold:
                share = _covered(question.text, label, predicted)
                report.values += 1
                report.hidden += share >= HIDDEN
                if label.kind == "name":
                    report.names += 1
                    report.names_hidden += share >= HIDDEN
                if share == 0:
                    leaked = True
                    report.checked += _covered(question.text, label, checks) >= HIDDEN
            report.leaking += leaked
        else:
            report.clean += 1
            report.clean_altered += bool(predicted)
        pairs = match(question.gold, predicted)
        for g, label in enumerate(question.gold):
            report.scores[label.kind].gold += 1
            if g in pairs:
                report.scores[label.kind].true_positives += 1
            else:
                report.missed.append(Mistake(question.line, label.kind, label.text, question.text))
        matched = set(pairs.values())
        for p, guess in enumerate(predicted):
            report.scores[guess.kind].found += 1
            if p not in matched:
                report.spurious.append(
                    Mistake(question.line, guess.kind, guess.text, question.text)
                )
    return report


def format_report(report: Report) -> str:
    """A readable table of the scores, one row per kind and a last row for all of them."""
    header = f"{'kind':<15}{'gold':>6}{'found':>7}{'tp':>6}{'precision':>11}{'recall':>8}"
    rows = [
        f"{report.questions} questions: {report.with_data} with personal data, "
        f"{report.clean} without",
        f"value recall {report.value_recall:.3f} ({report.hidden}/{report.values}), names "
        f"{report.name_recall:.3f} ({report.names_hidden}/{report.names})",
        f"leak rate {report.leak_rate:.3f} ({report.leaking}/{report.with_data} questions with a "
        f"value left wholly visible; {report.checked} such values carry a check mark)",
        f"clean questions altered {report.clean_altered_rate:.3f} "
        f"({report.clean_altered}/{report.clean}); check marks {report.check_marks}",
        "",
        header,
        "-" * len(header),
    ]
    for score in [*report.scores.values(), None, report.overall]:
        if score is None:
            rows.append("-" * len(header))
            continue
        rows.append(
            f"{score.kind:<15}{score.gold:>6}{score.found:>7}{score.true_positives:>6}"
            f"{score.precision:>11.3f}{score.recall:>8.3f}"
        )
    return "\n".join(rows)


def format_details(report: Report) -> str:
    """Every missed and every spurious span, with the line of the labelled file it came from."""
    rows = []
    for title, mistakes in (("Missed", report.missed), ("Spurious", report.spurious)):
        rows.append(f"{title} ({len(mistakes)}):")
        for mistake in mistakes:
            context = mistake.question.replace("\n", "\\n")
            rows.append(f"  line {mistake.line:>4}  {mistake.kind:<14} {mistake.text!r}")
            rows.append(f"             {context}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the table for a labelled file, and with --details the mistakes too."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", nargs="?", help="labelled questions [both the development and held-out sets]"
    )
    parser.add_argument(
        "--details", action="store_true", help="list missed and spurious spans (not held-out)"
    )
    arguments = parser.parse_args(argv)
    if arguments.path is None:
        # Both sets, the held-out one without its mistakes: it is measured, never studied.
        sets = [("Development set", DEFAULT_PATH, arguments.details)]
        if HELDOUT_PATH.exists():
            sets.append(("Held-out set", HELDOUT_PATH, False))
    else:
        sets = [("", Path(arguments.path), arguments.details)]
    for number, (title, path, details) in enumerate(sets):
        report = measure(path)
        if number:
            print()
        if title:
            print(f"{title} ({path.name})")
        print(format_report(report))
        if details:
            print()
            print(format_details(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
