"""jieba against rjieba (jieba-rs) behind the search index's interface, side by side (not a test).

    python benchmarks/bench_segmenters.py [--rounds N]

Both get the search index's user words (pipeline/store/search.py: regulatory terms, actor
aliases, directive cues, each at the same high frequency) and cut, with the HMM for unknown
words as jieba.cut does by default, (1) every corpus and test notice, line by line, and (2)
every obligation text the extractor finds in them — what the index actually holds. Printed:
how many texts get different words, a few of them, and the throughput of each. The index may
switch only if no text differs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_line  # noqa: E402
from pipeline.api import extract_file  # noqa: E402
from pipeline.store import search  # noqa: E402

FOLDERS = ("corpus", "tests/data/eval/dev/docs", "tests/data/eval/heldout/docs", "tests/data/notices")


def rjieba_cutter() -> Callable[[str], list[str]]:
    import rjieba

    jieba = search._segmenter()  # the index's vocabulary, as jieba has it
    cutter = rjieba.Jieba()
    for word, freq in _user_words(jieba):
        cutter.add_word(word, freq, None)
    return lambda text: cutter.cut(text, True)


def _user_words(jieba: object) -> list[tuple[str, int]]:
    from pipeline.domains.telecom.actors import ACTOR_ALIASES
    from pipeline.domains.telecom.terms import REGULATORY_TERMS
    from pipeline.lang.zh.modality import CUES

    words = set(REGULATORY_TERMS)
    for aliases in ACTOR_ALIASES.values():
        words.update(alias for alias in aliases if len(alias) <= 8)
    words.update(cue for cue in CUES if len(cue) > 1)
    return [(word, search._HIGH_FREQ) for word in sorted(words)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.txt"))
    lines = [line for p in files for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    duties = [o.text for p in files for o in extract_file(p).obligations]
    jieba = search._segmenter()
    cutters: dict[str, Callable[[str], list[str]]] = {"jieba": lambda t: list(jieba.cut(t)), "rjieba": rjieba_cutter()}
    print(machine_line())
    for name, texts in (("notice lines", lines), ("obligation texts", duties)):
        differ = [t for t in texts if cutters["jieba"](t) != cutters["rjieba"](t)]
        print(f"{name}: {len(texts)} texts, {sum(map(len, texts)):,} chars; different words in {len(differ)}")
        for text in differ[:5]:
            a, b = cutters["jieba"](text), cutters["rjieba"](text)
            only_a = [w for w in a if w not in b][:6]
            only_b = [w for w in b if w not in a][:6]
            print(f"  {text[:40]}…  jieba only {only_a}  rjieba only {only_b}")
    chars = sum(map(len, lines)) * args.rounds
    for name, cut in cutters.items():
        start = time.process_time()
        for _ in range(args.rounds):
            for line in lines:
                cut(line)
        print(f"{name:7} {chars / (time.process_time() - start):12,.0f} chars/s (cpu)")


if __name__ == "__main__":
    main()
