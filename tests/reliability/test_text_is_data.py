"""Text from notices, file names and users is data: rich markup in it prints as written in every
command, and every CSV dutymap writes neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store
from pipeline.textsafe import FORMULA_STARTS, csv_cell, csv_value, for_terminal
from pipeline.tracking import track
from pipeline.tracking.exports import read_csv
from tests.conftest import StoreAddress
from tests.reliability.notices import extraction

runner = CliRunner()
MARKUP = ("[/]", "[red]", "[/red]", "[bold]")
ORG = "中国移动湖南公司"


def _markup_notice(folder: Path) -> Path:
    path = folder / "bad[red]x.txt"
    path.write_text(
        "\n".join(
            [
                "湖南省通信管理局关于[/]规范[red]营销[/red]行为的通知",
                "湘通局〔2019〕21号",
                "各基础电信企业：",
                "一、[bold]各企业[/]要于2019年5月15日前报送营销整改情况。",
                "湖南省通信管理局",
                "2019年4月1日",
            ]
        ),
        encoding="utf-8",
    )
    return path


def _shown(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exception is None and result.exit_code == 0, result.output
    return result.output


def test_markup_in_titles_texts_and_file_names_prints_as_written(
    address: StoreAddress, tmp_path: Path
) -> None:
    path = _markup_notice(tmp_path)
    db = address.cli_url
    outputs = {
        "ingest": _shown(
            runner.invoke(app, ["ingest", str(path), "--db", db, "-q", "--output", str(tmp_path / "out")])
        ),
        "extract": _shown(runner.invoke(app, ["extract", str(path)])),
        "documents": _shown(runner.invoke(app, ["documents", "--db", db])),
        "show": _shown(runner.invoke(app, ["show", "湘通局〔2019〕21号", "-o", "--db", db])),
        "search": _shown(runner.invoke(app, ["search", "整改", "--db", db])),
        "due": _shown(runner.invoke(app, ["due", "--as-of", "2019-04-02", "--db", db])),
        "duties": _shown(runner.invoke(app, ["duties", "-e", ORG, "--db", db])),
    }
    outputs.pop("ingest")  # a one-line summary since the CLI rework: no text of the notice
    for command, output in outputs.items():
        # the body's markup in every command listing obligations, the title's where it is shown
        expected = (
            {"[bold]", "[/]"}
            if command in ("extract", "show", "search", "due", "duties")
            else {"[/]", "[red]"}
        )
        assert {m for m in MARKUP if m in output} >= expected, (command, output)
    assert "bad[red]x.txt" in outputs["extract"]


def test_a_failing_file_name_with_markup_is_reported_whole(tmp_path: Path) -> None:
    bad = tmp_path / "bad[red]x.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "s.db"), "-q"])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "bad[red]x.pdf" in result.output


def test_status_echo_prints_the_organisation_as_written(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    _shown(
        runner.invoke(
            app, ["ingest", str(_markup_notice(tmp_path)), "--db", db, "-q", "--output", str(tmp_path / "o")]
        )
    )
    store = Store.open(f"sqlite:///{db}")
    key = store.obligations()[0].key
    store.engine.dispose()
    output = _shown(
        runner.invoke(
            app, ["status", key, "--org", "[red]某公司[/]", "--allow-new", "--set", "done", "--db", db]
        )
    )
    assert "[red]某公司[/]" in output


# --- CSV ------------------------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://example.com","点此")',
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "'=already",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_cell_gets_a_leading_apostrophe_and_reads_back(value: str) -> None:
    cell = csv_cell(value)
    assert cell.startswith("'") and csv_value(cell) == value


@given(st.text())
def test_csv_cells_never_start_a_formula_and_round_trip(value: str) -> None:
    cell = csv_cell(value)
    assert not cell.startswith(FORMULA_STARTS) and csv_value(cell) == value


def test_for_terminal_is_escaped_markup() -> None:
    from rich.text import Text

    for value in ("[red]x[/red]", "a[/]b", "\\[b]", "plain 文本"):
        assert Text.from_markup(for_terminal(value)).plain == value


def test_every_csv_written_neutralises_formulas(address: StoreAddress, tmp_path: Path) -> None:
    store = address.open()
    duties = [
        f"{formula}各基础电信企业要于5月{n + 1}日前报送整改情况。" for n, formula in enumerate(FORMULAS[:4])
    ]
    store.save(extraction(tmp_path / "notice.txt", duties))
    for obligation in store.obligations():
        track.set_status(
            store, obligation.key, organisation=ORG, owner="=cmd|' /C calc'!A0", note="@x", who="alice"
        )
    db = address.cli_url
    exported = tmp_path / "ledger.csv"
    _shown(
        runner.invoke(app, ["export", "-e", ORG, "--as-of", "2019-03-02", "--csv", str(exported), "--db", db])
    )
    tables = {
        "export --csv": exported.read_text(encoding="utf-8-sig"),
        "due -f csv": _shown(
            runner.invoke(app, ["due", "-e", ORG, "--as-of", "2019-03-02", "-f", "csv", "--db", db])
        ),
        "duties -f csv": _shown(runner.invoke(app, ["duties", "-e", ORG, "-f", "csv", "--db", db])),
    }
    for name, content in tables.items():
        rows = list(csv.reader(io.StringIO(content)))
        assert len(rows) == 1 + len(duties), name
        assert [c for row in rows for c in row if c.startswith(FORMULA_STARTS)] == [], name
    read = read_csv(exported)
    assert sorted(r.text for r in read) == sorted(duties) and {r.owner for r in read} == {
        "=cmd|' /C calc'!A0"
    }
    store.engine.dispose()
