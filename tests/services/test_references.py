"""What points at codings, codes, cells and memos: one declared policy each, and
quotes and charted cells are never removed silently."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.services.core.references import REFERENCES, OnDelete
from qualframe.storage.models import Base

#: The tables whose rows other rows point at, by the policies of the references module.
POINTED_AT = {"codings", "codes", "matrix_cells", "memos"}


def test_every_foreign_key_to_codings_codes_cells_or_memos_has_a_declared_policy() -> None:
    declared = {reference.name: reference for reference in REFERENCES}
    keys = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for constraint in table.foreign_key_constraints
        if constraint.referred_table.name in POINTED_AT
        for column in constraint.columns
        if column.name != "project_id"
    }
    assert keys == set(declared), "declare a policy in services/core/references.py"
    for table in Base.metadata.tables.values():
        for constraint in table.foreign_key_constraints:
            names = [c.name for c in constraint.columns if c.name != "project_id"]
            reference = declared.get(f"{table.name}.{names[0]}") if names else None
            if reference is None:
                continue
            # The database agrees: detached links are set to NULL, the rest go or wait.
            if reference.policy is OnDelete.DETACH:
                assert constraint.ondelete == "SET NULL", reference.name
            elif reference.policy is OnDelete.REFUSE and constraint.ondelete is None:
                # No action, checked at commit: the database refuses the deletion
                # too (a change model's evidence and bindings).
                assert constraint.deferrable and constraint.initially == "DEFERRED", reference.name
            else:
                assert constraint.ondelete in ("CASCADE", "RESTRICT"), reference.name


@pytest.fixture
def charted(project: qualframe.Project) -> dict[str, int]:
    """A participant's interview coded twice with "Trust", one coding quoted in
    the cell (P01, Trust); a code "Spare" with an uncharted coding."""
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.documents.import_bytes(
        "P01.txt", b"I trusted her. She had been there too.", participants="P01"
    )
    project.codebook.add("Trust")
    project.codebook.add("Spare")
    quoted = project.coding.apply("P01.txt", "Trust", 0, 14)
    other = project.coding.apply("P01.txt", "Trust", 15, 38)
    spare = project.coding.apply("P01.txt", "Spare", 15, 38)
    project.matrix.write_summary("P01", "Trust", "Trust from shared experience.")
    project.matrix.link_quote("P01", "Trust", quoted.id)
    return {"quoted": quoted.id, "other": other.id, "spare": spare.id}


def _count(project: qualframe.Project) -> int:
    return len(project.coding.codings())


def test_a_quoted_coding_cannot_be_removed_and_the_refusal_says_where(project, charted) -> None:
    with pytest.raises(qualframe.ConflictError, match=r"P01 × Trust.*unlink the quotes"):
        project.coding.remove(charted["quoted"])
    assert _count(project) == 3
    assert [q.coding_id for q in project.matrix.cell("P01", "Trust").quotes] == [charted["quoted"]]
    project.coding.remove(charted["other"])  # not quoted: removed
    assert _count(project) == 2


def test_removing_a_code_from_a_span_is_refused_while_a_coding_there_is_quoted(
    project, charted
) -> None:
    with pytest.raises(qualframe.ConflictError, match="1 quote of 1 coding"):
        project.coding.remove_from_span("P01.txt", "Trust", 0, 38)
    assert _count(project) == 3


def test_a_document_with_quoted_codings_is_kept_even_with_force(project, charted) -> None:
    with pytest.raises(qualframe.ConflictError, match=r"Deleting the document 'P01\.txt'"):
        project.documents.delete("P01.txt", force=True)
    assert len(project.documents.documents()) == 1
    project.matrix.unlink_quote("P01", "Trust", charted["quoted"])
    project.documents.delete("P01.txt", force=True)
    assert len(project.documents.documents()) == 0


def test_a_code_with_charted_cells_is_kept_and_its_preview_says_why(project, charted) -> None:
    with pytest.raises(qualframe.ConflictError, match=r"charted matrix cell \(P01 × Trust\)"):
        project.codebook.preview_delete("Trust")
    with pytest.raises(qualframe.ConflictError, match="charted matrix cell"):
        project.codebook.delete("Trust", force=True)
    assert {code.name for code in project.codebook.tree()} == {"Trust", "Spare"}
    summary = project.codebook.delete("Spare", force=True)  # its codings are not quoted
    assert summary.codings_deleted == 1
