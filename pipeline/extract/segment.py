"""Word segmentation: spaCy's blank Chinese pipeline with the jieba segmenter.

jieba gets the regulatory vocabulary (lang/zh) as a user dictionary so that 基础电信企业 or
携号转网 stay one token. The words serve gap alignment; extraction does not segment
(directive cues are matched on characters).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.domains.telecom.actors import ACTOR_ALIASES
from pipeline.domains.telecom.terms import REGULATORY_TERMS
from pipeline.lang.zh.modality import CUES

_HIGH_FREQ = 200_000


@lru_cache(maxsize=1)
def chinese_pipeline() -> Any:
    """The shared spaCy ``Language`` (built once; jieba's dictionary loads lazily)."""
    import jieba
    import spacy

    jieba.setLogLevel(60)  # silence "Building prefix dict" chatter on stderr
    for word in _user_words():
        jieba.add_word(word, freq=_HIGH_FREQ)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def _user_words() -> list[str]:
    words = set(REGULATORY_TERMS)
    for aliases in ACTOR_ALIASES.values():
        words.update(a for a in aliases if len(a) <= 8)
    words.update(cue for cue in CUES if len(cue) > 1)
    return sorted(words)
