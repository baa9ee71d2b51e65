"""Obligation keys of a whole document: the same keys as one shared ``seen`` set, in linear time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.identity import ObligationKeys, obligation_key


class _CountingSet(set[str]):
    """A set that counts its membership tests (the probes a key costs)."""

    probes = 0

    def __contains__(self, item: object) -> bool:
        self.probes += 1
        return super().__contains__(item)


@given(st.lists(st.sampled_from(["甲要做。", "乙要做。", "丙应当做。", "甲 要做。", "甲要\n做。"]), max_size=40))
def test_document_keys_equal_the_shared_set_keys(texts: list[str]) -> None:
    seen: set[str] = set()
    expected = [obligation_key("d-abc", text, seen) for text in texts]
    keys = ObligationKeys("d-abc")
    assert [keys.key(text) for text in texts] == expected
    assert keys.given == seen


def test_a_repeated_sentence_costs_constant_probes_per_repeat() -> None:
    keys = ObligationKeys("d-abc")
    keys.given = _CountingSet()
    repeats = 5_000
    given_keys = [keys.key("各单位要按时报送。") for _ in range(repeats)]
    base = given_keys[0]
    assert given_keys[1:] == [f"{base}-{n}" for n in range(2, repeats + 1)]
    assert keys.given.probes <= 2 * repeats  # probing from -2 each time would take ~repeats²/2
