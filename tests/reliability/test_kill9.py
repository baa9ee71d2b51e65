"""kill -9 at random points (SQLite and PostgreSQL): `dutymap ingest` of a batch of notices,
`dutymap status` loops and `dutymap export` / `extract --out` run side by side and are killed
at seeded random moments, several per run. After every kill the store is whole (integrity, no
row without what it belongs to, every stored document complete, statuses equal to their
history), every output file is absent or complete (only a dead writer's hidden temporary file
beside it, which the next write removes), and no ingest worker outlives its killed parent.
Re-running the commands then gives exactly the store, extracted/ and exports a clean run gives.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.api import ingest_paths
from pipeline.cli import run
from pipeline.store import Store
from tests.conftest import StoreAddress
from tests.reliability import killable
from tests.reliability.notices import numbered_notice
from tests.reliability.store_audit import Dump, canonical_dump, documents_part, integrity_problems

ROOT = Path(__file__).resolve().parents[2]
DUTYMAP = str(Path(sys.executable).parent / "dutymap")
EXTRACTED_SOURCE = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
SEED = 20261127
FILES = 36  # two save batches of the ingest (32 documents a transaction)
KILL_ROUNDS = 3
STATUS_ROUNDS = 6
TEMPORARY = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


@dataclass(frozen=True)
class CleanRun:
    """What the commands give when nothing is killed, and how long the ingest took."""

    folder: Path
    notices: Path
    base: Path  # a notice stored before the batch: the status loops change its duties
    keys: list[str]
    ingest_seconds: float
    dump: Dump
    extracted: dict[str, bytes]  # ingest --output: file name → bytes
    exports: dict[str, bytes]
    extract_out: bytes


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> CleanRun:
    folder = tmp_path_factory.mktemp("kill9")
    notices = folder / "notices"
    numbered_notice(notices, 1)
    for number in range(2, FILES + 1):
        numbered_notice(notices, number, cites=number - 1)  # links between the batch's documents
    base = numbered_notice(folder / "base", 90)
    db = f"sqlite:///{folder / 'clean.db'}"
    keys = _store_base(db, base)
    started = time.monotonic()
    ingest = subprocess.run(_ingest_command(notices, db, folder / "extracted", jobs=1), cwd=folder, capture_output=True)
    took = time.monotonic() - started
    assert ingest.returncode == 0, ingest.stderr.decode()
    assert set(killable.status_script(db, STATUS_ROUNDS, keys)) == {0}
    assert run(killable.export_command(db, folder / "exports")) == 0
    assert run(killable.extract_command(EXTRACTED_SOURCE, folder / "extract.json")) == 0
    store = Store.open(db)
    dump = canonical_dump(store.engine)
    store.engine.dispose()
    return CleanRun(
        folder,
        notices,
        base,
        keys,
        took,
        dump,
        _files(folder / "extracted"),
        _files(folder / "exports"),
        (folder / "extract.json").read_bytes(),
    )


def test_kill_9_at_random_points_loses_nothing_and_a_rerun_converges(
    address: StoreAddress, clean: CleanRun, tmp_path: Path
) -> None:
    chance = random.Random(f"{SEED}:{address.url.partition(':')[0]}")
    _store_base(address.cli_url, clean.base)
    db, extracted, exports, extract_out = (
        address.cli_url,
        tmp_path / "extracted",
        tmp_path / "exports",
        tmp_path / "extract" / "hunan.json",
    )
    ingests_cut_short = workers_seen = 0
    for round_ in range(KILL_ROUNDS):
        logs = tmp_path / f"round-{round_}"
        logs.mkdir()
        writer = (
            ["export", db, str(exports)]
            if round_ % 2 == 0
            else ["extract", str(EXTRACTED_SOURCE), str(extract_out)]
        )
        victims = {
            # every other ingest with worker processes: they must not outlive their parent
            "ingest": _ingest_command(clean.notices, db, extracted, jobs=1 + round_ % 2),
            "status": [sys.executable, "-m", "tests.reliability.killable", "status", db, str(STATUS_ROUNDS), *clean.keys],
            writer[0]: [sys.executable, "-m", "tests.reliability.killable", *writer],
        }
        # the ingest writes in its last stretch (a transaction per 32 documents, then their JSON);
        # with workers it is killed while they run: soon after they start (they are done in a
        # second or two, and the pool is closed before the last writes)
        windows = {"ingest": (0.5, 1.0)}
        plan = {name: chance.uniform(*windows.get(name, (0.2, 1.0))) * clean.ingest_seconds for name in victims}
        after_workers = chance.uniform(0.0, 0.05) * clean.ingest_seconds if round_ % 2 else None
        outcome = _run_and_kill(victims, plan, cwd=clean.folder, logs=logs, after_workers=after_workers)
        context = f"round {round_}, kills at {plan}, {outcome}"
        assert outcome.exits["ingest"] in (0, -signal.SIGKILL), context + _tails(logs)
        assert all(code == -signal.SIGKILL for name, code in outcome.exits.items() if name != "ingest"), (
            context + _tails(logs)  # a loop that ended by itself failed
        )
        ingests_cut_short += outcome.exits["ingest"] == -signal.SIGKILL
        workers_seen += len(outcome.ingest_workers)
        assert _still_running(outcome.ingest_workers) == [], context

        store = Store.open(address.url, connect_args=dict(address.connect_args))
        assert integrity_problems(store.engine) == [], context
        dump = canonical_dump(store.engine)
        store.engine.dispose()
        stored = {row["key"] for row in dump["document"]}
        assert documents_part(dump, stored) == documents_part(clean.dump, stored), context  # each whole
        _outputs_absent_or_complete(extracted, clean.extracted, context)
        _exports_absent_or_complete(exports, context)
        _outputs_absent_or_complete(extract_out.parent, {extract_out.name: clean.extract_out}, context)

    rerun = subprocess.run(_ingest_command(clean.notices, db, extracted, jobs=1), cwd=clean.folder, capture_output=True)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert set(killable.status_script(db, STATUS_ROUNDS, clean.keys)) == {0}
    assert run(killable.export_command(db, exports)) == 0
    assert run(killable.extract_command(EXTRACTED_SOURCE, extract_out)) == 0
    store = Store.open(address.url, connect_args=dict(address.connect_args))
    assert integrity_problems(store.engine) == []
    assert canonical_dump(store.engine) == clean.dump
    store.engine.dispose()
    assert _files(extracted) == clean.extracted  # and no temporary file left beside them
    exported = _files(exports)
    assert sorted(exported) == sorted(clean.exports)
    assert exported["ledger.json"] == clean.exports["ledger.json"]
    assert exported["ledger.csv"] == clean.exports["ledger.csv"]
    assert _files(extract_out.parent) == {extract_out.name: clean.extract_out}
    assert ingests_cut_short >= 1, "no kill landed inside an ingest: the plan tests nothing"
    if Path("/proc/self/task").is_dir():  # Linux lists a process's children
        assert workers_seen >= 1, "no ingest was killed while its workers ran"
    print(f"{ingests_cut_short} of {KILL_ROUNDS} ingests cut short, {workers_seen} ingest workers seen ended")


# --- running and killing -------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    exits: dict[str, int]
    ingest_workers: list[int]  # the ingest's child processes when it was killed


def _run_and_kill(
    commands: dict[str, list[str]], plan: dict[str, float], *, cwd: Path, logs: Path, after_workers: float | None
) -> Outcome:
    """Start every command, kill each at its planned second (the ingest, given ``after_workers``,
    that long after its worker processes appear)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    processes = {
        name: subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=(logs / f"{name}.log").open("wb")
        )
        for name, command in commands.items()
    }
    workers: list[int] = []
    if after_workers is not None:
        # waited for however long the start takes beside the other commands (it ends if the ingest does)
        plan = {**plan, "ingest": _workers_start(processes["ingest"], started, 60.0) + after_workers}
    for name, delay in sorted(plan.items(), key=lambda item: item[1]):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        process = processes[name]
        if name == "ingest":
            workers = _children(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
    exits = {name: process.wait(timeout=60) for name, process in processes.items()}
    return Outcome(exits, workers)


def _workers_start(process: subprocess.Popen[bytes], started: float, limit: float) -> float:
    """Seconds from ``started`` until ``process`` has worker processes (a pool and its resource
    tracker: more than one child), or ``limit``."""
    while time.monotonic() - started < limit and process.poll() is None:
        if len(_children(process.pid)) > 1:
            break
        time.sleep(0.05)
    return time.monotonic() - started


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, made by any of its threads (the pool starts its workers
    from a thread of its own)."""
    children = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += [int(child) for child in listing.read_text().split()]
        except OSError:  # the thread or the process ended meanwhile
            continue
    return children


def _still_running(pids: list[int], wait: float = 10.0) -> list[int]:
    """The processes of ``pids`` still alive after ``wait`` seconds (zombies count as ended)."""
    deadline = time.monotonic() + wait
    while True:
        alive = [pid for pid in pids if _alive(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _tails(logs: Path) -> str:
    return "".join(f"\n{log.name}: {log.read_text(errors='replace')[-600:]}" for log in sorted(logs.glob("*.log")))


# --- what is left on disk ------------------------------------------------------


def _ingest_command(notices: Path, db: str, output: Path, *, jobs: int) -> list[str]:
    return [DUTYMAP, "ingest", str(notices), "--db", db, "--output", str(output), "--jobs", str(jobs), "--quiet"]


def _store_base(db: str, base: Path) -> list[str]:
    """Store the base notice (the status loops' duties) and return its duties' keys."""
    from pipeline.settings import Settings

    store = Store.open(Settings.from_env(db=db).db_url)
    ingest_paths([base], store=store)
    keys = [o.key for o in store.obligations()]
    store.engine.dispose()
    return keys


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()} if folder.is_dir() else {}


def _dead_writers_temporaries(folder: Path, targets: set[str]) -> list[str]:
    """Names in ``folder`` that are neither a target nor the temporary file of a writer that is gone."""
    unexpected = []
    for name in _files(folder):
        found = TEMPORARY.match(name)
        if name in targets:
            continue
        if found is None or found["target"] not in targets or _alive(int(found["pid"])):
            unexpected.append(name)
    return unexpected


def _outputs_absent_or_complete(folder: Path, complete: dict[str, bytes], context: str) -> None:
    present = _files(folder)
    assert _dead_writers_temporaries(folder, set(complete)) == [], context
    for name, data in present.items():
        if name in complete:
            assert data == complete[name], f"{name} is not the whole file; {context}"


def _exports_absent_or_complete(folder: Path, context: str) -> None:
    from icalendar import Calendar
    from openpyxl import load_workbook

    targets = {f"ledger.{kind}" for kind in killable.EXPORTS}
    assert _dead_writers_temporaries(folder, targets) == [], context
    present = {name: data for name, data in _files(folder).items() if name in targets}
    if "ledger.json" in present:
        assert isinstance(json.loads(present["ledger.json"]), list), context
    if "ledger.csv" in present:
        rows = list(csv.reader(io.StringIO(present["ledger.csv"].decode("utf-8-sig"))))
        assert rows and len({len(row) for row in rows}) == 1, context  # a header, no row cut short
    if "ledger.xlsx" in present:
        assert load_workbook(io.BytesIO(present["ledger.xlsx"]), read_only=True).sheetnames, context
    if "ledger.ics" in present:
        assert Calendar.from_ical(present["ledger.ics"]).name == "VCALENDAR", context
