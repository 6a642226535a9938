"""Migration 0013: agreement rounds and the resolutions of disagreements.

A study at 0012 keeps everything through the upgrade and back; the new
tables keep their rules by themselves (raw SQL, no services): a round's name
unique in its project, its documents and codes of its own project, a
resolution once per passage and code, ``keep_one`` naming the coder kept,
``recoded_to`` only for a recode, spans in order, and the round's rows going
with the round, the document or the code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.storage.database import Database
from schema_revisions import migrate, run_sql

TEXT = "Interviewer: How was it?\nP01: It helped me a lot, every week.\n"
NEW_TABLES = {
    "agreement_rounds",
    "agreement_round_documents",
    "agreement_round_codes",
    "agreement_round_coders",
    "disagreement_resolutions",
}


def _study(url: str) -> dict[str, int]:
    """A project with a document, two codes and a coding; returns their ids."""
    database = Database(url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.documents.import_bytes("p01.txt", TEXT.encode())
    project.codebook.add("Hope")
    project.codebook.add("Trust")
    coding = project.coding.apply("p01.txt", "Hope", 30, 39).id
    database.close()
    ids = {"coding": coding}
    ids["project"] = int(str(run_sql(url, "SELECT id FROM projects")[0][0]))
    ids["document"] = int(str(run_sql(url, "SELECT id FROM documents")[0][0]))
    for name in ("Hope", "Trust"):
        ids[name] = int(str(run_sql(url, "SELECT id FROM codes WHERE name = :n", n=name)[0][0]))
    return ids


def _round(url: str, ids: dict[str, int], name: str = "Round 1") -> int:
    run_sql(
        url,
        "INSERT INTO agreement_rounds (guid, version, project_id, name, unit, note, "
        "opened_by, opened_at, figures) VALUES (:g, 1, :p, :n, 'turn', '', 'Ann', "
        "CURRENT_TIMESTAMP, '{}')",
        g=f"guid-{name}",
        p=ids["project"],
        n=name,
    )
    return int(str(run_sql(url, "SELECT id FROM agreement_rounds WHERE name = :n", n=name)[0][0]))


def _resolution(url: str, ids: dict[str, int], round_id: int, **overrides: object) -> None:
    values: dict[str, object] = {
        "g": f"r-{len(run_sql(url, 'SELECT id FROM disagreement_resolutions'))}",
        "p": ids["project"],
        "r": round_id,
        "d": ids["document"],
        "c": ids["Hope"],
        "s": 30,
        "e": 39,
        "o": "keep_one",
        "k": "Ann",
        "t": None,
    }
    values.update(overrides)
    run_sql(
        url,
        "INSERT INTO disagreement_resolutions (guid, project_id, round_id, document_id, "
        'code_id, start, "end", outcome, kept_coder, recoded_to, note, resolved_by, '
        "resolved_at, changes) VALUES (:g, :p, :r, :d, :c, :s, :e, :o, :k, :t, '', 'Ann', "
        "CURRENT_TIMESTAMP, '{}')",
        **values,
    )


def test_a_study_at_0012_keeps_everything_through_the_upgrade_and_back(database_url: str) -> None:
    ids = _study(database_url)
    migrate(database_url, "downgrade", "0012")
    engine = create_engine(database_url)
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    migrate(database_url, "upgrade", "head")
    engine = create_engine(database_url)
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    engine.dispose()
    assert run_sql(
        database_url, 'SELECT start, "end" FROM codings WHERE id = :i', i=ids["coding"]
    ) == [(30, 39)]


def test_a_round_name_is_unique_in_its_project(database_url: str) -> None:
    ids = _study(database_url)
    _round(database_url, ids)
    with pytest.raises(IntegrityError):
        _round(database_url, ids)
    assert len(run_sql(database_url, "SELECT id FROM agreement_rounds")) == 1


BROKEN: dict[str, Callable[[dict[str, int]], dict[str, object]]] = {
    "keep_one without the coder kept": lambda ids: {"k": None},
    "a coder kept for keep_both": lambda ids: {"o": "keep_both"},
    "recoded_to for keep_one": lambda ids: {"t": ids["Trust"]},
    "a span out of order": lambda ids: {"s": 39, "e": 30},
    "an unknown outcome": lambda ids: {"o": "toss a coin", "k": None},
}


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_a_resolution_breaking_a_rule_is_refused(database_url: str, broken: str) -> None:
    ids = _study(database_url)
    round_id = _round(database_url, ids)
    with pytest.raises(IntegrityError):
        _resolution(database_url, ids, round_id, **BROKEN[broken](ids))
    assert run_sql(database_url, "SELECT id FROM disagreement_resolutions") == []


def test_a_passage_and_code_of_a_round_is_resolved_once(database_url: str) -> None:
    ids = _study(database_url)
    round_id = _round(database_url, ids)
    _resolution(database_url, ids, round_id)
    with pytest.raises(IntegrityError):
        _resolution(database_url, ids, round_id, o="keep_both", k=None)
    _resolution(database_url, ids, round_id, o="recode", k=None, t=ids["Trust"], s=0, e=11)
    assert len(run_sql(database_url, "SELECT id FROM disagreement_resolutions")) == 2


def test_a_round_cannot_name_a_document_of_another_project(database_url: str) -> None:
    ids = _study(database_url)
    other = Database(database_url)
    qualframe.create_project("Other", database=other, user="tester")
    other.close()
    other_id = int(str(run_sql(database_url, "SELECT id FROM projects WHERE name = 'Other'")[0][0]))
    round_id = _round(database_url, ids)
    with pytest.raises(IntegrityError):
        run_sql(
            database_url,
            "INSERT INTO agreement_round_documents (round_id, document_id, project_id) "
            "VALUES (:r, :d, :p)",
            r=round_id,
            d=ids["document"],
            p=other_id,
        )
    assert run_sql(database_url, "SELECT round_id FROM agreement_round_documents") == []


def test_a_rounds_rows_go_with_the_round_the_document_or_the_code(database_url: str) -> None:
    ids = _study(database_url)
    first, second = _round(database_url, ids), _round(database_url, ids, "Round 2")
    for round_id in (first, second):
        run_sql(
            database_url,
            "INSERT INTO agreement_round_documents (round_id, document_id, project_id) "
            "VALUES (:r, :d, :p)",
            r=round_id,
            d=ids["document"],
            p=ids["project"],
        )
        run_sql(
            database_url,
            "INSERT INTO agreement_round_codes (round_id, code_id, project_id) VALUES (:r, :c, :p)",
            r=round_id,
            c=ids["Trust"],
            p=ids["project"],
        )
        run_sql(
            database_url,
            "INSERT INTO agreement_round_coders (round_id, coder) VALUES (:r, 'Ann')",
            r=round_id,
        )
        _resolution(database_url, ids, round_id)
    run_sql(database_url, "DELETE FROM agreement_rounds WHERE id = :r", r=first)
    for table in ("agreement_round_documents", "agreement_round_codes", "agreement_round_coders"):
        assert run_sql(database_url, f"SELECT round_id FROM {table}") == [(second,)]
    run_sql(database_url, "DELETE FROM codes WHERE id = :c", c=ids["Trust"])
    assert run_sql(database_url, "SELECT code_id FROM agreement_round_codes") == []
    run_sql(database_url, "DELETE FROM documents WHERE id = :d", d=ids["document"])
    assert run_sql(database_url, "SELECT round_id FROM agreement_round_documents") == []
    assert run_sql(database_url, "SELECT id FROM disagreement_resolutions") == []
    assert run_sql(database_url, "SELECT name FROM agreement_rounds") == [("Round 2",)]
