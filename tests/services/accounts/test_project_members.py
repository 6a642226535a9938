"""Members and roles: what each role may do, the last owner, and non-members."""

from __future__ import annotations

import pytest
from team_accounts import as_account

import qualframe
from qualframe.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ProjectChoiceError,
    ValidationError,
)
from qualframe.storage.database import Database
from qualframe.vocabulary import ProjectRole

TEXT = "Interviewer: How was it?\n\nP01: I trusted her. Hope came back.\n"


def _roles(project: qualframe.Project) -> dict[str, str]:
    return {m.login: m.role.value for m in project.members.list()}


@pytest.fixture
def material(database: Database, team: str) -> str:
    """The team study with a document and a code (made by its owner)."""
    owner = as_account(database, "olga")
    owner.documents.import_bytes("p01.txt", TEXT.encode())
    owner.codebook.add("Trust")
    return team


def test_the_creator_of_a_project_is_its_owner(database: Database, team: str) -> None:
    owner = as_account(database, "olga")

    assert owner.role is ProjectRole.OWNER
    assert owner.members.my_role() is ProjectRole.OWNER
    assert _roles(owner) == {"olga": "owner", "ann": "analyst", "cody": "coder", "vic": "viewer"}


def test_a_viewer_reads_everything_and_writes_nothing(database: Database, material: str) -> None:
    viewer = as_account(database, "vic")
    audited = len(viewer.activity())

    assert [d.name for d in viewer.documents.document_list()] == ["p01.txt"]
    assert viewer.members.list()
    with pytest.raises(PermissionDeniedError, match="Your role in this project is viewer: it does"):
        viewer.coding.apply("p01.txt", "Trust", 28, 39)
    with pytest.raises(PermissionDeniedError, match="viewer: it does not allow writing memos"):
        viewer.memos.add("Note", kind="analytic", body="x")

    assert viewer.coding.codings().empty
    assert viewer.memos.list() == []
    assert len(viewer.activity()) == audited


def test_a_coder_codes_and_writes_memos_but_cannot_change_the_codebook(
    database: Database, material: str
) -> None:
    coder = as_account(database, "cody")

    coding = coder.coding.apply("p01.txt", "Trust", 28, 39)
    coder.memos.add("Note", kind="analytic", body="Trust first.")
    with pytest.raises(
        PermissionDeniedError,
        match=r"^Your role in this project is coder: it does not allow changing the codebook "
        r"\(analysts and owners can\)\. Nothing was saved\.$",
    ):
        coder.codebook.add("Hope")

    assert coding.coder == "Cody"
    assert [c.name for c in coder.codebook.tree()] == ["Trust"]


def test_an_analyst_changes_the_codebook_but_cannot_manage_members(
    database: Database, material: str
) -> None:
    analyst = as_account(database, "ann")

    analyst.codebook.add("Hope")
    with pytest.raises(PermissionDeniedError, match="analyst: it does not allow managing the"):
        analyst.members.add("nora", "viewer")
    with pytest.raises(PermissionDeniedError, match="only owners can"):
        analyst.members.invite("viewer")

    assert "nora" not in _roles(analyst)
    assert {c.name for c in analyst.codebook.tree()} == {"Trust", "Hope"}


def test_a_non_member_gets_the_message_of_a_missing_project(database: Database, team: str) -> None:
    project_id = qualframe.open_project(team, database=database).info.id

    with pytest.raises(ProjectChoiceError) as by_id:
        qualframe.open_project(database=database, project_id=project_id, account="nora")
    with pytest.raises(ProjectChoiceError) as missing:
        qualframe.open_project(database=database, project_id=project_id + 99, account="nora")
    with pytest.raises(ProjectChoiceError) as by_name:
        qualframe.open_project(team, database=database, account="nora")
    with pytest.raises(ProjectChoiceError) as unknown_name:
        qualframe.open_project("Secret", database=database, account="nora")

    assert str(by_id.value) == f"There is no project with id {project_id}."
    assert str(missing.value) == f"There is no project with id {project_id + 99}."
    assert str(by_name.value) == "No project called 'Team study' (projects: none)."
    assert str(unknown_name.value) == "No project called 'Secret' (projects: none)."
    assert qualframe.list_projects(database=database, account="nora") == []
    assert [p.name for p in qualframe.list_projects(database=database, account="vic")] == [team]


