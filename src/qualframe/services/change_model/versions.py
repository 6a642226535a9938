"""Named versions of a change model, and comparing two states.

A version is a snapshot of the model as JSON, written once with its name
(unique in the model), a note, the author and the time: the model's name
and description, its kinds, nodes (label, kind, description, candidate,
bound code paths), links (by their ends' labels, with rationale, condition
and candidate), indicators and evidence (what it backs, its kind and
stance, the GUID of the cited coding, cell or memo, the passage, the note).
Nodes, links, indicators and evidence keep their GUIDs, so a renamed node
shows as changed, not as removed and added.

Two versions, or a version and the model now, are compared field by field:
:class:`~qualframe.services.change_model.records.Difference` s in a stable
order (kinds, nodes, links, indicators, evidence; each by label).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal

from qualframe.errors import ConflictError, NotFoundError
from qualframe.services.change_model.finding import find_model
from qualframe.services.change_model.records import Difference, ModelComparison, VersionInfo
from qualframe.services.change_model.views import clean_name, clean_prose, model_view
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel, ModelEvidence, ModelVersion
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.vocabulary import Stance

#: The snapshot format written (kept in each snapshot as ``format``).
SNAPSHOT_FORMAT = 1
#: The parts of a snapshot compared, in the order differences are listed,
#: with the name each difference gives them.
PARTS = (
    ("kinds", "kind"),
    ("nodes", "node"),
    ("links", "link"),
    ("indicators", "indicator"),
    ("evidence", "evidence"),
)
#: What a comparison calls the model as it is now.
CURRENT = "current"


def _version_info(model: ChangeModel, version: ModelVersion) -> VersionInfo:
    return VersionInfo(
        id=version.id,
        guid=version.guid,
        model=model.name,
        name=version.name,
        note=version.note,
        author=version.author,
        created_at=as_utc(version.created_at),
    )


def snapshot(uow: UnitOfWork, model: ChangeModel) -> dict[str, Any]:
    """The model as it is now, as JSON-ready data (see the module docstring).
    Reads only."""
    view = model_view(uow, model)
    return {
        "format": SNAPSHOT_FORMAT,
        "model": {"name": model.name, "description": model.description},
        "kinds": [
            {"name": k.name, "colour": k.colour, "column": k.column, "outcome": k.outcome}
            for k in view.kinds
        ],
        "nodes": [
            {
                "guid": n.guid,
                "label": n.label,
                "kind": n.kind,
                "description": n.description,
                "candidate": n.candidate,
                "codes": list(n.codes),
            }
            for n in view.nodes
        ],
        "links": [
            {
                "guid": link.guid,
                "source": link.source,
                "target": link.target,
                "rationale": link.rationale,
                "condition": link.condition,
                "candidate": link.candidate,
            }
            for link in view.links
        ],
        "indicators": [
            {
                "guid": i.guid,
                "node": i.node,
                "name": i.name,
                "measure": i.measure,
                "timing": i.timing,
                "data_source": i.data_source,
                "notes": i.notes,
            }
            for i in view.indicators
        ],
        "evidence": _evidence(
            uow,
            model,
            {n.id: n.label for n in view.nodes},
            {link.id: link.label for link in view.links},
        ),
    }


def _evidence(
    uow: UnitOfWork, model: ChangeModel, nodes: dict[int, str], links: dict[int, str]
) -> list[dict[str, Any]]:
    pieces = queries.change_models.evidence_of_model(uow.session, model.id)
    cited = queries.change_models.cited_guids(
        uow.session,
        {p.coding_id for p in pieces if p.coding_id is not None},
        {p.cell_id for p in pieces if p.cell_id is not None},
        {p.memo_id for p in pieces if p.memo_id is not None},
    )
    return [_piece(p, nodes, links, cited) for p in pieces]


def _piece(
    piece: ModelEvidence,
    nodes: dict[int, str],
    links: dict[int, str],
    cited: queries.change_models.CitedGuids,
) -> dict[str, Any]:
    if piece.coding_id is not None:
        kind = "coding" if piece.start is None else "quote"
        guid = cited.codings[piece.coding_id]
    elif piece.cell_id is not None:
        kind, guid = "cell", cited.cells[piece.cell_id]
    else:
        assert piece.memo_id is not None
        kind, guid = "memo", cited.memos[piece.memo_id]
    on_node = piece.node_id is not None
    return {
        "guid": piece.guid,
        "subject_kind": "node" if on_node else "link",
        "subject": nodes[piece.node_id] if piece.node_id is not None else links[piece.link_id or 0],
        "kind": kind,
        "stance": Stance(piece.stance).value,
        "object_guid": guid,
        "passage": None if piece.start is None else [piece.start, piece.end],
        "note": piece.note,
    }


def _find_version(uow: UnitOfWork, model: ChangeModel, name: str) -> ModelVersion:
    wanted = " ".join(str(name).split())
    found = queries.change_models.versions_named(uow.session, model.id, wanted)
    if found:
        return found[0]
    known = ", ".join(
        repr(v.name) for v in queries.change_models.versions_of(uow.session, model.id)
    )
    raise NotFoundError(
        f"The change model {model.name!r} has no saved version called {wanted!r}"
        + (f"; its versions: {known}." if known else "; it has none yet.")
    )


def save_version(
    uow: UnitOfWork, name: str, *, note: str = "", model: Ref | None = None
) -> VersionInfo:
    """Save the model as it is now under ``name`` (unique in the model,
    letter case aside), with a ``note``, by the acting user; written with an
    audit entry. The model itself does not change.

    Raises :class:`~qualframe.errors.ValidationError` for an empty or
    over-long name or note and :class:`ConflictError` for a name the model's
    versions have; nothing is written then."""
    found = find_model(uow, model)
    name = clean_name(name, "version name")
    text = clean_prose(note, f"note of the version {name!r}")
    if queries.change_models.versions_named(uow.session, found.id, name):
        raise ConflictError(f"The change model {found.name!r} has a version called {name!r}.")
    data = snapshot(uow, found)
    version = ModelVersion(
        model_id=found.id,
        name=name,
        note=text,
        author=uow.actor.name,
        created_at=utc_now(),
        snapshot=json.dumps(data, ensure_ascii=False, sort_keys=True),
    )
    uow.session.add(version)
    uow.session.flush()
    audit.record(
        uow,
        "model_version.save",
        "model_version",
        version.id,
        f"Saved the change model {found.name!r} as the version {name!r} "
        f"({len(data['nodes'])} nodes, {len(data['links'])} links)",
        {
            "model": found.name,
            "name": name,
            "nodes": len(data["nodes"]),
            "links": len(data["links"]),
            "evidence": len(data["evidence"]),
        },
    )
    return _version_info(found, version)


def list_versions(uow: UnitOfWork, *, model: Ref | None = None) -> list[VersionInfo]:
    """The saved versions of a model, oldest first. Reads only."""
    found = find_model(uow, model)
    return [
        _version_info(found, v) for v in queries.change_models.versions_of(uow.session, found.id)
    ]


def compare_versions(
    uow: UnitOfWork, old: str, new: str | None = None, *, model: Ref | None = None
) -> ModelComparison:
    """What changed from the saved version ``old`` to the version ``new``
    (None: the model as it is now, called "current"): each kind, node, link,
    indicator and piece of evidence added, removed or changed (with the
    fields changed, old and new values as text), kinds first, then nodes,
    links, indicators and evidence, each by label. Reads only. Raises
    :class:`NotFoundError` for an unknown version."""
    found = find_model(uow, model)
    first = _find_version(uow, found, old)
    before = json.loads(first.snapshot)
    if new is None:
        after, new_name = snapshot(uow, found), CURRENT
    else:
        saved = _find_version(uow, found, new)
        after, new_name = json.loads(saved.snapshot), saved.name
    differences = [
        difference
        for part, what in PARTS
        for difference in _compare_part(what, before.get(part, []), after.get(part, []))
    ]
    return ModelComparison(
        model=found.name, old=first.name, new=new_name, differences=tuple(differences)
    )


def _label(what: str, item: dict[str, Any]) -> str:
    """How a difference names one item of a snapshot."""
    if what == "kind":
        return str(item["name"])
    if what == "node":
        return str(item["label"])
    if what == "link":
        return f"{item['source']} → {item['target']}"
    if what == "indicator":
        return f"{item['node']}: {item['name']}"
    passage = item.get("passage")
    where = f" [{passage[0]}, {passage[1]})" if passage else ""
    return f"{item['subject']} ← {item['kind']} {str(item['object_guid'])[:8]}{where}"


def _key(what: str, item: dict[str, Any]) -> str:
    """What identifies an item across two snapshots: its GUID, else its label."""
    return str(item.get("guid") or f"{what}:{_label(what, item)}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _compare_part(
    what: str, old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]
) -> list[Difference]:
    """The differences of one part of two snapshots, by label then change."""
    before = {_key(what, item): item for item in old}
    after = {_key(what, item): item for item in new}
    found: list[Difference] = []
    for key in before.keys() | after.keys():
        if key not in after:
            found.append(_difference(what, before[key], "removed"))
        elif key not in before:
            found.append(_difference(what, after[key], "added"))
        else:
            fields = tuple(
                (field, _text(before[key].get(field)), _text(after[key].get(field)))
                for field in sorted(before[key].keys() | after[key].keys())
                if field != "guid" and before[key].get(field) != after[key].get(field)
            )
            if fields:
                found.append(_difference(what, after[key], "changed", fields))
    return sorted(found, key=lambda d: (d.label.casefold(), d.label, d.change))


def _difference(
    what: str,
    item: dict[str, Any],
    change: Literal["added", "removed", "changed"],
    fields: tuple[tuple[str, str, str], ...] = (),
) -> Difference:
    return Difference(what=what, label=_label(what, item), change=change, fields=fields)
