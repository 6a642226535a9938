"""Opening a study: the entry point of the Python API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from qualframe import config
from qualframe.api.facade import Facade, ProjectBinding, use_case
from qualframe.errors import ValidationError
from qualframe.services.accounts import accounts
from qualframe.services.core import access, audit
from qualframe.services.core.access import open_unit
from qualframe.services.core.actor import Actor
from qualframe.services.projects import registry, templates
from qualframe.services.projects.registry import ProjectInfo
from qualframe.storage.database import Database
from qualframe.vocabulary import ProjectRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.api.agreement import AgreementAPI
    from qualframe.api.change_models import ChangeModelAPI
    from qualframe.api.codebook import CodebookAPI
    from qualframe.api.coding import CodingAPI
    from qualframe.api.compare import CompareAPI
    from qualframe.api.documents import DocumentsAPI
    from qualframe.api.matrix import MatrixAPI
    from qualframe.api.members import MembersAPI
    from qualframe.api.memos import MemosAPI
    from qualframe.api.search import SearchAPI
    from qualframe.api.study import StudyAPI
    from qualframe.api.typologies import TypologyAPI

__all__ = ["Project", "ProjectInfo", "create_project", "list_projects", "open_project"]


class Project(Facade):
    """One study in a database, with its operations grouped by area.

    - ``study``: attributes, cases, participants, interview schedule, answers
    - ``documents``: import, participants, speaker turns and mappings
    - ``codebook``: the code tree and its history
    - ``coding``: apply/remove codes, list codings, auto-code
    - ``memos``: typed memos
    - ``search``: full-text search, keyword in context, code all hits
    - ``matrix``: framework matrices, their cells (summaries, quotes, history), coverage
    - ``compare``: code × group comparisons, structured answers, co-occurrence, saturation
    - ``change_models``: change models, their evidence, profiles, CMO chains,
      the evaluation plan and diagrams
    - ``typologies``: typology dimensions and each case's or participant's category
    - ``agreement``: agreement between coders, agreement rounds and their
      disagreements, analysts' cell statuses compared

    - ``members``: the members of the project (a team server's accounts), invitations

    Each call is one transaction, attributed to ``user`` in the audit log;
    ``with project.atomic():`` makes every call in the block one transaction.
    A project opened for an account (``open_project(..., account=LOGIN)``)
    acts under that account's role in it, as on a team server.
    """

    def __init__(
        self,
        database: Database,
        info: ProjectInfo,
        user: str | Actor,
        *,
        binding: ProjectBinding | None = None,
    ) -> None:
        super().__init__(binding or ProjectBinding(database, info.id, user))
        self.database = database
        self.info = info
        self.user = Actor.of(user).name

    @cached_property
    def study(self) -> StudyAPI:
        """Attributes, cases, participants, interview schedule, answers."""
        from qualframe.api.study import StudyAPI

        return StudyAPI(self._binding)

    @cached_property
    def documents(self) -> DocumentsAPI:
        """Import, participants, speaker turns and mappings, text revisions."""
        from qualframe.api.documents import DocumentsAPI

        return DocumentsAPI(self._binding)

    @cached_property
    def codebook(self) -> CodebookAPI:
        """The code tree and its history."""
        from qualframe.api.codebook import CodebookAPI

        return CodebookAPI(self._binding)

    @cached_property
    def coding(self) -> CodingAPI:
        """Apply and remove codes, list codings, auto-code."""
        from qualframe.api.coding import CodingAPI

        return CodingAPI(self._binding)

    @cached_property
    def memos(self) -> MemosAPI:
        """Typed memos."""
        from qualframe.api.memos import MemosAPI

        return MemosAPI(self._binding)

    @cached_property
    def search(self) -> SearchAPI:
        """Full-text search, keyword in context, code all hits."""
        from qualframe.api.search import SearchAPI

        return SearchAPI(self._binding)

    @cached_property
    def matrix(self) -> MatrixAPI:
        """Framework matrices, their cells (summaries, quotes, history), coverage."""
        from qualframe.api.matrix import MatrixAPI

        return MatrixAPI(self._binding)

    @cached_property
    def compare(self) -> CompareAPI:
        """Code × group comparisons, structured answers, co-occurrence, saturation."""
        from qualframe.api.compare import CompareAPI

        return CompareAPI(self._binding)

    @cached_property
    def change_models(self) -> ChangeModelAPI:
        """Change models: nodes, links, evidence, profiles, chains, plan, diagrams."""
        from qualframe.api.change_models import ChangeModelAPI

        return ChangeModelAPI(self._binding)

    @cached_property
    def typologies(self) -> TypologyAPI:
        """Typology dimensions and each case's or participant's category."""
        from qualframe.api.typologies import TypologyAPI

        return TypologyAPI(self._binding)

    @cached_property
    def agreement(self) -> AgreementAPI:
        """Agreement between coders, rounds, disagreements and their resolutions."""
        from qualframe.api.agreement import AgreementAPI

        return AgreementAPI(self._binding)

    @cached_property
    def members(self) -> MembersAPI:
        """The project's members and their roles, invitations."""
        from qualframe.api.members import MembersAPI

        return MembersAPI(self._binding)

    @property
    def name(self) -> str:
        """The project's name."""
        return self.info.name

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run every call made in the block (in this thread) as one transaction.

        Committed when the block ends; an error that leaves the block undoes
        everything it did. Each call inside runs under a savepoint: a call
        that fails is undone alone, so code that catches its error keeps the
        block's other work; a nested ``atomic()`` is a savepoint too, and a
        preview inside the block writes nothing and keeps the block's work.
        """
        with self._binding.atomic():
            yield

    @property
    def role(self) -> ProjectRole | None:
        """The acting account's role in this project (None: an unrestricted local
        operator, acting without an account). Looked up in the unit of work
        calls join now, else in a new one."""
        with self._binding.unit_of_work() as uow:
            return uow.role

    def require(self, role: ProjectRole, doing: str) -> None:
        """Refuse unless the acting account's role includes ``role`` (always
        allowed without an account): raises
        :class:`~qualframe.errors.PermissionDeniedError` saying the role does
        not allow ``doing`` ("changing the codebook"). Writes nothing."""
        with self._binding.unit_of_work() as uow:
            access.require(uow, role, doing)

    def acting_as(self, user: str) -> Project:
        """The same project, with the changes made through it attributed to
        ``user`` (e.g. the labellers of an imported dataset); it joins this
        project's :meth:`atomic` blocks."""
        binding = self._binding.acting_as(user)
        return Project(self.database, self.info, binding.actor, binding=binding)

    apply_template = use_case(templates.apply_template)

    #: The recorded changes (who, when, what) as a DataFrame, one row per change.
    audit_log = use_case(audit.audit_entries, audit.audit_frame)
    #: The recorded changes as :class:`~qualframe.services.core.audit.AuditRecord` records.
    activity = use_case(audit.audit_entries)

    def __repr__(self) -> str:
        return f"<Project {self.info.name!r} in {self.database.dialect}>"


