"""`dutymap extract --format json` writes what json.dumps(ensure_ascii=False, indent=1,
sort_keys=True) writes, byte for byte, whatever the payload holds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pipeline.json_text import dumps


def _reference(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)


LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20)
)
PAYLOADS = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=40,
)


@given(PAYLOADS)
def test_same_text_as_json(payload: Any) -> None:
    assert dumps(payload) == _reference(payload)


def test_same_text_for_floats_printed_with_an_exponent_and_nested_empties() -> None:
    payload = {"z": [1e-05, 1e16, 0.0001, 9999999999999998.0, -0.0], "a": {"b": [], "c": {}}, "t": (1, "二")}
    assert dumps(payload) == _reference(payload)
    assert dumps({1: "non-string key"}) == _reference({1: "non-string key"})


def test_a_value_json_cannot_write_still_fails() -> None:
    @dataclass
    class Record:
        day: date

    for value in (Record(date(2024, 1, 1)), date(2024, 1, 1)):
        try:
            dumps({"value": value})
        except TypeError as error:
            assert "not JSON serializable" in str(error)
        else:
            raise AssertionError("orjson wrote what json refuses")
