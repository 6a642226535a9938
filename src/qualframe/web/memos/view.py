"""What the memo pages show: the kinds of memo explained, the objects a memo
can be about (as select options), and where each linked object is seen."""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.errors import ValidationError
from qualframe.project import Project
from qualframe.services.memos.memos import MemoInfo, MemoLink, TargetSpec
from qualframe.vocabulary import MemoKind, MemoTarget
from qualframe.web.server.choices import code_choices
from qualframe.web.server.links import code_link, coding_link, document_link

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
}
#: The select value of a memo on the project.
PROJECT = "project"


@dataclass(frozen=True)
class LinkGroup:
    """A group of the "about" select: its label and ``(value, text)`` options."""

    label: str
    options: list[tuple[str, str]]


@dataclass(frozen=True)
class MemoForm:
    """The memo form's values as typed (shown again after a preview or a refusal);
    ``version``: the version of the memo the edit started from (None for a new
    memo), sent back as the hidden ``if_version``."""

    title: str = ""
    kind: str = MemoKind.ANALYTIC.value
    link: str = PROJECT
    body: str = ""
    version: int | None = None


def link_value(target_type: MemoTarget, target_id: int | None) -> str:
    """The select value of a link: "project" or "code:12"."""
    return PROJECT if target_id is None else f"{target_type.value}:{target_id}"


def parse_link(value: str) -> TargetSpec:
    """The target a select value names ("" or "project": the project).

    Raises :class:`ValidationError` for a value that is not ``type:id``.
    """
    text = value.strip()
    if not text or text == PROJECT:
        return None
    kind, _, number = text.partition(":")
    if not number.strip().isdecimal():
        raise ValidationError(
            f"{text!r} does not name what a memo is about; choose it from the list."
        )
    try:
        target = MemoTarget(kind.strip())
    except ValueError:
        raise ValidationError(f"A memo cannot be about a {kind!r}.") from None
    return (target, int(number))


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
        ),
        LinkGroup(
            "Documents",
            [
                (f"document:{int(doc_id)}", str(name))
                for doc_id, name in zip(documents["id"], documents["name"], strict=True)
            ],
        ),
        LinkGroup("Cases", [(f"case:{case.id}", case.name) for case in project.study.cases()]),
        LinkGroup(
            "Participants",
            [
                (f"participant:{person.id}", f"{person.identifier} ({person.case})")
                for person in project.study.participants()
            ],
        ),
    ]


def target_name(label: str) -> str:
    """The object's name in a target label ("code: Trust" gives "Trust")."""
    kind, sep, name = label.partition(": ")
    return name if sep and kind in {t.value for t in MemoTarget} else label


def target_url(project_id: int, memo: MemoInfo | MemoLink) -> str | None:
    """Where the object a memo is about is seen (None for the project)."""
    kind, target_id = memo.target_type, memo.target_id
    if target_id is None:
        return None
    if kind is MemoTarget.CODE:
        return code_link(project_id, target_id)
    if kind is MemoTarget.DOCUMENT:
        return document_link(project_id, target_id)
    if kind is MemoTarget.CODING:
        if memo.document_id is None:
            return None
        return coding_link(project_id, memo.document_id, target_id)
    return f"/projects/{project_id}/study"
