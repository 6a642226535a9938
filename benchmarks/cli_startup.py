"""Start-up cost of the command line, as whole processes: ``qualframe --help``.

Each command is run as the user runs it (the ``qualframe`` console script of
this interpreter's environment, a new process each time), interleaved with
the floor, a bare ``python -c pass`` of the same interpreter, so both see
the same machine load. The figure is the median over the runs minus the
floor's median: what qualframe itself adds before it prints anything.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.report import Result

#: The commands measured (arguments after ``qualframe``).
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("codings", "--help"),
    ("matrix", "show", "--help"),
    ("compare", "code", "--help"),
)
#: Runs of each command (and of the floor) per measurement.
RUNS = 15
#: Seconds qualframe may add to a bare interpreter's start-up.
BUDGET = 0.3


def _script() -> str:
    """The ``qualframe`` console script beside this interpreter."""
    found = Path(sys.executable).with_name("qualframe")
    if not found.exists():
        raise SystemExit(f"{found}: the qualframe console script is not installed")
    return str(found)


def _seconds(argv: list[str]) -> float:
    environment = {**os.environ, "QUALFRAME_DATABASE_URL": "sqlite:///:memory:"}
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=environment)
    return time.perf_counter() - start


def run() -> list[Result]:
    """Measure each command against the bare interpreter, interleaved."""
    script = _script()
    results = []
    for command in COMMANDS:
        ours: list[float] = []
        floor: list[float] = []
        for _ in range(RUNS):
            floor.append(_seconds([sys.executable, "-c", "pass"]))
            ours.append(_seconds([script, *command]))
        bare, whole = statistics.median(floor), statistics.median(ours)
        added = whole - bare
        shown = " ".join(("qualframe", *command))
        results.append(
            Result(
                name=f"`{shown}` start-up (whole process, over a bare interpreter)",
                value=added,
                unit="s",
                target=f"≤ {BUDGET} s over `python -c pass`",
                met=added <= BUDGET,
                floor=bare,
                note=f"median of {RUNS} interleaved runs: {whole * 1000:.0f} ms for the "
                f"command, {bare * 1000:.0f} ms for `python -c pass`; the value is the "
                "difference (the ratio compares it with the bare start-up)",
            )
        )
    return results
