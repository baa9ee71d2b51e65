"""A trie of words matches where the longest-first alternation of the same words matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.word_trie import longest_word_pattern

WORDS = st.lists(st.text(alphabet="单位企业部门局省市a.(", min_size=1, max_size=5), min_size=1, max_size=12)


@given(WORDS, st.text(alphabet="单位企业部门局省市a.(x", max_size=30))
def test_same_matches_as_the_alternation(words: list[str], text: str) -> None:
    alternation = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    trie = re.compile(longest_word_pattern(words))
    for i in range(len(text) + 1):
        a, b = alternation.match(text, i), trie.match(text, i)
        assert (a and a.end()) == (b and b.end()), (words, text, i)


def test_the_subject_heads_still_end_on_the_longest_name() -> None:
    pattern = re.compile(longest_word_pattern(["企业", "电信企业", "基础电信企业", "单位"]))
    match = pattern.match("基础电信企业要")
    assert match is not None and match.group() == "基础电信企业"
