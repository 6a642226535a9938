"""The one rule for names and text (services/core/text_rules.py) and the column
widths it stands for."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from qualframe.errors import ValidationError
from qualframe.formats.subtitle_reader import MAX_VOICE_CHARS
from qualframe.services.core import text_rules
from qualframe.services.core.text_rules import (
    FILE_NAME_CHARS,
    NAME_CHARS,
    check_name,
    check_text,
    storable_name,
)
from qualframe.storage.models import Base
from qualframe.web.server.refs import MAX_ID


def _width(table: str, column: str) -> int:
    kind = Base.metadata.tables[table].c[column].type
    assert isinstance(kind, sa.String)
    assert kind.length is not None
    return kind.length


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("projects", "name"),
        ("codes", "name"),
        ("cases", "name"),
        ("participants", "identifier"),
        ("attribute_definitions", "name"),
        ("audit_log", "actor"),
        ("codings", "coder"),
        ("memos", "author"),
        ("documents", "imported_by"),
    ],
)
def test_the_name_limit_is_the_width_of_the_name_columns(table: str, column: str) -> None:
    assert _width(table, column) == NAME_CHARS


@pytest.mark.parametrize(
    ("table", "column"), [("documents", "name"), ("documents", "title"), ("memos", "title")]
)
def test_the_file_name_limit_is_the_width_of_the_file_name_columns(table: str, column: str) -> None:
    assert _width(table, column) == FILE_NAME_CHARS


def test_the_voice_label_limit_is_the_width_of_the_speaker_label_column() -> None:
    assert _width("speaker_turns", "label") == MAX_VOICE_CHARS


def test_every_id_is_an_integer_column_so_the_web_bound_holds_on_postgresql() -> None:
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column.name == "id":
                assert type(column.type) is sa.Integer, table.name
    assert MAX_ID == 2**31 - 1  # PostgreSQL's INTEGER


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Trust\x00", r"The code name contains a NUL character \(\\x00\)"),
        ("Tr\ud800ust", r"The code name contains U\+D800, half of a character"),
        ("x" * 201, r"The code name 'x{40}'\u2026 is 201 characters long; at most 200 fit\."),
    ],
)
def test_a_name_no_database_stores_is_refused_with_one_message(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        check_name(value, "code name")


def test_a_name_at_the_limit_is_accepted_unchanged() -> None:
    assert check_name("x" * 200, "code name") == "x" * 200
    assert check_name("Ünïcode 😀 name", "code name") == "Ünïcode 😀 name"


def test_free_text_is_refused_only_for_nul_and_half_characters() -> None:
    assert check_text("x" * 10_000 + "\n\t\x1b", "memo's text").startswith("xxx")
    with pytest.raises(ValidationError, match="memo's text contains a NUL"):
        check_text("a\x00", "memo's text")


def test_a_message_never_carries_the_raw_character() -> None:
    with pytest.raises(ValidationError) as caught:
        check_name("\x1b[31m" + "x" * 300, "project name")
    assert "\x1b" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("a\x00b.txt", "ab.txt"),
        ("caf\udce9.txt", "caf\ufffd.txt"),
        ("line\nbreak.txt", "linebreak.txt"),
        ("\x00\x01", "document"),
        ("plain.txt", "plain.txt"),
    ],
)
def test_a_name_taken_from_a_file_is_made_storable(name: str, stored: str) -> None:
    assert storable_name(name) == stored


def test_a_long_file_name_keeps_its_start_and_its_suffix() -> None:
    name = "interview " * 60 + ".docx"
    stored = storable_name(name)
    assert len(stored) == FILE_NAME_CHARS
    assert stored.startswith("interview interview") and stored.endswith("\u2026.docx")
    assert text_rules.name_problem(stored, "name", FILE_NAME_CHARS) is None
