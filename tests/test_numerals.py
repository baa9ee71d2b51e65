"""Chinese numerals read without cn2an give cn2an's value, for every one of them."""

from __future__ import annotations

import cn2an

from pipeline.lang.zh.numerals import _common_numerals, parse_number


def test_every_common_numeral_is_read_as_cn2an_reads_it() -> None:
    numerals = _common_numerals()
    assert len(numerals) == 10_010
    for written, value in numerals.items():
        assert float(cn2an.cn2an(written, "smart")) == value, written


def test_examples_and_what_falls_back_to_cn2an() -> None:
    assert [parse_number(t) for t in ("十五", "二十四", "一百零五", "两千", "三千零二十", "九千九百九十九")] == [
        15.0,
        24.0,
        105.0,
        2000.0,
        3020.0,
        9999.0,
    ]
    assert parse_number("一万二千") == 12000.0  # beyond the table: cn2an reads it
    assert parse_number("三点五") == 3.5
    assert parse_number("十十") is None
