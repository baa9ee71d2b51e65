"""A page's text from its glyphs: lines by height, glyphs by x, spaces where words part.

The rules follow pdfplumber's ``extract_text`` (lines are glyphs whose tops lie within
``Y_TOLERANCE`` of each other, read left to right; a blank glyph or a gap wider than
``X_TOLERANCE`` starts a new word, words are joined by one space), so a page reads the same
whichever library gave its glyphs — with one exception. Word and WPS "document grid" output
places every character in a fixed cell: a Latin digit, half a cell wide, leaves a gap after it
that a fixed threshold reads as a space ("20 2 4年6月3 0日前", "9 8%"). On a line whose glyphs
all start on that grid, a glyph that starts within one cell of the previous glyph's start
belongs to the same word; only a skipped cell parts words.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

# pdfplumber's defaults, in PDF points
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# a grid line needs this many full-width advances to know its pitch
MIN_GRID_ADVANCES = 3
# the pitch is the commonest full-width advance; it must be at least this share of them
MIN_PITCH_SHARE = 0.6
# how far a glyph may start from its half-cell, in points (grids are placed exactly; STSong's
# proportional digits, 7.39 pt at 16 pt, are 0.61 pt off the half cell and so not "on the grid")
GRID_SLACK = 0.3
# pdfplumber expands these typographic ligatures; so do we, to read the same
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


class Glyph(NamedTuple):
    """One character as printed: its text and box in points from the page's top left
    (a named tuple: a page makes hundreds, and a tuple is the cheapest record to make)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def page_text(glyphs: Iterable[Glyph]) -> str:
    """The glyphs as lines of text, top to bottom, joined by line breaks."""
    lines = lines_of(glyphs)
    page_pitch: list[float | None] = []  # worked out for the first line that needs it

    def pitch_of_page() -> float | None:
        if not page_pitch:
            page_pitch.append(_commonest_pitch(a for line in lines for a in _full_width_advances(line)))
        return page_pitch[0]

    return "\n".join(line_text(line, pitch_of_page) for line in lines)


def lines_of(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Glyphs clustered by top (a chain of tops each within Y_TOLERANCE of the last), each
    line sorted left to right; the order within equal x is the order given (content order)."""
    glyphs = list(glyphs)
    if not glyphs:
        return []
    tops = sorted({glyph.top for glyph in glyphs})
    cluster_of: dict[float, int] = {}
    cluster, last = 0, tops[0]
    for top in tops:
        if top > last + Y_TOLERANCE:
            cluster += 1
        cluster_of[top] = cluster
        last = top
    lines: list[list[Glyph]] = [[] for _ in range(cluster + 1)]
    for glyph in glyphs:
        lines[cluster_of[glyph.top]].append(glyph)
    return [sorted(line, key=lambda glyph: glyph.x0) for line in lines if line]


def line_text(line: Sequence[Glyph], page_pitch: Callable[[], float | None] = lambda: None) -> str:
    """One line's words joined by single spaces (blank glyphs only part words).

    ``page_pitch`` gives the grid cell the page's other lines suggest, for a line with too few
    full-width characters to tell its own (a line of digits that ends a grid paragraph)."""
    pitch = grid_pitch(line, page_pitch)
    words: list[str] = []
    word: list[str] = []
    previous: Glyph | None = None
    for glyph in line:
        if glyph.text.isspace():
            if word:
                words.append("".join(word))
            word, previous = [], None
            continue
        if previous is not None and _parts(previous, glyph, pitch):
            words.append("".join(word))
            word = []
        word.append(LIGATURES.get(glyph.text, glyph.text))
        previous = glyph
    if word:
        words.append("".join(word))
    return " ".join(words)


def _parts(previous: Glyph, glyph: Glyph, pitch: float | None) -> bool:
    """Whether ``glyph`` starts a new word after ``previous`` on the same line."""
    if abs(glyph.top - previous.top) > Y_TOLERANCE:
        return True
    if pitch is not None:  # a grid: the next cell is the same word, a skipped one is a space
        return glyph.x0 - previous.x0 > pitch + GRID_SLACK
    return glyph.x0 > previous.x1 + X_TOLERANCE


def grid_pitch(line: Sequence[Glyph], page_pitch: Callable[[], float | None] = lambda: None) -> float | None:
    """The cell width of a line set on a character grid, or None for ordinary (proportional) text.

    The pitch is the commonest advance after a full-width character on the line (or, with too
    few of them, what ``page_pitch`` gives); the line is on the grid when every glyph starts a whole number
    of half cells after the one before it. Only a line where that matters — some glyph followed
    by a gap wider than X_TOLERANCE — is examined."""
    printed = [glyph for glyph in line if not glyph.text.isspace()]
    pairs = list(zip(printed, printed[1:], strict=False))
    if not any(after.x0 > before.x1 + X_TOLERANCE for before, after in pairs):
        return None
    pitch = _commonest_pitch(_full_width_advances(line)) or page_pitch()
    if pitch is None:
        return None
    half = pitch / 2
    for before, after in pairs:
        advance = after.x0 - before.x0
        cells = round(advance / half)
        if cells < 1 or abs(advance - cells * half) > GRID_SLACK:
            return None
    return pitch


def _full_width_advances(line: Sequence[Glyph]) -> list[float]:
    """How far each printed full-width glyph is from the next printed glyph."""
    printed = [glyph for glyph in line if not glyph.text.isspace()]
    return [
        round(after.x0 - before.x0, 2)
        for before, after in zip(printed, printed[1:], strict=False)
        if _full_width(before.text)
    ]


def _commonest_pitch(advances: Iterable[float]) -> float | None:
    """The commonest advance, when there are enough of them and it is common enough to be a grid."""
    counts = Counter(advances)
    total = sum(counts.values())
    if total < MIN_GRID_ADVANCES:
        return None
    pitch, count = counts.most_common(1)[0]
    return pitch if pitch > 0 and count >= MIN_PITCH_SHARE * total else None


def _full_width(text: str) -> bool:
    return unicodedata.east_asian_width(text[:1]) in ("W", "F")