def _database(database: str | Database | None) -> Database:
    if isinstance(database, Database):
        return database
    url = config.resolve("database", database)
    assert url is not None  # the setting has a default
    return Database(url)


def _actor(user: str | None) -> str:
    return user or config.resolve("user") or "analyst"


def _account_actor(database: Database, login: str) -> Actor:
    """The actor of the account ``login``: its display name and id. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown login, and for a
    disabled account the same (it may neither open nor create a project)."""
    with database.transaction() as session:
        found = accounts.find_active_account(session, login)
    return Actor(found.display_name, found.id)


def _acting(
    database: Database, user: str | None, account: str | None, actor: Actor | None = None
) -> Actor:
    """Who acts: ``actor`` when given (a team server's logged-in person), else the
    account ``account``, else the local ``user``."""
    if actor is not None:
        return actor
    if account is not None:
        return _account_actor(database, account)
    return Actor(_actor(user))


def create_project(
    name: str,
    *,
    database: str | Database | None = None,
    user: str | None = None,
    template: str | None = None,
    description: str = "",
    example: str | None = None,
    account: str | None = None,
    actor: Actor | None = None,
) -> Project:
    """Create a project and open it.

    ``database`` is a URL or an open :class:`Database` (default: the
    configured one); ``template`` names a built-in study template (e.g.
    ``"peer-worker-study"``) and ``example`` a shipped example project with
    its data (``"peer-worker"``, ``"nhs-fft"``), either applied in the same
    transaction. ``account`` (a login name) creates it as that account, who
    becomes its owner, and opens it acting as them (``actor``: the same for a
    team server's logged-in person, an ``Actor`` with an account id). Raises
    :class:`~qualframe.errors.ConflictError` if the name is taken,
    :class:`~qualframe.errors.ValidationError` when both are given,
    :class:`~qualframe.errors.NotFoundError` for an unknown account.
    """
    if template is not None and example is not None:
        raise ValidationError("Give a template or an example, not both.")
    db = _database(database)
    actor = _acting(db, user, account, actor)
    if example is not None:
        from qualframe.examples import find_example

        find_example(example)  # an unknown name fails before anything is written
    with db.transaction() as session:
        info = registry.create_project(
            session, name, actor, description, owner_account_id=actor.account_id
        )
        project = Project(db, info, actor)
        with project._binding.adopt(open_unit(session, info.id, actor)):
            if template is not None:
                project.apply_template(template)
            if example is not None:
                from qualframe.examples import build_example

                build_example(project, example)
    return project


