"""The area facades a :class:`~qualframe.Project` holds, found from the class itself.

The areas are cached properties that import their facade on first use (so
the command line starts without loading every area); their return
annotations name the facade classes.
"""

from __future__ import annotations

import functools
import importlib
import typing

from qualframe.api.facade import Facade
from qualframe.project import Project


def area_facades() -> dict[str, type[Facade]]:
    """``{attribute: facade class}`` of every area of a project, in declaration order."""
    found: dict[str, type[Facade]] = {}
    for name, member in vars(Project).items():
        if isinstance(member, functools.cached_property):
            module = importlib.import_module(f"qualframe.api.{name}")
            kind = typing.get_type_hints(member.func, localns=vars(module))["return"]
            if isinstance(kind, type) and issubclass(kind, Facade):
                found[name] = kind
    return found
