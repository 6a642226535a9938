"""What the memo pages show: the kinds of memo explained, the objects a memo
can be linked to (as select options) and the links as the form sends them
(values as :mod:`qualframe.web.server.memo_links` writes them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualframe.errors import ValidationError
from qualframe.project import Project
from qualframe.services.memos.memos import MemoInfo, TargetSpec
from qualframe.vocabulary import MemoKind, MemoTarget
from qualframe.web.server.choices import code_choices
from qualframe.web.server.memo_links import (
    PROJECT,
    LinkShown,
    link_value,
    shown_link,
    target_name,
    target_url,
)

#: What each kind of memo is for (shown in the form).
KIND_HINTS = {
    MemoKind.ANALYTIC: "Analytic: ideas about the data, patterns and links between cases.",
    MemoKind.METHODOLOGICAL: (
        "Methodological: decisions about how the study is done, such as sampling or coding rules."
    ),
    MemoKind.REFLEXIVE: (
        "Reflexive: your own position, and how your experience shapes the analysis."
    ),
    MemoKind.THEORETICAL: "Theoretical: links to theory and to the change model.",
    MemoKind.FAMILIARISATION: (
        "Familiarisation: your first impressions on reading a document, before coding."
    ),
}
#: How each type of link is named in filters.
TYPE_LABELS = {
    MemoTarget.PROJECT: "The project as a whole",
    MemoTarget.CODE: "A code",
    MemoTarget.DOCUMENT: "A document",
    MemoTarget.CODING: "A coded passage",
    MemoTarget.CASE: "A case",
    MemoTarget.PARTICIPANT: "A participant",
    MemoTarget.CELL: "A matrix cell",
}
#: Most links one memo form holds (a safeguard against a runaway form).
MAX_LINKS = 50


@dataclass(frozen=True)
class LinkGroup:
    """A group of the "about" select: its type (``code``...), label and
    ``(value, text)`` options."""

    label: str
    options: list[tuple[str, str]]
    kind: str = ""


@dataclass(frozen=True)
class MemoForm:
    """The memo form's values as typed (shown again after a preview or a refusal).

    ``links``: the link values of its rows, in order (``"project"`` or ``""``:
    a row linking to nothing); ``version``: the version of the memo the edit
    started from (None for a new memo), sent back as the hidden ``if_version``.
    """

    title: str = ""
    kind: str = MemoKind.ANALYTIC.value
    links: tuple[str, ...] = (PROJECT,)
    body: str = ""
    version: int | None = None

    @property
    def chosen(self) -> list[str]:
        """The link values that name an object (each once, in order)."""
        seen: list[str] = []
        for value in (v.strip() for v in self.links):
            if value and value != PROJECT and value not in seen:
                seen.append(value)
        return seen

    def specs(self) -> list[TargetSpec]:
        """The links as the facade takes them; raises :class:`ValidationError`
        for a value that names no kind of object, or too many links."""
        if len(self.links) > MAX_LINKS:
            raise ValidationError(f"A memo form holds at most {MAX_LINKS} links.")
        return [parse_link(value) for value in self.chosen]


def memo_link_values(memo: MemoInfo) -> tuple[str, ...]:
    """The form values of every link of ``memo`` (``("project",)`` for none)."""
    return tuple(link_value(link) for link in memo.links) or (PROJECT,)


def parse_link(value: str) -> TargetSpec:
    """The target a link value names ("" or "project": the project).

    Raises :class:`ValidationError` for a value that is not ``type:id`` or
    ``document:id:start-end``.
    """
    text = value.strip()
    if not text or text == PROJECT:
        return None
    kind, _, rest = text.partition(":")
    number, _, span = rest.partition(":")
    if not number.strip().isdecimal():
        raise ValidationError(
            f"{text!r} does not name what a memo is about; choose it from the list."
        )
    try:
        target = MemoTarget(kind.strip())
    except ValueError:
        raise ValidationError(f"A memo cannot be about a {kind!r}.") from None
    if not span:
        return (target, int(number))
    start, _, end = span.partition("-")
    if target is not MemoTarget.DOCUMENT or not (start.isdecimal() and end.isdecimal()):
        raise ValidationError(f"{text!r} does not name a passage of a document.")
    return (target, int(number), (int(start), int(end)))


def link_groups(project: Project) -> list[LinkGroup]:
    """The objects a memo can be about, grouped by type, each in its usual order."""
    documents = project.documents.documents()
    return [
        LinkGroup(
            "Codes",
            [
                (f"code:{code_id}", label)
                for code_id, label in code_choices(project, include_retired=True)
            ],
            MemoTarget.CODE.value,
        ),
        LinkGroup(
            "Documents",
            [
                (f"document:{int(doc_id)}", str(name))
                for doc_id, name in zip(documents["id"], documents["name"], strict=True)
            ],
            MemoTarget.DOCUMENT.value,
        ),
        LinkGroup(
            "Cases",
            [(f"case:{case.id}", case.name) for case in project.study.cases()],
            MemoTarget.CASE.value,
        ),
        LinkGroup(
            "Participants",
            [
                (f"participant:{person.id}", f"{person.identifier} ({person.case})")
                for person in project.study.participants()
            ],
            MemoTarget.PARTICIPANT.value,
        ),
    ]


def offered_values(groups: Iterable[LinkGroup]) -> set[str]:
    """Every value the groups offer, and "project"."""
    return {value for group in groups for value, _ in group.options} | {PROJECT, ""}


def shown_links(project_id: int, memo: MemoInfo) -> list[LinkShown]:
    """Every link of ``memo`` as the pages show it (empty: on the project)."""
    return [shown_link(project_id, link) for link in memo.links]


def about_text(memo: MemoInfo) -> str:
    """What a memo is about in words: "code Trust; document P01.txt" or "the project"."""
    if not memo.links:
        return "the project"
    return "; ".join(f"{link.target_type.value} {target_name(link.label)}" for link in memo.links)


def link_rows(values: Sequence[str]) -> list[str]:
    """The rows the form shows: the given values, or one row on the project."""
    return list(values) or [PROJECT]


__all__ = [
    "KIND_HINTS",
    "PROJECT",
    "TYPE_LABELS",
    "LinkGroup",
    "LinkShown",
    "MemoForm",
    "about_text",
    "link_groups",
    "link_rows",
    "link_value",
    "memo_link_values",
    "offered_values",
    "parse_link",
    "shown_link",
    "shown_links",
    "target_name",
    "target_url",
]
