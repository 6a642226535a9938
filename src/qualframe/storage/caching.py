"""A per-transaction cache, emptied on every write and when the transaction ends.

The unit of work keeps what one action reads repeatedly (the codebook tree,
the study's people) in the session's ``info``; SQLAlchemy's session events
empty it after each flush and each Core write (something was written) and
after commit or rollback, so nothing stale is ever served.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

_KEY = "qualframe.cache"


def transaction_cache(session: Session) -> dict[Any, Any]:
    """The cache dictionary of ``session``'s current transaction (created empty)."""
    cache: dict[Any, Any] | None = session.info.get(_KEY)
    if cache is None:
        cache = session.info[_KEY] = {}
    return cache


def _forget(session: Session, *_: Any) -> None:
    cache = session.info.get(_KEY)
    if cache:
        cache.clear()


def _forget_on_write(state: ORMExecuteState) -> None:
    # Core INSERT, UPDATE and DELETE statements bypass the flush.
    if state.is_insert or state.is_update or state.is_delete:
        _forget(state.session)


def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    # A savepoint released (each facade call in a request) keeps the cache;
    # the end of the whole transaction does not.
    if transaction.parent is None:
        _forget(session)


def install() -> None:
    """Empty every session's cache after each flush, each INSERT, UPDATE or
    DELETE statement, each rollback (a savepoint's too) and at the end of the
    transaction (idempotent; called when a
    :class:`~qualframe.storage.database.Database` opens)."""
    for name in ("after_flush", "after_rollback", "after_soft_rollback"):
        if not event.contains(Session, name, _forget):
            event.listen(Session, name, _forget)
    if not event.contains(Session, "after_transaction_end", _forget_at_end):
        event.listen(Session, "after_transaction_end", _forget_at_end)
    if not event.contains(Session, "do_orm_execute", _forget_on_write):
        event.listen(Session, "do_orm_execute", _forget_on_write)
