"""Text from users and their files reaches the terminal as text: control
characters (ESC sequences, C1 controls, BEL) are shown as visible escapes,
and names holding Rich markup are printed as they are, never crashing a command."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.markdown import Markdown
from rich.text import Text
from sqlalchemy import update
from typer.testing import CliRunner

from qualframe.cli.app import build_app
from qualframe.cli.output import TerminalConsole, cell_text, shown, visible
from qualframe.storage.database import Database
from qualframe.storage.models import Document

runner = CliRunner()

PROJECT = "Study [/bold] one"
CASE = "Site [/] [bold]A"
PERSON = "P1 [/red]"
ATTRIBUTE = "group [/x]"
#: A file name that clears the screen when printed raw.
FILE = "evil\x1b[2Jname.txt"
#: A transcript line with a colour, a window-title (OSC) sequence and a C1 CSI.
LINE = "P1: hope \x1b[31mred\x1b[0m and \x1b]0;owned\x07 title \x9b2J end"
RAW = ("\x1b", "\x9b", "\x07")


def _run(url: str, *args: str) -> str:
    result = runner.invoke(build_app(), ["--database", url, *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert not [c for c in RAW if c in result.output], repr(result.output)
    return result.output


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    """A project, case, participant and attribute named with Rich markup, and a
    document whose file name and text hold terminal escape sequences."""
    output = _run(database_url, "init", PROJECT)
    assert f"Created project {PROJECT} in" in output
    _run(database_url, "attributes", "add", ATTRIBUTE, "--level", "case", "--type", "text")
    _run(database_url, "cases", "add", CASE, "--set", f"{ATTRIBUTE}=[b]x")
    _run(database_url, "participants", "add", PERSON, "--case", CASE)
    padding = "".join(f"P1: an ordinary line of the interview, number {n}.\n" for n in range(30))
    path = tmp_path / "interview.txt"
    path.write_text(f"{LINE}\n{padding}", encoding="utf-8")
    _run(database_url, "import", str(path), "--participant", PERSON)
    # Imports store names without control characters now; older databases
    # (and titles) may hold them, so the name and title are set directly.
    database = Database(database_url)
    with database.transaction() as session:
        session.execute(update(Document).values(name=FILE, title=FILE.removesuffix(".txt")))
    database.close()
    return database_url


def test_the_projects_list_shows_a_name_with_markup_as_it_is(url: str) -> None:
    assert PROJECT in _run(url, "projects")


def test_the_case_and_participant_lists_show_names_and_attributes_as_they_are(url: str) -> None:
    cases = _run(url, "cases", "list")
    assert CASE in cases and ATTRIBUTE in cases and "[b]x" in cases
    people = _run(url, "participants", "list")
    assert PERSON in people and CASE in people and ATTRIBUTE in people


def test_the_document_list_shows_escapes_in_a_file_name_as_text(url: str) -> None:
    assert visible(FILE) in _run(url, "documents", "list")
    assert visible(FILE) == "evil\\x1b[2Jname.txt"


def test_showing_a_document_shows_escapes_in_its_name_and_text_as_text(url: str) -> None:
    output = _run(url, "documents", "show", FILE, "--lines", "1")
    assert visible(FILE) in output
    assert "hope \\x1b[31mred\\x1b[0m and \\x1b]0;owned\\x07 title \\x9b2J end" in output
    assert PERSON in output


def test_search_hits_show_escapes_in_the_text_and_the_document_as_text(url: str) -> None:
    output = _run(url, "search", "hope")
    assert "evil\\x1b[2Jname" in output  # the document's title heads its hits
    assert "\\x1b[31mred" in output


def test_an_error_naming_a_file_shows_its_escapes_as_text(url: str) -> None:
    result = runner.invoke(build_app(), ["--database", url, "documents", "show", "x\x1b[2J"])
    assert result.exit_code == 1
    assert "x\\x1b[2J" in result.output and "\x1b" not in result.output


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\x0d", "\x1b", "\x7f", "\x85", "\x9b"])
def test_every_control_a_terminal_acts_on_is_made_visible(char: str) -> None:
    assert visible(f"a{char}b") == f"a\\x{ord(char):02x}b"


def test_newlines_and_tabs_stay_and_markup_is_escaped() -> None:
    assert visible("a\nb\tc") == "a\nb\tc"
    assert shown("[bold]x\x1b") == "\\[bold]x\\x1b"
    assert cell_text(None) == "" and cell_text(float("nan")) == ""


def _printed(*renderables: object, markup: bool = True) -> str:
    console = TerminalConsole(force_terminal=False, width=120, emoji=False)
    with console.capture() as capture:
        console.print(*renderables, markup=markup)
    return capture.get()


def test_the_console_makes_controls_visible_in_anything_it_prints() -> None:
    printed = _printed(
        "plain \x1b[2J", Text("a Text \x1b]0;t\x07"), Markdown("*memo* \x9b2J"), markup=False
    )
    assert not [c for c in RAW if c in printed]
    assert "\\x1b[2J" in printed and "\\x1b]0;t" in printed and "\\x9b2J" in printed


def test_the_console_prints_broken_markup_as_text_instead_of_failing() -> None:
    assert "Study [/bold] one" in _printed("Study [/bold] one")
    assert "bold" not in _printed("[bold]styled[/bold]")  # good markup still works
