"""Resolve a citation to a known document: exact 文号 first, else a fuzzy title match.

The index answers in time independent of its size: 文号 and exact titles are dict lookups,
fuzzy titles are scored only against documents sharing rare character bigrams with the cited
title (an inverted index), never against every document.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.identity import doc_number_key, squash

TITLE_MATCH_THRESHOLD = 0.8
MAX_CANDIDATES = 50
_DRAFT = re.compile(r"[（(](?:征求意见稿|送审稿|草案|讨论稿)[）)]$")
_QUOTES = str.maketrans("", "", '《》<>〈〉“”"')


def title_key(title: str) -> str:
    """A title's identity: white space, 书名号 and a trailing （征求意见稿） removed."""
    return _DRAFT.sub("", squash(title).translate(_QUOTES))


def is_draft(title: str) -> bool:
    return bool(_DRAFT.search(squash(title)))


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams (titles differ by an added year, a 关于 …)."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@dataclass(frozen=True)
class Resolution:
    target: str | None  # document key, None for a placeholder
    score: float
    method: str  # doc_number | title | fuzzy_title | unresolved


@dataclass
class CitationIndex:
    by_number: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # key → title key
    postings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, key: str, *, doc_number: str | None, titles: list[str]) -> None:
        if doc_number:
            self.by_number[doc_number_key(doc_number)] = key
        for title in titles:
            tkey = title_key(title)
            if not tkey:
                continue
            self.by_title.setdefault(tkey, key)
            self.titles.setdefault(key, tkey)
            for gram in bigrams(tkey):
                self.postings[gram].add(key)

    def resolve(self, *, title: str | None, doc_number: str | None, exclude: str | None = None) -> Resolution:
        if doc_number:
            found = self.by_number.get(doc_number_key(doc_number))
            if found and found != exclude:
                return Resolution(found, 1.0, "doc_number")
        if not title:
            return Resolution(None, 0.0, "unresolved")
        tkey = title_key(title)
        found = self.by_title.get(tkey)
        if found and found != exclude:
            return Resolution(found, 1.0, "title")
        return self._fuzzy(tkey, exclude)

    def _fuzzy(self, tkey: str, exclude: str | None) -> Resolution:
        grams = bigrams(tkey)
        # rare bigrams first: common ones (通知, 关于) would pull in the whole index
        ranked = sorted(grams, key=lambda g: len(self.postings.get(g, ())))
        votes: Counter[str] = Counter()
        for gram in ranked[: max(4, len(ranked) // 2)]:
            posting = self.postings.get(gram, set())
            if len(posting) > 5000:
                continue
            votes.update(posting)
        best, best_score = None, 0.0
        for key, _ in votes.most_common(MAX_CANDIDATES):
            if key == exclude:
                continue
            score = similarity(tkey, self.titles[key])
            if score > best_score:
                best, best_score = key, score
        if best is not None and best_score >= TITLE_MATCH_THRESHOLD:
            return Resolution(best, round(best_score, 3), "fuzzy_title")
        return Resolution(None, round(best_score, 3), "unresolved")
