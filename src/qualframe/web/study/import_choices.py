"""How a cases or participants spreadsheet is to be read: the choices of an import.

The study page's preview and the API's import calls both collect the same
choices (kind, worksheet, may the file add cases, overrides of the type
and level inferred for new columns) and hand them to the study facade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from qualframe import ImportPlan, ImportSettings, UploadedFile
from qualframe.errors import ValidationError
from qualframe.project import Project

#: Form field prefixes of per-column overrides on the preview page ("type:age").
TYPE_PREFIX = "type:"
LEVEL_PREFIX = "level:"


@dataclass(frozen=True)
class ImportChoices:
    """The options of one cases/participants import (see ``StudyAPI.preview_import``)."""

    kind: str = "participants"
    sheet: str = ""
    create_cases: bool = False
    update_only: bool = False
    types: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)

    def settings(self) -> ImportSettings:
        """The choices as the study facade's import settings."""
        return {
            "sheet": self.sheet or None,
            "types": self.types,
            "attribute_levels": self.levels,
            "create_cases": self.create_cases,
            "update_only": self.update_only,
        }

    def preview(self, project: Project, upload: UploadedFile) -> ImportPlan:
        """What importing ``upload`` would do (writes nothing)."""
        return project.study.preview_import(upload, self.kind, **self.settings())

    def apply(self, project: Project, upload: UploadedFile) -> ImportPlan:
        """Import ``upload`` in one transaction (raises listing every problem)."""
        return project.study.apply_import(upload, self.kind, **self.settings())

    def fields(self) -> list[tuple[str, str]]:
        """The choices as (form field, value) pairs: hidden fields and query strings."""
        pairs = [("kind", self.kind), ("sheet", self.sheet)]
        pairs += [("create_cases", "1")] if self.create_cases else []
        pairs += [("update_only", "1")] if self.update_only else []
        pairs += [(TYPE_PREFIX + column, value) for column, value in self.types.items()]
        pairs += [(LEVEL_PREFIX + column, value) for column, value in self.levels.items()]
        return pairs

    def query(self) -> str:
        """The choices as a URL query string."""
        return urlencode(self.fields())


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "on", "yes")


def choices_from_fields(values: Iterable[tuple[str, str]]) -> ImportChoices:
    """The choices of a page's query string or form (see :meth:`ImportChoices.fields`);
    blank overrides mean "as inferred"."""
    plain: dict[str, str] = {}
    types: dict[str, str] = {}
    levels: dict[str, str] = {}
    for key, value in values:
        if key.startswith(TYPE_PREFIX) and value.strip():
            types[key.removeprefix(TYPE_PREFIX)] = value.strip()
        elif key.startswith(LEVEL_PREFIX) and value.strip():
            levels[key.removeprefix(LEVEL_PREFIX)] = value.strip()
        else:
            plain[key] = value
    return ImportChoices(
        kind=plain.get("kind", "participants") or "participants",
        sheet=plain.get("sheet", "").strip(),
        create_cases=_flag(plain.get("create_cases")),
        update_only=_flag(plain.get("update_only")),
        types=types,
        levels=levels,
    )


def column_pairs(values: Iterable[str], what: str) -> dict[str, str]:
    """API overrides ``["age=number"]`` as ``{"age": "number"}`` (split at the last "=").

    Raises :class:`ValidationError` for an item without "=" or without a column.
    """
    found: dict[str, str] = {}
    for item in values:
        column, equals, value = item.rpartition("=")
        if not equals or not column.strip():
            raise ValidationError(f'Give each {what} as "column=value", not {item!r}.')
        found[column.strip()] = value.strip()
    return found
