"""Options for the pages' select boxes: codes, attributes, participants, documents.

Each returns ``(value, text)`` pairs in the order people expect (the
codebook tree, the study's attribute order); templates render them with
``ui.select``.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.services.codebook.tree import CodeInfo

#: How the depth of a code is shown in a flat list of options.
INDENT = "\u2003"  # an em space per level


def code_label(code: CodeInfo) -> str:
    """A code as an option: indented by depth, "(retired)" when retired."""
    return INDENT * code.depth + code.name + (" (retired)" if code.retired else "")


def code_choices(project: Project, *, include_retired: bool = False) -> list[tuple[int, str]]:
    """(code id, indented name) of every code in tree order."""
    return [
        (code.id, code_label(code))
        for code in project.codebook.tree(include_retired=include_retired)
    ]


def chosen_code_ids(project: Project, names: Sequence[str], ids: Sequence[int | None]) -> list[int]:
    """The ids of the codes chosen by name or path (``names``) and by id (``ids``),
    each once, names first, so a form whose options are ids shows them chosen
    even when the address names them; a name that names no code is left out."""
    found: list[int] = []
    for name in (name.strip() for name in names):
        if name:
            try:
                found.append(project.codebook.get(name).id)
            except UserError:
                continue
    found += [code_id for code_id in ids if code_id is not None]
    return list(dict.fromkeys(found))


def theme_choices(project: Project) -> list[tuple[int, str]]:
    """(code id, indented name) of the codes with sub-codes (themes)."""
    return [
        (code.id, code_label(code))
        for code in project.codebook.tree(include_retired=False)
        if code.child_count > 0
    ]


def attribute_choices(project: Project, *levels: str) -> list[tuple[str, str]]:
    """(name, "name (level)") of the attributes of ``levels`` (default: all)."""
    return [
        (attribute.name, f"{attribute.name} ({attribute.level})")
        for attribute in project.study.attributes()
        if not levels or attribute.level in levels
    ]
