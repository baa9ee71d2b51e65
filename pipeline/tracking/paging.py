"""One page of a list merged from two sorted sources: rows the database pages itself, and a
few rows it does not hold (tracked obligations no longer current), placed among them.

The database answers "how many of your rows come before this one" for each extra row; from
those counts the page's share of each source follows without reading what precedes it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageShare:
    """What each source gives to the merged page."""

    offset: int  # of the database's rows, where the page starts
    limit: int | None  # how many of them (None: all from offset)
    extras: list[int]  # the indexes of the extra rows the page holds, in order


def page_share(offset: int, limit: int | None, before: list[int]) -> PageShare:
    """The share of each source in the merged page [offset, offset + limit) when extra row i
    (extras in sorted order) has ``before[i]`` database rows before it."""
    # extra i stands at before[i] + i in the merged list; a database row s at s plus the
    # extras before it
    merged = [count + i for i, count in enumerate(before)]
    ahead = sum(1 for position in merged if position < offset)
    end = None if limit is None else offset + limit
    extras = [
        i for i, position in enumerate(merged) if position >= offset and (end is None or position < end)
    ]
    return PageShare(offset - ahead, None if limit is None else limit - len(extras), extras)
