"""A passage of a document: the one record every view of a coded passage builds on.

A coding, a cell's quote, a comparison's quote, a coded excerpt and a search
hit each show a span of a document and who speaks it. They declare those
fields once, here, and add their own: a view is a subclass of
:class:`Passage` (so its fields stay flat: ``quote.document``,
``record.speaker``) with the fields only it has.

The views of the coding and documents areas: a coding as returned
(:class:`~qualframe.services.coding.codings.CodingRecord`), as listed
(:class:`~qualframe.services.coding.listing.ListedCoding`, which adds the
case), as the document view lists it
(:class:`~qualframe.services.coding.document_view.DocumentCoding`) and an
auto-coder's proposed span (:class:`~qualframe.services.coding.autocode.ProposedSpan`).
In the browser a coding has one shape too, made from the page data or an
API record in ``static/js/codings_list.js``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """A span of a document and who speaks it.

    ``start``/``end`` are code points of the stored (NFC) text, end
    exclusive; ``document`` is the document's name; ``speaker`` is the label
    of the speaker turn holding ``start`` (None outside turns) and
    ``participant`` the identifier of the participant who speaks there (the
    turn's, else the document's only participant; None for the interviewer
    or an unmapped label), by :mod:`qualframe.services.documents.attribution`.
    """

    document_id: int
    document: str
    start: int
    end: int
    speaker: str | None
    participant: str | None
