"""Codebook import and export as CSV, XLSX and YAML (qualframe.formats.codebook_files)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.codebook_files import (
    CodeRecord,
    read_codebook,
    read_codebook_bytes,
    write_codebook,
)
from qualframe.vocabulary import CodeOrigin

UNICODE_NAME = "Zo\u00eb\u2019s caf\u00e9 \u2014 \u65e5\u672c\u8a9e"  # Zoe's cafe, a dash, Japanese
CODEBOOK = [
    CodeRecord(
        ("Disclosure",),
        definition="Talking about one's own\nmental health at work.",
        origin=CodeOrigin.DEDUCTIVE,
        colour="#1F77B4",
    ),
    CodeRecord(
        ("Disclosure", "Expectations to discuss own mental health"),
        definition="What the team expects the peer worker to share.",
        inclusion="Explicit expectations from managers or colleagues.",
        exclusion="The worker's own choice to disclose (code under Choice).",
        example="“They wanted me to tell my story every shift.”",
        origin=CodeOrigin.INDUCTIVE,
    ),
    CodeRecord(
        ("Disclosure", "Expectations to discuss own mental health", UNICODE_NAME),
        example="=not a formula",
        retired=True,
    ),
    CodeRecord(("Disclosure", "Choice")),
    CodeRecord(("2020",), definition="1.10", inclusion="yes", exclusion="null", colour="#ABCDEF"),
]


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.worksheets[0].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _error(data: bytes | str, name: str) -> InputFileError:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(InputFileError) as error:
        read_codebook_bytes(raw, name)
    assert str(error.value).startswith(name)
    return error.value


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".yaml", ".yml"])
def test_codebook_round_trips_exactly(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"codebook{suffix}"
    write_codebook(CODEBOOK, path)
    assert read_codebook(path) == CODEBOOK


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".yaml"])
def test_writing_orders_codes_as_a_tree_and_adds_missing_parents(
    tmp_path: Path, suffix: str
) -> None:
    records = [
        CodeRecord(("A",)),
        CodeRecord(("B", "b1"), definition="under B"),
        CodeRecord(("A", "a1")),
        CodeRecord(("B",), colour="#000000"),
    ]
    path = tmp_path / f"codebook{suffix}"
    write_codebook(records, path)
    assert read_codebook(path) == [
        CodeRecord(("A",)),
        CodeRecord(("A", "a1")),
        CodeRecord(("B",), colour="#000000"),
        CodeRecord(("B", "b1"), definition="under B"),
    ]


def test_csv_codebook_layout_is_one_row_per_code_with_full_paths(tmp_path: Path) -> None:
    path = tmp_path / "codebook.csv"
    write_codebook(CODEBOOK[:2], path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "code,definition,inclusion,exclusion,example,origin,colour,retired"
    assert lines[-1].startswith("Disclosure > Expectations to discuss own mental health,")
    assert lines[-1].endswith(",inductive,,no")


def test_yaml_codebook_nests_children_and_omits_empty_fields(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    write_codebook(
        [CodeRecord(("Trust",)), CodeRecord(("Trust", "Peer trust"), retired=True)], path
    )
    text = path.read_text(encoding="utf-8")
    assert "codes:\n- name: Trust\n  origin: deductive\n  children:\n  - name: Peer trust\n" in text
    assert "retired: true" in text
    assert "definition" not in text


# ---------------------------------------------------------------- tabular reading


def test_implicit_parents_are_created_before_their_children() -> None:
    data = "code,definition\nA > B > C,deep\nA,top\n"
    assert read_codebook_bytes(data.encode(), "cb.csv") == [
        CodeRecord(("A",), definition="top"),
        CodeRecord(("A", "B")),
        CodeRecord(("A", "B", "C"), definition="deep"),
    ]


def test_name_and_parent_columns_are_accepted() -> None:
    data = "Name;Parent;Description\nTrust;;top\nPeer trust;Trust;\nEarly;Trust > Peer trust;x\n"
    assert read_codebook_bytes(data.encode(), "cb.csv") == [
        CodeRecord(("Trust",), definition="top"),
        CodeRecord(("Trust", "Peer trust")),
        CodeRecord(("Trust", "Peer trust", "Early"), definition="x"),
    ]


def test_column_names_match_ignoring_case_spaces_and_synonyms() -> None:
    data = (
        "CODE,Inclusion criteria,exclusion_criteria,Color,Example Quote,Origin,Retired,Notes\n"
        "Trust,in,out,aabbcc,ex,Inductive,YES,ignored\n"
    )
    assert read_codebook_bytes(data.encode(), "cb.csv") == [
        CodeRecord(
            ("Trust",),
            inclusion="in",
            exclusion="out",
            colour="#AABBCC",
            example="ex",
            origin=CodeOrigin.INDUCTIVE,
            retired=True,
        )
    ]


@pytest.mark.parametrize(
    ("written", "stored"),
    [("#abc", "#AABBCC"), ("#aabbcc", "#AABBCC"), ("aabbcc", "#AABBCC"), ("", None)],
)
def test_colours_are_normalised(written: str, stored: str | None) -> None:
    data = f"code,colour\nTrust,{written}\n"
    assert read_codebook_bytes(data.encode(), "cb.csv")[0].colour == stored


@pytest.mark.parametrize(("written", "retired"), [("no", False), ("1", True), ("False", False)])
def test_retired_accepts_yes_no_true_false_one_zero(written: str, retired: bool) -> None:
    data = f"code,retired\nTrust,{written}\n"
    assert read_codebook_bytes(data.encode(), "cb.csv")[0].retired is retired


def test_xlsx_codebook_with_typed_cells_is_read() -> None:
    data = _xlsx(
        [
            ["code", "retired", "colour", "definition"],
            ["Trust", True, 112233, 42],
            [2020, False, None, None],
        ]
    )
    assert read_codebook_bytes(data, "cb.xlsx") == [
        CodeRecord(("Trust",), retired=True, colour="#112233", definition="42"),
        CodeRecord(("2020",)),
    ]


def test_missing_code_column_is_rejected_listing_the_columns() -> None:
    error = _error("label,definition\nTrust,x\n", "cb.csv")
    assert "no 'code' column" in error.problem
    assert "'label', 'definition'" in error.problem


def test_both_code_and_name_columns_are_rejected_as_ambiguous() -> None:
    error = _error("code,name\nTrust,Trust\n", "cb.csv")
    assert "both" in error.problem


def test_two_columns_for_the_same_field_are_rejected() -> None:
    error = _error("code,colour,color\nTrust,#fff,#000\n", "cb.csv")
    assert "'colour' and 'color'" in error.problem


def test_empty_code_name_is_rejected_with_its_line() -> None:
    error = _error("code,definition\nTrust,x\n,orphan definition\n", "cb.csv")
    assert error.line == 3
    assert "empty" in error.problem


def test_empty_name_inside_a_path_is_rejected() -> None:
    error = _error("code\nTrust >  > Peer\n", "cb.csv")
    assert error.line == 2
    assert "empty name" in error.problem


def test_duplicate_path_is_rejected_naming_both_lines() -> None:
    error = _error("code\nTrust\nTrust > Peer\nTrust  >  Peer\n", "cb.csv")
    assert error.line == 4
    assert "'Trust > Peer' is listed twice (first on line 3)" in error.problem


def test_invalid_origin_is_rejected_listing_the_allowed_values() -> None:
    error = _error("code,origin\nTrust,emergent\n", "cb.csv")
    assert error.line == 2
    assert "'emergent'" in error.problem
    assert "deductive or inductive" in error.problem


@pytest.mark.parametrize("colour", ["red", "#12345", "#GGGGGG", "abc", "#1234567"])
def test_invalid_colour_is_rejected(colour: str) -> None:
    error = _error(f"code,colour\nTrust,{colour}\n", "cb.csv")
    assert error.line == 2
    assert f"colour {colour!r} is not a hex colour" in error.problem


def test_invalid_retired_value_is_rejected() -> None:
    error = _error("code,retired\nTrust,maybe\n", "cb.csv")
    assert error.line == 2
    assert "'maybe'" in error.problem


def test_name_with_separator_in_name_and_parent_layout_is_rejected() -> None:
    error = _error("name,parent\nA > B,\n", "cb.csv")
    assert error.line == 2
    assert "'A > B'" in error.problem


def test_unsupported_codebook_suffix_is_rejected() -> None:
    error = _error("code\nTrust\n", "cb.json")
    assert ".yaml" in error.problem


def test_empty_codebook_file_is_rejected() -> None:
    error = _error(b"", "cb.csv")
    assert "empty" in error.problem


def test_missing_codebook_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as error:
        read_codebook(tmp_path / "nothing.yaml")
    assert "nothing.yaml" in str(error.value)
    assert "does not exist" in error.value.problem


# ---------------------------------------------------------------- YAML reading


def test_yaml_codebook_with_nesting_and_bare_names_is_read() -> None:
    text = """\
