"""Options for the pages' select boxes: codes, attributes, participants, documents.

Each returns ``(value, text)`` pairs in the order people expect (the
codebook tree, the study's attribute order); templates render them with
``ui.select``.
"""

from __future__ import annotations

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
