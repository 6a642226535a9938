"""`qualframe agreement`, `round ...`, `disagreements`, `resolve` and
`cell-agreement` through the CLI runner, on the sample study double-coded by
Ann and Ben: the unit always spelled out, tables, JSON and CSV, rounds with
their figures at opening and now, resolving a disagreement, and bad input as
one error line with nothing written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from web.agreement_study import ALI_TRUST, Coded, double_code, span_of
from web.sample_study import build_sample_study

runner = CliRunner()


@pytest.fixture
def coded(database: qualframe.Database) -> Coded:
    return double_code(build_sample_study(database))


@pytest.fixture
def run(database_url: str, coded: Coded):
    """Run ``qualframe --database URL ...``; ``ok`` asserts exit status 0."""
    app = build_app()

    def invoke(*args: str, ok: bool = True, input: str | None = None, columns: int = 250):
        result = runner.invoke(
            app, ["--database", database_url, *args], env={"COLUMNS": str(columns)}, input=input
        )
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


PAIR = ("--coder", "Ann", "--coder", "Ben")


def _codings(coded: Coded, coder: str) -> list[tuple[str, int, int]]:
    listing = coded.project.coding.listing(coder=coder)
    return sorted((c.code, c.start, c.end) for c in listing)


# ---------------------------------------------------------------- agreement


def test_the_table_names_its_unit_each_figure_and_what_the_figures_mean(run) -> None:
    out = run("agreement", "--unit", "turn", *PAIR).output
    assert "Agreement on speaker turns (--unit turn)" in out
    assert "2 coders (Ann, Ben)" in out
    for heading in ("α", "Cohen κ", "Fleiss κ", "AC1", "(overall)", "Hope", "Trust"):
        assert heading in out
    assert "Krippendorff's alpha (α)" in out
    assert "1 = perfect agreement, 0 = what chance would give, below 0 = worse than chance" in out
    assert "O'Connor & Joffe 2020" in out


def test_on_spans_the_table_shows_the_uncoded_share_beside_the_character_figures(run) -> None:
    out = run("agreement", "--unit", "span", *PAIR).output
    assert "Agreement on the text itself, character by character (--unit span)" in out
    assert "uncoded" in out and "κ chars" in out and "α where" in out
    assert "swamped by uncoded text" in out


def test_json_names_the_unit_and_the_scope(run) -> None:
    data = json.loads(run("agreement", "--unit", "paragraph", *PAIR, "--format", "json").output)
    assert data["unit"] == "paragraph"
    assert data["scope"]["coders"] == ["Ann", "Ben"]
    assert data["scope"]["documents"] == ["Focus group.txt"]
    assert {item["code"] for item in data["per_code"]} == {"Hope", "Trust"}
    assert data["per_code"][0]["units"]["krippendorff_alpha"] is None or isinstance(
        data["per_code"][0]["units"]["krippendorff_alpha"], float
    )


def test_csv_has_a_row_per_code_then_the_overall_row_with_the_unit(run) -> None:
    out = run("agreement", "--unit", "sentence", *PAIR, "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["code"] for row in rows][-1] == "(overall)"
    assert {row["unit"] for row in rows} == {"sentence"}
    assert "krippendorff_alpha" in rows[0]


def test_without_choices_every_double_coded_document_and_its_coders_are_compared(run) -> None:
    out = run("agreement").output
    # tester coded Hope in the focus group too: three coders of one document.
    assert "3 coders (Ann, Ben, tester)" in out or "3 coders" in out
    assert "1 document" in out


def test_bad_choices_are_one_error_line_naming_them(run) -> None:
    unknown = run("agreement", "--coder", "Ann", "--coder", "Nobody", ok=False)
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: ") and "Nobody" in unknown.output
    alone = run("agreement", "--coder", "Ann", ok=False)
    assert alone.exit_code == 1 and "at least two coders" in alone.output
    unit = run("agreement", "--unit", "word", ok=False)
    assert unit.exit_code == 2 and "word" in unit.output


# ---------------------------------------------------------------- rounds


def test_a_round_is_opened_listed_and_shown_with_its_figures_at_opening_and_now(
    run, coded: Coded
) -> None:
    opened = run("round", "open", "Pilot", "--unit", "turn", *PAIR, "--note", "First check")
    assert "Opened the round 'Pilot' on speaker turns (--unit turn)" in opened.output
    assert "1 disagreement to resolve" in opened.output
    listed = run("round", "list").output
    assert "Pilot" in listed and "turn" in listed and "Ann, Ben" in listed
    shown = run("round", "show", "Pilot").output
    assert "at opening" in shown and "now" in shown and "First check" in shown
    assert "Krippendorff's alpha (α)" in shown
    data = json.loads(run("round", "show", "Pilot", "--format", "json").output)
    assert data["unit"] == "turn" and data["round"]["name"] == "Pilot"
    assert data["before"]["scope"]["coders"] == ["Ann", "Ben"]
    table = run("round", "show", "Pilot", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {row["when"] for row in rows} == {"opening", "now"}


def test_a_round_with_a_taken_name_or_an_unknown_coder_is_refused_and_nothing_is_written(
    run, coded: Coded
) -> None:
    run("round", "open", "Pilot", *PAIR)
    before = len(coded.project.audit_log())
    again = run("round", "open", "Pilot", *PAIR, ok=False)
    assert again.exit_code == 1 and again.output.startswith("Error: ") and "Pilot" in again.output
    unknown = run("round", "open", "Other", "--coder", "Ann", "--coder", "Zed", ok=False)
    assert unknown.exit_code == 1 and "Zed" in unknown.output
    assert [r.name for r in coded.project.agreement.rounds()] == ["Pilot"]
    assert len(coded.project.audit_log()) == before


def test_the_queue_shows_each_coders_reading_and_a_key_to_resolve_it(run, coded: Coded) -> None:
    run("round", "open", "Pilot", "--unit", "turn", *PAIR)
    out = run("disagreements", "Pilot").output
    [item] = coded.project.agreement.disagreements("Pilot")
    assert item.code == "Trust" and item.key in out
    assert "does not apply here" in out and "coded " in out
    assert "Ann" in out and "Ben" in out
    data = json.loads(run("disagreements", "Pilot", "--format", "json").output)
    assert data[0]["key"] == item.key
    assert [r["coder"] for r in data[0]["readings"]] == ["Ann", "Ben"]
    table = run("disagreements", "Pilot", "--format", "csv").output
    assert item.key in table
    assert "No open disagreement" in run("disagreements", "Pilot", "--code", "Hope").output


def test_resolving_keeps_the_chosen_reading_records_it_and_empties_the_queue(
    run, coded: Coded
) -> None:
    run("round", "open", "Pilot", "--unit", "turn", *PAIR)
    [item] = coded.project.agreement.disagreements("Pilot")
    done = run("resolve", "Pilot", item.key, "--keep", "Ben", "--note", "Not about trust")
    assert "Resolved" in done.output and "kept Ben's reading" in done.output
    assert "1 coding removed" in done.output
    assert ("Trust", *span_of(ALI_TRUST)) not in _codings(coded, "Ann")
    assert coded.project.agreement.disagreements("Pilot") == []
    assert "No open disagreement" in run("disagreements", "Pilot").output
    resolved = run("disagreements", "Pilot", "--resolved").output
    assert item.key in resolved and "kept Ben's reading" in resolved
    assert item.key in run("disagreements", "Pilot", "--all").output
    [record] = coded.project.agreement.resolutions("Pilot")
    assert (record.note, record.resolved_by) == ("Not about trust", "tester")


def test_resolving_needs_exactly_one_way_and_a_bad_one_changes_nothing(run, coded: Coded) -> None:
    run("round", "open", "Pilot", "--unit", "turn", *PAIR)
    [item] = coded.project.agreement.disagreements("Pilot")
    before = (_codings(coded, "Ann"), _codings(coded, "Ben"), len(coded.project.audit_log()))
    none = run("resolve", "Pilot", item.key, ok=False)
    assert none.exit_code == 1 and "Say how to resolve it" in none.output
    two = run("resolve", "Pilot", item.key, "--keep", "Ann", "--merge", ok=False)
    assert two.exit_code == 1 and "Say how to resolve it" in two.output
    stranger = run("resolve", "Pilot", item.key, "--keep", "Zed", ok=False)
    assert stranger.exit_code == 1 and "Zed" in stranger.output
    bad_key = run("resolve", "Pilot", "not-a-key", "--keep-both", ok=False)
    assert bad_key.exit_code == 1 and "not-a-key" in bad_key.output
    after = (_codings(coded, "Ann"), _codings(coded, "Ben"), len(coded.project.audit_log()))
    assert after == before
    assert len(coded.project.agreement.disagreements("Pilot")) == 1


def test_a_round_is_deleted_only_when_confirmed_and_the_codings_stay(run, coded: Coded) -> None:
    run("round", "open", "Pilot", *PAIR)
    kept = run("round", "delete", "Pilot", input="n\n", ok=False)
    assert kept.exit_code == 1
    assert [r.name for r in coded.project.agreement.rounds()] == ["Pilot"]
    gone = run("round", "delete", "Pilot", "--yes").output
    assert "Deleted the round 'Pilot'" in gone
    assert coded.project.agreement.rounds() == []
    assert ("Trust", *span_of(ALI_TRUST)) in _codings(coded, "Ann")
    assert "No agreement round yet" in run("round", "list").output


# ---------------------------------------------------------------- cells


def test_cell_agreement_compares_two_analysts_statuses(run, coded: Coded) -> None:
    ann = coded.project.acting_as("Ann").matrix
    ben = coded.project.acting_as("Ben").matrix
    ann.set_status("P01", "Hope", "done")
    ben.set_status("P01", "Hope", "done")
    ann.set_status("P02", "Hope", "draft")
    ben.set_status("P02", "Hope", "done")
    out = run("cell-agreement", "Ann", "Ben").output
    assert "Agreement on matrix cell statuses (unit: cell): Ann and Ben, 2 cells" in out
    assert "Percent agreement" in out and "50%" in out
    assert "Cells they set differently" in out and "P02" in out and "draft" in out
    data = json.loads(run("cell-agreement", "Ann", "Ben", "--format", "json").output)
    assert data["cells"] == 2 and data["analysts"] == ["Ann", "Ben"]
    assert "P02" in run("cell-agreement", "Ann", "Ben", "--format", "csv").output


# ---------------------------------------------------------------- review fixes


def test_the_disagreements_table_prints_each_key_whole_in_a_narrow_terminal(
    run, coded: Coded
) -> None:
    run("round", "open", "Pilot", "--unit", "span", *PAIR)
    found = coded.project.agreement.disagreements("Pilot")
    assert len(found) == 2
    out = run("disagreements", "Pilot", columns=60).output
    lines = [line.strip() for line in out.splitlines()]
    for item in found:
        assert item.key in lines  # on a line of its own: copied into 'qualframe resolve'
    assert "Ann: coded " in out and "Ben: does not apply here" in out
    wide = run("disagreements", "Pilot", columns=250).output
    assert all(f"│ {item.key} │" in wide for item in found)  # a table where it fits
    done = run("resolve", "Pilot", found[0].key, "--keep-both", columns=60).output
    assert f"Resolved {found[0].key}" in done


def test_the_queue_says_which_coder_did_not_code_the_document(run, coded: Coded) -> None:
    coded.project.acting_as("Cara").coding.apply("P01 interview.txt", "Hope", 0, 10)
    run("round", "open", "Three", "--document", "Focus group.txt", *PAIR, "--coder", "Cara")
    out = run("disagreements", "Three").output
    assert "Cara" in out and "did not code this document" in out
    assert "does not apply here" in out  # Ben, who coded the document but not Trust


def test_round_show_labels_a_renamed_code_with_its_path_now_beside_its_figures_at_opening(
    run, coded: Coded
) -> None:
    run("round", "open", "Pilot", "--unit", "turn", *PAIR)

    def cells(out: str, code: str) -> list[str]:
        [line] = [line for line in out.splitlines() if f" {code} " in line]
        return [cell.strip() for cell in line.split("│")[2:-1]]  # at opening, now

    opening = cells(run("round", "show", "Pilot").output, "Trust")
    assert opening[1] != "–"
    coded.project.codebook.rename("Trust", "Confidence")
    after = run("round", "show", "Pilot").output
    assert cells(after, "Confidence") == opening and " Trust " not in after
    table = run("round", "show", "Pilot", "--format", "csv").output
    codes = {(row["when"], row["code"]) for row in csv.DictReader(io.StringIO(table))}
    assert ("opening", "Confidence") in codes and ("now", "Confidence") in codes
