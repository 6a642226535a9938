"""The typology part of the Python API: dimensions, categories, one per case or participant.

::

    project.typologies.define("model of peer work", level="case",
                              categories=["embedded", "standalone", "hybrid"])
    project.typologies.assign("model of peer work", "Trust A", "embedded")
    project.typologies.assignments()          # every case, assigned or not
    project.compare.code("Hope", by="model of peer work")   # it is an attribute

Each call is one transaction, recorded in the audit log when it changes something.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.services.study import typologies
from qualframe.services.study.typologies import Assignment, TypologyRecord
from qualframe.vocabulary import AttributeLevel


class TypologyAPI(Facade):
    """Typology dimensions of one project."""

    def define(
        self,
        name: str,
        *,
        level: AttributeLevel | str = AttributeLevel.CASE,
        categories: Sequence[str],
        description: str = "",
    ) -> TypologyRecord:
        """Create a dimension with its categories, classifying cases or participants."""
        return self._run(
            typologies.define_typology,
            name,
            level=level,
            categories=categories,
            description=description,
        )

    def assign(
        self, dimension: str | int, target: str | int, category: str, *, replace: bool = False
    ) -> Assignment:
        """Put a case or participant in one category; changing an existing
        assignment raises :class:`~qualframe.ConflictError` unless ``replace``."""
        return self._run(typologies.assign, dimension, target, category, replace=replace)

    def unassign(self, dimension: str | int, target: str | int) -> Assignment:
        """Remove a case's or participant's category on a dimension."""
        return self._run(typologies.assign, dimension, target, None, replace=True)

    def dimensions(self) -> list[TypologyRecord]:
        """Every dimension, with its categories and how many objects are assigned."""
        return self._run(typologies.list_typologies)

    def assignments(self, dimension: str | int | None = None) -> pd.DataFrame:
        """Every case or participant on each dimension (or one): ``dimension,
        level, object, category`` (None: not assigned yet)."""
        return self._run(typologies.assignments_frame, dimension)

    def unassigned(self, dimension: str | int) -> list[str]:
        """The cases or participants not yet assigned on ``dimension``."""
        return self._run(typologies.unassigned, dimension)
