"""Writing, linking, editing, filtering and deleting memos."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import qualframe
from qualframe.errors import StaleVersionError
from qualframe.storage.models import Coding, Memo
from qualframe.vocabulary import MemoKind, MemoTarget
from services.builders import make_case, make_document, make_participant

TEXT = "Having someone who had been there gave me hope."


@dataclass(frozen=True)
class Objects:
    document: int
    coding: int
    case: int
    participant: int


@pytest.fixture
def objects(project: qualframe.Project) -> Objects:
    """A case with participant P07, a transcript and one coding of Hope > Future."""
    project.codebook.add("Hope")
    future = project.codebook.add("Future", parent="Hope").id
    pid = project.info.id
    with project.database.transaction() as session:
        case = make_case(session, pid, "Trust A")
        person = make_participant(session, pid, "P07", case)
        document = make_document(session, pid, "P07 interview.txt", TEXT, participants=[person])
        coding = Coding(
            project_id=pid,
            document_id=document.id,
            code_id=future,
            start=38,
            end=42,
            quote=TEXT[38:42],
            coder="tester",
        )
        session.add(coding)
        session.flush()
        return Objects(document.id, coding.id, case.id, person.id)


def _memo_count(project: qualframe.Project) -> int:
    with project.database.transaction() as session:
        return session.query(Memo).count()


def test_a_memo_is_on_the_project_by_default_and_written_by_the_user(
    project: qualframe.Project,
) -> None:
    memo = project.memos.add(
        "  Coding approach ", kind="methodological", body="\n# Plan\n\n  - code deductively\n"
    )
    assert memo.title == "Coding approach"
    assert memo.body == "# Plan\n\n  - code deductively"
    assert (memo.kind, memo.author) == (MemoKind.METHODOLOGICAL, "tester")
    assert (memo.target_type, memo.target_id, memo.target_label) == (
        MemoTarget.PROJECT,
        None,
        "project",
    )
    assert memo.created_at == memo.updated_at
    assert memo.created_at.tzinfo is not None
    indented = project.memos.add("Snippet", kind="methodological", body="\n    code block\n")
    assert indented.body == "    code block"  # leading spaces are Markdown


def test_a_memo_links_to_one_object_given_by_name_or_id(
    project: qualframe.Project, objects: Objects
) -> None:
    memos = project.memos
    labels = [
        memos.add("a", kind="analytic", code="Hope > Future").target_label,
        memos.add("b", kind="analytic", document="P07 interview.txt").target_label,
        memos.add("c", kind="analytic", case="Trust A").target_label,
        memos.add("d", kind="analytic", participant="P07").target_label,
        memos.add("e", kind="analytic", coding=objects.coding).target_label,
        memos.add("f", kind="analytic", participant=objects.participant).target_label,
        memos.add("g", kind="reflexive", target=(MemoTarget.CASE, objects.case)).target_label,
        memos.add("h", kind="reflexive", target=("document", objects.document)).target_label,
    ]
    assert labels == [
        "code: Hope > Future",
        "document: P07 interview.txt",
        "case: Trust A",
        "participant: P07",
        f"coding: #{objects.coding} Hope > Future in P07 interview.txt [38:42]",
        "participant: P07",
        "case: Trust A",
        "document: P07 interview.txt",
    ]


def test_a_memo_links_to_one_object_at_most(project: qualframe.Project, objects: Objects) -> None:
    with pytest.raises(qualframe.ValidationError, match="one object at most, not to code, case"):
        project.memos.add("x", kind="analytic", code="Hope", case="Trust A")
    assert _memo_count(project) == 0


@pytest.mark.parametrize(
    ("links", "error", "message"),
    [
        ({"code": "Despair"}, qualframe.NotFoundError, "no code called 'Despair'"),
        ({"document": "P99.txt"}, qualframe.NotFoundError, "no document 'P99.txt'"),
        ({"case": "Trust Z"}, qualframe.NotFoundError, "no case 'Trust Z'"),
        ({"participant": "P99"}, qualframe.NotFoundError, "participant with identifier 'P99'"),
        ({"coding": 9999}, qualframe.NotFoundError, "no coding with id 9999"),
        (
            {"target": ("question", 1)},
            qualframe.ValidationError,
            "cannot be linked to a 'question'",
        ),
        ({"target": ("code", None)}, qualframe.ValidationError, "Say which code"),
    ],
)
def test_a_memo_on_an_unknown_object_is_refused_and_nothing_is_written(
    project: qualframe.Project, objects: Objects, links: dict, error: type, message: str
) -> None:
    audited = len(project.audit_log())
    with pytest.raises(error, match=message):
        project.memos.add("x", kind="analytic", **links)
    assert _memo_count(project) == 0
    assert len(project.audit_log()) == audited


def test_a_bad_kind_or_empty_title_is_refused(project: qualframe.Project) -> None:
    with pytest.raises(qualframe.ValidationError, match=r"memo kind 'musing'.*analytic, method"):
        project.memos.add("x", kind="musing")
    with pytest.raises(qualframe.ValidationError, match="A memo needs a title"):
        project.memos.add("  ", kind="analytic")
    assert _memo_count(project) == 0


def test_memos_are_filtered_by_kind_link_author_and_text(
    project: qualframe.Project, objects: Objects, database: qualframe.Database
) -> None:
    project.memos.add("Hope everywhere", kind="analytic", code="Hope")
    project.memos.add("My position", kind="reflexive", body="As a former SERVICE user…")
    project.memos.add("Future talk", kind="analytic", code="Future")
    project.memos.add("Site visit", kind="methodological", case="Trust A")
    colleague = qualframe.open_project("Study", database=database, user="ana")
    colleague.memos.add("Énergie", kind="theoretical", participant="P07", body="Ça change")

    def titles(**filters: object) -> list[str]:
        return [m.title for m in project.memos.list(**filters)]

    assert titles(kind="analytic") == ["Hope everywhere", "Future talk"]
    assert titles(code="Hope") == ["Hope everywhere"]
    assert titles(target_type="code") == ["Hope everywhere", "Future talk"]
    assert titles(target_type="project") == ["My position"]
    assert titles(author="ana") == ["Énergie"]
    assert titles(contains="service user") == ["My position"]
    assert titles(contains="ÇA CHANGE") == ["Énergie"]
    assert titles(kind="analytic", contains="future") == ["Future talk"]
    assert titles(case="Trust A", kind="reflexive") == []


def test_the_memos_frame_has_a_readable_target(
    project: qualframe.Project, objects: Objects
) -> None:
    project.memos.add("On P07", kind="analytic", participant="P07", body="Text")
    frame = project.memos.memos_frame()
    row = frame.iloc[0]
    assert (row["target"], row["target_type"], row["kind"], row["body"]) == (
        "participant: P07",
        "participant",
        "analytic",
        "Text",
    )
    assert row["target_id"] == objects.participant
    assert project.memos.memos_frame(kind="reflexive").empty


def test_editing_a_memo_changes_it_and_records_before_and_after(
    project: qualframe.Project, objects: Objects
) -> None:
    memo = project.memos.add("Draft", kind="analytic", code="Hope")
    edited = project.memos.edit(memo.id, title="Hope and time", body="New text", kind="theoretical")
    assert (edited.title, edited.body, edited.kind) == (
        "Hope and time",
        "New text",
        MemoKind.THEORETICAL,
    )
    assert edited.target_label == "code: Hope"
    assert edited.updated_at > memo.updated_at
    entry = project.audit_log(entity_type="memo").iloc[-1]
    assert entry["action"] == "memo.edit"
    assert entry["details"]["before"] == {"title": "Draft", "kind": "analytic", "body": ""}


def test_a_memo_can_be_relinked_or_moved_to_the_project(
    project: qualframe.Project, objects: Objects
) -> None:
    memo = project.memos.add("Draft", kind="analytic", code="Hope")
    assert project.memos.edit(memo.id, participant="P07").target_label == "participant: P07"
    assert project.memos.edit(memo.id, target="project").target_label == "project"
    log = project.audit_log(entity_type="memo")
    assert log.iloc[-1]["details"]["after"] == {"target": "project"}


def test_an_edit_that_changes_nothing_is_not_recorded(project: qualframe.Project) -> None:
    memo = project.memos.add("Same", kind="analytic", body="Body")
    project.memos.edit(memo.id, title="Same", body="Body")
    assert list(project.audit_log(entity_type="memo")["action"]) == ["memo.create"]
    assert project.memos.get(memo.id).updated_at == memo.updated_at


def test_deleting_a_memo_keeps_its_text_in_the_audit_log(project: qualframe.Project) -> None:
    memo = project.memos.add("Gone", kind="reflexive", body="Important thought")
    project.memos.delete(memo.id)
    assert _memo_count(project) == 0
    entry = project.audit_log(entity_type="memo").iloc[-1]
    assert entry["action"] == "memo.delete"
    assert entry["details"]["before"]["body"] == "Important thought"
    with pytest.raises(qualframe.NotFoundError, match="no memo with id"):
        project.memos.get(memo.id)


def test_a_memo_on_a_deleted_code_falls_back_to_the_project(
    project: qualframe.Project, objects: Objects
) -> None:
    memo = project.memos.add("About hope", kind="analytic", code="Hope")
    project.codebook.delete("Hope", force=True)
    kept = project.memos.get(memo.id)
    assert (kept.target_type, kept.target_label) == (MemoTarget.PROJECT, "project")
    assert kept.title == "About hope"


def test_memos_of_another_project_are_not_found(
    project: qualframe.Project, database: qualframe.Database
) -> None:
    other = qualframe.create_project("Other", database=database, user="tester")
    memo = other.memos.add("Theirs", kind="analytic")
    with pytest.raises(qualframe.NotFoundError):
        project.memos.get(memo.id)
    with pytest.raises(qualframe.NotFoundError):
        project.memos.delete(memo.id)
    assert project.memos.list() == []


def test_memos_are_listed_newest_first_or_by_title(project: qualframe.Project) -> None:
    first = project.memos.add("beta", kind="analytic")
    project.memos.add("Alpha", kind="analytic")
    project.memos.add("gamma", kind="analytic")
    project.memos.edit(first.id, body="Changed last.")

    def titles(order: str) -> list[str]:
        return [m.title for m in project.memos.list(order=order)]

    assert titles("oldest") == ["beta", "Alpha", "gamma"]
    assert titles("newest") == ["beta", "gamma", "Alpha"]
    assert titles("title") == ["Alpha", "beta", "gamma"]
    with pytest.raises(qualframe.ValidationError, match="oldest, newest, title; not 'size'"):
        project.memos.list(order="size")


def test_a_memo_knows_the_document_of_its_coding_or_document(
    project: qualframe.Project, objects: Objects
) -> None:
    on_coding = project.memos.add("A quote", kind="analytic", coding=objects.coding)
    on_document = project.memos.add("A transcript", kind="analytic", document=objects.document)
    on_code = project.memos.add("A code", kind="analytic", code="Hope")
    assert on_coding.document_id == objects.document
    assert on_document.document_id == objects.document
    assert on_code.document_id is None


def test_a_link_is_described_as_memos_show_it(project: qualframe.Project, objects: Objects) -> None:
    link = project.memos.describe_target(("coding", objects.coding))
    assert (link.target_type, link.target_id) == (MemoTarget.CODING, objects.coding)
    assert link.label == f"coding: #{objects.coding} Hope > Future in P07 interview.txt [38:42]"
    assert link.document_id == objects.document
    assert project.memos.describe_target(None).label == "project"
    with pytest.raises(qualframe.NotFoundError, match="no coding with id 999"):
        project.memos.describe_target(("coding", 999))


# ---------------------------------------------------------------- versions


def test_a_memo_starts_at_version_one_with_a_guid_and_an_edit_adds_one(
    project: qualframe.Project,
) -> None:
    memo = project.memos.add("Draft", kind="analytic")
    assert memo.version == 1
    assert len(memo.guid) == 36
    edited = project.memos.edit(memo.id, body="More", if_version=1)
    assert (edited.version, edited.guid) == (2, memo.guid)
    assert project.memos.get(memo.id).version == 2
    assert [m.version for m in project.memos.list()] == [2]
    assert list(project.memos.memos_frame()["version"]) == [2]


def test_an_edit_that_changes_nothing_keeps_the_version(project: qualframe.Project) -> None:
    memo = project.memos.add("Same", kind="analytic", body="Body")
    assert project.memos.edit(memo.id, title="Same", if_version=1).version == 1


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(
    project: qualframe.Project,
) -> None:
    memo = project.memos.add("Draft", kind="analytic", body="First")
    project.memos.edit(memo.id, body="Second", if_version=memo.version)
    audited = len(project.activity())
    with pytest.raises(
        StaleVersionError,
        match=r"The memo 'Draft' was changed by someone else since you read it "
        r"\(you read version 1; it is now at version 2\); nothing was saved",
    ):
        project.memos.edit(memo.id, body="Third", if_version=memo.version)
    assert project.memos.get(memo.id).body == "Second"
    assert len(project.activity()) == audited


def test_a_delete_from_a_stale_version_is_refused_and_keeps_the_memo(
    project: qualframe.Project,
) -> None:
    memo = project.memos.add("Draft", kind="analytic")
    project.memos.edit(memo.id, title="Renamed")
    audited = len(project.activity())
    with pytest.raises(StaleVersionError, match="nothing was saved"):
        project.memos.delete(memo.id, if_version=1)
    assert project.memos.get(memo.id).title == "Renamed"
    assert len(project.activity()) == audited
    assert project.memos.delete(memo.id, if_version=2).title == "Renamed"
