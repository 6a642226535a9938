"""Creating, finding, renaming, moving, retiring and deleting codes."""

from __future__ import annotations

import pandas as pd
import pytest

import qualframe
from qualframe.services.codebook.tree import PALETTE
from qualframe.storage.models import Coding, Memo, MemoLinkRow
from qualframe.vocabulary import CodeOrigin
from services.builders import make_document


def _paths(project: qualframe.Project, *, include_retired: bool = True) -> list[str]:
    return [info.path_text for info in project.codebook.tree(include_retired=include_retired)]


def _audit_count(project: qualframe.Project) -> int:
    return len(project.audit_log(entity_type="code"))


def _framework(project: qualframe.Project) -> None:
    """Disclosure > (Expectations, Boundaries); Barriers > Stigma."""
    book = project.codebook
    book.add("Disclosure", definition="Talking about one's own mental health.")
    book.add("Expectations", parent="Disclosure", origin="inductive")
    book.add("Boundaries", parent="Disclosure")
    book.add("Barriers")
    book.add("Stigma", parent="Barriers")


def _code_text(project: qualframe.Project, code: str, spans: list[tuple[int, int]]) -> None:
    """Code spans of one document directly (the coding service is not under test)."""
    code_id = project.codebook.get(code).id
    pid = project.info.id
    text = f"{code}: peer workers share lived experience with the people they support. " * 3
    with project.database.transaction() as session:
        document = make_document(session, pid, f"{code}.txt", text)
        for start, end in spans:
            session.add(
                Coding(
                    project_id=pid,
                    document_id=document.id,
                    code_id=code_id,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    coder="tester",
                )
            )


# ---------------------------------------------------------------- creating


def test_adding_a_code_under_a_parent_gives_its_path_and_fields(
    project: qualframe.Project,
) -> None:
    project.codebook.add("Disclosure")
    info = project.codebook.add(
        "  Expectations  ",
        parent="Disclosure",
        definition="Being expected to talk about one's own health.\r\n",
        inclusion="Colleagues ask",
        exclusion="Choosing to share",
        example="They wanted my story.",
        origin="inductive",
    )
    assert info.path == ("Disclosure", "Expectations")
    assert info.depth == 1
    assert info.definition == "Being expected to talk about one's own health."
    assert (info.inclusion, info.exclusion, info.example) == (
        "Colleagues ask",
        "Choosing to share",
        "They wanted my story.",
    )
    assert info.origin is CodeOrigin.INDUCTIVE
    assert info.retired is False
    assert project.codebook.get("Disclosure").child_count == 1


def test_codes_without_a_colour_get_distinct_colour_blind_safe_colours(
    project: qualframe.Project,
) -> None:
    colours = [project.codebook.add(f"Theme {n}").colour for n in range(len(PALETTE) + 1)]
    assert colours[: len(PALETTE)] == list(PALETTE)
    assert colours[-1] == PALETTE[0]  # cycles once the palette is used up


def test_colours_are_normalised_to_upper_case_hex(project: qualframe.Project) -> None:
    assert project.codebook.add("A", colour="0072b2").colour == "#0072B2"
    assert project.codebook.add("B", colour="#abc").colour == "#AABBCC"
    assert project.codebook.edit("A", colour="#d55e00").colour == "#D55E00"


def test_a_bad_colour_is_refused_and_nothing_is_written(project: qualframe.Project) -> None:
    with pytest.raises(qualframe.ValidationError, match=r"'blue' is not a colour.*#RRGGBB"):
        project.codebook.add("Hope", colour="blue")
    assert _paths(project) == []
    assert _audit_count(project) == 0


def test_a_bad_origin_is_refused(project: qualframe.Project) -> None:
    with pytest.raises(
        qualframe.ValidationError, match=r"origin 'emergent'.*deductive or inductive"
    ):
        project.codebook.add("Hope", origin="emergent")
    assert _paths(project) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "A code needs a name"),
        ("Theme > Sub", "contains ' > '.*give that as the parent"),
        ("x" * 201, "at most 200"),
    ],
)
def test_bad_code_names_are_refused(project: qualframe.Project, name: str, message: str) -> None:
    with pytest.raises(qualframe.ValidationError, match=message):
        project.codebook.add(name)
    assert _paths(project) == []