def test_a_removed_member_loses_the_project_at_once(database: Database, team: str) -> None:
    viewer = as_account(database, "vic")
    as_account(database, "olga").members.remove("vic")

    with pytest.raises(ProjectChoiceError, match="There is no project with id"):
        viewer.documents.document_list()


def test_a_disabled_account_acts_as_a_missing_one(database: Database, team: str) -> None:
    qualframe.open_accounts(database, user="admin").disable("cody")
    missing = r"^There is no account with the login name 'cody'\.$"

    with pytest.raises(NotFoundError, match=missing):
        as_account(database, "cody")
    with pytest.raises(NotFoundError, match=missing):
        qualframe.create_project("Cody's own", database=database, account="cody")
    with pytest.raises(NotFoundError, match=missing):
        qualframe.list_projects(database=database, account="cody")
    names = [p.name for p in qualframe.list_projects(database=database, account="olga")]
    assert names == ["Team study"]


def test_the_last_owner_is_kept(database: Database, team: str) -> None:
    owner = as_account(database, "olga")

    with pytest.raises(ConflictError, match="Olga is the project's only owner"):
        owner.members.set_role("olga", "analyst")
    with pytest.raises(ConflictError, match="only owner: make another member an owner"):
        owner.members.remove("olga")
    owner.members.set_role("ann", "owner")
    owner.members.set_role("olga", "coder")

    assert _roles(owner)["olga"] == "coder"
    assert _roles(owner)["ann"] == "owner"


def test_member_changes_are_audited_and_refusals_change_nothing(
    database: Database, team: str
) -> None:
    owner = as_account(database, "olga")
    before = _roles(owner)

    with pytest.raises(ConflictError, match="Ann \\(ann\\) is a member already, as analyst"):
        owner.members.add("ann", "coder")
    with pytest.raises(ValidationError, match="There is no role 'boss'; the roles are viewer"):
        owner.members.add("nora", "boss")
    with pytest.raises(NotFoundError, match="Nora \\(nora\\) is not a member"):
        owner.members.set_role("nora", "coder")
    assert _roles(owner) == before

    owner.members.add("nora", "coder")
    owner.members.set_role("nora", "analyst")
    owner.members.remove("nora")

    actions = [(e.actor, e.action) for e in owner.activity() if e.entity_type == "member"]
    assert actions[-3:] == [
        ("Olga", "member.add"),
        ("Olga", "member.role"),
        ("Olga", "member.remove"),
    ]


def test_acting_as_another_name_keeps_the_role(database: Database, material: str) -> None:
    renamed = as_account(database, "vic").acting_as("Somebody")

    with pytest.raises(PermissionDeniedError, match="viewer"):
        renamed.codebook.add("Hope")


def test_a_project_transaction_for_an_actor_acts_under_its_role(
    database: Database, material: str
) -> None:
    from qualframe.project import project_transaction
    from qualframe.services.core.actor import Actor

    cody = qualframe.open_accounts(database).find("cody")
    actor = Actor(cody.display_name, cody.id)

    with (
        pytest.raises(PermissionDeniedError),
        project_transaction(database, name=material, actor=actor) as project,
    ):
        assert project.role is ProjectRole.CODER
        project.coding.apply("p01.txt", "Trust", 28, 39)
        project.require(ProjectRole.ANALYST, "changing the codebook")
    assert as_account(database, "olga").coding.codings().empty


def test_without_an_account_everything_is_allowed_as_before(
    database: Database, material: str
) -> None:
    local = qualframe.open_project(material, database=database, user="Local")

    assert local.role is None
    local.codebook.add("Hope")
    local.members.add("nora", "viewer")
    local.members.set_role("olga", "owner")

    assert _roles(local)["nora"] == "viewer"
