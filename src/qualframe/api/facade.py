"""The facades' machinery: a use case is declared once, as its service function.

A facade method is *built* from the service function that declares the use
case, so the signature, the docstring and (later) the permission live in one
place::

    class CodingAPI(Facade):
        apply = use_case(coding.apply_code)

``project.coding.apply(document, code, start, end)`` then opens one unit of
work (one transaction), calls ``coding.apply_code(uow, document, code, start,
end)`` and commits; ``help(project.coding.apply)`` shows the service's
signature without its unit of work, and mypy checks calls against it.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from qualframe.errors import ValidationError
from qualframe.services.core.access import open_unit
from qualframe.services.core.actor import Actor
from qualframe.services.core.refs import MAX_ID, beyond_stored_range
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.database import Database, stale_as_conflict

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

#: A service function: a use case, taking the unit of work first.
Service = Callable[Concatenate[UnitOfWork, P], R]


class ProjectBinding:
    """How the facades of one project open units of work.

    Each facade call runs in a new transaction of its own, unless an
    :meth:`atomic` block is open in this thread: then every call joins that
    block's unit of work, and the block commits or rolls back as a whole.
    Inside a block, each call (and each nested block) runs under a savepoint:
    one that fails is undone alone, so a caller that catches its error keeps
    the rest of the block's work. Bindings made by :meth:`acting_as` share
    their root's blocks, each attributing changes to its own actor.
    """

    def __init__(
        self,
        database: Database,
        project_id: int,
        actor: str | Actor,
        *,
        root: ProjectBinding | None = None,
        pinned: UnitOfWork | None = None,
    ) -> None:
        self.database = database
        self.project_id = project_id
        self.actor = Actor.of(actor)
        # The blocks open in each thread, shared with the bindings acting as others.
        self._local: threading.local = threading.local() if root is None else root._local
        self._root = root or self
        # A unit of work every call joins, whatever the thread (one web request's).
        self._pinned: UnitOfWork | None = pinned if root is None else root._pinned

    @classmethod
    def pinned_to(cls, database: Database, uow: UnitOfWork) -> ProjectBinding:
        """A binding whose every call, in any thread, joins ``uow`` (opened and
        committed by the caller: one web request's transaction, whose handler
        may run in another thread than the one that opened it)."""
        return cls(database, uow.project_id, uow.actor, pinned=uow)

    @property
    def active(self) -> UnitOfWork | None:
        """The unit of work calls join now (a pinned one, else the block open in
        this thread), as this binding's actor."""
        opened: UnitOfWork | None = self._pinned or getattr(self._local, "unit_of_work", None)
        if opened is None or opened.actor == self.actor:
            return opened
        return opened.acting_as(self.actor)

    def acting_as(self, actor: str | Actor) -> ProjectBinding:
        """A binding of the same project whose changes are attributed to ``actor``;
        it shares this binding's atomic blocks, whichever of them opens one.
        It acts under this binding's account (and so its role): attributing
        changes to another name grants nothing more."""
        named = Actor(Actor.of(actor).name, self.actor.account_id)
        return ProjectBinding(self.database, self.project_id, named, root=self._root)

    @contextmanager
    def adopt(self, uow: UnitOfWork) -> Iterator[None]:
        """Run the facade calls of the block in ``uow``, a unit of work opened by
        the caller (who commits it), as if in an :meth:`atomic` block."""
        previous: UnitOfWork | None = getattr(self._local, "unit_of_work", None)
        self._local.unit_of_work = uow
        try:
            yield
        finally:
            self._local.unit_of_work = previous

    @contextmanager
    def unit_of_work(self, *, in_parts: bool = False) -> Iterator[UnitOfWork]:
        """A new unit of work in its own transaction (committed when the block
        ends, rolled back on any error), or, inside an atomic block, the block's
        under a savepoint (released at the end, rolled back to on any error).

        ``in_parts``: a unit of work of its own may be committed in parts by
        its use case (``UnitOfWork.checkpoint``: a long import); one joining
        a block never is, whatever ``in_parts`` says."""
        active = self.active
        if active is not None:
            with stale_as_conflict(), active.session.begin_nested():
                yield active
            return
        with self.database.transaction() as session:
            yield open_unit(session, self.project_id, self.actor, in_parts=in_parts)

    @contextmanager
    def atomic(self) -> Iterator[UnitOfWork]:
        """One transaction for every facade call made in the block (in this thread).

        Committed when the outermost block ends, rolled back as a whole on any
        error; a nested ``atomic()`` is a savepoint of the outer one.
        """
        if self.active is not None:
            with self.unit_of_work() as uow:
                yield uow
            return
        with self.database.transaction(block=True) as session:
            uow = open_unit(session, self.project_id, self.actor)
            with self.adopt(uow):
                yield uow


