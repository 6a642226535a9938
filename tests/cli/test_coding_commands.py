"""``qualframe code``, ``uncode``, ``codings`` and ``autocode`` through the CLI runner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from qualframe.storage.models import Coding
from qualframe.vocabulary import AttributeLevel
from services.builders import (
    define_attribute,
    make_case,
    make_code,
    make_document,
    make_participant,
    map_speaker,
    set_value,
)

runner = CliRunner()

FOCUS_GROUP = """# Q1. How did you come to peer work?

Interviewer: How did you come to peer work?

Sam: I hoped to give something back. Trust came later.

Ali: Hope is what kept me going.

# Q2. What was hard?

Sam: The boundaries were hard.
"""
INTERVIEW = "I think the peer worker understood me. Hope matters."


@pytest.fixture
def url(database_url: str) -> str:
    """A database with one project: a focus group (Sam, Ali) and an interview
    (Dee); stakeholder group and employer attributes; codes Hope, Trust, Old (retired)."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    pid = project.info.id
    with database.transaction() as s:
        group = define_attribute(
            s, pid, "stakeholder group", AttributeLevel.PARTICIPANT, ["peer worker", "service user"]
        )
        employer = define_attribute(s, pid, "employer", AttributeLevel.CASE, ["NHS", "charity"])
        nhs, charity = make_case(s, pid, "Trust A"), make_case(s, pid, "Charity B")
        set_value(s, employer, nhs, "NHS")
        set_value(s, employer, charity, "charity")
        sam = make_participant(s, pid, "Sam", nhs)
        ali = make_participant(s, pid, "Ali", charity)
        dee = make_participant(s, pid, "Dee", charity)
        for person, value in ((sam, "peer worker"), (ali, "service user"), (dee, "peer worker")):
            set_value(s, group, person, value)
        make_document(s, pid, "fg-01.md", FOCUS_GROUP, participants=[sam, ali], detect_turns=True)
        make_document(s, pid, "interview-01.txt", INTERVIEW, participants=[dee])
        map_speaker(s, pid, "Interviewer")
        map_speaker(s, pid, "Sam", sam)
        map_speaker(s, pid, "Ali", ali)
        make_code(s, pid, "Hope")
        make_code(s, pid, "Trust")
        make_code(s, pid, "Old", retired=True)
    database.close()
    return database_url


def run(url: str, *args: str) -> Result:
    # A wide terminal, so that table cells are not wrapped.
    return runner.invoke(build_app(), ["--database", url, *args], env={"COLUMNS": "200"})


def coding_count(url: str) -> int:
    database = Database(url)
    try:
        with database.transaction() as s:
            return s.query(Coding).count()
    finally:
        database.close()


# ---------------------------------------------------------------- code, uncode


def test_code_applies_a_code_to_a_span(url: str) -> None:
    result = run(url, "code", "interview-01.txt", "Hope", "39", "52")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Coded interview-01.txt [39, 52) with 'Hope' (coding 1): \"Hope matters.\""
    )
    assert coding_count(url) == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "5",
            "3",
            "Error: Span [5, 3) is not valid in interview-01.txt: start must be before end.",
        ),
        (
            "10",
            "900",
            "Error: Span [10, 900) is not valid in interview-01.txt: it ends at 900 but the "
            f"document has {len(INTERVIEW)} characters.",
        ),
    ],
)
def test_code_refuses_a_bad_span_with_one_line(
    url: str, start: str, end: str, message: str
) -> None:
    result = run(url, "code", "interview-01.txt", "Hope", start, end)
    assert result.exit_code == 1
    assert result.output.strip() == message
    assert coding_count(url) == 0


def test_code_refuses_a_retired_code(url: str) -> None:
    result = run(url, "code", "interview-01.txt", "Old", "0", "5")
    assert result.exit_code == 1
    assert "retired" in result.output and "Traceback" not in result.output
    assert coding_count(url) == 0


def test_uncode_removes_a_coding(url: str) -> None:
    run(url, "code", "interview-01.txt", "Hope", "39", "52")
    result = run(url, "uncode", "1")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Removed coding 1: 'Hope' from interview-01.txt [39, 52)."
    assert coding_count(url) == 0
    missing = run(url, "uncode", "1")
    assert missing.exit_code == 1
    assert missing.output.strip() == "Error: There is no coding with id 1 in this project."


