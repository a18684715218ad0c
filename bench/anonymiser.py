"""The anonymiser's cost: time to anonymise a 2,000-character question, and the memory its word
lists add to a worker. Run by `make bench` after the page benchmark, or alone:

    python -m bench.anonymiser

Each figure is measured in a fresh Python process, so that the memory growth is the anonymiser's
alone: the process imports the site's package, reads its resident set size (RSS), loads the word
lists, and reads it again. The questions are made of the development set's questions joined
until they are 2,000 characters long, so they hold names, numbers and addresses as real ones do.
Targets (issue 10): p99 at most 20 ms, growth at most 15 MB. Writes bench/ANONYMISER.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = int(os.environ.get("BENCH_ANONYMISER_QUESTIONS", "500"))
TARGET_P99_MS, TARGET_GROWTH_MB = 20.0, 15.0

_PROBE = r"""
import json, random, sys, time


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


import faq_site.anonymise as anonymise
from faq_site.anonymise_measure import DEFAULT_PATH, load
from faq_site.anonymise_lexicon import lexicon

texts = [question.text for question in load(DEFAULT_PATH)]
before = rss_mb()
started = time.perf_counter()
lexicon()
load_ms = (time.perf_counter() - started) * 1000
after = rss_mb()
generator = random.Random(2026)
questions = []
for _ in range(int(sys.argv[1])):
    text = ""
    while len(text) < 2000:
        text += generator.choice(texts) + " "
    questions.append(text[:2000])
anonymise.anonymise(questions[0])
times = []
for text in questions:
    started = time.perf_counter()
    anonymise.anonymise(text)
    times.append((time.perf_counter() - started) * 1000)
times.sort()
print(json.dumps({
    "questions": len(times), "p50": times[len(times) // 2],
    "p99": times[min(len(times) - 1, int(len(times) * 0.99))], "max": times[-1],
    "growth_mb": after - before, "after_mb": rss_mb(), "load_ms": load_ms,
}))
"""


def measure(questions: int = QUESTIONS) -> dict[str, float]:
    """The figures from one fresh process."""
    output = subprocess.run(
        [sys.executable, "-c", _PROBE, str(questions)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output)


def markdown(figures: dict[str, float]) -> str:
    p99_ok = "met" if figures["p99"] <= TARGET_P99_MS else "MISSED"
    growth_ok = "met" if figures["growth_mb"] <= TARGET_GROWTH_MB else "MISSED"
    return "\n".join(
        [
            "# The anonymiser's cost",
            "",
            f"{figures['questions']} questions of 2,000 characters, one process, after one "
            "warm-up call (`python -m bench.anonymiser`).",
            "",
            "| measure | value | target |",
            "| --- | --- | --- |",
            f"| p50 | {figures['p50']:.1f} ms | |",
            f"| p99 | {figures['p99']:.1f} ms | at most {TARGET_P99_MS:.0f} ms: {p99_ok} |",
            f"| slowest | {figures['max']:.1f} ms | |",
            f"| RSS growth for the word lists | {figures['growth_mb']:.1f} MB | at most "
            f"{TARGET_GROWTH_MB:.0f} MB: {growth_ok} |",
            f"| loading the word lists | {figures['load_ms']:.0f} ms, once per process | |",
            "",
        ]
    )


def main() -> None:
    figures = measure()
    text = markdown(figures)
    (ROOT / "bench" / "ANONYMISER.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
