"""The least project role each route asks for, checked before the route runs.

The rules themselves are the services' (:mod:`qualframe.services.core.access`):
every change a role may not make is refused there, whichever edge asks.
This gate answers the same question earlier, from the route alone, so that a
refused request gets its 403 before its body is read and validated (a
viewer's empty form is "not allowed", not "the name is missing"), and so
that every route's role is written down in one table a test walks.

Reading (GET, HEAD, OPTIONS) asks for a viewer, except what
:data:`READING_RULES` keep for some roles (the invitations: their links
let people in); a preview page's writes,
rolled back, are checked by the services as they happen. A change asks for
the role of the first rule its path (after ``/api`` and
``/projects/{project_id}``) matches; a path no rule names asks for an owner,
so that a new route is closed until someone decides otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request

from qualframe.project import Project
from qualframe.vocabulary import ProjectRole

#: Methods that only read.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_PROJECT_PREFIX = re.compile(r"^(?:/api)?/projects/\{project_id\}")


@dataclass(frozen=True)
class RouteRule:
    """Changes to paths matching ``pattern`` (a regular expression on the path
    template after the project's prefix) ask for ``role``; ``doing`` names them
    for people ("coding and memos")."""

    pattern: str
    role: ProjectRole
    doing: str

    def matches(self, rest: str) -> bool:
        """Whether the path template's part after the project prefix matches."""
        return re.fullmatch(self.pattern, rest) is not None


_CODING = "coding and memos"
_MEMBERS = "managing the project's members and invitations"

#: The rules, first match wins (see the module docstring).
RULES: tuple[RouteRule, ...] = (
    RouteRule(r"/(members|invitations)(/.*)?", ProjectRole.OWNER, _MEMBERS),
    # A coder codes, writes memos (on codings, documents and cells) and keeps
    # their own reading of a document (read, position, coding done).
    RouteRule(r"/codings(/.*)?", ProjectRole.CODER, _CODING),
    RouteRule(r"/memos(/.*)?", ProjectRole.CODER, _CODING),
    RouteRule(r"/matrix/cell/memos", ProjectRole.CODER, _CODING),
    RouteRule(
        r"/documents/\{document_id(:int)?\}/"
        r"(codings|annotations|coding-done|read|position|familiarisation-notes)",
        ProjectRole.CODER,
        _CODING,
    ),
    # Everything else in a project shapes the study: its design, documents,
    # codebook, matrix, change models, typologies and agreement rounds.
    RouteRule(
        r"/(study|attributes|cases|participants|questions|answers|typologies|documents|speakers"
        r"|codebook|codes|code-paths|search|matrix|change-models|agreement)(/.*)?",
        ProjectRole.ANALYST,
        "changing the study's design, documents, codebook, matrix or change models",
    ),
)


#: What only some roles may read, first match wins; everything else a viewer may.
READING_RULES: tuple[RouteRule, ...] = (
    RouteRule(r"/invitations(/.*)?", ProjectRole.OWNER, "seeing the project's invitations"),
)


def route_rule(method: str, path: str) -> RouteRule | None:
    """The rule a request to route ``path`` (a template such as
    ``/api/projects/{project_id}/codes/{code_id}``) with ``method`` falls
    under; None for what any member may read, or for a route outside any
    project (logging in, creating a project: any signed-in person may). A
    change to a project path no rule names gets an owner's rule."""
    prefix = _PROJECT_PREFIX.match(path)
    if prefix is None:
        return None
    rest = path[prefix.end() :]
    if method.upper() in READING_METHODS:
        return next((rule for rule in READING_RULES if rule.matches(rest)), None)
    for rule in RULES:
        if rule.matches(rest):
            return rule
    return RouteRule(re.escape(rest), ProjectRole.OWNER, "this change")


def require_route_role(request: Request, project: Project) -> None:
    """Refuse ``request`` unless the acting person's role in ``project`` may make
    it (:func:`route_rule`); nothing is checked for reading or outside a project.

    Raises :class:`~qualframe.errors.PermissionDeniedError` (403)."""
    rule = route_rule(request.method, route_path(request))
    if rule is not None:
        project.require(rule.role, rule.doing)


def least_role(method: str, path: str) -> ProjectRole:
    """The least role that may make a request ``method`` to route ``path`` in a
    project (a viewer for reading)."""
    rule = route_rule(method, path)
    return ProjectRole.VIEWER if rule is None else rule.role


def route_path(request: Request) -> str:
    """The path template of the route ``request`` was matched to (its path
    itself when it matched none)."""
    route = request.scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else request.url.path
