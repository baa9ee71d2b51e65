"""Output files appear whole or not at all, only where a regular file may be: devices and
folders refused with a one-line error, a kill mid-write never leaves a 0-byte or partial file,
and extracted/ keeps the folder structure so two notice.txt never share a JSON."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.api import ingest_paths, output_name
from pipeline.errors import OutputError
from pipeline.safe_output import write_atomically
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[2]
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"


def test_a_device_is_refused_and_left_alone() -> None:
    before = os.stat("/dev/null")
    with pytest.raises(OutputError, match="/dev/null: .*special file"):
        write_atomically("/dev/null", b"x")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp, "directory"),
        (lambda tmp: Path(""), "not a file name"),
        (lambda tmp: tmp / "file.txt" / "out.json", "Not a directory"),
    ],
    ids=["a folder", "an empty path", "a file as folder"],
)
def test_paths_that_cannot_hold_a_file_get_one_line(tmp_path: Path, make, problem: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "file.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match=problem) as caught:
        write_atomically(make(tmp_path), b"x")
    assert "\n" not in str(caught.value)
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]  # no temporary file left


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_gets_one_line(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="Permission denied"):
            write_atomically(tmp_path / "out.csv", b"x")
    finally:
        tmp_path.chmod(0o700)


def test_a_symlink_is_written_through_and_permissions_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_the_cli_refuses_a_device_with_one_line(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    ingest_paths([HUNAN], store=store)
    store.engine.dispose()
    dutymap = Path(sys.executable).parent / "dutymap"
    result = subprocess.run(
        [str(dutymap), "export", "--csv", "/dev/null", "--db", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "/dev/null" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_extract_out_writes_what_stdout_would_print(tmp_path: Path) -> None:
    from tests.cli_run import invoke

    printed = invoke("extract", HUNAN, "--format", "json")
    written = invoke("extract", HUNAN, "--out", tmp_path / "hunan.json")
    assert printed.code == written.code == 0
    assert (tmp_path / "hunan.json").read_text(encoding="utf-8") == printed.stdout
    assert "obligations written to" in written.stdout and written.stdout.count("\n") == 1
    refused = invoke("extract", HUNAN, "--out", "/dev/null")
    assert refused.code == 1 and refused.stderr.count("\n") == 1 and "/dev/null" in refused.stderr


WRITER = """
import json, sys
from pipeline.safe_output import write_atomically
target, n = sys.argv[1], 0
while True:
    n += 1
    write_atomically(target, json.dumps({"n": n, "pad": "x" * 2_000_000}).encode())
"""


def test_a_kill_mid_write_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    target, killed = tmp_path / "out.json", []
    for delay in (0.3, 0.45, 0.6, 0.75, 0.9):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        killed.append(writer.pid)
        if target.exists():  # the first write may not have finished yet
            assert json.loads(target.read_bytes())["pad"] == "x" * 2_000_000
        leftovers = {p.name for p in tmp_path.iterdir()} - {"out.json"}
        assert {name.split(".")[3] for name in leftovers} <= set(map(str, killed))  # hidden, a dead writer's
    assert target.exists()
    write_atomically(target, b"{}")  # the next write removes what killed writers left
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    live = tmp_path / f".out.json.{os.getpid()}.abcd.tmp"  # this process: running
    live.write_bytes(b"half")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f".out.json.{gone.stdout.strip()}.efgh.tmp"
    dead.write_bytes(b"half")
    write_atomically(target, b"{}")
    assert live.exists() and not dead.exists()


def test_extracted_keeps_the_folder_structure(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for folder in ("a", "b"):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "notice.txt").write_bytes(HUNAN.read_bytes())
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    output = tmp_path / "extracted"
    ingest_paths([corpus], store=store, output_dir=output, output_only_under=corpus)
    store.engine.dispose()
    written = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.json"))
    assert written == ["a/notice.txt.json", "b/notice.txt.json"]
    assert output_name(corpus / "a" / "notice.txt", corpus) == Path("a/notice.txt.json")
