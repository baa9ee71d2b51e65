"""The per-text caches of the extractor, cleared together (benchmarks start every round cold).

A unit's mentions, clauses and cues are read by several steps; a subject phrase recurs across a
notice. The caches key on the text itself, so they never return another text's answer.
"""

from __future__ import annotations

from pipeline.extract.actors import _mentions
from pipeline.extract.modality import _clause_cues, _clause_spans
from pipeline.extract.subjects import resolve_part, resolve_phrase


def clear_text_caches() -> None:
    for cached in (_mentions, _clause_cues, _clause_spans, resolve_part, resolve_phrase):
        cached.cache_clear()
