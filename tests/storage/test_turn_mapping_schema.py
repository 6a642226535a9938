"""Migration 0006: a speaker mapping may hold for one turn. The database keeps
its rules too (a turn's mapping is in its document, outside any section, one
per turn, and goes with its turn; it never collides with the document's
mapping of its label), and the wider mappings of a database at 0005 survive
the upgrade (and a downgrade)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, delete, select
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.storage.database import Database, alembic_config, schema_revisions
from qualframe.storage.models import SpeakerMapping, SpeakerTurn
from qualframe.vocabulary import SpeakerRole

TEXT = "# Ms Ann Lee\n\n**The Witness**: I ran the ward.\n\n**Counsel**: Thank you.\n"


def _study(database: Database) -> qualframe.Project:
    """A hearing with a project-wide, a document and a section mapping."""
    project = qualframe.create_project("Inquiry", database=database, user="tester")
    project.study.add_case("Witnesses")
    project.study.add_participant("W1", "Witnesses")
    project.documents.import_bytes("day.md", TEXT.encode())
    project.documents.map_speaker("Counsel", role="interviewer")
    project.documents.map_speaker("Counsel", role="other", document="day.md")
    project.documents.map_speaker("The Witness", "W1", document="day.md", section=1)
    return project


def _mappings(project: qualframe.Project) -> list[tuple[object, ...]]:
    return [
        (m.label, m.document, m.role.value, m.participant, m.section, m.turn)
        for m in project.documents.mapping_list()
    ]


WIDER = [
    ("Counsel", None, "interviewer", None, None, None),
    ("Counsel", "day.md", "other", None, None, None),
    ("The Witness", "day.md", "participant", "W1", 1, None),
]


def _downgrade(url: str, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def _check_down_and_up_keeps_the_wider_mappings(url: str) -> None:
    database = Database(url)
    project = _study(database)
    project.documents.map_turn("day.md", 2, "W1")
    assert len(_mappings(project)) == 4
    database.close()
    _downgrade(url, "0005")
    # An older qualframe cannot hold a turn's mapping: it goes; the others stay.
    database = Database(url, upgrade=True)
    assert database.schema_revision() == schema_revisions()[-1]
    project = qualframe.open_project("Inquiry", database=database, user="tester")
    assert _mappings(project) == WIDER
    project.documents.map_turn("day.md", 2, "W1")
    assert _mappings(project)[-1] == ("Counsel", "day.md", "participant", "W1", None, 2)
    database.close()


def test_an_sqlite_database_goes_down_to_0005_and_up_again_keeping_its_mappings(
    tmp_path,
) -> None:
    _check_down_and_up_keeps_the_wider_mappings(f"sqlite:///{tmp_path / 'hearing.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_goes_down_to_0005_and_up_again_keeping_its_mappings(
    server_database: str,
) -> None:
    _check_down_and_up_keeps_the_wider_mappings(server_database)


def _turn_mapping(
    project_id: int, document_id: int | None, turn_id: int, **extra: object
) -> SpeakerMapping:
    return SpeakerMapping(
        project_id=project_id,
        document_id=document_id,
        label="Counsel",
        role=SpeakerRole.OTHER,
        turn_id=turn_id,
        **extra,
    )


def test_the_database_keeps_a_turns_mapping_in_its_document_and_one_per_turn(
    database: Database,
) -> None:
    project = _study(database)
    pid = project.info.id
    document = project.documents.info("day.md").id
    turn = project.documents.turn_list("day.md")[1].turn_id
    with database.transaction() as session:
        section = session.scalar(
            select(SpeakerMapping.section_id).where(SpeakerMapping.section_id.is_not(None))
        )
    refused = [
        _turn_mapping(pid, None, turn),
        _turn_mapping(pid, document, turn, section_id=section),
    ]
    for mapping in refused:
        with pytest.raises(IntegrityError), database.transaction() as session:
            session.add(mapping)
            session.flush()
    # Beside the document's own mapping of "Counsel": no collision.
    with database.transaction() as session:
        session.add(_turn_mapping(pid, document, turn))
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.add(_turn_mapping(pid, document, turn))
        session.flush()
    with database.transaction() as session:
        session.execute(delete(SpeakerTurn).where(SpeakerTurn.id == turn))
    with database.transaction() as session:
        left = session.scalars(select(SpeakerMapping.turn_id)).all()
    assert len(left) == 3 and set(left) == {None}
