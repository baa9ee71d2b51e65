"""Command lines the kill -9 tests start and kill: each repeats a `dutymap` command through
pipeline.cli.run (the edge a shell reaches, errors turned into exit codes) until it is killed.
One process repeats many commands, so a kill lands inside a write far more often than it would
in a shell loop paying an interpreter start per command.

    python -m tests.reliability.killable status DB ROUNDS KEY...
    python -m tests.reliability.killable export DB FOLDER
    python -m tests.reliability.killable extract FILE OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

ORGANISATION = "中国移动湖南公司"
# with a reason every one of these follows every other (a step back is a reopen)
STATUSES = ("in_progress", "done", "open", "not_applicable")
AS_OF = "2020-06-01"
EXPORTS = ("csv", "json", "xlsx", "ics")


def status_script(db: str, rounds: int, keys: list[str]) -> list[int]:
    """``rounds`` status and note changes of each duty; the exit status of each command. Run to
    its end, it leaves the same statuses and notes however often it ran before."""
    from pipeline.cli import run

    codes = []
    for number in range(rounds):
        for position, key in enumerate(keys):
            status = STATUSES[(number + position) % len(STATUSES)]
            note, reason = f"round {number}", f"round {number}"
            command = ["status", key, "--org", ORGANISATION, "--set", status, "--note", note]
            codes.append(run([*command, "--reason", reason, "--who", "killable", "--db", db]))
    return codes


def export_command(db: str, folder: Path) -> list[str]:
    targets = [f"--{kind}={folder / f'ledger.{kind}'}" for kind in EXPORTS]
    return ["export", *targets, "--as-of", AS_OF, "--db", db]


def extract_command(file: Path, out: Path) -> list[str]:
    return ["extract", str(file), "--out", str(out)]


def main(argv: list[str]) -> int:
    from pipeline.cli import run

    kind, *rest = argv
    while True:  # until killed
        if kind == "status":
            db, rounds, *keys = rest
            status_script(db, int(rounds), keys)
        elif kind == "export":
            run(export_command(rest[0], Path(rest[1])))
        elif kind == "extract":
            run(extract_command(Path(rest[0]), Path(rest[1])))
        else:
            sys.stderr.write(f"unknown loop {kind!r}\n")
            return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
