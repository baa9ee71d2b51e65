"""Start-up stays lean: commands import the heavy libraries only when they use them, and
jieba keeps its dictionary cache in the user cache directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_f78fd156d0424d87.txt"
HEAVY = ("spacy", "jieba", "pdfplumber", "pypdfium2", "sqlalchemy", "networkx", "pydantic")
# run the CLI in a fresh interpreter and print, at exit, which heavy modules it imported
PROBE = (
    "import atexit, sys\n"
    f"heavy = {HEAVY!r}\n"
    "atexit.register(lambda: print('IMPORTED', *[m for m in heavy if m in sys.modules], file=sys.stderr))\n"
    "from pipeline.cli import main\n"
    "sys.argv[0] = 'dutymap'\n"
    "main()\n"
)


def imported_by(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("IMPORTED")]
    return set(line.split()[1:])


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (("--help",), set()),
        (("extract", "--help"), set()),
        (("extract", str(SEED), "--format", "json"), set()),
    ],
)
def test_commands_import_only_what_they_use(args: tuple[str, ...], allowed: set[str]) -> None:
    assert imported_by(*args) <= allowed


def test_jieba_dictionary_cache_is_kept_in_the_cache_dir(tmp_path: Path) -> None:
    env = {**os.environ, "DUTYMAP_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run(
        [sys.executable, "-c", "from pipeline.store.search import segment; print(segment('携号转网'))"],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["jieba.cache"]


# typer's own rendering: the real rich.markdown and rich.traceback imported first, the command
# built by typer from the postponed annotations (no lean_help, no annotations evaluated first)
TYPER_HELP = (
    "import sys, rich.markdown, rich.traceback, typer\n"
    "import pipeline.cli\n"
    "command = typer.main.get_command(pipeline.cli.app)\n"
    "command.main(sys.argv[1:], prog_name='dutymap')\n"
)


@pytest.mark.parametrize(
    "args", [("--help",), ("extract", "--help"), ("gaps", "--help"), ("due", "--help"), ()]
)
def test_help_reads_as_typer_renders_it(args: tuple[str, ...]) -> None:
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    ours = subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    typers = subprocess.run(
        [sys.executable, "-c", TYPER_HELP, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert "Usage: dutymap" in ours.stdout
    assert ours.stdout == typers.stdout


def test_help_leaves_markdown_and_syntax_highlighting_unimported() -> None:
    probe = PROBE.replace(repr(HEAVY), repr(("markdown_it", "pygments", "pydantic", "platformdirs")))
    result = subprocess.run(
        [sys.executable, "-c", probe, "--help"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert "Usage: dutymap" in result.stdout
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("IMPORTED")]
    assert line.split()[1:] == []


def test_the_stand_ins_are_gone_once_typers_help_is_imported() -> None:
    probe = (
        "import sys\n"
        "from pipeline.cli.lean_help import import_rich_help\n"
        "import_rich_help()\n"
        "from rich.markdown import Markdown\n"
        "from rich.traceback import Traceback\n"
        "print('typer.rich_utils' in sys.modules, Markdown.__module__, Traceback.__module__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split() == ["True", "rich.markdown", "rich.traceback"]
