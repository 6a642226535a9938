"""The search part of the Python API: full text, keyword in context, code all hits.

::

    result = project.search("peer support", where={"stakeholder group": "peer worker"})
    result.total_segments, result.hits[0].left, result.hits[0].match
    project.search.hits_frame('"lived experience" OR recover*')   # a DataFrame
    project.search.preview_code_all_hits("stigma", "Barriers > Stigma", spread="sentence")
    project.search.code_all_hits("stigma", "Barriers > Stigma", spread="sentence")

Each method is its service function, declared once in
:mod:`qualframe.services.search` (signature and docstring come from there).
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.search import hit_coding, text_search

__all__ = ["SearchAPI"]


class SearchAPI(Facade):
    """Full-text search of one project (see :mod:`qualframe.services.search.text_search`)."""

    #: One page of keyword-in-context hits (a :class:`SearchResult`).
    find = use_case(text_search.find)
    #: ``project.search("trust")`` is ``project.search.find("trust")``.
    __call__ = find
    #: The page of hits of :meth:`find` as a DataFrame: document, start, end, left,
    #: match, right, speaker, participant, document_id, segment_id.
    hits_frame = use_case(text_search.find, then=text_search.hits_frame)
    #: ``(id, name)`` of every document a search can be limited to, by name.
    documents = use_case(text_search.searchable_documents)
    #: Code every hit of a search (all pages).
    code_all_hits = use_case(hit_coding.code_all_hits)
    #: What :meth:`code_all_hits` would do (its counts, ``preview=True``), worked
    #: out and rolled back.
    preview_code_all_hits = use_case(hit_coding.code_all_hits, hit_coding.as_preview, dry_run=True)
