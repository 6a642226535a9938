"""What the change-model pages and API are asked: which node or link to show
and how to split its evidence, and the forms of nodes, links, indicators and
versions as typed records.

A node or link is named by id in the query (``node``, ``link`` on the pages;
``node_id``, ``link_id`` in the API), an attribute to split the evidence by
by its name (``by``; blank: no split). Forms are read by dependencies (one
per form) into frozen records, so a refused form is shown again exactly as
typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form
from pydantic import BaseModel, Field

from qualframe.errors import ValidationError
from qualframe.vocabulary import Stance
from qualframe.web.server.refs import OptionalId, form_id


class Selection(BaseModel):
    """The node or link a model page shows in its side panel (at most one;
    neither: the panel invites a choice) and the attribute its evidence is
    split by (blank: none)."""

    node: OptionalId = Field(default=None, description="The node shown, by id.")
    link: OptionalId = Field(default=None, description="The link shown, by id.")
    by: str = Field(
        default="",
        max_length=200,
        description="Split the evidence by this attribute (by its name; blank: no split).",
    )

    @property
    def chosen(self) -> bool:
        """Whether a node or link is chosen."""
        return self.node is not None or self.link is not None

    def query(self, **changes: object) -> str:
        """This selection as a query string ("" for none), with ``changes``."""
        values = {"node": self.node, "link": self.link, "by": self.by, **changes}
        kept = {name: value for name, value in values.items() if value not in (None, "")}
        return urlencode(kept)


class ProfileQuery(BaseModel):
    """The node or link whose evidence profile the API answers (exactly one)."""

    node_id: OptionalId = Field(default=None, description="The node, by id.")
    link_id: OptionalId = Field(default=None, description="The link, by id.")
    by: str = Field(
        default="",
        max_length=200,
        description="Split the evidence by this attribute (by its name; blank: no split).",
    )


class NewEvidence(BaseModel):
    """A piece of evidence to add: exactly one of ``node_id``/``link_id``, and
    exactly one of ``coding_id`` (with ``start`` and ``end``, code points,
    end exclusive, inside the coding: a quote), ``cell_id``, ``memo_id``."""

    node_id: int | None = Field(default=None, description="The node it backs, by id.")
    link_id: int | None = Field(default=None, description="The link it backs, by id.")
    coding_id: int | None = Field(default=None, description="A coding, by id.")
    start: int | None = Field(default=None, ge=0, description="A quote's start inside the coding.")
    end: int | None = Field(
        default=None, ge=0, description="A quote's end inside the coding (exclusive)."
    )
    cell_id: int | None = Field(default=None, description="A stored matrix cell, by id.")
    memo_id: int | None = Field(default=None, description="A memo, by id.")
    stance: Stance = Field(default=Stance.SUPPORTS, description="supports or contradicts.")
    note: str = Field(default="", description="Why it is evidence (optional).")

    def passage(self) -> tuple[int, int] | None:
        """The quote's span, or None for a whole coding, cell or memo; raises
        :class:`ValidationError` when only one of start and end is given."""
        if self.start is None and self.end is None:
            return None
        if self.start is None or self.end is None:
            raise ValidationError("A quote needs both its start and its end.")
        return (self.start, self.end)


# ---------------------------------------------------------------- forms


@dataclass(frozen=True, kw_only=True)
class NodeForm:
    """A node form as typed: its label, kind (by name), description, whether
    it is a candidate, the codes it is bound to (ids) and, for an edit, the
    version it started from."""

    label: str = ""
    kind: str = ""
    description: str = ""
    candidate: bool = False
    code_ids: tuple[int, ...] = ()
    version: int | None = None


def node_form(
    label: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    candidate: Annotated[str, Form()] = "",
    code_id: Annotated[list[str] | None, Form()] = None,
    if_version: Annotated[str, Form()] = "",
) -> NodeForm:
    """The posted node form (``code_id`` repeated: the bound codes); a
    non-number id refused with :class:`ValidationError`."""
    codes = [form_id(value, "code") for value in code_id or ()]
    return NodeForm(
        label=label,
        kind=kind,
        description=description,
        candidate=bool(candidate),
        code_ids=tuple(dict.fromkeys(code for code in codes if code is not None)),
        version=form_id(if_version, "version"),
    )


@dataclass(frozen=True, kw_only=True)
class LinkForm:
    """A link form as typed: its ends and condition (node ids; None: not
    chosen), rationale, whether it is a candidate, and for an edit the
    version it started from."""

    source_id: int | None = None
    target_id: int | None = None
    rationale: str = ""
    condition_id: int | None = None
    candidate: bool = False
    version: int | None = None


def link_form(
    source_id: Annotated[str, Form()] = "",
    target_id: Annotated[str, Form()] = "",
    rationale: Annotated[str, Form()] = "",
    condition_id: Annotated[str, Form()] = "",
    candidate: Annotated[str, Form()] = "",
    if_version: Annotated[str, Form()] = "",
) -> LinkForm:
    """The posted link form (a blank condition: unconditional)."""
    return LinkForm(
        source_id=form_id(source_id, "source"),
        target_id=form_id(target_id, "target"),
        rationale=rationale,
        condition_id=form_id(condition_id, "condition"),
        candidate=bool(candidate),
        version=form_id(if_version, "version"),
    )


@dataclass(frozen=True, kw_only=True)
class IndicatorForm:
    """An indicator form as typed: name, measure (by name; blank: none),
    timing, data source and notes."""

    name: str = ""
    measure: str = ""
    timing: str = ""
    data_source: str = ""
    notes: str = ""


def indicator_form(
    name: Annotated[str, Form()] = "",
    measure: Annotated[str, Form()] = "",
    timing: Annotated[str, Form()] = "",
    data_source: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> IndicatorForm:
    """The posted indicator form."""
    return IndicatorForm(
        name=name, measure=measure, timing=timing, data_source=data_source, notes=notes
    )


NodeFormDep = Annotated[NodeForm, Depends(node_form)]
LinkFormDep = Annotated[LinkForm, Depends(link_form)]
IndicatorFormDep = Annotated[IndicatorForm, Depends(indicator_form)]
#: The version a delete or removal was confirmed on (a hidden field; blank: none).
IfVersionForm = Annotated[str, Form()]
