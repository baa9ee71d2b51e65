"""A list of words as one regex that matches, at a position, the longest of them there.

``a|ab|abc`` sorted longest first makes the engine try every word at every position; the
same words as a trie (``a(?:b(?:c)?)?``) try one branch per character read, and greedy
optional tails still end on the longest word that matches — the same match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # marks a node where a word ends


def longest_word_pattern(words: Iterable[str]) -> str:
    """A pattern matching exactly where ``"|".join(longest first)`` would, with the same end."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        if not word:
            raise ValueError("an empty word matches everywhere")
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _branch(trie)


def _branch(node: dict) -> str:  # type: ignore[type-arg]
    tails = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char != _END]
    if not tails:
        return ""
    body = tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"
    return f"(?:{body})?" if _END in node else body
