"""Topics of a unit from the topic vocabulary (domains/telecom/topics.py)."""

from __future__ import annotations

import re

from pipeline.domains.telecom.topics import TOPIC_WORDS

RULE = "topics.v1"

# one search per topic for any of its words (faster than testing each word in turn)
_TOPIC_PATTERNS = tuple(
    (topic, re.compile("|".join(re.escape(word) for word in words))) for topic, words in TOPIC_WORDS.items()
)


def find_topics(text: str) -> tuple[str, ...]:
    return tuple(topic for topic, pattern in _TOPIC_PATTERNS if pattern.search(text))
