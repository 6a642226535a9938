"""Reading tables of utterances (one row per utterance) as documents
(qualframe.formats.utterance_tables)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given, strategies as st

from qualframe.errors import InputFileError
from qualframe.formats.speaker_turns import words_start
from qualframe.formats.tables import Table, TableRow, read_table_bytes
from qualframe.formats.utterance_tables import (
    ColumnMapping,
    UtteranceTable,
    code_values,
    guess_columns,
    read_utterance_table,
    read_utterances,
)

FOCUS_GROUP = (
    "interview,turn,speaker,text,site,themes,coder\r\n"
    'FG1,2,P01,"It helped me.\r\nA lot.",North,Trust;Hope,ana\r\n'
    "FG2,1,Interviewer,Welcome.,South,,\r\n"
    "FG1,1,Interviewer,What helped?,North,n/a,ana\r\n"
    "FG1,10,P02,Being listened to.,north,trust,ben\r\n"
)


def _read(data: str | bytes, mapping: ColumnMapping, name: str = "turns.csv") -> UtteranceTable:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_utterance_table(raw, name, mapping)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.worksheets[0].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _texts(table: UtteranceTable) -> dict[str, str]:
    return {d.document.name: d.document.text for d in table.documents}


MAPPING = ColumnMapping(
    document="interview",
    text="text",
    speaker="speaker",
    order="turn",
    coder="coder",
    attributes=("site",),
    codes=("themes",),
)


# ---------------------------------------------------------------- documents and turns


def test_rows_are_grouped_by_document_in_file_order_and_sorted_numerically() -> None:
    table = _read(FOCUS_GROUP, MAPPING)

    assert [d.document.name for d in table.documents] == ["FG1", "FG2"]
    assert _texts(table)["FG1"] == (
        "Interviewer: What helped?\n\nP01: It helped me.\nA lot.\n\nP02: Being listened to."
    )
    assert table.rows == 4 and not table.skipped


def test_each_turn_is_a_speaker_turn_whose_span_starts_at_its_label() -> None:
    document = _read(FOCUS_GROUP, MAPPING).documents[0]
    text = document.document.text

    labels = [(t.label, text[t.start : t.end]) for t in document.document.turns]
    assert labels == [
        ("Interviewer", "Interviewer: What helped?"),
        ("P01", "P01: It helped me.\nA lot."),
        ("P02", "P02: Being listened to."),
    ]
    second = document.document.turns[1]
    assert text[words_start(text, second.start, second.end, "P01") :].startswith("It helped")
    assert [t.lines for t in document.turns] == [(4,), (2,), (5,)]
    assert [(p.start, p.end) for p in document.document.paragraphs] == [
        (t.start, t.end) for t in document.turns
    ]


def test_text_order_is_natural_when_order_values_are_not_all_numbers() -> None:
    data = "doc,q,answer\nA,Q10,ten\nA,Q2,two\nA,Q1,one\n"
    table = _read(data, ColumnMapping(document="doc", text="answer", order="q"))

    assert _texts(table) == {"A": "one\n\ntwo\n\nten"}


def test_rows_sharing_document_order_and_speaker_are_one_turn_of_paragraphs() -> None:
    data = "doc,n,who,said\nA,1,Ann,First.\nA,2,Bob,Reply.\nA,1,Ann,More.\nA,2,Cat,Also.\n"
    table = _read(data, ColumnMapping(document="doc", text="said", speaker="who", order="n"))

    document = table.documents[0]
    assert document.document.text == "Ann: First.\n\nMore.\n\nBob: Reply.\n\nCat: Also."
    assert [t.lines for t in document.turns] == [(2, 4), (3,), (5,)]
    assert [t.label for t in document.document.turns] == ["Ann", "Bob", "Cat"]


def test_without_order_rows_keep_file_order_and_without_speaker_are_plain_paragraphs() -> None:
    data = "doc,said\nA,Second thought.\nB,Other.\nA,Third thought.\n"
    table = _read(data, ColumnMapping(document="doc", text="said"))

    assert _texts(table) == {"A": "Second thought.\n\nThird thought.", "B": "Other."}
    assert all(not d.document.turns for d in table.documents)
    assert [len(d.turns) for d in table.documents] == [2, 1]


def test_a_transcript_in_one_cell_is_split_into_its_speaker_turns() -> None:
    transcript = "Interviewer: How was it?\nP03: Good, mostly.\n\nInterviewer: Why?\nP03: Staff."
    data = f'doc,transcript\nP03 interview,"{transcript}"\n'
    document = _read(data, ColumnMapping(document="doc", text="transcript")).documents[0]

    text = document.document.text
    assert [(t.label, text[t.start : t.end]) for t in document.document.turns] == [
        ("Interviewer", "Interviewer: How was it?"),
        ("P03", "P03: Good, mostly."),
        ("Interviewer", "Interviewer: Why?"),
        ("P03", "P03: Staff."),
    ]


def test_an_empty_speaker_cell_falls_back_to_labels_in_the_text_known_from_the_column() -> None:
    # A plain label said once is not taken for a speaker unless it is known:
    # the speaker column's labels are.
    data = "doc,who,said\nA,,Bob: Hello there.\nA,Bob,Hi.\nA,,Cat: Hello.\n"
    document = _read(data, ColumnMapping(document="doc", text="said", speaker="who")).documents[0]

    assert [t.label for t in document.document.turns] == ["Bob", "Bob"]
    assert [t.speaker for t in document.turns] == [None, "Bob", None]


def test_labels_decided_on_in_the_project_are_passed_to_detection() -> None:
    data = b"doc,said\nA,Q: How?\nA,Dr Who: Fine.\n"
    mapping = ColumnMapping(document="doc", text="said")

    table = read_utterance_table(data, "t.csv", mapping, known={"Q", "Dr Who"})

    assert [t.label for t in table.documents[0].document.turns] == ["Q", "Dr Who"]


def test_rows_without_text_or_document_are_skipped_with_the_reason() -> None:
    data = "doc,said\nA,Words.\nA,   \n,Orphan words.\nB,More words.\n"
    table = _read(data, ColumnMapping(document="doc", text="said"))

    assert [(row.line, row.reason) for row in table.skipped] == [
        (3, "no text"),
        (4, "no document name in 'doc'"),
    ]
    assert _texts(table) == {"A": "Words.", "B": "More words."}


def test_windows_1252_csv_with_crlf_and_quoted_line_breaks_is_read() -> None:
    data = 'doc,said\r\nCaf\xe9,"Line one\r\nline two"\r\n'.encode("cp1252")
    table = _read(data, ColumnMapping(document="doc", text="said"))

    assert _texts(table) == {"Café": "Line one\nline two"}


def test_an_excel_workbook_is_read_with_numbers_as_names_and_orders() -> None:
    data = _xlsx([["case", "n", "said"], [101, 2, "Later."], [101, 1.0, "First."]])
    table = _read(data, ColumnMapping(document="case", text="said", order="n"), "turns.xlsx")

    assert _texts(table) == {"101": "First.\n\nLater."}


# ---------------------------------------------------------------- attributes and codes


def test_an_attribute_takes_the_one_value_of_its_document_ignoring_case_and_blanks() -> None:
    data = "doc,said,site\nA,One.,North\nA,Two.,\nA,Three.,north\nB,Four.,\n"
    table = _read(data, ColumnMapping(document="doc", text="said", attributes=("site",)))

    assert [d.attributes for d in table.documents] == [{"site": "North"}, {}]


def test_two_values_of_an_attribute_in_one_document_are_an_error_naming_both_rows() -> None:
    data = "doc,said,site\nA,One.,North\nA,Two.,South\n"
    mapping = ColumnMapping(document="doc", text="said", attributes=("site",))

    with pytest.raises(InputFileError) as raised:
        _read(data, mapping)

    assert raised.value.line == 3
    assert str(raised.value) == (
        "turns.csv, line 3: the attribute column 'site' has two values for the document "
        "'A': 'North' (row 2) and 'South'; a document has one value of each attribute"
    )


def test_a_theme_column_makes_a_sub_code_per_value_applied_to_the_turn_by_its_coder() -> None:
    table = _read(FOCUS_GROUP, MAPPING)

    (column,) = table.code_columns
    assert (column.column, column.flag, column.values) == ("themes", False, ("Hope", "Trust"))
    fg1 = table.documents[0]
    codings = {(c.value, fg1.document.text[c.start : c.end], c.coder) for c in table.codings}
    assert codings == {
        ("Trust", "P01: It helped me.\nA lot.", "ana"),
        ("Hope", "P01: It helped me.\nA lot.", "ana"),
        ("Trust", "P02: Being listened to.", "ben"),
    }


def test_flag_columns_code_the_rows_marked_yes_and_are_coded_by_the_column() -> None:
    data = "id,comment,Staff,Waiting\n1,Kind staff.,1,0\n2,Long wait.,,yes\n3,Both.,1.0,Y\n"
    table = _read(data, ColumnMapping(document="id", text="comment", codes=("Staff", "Waiting")))

    assert [(c.column, c.flag) for c in table.code_columns] == [("Staff", True), ("Waiting", True)]
    applied = sorted((c.column, c.document, c.value, c.coder) for c in table.codings)
    assert applied == [
        ("Staff", 0, None, "Staff"),
        ("Staff", 2, None, "Staff"),
        ("Waiting", 1, None, "Waiting"),
        ("Waiting", 2, None, "Waiting"),
    ]


def test_a_code_column_with_no_value_makes_no_code() -> None:
    data = "id,comment,Parking\n1,Fine.,0\n2,Good.,\n"
    table = _read(data, ColumnMapping(document="id", text="comment", codes=("Parking",)))

    assert table.code_columns == () and table.codings == ()


@pytest.mark.parametrize(
    ("cell", "values"),
    [
        ("Trust; Hope", ["Trust", "Hope"]),
        ("Trust\nHope", ["Trust", "Hope"]),
        ("Staff listening, understanding", ["Staff listening, understanding"]),
        ("n/a", []),
        ("NA", []),
        ("None", []),
        ("-", []),
        (";  ;", []),
        (2.0, ["2"]),
        (None, []),
    ],
)
def test_code_cells_split_at_semicolons_and_line_breaks_and_ignore_missing_words(
    cell: str | float | None, values: list[str]
) -> None:
    assert code_values(cell) == values


def test_a_code_column_of_free_text_is_refused() -> None:
    rows = "".join(f"{n},Words.,answer number {n}\n" for n in range(250))
    mapping = ColumnMapping(document="id", text="t", codes=("free",))

    with pytest.raises(InputFileError, match="'free' has 250 different values"):
        _read("id,t,free\n" + rows, mapping)


# ---------------------------------------------------------------- bad tables


@pytest.mark.parametrize(
    ("data", "mapping", "problem"),
    [
        (
            "doc,words\nA,Hi.\n",
            ColumnMapping(document="doc", text="text"),
            "there is no column 'text' (asked for as the text column); "
            "the columns are: 'doc', 'words'",
        ),
        (
            "doc,text\nA,Hi.\n",
            ColumnMapping(document="doc", text="text", codes=("theme",)),
            "there is no column 'theme' (asked for as the code column); "
            "the columns are: 'doc', 'text'",
        ),
        ("doc,text\n", ColumnMapping(document="doc", text="text"), "no rows below it"),
        ("doc,text\nA,\nB, \n", ColumnMapping(document="doc", text="text"), "empty on every row"),
        (
            "doc,n,text\nA,1,Hi.\nA,,There.\n",
            ColumnMapping(document="doc", text="text", order="n"),
            "the order column 'n' is empty on this row",
        ),
    ],
)
def test_a_bad_table_is_an_error_naming_the_file_and_the_problem(
    data: str, mapping: ColumnMapping, problem: str
) -> None:
    with pytest.raises(InputFileError, match=r"^turns\.csv[:,] ") as raised:
        _read(data, mapping)

    assert problem in raised.value.problem


def test_a_file_that_is_not_a_table_is_refused() -> None:
    with pytest.raises(InputFileError, match=r"^notes.pdf: files ending in '.pdf' are not tables"):
        _read(b"%PDF-1.4", ColumnMapping(document="doc", text="text"), "notes.pdf")


# ---------------------------------------------------------------- guessing


def test_columns_are_guessed_from_their_names_and_the_longest_text() -> None:
    data = "Comment ID,Trust,Turn,Speaker,FFT answer\n1,A,1,P1,A long answer about care.\n"
    table = read_table_bytes(data.encode(), "t.csv")

    guess = guess_columns(table)

    assert (guess.document, guess.text, guess.speaker, guess.order) == (
        "Comment ID",
        "FFT answer",
        "Speaker",
        "Turn",
    )


# ---------------------------------------------------------------- properties

_words = st.text(alphabet="abc xyz.\n", min_size=1, max_size=30).filter(lambda t: t.strip())
_rows = st.lists(
    st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 5), _words), max_size=25
)


@given(_rows)
def test_every_row_with_text_lands_in_exactly_one_turn_of_its_document(
    rows: list[tuple[str, int, str]],
) -> None:
    table_rows = tuple(
        TableRow(line, {"doc": doc, "n": str(n), "who": "Ann", "text": text.strip()})
        for line, (doc, n, text) in enumerate(rows, start=2)
    )
    if not table_rows:
        return
    mapping = ColumnMapping(document="doc", text="text", speaker="who", order="n")
    table = Table("t.csv", ("doc", "n", "who", "text"), table_rows)

    result = read_utterances(table, mapping)

    seen = [line for d in result.documents for turn in d.turns for line in turn.lines]
    assert sorted(seen) == [row.line for row in table_rows]
    for document in result.documents:
        text = document.document.text
        previous_end = -1
        for turn in document.turns:
            assert 0 <= turn.start < turn.end <= len(text) and turn.start > previous_end
            previous_end = turn.end
            block = text[turn.start : turn.end]
            for line in turn.lines:
                assert table_rows[line - 2].values["text"] in block


def test_a_speaker_longer_than_a_stored_label_is_cut_to_fit_with_an_ellipsis() -> None:
    long_name = "Dr " + "Verylongname " * 30
    data = f"interview,turn,speaker,text\r\nFG1,1,{long_name},It helped.\r\n"
    mapping = ColumnMapping(document="interview", text="text", speaker="speaker", order="turn")
    turn = _read(data, mapping).documents[0].document.turns[0]
    assert len(turn.label) == 200
    assert turn.label.endswith("\u2026") and turn.label.startswith("Dr Verylongname")
