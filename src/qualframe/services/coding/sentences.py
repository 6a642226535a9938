"""The sentence around a position of a document, as every sentence qualframe uses.

The document view's "select the sentence" key asks for it here, so the
browser selects exactly the sentence that extending a coding to its
sentence, auto-coding and coding search hits by sentence would take: one
splitter (:func:`qualframe.formats.segmentation.paragraph_sentences`), on
the server: paragraphs cut where a speaker turn starts or ends, split
around the position only (a long paragraph is not split whole).
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.errors import ValidationError
from qualframe.formats.segmentation import sentence_regions, sentences_around
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence of a document: ``start``/``end`` are code points into its text,
    end exclusive, trimmed of white space."""

    start: int
    end: int


def sentence_at(uow: UnitOfWork, document: Ref, at: int) -> SentenceSpan | None:
    """The sentence of ``document`` (id or name) around the code point ``at``
    (a caret: one just after a sentence's last character belongs to it), or
    None where the text there is only white space. Reads only; splits only
    around ``at`` in the paragraph holding it (within its speaker turn).

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown document
    and :class:`ValidationError` when ``at`` is outside its text.
    """
    found = find_document(uow, document)
    text = found.text
    if isinstance(at, bool) or not isinstance(at, int) or not 0 <= at <= len(text):
        raise ValidationError(
            f"A position in {found.name!r} is a whole number from 0 to {len(text):,} "
            f"(code points), not {at!r}."
        )
    turns = [(t.start, t.end) for t in queries.speakers.turn_rows(uow.session, found.id)]
    for region in sentence_regions(text, turns, at, at):
        for sentence in sentences_around(text, region, at, at):
            if sentence.start <= at <= sentence.end:
                return SentenceSpan(sentence.start, sentence.end)
    return None
