"""Docs that cannot rot: every `dutymap` command shown in the README runs, in order, against a
temporary store, and exits 0 (as sqlite-utils tests its documentation)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.cli_run import ROOT, invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")
GOLD = ROOT.parent / "shared" / "gold"


def readme_commands() -> list[tuple[list[str], str | None]]:
    """(arguments, file piped in) of every command line in the README's sh blocks."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            piped = None
            if "|" in words:  # `cat FILE | dutymap …`
                cut = words.index("|")
                assert words[0] == "cat", line
                piped, words = words[1], words[cut + 1 :]
            if words and words[0] == "dutymap":
                commands.append((words[1:], piped))
    return commands


def expand(args: list[str], folder: Path) -> list[str]:
    """Shell globs, as the shell would expand them in ``folder``."""
    expanded: list[str] = []
    for arg in args:
        if "*" in arg:
            matches = sorted(str(p.relative_to(folder)) for p in folder.glob(arg))
            assert matches, arg
            expanded.extend(matches)
        else:
            expanded.append(arg)
    return expanded


COMMANDS = readme_commands()


def test_the_readme_shows_every_command() -> None:
    from typer.main import get_command

    from pipeline.cli import app

    shown = {args[0] for args, _ in COMMANDS}
    assert set(get_command(app).commands) - {"serve"} <= shown  # type: ignore[attr-defined]


def test_readme_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "repo"
    (work / "tests").mkdir(parents=True)
    (work / "corpus").symlink_to(ROOT / "corpus")
    (work / "tests" / "data").symlink_to(ROOT / "tests" / "data")
    if GOLD.exists():
        (tmp_path / "shared").mkdir()
        (tmp_path / "shared" / "gold").symlink_to(GOLD)
    monkeypatch.chdir(work)
    monkeypatch.setenv("DUTYMAP_DB_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("DUTYMAP_OUTPUT", str(tmp_path / "extracted"))
    ran = 0
    for args, piped in COMMANDS:
        if "--gold" in args and not GOLD.exists():
            continue
        result = invoke(*expand(args, work), input=(work / piped).read_bytes() if piped else None)
        assert result.code == 0, f"dutymap {' '.join(args)}: {result.stderr}"
        assert "Traceback" not in result.stderr
        ran += 1
    assert ran >= len(COMMANDS) - 1
    for written in ("graph.graphml", "台账.xlsx", "duties.ics"):
        assert (work / written).stat().st_size > 0, written
