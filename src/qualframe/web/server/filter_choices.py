"""The filters of the search and co-occurrence forms: attribute values, documents, speakers.

An attribute filter travels as ``where=NAME=VALUE`` (repeatable), the same
form the JSON API and the command line take, so a filtered search is a
shareable address. The forms offer a select per attribute whose values
are a closed list (categorical, ordinal, boolean — typologies included);
the API accepts any attribute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.project import Project
from qualframe.vocabulary import AttributeType


@dataclass(frozen=True)
class AttributeFilter:
    """One attribute as a filter: its name, a label for the form, and the
    ``(NAME=VALUE, value)`` options."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]

    def chosen(self, where: Sequence[str]) -> str:
        """The option of ``where`` that belongs to this attribute ("" for none)."""
        return next((value for value, _ in self.options if value in where), "")


def attribute_filters(project: Project) -> list[AttributeFilter]:
    """A filter per attribute with a closed list of values, in the study's order."""
    found = []
    for attribute in project.study.attributes():
        if attribute.type is AttributeType.BOOLEAN:
            values: tuple[str, ...] = ("true", "false")
        elif attribute.type in (AttributeType.CATEGORICAL, AttributeType.ORDINAL):
            values = attribute.levels
        else:
            continue
        if not values:
            continue
        found.append(
            AttributeFilter(
                name=attribute.name,
                label=f"{attribute.name} ({attribute.level.value})",
                options=tuple((f"{attribute.name}={value}", value) for value in values),
            )
        )
    return found


def document_choices(project: Project) -> list[tuple[int, str]]:
    """(document id, name) of every document, by name."""
    return project.search.documents()


def speaker_choices(project: Project) -> list[str]:
    """Every speaker label of the project's documents, in order."""
    return [speaker.label for speaker in project.documents.speaker_labels()]
