"""Run the `dutymap` command line in-process, as a user's shell would, through ``pipeline.cli.run``
(the edge that turns errors into one-line messages and exit codes)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import run

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def invoke(*args: object, input: bytes | str | None = None) -> Result:
    runner = CliRunner()
    with runner.isolation(input=input) as (stdout, stderr, _):
        try:
            code = run([str(a) for a in args])
        except SystemExit as exit_:  # only typer's own closed-pipe exit gets here
            code = int(exit_.code or 0)
        sys.stdout.flush()
        sys.stderr.flush()
        return Result(code, stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8"))