# my codebook
version: 1
codes:
  - name: Trust
    Description: |
      Trust between peers
      and staff.
    origin: Inductive
    color: "#abc"
    children:
      - Peer trust
      - name: Staff trust
        retired: yes
        children: [Early, Late]
  - name: 2020
    definition: 1.10
"""
    assert read_codebook_bytes(text.encode(), "cb.yml") == [
        CodeRecord(
            ("Trust",),
            definition="Trust between peers\nand staff.",
            origin=CodeOrigin.INDUCTIVE,
            colour="#AABBCC",
        ),
        CodeRecord(("Trust", "Peer trust")),
        CodeRecord(("Trust", "Staff trust"), retired=True),
        CodeRecord(("Trust", "Staff trust", "Early")),
        CodeRecord(("Trust", "Staff trust", "Late")),
        CodeRecord(("2020",), definition="1.10"),
    ]


def test_yaml_with_empty_codes_list_gives_no_codes() -> None:
    assert read_codebook_bytes(b"codes:\n", "cb.yaml") == []


def test_yaml_python_object_tag_is_rejected_without_running_it() -> None:
    text = "codes:\n  - name: !!python/object/apply:os.system ['echo hacked']\n"
    error = _error(text, "evil.yaml")
    assert error.line == 2
    assert "!!python/object/apply:os.system" in error.problem
    assert "not accepted" in error.problem


def test_yaml_python_object_tag_on_a_code_mapping_is_rejected() -> None:
    text = "codes:\n  - !!python/object:collections.OrderedDict {name: Trust}\n"
    error = _error(text, "evil.yaml")
    assert error.line == 2
    assert "!!python/object:collections.OrderedDict" in error.problem


def test_yaml_root_that_is_not_a_mapping_is_rejected() -> None:
    error = _error("- name: Trust\n", "list.yaml")
    assert "must start with 'codes:'" in error.problem
    assert "a list" in error.problem


def test_yaml_without_codes_entry_is_rejected() -> None:
    error = _error("title: my codebook\n", "cb.yaml")
    assert "no 'codes:' entry" in error.problem


def test_yaml_syntax_error_is_reported_with_its_line() -> None:
    error = _error("codes:\n  - name: Trust\n    definition: [unclosed\n", "bad.yaml")
    assert "not valid YAML" in error.problem
    assert error.line is not None


def test_yaml_unknown_key_is_rejected_naming_it() -> None:
    error = _error("codes:\n  - name: Trust\n    defintion: typo\n", "cb.yaml")
    assert error.line == 3
    assert "unknown key 'defintion'" in error.problem


def test_yaml_repeated_key_is_rejected() -> None:
    error = _error("codes:\n  - name: Trust\n    name: Again\n", "cb.yaml")
    assert error.line == 3
    assert "'name' appears twice" in error.problem


def test_yaml_code_without_name_is_rejected() -> None:
    error = _error("codes:\n  - definition: nameless\n", "cb.yaml")
    assert error.line == 2
    assert "no name" in error.problem


def test_yaml_name_containing_the_path_separator_is_rejected() -> None:
    error = _error("codes:\n  - name: Trust > Peer\n", "cb.yaml")
    assert error.line == 2
    assert "'Trust > Peer'" in error.problem
    assert "children" in error.problem


def test_yaml_invalid_origin_and_colour_are_rejected_with_lines() -> None:
    error = _error("codes:\n  - name: A\n  - name: B\n    origin: both\n", "cb.yaml")
    assert error.line == 3
    assert "deductive or inductive" in error.problem
    error = _error("codes:\n  - name: A\n    colour: '#12'\n", "cb.yaml")
    assert error.line == 2
    assert "not a hex colour" in error.problem


def test_yaml_unquoted_hash_colour_is_rejected_rather_than_lost() -> None:
    error = _error("codes:\n  - name: A\n    colour: #1F77B4\n", "cb.yaml")
    assert error.line == 3
    assert "quotes" in error.problem


def test_yaml_duplicate_path_is_rejected() -> None:
    error = _error("codes:\n  - name: A\n  - name: A\n", "cb.yaml")
    assert error.line == 3
    assert "listed twice (first on line 2)" in error.problem


def test_yaml_code_repeated_through_an_alias_is_rejected() -> None:
    text = "codes:\n  - &a {name: A}\n  - name: B\n    children: [*a]\n"
    error = _error(text, "alias.yaml")
    assert "alias" in error.problem


def test_yaml_alias_bomb_is_rejected_quickly() -> None:
    lines = ["codes:", "  - &c0 {name: A}"]
    lines += [f"  - &c{i} {{name: N{i}, children: [*c{i - 1}, *c{i - 1}]}}" for i in range(1, 30)]
    error = _error("\n".join(lines) + "\n", "bomb.yaml")
    assert "alias" in error.problem


def test_yaml_larger_than_the_limit_is_rejected() -> None:
    data = b"codes:\n" + b"# padding\n" * 1_100_000
    error = _error(data, "huge.yaml")
    assert "at most 10 MB" in error.problem


def test_deeply_nested_yaml_is_rejected() -> None:
    text = "codes: " + "[" * 5000 + "]" * 5000 + "\n"
    error = _error(text, "deep.yaml")
    assert "nested too deeply" in error.problem


def test_codes_nested_more_than_the_depth_limit_are_rejected() -> None:
    lines = ["codes:"]
    for depth in range(150):
        lines += ["  " * depth + f"- name: level {depth}", "  " * depth + "  children:"]
    error = _error("\n".join(lines) + "\n", "deep.yaml")
    assert "nested more than 100 levels" in error.problem


# ---------------------------------------------------------------- writing errors


def test_writing_a_name_with_the_separator_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write_codebook([CodeRecord(("A > B",))], tmp_path / "cb.yaml")
    assert "'A > B'" in str(error.value)
    assert not list(tmp_path.iterdir())


def test_writing_a_duplicate_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write_codebook([CodeRecord(("A",)), CodeRecord(("A",))], tmp_path / "cb.csv")
    assert "given twice" in str(error.value)


def test_writing_an_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write_codebook(CODEBOOK, tmp_path / "cb.json")
    assert "cb.json" in str(error.value)


def test_code_record_name_is_the_last_path_element() -> None:
    assert CODEBOOK[2].name == UNICODE_NAME
