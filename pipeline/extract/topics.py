"""Topics of a unit from the topic vocabulary (domains/telecom/topics.py)."""

from __future__ import annotations

from pipeline.domains.telecom.topics import TOPIC_WORDS

RULE = "topics.v1"


def find_topics(text: str) -> tuple[str, ...]:
    return tuple(topic for topic, words in TOPIC_WORDS.items() if any(word in text for word in words))
