"""The typology part of the Python API: dimensions, categories, one per case or participant.

::

    project.typologies.define("model of peer work", level="case",
                              categories=["embedded", "standalone", "hybrid"])
    project.typologies.assign("model of peer work", "Trust A", "embedded")
    project.typologies.assignments()          # every case, assigned or not
    project.compare.code("Hope", by="model of peer work")   # it is an attribute

Each call is one transaction, recorded in the audit log when it changes
something. An assignment counts as a change of its case or participant:
``assign`` and ``unassign`` take ``if_version``, the version of that object
you read (``placements()`` shows it). Each method is the use case of
:mod:`qualframe.services.study.typologies` it names (see its docstring).
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.study import frames, typologies

__all__ = ["TypologyAPI"]


class TypologyAPI(Facade):
    """Typology dimensions of one project."""

    define = use_case(typologies.define_typology)
    assign = use_case(typologies.assign)
    unassign = use_case(typologies.unassign)
    dimensions = use_case(typologies.list_typologies)
    #: Every case or participant on each dimension, as a DataFrame ``dimension,
    #: level, object, category`` (None: not assigned yet).
    assignments = use_case(typologies.placements, then=frames.assignments_frame)
    placements = use_case(typologies.placements)
    unassigned = use_case(typologies.unassigned)
