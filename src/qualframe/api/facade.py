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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.database import Database

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

#: A service function: a use case, taking the unit of work first.
Service = Callable[Concatenate[UnitOfWork, P], R]


class Facade:
    """The use cases of one area, for one project, each call in its own transaction.

    Facade methods return typed records or DataFrames, never ORM objects, so
    nothing they return depends on an open session.
    """

    def __init__(self, database: Database, project_id: int, actor: str) -> None:
        self._database = database
        self._project_id = project_id
        self._actor = actor

    @contextmanager
    def _unit_of_work(self) -> Iterator[UnitOfWork]:
        """A unit of work on this project in a new transaction (committed when
        the block ends, rolled back on any error)."""
        with self._database.transaction() as session:
            yield UnitOfWork(session, self._project_id, self._actor)

    def _run(self, service: Service[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Call ``service(uow, *args, **kwargs)`` in one transaction."""
        with self._unit_of_work() as uow:
            return service(uow, *args, **kwargs)

    def _dry_run(self, service: Service[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """What ``service`` would return, worked out in a transaction that is then
        rolled back: nothing is written, and the answer is exactly what the
        real call would do now."""
        try:
            with self._unit_of_work() as uow:
                raise _Undo(service(uow, *args, **kwargs))
        except _Undo as undo:
            return undo.result


class _Undo(Exception):
    """Carries a dry run's result out of its transaction, which it rolls back."""

    def __init__(self, result: Any) -> None:
        super().__init__("dry run")
        self.result = result


class UseCase(Generic[P, R]):
    """A facade method built from a service function (see the module docstring).

    Read on a facade, it is a function with the service's signature minus the
    unit of work; read on the class, the descriptor itself (with the
    service's docstring and signature, for ``help()``).
    """

    def __init__(
        self,
        service: Callable[Concatenate[UnitOfWork, P], Any],
        then: Callable[[Any], R] | None = None,
        *,
        dry_run: bool = False,
    ) -> None:
        self.service = service
        self.then = then
        self.dry_run = dry_run
        self.__doc__ = service.__doc__
        self.__wrapped__ = service
        self._name = service.__name__
        self._signature: inspect.Signature | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @property
    def __signature__(self) -> inspect.Signature:
        """The service's signature without its unit of work (and, with ``then``,
        the return annotation of ``then``)."""
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
            result = call(service, *args, **kwargs)
            return result if then is None else then(result)

        bound.__name__ = bound.__qualname__ = self._name
        bound.__doc__ = self.__doc__
        bound.__signature__ = self.__signature__  # type: ignore[attr-defined]
        bound.__module__ = service.__module__
        return bound


@overload
def use_case(service: Service[P, R], *, dry_run: bool = False) -> UseCase[P, R]: ...


@overload
def use_case(
    service: Service[P, T], then: Callable[[T], R], *, dry_run: bool = False
) -> UseCase[P, R]: ...


def use_case(
    service: Service[P, Any], then: Callable[[Any], Any] | None = None, *, dry_run: bool = False
) -> UseCase[P, Any]:
    """Declare a facade method as the use case ``service``.

    ``then`` converts the service's result at the Python API's edge (e.g.
    typed rows to a pandas DataFrame); ``dry_run`` runs the service in a
    transaction that is rolled back (a preview that writes nothing).
    """
    return UseCase(service, then, dry_run=dry_run)
