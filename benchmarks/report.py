"""Benchmark results and the Markdown page they are written to."""

from __future__ import annotations

import platform
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One measured figure, with its floor and target where they exist.

    ``value`` and ``floor`` are in ``unit``; ``target`` says what the issue
    asks (e.g. "≤ 3× floor" or "p95 ≤ 20 ms") and ``met`` whether we meet it.
    """

    name: str
    value: float
    unit: str
    target: str
    met: bool
    floor: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Value divided by floor, when there is a floor."""
        return None if not self.floor else self.value / self.floor


def timed(function: Callable[[], object]) -> float:
    """Seconds taken by one call of ``function``."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def percentile(samples: list[float], share: float) -> float:
    """The ``share`` (0..1) percentile of ``samples`` (inclusive method)."""
    if len(samples) == 1:
        return samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[round(share * 100) - 1]


def write_markdown(
    results: list[Result], path: Path, command: str, sections: Sequence[str] = ()
) -> None:
    """Write the results table and the machine it ran on to ``path``, then the
    notes and ``sections`` (Markdown, each with its own heading)."""
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` on "
        f"{platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}. Floors are measured in the same run.",
        "",
        "| measurement | qualframe | floor | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        floor = f"{r.floor:.3g} {r.unit}" if r.floor else "–"
        ratio = f"{r.ratio:.2f}×" if r.ratio else "–"
        lines.append(
            f"| {r.name} | {r.value:.3g} {r.unit} | {floor} | {ratio} | {r.target} | "
            f"{'yes' if r.met else '**no**'} |"
        )
    notes = [f"- **{r.name}**: {r.note}" for r in results if r.note]
    if notes:
        lines += ["", "## Notes", "", *notes]
    for section in sections:
        lines += ["", section.strip()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
