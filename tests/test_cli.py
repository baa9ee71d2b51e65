"""The command line end to end: formats, exit codes, refused input, provenance on screen."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import ROOT, invoke

CORPUS = ROOT / "corpus"
LINKED = ROOT / "tests" / "data" / "linked"
NOTICE = CORPUS / "001_c1d9d52df0875253.txt"
ENTERPRISE = "中国移动清远分公司"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    path = folder / "store.db"
    result = invoke("ingest", CORPUS, LINKED, "--db", path, "--output", folder / "out", "-q")
    assert result.code == 0, result.stderr
    return path


# --- extract ---------------------------------------------------------------------------


def test_extract_gives_every_span_in_the_source_file() -> None:
    result = invoke("extract", NOTICE, "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["doc_number"] == "湘通局信管〔2019〕8号"
    source = NOTICE.read_text(encoding="utf-8")
    first = data["obligations"][0]
    assert {"id", "text", "span", "source_span", "clause_path", "actors", "modality", "evidence"} <= set(first)
    start, end = first["source_span"]
    assert "".join(source[start:end].split()) == "".join(first["text"].split())


def test_extract_reads_stdin() -> None:
    from_file = json.loads(invoke("extract", NOTICE, "-f", "json").stdout)
    from_stdin = invoke("extract", "-", "-f", "json", input=NOTICE.read_bytes())
    assert from_stdin.code == 0, from_stdin.stderr
    data = json.loads(from_stdin.stdout)
    assert data["obligations"] == from_file["obligations"]
    assert invoke("extract", "-", input=b"").code == 1


def test_extract_table_is_readable() -> None:
    result = invoke("extract", CORPUS / "004_f8a5e42aa1e31ace.txt", "-f", "table")
    assert result.code == 0
    assert "清工信函〔2024〕51号" in result.stdout and "obligations" in result.stdout


# --- ingest: quiet success, loud failure -------------------------------------------------


def test_ingest_prints_one_summary_line_and_lists_what_it_skipped(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(CORPUS / "002_3f281f7bb27211ea.txt", batch)
    (batch / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (batch / "draft.wps").write_bytes(b"wps")
    result = invoke("ingest", batch, "--db", tmp_path / "t.db", "--output", tmp_path / "out", "-q")
    assert result.code == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "1 files: 1 ingested, 0 new versions, 0 unchanged, 0 failed, 2 skipped"
    ]
    assert "old.doc: old Word format: convert to .docx or .pdf" in result.stderr
    assert "draft.wps: WPS format: convert to .docx or .pdf" in result.stderr


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no notices to ingest"),
        ({"a.doc": b"x", "b.rtf": b"x"}, "no notices to ingest"),
    ],
)
def test_ingest_of_nothing_readable_is_an_error(tmp_path: Path, files: dict[str, bytes], message: str) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for name, data in files.items():
        (batch / name).write_bytes(data)
    result = invoke("ingest", batch, "--db", tmp_path / "t.db", "-q")
    assert result.code == 1 and message in result.stderr
    assert not (tmp_path / "t.db").exists()


def test_a_file_name_that_is_not_utf8_is_listed_readably(tmp_path: Path) -> None:
    import os

    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(CORPUS / "002_3f281f7bb27211ea.txt", batch)
    (batch / "bad[red]\udcff.doc").write_bytes(b"x")  # the name's byte 0xff, as Python keeps it
    empty = os.fsencode(batch / "empty\udcfe.txt")
    with open(empty, "wb"):
        pass
    result = invoke("ingest", batch, "--db", tmp_path / "t.db", "-q", "--output", tmp_path / "out")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert "bad[red]\\xff.doc: old Word format" in result.stderr
    assert "empty\\xfe.txt: no text" in result.stderr


def test_ingest_of_a_missing_path_names_it(tmp_path: Path) -> None:
    result = invoke("ingest", tmp_path / "nowhere", "--db", tmp_path / "t.db")
    assert result.code == 1
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in result.stderr


def test_ingest_reports_a_text_without_notice_structure(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("你好\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("ingest", tmp_path / "note.txt", tmp_path / "empty.txt", "--db", tmp_path / "t.db", "-q")
    assert result.code == 1
    assert "note.txt: no notice structure found" in result.stderr
    assert "empty.txt: no text" in result.stderr
    assert "0 ingested" in result.stdout and "2 failed" in result.stdout


# --- read commands never create a store -----------------------------------------------

READ_COMMANDS = [
    ["documents"],
    ["show", "x"],
    ["outline", "x"],
    ["duties", "-e", ENTERPRISE],
    ["due"],
    ["search", "携号转网"],
    ["gaps", "x"],
    ["graph", "x"],
    ["history", "d-1"],
    ["orgs", "--unknown"],
    ["export", "--csv", "-"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_missing_store(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.db"
    result = invoke(*command, "--db", missing)
    assert result.code == 1
    assert str(missing) in result.stderr and "no store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not missing.exists()


# --- formats: the same rows whatever the format -------------------------------------------

LISTINGS = [
    (["documents"], "document_key"),
    (["duties", "-e", ENTERPRISE], "obligation_id"),
    (["due", "-e", ENTERPRISE, "--as-of", "2024-06-01"], "obligation_id"),
    (["search", "携号转网"], "obligation_id"),
    (["orgs", "--unknown"], "name"),
    (["graph", "湘通管〔2024〕5号"], "document_key"),
    (["outline", "湘通局信管〔2019〕8号"], "marker"),
    (["fields"], "key"),
]


def _rows(command: list[str], fmt: str, db: Path) -> list[dict[str, str]]:
    result = invoke(*command, "--format", fmt, *([] if command[0] == "fields" else ["--db", db]))
    assert result.code == 0, result.stderr
    if fmt == "json":
        return json.loads(result.stdout)
    if fmt == "jsonl":
        return [json.loads(line) for line in result.stdout.splitlines()]
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t" if fmt == "tsv" else ","))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(map(_text, value))
    return str(value)


@pytest.mark.parametrize(("command", "key"), LISTINGS, ids=lambda c: c[0] if isinstance(c, list) else c)
def test_every_format_carries_the_same_rows(db: Path, command: list[str], key: str) -> None:
    as_json = _rows(command, "json", db)
    assert as_json, "the listing has rows on the test store"
    assert _rows(command, "jsonl", db) == as_json
    flat = [{k: _text(v) for k, v in row.items()} for row in as_json]
    assert _rows(command, "csv", db) == flat
    tsv = _rows(command, "tsv", db)
    assert [row[key] for row in tsv] == [row[key] for row in flat]
    table = invoke(*command, "--format", "table", *([] if command[0] == "fields" else ["--db", db]))
    if command[0] not in ("graph", "gaps", "outline"):  # trees and grouped tables read differently
        for row in flat:
            assert row[key] in table.stdout


def test_gap_findings_are_the_same_in_every_format(db: Path) -> None:
    from pipeline import vocabulary

    command = ["gaps", "湘通管〔2024〕5号"]
    report = _rows(command, "json", db)
    assert isinstance(report, dict) and report["findings"]
    lines = _rows(command, "jsonl", db)
    assert [row["finding"] for row in lines] == [f["finding"] for f in report["findings"]]
    assert set(lines[0]) <= set(vocabulary.FIELD_BY_KEY)
    assert _rows(command, "tsv", db) == [{k: _text(v) for k, v in row.items()} for row in lines]
    assert [row["finding"] for row in _rows(command, "csv", db)] == [row["finding"] for row in lines]


def test_piped_output_defaults_to_tsv_without_box_drawing(db: Path) -> None:
    result = invoke("documents", "--db", db)
    assert result.stdout.splitlines()[0].split("\t")[0] == "document_key"
    assert not set("┏┃━│└") & set(result.stdout)


def test_tables_fit_a_narrow_terminal_and_keep_ids(db: Path) -> None:
    from rich.cells import cell_len
    from rich.console import Console

    from pipeline.cli import columns, formats

    duties = json.loads(invoke("duties", "-e", ENTERPRISE, "-f", "json", "--db", db).stdout)
    for width in (80, 120):
        console = Console(width=width, file=io.StringIO(), record=True)
        console.print(formats.table(duties, columns.duty_columns({}), width=width))
        text = console.export_text()
        lines = text.splitlines()
        assert max(cell_len(line) for line in lines) <= width
        assert len(lines) <= len(duties) + 6  # one line per row
        for row in duties:
            assert row["obligation_id"] in text


def test_every_output_field_is_in_the_vocabulary(db: Path) -> None:
    from pipeline import vocabulary
    from pipeline.tracking import exports

    for command, _ in LISTINGS:
        for row in _rows(command, "json", db)[:1]:
            assert set(row) <= set(vocabulary.FIELD_BY_KEY), command
    for key, header in exports.CSV_COLUMNS:
        assert vocabulary.label(key) == header, key
    fields = _rows(["fields"], "json", db)
    assert [f["key"] for f in fields] == [f.key for f in vocabulary.FIELDS]


# --- exit codes and refused input -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "没有这样的词语组合啊"], 1, ""),
        (["duties", "-e", "某某公司"], 1, ""),
        (["search", "携号转网", "--level", "province"], 2, "'province' is not one of"),
        (["due", "--as-of", "2024/06/01"], 2, "give a day as YYYY-MM-DD"),
        (["due", "--as-of", "99999-01-01"], 2, "give a day as YYYY-MM-DD"),
        (["due", "--within", "soon"], 2, "give a number of days"),
        (["due", "--within", "999999999d"], 2, "give a number of days"),
        (["search", "携号转网", "--limit", "0"], 2, "--limit"),
        (["show", "d-nothing-here"], 1, "no document 'd-nothing-here'"),
        (["history", "d-nothing-here"], 1, "no obligation 'd-nothing-here'"),
        # LIKE wildcards in an id are characters: this id names no duty, though 3_ matches 33
        (["history", "d-3e854040ce7a-3_fd15bd09"], 1, "no obligation"),
        (["history", "d-3e854040ce7a-%"], 1, "no obligation"),
        (["graph", "x", "--export", "g.xyz"], 2, "the extension picks the format"),
        (["graph"], 2, "give a document or --export FILE"),
        (["export"], 2, "give at least one of"),
        (["export", "--csv", "-", "--json", "-"], 2, "only one export can go to stdout"),
        (["orgs", "--load", "/nonexistent/registry.json"], 1, "no such registry file"),
        (["nonsense"], 2, "No such command"),
        (["documents", "--frobnicate"], 2, "No such option"),
    ],
)
def test_refused_input_is_one_line_with_its_exit_code(db: Path, args: list[str], code: int, message: str) -> None:
    result = invoke(*args, "--db", db)
    assert result.code == code, result.stderr
    assert message in result.stderr
    if code:
        assert len(result.stderr.strip().splitlines()) <= 1
    assert "Traceback" not in result.stderr + result.stdout


def test_an_in_memory_store_ingests_as_a_dry_run_and_refuses_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    seed = sorted((ROOT / "corpus").glob("*.txt"))[0]
    ingested = invoke("ingest", seed, "--db", ":memory:")
    assert ingested.code == 0, ingested.stderr
    assert "1 ingested" in ingested.stdout
    assert not list(tmp_path.iterdir())  # no file called :memory: (or anything else) left behind
    read = invoke("duties", "-e", "中国移动", "--db", ":memory:")
    assert read.code == 1 and read.stderr.strip().endswith("holds nothing to read (it lasts one command)")


HOSTILE = [
    ["show", ""],
    ["show", "[bold red]x[/]"],
    ["show", "\x00"],
    ["show", "d-" + "9" * 5000],
    ["show", "../../etc/passwd"],
    ["outline", "%"],
    ["search", "[link=x]y"],
    ["search", "\"'"],
    ["search", "*"],
    ["search", "OR"],
    ["duties", "-e", ""],
    ["duties", "-e", "中国移动", "--as-of", ""],
    ["due", "--within", "-5"],
    ["due", "--within", "0"],
    ["due", "--as-of", "0001-01-01"],
    ["due", "--as-of", "9999-12-31"],
    ["graph", "x", "--export", "-", "--format", "csv"],
    ["gaps", "x", "--parent", "y"],
    ["history", ""],
    ["status", "d-", "--org", "x", "--set", "逾期"],
    ["correct", "d-nothing", "colour", "red"],
    ["eval", "--gold", "/nonexistent", "--docs", "/nonexistent"],
    ["extract", "/nonexistent.pdf"],
    ["extract", "/"],
    ["orgs", "--load", "/"],
    ["export", "--csv", "/nonexistent/dir/x.csv"],
    ["fields", "--format", "xml"],
]


@pytest.mark.parametrize("args", HOSTILE, ids=lambda a: " ".join(a)[:40])
def test_hostile_arguments_never_show_a_traceback(db: Path, args: list[str], tmp_path: Path) -> None:
    result = invoke(*args, "--db", db)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.code in (0, 1, 2)
    if result.code:  # one line, or none when nothing matched (`due` notes what it left out on success)
        assert len(result.stderr.strip().splitlines()) <= 1, result.stderr


@pytest.mark.parametrize("content", ['{"organisations": [', "[]", '{"organisations": [{"name": 1}]}', "\x00\x01"])
def test_a_broken_registry_file_is_one_line(db: Path, tmp_path: Path, content: str) -> None:
    registry = tmp_path / "orgs.json"
    registry.write_text(content, encoding="utf-8")
    result = invoke("orgs", "--load", registry, "--db", db)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error {registry}") and len(result.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback(db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--debug", "show", "d-nothing-here", "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1 and "Traceback" in result.stderr and "NotFound" in result.stderr


def test_a_closed_pipe_and_a_full_disk_end_quietly(db: Path) -> None:
    pipe = subprocess.run(  # 80 kB of JSON: more than a pipe holds, so the write meets a closed pipe
        f"{sys.executable} -m pipeline extract {NOTICE} --format json | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert pipe.stdout == "{\n" and pipe.stderr == "" and pipe.returncode == 0
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "pipeline", "documents", "--db", str(db)],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == ["error No space left on device"]


def test_markup_in_documents_is_shown_as_text(tmp_path: Path) -> None:
    notice = NOTICE.read_text(encoding="utf-8").replace("湖南省通信管理局关于印发", "[bold red]湖南省[/]通信管理局关于印发", 1)
    (tmp_path / "n.txt").write_text(notice, encoding="utf-8")
    assert invoke("ingest", tmp_path / "n.txt", "--db", tmp_path / "t.db", "-q").code == 0
    table = invoke("documents", "--db", tmp_path / "t.db", "-f", "table")
    assert "[bold red]湖南省[/]" in table.stdout


# --- version, help --------------------------------------------------------------------


def test_version() -> None:
    from pipeline import __version__

    assert invoke("--version").stdout.strip() == f"dutymap {__version__}"
    bare = invoke()
    assert bare.code == 0 and bare.stdout.count("Usage: dutymap") == 1 and "Exit status" in bare.stdout


def test_every_command_and_option_has_help() -> None:
    import typer

    from pipeline.cli import app

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        assert sub.help and "Example:" in sub.help, name
        for param in sub.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), f"{name} {param.name}"
            else:
                assert getattr(param, "help", None), f"{name} {param.name}"
        assert invoke(name, "--help").code == 0


# --- graph and export files -----------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".json", ".gexf"])
def test_graph_export_format_follows_the_extension(db: Path, tmp_path: Path, suffix: str) -> None:
    import networkx as nx

    target = tmp_path / f"g{suffix}"
    result = invoke("graph", "--export", target, "--db", db)
    assert result.code == 0, result.stderr
    read = {
        ".graphml": nx.read_graphml,
        ".gexf": nx.read_gexf,
        ".json": lambda p: nx.node_link_graph(json.loads(Path(p).read_text()), edges="edges"),
    }[suffix](target)
    assert read.number_of_nodes() >= 7


def test_graph_dot_export_is_written_or_refused(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.dot"
    result = invoke("graph", "--export", target, "--db", db)
    try:
        import pydot  # noqa: F401
    except ImportError:
        assert result.code == 1 and "needs pydot" in result.stderr and not target.exists()
    else:
        assert result.code == 0 and target.read_text().lstrip().startswith(("strict", "digraph"))


def test_graph_export_to_stdout_and_export_to_stdout(db: Path) -> None:
    graph = invoke("graph", "--export", "-", "--db", db)
    assert graph.code == 0 and json.loads(graph.stdout)["nodes"]
    ledger = invoke("export", "--csv", "-", "-e", ENTERPRISE, "--as-of", "2024-06-01", "--db", db)
    assert ledger.code == 0, ledger.stderr
    rows = list(csv.DictReader(io.StringIO(ledger.stdout.lstrip("\ufeff"))))
    assert rows and all(row["条款"] for row in rows if row["义务编号"].startswith("d-af223f680407"))
    assert not Path("-").exists()


# --- provenance you can see -------------------------------------------------------------


def test_show_obligation_gives_each_field_with_its_source_characters(db: Path) -> None:
    due = json.loads(invoke("due", "--as-of", "2019-05-01", "-f", "json", "--db", db).stdout)
    recurring = next(row for row in due if row["deadline"].startswith("每季度末月"))
    result = invoke("show", recurring["obligation_id"], "-f", "json", "--db", db)
    assert result.code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["clause"].startswith("四、")
    assert shown["source_verified"]
    source_file = Path(shown["source_path"])
    for name, found in shown["evidence"].items():
        start, end = found["source_span"]
        if source_file.suffix == ".txt":
            assert source_file.read_text(encoding="utf-8")[start:end] == found["source_text"], name
        assert "".join(found["source_text"].split()) == "".join(found["normalised_text"].split()), name
    assert shown["evidence"]["deadline"]["source_text"].replace("\n", "") == "每季度末月15日前"
    table = invoke("show", recurring["obligation_id"], "-f", "table", "--db", db)
    assert "四、" in table.stdout and "deadlines" in table.stdout and "每季度末月15日前" in table.stdout


def test_outline_prints_the_headings(db: Path) -> None:
    rows = json.loads(invoke("outline", "湘通局信管〔2019〕8号", "-f", "json", "--db", db).stdout)
    paths = [row["clause"] for row in rows]
    assert "一、" in paths and any(p.startswith("二、（") for p in paths)


# --- eval -------------------------------------------------------------------------------


def test_eval_refuses_missing_folders(tmp_path: Path) -> None:
    result = invoke("eval", "--gold", tmp_path / "gold", "--docs", CORPUS)
    assert result.code == 1 and f"{tmp_path / 'gold'}: no such folder (given to --gold)" in result.stderr
    (tmp_path / "gold").mkdir()
    result = invoke("eval", "--gold", tmp_path / "gold", "--docs", CORPUS)
    assert result.code == 1 and "no gold" in result.stderr


def test_eval_says_how_many_documents_were_scored() -> None:
    gold = ROOT.parent / "shared" / "gold"
    if not gold.exists():
        pytest.skip("the shared gold annotations are not beside this checkout")
    result = invoke("eval", "--gold", gold, "--docs", CORPUS)
    assert result.code == 0
    count = len(list(gold.glob("*.json")))
    assert f"{count} of {count} documents scored" in result.stdout
    for name in ("actor_exact", "actor_fallback_rate", "actor_unresolved_rate"):
        assert re.search(rf"^{name} +\d\.\d{{3}}$", result.stdout, re.M), name


@pytest.mark.parametrize(
    ("gold_actors", "pred", "exact", "right", "fallback", "unresolved"),
    [
        (["基础电信企业"], {"actors": ["基础电信企业"], "actor_basis": "mention"}, 1, 1, 0, 0),
        (["基础电信企业"], {"actors": ["基础电信企业", "各单位"], "actor_basis": "mention"}, 0, 1, 0, 0),
        (["基础电信企业"], {"actors": ["各单位"], "actor_basis": "fallback"}, 0, 0, 1, 0),
        (["基础电信企业"], {"actors": []}, 0, 0, 0, 1),
    ],
)
def test_eval_counts_exact_actors_fallbacks_and_unresolved(
    gold_actors: list[str], pred: dict, exact: int, right: int, fallback: int, unresolved: int
) -> None:
    from pipeline import evaluate as evaluation

    text = "基础电信企业要加强管理。"
    gold = {"doc": "x", "obligations": [{"key": text, "actors": gold_actors, "modality": "must"}]}
    totals = dict.fromkeys(evaluation.COUNTERS, 0)
    score = evaluation.DocumentScore("x")
    evaluation._score_document(gold, {"obligations": [{**pred, "text": text, "modality": "must"}]}, score, totals)
    assert (totals["act_exact"], totals["act_right"]) == (exact, right)
    assert (totals["fallback"], totals["no_actor"]) == (fallback, unresolved)


def test_show_gives_pdf_pages_and_the_boxes_of_first_and_last_character(tmp_path: Path) -> None:
    import pdfplumber

    pdf_path = CORPUS / "001_c1d9d52df0875253.pdf"
    db = tmp_path / "t.db"
    assert invoke("ingest", pdf_path, "--db", db, "-q", "--output", tmp_path / "out").code == 0
    listed = json.loads(invoke("show", "湘通局信管〔2019〕8号", "-o", "-f", "json", "--db", db).stdout)
    checked = 0
    with pdfplumber.open(pdf_path) as pdf:
        for obligation in listed["obligations"][::7]:
            shown = json.loads(invoke("show", obligation["obligation_id"], "-f", "json", "--db", db).stdout)
            for name, found in shown["evidence"].items():
                chars = "".join(found["source_text"].split())
                for key, page, char in (("bbox_first", 0, chars[0]), ("bbox_last", 1, chars[-1])):
                    x0, top, x1, bottom = found[key]
                    page_chars = pdf.pages[found["pages"][page] - 1].chars
                    inside = [
                        c["text"]
                        for c in page_chars
                        if abs(c["x0"] - x0) < 0.5 and abs(c["top"] - top) < 0.5 and abs(c["x1"] - x1) < 0.5
                    ]
                    assert inside == [char], (name, key)
                    checked += 1
    assert checked > 20


def test_show_after_the_source_file_moved_uses_stored_offsets(tmp_path: Path) -> None:
    copy = tmp_path / "notice.txt"
    shutil.copy(NOTICE, copy)
    db = tmp_path / "t.db"
    assert invoke("ingest", copy, "--db", db, "-q", "--output", tmp_path / "out").code == 0
    listed = json.loads(invoke("show", "湘通局信管〔2019〕8号", "-o", "-f", "json", "--db", db).stdout)
    oid = next(o["obligation_id"] for o in listed["obligations"] if o["deadline"])
    before = json.loads(invoke("show", oid, "-f", "json", "--db", db).stdout)
    copy.unlink()
    after = invoke("show", oid, "-f", "json", "--db", db)
    assert after.code == 0, after.stderr
    moved = json.loads(after.stdout)
    assert before["source_verified"] and not moved["source_verified"]
    for name, found in moved["evidence"].items():
        if name != "text":  # field offsets are stored; the characters need the file
            assert found["source_span"] == before["evidence"][name]["source_span"], name
        assert found["normalised_text"] == before["evidence"][name]["normalised_text"]
    assert "moved or changed since ingest" in invoke("show", oid, "-f", "table", "--db", db).stdout


def test_duties_come_a_page_at_a_time_with_the_count_on_stderr(db: Path) -> None:
    every = invoke("duties", "-e", ENTERPRISE, "-f", "json", "--all", "--db", db)
    whole = json.loads(every.stdout)
    assert len(whole) > 4 and every.stderr == ""
    second = invoke("duties", "-e", ENTERPRISE, "-f", "json", "--limit", "2", "--page", "2", "--db", db)
    assert second.code == 0 and json.loads(second.stdout) == whole[2:4]
    assert (
        second.stderr.strip()
        == f"3–4 of {len(whole)} duties shown: --page 3 for the next 2, --all for every one"
    )
    last_page = -(-len(whole) // 2)
    last = invoke("duties", "-e", ENTERPRISE, "-f", "json", "--limit", "2", "--page", last_page, "--db", db)
    assert json.loads(last.stdout) == whole[(last_page - 1) * 2 :] and last.stderr == ""
    past = invoke("duties", "-e", ENTERPRISE, "--limit", "2", "--page", last_page + 1, "--db", db)
    assert past.code == 2 and f"past the last page ({last_page})" in past.stderr
    assert "Traceback" not in past.stderr


def test_the_duties_page_size_is_the_library_s() -> None:
    """The CLI cannot import pipeline.query at start-up (it stays lean), so it repeats the size."""
    import inspect

    from pipeline import query
    from pipeline.cli import links

    assert inspect.signature(links.duties).parameters["limit"].default == query.PAGE_SIZE