def open_project(
    name: str | None = None,
    *,
    database: str | Database | None = None,
    user: str | None = None,
    project_id: int | None = None,
    account: str | None = None,
) -> Project:
    """Open the project called ``name`` (default: the only one in the database),
    or the one with id ``project_id``.

    ``account`` (a login name) opens it as that account, under its role in
    the project (its display name is the one written with every change):
    the Python API then obeys the same rules as a team server.

    Raises :class:`~qualframe.errors.ProjectChoiceError` when the choice is
    unclear or no such project exists (or the account is not a member: the
    same message), :class:`~qualframe.errors.NotFoundError` for an unknown
    account.
    """
    db = _database(database)
    actor = _acting(db, user, account)
    with db.transaction() as session:
        info = _choose(session, project_id, name, actor)
    return Project(db, info, actor)


def _choose(
    session: Session, project_id: int | None, name: str | None, actor: Actor
) -> ProjectInfo:
    """The project with id ``project_id``, else the one called ``name`` (default:
    the configured one, or the only one), among the account's when ``actor``
    has one."""
    if project_id is not None:
        return registry.get_project(session, project_id, account_id=actor.account_id)
    wanted = config.resolve("project", name)
    return registry.choose_project(session, wanted, account_id=actor.account_id)


@contextmanager
def project_transaction(
    database: Database,
    project_id: int | None = None,
    *,
    name: str | None = None,
    user: str | None = None,
    actor: Actor | None = None,
    writes: bool = True,
) -> Iterator[Project]:
    """A project in one transaction for a whole user action (a web request, a
    CLI command): every call made through it, in any thread, joins that one
    unit of work, which commits when the block ends and rolls back as a whole
    on any error that leaves it (each call runs under a savepoint, so an error
    a caller catches undoes only that call).

    The project is the one with id ``project_id``, else the one called
    ``name`` (default: the configured one, or the only one). ``actor`` (a
    team server's logged-in account) acts under its role in the project; else
    the local ``user``, unrestricted. ``writes``: the action may write (on
    SQLite the transaction takes the write lock at once); False for one that
    only reads (a page), which sees one snapshot. Raises
    :class:`~qualframe.errors.ProjectChoiceError` when there is no such
    project (or the account is not a member) or the choice is unclear.
    """
    acting = actor if actor is not None else Actor.of(_actor(user))
    with database.transaction(block=writes, reading=not writes) as session:
        info = _choose(session, project_id, name, acting)
        binding = ProjectBinding.pinned_to(database, open_unit(session, info.id, acting))
        yield Project(database, info, acting, binding=binding)


def list_projects(
    *,
    database: str | Database | None = None,
    account: str | None = None,
    account_id: int | None = None,
) -> list[ProjectInfo]:
    """Every project in the database, by name (with ``account``, a login name, or
    ``account_id``: only the projects that account is a member of)."""
    db = _database(database)
    if account is not None:
        account_id = _account_actor(db, account).account_id
    with db.transaction() as session:
        return registry.list_projects(session, account_id)