class Facade:
    """The use cases of one area, for one project, each call one unit of work.

    Facade methods return typed records or DataFrames, never ORM objects, so
    nothing they return depends on an open session.
    """

    def __init__(self, binding: ProjectBinding) -> None:
        self._binding = binding

    def _run(self, service: Service[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Call ``service(uow, *args, **kwargs)`` in one unit of work (which, when
        it is a transaction of its own, a long use case may commit in parts)."""
        with self._binding.unit_of_work(in_parts=True) as uow:
            return service(uow, *args, **kwargs)

    def _dry_run(self, service: Service[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """What ``service`` would return, worked out and then rolled back: nothing
        is written, and the answer is exactly what the real call would do now.

        Inside an atomic block the work is undone to a savepoint, keeping the
        block's earlier work.
        """
        if self._binding.active is not None:
            session = self._binding.active.session
            savepoint = session.begin_nested()
            try:
                return service(self._binding.active, *args, **kwargs)
            finally:
                savepoint.rollback()
        try:
            with self._binding.unit_of_work() as uow:
                raise _Undo(service(uow, *args, **kwargs))
        except _Undo as undo:
            result: R = undo.result
            return result


class _Undo(Exception):
    """Carries a dry run's result out of its transaction, which it rolls back."""

    def __init__(self, result: Any) -> None:
        super().__init__("dry run")
        self.result = result


class UseCase(Generic[P, R]):
    """A facade method built from a service function (see the module docstring).

    Read on a facade, it is a function with the service's signature minus the
    unit of work; read on the class, the descriptor itself, which behaves as
    an unbound method for ``help()`` and :func:`inspect.signature`
    (``(self, ...)``) and can be called with the facade first.
    """

    def __init__(
        self,
        service: Callable[Concatenate[UnitOfWork, P], Any],
        then: Callable[[Any], R] | None = None,
        *,
        dry_run: bool = False,
        doc: str | None = None,
    ) -> None:
        self.service = service
        self.then = then
        self.dry_run = dry_run
        self.__doc__ = doc or _document(service, then, dry_run)
        self.__wrapped__ = service
        self._name = service.__name__
        self._named = False
        self._signature: inspect.Signature | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        # One declaration may be bound to two names (``__call__ = find``): the
        # first (its own) names it.
        if not self._named:
            self._named = True
            self._name = name
            self.__qualname__ = f"{owner.__qualname__}.{name}"

    @property
    def bound_signature(self) -> inspect.Signature:
        """The service's signature without its unit of work (and, with ``then``,
        the return annotation of ``then``): what a call on a facade takes."""
        if self._signature is None:
            full = inspect.signature(self.service)
            params = list(full.parameters.values())[1:]
            returns = (
                full.return_annotation
                if self.then is None
                else inspect.signature(self.then).return_annotation
            )
            self._signature = full.replace(parameters=params, return_annotation=returns)
        return self._signature

    @property
    def __signature__(self) -> inspect.Signature:
        """The signature as an unbound method: ``self`` then :attr:`bound_signature`."""
        bound = self.bound_signature
        first = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
        return bound.replace(parameters=[first, *bound.parameters.values()])

    @property
    def __name__(self) -> str:
        return self._name

    def __call__(self, facade: Facade, /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call the use case on ``facade`` (as ``Facade.method(facade, ...)``)."""
        return self.__get__(facade, type(facade))(*args, **kwargs)

    @overload
    def __get__(self, facade: None, owner: type) -> UseCase[P, R]: ...

    @overload
    def __get__(self, facade: Facade, owner: type) -> Callable[P, R]: ...

    def __get__(self, facade: Facade | None, owner: type) -> UseCase[P, R] | Callable[P, R]:
        if facade is None:
            return self
        service, then = self.service, self.then
        call = facade._dry_run if self.dry_run else facade._run

        def bound(*args: P.args, **kwargs: P.kwargs) -> R:
            self._check_numbers(args, kwargs)
            result = call(service, *args, **kwargs)
            return result if then is None else then(result)

        bound.__name__ = bound.__qualname__ = self._name
        bound.__doc__ = self.__doc__
        bound.__signature__ = self.bound_signature  # type: ignore[attr-defined]
        bound.__module__ = service.__module__
        return bound

    def _check_numbers(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Refuse a whole number no database column holds, given as an argument
        or inside one (a list of ids, a mapping's values), before any query:
        the drivers would fail on it (an overflow on SQLite, "integer out of
        range" on PostgreSQL) instead of saying what is wrong. Raises
        :class:`ValidationError` naming the parameter."""
        names = list(self.bound_signature.parameters)
        given = [*zip(names, args, strict=False), *kwargs.items()]
        for name, value in given:
            for item in _numbers_in(value):
                if beyond_stored_range(item):
                    assert isinstance(item, int)
                    shown = _shown_number(item)
                    raise ValidationError(
                        f"{self._name}({name}={shown}): the number is beyond the whole numbers "
                        f"qualframe stores (at most {MAX_ID:,} either way), so no object has "
                        "it as its id; nothing was done."
                    )


def _shown_number(number: int) -> str:
    """``number`` as a message shows it: its digits up to twenty, else how many
    (Python refuses to write out more than 4,300 digits)."""
    if -(10**20) < number < 10**20:
        return str(number)
    digits = int(abs(number).bit_length() * 0.30103) + 1
    return f"{'-' if number < 0 else ''}<a number of about {digits:,} digits>"


def _numbers_in(value: object) -> Iterator[object]:
    """``value`` and, for a list, tuple, set or mapping, its items (values): the
    whole numbers an argument may hold. Strings and other objects are not looked into."""
    yield value
    if isinstance(value, Mapping):
        yield from value.values()
    elif isinstance(value, (list, tuple, set, frozenset)):
        yield from value


def _document(
    service: Callable[..., Any], then: Callable[..., Any] | None, dry_run: bool
) -> str | None:
    """The docstring of a facade method: the service's, saying first that a dry
    run writes nothing, and with ``then`` what the result is turned into (the
    first paragraph of its docstring)."""
    if not dry_run and (then is None or not then.__doc__):
        return service.__doc__
    text = inspect.cleandoc(service.__doc__ or "")
    if dry_run:
        text = f"{_DRY_RUN}\n\n{text}"
    if then is not None and then.__doc__:
        text += "\n\nReturned as: " + inspect.cleandoc(then.__doc__).split("\n\n")[0]
    return text


#: What the docstring of a preview (``dry_run=True``) says first.
_DRY_RUN = (
    "A preview: works out what the call below would do and returns that, then "
    "rolls everything back; nothing is written."
)


@overload
def use_case(
    service: Service[P, R], *, dry_run: bool = False, doc: str | None = None
) -> UseCase[P, R]: ...


@overload
def use_case(
    service: Service[P, T],
    then: Callable[[T], R],
    *,
    dry_run: bool = False,
    doc: str | None = None,
) -> UseCase[P, R]: ...


def use_case(
    service: Service[P, Any],
    then: Callable[[Any], Any] | None = None,
    *,
    dry_run: bool = False,
    doc: str | None = None,
) -> UseCase[P, Any]:
    """Declare a facade method as the use case ``service``.

    ``then`` converts the service's result at the Python API's edge (e.g.
    typed rows to a pandas DataFrame; the method's docstring then says so);
    ``dry_run`` runs the service in a transaction that is rolled back (a
    preview that writes nothing); ``doc`` replaces the docstring.
    """
    return UseCase(service, then, dry_run=dry_run, doc=doc)
