"""The command line end to end, and the README's commands (docs that cannot rot)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_extract_prints_the_json_contract() -> None:
    result = runner.invoke(
        app, ["extract", str(ROOT / "corpus" / "001_c1d9d52df0875253.txt"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["doc_number"] == "湘通局信管〔2019〕8号"
    assert data["document"]["source"]["format"] == "txt"
    first = data["obligations"][0]
    assert {
        "id",
        "text",
        "span",
        "actors",
        "modality",
        "deadline",
        "targets",
        "report_to",
        "evidence",
    } <= set(first)


def test_extract_table_is_readable() -> None:
    result = runner.invoke(app, ["extract", str(ROOT / "corpus" / "004_f8a5e42aa1e31ace.txt")])
    assert result.exit_code == 0
    assert "清工信函〔2024〕51号" in result.stdout and "obligations" in result.stdout


def test_ingest_reports_and_fails_on_bad_files(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(ROOT / "corpus" / "002_3f281f7bb27211ea.txt", batch)
    (batch / "empty.txt").write_bytes(b"")
    db = tmp_path / "t.db"
    out = tmp_path / "out"
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db), "--output", str(out), "-q"])
    assert result.exit_code == 1
    assert "empty.txt: no text" in result.output
    assert "ingested: 1" in result.output and "failed: 1" in result.output
    assert (out / "002_3f281f7bb27211ea.txt.json").exists()
    again = runner.invoke(
        app, ["ingest", str(batch / "002_3f281f7bb27211ea.txt"), "--db", str(db), "-q", "--output", str(out)]
    )
    assert again.exit_code == 0 and "unchanged: 1" in again.output
    shown = runner.invoke(app, ["show", "感知提升行动", "--db", str(db), "--obligations"])
    assert shown.exit_code == 0 and "工业和信息化部" in shown.output
    assert "33 obligations (current version)" in shown.output


def test_unknown_document_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "show", "没有这个文件", "--db", str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error") and "没有这个文件" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_eval_prints_the_score_report() -> None:
    gold = ROOT.parent / "shared" / "gold"
    if not gold.exists():
        pytest.skip("the shared gold annotations are not beside this checkout")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--docs", str(ROOT / "corpus")])
    assert result.exit_code == 0
    assert re.search(r"^F1=\d\.\d{3} \| deadline_recall=", result.stdout, re.M)


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    quick_start = re.findall(r"^make (\w+)", readme, re.M)
    assert quick_start[:2] == ["run", "test"]
    for target in quick_start:
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "$(BIN)/dutymap ingest corpus/" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    code = "\n".join(re.findall(r"```sh\n(.*?)```", readme, re.S))
    for command in re.findall(r"^dutymap (\w+)", code, re.M):
        assert runner.invoke(app, [command, "--help"]).exit_code == 0, command
