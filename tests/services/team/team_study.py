"""A small hand-built study coded by two (or three) coders, counted by hand.

Documents:

- ``D1.txt``: an interview of ten speaker turns (Interviewer, P01, ...),
  turn *i* holding the words "Turn number *i*".
- ``D2.txt``: three paragraphs, no speaker turns.
- ``D3.txt``: two paragraphs of two sentences each, no speaker turns.

Codes: Hope, Trust, Spare (never applied). Codings (each a turn's words
"Turn number i" in D1)::

    D1  Hope   ana: turns 0 1 2 3      ben: turns 0 1 2 4      (cy: 0 1 2 3)
    D1  Trust  ana: turn 7             ben: turn 7
    D2  Hope   ana: paragraph 1        (ben coded nothing in D2)
    D3  Hope   ana: "I felt hope."     ben: "It lasted."

On the ten turns of D1, Hope: both 3, ana only 1, ben only 1, neither 5:
percent 0.8, Cohen's κ (0.8 − 0.52) / 0.48 = 0.58333, Krippendorff's α
1 − 19·4 / (2·8·12) = 0.60417, Gwet's AC1 (0.8 − 0.48) / 0.52 = 0.61538.
Pooled with Trust (20 unit × code pairs: both 4, one only 2, neither 14):
percent 0.9, κ (0.9 − 0.625) / 0.375 = 0.73333.
"""

from __future__ import annotations

from dataclasses import dataclass

import qualframe

D1 = (
    "\n\n".join(
        f"{'Interviewer' if turn % 2 == 0 else 'P01'}: Turn number {turn} says something here."
        for turn in range(10)
    )
    + "\n"
)
D2 = "First paragraph about hope.\n\nSecond paragraph about nothing.\n\nThird paragraph.\n"
D3 = "I felt hope. It lasted.\n\nThen nothing came. The end.\n"


@dataclass(frozen=True)
class TeamStudy:
    """The project and the ids tests point at."""

    project: qualframe.Project
    codings: dict[tuple[str, str, int], int]  # (coder, code, turn) -> coding id in D1

    def coding(self, coder: str, code: str, turn: int) -> int:
        return self.codings[coder, code, turn]


def turn_words(turn: int) -> tuple[int, int]:
    """The span of the words "Turn number i" in D1."""
    words = f"Turn number {turn}"
    start = D1.index(words)
    return start, start + len(words)


def turn_span(turn: int) -> tuple[int, int]:
    """The span of speaker turn ``turn`` of D1 (label included), as stored."""
    line = D1.split("\n\n")[turn]
    start = D1.index(line)
    return start, start + len(line)


def _span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def build(project: qualframe.Project, *, third: bool = False) -> TeamStudy:
    """The study of the module docstring (with ``third``: cy codes D1 too)."""
    with project.atomic():
        project.study.add_case("Trust A")
        project.study.add_participant("P01", "Trust A")
        project.study.add_participant("P02", "Trust A")
        project.documents.import_bytes("D1.txt", D1.encode(), participants="P01")
        project.documents.import_bytes("D2.txt", D2.encode(), participants="P02")
        project.documents.import_bytes("D3.txt", D3.encode(), participants="P02")
        project.documents.map_speaker("Interviewer", role="interviewer")
        project.documents.map_speaker("P01", "P01")
        for code in ("Hope", "Trust", "Spare"):
            project.codebook.add(code)
    codings: dict[tuple[str, str, int], int] = {}
    plan = [("ana", "Hope", (0, 1, 2, 3)), ("ben", "Hope", (0, 1, 2, 4))]
    plan += [("ana", "Trust", (7,)), ("ben", "Trust", (7,))]
    if third:
        plan.append(("cy", "Hope", (0, 1, 2, 3)))
    for coder, code, turns in plan:
        coding = project.acting_as(coder).coding
        for turn in turns:
            codings[coder, code, turn] = coding.apply("D1.txt", code, *turn_words(turn)).id
    project.acting_as("ana").coding.apply("D2.txt", "Hope", *_span_of(D2, "First paragraph"))
    project.acting_as("ana").coding.apply("D3.txt", "Hope", *_span_of(D3, "I felt hope."))
    project.acting_as("ben").coding.apply("D3.txt", "Hope", *_span_of(D3, "It lasted."))
    return TeamStudy(project, codings)


def coding_rows(project: qualframe.Project) -> set[tuple[int, str, str, str, int, int]]:
    """Every coding as ``(id, document, code, coder, start, end)``."""
    frame = project.coding.codings()
    return {
        (int(r.coding_id), r.document, r.code, r.coder, int(r.start), int(r.end))
        for r in frame.itertuples()
    }
