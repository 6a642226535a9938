"""The search part of the Python API: full text, keyword in context, code all hits.

::

    result = project.search("peer support", where={"stakeholder group": "peer worker"})
    result.total_segments, result.hits[0].left, result.hits[0].match
    project.search.hits_frame('"lived experience" OR recover*')   # a DataFrame
    project.search.code_all_hits("stigma", "Barriers > Stigma", spread="sentence", preview=True)
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.services.search import hit_coding, text_search
from qualframe.services.search.hit_coding import CodeHitsResult
from qualframe.services.search.text_search import KwicHit, SearchResult
from qualframe.storage.queries.attributes import AttributeWhere
from qualframe.vocabulary import Spread

#: A document or code as the API accepts it: name (path for codes) or id.
Ref = int | str

__all__ = ["CodeHitsResult", "KwicHit", "SearchAPI", "SearchResult"]


class SearchAPI(Facade):
    """Full-text search of one project (see :mod:`qualframe.services.search.text_search`)."""

    def find(
        self,
        query: str,
        *,
        where: AttributeWhere | None = None,
        documents: Ref | Sequence[Ref] | None = None,
        speaker: str | Sequence[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> SearchResult:
        """One page of keyword-in-context hits: the hits in the ``limit`` matching
        segments after ``offset``; ``total_segments`` counts them all.

        Query: words (all must occur; inflections match), "a phrase",
        prefix*, ``a OR b``, ``-excluded``. ``where`` filters by attributes
        of who speaks (or of the document); ``documents`` and ``speaker``
        (labels) restrict where to look.
        """
        return self._run(
            text_search.find,
            query,
            where=where,
            documents=documents,
            speaker=speaker,
            limit=limit,
            offset=offset,
        )

    #: ``project.search("trust")`` is ``project.search.find("trust")``.
    __call__ = find

    def hits_frame(
        self,
        query: str,
        *,
        where: AttributeWhere | None = None,
        documents: Ref | Sequence[Ref] | None = None,
        speaker: str | Sequence[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> pd.DataFrame:
        """The page of hits of :meth:`find` as a DataFrame: document, start, end, left,
        match, right, speaker, participant, document_id, segment_id."""
        result = self.find(
            query, where=where, documents=documents, speaker=speaker, limit=limit, offset=offset
        )
        return text_search.hits_frame(result)

    def documents(self) -> list[tuple[int, str]]:
        """``(id, name)`` of every document a search can be limited to, by name."""
        return self._run(text_search.searchable_documents)

    def code_all_hits(
        self,
        query: str,
        code: Ref,
        *,
        spread: Spread = "paragraph",
        where: AttributeWhere | None = None,
        documents: Ref | Sequence[Ref] | None = None,
        speaker: str | Sequence[str] | None = None,
        preview: bool = False,
    ) -> CodeHitsResult:
        """Code every hit of a search (all pages) with ``code`` (id, name or
        path), widened to the ``"match"``, its ``"sentence"`` or the
        ``"paragraph"``. ``preview=True`` only counts what would be coded."""
        return self._run(
            hit_coding.code_all_hits,
            query,
            code,
            spread=spread,
            where=where,
            documents=documents,
            speaker=speaker,
            preview=preview,
        )