def test_a_sibling_name_clash_is_refused_and_nothing_changes(project: qualframe.Project) -> None:
    _framework(project)
    before, audited = _paths(project), _audit_count(project)
    with pytest.raises(
        qualframe.ConflictError,
        match="already a code called 'Expectations' under 'Disclosure'",
    ):
        project.codebook.add("expectations", parent="Disclosure")
    with pytest.raises(qualframe.ConflictError, match="at the top level"):
        project.codebook.add("BARRIERS")
    assert _paths(project) == before
    assert _audit_count(project) == audited


def test_the_same_name_may_be_used_under_different_parents(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.add("Stigma", parent="Disclosure")
    assert project.codebook.get("Disclosure > Stigma").path == ("Disclosure", "Stigma")
    with pytest.raises(
        qualframe.ValidationError,
        match="Several codes are called 'Stigma': 'Disclosure > Stigma', 'Barriers > Stigma'",
    ):
        project.codebook.get("Stigma")


def test_a_code_is_found_by_id_name_or_path_ignoring_case(project: qualframe.Project) -> None:
    _framework(project)
    code_id = project.codebook.get("Disclosure > Expectations").id
    assert project.codebook.get(code_id).name == "Expectations"
    assert project.codebook.get("expectations").id == code_id
    assert project.codebook.get("disclosure  >  EXPECTATIONS").id == code_id


def test_an_unknown_code_is_reported_with_close_names(project: qualframe.Project) -> None:
    _framework(project)
    with pytest.raises(
        qualframe.NotFoundError, match=r"no code called 'Expectation'.*'Expectations"
    ):
        project.codebook.get("Expectation")
    with pytest.raises(
        qualframe.NotFoundError, match="'Disclosure' has no sub-code called 'Stigma'"
    ):
        project.codebook.get("Disclosure > Stigma")
    with pytest.raises(qualframe.NotFoundError, match="no code with id 999"):
        project.codebook.get(999)


def test_codes_of_another_project_are_not_found(
    project: qualframe.Project, database: qualframe.Database
) -> None:
    other = qualframe.create_project("Other", database=database, user="tester")
    code_id = other.codebook.add("Hope").id
    with pytest.raises(qualframe.NotFoundError):
        project.codebook.get(code_id)
    with pytest.raises(qualframe.NotFoundError):
        project.codebook.get("Hope")


def test_a_position_places_a_new_code_among_its_siblings(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.add("Distress", parent="Disclosure", position=0)
    assert _paths(project)[:4] == [
        "Disclosure",
        "Disclosure > Distress",
        "Disclosure > Expectations",
        "Disclosure > Boundaries",
    ]


def test_adding_under_a_retired_code_is_refused(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.retire("Barriers")
    with pytest.raises(qualframe.ValidationError, match="'Barriers': it is retired; restore it"):
        project.codebook.add("Language", parent="Barriers")


# ---------------------------------------------------------------- renaming and editing


def test_renaming_keeps_the_codings_and_sub_codes(project: qualframe.Project) -> None:
    _framework(project)
    _code_text(project, "Barriers", [(0, 11)])
    info = project.codebook.rename("Barriers", "Breaking down barriers")
    assert info.coding_count == 1
    assert project.codebook.get("Breaking down barriers > Stigma").depth == 1


def test_renaming_to_a_sibling_name_is_refused_and_nothing_changes(
    project: qualframe.Project,
) -> None:
    _framework(project)
    before, audited = _paths(project), _audit_count(project)
    with pytest.raises(qualframe.ConflictError, match="already a code called 'Boundaries'"):
        project.codebook.rename("Expectations", "boundaries")
    assert _paths(project) == before
    assert _audit_count(project) == audited


def test_renaming_may_change_only_the_case_of_a_name(project: qualframe.Project) -> None:
    _framework(project)
    assert project.codebook.rename("Stigma", "stigma").path == ("Barriers", "stigma")


def test_editing_changes_only_the_given_fields(project: qualframe.Project) -> None:
    _framework(project)
    info = project.codebook.edit(
        "Disclosure", example="I told them on day one.", origin="inductive"
    )
    assert info.definition == "Talking about one's own mental health."
    assert info.example == "I told them on day one."
    assert info.origin is CodeOrigin.INDUCTIVE
    assert project.codebook.edit("Disclosure", definition="").definition == ""


def test_an_edit_that_changes_nothing_is_not_recorded(project: qualframe.Project) -> None:
    _framework(project)
    audited = _audit_count(project)
    project.codebook.edit("Disclosure", definition="Talking about one's own mental health.")
    project.codebook.rename("Disclosure", "Disclosure")
    assert _audit_count(project) == audited


# ---------------------------------------------------------------- moving


def test_moving_a_code_takes_its_sub_codes_along(project: qualframe.Project) -> None:
    _framework(project)
    info = project.codebook.move("Barriers", "Disclosure")
    assert info.path == ("Disclosure", "Barriers")
    assert project.codebook.get("Disclosure > Barriers > Stigma").depth == 2


def test_moving_to_the_top_level_and_reordering_siblings(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.move("Disclosure > Boundaries", None, 0)
    assert _paths(project) == [
        "Boundaries",
        "Disclosure",
        "Disclosure > Expectations",
        "Barriers",
        "Barriers > Stigma",
    ]
    project.codebook.move("Barriers", None, 1)
    assert [i.path_text for i in project.codebook.tree() if i.depth == 0] == [
        "Boundaries",
        "Barriers",
        "Disclosure",
    ]
    assert [i.position for i in project.codebook.tree() if i.depth == 0] == [0, 1, 2]


def test_moving_a_code_under_its_own_descendant_is_refused_and_nothing_changes(
    project: qualframe.Project,
) -> None:
    _framework(project)
    before, audited = _paths(project), _audit_count(project)
    with pytest.raises(
        qualframe.ValidationError,
        match="Cannot move 'Disclosure' under its own descendant 'Disclosure > Expectations'",
    ):
        project.codebook.move("Disclosure", "Disclosure > Expectations")
    with pytest.raises(qualframe.ValidationError, match="Cannot move 'Disclosure' under itself"):
        project.codebook.move("Disclosure", "Disclosure")
    assert _paths(project) == before
    assert _audit_count(project) == audited


def test_moving_next_to_a_sibling_of_the_same_name_is_refused(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.add("Stigma", parent="Disclosure")
    before = _paths(project)
    with pytest.raises(qualframe.ConflictError, match="'Stigma' under 'Barriers'"):
        project.codebook.move("Disclosure > Stigma", "Barriers")
    assert _paths(project) == before


def test_a_negative_position_is_refused(project: qualframe.Project) -> None:
    _framework(project)
    with pytest.raises(qualframe.ValidationError, match="counts from 0"):
        project.codebook.move("Barriers", None, -1)


# ---------------------------------------------------------------- retiring


def test_retiring_a_theme_retires_its_sub_codes_and_keeps_their_codings(
    project: qualframe.Project,
) -> None:
    _framework(project)
    _code_text(project, "Stigma", [(0, 4), (5, 12)])
    changed = project.codebook.retire("Barriers")
    assert [i.path_text for i in changed] == ["Barriers", "Barriers > Stigma"]
    assert project.codebook.get("Stigma").retired
    assert project.codebook.get("Stigma").coding_count == 2
    assert _paths(project, include_retired=False) == [
        "Disclosure",
        "Disclosure > Expectations",
        "Disclosure > Boundaries",
    ]
    assert project.codebook.retire("Barriers") == []


def test_restoring_a_sub_code_restores_its_parents_but_not_its_siblings(
    project: qualframe.Project,
) -> None:
    _framework(project)
    project.codebook.retire("Disclosure")
    restored = project.codebook.restore("Disclosure > Expectations")
    assert [i.path_text for i in restored] == ["Disclosure", "Disclosure > Expectations"]
    assert project.codebook.get("Disclosure > Boundaries").retired


def test_restoring_recursively_restores_the_whole_subtree(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.retire("Disclosure")
    project.codebook.restore("Disclosure", recursive=True)
    assert not any(info.retired for info in project.codebook.tree())


def test_restoring_only_the_theme_leaves_its_sub_codes_retired(
    project: qualframe.Project,
) -> None:
    _framework(project)
    project.codebook.retire("Disclosure")
    project.codebook.restore("Disclosure")
    assert _paths(project, include_retired=False) == ["Disclosure", "Barriers", "Barriers > Stigma"]


# ---------------------------------------------------------------- deleting


def test_a_code_without_codings_can_be_deleted(project: qualframe.Project) -> None:
    _framework(project)
    summary = project.codebook.delete("Expectations")
    assert (summary.path, summary.codes_deleted, summary.codings_deleted) == (
        "Disclosure > Expectations",
        1,
        0,
    )
    assert "Disclosure > Expectations" not in _paths(project)


def test_deleting_a_code_with_codings_is_refused_and_nothing_changes(
    project: qualframe.Project,
) -> None:
    _framework(project)
    _code_text(project, "Stigma", [(0, 4)])
    before, audited = _paths(project), _audit_count(project)
    with pytest.raises(
        qualframe.ConflictError,
        match=r"'Barriers > Stigma' has 1 coding; retire it.*merge it into another code",
    ):
        project.codebook.delete("Stigma")
    with pytest.raises(qualframe.ConflictError, match="1 coding \\(with its sub-codes\\)"):
        project.codebook.delete("Barriers")
    assert _paths(project) == before
    assert _audit_count(project) == audited


def test_deleting_a_theme_with_sub_codes_needs_force(project: qualframe.Project) -> None:
    _framework(project)
    with pytest.raises(qualframe.ConflictError, match="has 2 sub-codes"):
        project.codebook.delete("Disclosure")


def test_force_deletes_the_subtree_with_its_codings(project: qualframe.Project) -> None:
    _framework(project)
    _code_text(project, "Stigma", [(0, 4), (5, 9)])
    project.codebook.move("Disclosure", "Barriers > Stigma")  # a deeper subtree
    summary = project.codebook.delete("Barriers", force=True)
    assert (summary.codes_deleted, summary.codings_deleted) == (5, 2)
    assert _paths(project) == []
    with project.database.transaction() as session:
        assert session.query(Coding).count() == 0


def test_deleting_keeps_memos_on_the_project(project: qualframe.Project) -> None:
    _framework(project)
    project.memos.add("Why stigma?", kind="analytic", code="Stigma")
    summary = project.codebook.delete("Barriers", force=True)
    assert summary.memos_unlinked == 1
    with project.database.transaction() as session:
        assert session.query(Memo).count() == 1
        assert session.query(MemoLinkRow).count() == 0


# ---------------------------------------------------------------- listing


def test_the_tree_is_depth_first_by_position_with_coding_counts(
    project: qualframe.Project,
) -> None:
    _framework(project)
    _code_text(project, "Stigma", [(0, 4), (5, 9)])
    _code_text(project, "Barriers", [(0, 4)])
    infos = project.codebook.tree()
    assert [(i.path_text, i.depth) for i in infos] == [
        ("Disclosure", 0),
        ("Disclosure > Expectations", 1),
        ("Disclosure > Boundaries", 1),
        ("Barriers", 0),
        ("Barriers > Stigma", 1),
    ]
    barriers = infos[3]
    assert (barriers.coding_count, barriers.total_coding_count, barriers.child_count) == (1, 3, 1)
    assert infos[4].parent_id == barriers.id


def test_the_codes_frame_has_one_row_per_code(project: qualframe.Project) -> None:
    _framework(project)
    frame = project.codebook.codes_frame()
    assert list(frame["path"]) == _paths(project)
    assert {"definition", "origin", "colour", "retired", "coding_count", "parent"} <= set(
        frame.columns
    )
    assert frame.loc[1, "parent"] == "Disclosure"
    assert frame.loc[1, "origin"] == "inductive"
    assert pd.isna(frame.loc[0, "parent_id"])


def test_the_codes_frame_of_an_empty_codebook_has_its_columns(
    project: qualframe.Project,
) -> None:
    frame = project.codebook.codes_frame()
    assert frame.empty
    assert "path" in frame.columns


# ---------------------------------------------------------------- auditing


def test_every_change_is_audited_with_the_user_and_values_before_and_after(
    project: qualframe.Project,
) -> None:
    _framework(project)
    project.codebook.rename("Stigma", "Stigma and language")
    project.codebook.edit("Barriers", definition="What stands in the way.")
    log = project.audit_log(entity_type="code")
    assert set(log["actor"]) == {"tester"}
    rename = log[log["action"] == "code.rename"].iloc[0]
    assert rename["details"]["before"]["name"] == "Stigma"
    assert rename["details"]["after"]["path"] == "Barriers > Stigma and language"
    edit = log[log["action"] == "code.edit"].iloc[0]
    assert edit["details"]["before"] == {"definition": ""}
    assert edit["details"]["after"] == {"definition": "What stands in the way."}


# ---------------------------------------------------------------- order, one-step edits, previews


def test_shifting_a_code_moves_it_one_place_among_its_siblings(
    project: qualframe.Project,
) -> None:
    _framework(project)
    project.codebook.add("Trust")
    info = project.codebook.shift("Trust", -1)
    assert info.position == 1
    assert [i.name for i in project.codebook.tree() if i.depth == 0] == [
        "Disclosure",
        "Trust",
        "Barriers",
    ]
    project.codebook.shift("Disclosure", 1)
    assert [i.name for i in project.codebook.tree() if i.depth == 0] == [
        "Trust",
        "Disclosure",
        "Barriers",
    ]
    last = project.audit_log(entity_type="code").iloc[-1]
    assert last["action"] == "code.move"
    assert last["summary"] == "Moved code 'Disclosure' down to position 1"


def test_shifting_past_the_first_or_last_sibling_is_refused_and_nothing_changes(
    project: qualframe.Project,
) -> None:
    _framework(project)
    before, audited = _paths(project), _audit_count(project)
    with pytest.raises(qualframe.ValidationError, match="'Disclosure' is already the first"):
        project.codebook.shift("Disclosure", -1)
    with pytest.raises(qualframe.ValidationError, match="'Barriers > Stigma' is already the last"):
        project.codebook.shift("Stigma", 1)
    assert _paths(project) == before
    assert _audit_count(project) == audited


def test_sub_codes_of_a_retired_theme_can_still_be_reordered(project: qualframe.Project) -> None:
    _framework(project)
    project.codebook.retire("Disclosure")
    project.codebook.shift("Boundaries", -1)
    assert _paths(project)[:3] == [
        "Disclosure",
        "Disclosure > Boundaries",
        "Disclosure > Expectations",
    ]


def test_an_edit_with_a_name_renames_and_edits_in_one_step(project: qualframe.Project) -> None:
    _framework(project)
    info = project.codebook.edit("Barriers", name="Obstacles", definition="What gets in the way.")
    assert (info.path_text, info.definition) == ("Obstacles", "What gets in the way.")
    actions = list(project.audit_log(entity_type="code")["action"])[-2:]
    assert actions == ["code.rename", "code.edit"]


def test_a_bad_field_in_a_renaming_edit_leaves_the_name_unchanged(
    project: qualframe.Project,
) -> None:
    _framework(project)
    before, audited = _paths(project), _audit_count(project)
    with pytest.raises(qualframe.ValidationError, match="'red' is not a colour"):
        project.codebook.edit("Barriers", name="Obstacles", colour="red")
    assert _paths(project) == before
    assert _audit_count(project) == audited


def test_a_delete_preview_counts_what_would_go_and_changes_nothing(
    project: qualframe.Project,
) -> None:
    _framework(project)
    _code_text(project, "Stigma", [(0, 4), (5, 9)])
    project.memos.add("Why stigma?", kind="analytic", code="Stigma")
    before, audited = _paths(project), _audit_count(project)
    summary = project.codebook.preview_delete("Barriers")
    assert (summary.path, summary.codes_deleted, summary.codings_deleted) == ("Barriers", 2, 2)
    assert summary.memos_unlinked == 1
    assert _paths(project) == before
    assert _audit_count(project) == audited
    with project.database.transaction() as session:
        assert session.query(Coding).count() == 2
        assert session.query(MemoLinkRow).one().code_id == project.codebook.get("Stigma").id
