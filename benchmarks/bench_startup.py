"""Start-up: `dutymap --help` and `dutymap extract SEED` as whole processes (not a test).

    python benchmarks/bench_startup.py [--runs 30] [--baseline PATH]

Each command runs ``--runs`` times, through the installed entry point (what users run: the
`dutymap` script beside this Python) and as ``python -m pipeline``. Wall and CPU seconds
(user + system of the child) are reported as median and minimum, with the bytecode cache
kept in a temporary folder (PYTHONDONTWRITEBYTECODE is lifted for the children): the machine is shared, so
the minimum is the least disturbed run and CPU seconds move less than wall. With
``--baseline PATH`` (another checkout, e.g. main's worktree) the same commands run with that
checkout's ``pipeline`` too, alternating run by run, so machine noise hits both alike.
Goals (issue 13): --help under 0.3 s, extract of one seed notice under 1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_line  # noqa: E402

SEED = ROOT / "corpus" / "000_f78fd156d0424d87.txt"


def one_run(command: list[str], checkout: Path, pycache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one child process importing ``pipeline`` from ``checkout``."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from its bytecode cache
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # (in the checkout: `python -m` puts the working folder first on the path)
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=checkout
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with, run by run")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("dutymap")
    commands = {
        "dutymap --help": [str(script), "--help"],
        "python -m pipeline --help": [sys.executable, "-m", "pipeline", "--help"],
        "dutymap extract SEED --format json": [str(script), "extract", str(SEED), "--format", "json"],
    }
    if not script.exists():
        commands = {name: cmd for name, cmd in commands.items() if cmd[0] != str(script)}
    checkouts = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    print(machine_line())
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.runs} runs each, alternating")
    # bytecode is cached outside the checkouts, as a user's installed copy has it
    pycache = Path(tempfile.mkdtemp(prefix="dutymap-pycache-"))
    print(f"{'command':<36} {'checkout':<9} {'wall median/min s':>18} {'cpu median/min s':>17}")
    for name, command in commands.items():
        for checkout in checkouts.values():
            one_run(command, checkout, pycache)  # warm the file and bytecode caches
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label in checkouts}
        for _ in range(args.runs):
            for label, checkout in checkouts.items():
                runs[label].append(one_run(command, checkout, pycache))
        for label, measured in runs.items():
            walls, cpus = [w for w, _ in measured], [c for _, c in measured]
            print(
                f"{name:<36} {label:<9} {statistics.median(walls):>9.3f}/{min(walls):<8.3f}"
                f" {statistics.median(cpus):>8.3f}/{min(cpus):<8.3f}"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}  (goals: --help < 0.3 s, extract < 1 s)")


if __name__ == "__main__":
    main()
