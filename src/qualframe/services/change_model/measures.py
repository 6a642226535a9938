"""The registry of measures: the catalogue qualframe ships and the project's own.

A measure is metadata an evaluation plan names (construct, items as words,
score range, scoring notes, reference, licence note), never item text. The
registry a project sees is its own measures (rows of ``measures``) and the
entries of the shipped catalogue (``qualframe/templates/measures.yaml``) it
has not copied yet. Naming a catalogue entry for an indicator (or editing
it) copies it into the project first, marked ``shipped``; a project's own
measure of the same name hides the catalogue's. Every change is in the
audit log (``measure.add/edit/delete``); an entry not copied yet is version 0.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.change_model.records import MeasureInfo
from qualframe.services.change_model.views import clean_name, clean_prose
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.storage import queries
from qualframe.storage.models import Measure

#: The metadata fields of a measure, beside its name, in display order.
FIELDS = ("construct", "items", "score_range", "scoring_notes", "reference", "licence_note")
#: The catalogue file, in the ``qualframe.templates`` package.
CATALOGUE_FILE = "measures.yaml"


@dataclass(frozen=True)
class CatalogueEntry:
    """One measure of the shipped catalogue."""

    name: str
    construct: str
    items: str
    score_range: str
    scoring_notes: str
    reference: str
    licence_note: str


@cache
def catalogue() -> tuple[CatalogueEntry, ...]:
    """The shipped catalogue's entries, in file order (read once)."""
    text = resources.files("qualframe.templates").joinpath(CATALOGUE_FILE).read_text("utf-8")
    content: dict[str, Any] = yaml.safe_load(text)
    return tuple(
        CatalogueEntry(
            name=str(item["name"]), **{f: str(item.get(f) or "").strip() for f in FIELDS}
        )
        for item in content["measures"]
    )


def catalogue_entry(name: str) -> CatalogueEntry | None:
    """The catalogue's entry called ``name`` (letter case aside), or None."""
    wanted = " ".join(name.split()).casefold()
    return next((e for e in catalogue() if e.name.casefold() == wanted), None)


def _info(measure: Measure) -> MeasureInfo:
    return MeasureInfo(
        id=measure.id,
        guid=measure.guid,
        version=measure.version,
        name=measure.name,
        **{field: getattr(measure, field) for field in FIELDS},
        shipped=bool(measure.shipped),
        in_project=True,
    )


def _entry_info(entry: CatalogueEntry) -> MeasureInfo:
    return MeasureInfo(
        id=None,
        guid=None,
        version=0,
        name=entry.name,
        **{field: getattr(entry, field) for field in FIELDS},
        shipped=True,
        in_project=False,
    )


def list_measures(uow: UnitOfWork) -> list[MeasureInfo]:
    """The project's measures and the shipped ones it has not copied (a
    project measure hides a catalogue entry of its name), by name. Reads only."""
    own = [_info(m) for m in queries.change_models.measures_of(uow.session, uow.project_id)]
    taken = {m.name.casefold() for m in own}
    shipped = [_entry_info(e) for e in catalogue() if e.name.casefold() not in taken]
    return sorted(own + shipped, key=lambda m: (m.name.casefold(), m.name))


