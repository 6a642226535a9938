"""The backstop of every audited write: each action the services record is
classified, and :func:`check_change` refuses what a role may not change."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qualframe
from qualframe.errors import PermissionDeniedError
from qualframe.services.core import access
from qualframe.services.core.actor import Actor
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.vocabulary import ProjectRole

SERVICES = Path(qualframe.__file__).parent / "services"
#: The entity types an audited action is recorded on when the entity is a
#: variable (``f"{entity}.delete", entity``): what the variable may hold.
DYNAMIC_ENTITIES = {"attribute", "case", "participant", "question"}


def _text(node: ast.expr) -> str | None:
    """A literal string argument, or its literal start (``f"cell.{action}"`` -> ``"cell."``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        start = node.values[0] if node.values else None
        if isinstance(start, ast.Constant):
            return str(start.value) + "{}"
        return "{}"
    return None


def _recorded() -> list[tuple[str, str, str]]:
    """(file, action, entity type) of every ``audit.record(uow, action, entity, ...)``
    and ``record_change(uow, verb, ...)`` (action ``code.<verb>``) in the services."""
    found: list[tuple[str, str, str]] = []
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 3:
                continue
            name = ast.unparse(node.func)
            where = f"{path.relative_to(SERVICES)}:{node.lineno}"
            if name == "audit.record":
                action, entity = _text(node.args[1]), _text(node.args[2])
                found.append((where, action or "?", entity or "{}"))
            elif name == "record_change":
                verb = _text(node.args[1]) or "{}"
                found.append((where, f"code.{verb}", "code"))
    return found


def test_the_scan_finds_the_audited_writes() -> None:
    actions = {action for _, action, _ in _recorded()}

    assert {
        "code.create",
        "coding.create",
        "memo.create",
        "member.add",
        "project.create",
    } <= actions
    assert len(_recorded()) > 70


@pytest.mark.parametrize(("where", "action", "entity"), _recorded(), ids=lambda v: str(v))
def test_every_recorded_action_is_classified(where: str, action: str, entity: str) -> None:
    entities = DYNAMIC_ENTITIES if entity == "{}" else {entity}
    for each in entities:
        known = action in access.ACTION_ROLES or each in access.ENTITY_ROLES
        assert known, f"{where}: {action!r} on {each!r} has no least role in core/access.py"


def test_every_action_override_names_an_entity_the_services_record() -> None:
    entities = {entity for _, _, entity in _recorded()} | DYNAMIC_ENTITIES
    for action in access.ACTION_ROLES:
        assert action.split(".")[0] in entities | {"document", "coding", "project"}


def _unit(role: ProjectRole | None) -> UnitOfWork:
    return UnitOfWork(None, 1, Actor("Ana", 1), role=role)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("role", "action", "entity", "allowed"),
    [
        (None, "project.delete", "project", True),
        (ProjectRole.VIEWER, "memo.create", "memo", False),
        (ProjectRole.CODER, "memo.create", "memo", True),
        (ProjectRole.CODER, "coding.add", "code", True),
        (ProjectRole.CODER, "document.position", "document", True),
        (ProjectRole.CODER, "document.rename", "document", False),
        (ProjectRole.CODER, "code.create", "code", False),
        (ProjectRole.ANALYST, "disagreement.resolve", "disagreement", True),
        (ProjectRole.ANALYST, "member.add", "member", False),
        (ProjectRole.ANALYST, "project.create", "project", False),
        (ProjectRole.OWNER, "member.add", "member", True),
        (ProjectRole.OWNER, "something.new", "unclassified", True),
        (ProjectRole.ANALYST, "something.new", "unclassified", False),
    ],
)
def test_check_change_allows_what_the_role_includes(
    role: ProjectRole | None, action: str, entity: str, allowed: bool
) -> None:
    if allowed:
        access.check_change(_unit(role), action, entity)
        return
    with pytest.raises(PermissionDeniedError, match=f"Your role in this project is {role}"):
        access.check_change(_unit(role), action, entity)


def test_a_refusal_names_the_role_what_it_may_not_do_and_who_can() -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        access.check_change(_unit(ProjectRole.CODER), "code.rename", "code")

    assert str(refused.value) == (
        "Your role in this project is coder: it does not allow changing the codebook "
        "(analysts and owners can). Nothing was saved."
    )


def test_require_allows_an_unrestricted_unit_of_work() -> None:
    access.require(_unit(None), ProjectRole.OWNER, "managing the project's members")
    with pytest.raises(PermissionDeniedError, match=r"\(only owners can\)"):
        access.require(_unit(ProjectRole.ANALYST), ProjectRole.OWNER, "managing members")
