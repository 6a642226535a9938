"""Tables of word-processor documents: plain rows, or a transcript's speaker turns.

Shared by the Word (.docx) and OpenDocument (.odt) readers, which give the
rows of a table as :class:`TableRow` values (each cell's paragraphs on
separate lines). A plain table becomes one block per row, its cells
separated by a tab; the blocks of tables nested in a row's cells follow it.

A table is a transcript when its rows are ``speaker | text`` or ``time |
speaker | text`` (columns in any order): every row has the same 2 or 3
cells; one column holds short speaker labels (as
:func:`~qualframe.formats.speaker_turns.is_speaker_label` accepts, a
trailing ``:``, ``**`` or brackets dropped), filled in at least half the
rows, and some label recurs; another holds the words, longer on average and
with at least one cell longer than a label can be; a third column, if any,
must hold times (``00:01:23``, ``0:05``, ``[00:01:23]``, ``01:23.5``) in at
least half the rows and nothing else. A first row naming the columns
(``Speaker | Text``, ``Time | Name | Transcript``...) is a header and is
left out.

A transcript row becomes the block ``Speaker: text``, starting a turn whose
``seconds`` is the row's time (the start of a range such as ``00:01:23 -
00:01:30``). A row without a time of its own whose speaker is empty or the
one before continues that turn: its block is the text alone. A row with a
time but an empty speaker cell starts a new turn of the speaker before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.formats.docx_layout import Anchor, Block, Marked, join_marked
from qualframe.formats.speaker_turns import clean_label, is_speaker_label
from qualframe.formats.text_decoding import normalise_text

_TIME = re.compile(r"[\[(]?(?:(\d{1,2}):)?(\d{1,3}):(\d{2}(?:[.,]\d{1,3})?)[\])]?")
_TIME_RANGE = re.compile(r"\s*(?:-->|[-\u2013\u2014]|\bto\b)\s*")
#: Words that name a column in a transcript table's header row.
_HEADER_WORDS = frozenset(
    {
        *("speaker", "speakers", "name", "names", "who", "person", "role", "participant"),
        *("text", "transcript", "transcription", "speech", "utterance", "utterances"),
        *("dialogue", "said", "content", "words", "response", "answer"),
        *("time", "times", "timestamp", "timestamps", "time stamp", "timecode", "time code"),
        *("start", "start time", "begin", "tc"),
    }
)
#: Most words of a speaker label (as speaker_turns allows).
_MAX_LABEL_WORDS = 6


@dataclass(frozen=True)
class TableRow:
    """One row of a table: its cells (cleaned text, paragraphs on separate
    lines; merged cells once) and the blocks of tables nested in them."""

    cells: tuple[Marked, ...]
    nested: tuple[Block, ...] = ()


@dataclass(frozen=True)
class TranscriptLayout:
    """Which column (0-based) holds what; ``time`` is None without times;
    ``header`` says the first row names the columns."""

    speaker: int
    text: int
    time: int | None
    header: bool


def table_blocks(rows: Sequence[TableRow]) -> tuple[list[Block], bool]:
    """The blocks of a table, and whether it was read as a transcript."""
    rows = [row for row in rows if any(cell.text for cell in row.cells) or row.nested]
    layout = transcript_layout([[cell.text for cell in row.cells] for row in rows])
    if layout is None:
        return _plain_blocks(rows), False
    return _turn_blocks(rows[1:] if layout.header else rows, layout), True


def _plain_blocks(rows: Sequence[TableRow]) -> list[Block]:
    blocks = []
    for row in rows:
        body = join_marked("\t", row.cells).stripped()
        if body.text:
            blocks.append(Block(body))
        blocks.extend(row.nested)
    return blocks


def transcript_layout(rows: Sequence[Sequence[str]]) -> TranscriptLayout | None:
    """The transcript layout of a table given as cell texts, or None when it is
    not a transcript (see the module docstring)."""
    widths = {len(row) for row in rows}
    if len(rows) < 2 or len(widths) != 1 or (width := widths.pop()) not in (2, 3):
        return None
    header = bool(rows) and _is_header(rows[0])
    data = rows[1:] if header else rows
    if len(data) < 2:
        return None
    columns = [[row[index] for row in data] for index in range(width)]
    times = [index for index in range(width) if _is_time_column(columns[index])]
    if width == 3 and not times:
        return None
    time = times[0] if width == 3 else None
    others = [index for index in range(width) if index != time]
    labels = [index for index in others if _is_label_column(columns[index])]
    for speaker in sorted(labels, key=lambda index: _mean_length(columns[index])):
        text = next(index for index in others if index != speaker)
        if _is_text_column(columns[text], columns[speaker]):
            return TranscriptLayout(speaker, text, time, header)
    return None


def _is_header(cells: Sequence[str]) -> bool:
    names = [cell.strip().rstrip(":").strip().casefold() for cell in cells]
    return any(names) and all(not name or name in _HEADER_WORDS for name in names)


def _is_time_column(cells: Sequence[str]) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    return 2 * len(filled) >= len(cells) and all(parse_time(cell) is not None for cell in filled)


def _is_label_column(cells: Sequence[str]) -> bool:
    labels = [speaker_cell_label(cell) for cell in cells]
    named = [label for label in labels if label]
    return (
        None not in labels
        and 2 * len(named) >= len(cells)
        and len(set(named)) < len(named)  # some speaker speaks twice
    )


def _is_text_column(cells: Sequence[str], labels: Sequence[str]) -> bool:
    return _mean_length(cells) > _mean_length(labels) and any(
        len(cell.split()) > _MAX_LABEL_WORDS for cell in cells
    )


def _mean_length(cells: Sequence[str]) -> float:
    return sum(len(cell) for cell in cells) / max(len(cells), 1)


def speaker_cell_label(cell: str) -> str | None:
    """The speaker label in a table cell: ``""`` when empty, None when the cell
    is not a label (too long, several lines, a remark such as "Note")."""
    raw = cell.strip()
    if not raw:
        return ""
    if "\n" in raw:
        return None
    raw = raw.strip("*_").rstrip(":").strip().strip("*_")
    if raw.startswith("[") and raw.endswith("]"):
        raw = raw[1:-1]
    label = normalise_text(clean_label(raw))
    return label if is_speaker_label(label) else None


def parse_time(cell: str) -> float | None:
    """Seconds of a time such as ``00:01:23``, ``0:05``, ``[01:23.5]``, or of the
    start of a range (``00:01:23 - 00:01:30``); None if ``cell`` is not one
    (minutes and seconds past the hour must be below 60)."""
    parts = _TIME_RANGE.split(cell.strip())
    if len(parts) == 2 and _one_time(parts[1]) is None:
        return None
    return _one_time(parts[0]) if len(parts) <= 2 else None


def _one_time(text: str) -> float | None:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    value = float(seconds.replace(",", "."))
    if value >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + value


def _turn_blocks(rows: Sequence[TableRow], layout: TranscriptLayout) -> list[Block]:
    """One block per row with words: a new turn or the continuation of one."""
    blocks: list[Block] = []
    speaker: str | None = None
    for row in rows:
        words = _words_with_anchors(row, layout)
        label = speaker_cell_label(row.cells[layout.speaker].text) or speaker
        seconds = None if layout.time is None else parse_time(row.cells[layout.time].text)
        if words.text:
            if label is None:
                blocks.append(Block(words))
            elif label == speaker and seconds is None:
                blocks.append(Block(words, continues_turn=True))
            else:
                blocks.append(
                    Block(words.with_prefix(f"{label}: "), speaker=label, seconds=seconds)
                )
            speaker = label
        blocks.extend(
            Block(nested.body, nested.heading, continues_turn=True) for nested in row.nested
        )
    return blocks


def _words_with_anchors(row: TableRow, layout: TranscriptLayout) -> Marked:
    """The text cell of a transcript row; comment anchors of its other cells
    are moved to the start of the words."""
    words = row.cells[layout.text]
    moved = [
        Anchor(anchor.key, anchor.kind, 0)
        for index, cell in enumerate(row.cells)
        if index != layout.text
        for anchor in cell.anchors
    ]
    return Marked(words.text, (*moved, *words.anchors))
