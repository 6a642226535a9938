"""Importing a 100-page line-numbered PDF transcript with ``qualframe import``, as a process.

The PDF is generated the way transcription workflows deliver interviews
(``tests/formats/pdf_samples.py``): 40 numbered lines a page (blank lines
numbered too), a running header, a ``Page N of M`` footer, bold speaker
labels, answers of one to three paragraphs, wrapped lines. Each run creates
a fresh SQLite project with ``qualframe init`` (not timed) and then times
``qualframe import FILE`` as the user runs it: the console script of this
interpreter's environment, a new process, start-up and commit included.

Floor: the same command importing the same paragraphs as a ``.txt`` file,
so the ratio shows what reading the PDF by layout adds. Before timing, the
PDF is read in this process and its words are checked against the
generated paragraphs (no line number, header or footer kept, no word lost).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
from pathlib import Path

from tests.formats.pdf_samples import Layout, interview_paragraphs, transcript

from benchmarks.report import Result, timed

#: Pages the generated transcript should fill.
PAGES = 100
#: Words that fill about :data:`PAGES` pages of 40 numbered lines.
WORDS = 34_000
#: Seconds allowed for the whole ``qualframe import`` process.
BUDGET = 5.0
RUNS = 3


def _script() -> str:
    """The ``qualframe`` console script beside this interpreter."""
    found = Path(sys.executable).with_name("qualframe")
    if not found.exists():
        raise SystemExit(f"{found}: the qualframe console script is not installed")
    return str(found)


def build(folder: Path, words: int = WORDS) -> tuple[Path, Path, int]:
    """Write the transcript as ``interview-p4.pdf`` and ``interview-p4.txt`` in ``folder``.

    Returns both paths and the PDF's page count. Raises ``AssertionError`` when
    the reader does not give back exactly the generated words.
    """
    from qualframe.formats.pdf_reader import read_pdf

    paragraphs = interview_paragraphs(random.Random(11), words)
    generated = transcript(paragraphs, Layout(lines_per_page=40))
    pdf = folder / "interview-p4.pdf"
    pdf.write_bytes(generated.pdf)
    text = folder / "interview-p4.txt"
    text.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    content = read_pdf(generated.pdf, pdf.name)
    assert content.text.split() == "\n\n".join(paragraphs).split(), "PDF words differ"
    assert "\t" not in content.text
    return pdf, text, len(generated.pages)


def _import_seconds(script: str, database: Path, path: Path) -> float:
    """Seconds taken by ``qualframe import path`` into a new project at ``database``."""
    url = f"sqlite:///{database}"
    base = [script, "--database", url, "--user", "benchmark"]
    subprocess.run([*base, "init", "PDF import"], check=True, stdout=subprocess.DEVNULL)
    return timed(
        lambda: subprocess.run([*base, "import", str(path)], check=True, stdout=subprocess.DEVNULL)
    )


def run(work: Path) -> list[Result]:
    """Time the PDF import against the same text as .txt, ``RUNS`` times interleaved."""
    folder = work / "pdf-import"
    folder.mkdir(parents=True, exist_ok=True)
    pdf, text, pages = build(folder)
    script = _script()
    ours: list[float] = []
    floor: list[float] = []
    for attempt in range(RUNS):
        floor.append(_import_seconds(script, folder / f"text-{attempt}.db", text))
        ours.append(_import_seconds(script, folder / f"pdf-{attempt}.db", pdf))
    value, bare = statistics.median(ours), statistics.median(floor)
    return [
        Result(
            name=f"`qualframe import` of a {pages}-page line-numbered PDF transcript "
            "(whole process)",
            value=value,
            unit="s",
            target=f"≤ {BUDGET:g} s",
            met=value <= BUDGET,
            floor=bare,
            note=f"median of {RUNS} runs ({_seconds(ours)}), each into a fresh SQLite "
            f"project; {pdf.stat().st_size / 1e6:.1f} MB PDF, 40 numbered lines a page, "
            "running header, `Page N of M` footer; the words read back equal the generated "
            f"ones. Floor: the same paragraphs imported as a .txt file ({_seconds(floor)}).",
        )
    ]


def _seconds(samples: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in samples) + " s"
