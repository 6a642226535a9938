"""What the agreement pages are asked: the choices agreement is measured on
(from the query string, so a measurement is a shareable address), the form
opening a round, the queue's filter and the form resolving a disagreement.

Documents and codes come by id (``document_id``, ``code_id``: the
checkboxes' values), coders by name (a coder is a name). No document, code
or coder ticked is the default: every document coded by two or more coders,
every code used in them, every coder who coded them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Form
from pydantic import Field

from qualframe.errors import ValidationError
from qualframe.vocabulary import AgreementUnit, Resolution
from qualframe.web.server.query import QueryChoices
from qualframe.web.server.refs import Ids, OptionalId, form_id

#: The longest coder name a query or form may carry (as a user name: 100).
CODER_CHARACTERS = 100


class AgreementChoice(QueryChoices):
    """What agreement is measured on: the unit, and the documents, codes and
    coders (none ticked: the default, see the module docstring)."""

    unit: AgreementUnit = Field(
        default=AgreementUnit.TURN,
        description="turn, paragraph, sentence, or span (the text itself).",
    )
    document_id: Ids = Field(default_factory=list, description="A document, by id (repeat).")
    code_id: Ids = Field(default_factory=list, description="A code, by id (repeat).")
    coder: list[Annotated[str, Field(max_length=CODER_CHARACTERS)]] = Field(
        default_factory=list, description="A coder, by name (repeat; at least two)."
    )

    @property
    def given(self) -> bool:
        """Whether any document, code or coder was ticked (else: the defaults)."""
        return bool(self.document_id or self.code_id or self.chosen_coders())

    def chosen_coders(self) -> list[str]:
        """The coders ticked, blanks left out, each once."""
        return list(dict.fromkeys(name.strip() for name in self.coder if name.strip()))

    def keywords(self) -> dict[str, Any]:
        """The keywords of ``measure`` and ``open_round`` (None: the default)."""
        return {
            "unit": self.unit,
            "documents": list(dict.fromkeys(self.document_id)) or None,
            "codes": list(dict.fromkeys(self.code_id)) or None,
            "coders": self.chosen_coders() or None,
        }


#: Disagreements listed on one page of a round's queue.
QUEUE_PAGE = 50


class QueueFilter(QueryChoices):
    """Which disagreements of a round are listed: of one code, of one
    document, and the page (``offset``: disagreements skipped, in the queue's
    order; :data:`QUEUE_PAGE` shown)."""

    code_id: OptionalId = Field(default=None, description="Only this code's (by id).")
    document_id: OptionalId = Field(default=None, description="Only this document's (by id).")
    offset: int = Field(default=0, ge=0, description="Disagreements to skip (paging).")

    def query_string(self, *, offset: int | None = None) -> str:
        """The filter as a query string (``offset``: another page of it; 0 is left out)."""
        changed = self if offset is None else self.model_copy(update={"offset": offset})
        pairs = [pair for pair in changed.query_pairs() if pair != ("offset", "0")]
        return urlencode(pairs)


@dataclass(frozen=True, kw_only=True)
class RoundForm:
    """The form opening a round, as typed: its name and note, and the choices
    the page measured (carried as hidden fields)."""

    name: str = ""
    note: str = ""
    choice: AgreementChoice


def round_form(
    name: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = AgreementUnit.TURN.value,
    document_id: Annotated[list[str] | None, Form()] = None,
    code_id: Annotated[list[str] | None, Form()] = None,
    coder: Annotated[list[str] | None, Form()] = None,
) -> RoundForm:
    """The posted form opening a round; a unit or id that is not one is
    refused with :class:`ValidationError` naming it."""
    try:
        chosen_unit = AgreementUnit(unit.strip())
    except ValueError:
        raise ValidationError(
            f"The unit is turn, paragraph, sentence or span, not {unit[:40]!r}."
        ) from None
    documents = [form_id(value, "document") for value in document_id or ()]
    codes = [form_id(value, "code") for value in code_id or ()]
    choice = AgreementChoice(
        unit=chosen_unit,
        document_id=[value for value in documents if value is not None],
        code_id=[value for value in codes if value is not None],
        coder=[value[:CODER_CHARACTERS] for value in coder or ()],
    )
    return RoundForm(name=name, note=note, choice=choice)


#: A coding the user saw, as the resolve form carries it: "id:code_id:start:end".
SEEN_TOKEN = re.compile(r"[0-9]{1,18}(?::[0-9]{1,18}){3}")

#: The choice of the resolve form that keeps one coder's reading: "keep:" + the coder.
KEEP_PREFIX = "keep:"


@dataclass(frozen=True, kw_only=True)
class ResolveForm:
    """The form resolving one disagreement, as typed: its key, the codings the
    user saw (tokens ``"id:code_id:start:end"``), the choice ("keep:CODER", "keep_both", "merge",
    "recode"), the code to recode to (id), the note, and the page to go back to."""

    key: str = ""
    seen: tuple[str, ...] = ()
    choice: str = ""
    recode_to: int | None = None
    note: str = ""
    back: str = ""

    def outcome(self) -> tuple[Resolution, str | None, int | None]:
        """The outcome chosen, the coder kept (keep one) and the code to recode
        to (recode); raises :class:`ValidationError` when nothing usable was
        chosen (no choice, or recode without a code)."""
        if self.choice.startswith(KEEP_PREFIX):
            return Resolution.KEEP_ONE, self.choice[len(KEEP_PREFIX) :], None
        if self.choice == Resolution.RECODE.value:
            if self.recode_to is None:
                raise ValidationError("Choose the code to recode the passage to.")
            return Resolution.RECODE, None, self.recode_to
        try:
            return Resolution(self.choice), None, None
        except ValueError:
            raise ValidationError(
                "Choose how to resolve it: keep one coder's reading, keep both, merge the "
                "spans, or recode to another code."
            ) from None


def resolve_form(
    key: Annotated[str, Form(max_length=100)] = "",
    seen: Annotated[list[str] | None, Form()] = None,
    choice: Annotated[str, Form(max_length=200)] = "",
    recode_to: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> ResolveForm:
    """The posted resolve form (``seen`` repeated: one token
    ``"id:code_id:start:end"`` per coding seen); a token that is not one is
    refused with :class:`ValidationError`."""
    tokens = [value.strip() for value in seen or () if value.strip()]
    for token in tokens:
        if not SEEN_TOKEN.fullmatch(token):
            raise ValidationError(
                f"A coding seen is given as id:code:start:end (whole numbers), not {token[:40]!r}."
            )
    return ResolveForm(
        key=key.strip(),
        seen=tuple(tokens),
        choice=choice,
        recode_to=form_id(recode_to, "code"),
        note=note,
        back=back,
    )


RoundFormDep = Annotated[RoundForm, Depends(round_form)]
ResolveFormDep = Annotated[ResolveForm, Depends(resolve_form)]