def test_uncode_says_the_memos_on_the_coding_are_kept(url: str) -> None:
    run(url, "code", "interview-01.txt", "Hope", "39", "52")
    run(url, "memos", "add", "Why", "--kind", "analytic", "--coding", "1")
    result = run(url, "uncode", "1")
    assert result.exit_code == 0, result.output
    assert "1 memo on this coding is kept, without its link to it." in result.output
    assert "│ project │" in run(url, "memos", "list", "--on", "project").output


# ---------------------------------------------------------------- codings


def _code_some(url: str) -> None:
    for args in (
        ("interview-01.txt", "Hope", "39", "52"),
        ("fg-01.md", "Hope", str(FOCUS_GROUP.index("Hope is")), str(FOCUS_GROUP.index(" kept"))),
        (
            "fg-01.md",
            "Trust",
            str(FOCUS_GROUP.index("Trust came")),
            str(FOCUS_GROUP.index(" came")),
        ),
    ):
        assert run(url, "code", *args).exit_code == 0


def test_codings_lists_codings_filtered_by_attribute(url: str) -> None:
    _code_some(url)
    result = run(url, "codings", "--code", "Hope", "--where", "stakeholder group=peer worker")
    assert result.exit_code == 0, result.output
    assert "Dee" in result.output and "Ali" not in result.output
    assert result.output.strip().endswith("1 coding.")
    inherited = run(url, "codings", "--where", "employer=charity")
    assert inherited.output.strip().endswith("2 codings.")
    either = run(url, "codings", "--where", "employer=charity", "--where", "employer=NHS")
    assert either.output.strip().endswith("3 codings.")


def test_codings_writes_csv_with_attribute_columns(url: str, tmp_path: Path) -> None:
    _code_some(url)
    target = tmp_path / "hope.csv"
    result = run(url, "codings", "--code", "Hope", "--csv", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote 2 codings to {target}."
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["participant"] for r in rows] == ["Ali", "Dee"]
    assert [r["employer"] for r in rows] == ["charity", "charity"]
    assert rows[1]["text"] == "Hope matters."
    to_stdout = run(url, "codings", "--participant", "Sam", "--csv", "-")
    assert next(csv.DictReader(io.StringIO(to_stdout.output)))["text"] == "Trust"


def test_codings_says_when_nothing_matches_and_rejects_bad_filters(url: str) -> None:
    assert run(url, "codings").output.strip() == "No codings match."
    bad = run(url, "codings", "--where", "employer")
    assert bad.exit_code == 1
    assert "is not a filter; write it as ATTRIBUTE=VALUE" in bad.output
    unknown = run(url, "codings", "--where", "colour=red")
    assert unknown.exit_code == 1
    assert "No attribute called 'colour'" in unknown.output


# ---------------------------------------------------------------- autocode


def test_autocode_keyword_previews_without_writing(url: str) -> None:
    result = run(url, "autocode", "keyword", "hope*", "--code", "Hope")
    assert result.exit_code == 0, result.output
    assert "I hoped to give something back." in result.output
    assert "3 spans in 2 documents: 3 new, 0 already coded. Nothing was written" in result.output
    assert coding_count(url) == 0


def test_autocode_keyword_applies_with_apply(url: str) -> None:
    result = run(url, "autocode", "keyword", "hope", "--code", "Hope", "--apply")
    assert result.exit_code == 0, result.output
    assert "Coded 2 spans with 'Hope'." in result.output
    assert coding_count(url) == 2
    again = run(url, "autocode", "keyword", "hope", "--code", "Hope")
    assert "0 new, 2 already coded" in again.output


def test_autocode_speaker_and_section(url: str) -> None:
    speaker = run(url, "autocode", "speaker", "--participant", "Sam", "--code", "Trust", "--apply")
    assert speaker.exit_code == 0, speaker.output
    assert "Coded 2 spans with 'Trust'." in speaker.output
    peers = run(url, "autocode", "speaker", "--where", "stakeholder group=service user",
                "--code", "Hope")  # fmt: skip
    assert "Hope is what kept me going." in peers.output
    section = run(url, "autocode", "section", "--title", "Q2", "--code", "Hope")
    assert section.exit_code == 0, section.output
    assert "The boundaries were hard." in section.output
    assert "1 span in 1 document: 1 new" in section.output
    assert coding_count(url) == 2


def test_autocode_reports_an_invalid_regex_in_one_line(url: str) -> None:
    result = run(url, "autocode", "keyword", "hop(e", "--regex", "--code", "Hope", "--apply")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: The regular expression 'hop(e' is not valid: missing ), unterminated "
        "subpattern at position 3."
    )
    assert coding_count(url) == 0