def _project_measure(uow: UnitOfWork, ref: Ref) -> Measure | None:
    """The project's measure ``ref`` (id or name), or None for a name it lacks;
    raises :class:`NotFoundError` for an unknown id."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = queries.change_models.measure_by_id(uow.session, uow.project_id, ref)
        if found is None:
            raise NotFoundError(f"There is no measure with id {ref} in this project's registry.")
        return found
    name = " ".join(str(ref).split())
    named = queries.change_models.measures_named(uow.session, uow.project_id, name)
    return named[0] if named else None


def _unknown(uow: UnitOfWork, ref: Ref) -> NotFoundError:
    name = " ".join(str(ref).split())
    known = [m.name for m in list_measures(uow)]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
    return NotFoundError(f"There is no measure called {name!r} in the registry.{hint}")


def _copy(uow: UnitOfWork, entry: CatalogueEntry, reason: str) -> Measure:
    """Copy the catalogue's ``entry`` into the project's registry (audited)."""
    measure = Measure(
        project_id=uow.project_id,
        name=entry.name,
        shipped=True,
        **{field: getattr(entry, field) for field in FIELDS},
    )
    uow.session.add(measure)
    uow.session.flush()
    audit.record(
        uow,
        "measure.add",
        "measure",
        measure.id,
        f"Copied the measure {entry.name!r} from the shipped catalogue ({reason})",
        {"name": entry.name, "shipped": True},
    )
    return measure


def resolve_measure(uow: UnitOfWork, ref: Ref, *, reason: str) -> Measure:
    """The project's measure ``ref`` (id or name); a name only the shipped
    catalogue has is copied into the project first (audited, ``reason`` says
    why: "for the indicator 'X'"). Raises :class:`NotFoundError` for a
    measure neither has."""
    found = _project_measure(uow, ref)
    if found is not None:
        return found
    entry = catalogue_entry(str(ref))
    if entry is None:
        raise _unknown(uow, ref)
    return _copy(uow, entry, reason)


def _fields(values: dict[str, str | None], name: str) -> dict[str, str]:
    """The given metadata fields cleaned and checked (None: not given)."""
    return {
        field: clean_prose(value, f"{field.replace('_', ' ')} of the measure {name!r}")
        for field, value in values.items()
        if value is not None
    }


def _free_name(uow: UnitOfWork, name: str, keep: Measure | None = None) -> None:
    for other in queries.change_models.measures_named(uow.session, uow.project_id, name):
        if other is not keep:
            raise ConflictError(f"The project's registry has a measure called {other.name!r}.")


def add_measure(
    uow: UnitOfWork,
    name: str,
    *,
    construct: str = "",
    items: str = "",
    score_range: str = "",
    scoring_notes: str = "",
    reference: str = "",
    licence_note: str = "",
) -> MeasureInfo:
    """Add a measure to the project's registry: metadata only (``items`` says
    how many items and how they are scored, never their text). Written with
    an audit entry. A catalogue entry of the same name is hidden by it.

    Raises :class:`ValidationError` for an empty or over-long value and
    :class:`ConflictError` for a name the project's registry has; nothing
    is written then."""
    name = clean_name(name, "measure name")
    values = _fields(
        {
            "construct": construct,
            "items": items,
            "score_range": score_range,
            "scoring_notes": scoring_notes,
            "reference": reference,
            "licence_note": licence_note,
        },
        name,
    )
    _free_name(uow, name)
    measure = Measure(project_id=uow.project_id, name=name, shipped=False, **values)
    uow.session.add(measure)
    uow.session.flush()
    audit.record(
        uow,
        "measure.add",
        "measure",
        measure.id,
        f"Added the measure {name!r} to the registry",
        {"name": name, **values},
    )
    return _info(measure)


def _editable(uow: UnitOfWork, ref: Ref) -> tuple[Measure | None, CatalogueEntry | None]:
    """The project's measure ``ref``, or else the catalogue's entry of that
    name; raises :class:`NotFoundError` when neither has it."""
    row = _project_measure(uow, ref)
    entry = catalogue_entry(str(ref)) if row is None else None
    if row is None and entry is None:
        raise _unknown(uow, ref)
    return row, entry


def edit_measure(
    uow: UnitOfWork,
    measure: Ref,
    *,
    name: str | None = None,
    construct: str | None = None,
    items: str | None = None,
    score_range: str | None = None,
    scoring_notes: str | None = None,
    reference: str | None = None,
    licence_note: str | None = None,
    if_version: int | None = None,
) -> MeasureInfo:
    """Change a measure of the registry (id or name; with an audit entry, its
    version goes up by one). A shipped entry not copied yet (version 0) is
    copied into the project first. Giving the values it has changes nothing.

    ``if_version``: the measure's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError`. Raises
    :class:`ValidationError` for a bad value, :class:`ConflictError` for a
    name another measure has and :class:`NotFoundError` for an unknown
    measure; nothing is written then."""
    row, entry = _editable(uow, measure)
    shown = row.name if row is not None else entry.name if entry is not None else ""
    check_version(row, if_version, f"the measure {shown!r}")
    wanted = _fields(
        {
            "construct": construct,
            "items": items,
            "score_range": score_range,
            "scoring_notes": scoring_notes,
            "reference": reference,
            "licence_note": licence_note,
        },
        shown,
    )
    if name is not None:
        wanted = {"name": clean_name(name, "measure name"), **wanted}
        _free_name(uow, wanted["name"], keep=row)
    if row is None:
        assert entry is not None
        row = _copy(uow, entry, "to edit it")
    changes = {f: [getattr(row, f), v] for f, v in wanted.items() if getattr(row, f) != v}
    if not changes:
        return _info(row)
    for field, (_old, value) in changes.items():
        setattr(row, field, value)
    uow.session.flush()
    audit.record(
        uow,
        "measure.edit",
        "measure",
        row.id,
        f"Changed the {', '.join(f.replace('_', ' ') for f in changes)} of the measure {shown!r}",
        {"measure": shown, "changes": changes},
    )
    return _info(row)


def delete_measure(uow: UnitOfWork, measure: Ref, *, if_version: int | None = None) -> MeasureInfo:
    """Delete a measure of the project's registry that no indicator uses (with
    an audit entry). Returns it as it was; a shipped entry deleted is
    listed again as the catalogue's.

    ``if_version``: the measure's version you read; a different stored one
    raises :class:`~qualframe.errors.StaleVersionError`. Raises
    :class:`ConflictError` naming the indicators that use it,
    :class:`ValidationError` for a catalogue entry the project has not
    copied and :class:`NotFoundError` for an unknown measure; nothing is
    deleted then."""
    row = _project_measure(uow, measure)
    if row is None:
        if catalogue_entry(str(measure)) is not None:
            raise ValidationError(
                f"The measure {str(measure).strip()!r} is in the shipped catalogue only; this "
                "project has no copy of it to delete."
            )
        raise _unknown(uow, measure)
    check_version(row, if_version, f"the measure {row.name!r}")
    users = queries.change_models.indicators_measured_by(uow.session, row.id)
    if users:
        shown = "; ".join(f"{name!r} of {node!r} ({model})" for model, node, name in users)
        raise ConflictError(
            f"The measure {row.name!r} is used by the indicator(s) {shown}; give them another "
            "measure or none first."
        )
    info = _info(row)
    uow.session.delete(row)
    uow.session.flush()
    audit.record(
        uow,
        "measure.delete",
        "measure",
        info.id,
        f"Deleted the measure {info.name!r} from the registry",
        {"name": info.name, "shipped": info.shipped},
    )
    return info
