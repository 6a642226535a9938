"""Writing a checked import plan: attributes, cases, participants, moves, values.

:func:`write_plan` carries out an :class:`~qualframe.services.study.import_plan.ImportPlan`
that has no problems, in the caller's transaction, with one audit entry
summing it up (see :mod:`qualframe.services.study.spreadsheet_import`).
Each existing case or participant the plan changes (moves, values,
descriptions) counts one change: its version goes up by one.
"""

from __future__ import annotations

from collections.abc import Mapping

from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import touch
from qualframe.services.study.attributes import new_definition
from qualframe.services.study.import_plan import ImportPlan
from qualframe.services.study.owner_values import store_value
from qualframe.storage import queries
from qualframe.storage.models import Case, Participant
from qualframe.vocabulary import AttributeLevel


def write_plan(uow: UnitOfWork, plan: ImportPlan) -> None:
    """Write ``plan`` (checked against the database in this transaction, with no
    problems) and its audit entry."""
    for new in plan.new_attributes:
        new_definition(
            uow, new.name, new.level, new.type, new.levels, note=f", found in {plan.name}"
        )
    cases = _add_cases(uow, plan)
    people = _add_participants(uow, plan, cases)
    # One flush for every change, so each changed record's version goes up once.
    with uow.session.no_autoflush:
        changed: dict[tuple[str, int], Case | Participant] = {}
        for moved in plan.moved_participants:
            person = people[moved.identifier.casefold()]
            person.case_id = cases[moved.new_case.casefold()].id
            changed[("participant", person.id)] = person
        changed.update(_write_values(uow, plan, cases, people))
        created = {("case", cases[name.casefold()].id) for name in plan.new_cases}
        created |= {
            ("participant", people[p.identifier.casefold()].id) for p in plan.new_participants
        }
        for key, owner in changed.items():
            if key not in created:
                touch(owner)
    uow.session.flush()
    audit.record(
        uow,
        "study.import",
        "project",
        uow.project_id,
        plan.summary(),
        {
            "file": plan.name,
            "kind": plan.kind.value,
            "new_attributes": [a.name for a in plan.new_attributes],
            "new_cases": list(plan.new_cases),
            "new_participants": [p.identifier for p in plan.new_participants],
            "moved": [[m.identifier, m.old_case, m.new_case] for m in plan.moved_participants],
            "values": len(plan.changes),
            "unchanged": plan.unchanged,
        },
    )


def _add_cases(uow: UnitOfWork, plan: ImportPlan) -> dict[str, Case]:
    """Adds the plan's new cases; returns every case by folded name."""
    for name in plan.new_cases:
        uow.session.add(Case(project_id=uow.project_id, name=name, description=""))
    uow.session.flush()
    return {c.name.casefold(): c for c in queries.people.cases(uow.session, uow.project_id)}


def _add_participants(
    uow: UnitOfWork, plan: ImportPlan, cases: Mapping[str, Case]
) -> dict[str, Participant]:
    """Adds the plan's new participants; returns every participant by folded identifier."""
    for new in plan.new_participants:
        uow.session.add(
            Participant(
                project_id=uow.project_id,
                case_id=cases[new.case.casefold()].id,
                identifier=new.identifier,
                description="",
            )
        )
    uow.session.flush()
    return {
        p.identifier.casefold(): p for p in queries.people.participants(uow.session, uow.project_id)
    }


def _write_values(
    uow: UnitOfWork,
    plan: ImportPlan,
    cases: Mapping[str, Case],
    people: Mapping[str, Participant],
) -> dict[tuple[str, int], Case | Participant]:
    """Sets the plan's values and descriptions; returns the cases and participants
    changed, by ``(level, id)``."""
    definitions = {
        d.name.casefold(): d
        for d in queries.attributes.attribute_definitions(uow.session, uow.project_id)
    }
    stored = {
        (v.definition_id, v.case_id, v.participant_id): v
        for v in queries.attributes.project_values(uow.session, uow.project_id)
    }
    changed: dict[tuple[str, int], Case | Participant] = {}
    for change in plan.changes:
        owner: Case | Participant
        if change.level is AttributeLevel.CASE:
            owner = cases[change.target.casefold()]
        else:
            owner = people[change.target.casefold()]
        changed[(change.level.value, owner.id)] = owner
        if change.attribute == "description":
            owner.description = change.new
            continue
        definition = definitions[change.attribute.casefold()]
        case_id = owner.id if change.level is AttributeLevel.CASE else None
        person_id = owner.id if change.level is AttributeLevel.PARTICIPANT else None
        existing = stored.get((definition.id, case_id, person_id))
        store_value(uow.session, definition, owner.id, existing, change.new)
    return changed
