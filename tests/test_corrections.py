"""Typed corrections: every correctable field has a schema; a bad value is refused before
anything is stored, and a bad value already in the store degrades its one obligation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session
from typer.testing import CliRunner

from pipeline.api import extract_file
from pipeline.cli import app
from pipeline.corrections import CorrectionError, parse_correction, validate_correction
from pipeline.store import Store
from pipeline.store.tables import CorrectionRow

ROOT = Path(__file__).resolve().parent.parent
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
UNDATED = "四是不定期开展暗查暗访"


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("deadline", "2023-12-31", {"type": "date", "date": "2023-12-31", "text": "2023-12-31"}),
        ("deadline", "none", None),
        (
            "deadline",
            '{"type": "recurring", "freq": "quarterly", "day": "末月15日", "text": "每季度末月15日前"}',
            {"type": "recurring", "freq": "quarterly", "day": "末月15日", "text": "每季度末月15日前"},
        ),
        (
            "deadline",
            '{"type": "relative", "relative": {"value": 10, "unit": "workday", "anchor": "received"}}',
            {"type": "relative", "relative": {"value": 10, "unit": "workday", "anchor": "received"}},
        ),
        ("duration", '{"value": 30, "unit": "second"}', {"value": 30, "unit": "second"}),
        ("duration", "null", None),
        (
            "targets",
            '[{"metric": "应答率", "op": ">=", "value": 85, "unit": "%"}]',
            [{"metric": "应答率", "op": ">=", "value": 85, "unit": "%"}],
        ),
        ("targets", "[]", []),
        ("actors", '["基础电信企业"]', ["基础电信企业"]),
        ("actors", "基础电信企业、中国铁塔", ["基础电信企业", "中国铁塔"]),
        ("modality", "must_not", "must_not"),
        ("report_to", "湖南省通信管理局", "湖南省通信管理局"),
        ("report_to", "none", None),
    ],
)
def test_good_values_are_normalised_to_the_stored_shape(field: str, raw: str, expected: object) -> None:
    value = parse_correction(field, raw)
    if isinstance(expected, dict):
        assert {k: value[k] for k in expected} == expected
        assert value.get("rule") == "manual"
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert [{k: v[k] for k in expected[0]} for v in value] == expected
    else:
        assert value == expected
    assert validate_correction(field, value) == value  # stored values read back unchanged


@pytest.mark.parametrize(
    ("field", "raw", "complaint"),
    [
        ("deadline", "next week", "neither a date"),
        ("deadline", "2023-02-30", "neither a date"),
        ("deadline", '{"type": "date"}', "needs a date"),
        ("deadline", '{"type": "date", "date": "31/12/2023"}', "not a date"),
        ("deadline", '{"type": "soon", "date": "2023-12-31"}', "type must be one of"),
        ("deadline", '{"type": "recurring", "freq": "hourly"}', "needs freq"),
        ("deadline", '{"type": "recurring", "freq": "quarterly", "day": "5月1日"}', "outside a quarterly"),
        ("deadline", '{"type": "recurring", "freq": "monthly", "day": "whenever"}', "must read like"),
        ("deadline", '{"type": "relative", "relative": {"value": -3, "unit": "day", "anchor": "issued"}}', "whole"),
        ("deadline", '{"type": "relative", "relative": {"value": 3, "unit": "fortnight", "anchor": "issued"}}', "unit"),
        ("deadline", "[1, 2]", "JSON object"),
        ("duration", '{"value": 0, "unit": "day"}', "more than 0"),
        ("duration", '{"value": 3, "unit": "parsec"}', "unit must be"),
        ("duration", "30秒", "JSON object"),
        ("targets", '{"metric": "应答率"}', "JSON list"),
        ("targets", '[{"metric": "应答率", "op": "about", "value": 85}]', "op must be"),
        ("targets", '[{"metric": "应答率", "op": ">=", "value": "high"}]', "must be a number"),
        ("targets", '[{"op": ">=", "value": 85}]', "needs a metric"),
        ("actors", "[]", "at least one"),
        ("actors", '[""]', "list of names"),
        ("modality", "maybe", "modality must be one of"),
        ("report_to", "[1]", "a name or null"),
        ("colour", "red", "cannot be corrected"),
    ],
)
def test_bad_values_are_refused_with_one_line(field: str, raw: str, complaint: str) -> None:
    with pytest.raises(CorrectionError, match=complaint) as caught:
        parse_correction(field, raw)
    assert "\n" not in str(caught.value)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_any_iso_date_is_a_date_deadline(day: date) -> None:
    value = parse_correction("deadline", day.isoformat())
    assert (value["type"], value["date"]) == ("date", day.isoformat())


@given(st.text(max_size=12))
def test_no_text_makes_the_schema_raise_anything_but_a_correction_error(raw: str) -> None:
    for field in ("deadline", "duration", "targets", "actors", "modality", "report_to"):
        try:
            value = parse_correction(field, raw)
        except CorrectionError:
            continue
        assert validate_correction(field, value) == value


def test_store_refuses_a_bad_value_and_writes_nothing(store: Store) -> None:
    store.save(extract_file(HUNAN))
    key = next(o.key for o in store.obligations() if UNDATED in o.text)
    with pytest.raises(CorrectionError):
        store.correct(key, "deadline", "2023-12-31T00:00", who="alice")
    assert store.corrections([key]) == {} and store.history(key) == []


def test_a_corrected_deadline_replaces_the_extracted_ones(store: Store) -> None:
    store.save(extract_file(HUNAN))
    key = next(o.key for o in store.obligations() if UNDATED in o.text)
    store.correct(key, "deadline", parse_correction("deadline", "2019-11-30"), who="alice", why="见通知")
    corrected = next(o for o in store.obligations() if o.key == key)
    assert corrected.due == date(2019, 11, 30) and corrected.corrected == ("deadline",)
    assert [d.date for d in corrected.deadlines] == [date(2019, 11, 30)]
    assert store.history(key)[-1].field == "correction:deadline"


def test_a_bad_stored_value_degrades_only_its_row(store: Store) -> None:
    store.save(extract_file(HUNAN))
    obligations = store.obligations()
    broken = next(o for o in obligations if UNDATED in o.text)
    fine = next(o for o in obligations if o.key != broken.key)
    store.correct(fine.key, "report_to", "湖南省通信管理局", who="alice")
    with Session(store.engine) as session, session.begin():
        # what an older dutymap stored for `correct ID deadline 2023-12-31`, and a hand edit
        for field, value in (("deadline", "2023-12-31"), ("targets", {"metric": 1})):
            session.add(CorrectionRow(obligation_key=broken.key, field=field, value=value, who="old", at=datetime.now(UTC)))
    after = {o.key: o for o in store.obligations()}
    assert len(after) == len(obligations)
    assert after[broken.key].deadline == broken.deadline and after[broken.key].targets == broken.targets
    assert len(after[broken.key].warnings) == 2 and all(broken.key in w for w in after[broken.key].warnings)
    assert after[fine.key].report_to == "湖南省通信管理局" and not after[fine.key].warnings


def test_correct_command_refuses_a_bad_value_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(HUNAN), "--db", str(db), "-q", "--output", str(tmp_path / "x")])
    key = next(o.key for o in Store.open(f"sqlite:///{db}").obligations() if UNDATED in o.text)
    bad = runner.invoke(app, ["correct", key, "deadline", "soon", "--db", str(db)])
    assert bad.exit_code != 0 and isinstance(bad.exception, CorrectionError)
    good = runner.invoke(app, ["correct", key, "deadline", "2019-11-30", "--db", str(db)])
    assert good.exit_code == 0, good.output
    assert Store.open(f"sqlite:///{db}").corrections([key])[key]["deadline"]["date"] == "2019-11-30"
