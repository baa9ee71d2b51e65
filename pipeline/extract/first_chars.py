"""Grammars that skip, in one character test, the positions no match can start at.

Python's regex engine tries a pattern at every position of a text; when the pattern opens with
optional words and many alternatives (于|到|截至… then a date's four shapes), each position
costs every alternative. ``(?=[first characters])`` in front fails at once where none of the
characters a match can open with stands, and changes no match: the class holds every
character the pattern can start with, read from the parsed pattern. Patterns the reading
does not understand (., a negated class, a back-reference) or that can match the empty
string get no test.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_c: Any = None
_p: Any = None
try:  # the parser behind re (Python 3.11+); without it patterns are compiled as written
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    pass

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


def first_chars(pattern: str) -> str | None:
    """A character class holding every character a match of ``pattern`` can start with, or
    None when it cannot be read or the pattern can match the empty string."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern)
    except (re.error, TypeError, ValueError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE | re.ASCII):
        return None  # (?i) and the like change what a character class matches
    found = _first(parsed.data)
    if found is None or found[1]:
        return None
    parts = []
    for op, av in found[0]:
        if op is _c.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and str(av) in _CATEGORIES:
            parts.append(_CATEGORIES[str(av)])
        else:
            return None  # a negated class, a Unicode category … : no test
    return "[" + "".join(parts) + "]"


def compile_skipping(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with a test of its first character in front, when it has one."""
    chars = first_chars(pattern)
    return re.compile(f"(?={chars})(?:{pattern})" if chars else pattern)


def _first(items: Any) -> tuple[list[tuple[Any, Any]], bool] | None:
    """The first characters of a sequence of parsed items, and whether it can be empty."""
    found: list[tuple[Any, Any]] = []
    for op, av in items:
        one = _first_of(op, av)
        if one is None:
            return None
        found.extend(one[0])
        if not one[1]:
            return found, False
    return found, True


def _first_of(op: Any, av: Any) -> tuple[list[tuple[Any, Any]], bool] | None:
    if op is _c.LITERAL:
        return [(op, av)], False
    if op is _c.IN:
        return list(av), False
    if op is _c.SUBPATTERN:
        if av[1] or av[2]:  # (?i) and other inline flags: not read
            return None
        return _first(av[3])
    if op is _c.BRANCH:
        found: list[tuple[Any, Any]] = []
        empty = False
        for alternative in av[1]:
            one = _first(alternative)
            if one is None:
                return None
            found.extend(one[0])
            empty = empty or one[1]
        return found, empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _, item = av
        one = _first(item)
        return None if one is None else (one[0], one[1] or low == 0)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return [], True  # zero-width: the match starts with what follows
    return None
